// The codes Sirene uses in the fields Plateau keeps: NAF rév. 2 activity codes
// (labels from @socialgouv/codes-naf), headcount bands (tranches d'effectifs),
// company categories and the administrative state of a legal unit.
import { createRequire } from 'node:module';
import { z } from 'zod';
import { communeKey, geography } from '../geo/index.js';
import { epsgOfCommune, type Position, wgs84Of } from '../geo/positions.js';
import { countryOf } from './country-names.js';
import { matchingName } from './sirene-match.js';

const require = createRequire(import.meta.url);
// The package is CommonJS (a JSON array); read it as such.
const codesNaf = require('@socialgouv/codes-naf') as { id: string; label: string }[];
const nafLabels = new Map(codesNaf.map((c) => [c.id, c.label]));

/** The label of a NAF rév. 2 sub-class (`82.20Z` → « Activités de centres d'appels »), or null when unknown. */
export function nafLabel(code: string): string | null {
  return nafLabels.get(code) ?? null;
}

/**
 * Whether `code` is a NAF rév. 2 sub-class as Sirene writes it (`82.20Z`), one the NAF table holds: not a class
 * (`82.20`), a group or a division, which the table holds too but no establishment has.
 */
export function isNafSubClass(code: string): boolean {
  return /^\d{2}\.\d{2}[A-Z]$/.test(code) && nafLabels.has(code);
}

/** A NAF rév. 2 sub-class code as Sirene writes it (`82.20Z`), one the NAF table holds. */
export const nafCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isNafSubClass, {
    error: (i) => `'${String(i.input)}' is not a NAF rév. 2 sub-class code (such as 82.20Z)`,
  })
  .meta({ description: 'NAF rév. 2 code of the main activity (APE), such as `82.20Z` (« centres d’appels »).' });

/**
 * INSEE's headcount bands (`tranche d'effectifs salariés`), code → range of employees (`max` null: no upper bound;
 * `00`: no employee on 31 December, some during the year). `NN` gives no range (`min` and `max` null): Sirene writes
 * it for a non-employing unit and also when the band's year is older than the current year − 3 (« filled only if the
 * year ≥ current year − 3, else NN », /work/shared/open-data-formats.md §1, §1.6), so it says nothing sure of the
 * headcount: kept as its code, never as 0 employees, and never over a band with a range (`bandGivesRange`). No kept
 * package publishes this table; it is INSEE's own list, as annuaire-entreprises-data-gouv-fr/search-api ships it
 * (`app/labels/tranches-effectifs.json`) and the Sirene documentation describes it.
 */
export const headcountBands = {
  NN: { min: null, max: null },
  '00': { min: 0, max: 0 },
  '01': { min: 1, max: 2 },
  '02': { min: 3, max: 5 },
  '03': { min: 6, max: 9 },
  '11': { min: 10, max: 19 },
  '12': { min: 20, max: 49 },
  '21': { min: 50, max: 99 },
  '22': { min: 100, max: 199 },
  '31': { min: 200, max: 249 },
  '32': { min: 250, max: 499 },
  '41': { min: 500, max: 999 },
  '42': { min: 1000, max: 1999 },
  '51': { min: 2000, max: 4999 },
  '52': { min: 5000, max: 9999 },
  '53': { min: 10000, max: null },
} as const satisfies Record<string, { min: number | null; max: number | null }>;

/** Whether `code` is a band of the table with a range of employees (`12`: 20 to 49), not `NN`, empty or unknown. */
export function bandGivesRange(code: string | null | undefined): boolean {
  return code != null && (headcountBands as Record<string, { min: number | null }>)[code]?.min != null;
}

export type HeadcountBand = keyof typeof headcountBands;

/**
 * A band's range in French (`21` → « 50 à 99 salariés »; `NN`, no range: « unité non employeuse ou tranche non
 * publiée »), or null for a code that is none.
 */
export function bandLabel(code: string): string | null {
  const band = (headcountBands as Record<string, { min: number | null; max: number | null }>)[code];
  if (!band) return null;
  if (band.min === null) return 'unité non employeuse ou tranche non publiée';
  if (band.max === 0) return '0 salarié';
  const n = (v: number) => v.toLocaleString('fr-FR');
  return band.max === null ? `${n(band.min)} salariés et plus` : `${n(band.min)} à ${n(band.max)} salariés`;
}
export const headcountBandCodes = Object.keys(headcountBands) as [HeadcountBand, ...HeadcountBand[]];

