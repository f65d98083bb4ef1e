// Shared machinery of the list endpoints: comma-separated filter values,
// `limit`, `sort`, and keyset (cursor) pagination over (sort key, id).
import { createHash } from 'node:crypto';
import { and, asc, Column, desc, is, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { z } from 'zod';
import { noValueSortsAs } from '../db/schema/columns.js';
import { invalidParameters } from '../domain/errors.js';
import { wholeNumber } from '../domain/fields.js';
import { notOneOf } from '../domain/issues.js';
import type { CursorKeys } from './cursor-keys.js';

export const maxLimit = 100;
export const defaultLimit = 20;

/**
 * A query parameter holding one or more comma-separated values, each checked
 * by `item`. `?status=open,closed` → ['open', 'closed'].
 */
export function commaList<T extends z.ZodType<unknown, string>>(item: T, description: string) {
  // A repeated parameter (`?status=open&status=closed`) counts as a comma-separated one.
  return z
    .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string())
    .transform((raw, ctx) => {
      const values = [...new Set(raw.split(',').map((v) => v.trim()))];
      const parsed: z.output<T>[] = [];
      for (const value of values) {
        const result = item.safeParse(value);
        if (result.success) parsed.push(result.data);
        else ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? `invalid value '${value}'` });
      }
      return parsed;
    })
    .optional()
    .meta({ description: `${description} Several values, comma-separated, match any of them.` });
}

/**
 * A query parameter that takes exactly one value, checked by `item`, handed on as a list of it like `commaList`'s
 * (a range's bound: `?opened_from=2024` → ['2024']). A repeated parameter or a comma-separated list is a 400: a
 * range has one start and one end.
 */
export function oneValue<T extends z.ZodType<unknown, string>>(item: T, description: string) {
  return z
    .preprocess((v) => (Array.isArray(v) ? null : v), z.string({ error: 'must be given once' }))
    .transform((raw, ctx) => {
      if (raw.includes(',')) {
        ctx.addIssue({ code: 'custom', message: `takes one value, not a list ('${raw}')` });
        return z.NEVER;
      }
      const result = item.safeParse(raw.trim());
      if (result.success) return [result.data as z.output<T>];
      ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? `invalid value '${raw}'` });
      return z.NEVER;
    })
    .optional()
    .meta({ description: `${description} One value.` });
}

/** One value of a closed vocabulary, with an error that lists the accepted values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().refine((v): v is T[number] => (values as readonly string[]).includes(v), {
    error: (issue) => notOneOf(issue.input, values),
  });
}

export const limitParam = wholeNumber({ min: 1, max: maxLimit })
  .optional()
  .transform((n) => n ?? defaultLimit)
  .meta({ description: `Page size, 1 to ${maxLimit}.`, default: defaultLimit });

/**
 * The longest text a text sort key holds, in UTF-16 code units as the API's writes bound them: a source's title
 * (citations/input.ts, 500); names are 300 (a site's, an operator's, a proceeding's company…).
 */
export const longestSortText = 500;

/**
 * The length of the longest cursor this API writes (`encodeCursor`), in characters: its sort, its position (a text
 * sort value of `longestSortText`, an id of 120, the longest an id is) and its list name (`sources/<id>/citations`,
 * at most 200) each at their longest JSON form, 6 bytes a character (a control character's `\u0001`; « € » takes 3,
 * a character outside the BMP 4 for its 2 code units), the largest total and key number, in base64url, then `.` and
 * the 22 characters of its tag. A cursor carries the sort value whole: keyset pagination resumes after that very value,
 * which no prefix or digest of it could order (verify44 fault 03: a name of 298 « € » made a cursor of 1,319
 * characters that a bound of 1,000 refused).
 */
export const maxCursorLength = (() => {
  const widest = '\u0001';
  const json = JSON.stringify({
    s: 'x'.repeat(40),
    v: widest.repeat(longestSortText),
    i: widest.repeat(120),
    t: Number.MAX_SAFE_INTEGER,
    x: false,
    l: widest.repeat(200),
    f: 'x'.repeat(16),
    k: 2 ** 31 - 1,
  });
  return Math.ceil((Buffer.byteLength(json) * 4) / 3) + 1 + 22;
})();

