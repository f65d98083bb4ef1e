// The rule of quotes of a public data set whose quotes are records, declared once for every such data set
// (`recordDataSets`): a Sirene stock's and the Sirene geolocation file's citations quote the record's cells as
// `column=« value »` pairs after its identifier (open-data/sirene/map.ts `quoteOf`), the commune centres' (GeoNames)
// the centre as `GeoNames <id> « <name> » : code INSEE <code> ; latitude <lat> ; longitude <lon>`, the
// practitioners' list's the row's cells joined by ` ; ` (open-data/practitioners/import.ts). A citation of such a
// data set supports a field only if its record states the entry's value (`recordFaults`); a record of an identified
// thing (a SIRET, a SIREN) is that thing's only; a record the directory holds (the commune centres, a BODACC notice)
// or stored (an earlier quote of the same stock edition) is not contradicted. One rule for every write
// (writes/envelope.ts, writes/kind-writes.ts) and the rows `npm run import` checks.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { FieldError } from '../domain/errors.js';
import { firmNameOf, practitionerNameOf, quotedRow } from '../domain/practitioners-row.js';
import { kindNamedIn } from '../domain/proceeding-words.js';
import {
  type QuotedRecord,
  type RecordField,
  sireneGeolocationFields,
  sireneGeolocationSourcePrefix,
  sireneRecordFields,
  sireneStockSourcePrefix,
} from '../domain/sirene-codes.js';
import { isMasked, masked, maskedMessage } from '../domain/text.js';
import { readingSourcePrefix } from '../domain/vocabulary.js';
import { geography } from '../geo/index.js';
import { communeCentres, communeCentresSourceId } from '../geo/positions.js';
import { foundVerbatim } from './verbatim.js';

/** Text as a record's value and an entry's are compared: Unicode NFC, spaces around left out. */
const comparable = (text: string) => text.normalize('NFC').trim();

/** The values a record's quote gives `column` (`col=« value »`, pairs joined by ` ; `), as written. */
function quotedValues(quote: string, column: string): string[] {
  const values: string[] = [];
  const opening = `${column}=« `;
  for (let at = quote.indexOf(opening); at !== -1; at = quote.indexOf(opening, at + 1)) {
    if (at > 0 && !quote.slice(0, at).endsWith(' ; ')) continue;
    const start = at + opening.length;
    // The value ends at the first « » » that ends the pair (the quote's end or the next pair).
    for (let end = quote.indexOf(' »', start); end !== -1; end = quote.indexOf(' »', end + 1)) {
      const after = end + 2;
      if (after === quote.length || quote.startsWith(' ; ', after)) {
        values.push(quote.slice(start, end));
        break;
      }
    }
  }
  return values;
}

/** The pairs of a record's quote (`col=« value »`), by column: every value it gives each. */
function quotedPairs(quote: string): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  for (const match of quote.matchAll(/(?:^| ; )([A-Za-z0-9_]+)=« /g)) {
    const column = match[1]!;
    if (!pairs.has(column)) pairs.set(column, quotedValues(quote, column));
  }
  return pairs;
}

/** The identifier a quote of pairs begins with (`SIRET 81234567600017`), as written; null when none. */
const identifierOf = (quote: string) => /^(SIRET|SIREN) \S+?(?= ; |$)/.exec(quote)?.[0] ?? null;

/** A quote of pairs as a record: its pairs, and the identifier it begins with (`SIRET 81234567600017`) under its word. */
function pairRecord(quote: string): Map<string, string[]> {
  const record = quotedPairs(quote);
  const identifier = /^(SIRET|SIREN) (\S+?)(?: ; |$)/.exec(quote);
  if (identifier) record.set(identifier[1]!, [identifier[2]!]);
  return record;
}

/** A row of the practitioners' list its quote gives, each column with the cells it can be (`quotedRow`). */
const listRecord = (quote: string): QuotedRecord => quotedRow(quote, isMasked);

