// The rule of quotes of a public data set whose quotes are records: a Sirene stock's citation quotes the record's
// cells as `column=« value »` pairs (open-data/sirene/map.ts `quoteOf`); it supports a field only if its quote holds
// the field's column with the value the entry states (domain/sirene-codes.ts `sireneRecordFields`, the columns the
// import reads). One rule for every write (writes/envelope.ts) and the rows `npm run import` checks.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { FieldError } from '../domain/errors.js';
import { type RecordField, sireneRecordFields, sireneStockSourcePrefix } from '../domain/sirene-codes.js';

/** The data sets whose quotes are records, by the prefix of their sources' ids, with each kind's fields' columns. */
const recordDataSets = [
  { prefix: sireneStockSourcePrefix, label: 'the Sirene stock', fields: sireneRecordFields },
] as const;

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

/** Text as a record's value and an entry's are compared: Unicode NFC, spaces around left out. */
const comparable = (text: string) => text.normalize('NFC').trim();

/** Why a record's quote does not state `value` for a field (`f`), or null when it does. */
function unstated(quote: string, field: string, f: RecordField, value: unknown, label: string): string | null {
  const written = f.written?.(value);
  const columns = f.columns.join(', ');
  if (written === null) {
    return `cannot support ${field} « ${String(value)} »: no value of ${columns} in ${label} is one`;
  }
  if (written === undefined) return null;
  const wanted = comparable(written);
  const identifier = f.identifies ? `${f.identifies} ${wanted}` : null;
  if (identifier && (quote === identifier || quote.startsWith(`${identifier} ; `))) return null;
  if (f.columns.some((column) => quotedValues(quote, column).some((v) => comparable(v) === wanted))) return null;
  const pairs = `${f.columns.length > 1 ? `${f.columns.slice(0, -1).join(', ')} or ${f.columns.at(-1)}` : columns}=« ${written} »`;
  return (
    `does not state ${field}: a quote of ${label} supports it only with the record's ` +
    (identifier ? `identifier (« ${identifier} ») or ${pairs}` : pairs)
  );
}

/** A citation as a write gives it: its source (an id, or a new source described) and the fields it supports. */
interface Citing {
  source?: unknown;
  source_id?: string;
  quote: string;
  fields: readonly string[];
}

/**
 * The refusals (422 at `at(n)`: `citations.N.quote`) of the citations of a data set whose quotes are records (a
 * Sirene stock: `insee-sirene-stock-…`) that support a field of `input` (the entry as the write leaves it, of the
 * kind whose table is `tableName`) their quote does not state: each field the citation names (`fields`; none named,
 * each field `input` states) that the record gives as such (`written`) must be in the quote as its column with the
 * value stated (`trancheEffectifsEtablissement=« 12 »` for a band `12`). A value null or empty states nothing; a
 * field no column of the data set gives (an operator, aliases) and one worked out of several cells (an address, a
 * position) are not read. Other sources' quotes are not checked here (citations/verbatim.ts checks the articles').
 */
export function recordFaults(
  tableName: string,
  citations: readonly Citing[],
  input: Record<string, unknown>,
  at: (n: number) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [n, citation] of citations.entries()) {
    const source = citation.source_id ?? (typeof citation.source === 'string' ? citation.source : null);
    const dataSet = source ? recordDataSets.find((d) => source.startsWith(d.prefix)) : undefined;
    const fields = dataSet?.fields[tableName as keyof typeof dataSet.fields];
    if (!fields) continue;
    const supported = citation.fields.length ? citation.fields : Object.keys(input);
    for (const field of supported) {
      const value = input[field];
      const f = fields[field];
      if (!f || value === null || value === undefined || value === '') continue;
      const message = unstated(citation.quote, field, f, value, `${dataSet.label} (${source})`);
      if (message) errors.push({ in: 'body', name: at(n), message });
    }
  }
  return errors;
}

/** The pairs of a record's quote (`col=« value »`), by column: every value it gives each. */
function quotedPairs(quote: string): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  for (const match of quote.matchAll(/(?:^| ; )([A-Za-z0-9]+)=« /g)) {
    const column = match[1]!;
    if (!pairs.has(column)) pairs.set(column, quotedValues(quote, column));
  }
  return pairs;
}

/**
 * The refusals (422 at `at(n)`: `citations.N.quote`) of citations of a data set whose quotes are records that give a
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
    const source = citation.source_id ?? (typeof citation.source === 'string' ? citation.source : null);
    if (!source || !recordDataSets.some((d) => source.startsWith(d.prefix))) continue;
    const given = quotedPairs(citation.quote);
    for (const record of stored.filter((s) => s.source_id === source)) {
      for (const [column, values] of quotedPairs(record.quote)) {
        const said = given.get(column)?.find((v) => !values.some((w) => comparable(w) === comparable(v)));
        if (said === undefined) continue;
        const message =
          `gives ${column}=« ${said} », where the record of ${source} stored for this entry gives ` +
          `${column}=« ${values.join(' », « ')} »: a quote of a data set is its record as published`;
        errors.push({ in: 'body', name: at(n), message });
        break;
      }
    }
  }
  return errors;
}

/** Whether a source's id is one of a data set whose quotes are records (`insee-sirene-stock-…`). */
const isRecordSource = (sourceId: string): boolean => recordDataSets.some((d) => sourceId.startsWith(d.prefix));

/**
 * `contradictedRecords` of a change of the entry `id` (its citations' column `citationColumn`: `site_id`), its
 * stored citations of those sources read in one query, none when no citation is of such a source. Checked for the
 * writes of the API (`PATCH`, writes/kind-writes.ts) and the rows of `npm run import`; not for the open-data imports,
 * which read the record itself (a stock's row read again is the record, whatever an earlier reading stored).
 */
export async function storedRecordContradictions(
  db: Db,
  citationColumn: string,
  id: string,
  citations: readonly Citing[],
  at: (n: number) => string,
): Promise<FieldError[]> {
  const sources = [
    ...new Set(
      citations.flatMap((c) => {
        const source = c.source_id ?? (typeof c.source === 'string' ? c.source : null);
        return source && isRecordSource(source) ? [source] : [];
      }),
    ),
  ];
  if (!sources.length) return [];
  const stored = await db.execute<{ source_id: string; quote: string }>(
    sql`select source_id, quote from citations
         where ${sql.identifier(citationColumn)} = ${id} and source_id = any(${sql.param(sources)})`,
  );
  return contradictedRecords(citations, [...stored], at);
}