export const cursorParam = z
  .string()
  .min(1, { error: 'is empty: omit it for the first page' })
  .max(maxCursorLength)
  .optional()
  .meta({
    description:
      'Opaque cursor from `next_cursor` of the previous page, with the same sort and filters; signed by the API, so ' +
      'that one changed or rebuilt by hand, or any other use, is a 400 naming `cursor`. Pages continue after the last entry of the previous one (keyset), ' +
      'also with `q` sorted by name; with `q` in any other order (relevance, date of change, distance) a page is ' +
      'a position in the ranking: an entry added or removed before it meanwhile shifts the next page by one.',
  });

/** The query of a list in one fixed order that takes nothing else (a source's citations, an entry's history). */
export const pageOnlyQuery = z.strictObject({ limit: limitParam, cursor: cursorParam });

/** A sort key's values: `number` for a distance in km (a double, carried exactly in JSON). */
export type SortType = 'text' | 'timestamp' | 'integer' | 'number';

/** What search can sort by: index attributes, or the distance from the point of `near` (`_geoPoint`). */
export type SearchSort = 'name' | 'updated_at' | 'distance';

export interface SortKey {
  /**
   * The SQL expression sorted on; never null: a nullable column's nulls as its lowest value, so that entries without
   * one come last in descending order. A function for a key that depends on the request (the distance from `near`'s
   * point): it throws a DomainError (400 naming `sort`) when the request cannot give it.
   */
  expression: SQL | ((request: object) => SQL);
  /**
   * For a key that may have no value (an undated proceeding): the expression of the ascending order, nulls as its
   * highest value, so that entries without one come last in ascending order too (`expression` serves the descending
   * one). Each has its index (db/schema/columns.ts `sortIndex`, `ascendingSortIndex`).
   */
  ascending?: SQL;
  type: SortType;
  /** The index attribute search sorts by for this key, when search can honour it. */
  search?: SearchSort;
  /** A sentence on this key, for the `sort` parameter's description. */
  note?: string;
}

export type SortKeys = Record<string, SortKey>;

/** A kind's sorts, declared once: the list's `sort` parameter, its SQL, and what search can honour. */
export interface KindSorts {
  /** The sort when the client gives none (and no `q`): a key, or `-key` for descending. */
  default: string;
  /** In the order the parameter lists them; exports read by `created_at`. */
  keys: SortKeys & { created_at: SortKey };
}

/** `sort=name` ascending, `sort=-name` descending, among the keys a kind offers. */
export function sortParam(sorts: KindSorts) {
  const fallback = sorts.default;
  const accepted = Object.keys(sorts.keys).flatMap((k) => [k, `-${k}`]);
  const notes = Object.values(sorts.keys).flatMap((k) => (k.note ? [` ${k.note}`] : []));
  return z
    .string()
    .refine((v) => accepted.includes(v), {
      error: (issue) => notOneOf(issue.input, accepted),
    })
    .optional()
    .meta({
      default: fallback,
      description:
        `Sort order: a key, or \`-key\` for descending. One of: ${accepted.join(', ')}. ` +
        'Entries without a value for the key (an undated proceeding, a site whose commune is unknown) come last, in ' +
        'ascending as in descending order. ' +
        `With \`q\`, results come by relevance unless a sort is given.${notes.join('')}`,
    });
}

interface CursorPayload {
  /** The sort the cursor was made for. */
  s: string;
  /** The sort key's value on the last row of the page. */
  v: string | number;
  /** The id of the last row of the page. */
  i: string;
  /** The total of the list, counted (or estimated) once on its first page and carried from page to page. */
  t?: number;
  /** Whether `t` is exact (false: an estimate, see `countedTotal`). */
  x?: boolean;
}

/**
 * What a cursor is bound to besides its sort: the list it pages (`sites`, or
 * `search:sites`) and the filters of its first page (any JSON; each filter's
 * values in any order). A cursor used with another list or other filters is
 * refused rather than resuming a result it was not made for.
 */