/** A commune centre's quote (`GeoNames 2988507 « Paris » : code INSEE 75056 ; latitude 48.85341 ; longitude 2.3488`). */
const centreQuote =
  /^GeoNames (\d+) « (.+) » : code INSEE (\w+) ; latitude (-?\d+(?:\.\d+)?) ; longitude (-?\d+(?:\.\d+)?)$/;

function centreRecord(quote: string): QuotedRecord {
  const m = centreQuote.exec(quote);
  if (!m) return new Map();
  const [, geonameId, name, code, latitude, longitude] = m as unknown as string[];
  return new Map(
    Object.entries({
      GeoNames: geonameId!,
      name: name!,
      code_commune: code!,
      latitude: latitude!,
      longitude: longitude!,
    }).map(([k, v]) => [k, [v]] as const),
  );
}

const asWritten = (value: unknown): string => String(value);
const sameDegrees = (stated: string, wanted: string) => Math.abs(Number(stated) - Number(wanted)) <= 1e-6;
/** The digits of a phone number, the last nine (`01 44 55 66 77` and `+33144556677` are one number). */
const phoneDigits = (text: string) => text.replace(/\D/g, '').slice(-9);
/** A website without its scheme, `www.`, trailing slash and case. */
const site = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');

/** A field of the practitioners' list given by one column's cell as written (`same`: how a value and a cell are one). */
const listCell = (column: string, same?: RecordField['same']): RecordField => ({
  columns: [column],
  written: asWritten,
  ...(same ? { same } : {}),
});

/** The values of `column` a row of the practitioners' list gives. */
const cellsOf = (record: QuotedRecord, column: string) => record.get(column) ?? [];

/**
 * A practitioner's name as the practitioners' import makes it from a row: `practitionerNameOf` (« Anne-Sophie
 * Lemoine » of « LEMOINE ; Anne-Sophie »), or `prenom nom` as written (the name it made before).
 */
const personNames: RecordField = {
  columns: ['prenom', 'nom'],
  written: asWritten,
  made: (record) =>
    cellsOf(record, 'prenom').flatMap((prenom) =>
      cellsOf(record, 'nom').flatMap((nom) => [practitionerNameOf(prenom, nom), `${prenom} ${nom}`]),
    ),
};

/** A firm's name as the practitioners' import makes it from a row: its `structure`, or `FORME structure` (`firmNameOf`). */
const firmNames: RecordField = {
  columns: ['structure', 'forme_juridique'],
  written: asWritten,
  made: (record) =>
    cellsOf(record, 'structure').flatMap((structure) => [
      structure,
      ...cellsOf(record, 'forme_juridique').map((form) => firmNameOf(structure, form)),
    ]),
};

/** The kind of entry a row's cells of `column` name when it has one: a practitioner's `nom`, a firm's `structure`. */
const kindNamedBy = (column: string, kind: string): RecordField => ({
  columns: [column],
  written: asWritten,
  made: (record) => (cellsOf(record, column).length ? [kind] : []),
});
const practitionerKind = kindNamedBy('nom', 'practitioner');
const firmKind = kindNamedBy('structure', 'firm');

/**
 * The fields of a practitioner or a firm a row of the practitioners' list states, each from its own column as the
 * import reads the row (open-data/practitioners/import.ts; its quote read back by `quotedRow`): a practitioner's name
 * is `prenom nom`, a firm's its `structure` or `FORME structure` (`firmNameOf`); the kind `practitioner` when the row
 * has a `nom`, `firm` when it has a `structure` (each entry's own: a firm is never supported by a `nom`, nor a
 * national body by any row); the profession `AJ` or `MJ`; the
 * others their column's cell as written (a phone by its digits, a website without its scheme, the offices each
 * among its `|`-separated parts).
 */
