// What Plateau takes from one Sirene row: an establishment as a site's fields,
// a legal unit as an operator's, each with the raw values it rests on (the
// citation's quote). Masked rows are left out before; nothing here guesses.
import { countryOf } from '../../domain/country-names.js';
import {
  headcountBands,
  legalUnitNameOf,
  nafLabel,
  type RecordField,
  sireneAddress,
  sireneRecordFields,
} from '../../domain/sirene-codes.js';

type Values = Record<string, string | null>;

/**
 * Whether a row may be shown: not partially diffusible (`P`) in any of `statusColumns` it has (an establishment's
 * own, and its legal unit's when the file carries it). A value masked (`[ND]`) in a row said diffusible is an error
 * of its cell (`check.ts`), not a status.
 */
export function isDiffusible(values: Values, ...statusColumns: string[]): boolean {
  return !statusColumns.some((c) => values[c] === 'P');
}

/** The columns a fact rests on and their raw values, as the citation quotes them. */
export type Cited = [column: string, value: string][];

/** The quote of a record: its identifier and the raw values of the columns cited (`col=« value »`). */
export function quoteOf(identifier: string, cited: Cited): string {
  return [identifier, ...cited.map(([column, value]) => `${column}=« ${value} »`)].join(' ; ');
}

/** A site's fields from an establishment (the API's field names), and what they rest on. */
export interface EstablishmentFacts {
  siret: string;
  siren: string;
  /** The name the public knows it by (enseigne, or usual name); null when Sirene gives none. */
  ownName: string | null;
  /**
   * Its position in its territory's legal projection (format 3.11 and later), as written, when the stock gives it:
   * checked where it is used (`projectedPosition`).
   */
  lambert: { x: string; y: string } | null;
  fields: Record<string, unknown>;
  cited: Cited;
}

/** A legal unit's fields as an operator's, and what they rest on. */
export interface LegalUnitFacts {
  siren: string;
  fields: Record<string, unknown>;
  cited: Cited;
}

/** Cells that are set, with their columns, in the order given (the quote lists them so). */
function citedOf(values: Values, columns: readonly string[]): Cited {
  return columns.flatMap((c) => (values[c] ? [[c, values[c]] as [string, string]] : []));
}

const establishmentCited = [
  'enseigne1Etablissement',
  'denominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
  'etatAdministratifEtablissement',
  'dateDebut',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'anneeEffectifsEtablissement',
  'numeroVoieEtablissement',
  'dernierNumeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'complementAdresseEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'codeCommuneEtablissement',
  'libelleCommuneEtrangerEtablissement',
  'codePaysEtrangerEtablissement',
  'libellePaysEtrangerEtablissement',
  'coordonneeLambertAbscisseEtablissement',
  'coordonneeLambertOrdonneeEtablissement',
] as const;

/**
 * A site's fields from an establishment row: SIRET, NAF code, état administratif (`A` open, `F` closed since
 * `dateDebut`), creation date, headcount band and its year, and its place (a French commune by its INSEE code, or
 * a foreign city with its country). Throws nothing: a foreign country no ISO name matches is left to the site's
 * rules, which refuse it.
 */
export function establishmentFacts(v: Values): EstablishmentFacts {
  const foreign = Boolean(v.codePaysEtrangerEtablissement || v.libellePaysEtrangerEtablissement);
  const band = v.trancheEffectifsEtablissement;
  const closed = v.etatAdministratifEtablissement === 'F';
  const naf = v.activitePrincipaleEtablissement;
  const fields: Record<string, unknown> = {
    siret: v.siret,
    naf_code: naf && nafLabel(naf) ? naf : null,
    tranche_effectifs: band && band in headcountBands ? band : null,
    annee_effectifs:
      band && band in headcountBands && v.anneeEffectifsEtablissement ? Number(v.anneeEffectifsEtablissement) : null,
    status: closed ? 'closed' : v.etatAdministratifEtablissement === 'A' ? 'open' : null,
    opened_on: v.dateCreationEtablissement,
    closed_on: closed ? v.dateDebut : null,
    // Closed since a date Sirene does not give: closed all the same, as of the row's last treatment (unknown = null).
    ...(closed && !v.dateDebut ? { status_as_of: v.dateDernierTraitementEtablissement?.slice(0, 10) ?? null } : {}),
    address: sireneAddress((column) => v[column]),
    ...(foreign
      ? {
          // A country no name matches is an error of its row (check.ts): never the label stored as a code.
          country: countryOf(v.libellePaysEtrangerEtablissement ?? '') ?? null,
          commune: v.libelleCommuneEtrangerEtablissement,
          code_commune: null,
          code_postal: null,
        }
      : { country: 'FR', code_commune: v.codeCommuneEtablissement, code_postal: v.codePostalEtablissement }),
  };
  return {
    siret: v.siret!,
    siren: v.siren!,
    ownName: v.enseigne1Etablissement ?? v.denominationUsuelleEtablissement ?? null,
    lambert:
      v.coordonneeLambertAbscisseEtablissement && v.coordonneeLambertOrdonneeEtablissement
        ? { x: v.coordonneeLambertAbscisseEtablissement, y: v.coordonneeLambertOrdonneeEtablissement }
        : null,
    fields,
    // Every value the fields take is quoted: a closure's « as of » its last treatment quotes that treatment.
    cited: citedOf(
      v,
      'status_as_of' in fields ? [...establishmentCited, 'dateDernierTraitementEtablissement'] : establishmentCited,
    ),
  };
}

const legalUnitCited = [
  'denominationUniteLegale',
  'sigleUniteLegale',
  'categorieJuridiqueUniteLegale',
  'categorieEntreprise',
  'etatAdministratifUniteLegale',
  'dateDebut',
] as const;

/**
 * The Sirene column each field of a site or operator comes from (domain/sirene-codes.ts `sireneRecordFields`, its
 * first): a row the entry's rules refuse is reported by the file's columns, not by the API's fields (`code_postal`
 * is `codePostalEtablissement`).
 */
export const fieldColumns = {
  sites: firstColumns(sireneRecordFields.sites),
  operators: firstColumns(sireneRecordFields.operators),
};

function firstColumns(fields: Record<string, RecordField>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, f]) => [field, f.columns[0]]));
}

/** A legal unit's name (`legalUnitNameOf`: its denomination, else a natural person's) and the cells quoted for it. */
export function legalUnitName(v: Values): { name: string; cited: Cited } | null {
  const named = legalUnitNameOf((column) => v[column]);
  return named && { name: named.name, cited: citedOf(v, named.columns) };
}

/** An operator's fields from a legal unit row: SIREN, name, sigle, catégorie juridique and d'entreprise, state. */
export function legalUnitFacts(v: Values): LegalUnitFacts {
  const ceased = v.etatAdministratifUniteLegale === 'C';
  const category = v.categorieEntreprise;
  const named = legalUnitName(v);
  return {
    siren: v.siren!,
    fields: {
      siren: v.siren,
      name: named?.name ?? null,
      sigle: v.sigleUniteLegale,
      legal_category: v.categorieJuridiqueUniteLegale,
      categorie_entreprise: category === 'PME' || category === 'ETI' || category === 'GE' ? category : null,
      administrative_status: ceased ? 'ceased' : v.etatAdministratifUniteLegale === 'A' ? 'active' : null,
      ceased_on: ceased ? v.dateDebut : null,
    },
    // A natural person's name quotes the cells it is made of (a legal person's, its denomination, is among these).
    cited: [...citedOf(v, legalUnitCited), ...(v.denominationUniteLegale ? [] : (named?.cited ?? []))],
  };
}