/** The catégorie d'entreprise of a legal unit (PME, ETI, GE: small and medium, intermediate, large). */
export const companyCategories = ['PME', 'ETI', 'GE'] as const;

/** The administrative state of a legal unit: `active` (Sirene's `A`) or `ceased` (`C`). */
export const administrativeStatuses = ['active', 'ceased'] as const;

/**
 * How precise a position is: `exact` (the address), `approximate` (a poor geocoding, or the commune's centre), or
 * `unstated` (no source states it: a Sirene stock's Lambert coordinates, which come without the geolocation file's
 * `qualite_xy`; never guessed).
 */
export const coordinatePrecisions = ['exact', 'approximate', 'unstated'] as const;
/** One of `coordinatePrecisions`. */
export type CoordinatePrecision = (typeof coordinatePrecisions)[number];

/**
 * The `qualite_xy` codes of the Sirene geolocation file that place a point at its address (the codes the files carry
 * beside 33: ../shared/open-data-formats.md § 1 and § 5.2, « ≠ 33 is address grade »).
 */
const addressGradeQualites = new Set(['11', '12', '21', '22']);

/**
 * The precision a geolocation row's `qualite_xy` states: 33, the worst (« somewhere in the commune », the rows the
 * State's pipeline drops), `approximate`; an address-grade code (11, 12, 21, 22) `exact`; any other value, empty or
 * masked, states none: `unstated` (never guessed « exact »).
 */
export function precisionOfQualiteXy(code: string | null | undefined): CoordinatePrecision {
  if (code === '33') return 'approximate';
  return code && addressGradeQualites.has(code) ? 'exact' : 'unstated';
}

/** The id every source of a Sirene stock edition begins with (`insee-sirene-stock-2026-06`, open-data/sirene/source.ts). */
export const sireneStockSourcePrefix = 'insee-sirene-stock-';

const asWritten = (value: unknown): string => String(value);

/**
 * A record as its quote gives it (citations/records.ts reads it): each column's values, `col=« value »` pairs, and
 * the record's identifier under its word (`SIRET 81234567600017` as `SIRET`).
 */
export type QuotedRecord = ReadonlyMap<string, readonly string[]>;

/**
 * Where a field of an entry stands in a record of a data set whose quotes are records (a Sirene stock, the Sirene
 * geolocation file, the practitioners' list): its columns (the first names it in a report: `code_postal` is
 * `codePostalEtablissement`; a site's name is its enseigne, else its usual name, else its legal unit's name) and, for
 * a field whose value a record states, how the entry's value is written there (`written`: the value as the column
 * writes it, `open` as `A`; null for a value no record writes). A field worked out of several cells (an address, a
 * position, a country, a closure's « as of ») says how its record's cells make it (`made`). A field read otherwise for
 * some entries (a practitioner's name, a firm's) says which field it is for an entry (`forEntry`).
 */
export interface RecordField {
  columns: readonly [string, ...string[]];
  written?: (value: unknown) => string | null;
  /** The record's identifier, which its quote begins with in words (`SIRET 81234567600017`), not as a pair. */
  identifies?: string;
  /** The values a record's cells make for a field worked out of several (an address, a position); none when none. */
  made?: (record: QuotedRecord) => readonly string[];
  /** Whether a value the record states is the entry's (default: the same text, Unicode NFC, spaces around aside). */
  same?: (stated: string, wanted: string) => boolean;
  /**
   * The field as it stands for `entry` (the entry as the write leaves it), when it is read from other cells for some
   * entries (a practitioner's name from `prenom nom`, a firm's from its `structure`); itself when undefined.
   */
  forEntry?: (entry: Readonly<Record<string, unknown>>) => RecordField | undefined;
}

/** A record's first value of `column`, or null. */
export const cellOf = (record: QuotedRecord, column: string): string | null => record.get(column)?.[0] ?? null;

/**
 * The street address of an establishment's cells: number (« 1-3 » for a range), repetition index, type and name of
 * the street, complement (« 12 B RUE DE LA PAIX, BATIMENT C »); null when they give none. The Sirene import's address
 * (open-data/sirene/map.ts) and the rule of its quotes read it.
 */