const practitionerFields: Record<string, RecordField> = {
  name: {
    columns: ['prenom', 'nom', 'structure', 'forme_juridique'],
    written: asWritten,
    made: (record) => [...personNames.made!(record), ...firmNames.made!(record)],
    // A practitioner is named by `prenom nom`, a firm by its structure: the one is never the other's quote.
    forEntry: (entry) =>
      entry.kind === 'firm' ? firmNames : entry.kind === undefined || entry.kind === null ? undefined : personNames,
  },
  // A row names a practitioner (its `nom`, `prenom`) and the firm of its `structure`: the kind of each, and no other.
  kind: {
    columns: ['nom', 'structure'],
    written: asWritten,
    made: (record) => [...practitionerKind.made!(record), ...firmKind.made!(record)],
    forEntry: (entry) => (entry.kind === 'firm' ? firmKind : practitionerKind),
  },
  profession: {
    columns: ['profession'],
    written: (v) => ({ administrateur_judiciaire: 'AJ', mandataire_judiciaire: 'MJ' })[String(v)] ?? null,
    made: (record) => (record.get('profession') ?? []).map((c) => c.toUpperCase()),
  },
  address: listCell('adresse'),
  code_postal: listCell('code_postal'),
  commune: listCell('commune'),
  court_of_appeal: listCell('cour_d_appel'),
  phone: listCell(
    'telephone',
    (stated, wanted) => phoneDigits(stated).length === 9 && phoneDigits(stated) === phoneDigits(wanted),
  ),
  email: listCell('email', (stated, wanted) => stated.toLowerCase() === wanted.toLowerCase()),
  website: listCell('site', (stated, wanted) => site(stated) === site(wanted)),
  siret: listCell('siret_structure', (stated, wanted) => stated.replace(/\s/g, '') === wanted),
  secondary_offices: {
    columns: ['bureaux_annexes'],
    written: (v) => (Array.isArray(v) ? v.join('|') : String(v)),
    same: (stated, wanted) => {
      const parts = new Set(stated.split('|').map(comparable));
      return wanted.split('|').every((office) => parts.has(comparable(office)));
    },
  },
};

/** A data set whose citations quote its records. */
interface RecordDataSet {
  /** How a message names it: « the Sirene stock ». */
  label: string;
  /** Whether a source's id is of this data set. */
  owns: (sourceId: string) => boolean;
  /** The record a quote gives. */
  read: (quote: string) => QuotedRecord;
  /** How its quotes are written, for a quote that gives no record. */
  shape: string;
  /** Its fields, by the table of the entries they are of. */
  fields: Readonly<Record<string, Readonly<Record<string, RecordField>>>>;
  /** Whether its quotes are pairs, which a stored quote of the same source for the entry cannot contradict. */
  pairs: boolean;
  /** Why a record read is not one the directory holds of this data set (`input`: the entry), or null. */
  held?: (record: QuotedRecord, input: Record<string, unknown>) => string | null;
}

/**
 * The commune centre `record` gives, checked against GeoNames' as the directory holds them (geo/positions.ts
 * `communeCentres`): a centre of its code INSEE, of its GeoNames id, name and position, and of the entry's commune (or of
 * the commune of the entry's municipal arrondissement).
 */
function heldCentre(record: QuotedRecord, input: Record<string, unknown>): string | null {
  const one = (column: string) => record.get(column)?.[0] ?? '';
  const code = one('code_commune');
  const centre = communeCentres().get(code);
  if (!centre) return `names code INSEE ${code}, of which GeoNames gives no centre`;
  const told = `GeoNames ${centre.geonameId} « ${centre.name} » : latitude ${centre.latitude} ; longitude ${centre.longitude}`;
  if (
    one('GeoNames') !== String(centre.geonameId) ||
    comparable(one('name')) !== comparable(centre.name) ||
    !sameDegrees(one('latitude'), String(centre.latitude)) ||
    !sameDegrees(one('longitude'), String(centre.longitude))
  ) {
    return `is no record of GeoNames: its centre of code INSEE ${code} is ${told}`;
  }
  const commune = input.code_commune;
  // A municipal arrondissement (Paris 75108), which GeoNames does not place, takes its commune's centre (75056).
  if (typeof commune === 'string' && commune !== code && geography().placeOfCode(commune)?.commune.code !== code) {
    return `is the centre of the commune ${code}, not of the entry's (${commune})`;
  }
  return null;
}