export interface CursorBinding {
  list: string;
  filters: Record<string, unknown>;
  /** The keys its cursors are signed with and checked against (`cursorKeysOf` the list's database). */
  keys: CursorKeys;
}

/** The filters as a short digest: values sorted, so that `open,closed` and `closed,open` are one. */
function filtersDigest(filters: Record<string, unknown>): string {
  const canonical = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => JSON.stringify(x)).sort() : JSON.stringify(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 16);
}

/**
 * The cursor of a page: its sort, where it stopped, what it is bound to and the number of the key that signs it, as
 * URL-safe base64 of JSON, then `.` and its HMAC-SHA-256 under that key (cursor-keys.ts), so that nothing it carries
 * (the total stated on every later page above all) can be rewritten by a client.
 */
export function encodeCursor(payload: CursorPayload, binding: CursorBinding): string {
  const { s, v, i, t, x } = payload;
  const k = binding.keys.signingKey;
  const text = Buffer.from(JSON.stringify({ s, v, i, t, x, l: binding.list, f: filtersDigest(binding.filters), k }));
  const body = text.toString('base64url');
  return `${body}.${binding.keys.tag(k, body)}`;
}

function badCursor(message: string) {
  return invalidParameters([{ in: 'query', name: 'cursor', message }]);
}

const timestampText =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?|Z)$/;

/** A timestamp as PostgreSQL prints it, that it can also read back: real date, real time, sane offset. */
function isTimestamp(text: string): boolean {
  const m = timestampText.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, , , offsetHours = '0', offsetMinutes = '0'] = m
    .slice(1)
    .map((v) => v ?? '0');
  const y = Number(year);
  const date = new Date(Date.UTC(y, Number(month) - 1, Number(day)));
  return (
    y >= 1 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 15 &&
    Number(offsetMinutes) <= 59
  );
}

/** Text PostgreSQL cannot hold (the NUL character). */
const unstorable = /\u0000/;

/**
 * The payload of a cursor this API made for this list, sort and filters, or a 400 naming `cursor`: not one of ours
 * (its signature does not verify: any character added or changed, an unsigned cursor of an earlier version, one
 * rebuilt by hand), signed by a key no longer held (rotated out, cursor-keys.ts), made for another list, another
 * sort or other filters.
 */
export function decodeCursor(cursor: string, sort: string, type: SortType, binding: CursorBinding): CursorPayload {
  const notOurs = () => badCursor('is not a cursor returned by this API');
  const [body = '', tag = '', ...rest] = cursor.split('.');
  if (rest.length || !/^[A-Za-z0-9_-]+$/.test(body)) throw notOurs();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  const shape = z
    .strictObject({
      s: z.string(),
      v: z.union([z.string(), z.number()]),
      i: z.string(),
      t: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      x: z.boolean().optional(),
      l: z.string(),
      f: z.string(),
      k: z.number().int().min(1),
    })
    .safeParse(payload);
  if (!shape.success) throw notOurs();
  const { l, f, k, ...position } = shape.data;
  if (!binding.keys.holds(k)) {
    throw badCursor('was signed with a key this API no longer holds: start again without a cursor');
  }
  // Signed: what it carries is what this API wrote (its total too), to the character.
  if (!binding.keys.verifies(k, body, tag)) throw notOurs();
  if (l !== binding.list) throw badCursor(`was made for the list of ${l}, not of ${binding.list}`);
  if (position.s !== sort) throw badCursor(`was made for sort '${position.s}', not '${sort}'`);
  if (f !== filtersDigest(binding.filters)) {
    throw badCursor('was made with other filters: keep those of the first page, or start again without a cursor');
  }
  const text = z
    .string()
    .max(longestSortText)
    .refine((v) => !unstorable.test(v));
  const value =
    type === 'integer'
      ? z
          .number()
          .int()
          .min(-(2 ** 31))
          .max(2 ** 31 - 1)
      : type === 'number'
        ? z.number().min(0).max(1e5) // a distance in km: the Earth's half circumference is about 20,000
        : text;
  if (!value.safeParse(position.v).success || !text.safeParse(position.i).success) throw notOurs();
  if (type === 'timestamp' && !isTimestamp(position.v as string)) throw notOurs();
  return position;
}

