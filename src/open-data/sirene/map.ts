// What Plateau takes from one Sirene row: an establishment as a site's fields,
// a legal unit as an operator's, each with the raw values it rests on (the
// citation's quote). Masked rows are left out before; nothing here guesses.
import { createRequire } from 'node:module';
// The library alone: its main module also loads all of its 80 locales, only French and English are used.
import countries from 'i18n-iso-countries/index.js';
import type { Country } from 'world-countries';
import {
  headcountBands,
  legalUnitNameOf,
  nafLabel,
  type RecordField,
  sireneAddress,
  sireneRecordFields,
} from '../../domain/sirene-codes.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
/** world-countries' data (ODbL 1.0, mledoze/countries): its French and English names only. */
const worldCountries: Country[] = require('world-countries/countries.json');

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

/** Words a country's name may have or lack in one spelling and not another (« CONGO (REPUBLIQUE DU) »). */
const linkWords = new Set(['D', 'DE', 'DES', 'DU', 'L', 'LA', 'LE', 'LES', 'ET', 'ILE', 'ILES']);

/**
 * The significant words of a country's name, accents, case, punctuation and link words folded away:
 * « Côte-d'Ivoire » and « COTE D'IVOIRE » are `COTE IVOIRE`; order is not kept (INSEE writes
 * « CONGO (REPUBLIQUE DEMOCRATIQUE) » for « République démocratique du Congo »).
 */
function countryWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== '' && !linkWords.has(w));
}

type CountryNames = { code: string; words: Set<string> }[];
let countryNames: { french: CountryNames; english: CountryNames } | null = null;
/**
 * The names of each ISO 3166-1 country: in French, i18n-iso-countries' names and aliases, CLDR's (Node's Intl) and
 * world-countries' official and common names (« République de Corée », « Congo »: INSEE's labels follow ISO 3166's
 * French short names, « COREE (REPUBLIQUE DE) », « CONGO », which the first two lack); in English, world-countries'
 * common and official names (INSEE writes « IRAQ » where every French name says « Irak »).
 */
function namesOfCountries() {
  if (countryNames) return countryNames;
  const cldr = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });
  const names = countries.getNames('fr', { select: 'all' });
  const of = (code: string, spellings: string[]) =>
    [...new Set(spellings)].filter(Boolean).map((name) => ({ code, words: new Set(countryWords(name)) }));
  const known = worldCountries.filter((country) => country.cca2 in names);
  countryNames = {
    french: Object.entries(names).flatMap(([code, spellings]) => {
      const french = known.find((country) => country.cca2 === code)?.translations.fra;
      return of(code, [...spellings, cldr.of(code) ?? '', french?.official ?? '', french?.common ?? '']);
    }),
    english: known.flatMap((country) => of(country.cca2, [country.name.common, country.name.official])),
  };
  return countryNames;
}

/**
 * The countries whose names fit `words`: those with a name of the same words, else those with a name holding all
 * of them, else (`holding`) those with a name whose words it all holds. A set of one is the country.
 */
function countriesOfWords(words: string[], names: CountryNames, holding: boolean): Set<string> {
  const same = new Set<string>();
  const within = new Set<string>();
  const held = new Set<string>();
  for (const { code, words: of } of names) {
    if (holding && [...of].every((w) => words.includes(w))) held.add(code);
    if (!words.every((w) => of.has(w))) continue;
    within.add(code);
    if (of.size === words.length) same.add(code);
  }
  return same.size ? same : within.size ? within : held;
}

/**
 * A word without the endings of French gender and number (-e, -s, -es), which spellings of one name differ by
 * (INSEE's « CAIMANES », « Caïmans » of ISO's and CLDR's French names): « CAIMAN ». Kept whole when that would leave
 * fewer than four letters (« ILE », « USA »).
 */
function stem(word: string): string {
  const bare = word.replace(/E?S$|E$/, '');
  return bare.length >= 4 ? bare : word;
}

let countryStems: CountryNames | null = null;
/**
 * Each country's words in all its names at once, French and English, stemmed (`stem`): a label may spell one word
 * as a French name does and another as an English one (INSEE's « TURKS ET CAIQUES »: « Turks » of « Turks and Caicos
 * Islands », « Caïques » of « Îles Turques-et-Caïques »).
 */
function stemsOfCountries(): CountryNames {
  if (countryStems) return countryStems;
  const { french, english } = namesOfCountries();
  const byCode = new Map<string, Set<string>>();
  for (const { code, words } of [...french, ...english]) {
    const all = byCode.get(code) ?? new Set<string>();
    for (const w of words) all.add(stem(w));
    byCode.set(code, all);
  }
  countryStems = [...byCode].map(([code, words]) => ({ code, words }));
  return countryStems;
}

/**
 * The one country a name tells: French names first; English ones, same words only, when no French name fits; and
 * when neither fits, the one country whose names, French and English together, hold all its words once their French
 * endings are folded (`stem`, `stemsOfCountries`: « CAIMANES (ILES) », « TURKS ET CAIQUES (ILES) »).
 */
function countryOfName(name: string): string | undefined {
  const words = countryWords(name);
  if (words.length === 0) return undefined;
  const { french, english } = namesOfCountries();
  let codes = countriesOfWords(words, french, true);
  if (codes.size === 0) codes = countriesOfWords(words, english, false);
  if (codes.size === 0) codes = countriesOfWords(words.map(stem), stemsOfCountries(), false);
  return codes.size === 1 ? [...codes][0] : undefined;
}

/**
 * The ISO 3166-1 alpha-2 code of a foreign country as Sirene's stock names it (`libellePaysEtrangerEtablissement`:
 * INSEE's COG label in capitals without accents, `ALGERIE`, `ETATS-UNIS`, `CONGO`, `COREE (REPUBLIQUE DE)`,
 * `CONGO (REPUBLIQUE DEMOCRATIQUE)`, `PALAOS (ILES)`), from the French names of i18n-iso-countries (names and
 * aliases), of CLDR (Node's Intl.DisplayNames) and of world-countries (official and common), compared word by word
 * with accents, case, punctuation, link words (de, du, la…, and « île(s) », which one spelling has and another
 * lacks) and word order folded (`countryWords`: a parenthesised qualifier, « (REPUBLIQUE DE) », is words like the
 * others): the one country a name has the same words as, else the one country whose name holds all its words
 * (`ETATS UNIS` in « États-Unis d'Amérique »), else the one whose name's words it all holds (`SAMOA OCCIDENTALES`:
 * « Samoa »); a label no French name fits at all, by the same words of an English name (`IRAQ`), else by the words of
 * all its names at once with French endings folded (`CAIMANES (ILES)` KY, `TURKS ET CAIQUES (ILES)` TC). A label of two
 * names (`IRLANDE, ou EIRE`, `MALOUINES, OU FALKLAND (ILES)`) is each name alone: the names told must tell one
 * country. Undefined when none or several match (`COREE`, the Korea of before 1945; `CAMEROUN ET TOGO`): never
 * guessed. No package kept maps
 * INSEE's own country codes (COG 99xxx, `codePaysEtrangerEtablissement`) to ISO's: the label tells the country.
 */
export function countryOf(name: string): string | undefined {
  const told = new Set<string>();
  for (const part of name.split(/,?\s+ou\s+/i)) {
    const code = countryOfName(part);
    if (code) told.add(code);
  }
  return told.size === 1 ? [...told][0] : undefined;
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