/** The data sets whose quotes are records, each with its fields by table: declared once. */
const recordDataSets: readonly RecordDataSet[] = [
  {
    label: 'the Sirene stock',
    owns: (id) => id.startsWith(sireneStockSourcePrefix),
    read: pairRecord,
    shape: '`SIRET <siret> ; column=« value » ; …` (a legal unit: `SIREN <siren> ; …`)',
    fields: sireneRecordFields,
    pairs: true,
  },
  {
    label: 'the Sirene geolocation file',
    owns: (id) => id.startsWith(sireneGeolocationSourcePrefix),
    read: pairRecord,
    shape: '`SIRET <siret> ; column=« value » ; …`',
    fields: sireneGeolocationFields,
    pairs: true,
  },
  {
    label: 'the commune centres of GeoNames',
    owns: (id) => id === communeCentresSourceId,
    read: centreRecord,
    shape: '`GeoNames <id> « <name> » : code INSEE <code> ; latitude <degrees> ; longitude <degrees>`',
    fields: {
      sites: {
        latitude: { columns: ['latitude'], written: asWritten, same: sameDegrees },
        longitude: { columns: ['longitude'], written: asWritten, same: sameDegrees },
        coordinates_precision: { columns: ['GeoNames'], written: asWritten, made: () => ['approximate'] },
      },
    },
    pairs: false,
    held: heldCentre,
  },
  {
    label: 'the practitioners’ list',
    owns: (id) => id.startsWith(readingSourcePrefix),
    read: listRecord,
    shape:
      'the row’s cells in the template’s order (`nom ; prenom ; profession ; …`), empty ones left out, joined by ` ; `',
    fields: { mandataires: practitionerFields },
    pairs: false,
  },
];

/** The prefix of the id of a BODACC notice's source (`bodacc-a202400151101`, open-data/bodacc/staging.ts). */
const noticeSourcePrefix = 'bodacc-';

/** The data set of a source's id, when its quotes are records. */
const dataSetOf = (sourceId: string) => recordDataSets.find((d) => d.owns(sourceId));

/**
 * Whether `id` is the id of a data set's source (a Sirene stock or geolocation edition, the commune centres, a
 * reading of the practitioners' list, a BODACC notice), which only its import makes: a source a write describes is
 * never given one (citations/input.ts `createSource`), so that its quotes are never taken for a data set's records.
 */
export const isDataSetSourceId = (id: string): boolean =>
  dataSetOf(id) !== undefined || id.startsWith(noticeSourcePrefix);

/** Why a record's quote does not state `value` for a field (`f`), or null when it does. */
function unstated(record: QuotedRecord, field: string, f: RecordField, value: unknown, label: string): string | null {
  const written = f.written?.(value);
  const columns = f.columns.join(', ');
  if (written === null) {
    return `cannot support ${field} « ${String(value)} »: no value of ${columns} in ${label} is one`;
  }
  if (written === undefined) return null;
  const wanted = comparable(written);
  const same = f.same ?? ((a: string, b: string) => comparable(a) === b);
  const stated = f.made ? f.made(record) : f.columns.flatMap((column) => record.get(column) ?? []);
  const identified = f.identifies ? (record.get(f.identifies) ?? []) : [];
  if ([...identified, ...stated].some((v) => same(v, wanted))) return null;
  const gives = stated.length
    ? `the record gives ${field} ${[...new Set(stated)].map((v) => `« ${v} »`).join(', ')}`
    : `the record gives no ${field}`;
  if (f.made)
    return `does not state ${field} « ${written} »: ${gives} (of its cells of ${columns}), a quote of ${label} supports only that`;
  const or = f.columns.length > 1 ? `${f.columns.slice(0, -1).join(', ')} or ${f.columns.at(-1)}` : columns;
  const pairs = `${or}=« ${written} »`;
  return (
    `does not state ${field} « ${written} »: ${gives}; a quote of ${label} supports it only with the record's ` +
    (f.identifies ? `identifier (« ${f.identifies} ${wanted} ») or ${pairs}` : pairs)
  );
}