/**
 * The cursor of the next page of a list in one fixed order (a source's citations, an entry's history): `order`
 * names it, `position` is where the page stopped, as the list writes it (`v`, `i`), `total` the count of its first
 * page, carried to the last; bound to `binding` (`list`: `sources/<id>/citations`).
 */
export function fixedOrderCursor(
  order: string,
  position: { v: string; i: string },
  total: number,
  binding: CursorBinding,
): string {
  return encodeCursor({ s: order, ...position, t: total, x: true }, binding);
}

/**
 * Where a page of a list in one fixed order starts, from a cursor `fixedOrderCursor` made for that list: the position
 * as `read` turns it back into the list's own (null: not one the list writes), and the total carried. Any other
 * cursor is a 400 naming `cursor` (`decodeCursor`).
 */
export function readFixedOrderCursor<Position>(
  cursor: string,
  order: string,
  binding: CursorBinding,
  read: (v: string, i: string) => Position | null,
): { position: Position; total: number } {
  const c = decodeCursor(cursor, order, 'text', binding);
  const position = read(String(c.v), c.i);
  if (position === null || c.t === undefined) throw badCursor('is not a cursor returned by this API');
  return { position, total: c.t };
}

export interface PageRequest {
  /** Set by the route (its default when the client gave none). */
  sort: string;
  limit: number;
  cursor?: string | undefined;
}

export interface Page<Row> {
  rows: Row[];
  next_cursor: string | null;
}

/** The ORDER BY, keyset condition and LIMIT of one page; its cursors are bound to `binding`. */
export function pagePlan(keys: SortKeys, idColumn: SQLWrapper, request: PageRequest, binding: CursorBinding) {
  const descending = request.sort.startsWith('-');
  const keyName = descending ? request.sort.slice(1) : request.sort;
  const declared = keys[keyName];
  if (!declared) throw new Error(`sort key ${keyName} is not declared`);
  const key = { ...declared, expression: sortExpression(declared, descending, request) };
  const id = sql`${idColumn} collate "C"`;
  let after: SQL | undefined;
  let cursor: CursorPayload | undefined;
  if (request.cursor) {
    const c = decodeCursor(request.cursor, request.sort, key.type, binding);
    const casts = { timestamp: sql`::timestamptz`, integer: sql`::int`, number: sql`::float8`, text: sql`` };
    const value = sql`${c.v}${casts[key.type]}`;
    cursor = c;
    const valueWithCollation = key.type === 'text' ? sql`${value} collate "fr-x-icu"` : value;
    after = descending
      ? sql`(${key.expression}, ${id}) < (${valueWithCollation}, ${c.i})`
      : sql`(${key.expression}, ${id}) > (${valueWithCollation}, ${c.i})`;
  }
  const direction = descending ? desc : asc;
  return {
    /** Select this as `sort_value`: the value a cursor resumes from (timestamps as text, to keep microseconds). */
    sortValue: (key.type === 'timestamp' ? sql`(${key.expression})::text` : key.expression) as SQL<string | number>,
    orderBy: [direction(key.expression), direction(id)],
    after,
    /** One more row than asked tells whether a next page exists. */
    fetch: request.limit + 1,
    /** The total the cursor carries, when this is not the first page (counted on the first one). */
    carried: carried(cursor),
    /** The page and the cursor of the next, carrying `total` on so that no later page counts again. */
    finish<Row extends { id: string; sort_value: string | number }>(rows: Row[], total?: Total): Page<Row> {
      const hasMore = rows.length > request.limit;
      const pageRows = hasMore ? rows.slice(0, request.limit) : rows;
      const last = pageRows.at(-1);
      const counted = total ? { t: total.total, x: total.exact } : {};
      return {
        rows: pageRows,
        next_cursor:
          hasMore && last
            ? encodeCursor({ s: request.sort, v: last.sort_value, i: last.id, ...counted }, binding)
            : null,
      };
    },
  };
}