export function sireneAddress(cell: (column: string) => string | null | undefined): string | null {
  const number = [cell('numeroVoieEtablissement'), cell('dernierNumeroVoieEtablissement')].filter(Boolean).join('-');
  const repetition = cell('indiceRepetitionEtablissement');
  const street = [
    number + (repetition ? ` ${repetition}` : ''),
    cell('typeVoieEtablissement'),
    cell('libelleVoieEtablissement'),
  ]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ');
  const parts = [street, cell('complementAdresseEtablissement')?.trim()].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** A decimal number as INSEE writes coordinates (`652345.12`, `-61.5`), or null. */
const decimal = (cell: string | null): number | null =>
  cell !== null && /^-?\d+(?:\.\d+)?$/.test(cell) ? Number(cell) : null;

/** Two coordinates in degrees are one within a millionth of a degree (about 10 cm, the import's rounding). */
const sameDegrees = (stated: string, wanted: string) => Math.abs(Number(stated) - Number(wanted)) <= 1e-6;

/**
 * The WGS84 position an establishment's record gives: the geolocation file's `x`, `y` in its row's `epsg`, else its
 * `y_latitude`, `x_longitude`; a stock's `coordonneeLambert…Etablissement` in the projection of its commune's territory
 * (`epsgOfCommune` of `codeCommuneEtablissement`). Null when its cells give none.
 */
function positionOf(record: QuotedRecord): Position | null {
  const cell = (column: string) => decimal(cellOf(record, column));
  const [x, y, epsg] = [cell('x'), cell('y'), cell('epsg')];
  if (x !== null && y !== null && epsg !== null) return wgs84Of(x, y, epsg);
  const [latitude, longitude] = [cell('y_latitude'), cell('x_longitude')];
  if (latitude !== null && longitude !== null) return { latitude, longitude };
  const [east, north] = [
    cell('coordonneeLambertAbscisseEtablissement'),
    cell('coordonneeLambertOrdonneeEtablissement'),
  ];
  const code = cellOf(record, 'codeCommuneEtablissement');
  // A territory without one projection (French Polynesia: `epsgOfCommune`) gives no position from these columns.
  const territoryEpsg = code === null ? null : epsgOfCommune(code);
  return east !== null && north !== null && territoryEpsg !== null ? wgs84Of(east, north, territoryEpsg) : null;
}

/** A coordinate of the position a record gives (`positionOf`), as a field of it. */
const coordinate = (axis: keyof Position, columns: readonly [string, ...string[]]): RecordField => ({
  columns,
  written: asWritten,
  made: (record) => {
    const position = positionOf(record);
    return position ? [String(position[axis])] : [];
  },
  same: sameDegrees,
});

/** A field of a code that Sirene writes as another code (`etatAdministratif…` `A` for `open`). */
const coded =
  (codes: Record<string, string>) =>
  (value: unknown): string | null =>
    codes[String(value)] ?? null;

/**
 * The name INSEE gives a legal unit and the columns it is read from: its `denominationUniteLegale` (a legal person),
 * else a natural person's (a sole trader, catégorie juridique 1000, whose denomination INSEE leaves empty): the usual
 * first name, else the first one, then the name of use, else the birth name (« MARIE DURAND »). Null when the cells
 * name no one. The Sirene import (open-data/sirene/map.ts) and the rule of its quotes read it.
 */
export function legalUnitNameOf(
  cell: (column: string) => string | null | undefined,
): { name: string; columns: string[] } | null {
  const denomination = cell('denominationUniteLegale');
  if (denomination) return { name: denomination, columns: ['denominationUniteLegale'] };
  const first = cell('prenomUsuelUniteLegale') ? 'prenomUsuelUniteLegale' : 'prenom1UniteLegale';
  const last = cell('nomUsageUniteLegale') ? 'nomUsageUniteLegale' : 'nomUniteLegale';
  if (!cell(last)) return null;
  const columns = [first, last].filter((column) => cell(column));
  return { name: columns.map((column) => cell(column)).join(' '), columns };
}

/** The columns a legal unit's name is read from (`legalUnitNameOf`). */
const legalUnitNameColumns = [
  'denominationUniteLegale',
  'nomUniteLegale',
  'nomUsageUniteLegale',
  'prenom1UniteLegale',
  'prenomUsuelUniteLegale',
] as const;

/** A name field's values in a record: the cells of `own` columns, and its legal unit's name (`legalUnitNameOf`). */
const namesOf =
  (own: readonly string[]) =>
  (record: QuotedRecord): string[] => [
    ...own.flatMap((column) => record.get(column) ?? []),
    ...[legalUnitNameOf((column) => cellOf(record, column))?.name ?? []].flat(),
  ];

/** A date the record's `dateDebut` gives only when its `state` column says `closed` (`F`, `C`): the closure's. */
const sinceClosed =
  (state: string, closed: string) =>
  (record: QuotedRecord): string[] =>
    cellOf(record, state) === closed ? [...(record.get('dateDebut') ?? [])] : [];

/** Two names are one as the Sirene import matches them (`matchingName`: case, accents, punctuation, legal forms). */
const sameName = (stated: string, wanted: string) => matchingName(stated) === matchingName(wanted);

/** Two streets or communes are one written in any case, accents, punctuation aside (`communeKey`). */
const sameWords = (stated: string, wanted: string) => communeKey(stated).key === communeKey(wanted).key;

/**
 * The commune an establishment's record names: its `libelleCommuneEtablissement`, the name of the commune (or
 * municipal arrondissement) of its `codeCommuneEtablissement` as the directory's geography writes it, or abroad
 * its `libelleCommuneEtrangerEtablissement`, the commune the Sirene import writes.
 */
function communesOf(record: QuotedRecord): string[] {
  const code = cellOf(record, 'codeCommuneEtablissement');
  const place = code ? geography().placeOfCode(code) : null;
  return [
    ...(record.get('libelleCommuneEtablissement') ?? []),
    ...(place ? [place.commune.name, ...(place.arrondissement ? [place.arrondissement.name] : [])] : []),
    ...(record.get('libelleCommuneEtrangerEtablissement') ?? []),
  ];
}

/**
 * The country an establishment's record gives, as the Sirene import derives it (open-data/sirene/map.ts
 * `establishmentFacts`): abroad (a `codePaysEtrangerEtablissement` or `libellePaysEtrangerEtablissement`), the ISO code
 * of its country's label (`countryOf`; none when the label tells no one country, or only the COG code is quoted,
 * which no package maps to ISO's); in France (a commune's code, name or postal code, no foreign country), `FR`. None
 * when its quote names no place.
 */
function countryOfRecord(record: QuotedRecord): string[] {
  const label = cellOf(record, 'libellePaysEtrangerEtablissement');
  if (label !== null || cellOf(record, 'codePaysEtrangerEtablissement') !== null) {
    return [label === null ? [] : (countryOf(label) ?? [])].flat();
  }
  const french = ['codeCommuneEtablissement', 'libelleCommuneEtablissement', 'codePostalEtablissement'];
  return french.some((column) => cellOf(record, column) !== null) ? ['FR'] : [];
}

/**
 * A closure's « as of » as the Sirene import derives it: a closed establishment (`F`) whose record gives no `dateDebut`
 * is closed as of its last treatment (`dateDernierTraitementEtablissement`, its day); any other record states none.
 */
function closedAsOf(record: QuotedRecord): string[] {
  const treated = cellOf(record, 'dateDernierTraitementEtablissement');
  const closedUndated =
    cellOf(record, 'etatAdministratifEtablissement') === 'F' && cellOf(record, 'dateDebut') === null;
  return closedUndated && treated !== null ? [treated.slice(0, 10)] : [];
}

/**
 * The Sirene columns each field of a site (StockEtablissement) or an operator (StockUniteLegale) comes from, as the
 * Sirene import reads them (open-data/sirene/map.ts) and names the columns of a refused row: declared once, read by
 * the rule that a citation of a stock states what it supports (citations/records.ts).
 */
export const sireneRecordFields: { sites: Record<string, RecordField>; operators: Record<string, RecordField> } = {
  sites: {
    siret: { columns: ['siret'], written: asWritten, identifies: 'SIRET' },
    name: {
      columns: ['enseigne1Etablissement', 'denominationUsuelleEtablissement', ...legalUnitNameColumns],
      written: asWritten,
      made: namesOf(['enseigne1Etablissement', 'denominationUsuelleEtablissement']),
      same: sameName,
    },
    naf_code: { columns: ['activitePrincipaleEtablissement'], written: asWritten },
    tranche_effectifs: { columns: ['trancheEffectifsEtablissement'], written: asWritten },
    annee_effectifs: { columns: ['anneeEffectifsEtablissement'], written: asWritten },
    status: { columns: ['etatAdministratifEtablissement'], written: coded({ open: 'A', closed: 'F' }) },
    opened_on: { columns: ['dateCreationEtablissement'], written: asWritten },
    closed_on: {
      columns: ['dateDebut', 'etatAdministratifEtablissement'],
      written: asWritten,
      made: sinceClosed('etatAdministratifEtablissement', 'F'),
    },
    status_as_of: {
      columns: ['dateDernierTraitementEtablissement', 'etatAdministratifEtablissement', 'dateDebut'],
      written: asWritten,
      made: closedAsOf,
    },
    address: {
      columns: [
        'libelleVoieEtablissement',
        'numeroVoieEtablissement',
        'dernierNumeroVoieEtablissement',
        'indiceRepetitionEtablissement',
        'typeVoieEtablissement',
        'complementAdresseEtablissement',
      ],
      written: asWritten,
      made: (record) => [sireneAddress((column) => cellOf(record, column)) ?? []].flat(),
      same: sameWords,
    },
    commune: {
      columns: ['codeCommuneEtablissement', 'libelleCommuneEtablissement', 'libelleCommuneEtrangerEtablissement'],
      written: asWritten,
      made: communesOf,
      same: sameWords,
    },
    code_commune: { columns: ['codeCommuneEtablissement'], written: asWritten },
    code_postal: { columns: ['codePostalEtablissement'], written: asWritten },
    country: {
      columns: [
        'libellePaysEtrangerEtablissement',
        'codePaysEtrangerEtablissement',
        'codeCommuneEtablissement',
        'libelleCommuneEtablissement',
        'codePostalEtablissement',
      ],
      written: asWritten,
      made: countryOfRecord,
    },
    latitude: coordinate('latitude', [
      'coordonneeLambertOrdonneeEtablissement',
      'coordonneeLambertAbscisseEtablissement',
      'codeCommuneEtablissement',
    ]),
    longitude: coordinate('longitude', [
      'coordonneeLambertAbscisseEtablissement',
      'coordonneeLambertOrdonneeEtablissement',
      'codeCommuneEtablissement',
    ]),
  },
  operators: {
    siren: { columns: ['siren'], written: asWritten, identifies: 'SIREN' },
    name: { columns: legalUnitNameColumns, written: asWritten, made: namesOf([]), same: sameName },
    sigle: { columns: ['sigleUniteLegale'], written: asWritten },
    legal_category: { columns: ['categorieJuridiqueUniteLegale'], written: asWritten },
    categorie_entreprise: { columns: ['categorieEntreprise'], written: asWritten },
    administrative_status: { columns: ['etatAdministratifUniteLegale'], written: coded({ active: 'A', ceased: 'C' }) },
    ceased_on: {
      columns: ['dateDebut', 'etatAdministratifUniteLegale'],
      written: asWritten,
      made: sinceClosed('etatAdministratifUniteLegale', 'C'),
    },
  },
};

/** The id every source of a Sirene geolocation edition begins with (`insee-sirene-geolocalisation-2026-06`). */
export const sireneGeolocationSourcePrefix = 'insee-sirene-geolocalisation-';

/**
 * The columns of the Sirene geolocation file (`GeolocalisationEtablissement_Sirene_pour_etudes_statistiques`) each
 * field of a site comes from, as the Sirene import reads them (open-data/sirene/import.ts `geolocated`): its SIRET,
 * its position (`x`, `y` in the row's `epsg`, else `y_latitude`, `x_longitude`) and how precise it is (`qualite_xy`,
 * `precisionOfQualiteXy`). Read by the rule of record quotes.
 */
export const sireneGeolocationFields: { sites: Record<string, RecordField> } = {
  sites: {
    siret: { columns: ['siret'], written: asWritten, identifies: 'SIRET' },
    latitude: coordinate('latitude', ['y', 'x', 'epsg', 'y_latitude']),
    longitude: coordinate('longitude', ['x', 'y', 'epsg', 'x_longitude']),
    coordinates_precision: {
      columns: ['qualite_xy'],
      written: asWritten,
      made: (record) => [precisionOfQualiteXy(cellOf(record, 'qualite_xy'))],
    },
  },
};