/**
 * Why a record is not the entry's (`input`): a data set of identified records (a SIRET, a SIREN) quotes one
 * establishment or legal unit, which the entry must be. Null when it is, or the data set identifies none.
 */
function otherRecord(
  record: QuotedRecord,
  fields: Readonly<Record<string, RecordField>>,
  input: Record<string, unknown>,
  d: RecordDataSet,
): string | null {
  const [field, f] = Object.entries(fields).find(([, f]) => f.identifies) ?? [];
  if (!field || !f?.identifies) return null;
  const quoted = record.get(f.identifies)?.[0];
  if (!quoted) return `is no record of ${d.label}: its quotes begin with the record's ${f.identifies}, ${d.shape}`;
  const own = input[field];
  if (own === null || own === undefined || own === '') {
    return `is the record of ${f.identifies} ${quoted}, and the entry states no ${field}: a record of ${d.label} supports only the entry it identifies`;
  }
  return String(own) === quoted
    ? null
    : `is the record of ${f.identifies} ${quoted}, not of this entry's (${field} ${String(own)})`;
}

/** A citation as a write gives it: its source (an id, or a new source described) and the fields it supports. */
interface Citing {
  source?: unknown;
  source_id?: string;
  quote: string;
  fields: readonly string[];
}

const sourceOf = (c: Citing) => c.source_id ?? (typeof c.source === 'string' ? c.source : null);

/**
 * The refusals (422 at `at(n)`: `citations.N.quote`) of the citations of a data set whose quotes are records
 * (`recordDataSets`) for an entry of the table `tableName` (`input`: the entry as the write leaves it):
 * - a quote that gives no record of the data set, or a record of another thing than the entry (another SIRET; an
 *   entry without one), or one the directory holds otherwise (a commune centre GeoNames does not place there);
 * - a value masked (`[ND]`, INSEE's mask) in the record: a value not published is never quoted as one;
 * - each field the citation names (`fields`; none named, each field `input` states) that the record gives
 *   (`written`, or `made` of several cells: an address, a position) but not with the value stated
 *   (`trancheEffectifsEtablissement=« 12 »` for a band `12`).
 * A value null or empty states nothing; a field no record gives (an operator, aliases) is not read. Other sources'
 * quotes are not checked here (verbatim.ts checks the articles', `heldRecordFaults` the BODACC notices').
 */
export function recordFaults(
  tableName: string,
  citations: readonly Citing[],
  input: Record<string, unknown>,
  at: (n: number) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [n, citation] of citations.entries()) {
    const source = sourceOf(citation);
    const dataSet = source ? dataSetOf(source) : undefined;
    const fields = dataSet?.fields[tableName];
    // A quote that is INSEE's mask alone is no quote at all (citations/input.ts `maskedCitations` says so).
    if (!dataSet || !fields || isMasked(citation.quote)) continue;
    const label = `${dataSet.label} (${source})`;
    const refuse = (message: string) => errors.push({ in: 'body', name: at(n), message });
    const record = dataSet.read(citation.quote);
    if (!record.size) {
      refuse(`is no record of ${label}: its quotes read ${dataSet.shape}`);
      continue;
    }
    const maskedCell = [...record].find(([, values]) => values.some(isMasked));
    if (maskedCell) {
      const [column] = maskedCell;
      refuse(`gives ${column}=« ${masked} », ${maskedMessage}`);
      continue;
    }
    const fault = otherRecord(record, fields, input, dataSet) ?? dataSet.held?.(record, input);
    if (fault) {
      refuse(fault);
      continue;
    }
    const supported = citation.fields.length ? citation.fields : Object.keys(input);
    for (const field of supported) {
      const value = input[field];
      const declared = fields[field];
      const f = declared?.forEntry?.(input) ?? declared;
      if (!f || value === null || value === undefined || value === '') continue;
      if (Array.isArray(value) && !value.length) continue;
      const message = unstated(record, field, f, value, label);
      if (message) refuse(message);
    }
  }
  return errors;
}