/**
 * The expression a page sorts by in one direction: `ascending` for the ascending order of a nullable key (nulls
 * last), else `expression` (given the request, for a key that depends on it).
 */
export function sortExpression(key: SortKey, descending: boolean, request: object): SQL {
  if (!descending && key.ascending) return key.ascending;
  return typeof key.expression === 'function' ? key.expression(request) : key.expression;
}

/** Whether a sort key's column (or SQL expression) may be null: a column declared `notNull` may not. */
const mayBeNull = (column: SQLWrapper) => !(is(column, Column) && column.notNull);

/**
 * Text sort key with French collation; `search`: the index attribute. Entries without a value come last in both
 * orders (db/schema/columns.ts `noValueSortsAs`: the empty text descending, U+FFFF ascending).
 */
export function textSort(column: SQLWrapper, search?: SearchSort): SortKey {
  const valued = (noValue: string) => sql`coalesce(${column}, ${sql.raw(noValue)}) collate "fr-x-icu"`;
  const { lowest, highest } = noValueSortsAs.text;
  return {
    expression: valued(lowest),
    ...(mayBeNull(column) ? { ascending: valued(highest) } : {}),
    type: 'text',
    ...(search ? { search } : {}),
  };
}

/** A timestamp sort key (the columns of `timestamps`, never null); `search`: the index attribute. */
export function timestampSort(column: SQLWrapper, search?: SearchSort): SortKey {
  return { expression: sql`${column}`, type: 'timestamp', ...(search ? { search } : {}) };
}

/** An integer sort key (a count); entries without a value come last in both orders (-1 descending, 2³¹−1 ascending). */
export function integerSort(column: SQLWrapper): SortKey {
  const valued = (noValue: string) => sql`coalesce(${column}, ${sql.raw(noValue)})`;
  const { lowest, highest } = noValueSortsAs.integer;
  return { expression: valued(lowest), ...(mayBeNull(column) ? { ascending: valued(highest) } : {}), type: 'integer' };
}

export function allOf(conditions: (SQL | undefined)[]): SQL | undefined {
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

/** The number of entries a list selects, and whether it was counted (true) or estimated (false). */
export interface Total {
  total: number;
  exact: boolean;
}

/** The total a cursor carries from the first page of its list, if it carries one. */
function carried(cursor: CursorPayload | undefined): Total | undefined {
  return cursor?.t !== undefined ? { total: cursor.t, exact: cursor.x ?? true } : undefined;
}

/**
 * Runs one page of a list; its total is counted on the first page only (`count`; exact when that page holds the
 * whole result) and carried in the cursor from then on, so that no later page scans the whole result again.
 * `binding`: what its cursors are made for.
 */
export async function listPage<Row extends { id: string }>(
  request: PageRequest,
  keys: SortKeys,
  idColumn: SQLWrapper,
  where: SQL | undefined,
  queries: {
    rows: (args: {
      sortValue: SQL<string | number>;
      where: SQL | undefined;
      orderBy: SQL[];
      limit: number;
    }) => Promise<(Row & { sort_value: string | number })[]>;
    count: (where: SQL | undefined) => Promise<Total>;
  },
  binding: CursorBinding,
): Promise<{ rows: Row[]; total: number; total_exact: boolean; next_cursor: string | null }> {
  const plan = pagePlan(keys, idColumn, request, binding);
  const [rows, total] = await Promise.all([
    queries.rows({
      sortValue: plan.sortValue,
      where: allOf([where, plan.after]),
      orderBy: plan.orderBy,
      limit: plan.fetch,
    }),
    plan.carried ?? queries.count(where),
  ]);
  // A first page that is also the last holds the whole result: its size is the total, exactly.
  const whole = !request.cursor && rows.length <= request.limit;
  const counted = whole ? { total: rows.length, exact: true } : total;
  const page = plan.finish(rows, counted);
  return {
    rows: page.rows.map(({ sort_value: _, ...row }) => row as unknown as Row),
    total: counted.total,
    total_exact: counted.exact,
    next_cursor: page.next_cursor,
  };
}