/**
 * The refusals (422 at `at(n)`: `citations.N.quote`) of citations of a data set whose quotes are pairs that give a
 * column of the entry's record another value than the same source's record already stored for it (`stored`: the
 * quotes of the entry's citations of that source): a stock edition states one value a column, so a quote of it
 * saying « 12 » where its stored record says « 22 » quotes no record of it.
 */
function contradictedRecords(
  citations: readonly Citing[],
  stored: readonly { source_id: string; quote: string }[],
  at: (n: number) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [n, citation] of citations.entries()) {
    const source = sourceOf(citation);
    if (!source || !dataSetOf(source)?.pairs) continue;
    const given = quotedPairs(citation.quote);
    const identifier = identifierOf(citation.quote);
    // A stored record of another establishment or legal unit (the entry's former SIRET) says nothing of this one.
    const same = stored.filter((s) => s.source_id === source && identifierOf(s.quote) === identifier);
    contradiction: for (const record of same) {
      for (const [column, values] of quotedPairs(record.quote)) {
        // A masked value is refused as such (`recordFaults`), whatever the record stored.
        const said = given
          .get(column)
          ?.find((v) => !isMasked(v) && !values.some((w) => comparable(w) === comparable(v)));
        if (said === undefined) continue;
        const message =
          `gives ${column}=« ${said} », where the record of ${source} stored for this entry gives ` +
          `${column}=« ${values.join(' », « ')} »: a quote of a data set is its record as published`;
        errors.push({ in: 'body', name: at(n), message });
        // One refusal a citation, however many copies of the record are stored.
        break contradiction;
      }
    }
  }
  return errors;
}

/** What a notice the directory holds states of a field, from its row: the values, none when it states none. */
type NoticeField = (notice: HeldNotice) => (string | null)[];

/** A notice's column as the BODACC import stored it. */
const noticeColumn =
  (column: keyof HeldNotice): NoticeField =>
  (notice) => [notice[column]];

/** A notice's column when the import classified its judgment as `effect` (`status`: opens or converts, `closure`). */
const ifEffect =
  (effect: string, column: keyof HeldNotice): NoticeField =>
  (notice) =>
    notice.effect === effect ? [notice[column]] : [];

/**
 * The fields of an entry a BODACC notice states, from the notice the directory holds (`proceeding_notices`), as the
 * BODACC import derives them (open-data/bodacc/timeline.ts): an operator's name and SIREN; a proceeding's company and
 * court; its kind, the one its judgment's classification gives (`kind`, an opening or conversion) or, else, the one
 * its words name (`kindNamedIn` of its nature and complement); its date, an opening's or conversion's judgment date;
 * its closure (`closed_on`, `closure_nature`), a closing judgment's date (its parution when it gives none) and
 * nature. A field none of these is, or a notice whose judgment says otherwise, states nothing.
 */
const noticeFields: Readonly<Record<string, Readonly<Record<string, NoticeField>>>> = {
  operators: { name: noticeColumn('company_name'), siren: noticeColumn('siren') },
  proceedings: {
    company_name: noticeColumn('company_name'),
    court: noticeColumn('court'),
    kind: (n) => [n.effect === 'status' && n.kind ? n.kind : kindNamedIn(`${n.nature ?? ''} ${n.complement ?? ''}`)],
    date: ifEffect('status', 'judgment_date'),
    closed_on: (n) => (n.effect === 'closure' ? [n.judgment_date ?? n.published_on] : []),
    closure_nature: ifEffect('closure', 'nature'),
  },
};

/** The texts of a notice a quote of it may be taken from, as the BODACC import quotes them. */
const noticeTexts = [
  'company_name',
  'siren_as_written',
  'nature',
  'judgment_date_as_written',
  'complement',
  'court_as_written',
  'notice_type',
] as const;

type HeldNotice = Record<
  (typeof noticeTexts)[number] | 'source_id' | 'siren' | 'judgment_date' | 'court' | 'kind' | 'effect' | 'published_on',
  string | null
>;

/**
 * The refusals (422 at `at(n)`) of citations of a BODACC notice (`bodacc-…`) whose notice the directory holds
 * (`proceeding_notices`, the BODACC import's): a quote is a passage of one of the notice's texts, word for word
 * (`foundVerbatim`: its company, SIREN, nature, judgment date, complement, court, as written), and each field the
 * citation supports that a notice gives (`noticeFields`) has the value this notice states of it (none: refused). A notice the
 * directory does not hold (another family, one without a company) cannot be read: its quotes are not checked.
 */
function noticeFaults(
  tableName: string,
  citations: readonly Citing[],
  input: Record<string, unknown>,
  notices: readonly HeldNotice[],
  at: (n: number) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [n, citation] of citations.entries()) {
    const source = sourceOf(citation);
    const held = notices.filter((r) => r.source_id === source);
    if (!source || !held.length) continue;
    const texts = held.flatMap((r) => noticeTexts.flatMap((t) => (r[t] ? [r[t]] : [])));
    if (!texts.some((text) => foundVerbatim(text, citation.quote))) {
      const message =
        `not found verbatim in the BODACC notice of '${source}' the directory holds: a quote of a notice is whole ` +
        `words of one of its texts (its company, SIREN, nature, judgment date, complement or court, as written)`;
      errors.push({ in: 'body', name: at(n), message });
      continue;
    }
    const fields = noticeFields[tableName] ?? {};
    const supported = citation.fields.length ? citation.fields : Object.keys(input);
    for (const field of supported) {
      const stated = fields[field];
      const value = input[field];
      if (!stated || value === null || value === undefined || value === '') continue;
      const given = [...new Set(held.flatMap(stated))].filter((v): v is string => v !== null);
      if (given.some((v) => comparable(v) === comparable(String(value)))) continue;
      const told = given.length ? given.map((v) => `« ${v} »`).join(', ') : 'none';
      errors.push({
        in: 'body',
        name: at(n),
        message: `does not state ${field} « ${String(value)} »: the BODACC notice of '${source}' gives ${field} ${told}`,
      });
    }
  }
  return errors;
}

/**
 * The refusals (422 at `at(n)`: `citations.N.quote`) of a write's citations that contradict a record the directory
 * holds or stored, read in at most two queries (none when no citation is of such a source): `contradictedRecords`
 * against the entry's stored citations of the same data set of pairs (`id`: the entry, `citationColumn`: `site_id`;
 * none for an entry still to be created) and `noticeFaults` against the BODACC notices held (`tableName`, `input`:
 * the entry as the write leaves it). Checked for the writes of the API (POST, PATCH, merge: writes/kind-writes.ts)
 * and the rows of `npm run import`; not for the open-data imports, which read the record itself (a stock's row read
 * again is the record, whatever an earlier reading stored; a notice is stored after the entries it gives).
 */
export async function heldRecordFaults(
  db: Db,
  target: { tableName: string; citationColumn: string },
  id: string | null,
  citations: readonly Citing[],
  input: Record<string, unknown>,
  at: (n: number) => string,
): Promise<FieldError[]> {
  const cited = [...new Set(citations.flatMap((c) => sourceOf(c) ?? []))];
  const pairSources = cited.filter((s) => dataSetOf(s)?.pairs);
  const noticeSources = cited.filter((s) => s.startsWith(noticeSourcePrefix));
  const stored =
    id && pairSources.length
      ? await db.execute<{ source_id: string; quote: string }>(
          sql`select source_id, quote from citations
               where ${sql.identifier(target.citationColumn)} = ${id} and source_id = any(${sql.param(pairSources)})`,
        )
      : [];
  const notices = noticeSources.length
    ? await db.execute<HeldNotice>(
        sql`select source_id, siren, company_name, siren_as_written, nature, judgment_date, judgment_date_as_written,
                   complement, court, court_as_written, notice_type, kind, effect, published_on::text
              from proceeding_notices where source_id = any(${sql.param(noticeSources)})`,
      )
    : [];
  return [
    ...contradictedRecords(citations, [...stored], at),
    ...noticeFaults(target.tableName, citations, input, [...notices], at),
  ];
}
