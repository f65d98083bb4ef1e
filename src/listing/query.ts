// A kind's list, derived from its declared filters and sorts: the query
// schema, the SQL condition, the check of the ids named, the filters as
// search takes them, and one page of rows.
import { getTableName, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { shown } from '../db/withheld.js';
import { type FieldError, invalidParameters } from '../domain/errors.js';
import { cursorKeysOf } from './cursor-keys.js';
import { type FacetName, facetNames } from './facets.js';
import type { FilterParam, IdTable, KindFilter } from './filter.js';
import { resolvedIds } from './known-ids.js';
import {
  allOf,
  commaList,
  cursorParam,
  type KindSorts,
  limitParam,
  listPage,
  oneOf,
  type PageRequest,
  sortParam,
  type Total,
} from './pagination.js';

export const qParam = z
  .string()
  .max(500, { error: 'must be at most 500 characters' })
  // Control characters (NUL among them) separate words, like spaces.
  .transform((q) => q.replace(/[\u0000-\u001f\u007f]/g, ' '))
  // Punctuation or spaces alone (`"`, `-`, `...`, a no-break space) hold no word to search: refused rather than
  // dropped, which would answer the whole directory as their matches. An empty `q` is no query (a blank search box).
  .refine((q) => q === '' || /[\p{L}\p{N}]/u.test(q), { error: 'must contain a letter or digit' })
  .optional()
  .meta({
    description:
      'Words to search, accents and typos forgiven; at least one letter or digit (empty: no search). ' +
      'A SIREN, SIRET, postal code or phone number (spaces allowed) is matched exactly.',
  });

/** The facets of /v1/search: every facet, under its own name (`kind` counts the kinds of entry). */
export const facetsParam = commaList(oneOf(facetNames), `Facets to count, among: ${facetNames.join(', ')}.`);

/**
 * A list's facets, by the name the list gives them: each facet its filters count, under the list's parameter name
 * when the facet has its filter's declared name (the proceeding list's `kind` filter is the shared `category`
 * declaration: its facet `kind` counts the proceedings' kinds, not the kinds of entry). Every facet is the facet of
 * the filter of its name (`former_region` of `former_region`), so a bucket's value is a value of that filter.
 */
export function listFacets(filters: readonly FilterParam[]): ReadonlyMap<string, FacetName> {
  return new Map(
    filters.flatMap((f) =>
      (f.declaration.facets ?? []).map((facet): [string, FacetName] => [
        facet === f.declaration.name ? f.name : facet,
        facet,
      ]),
    ),
  );
}

/** A list's `facets` parameter: the names of `listFacets`. */
function listFacetsParam(filters: readonly FilterParam[]) {
  const names = [...listFacets(filters).keys()];
  if (!names.length) return undefined;
  return commaList(
    oneOf(names as [string, ...string[]]),
    `Facets to count, among: ${names.join(', ')} (each named as the filter that narrows by it).`,
  );
}

/** A kind's filters and sorts, as its modules/<plural>/filters.ts declares them. */
export interface Listing {
  filters: readonly KindFilter[];
  sorts: KindSorts;
}

/** A kind as its list reads it: its table, filters and sorts (a KindDefinition fits). */
export interface ListedTable extends Listing {
  table: IdTable;
}

/** What a list is asked: the page, and each filter's values under its parameter name. */
export type ListRequest = PageRequest & { readonly [parameter: string]: unknown };

/** The filters' parameters, in declaration order, each followed by those it reads alongside (`radius_km`). */
export function filterParams(filters: readonly FilterParam[]): Record<string, z.ZodType> {
  return Object.fromEntries(
    filters.flatMap((f) => [[f.name, f.param], ...Object.entries(f.declaration.alongside ?? {})]),
  );
}

/** A kind's list query: its filters, `sort`, `q` and `facets` (for a searchable kind), `limit`, `cursor`. */
export function listQuery(listing: Listing, options: { searchable: boolean }) {
  const facets = options.searchable ? listFacetsParam(listing.filters) : undefined;
  return z.strictObject({
    ...filterParams(listing.filters),
    sort: sortParam(listing.sorts),
    ...(options.searchable ? { q: qParam } : {}),
    ...(facets ? { facets } : {}),
    limit: limitParam,
    cursor: cursorParam,
  });
}

/** The values given for a filter, if any (a 400 when the parameters it reads do not go together). */
function valuesOf(filter: FilterParam, query: object): unknown[] | undefined {
  if (filter.declaration.read) return filter.declaration.read(query as Record<string, unknown>);
  const values = (query as Record<string, unknown>)[filter.name];
  return Array.isArray(values) && values.length ? values : undefined;
}

/** The condition on the kind's table of the filters given (all of them hold). */
export function filterWhere(filters: readonly KindFilter[], query: object): SQL | undefined {
  return allOf(
    filters.map((f) => {
      const values = valuesOf(f, query);
      return values ? f.where(values) : undefined;
    }),
  );
}

/**
 * The entries of a kind's list or export: those that may be shown (not withheld, db/withheld.ts) and that the
 * filters given select.
 */
export function listWhere(kind: ListedTable, query: object): SQL | undefined {
  return allOf([shown(kind.table), filterWhere(kind.filters, query)]);
}

/** The values given for each filter, by parameter name (what a list's cursors are bound to). */
export function filterValues(filters: readonly FilterParam[], query: object): Record<string, unknown[]> {
  return Object.fromEntries(
    filters.flatMap((f) => {
      const values = valuesOf(f, query);
      return values ? [[f.name, values]] : [];
    }),
  );
}

/**
 * The fields the filters given add to each entry, by name, in SQL on the kind's table: `distance_km` with `near`
 * (see `FilterDeclaration.measure`).
 */
export function filterMeasures(filters: readonly KindFilter[], query: object): Record<string, SQL> {
  return Object.fromEntries(
    filters.flatMap((f) => {
      const values = f.measure ? valuesOf(f, query) : undefined;
      return f.measure && values ? [[f.measure.name, f.measure.sql(values)]] : [];
    }),
  );
}

/**
 * The summary as entries selected by `query` carry it: without the fields of filters not given (no `distance_km`
 * without `near`). What an export writes.
 */
export function measuredSummary(summary: z.ZodObject, filters: readonly KindFilter[], query: object): z.ZodObject {
  const absent: Record<string, true> = {};
  for (const f of filters) {
    if (f.measure && f.measure.name in summary.shape && !valuesOf(f, query)) absent[f.measure.name] = true;
  }
  return Object.keys(absent).length ? summary.omit(absent as z.util.Mask<string>) : summary;
}

/** The filters given, under their names in search (the declarations'): `firm` → `parent`. */
export function searchFilterValues(filters: readonly FilterParam[], query: object): Record<string, unknown[]> {
  // A loop rather than flatMap and fromEntries: it runs on every search, over every kind's filters.
  const given: Record<string, unknown[]> = {};
  for (const f of filters) {
    const values = valuesOf(f, query);
    if (values) given[f.declaration.name] = values;
  }
  return given;
}

/**
 * Refuses (400) the values that name entries that do not exist, every one of them at once; a merged id stands for its
 * survivor (`resolvedIds`): `query` (the parsed query, its values arrays of ids) is changed in place so that every
 * reader after it (the list, search, export, the page's state) filters on the survivor.
 */
export async function checkFilterIds(db: Db, filters: readonly FilterParam[], query: object): Promise<void> {
  const checks: Promise<FieldError[]>[] = [];
  for (const f of filters) {
    // Read even when it names no id: a filter whose parameters do not go together is a 400 before any check.
    const values = valuesOf(f, query);
    if (!f.ids.length || !values) continue;
    checks.push(
      resolvedIds(db, f.ids, values as string[], f.name).then(({ ids, errors }) => {
        if (!f.declaration.read) (query as Record<string, unknown>)[f.name] = ids;
        return errors;
      }),
    );
  }
  // Most queries name no id: nothing to wait for.
  if (!checks.length) return;
  const errors = (await Promise.all(checks)).flat();
  if (errors.length) throw invalidParameters(errors);
}

/** Rows of a select, narrowed, ordered and limited: how listEntries reads a kind's table. */
export interface Selection<Row> {
  where(where: SQL | undefined): { orderBy(...by: SQL[]): { limit(limit: number): Promise<Row[]> } };
}

/** Up to this many entries, a list's total is counted exactly (when the planner expects no more than twice as many). */
export const exactTotalCeiling = 10_000;

/** Above this many rows expected by PostgreSQL's planner, a list's total is its estimate, with nothing counted. */
export const estimatedTotalFloor = 2 * exactTotalCeiling;

/** The rows PostgreSQL's planner expects `where` to select from `table`: no row is read. */
async function plannedRows(db: Db, table: IdTable, condition: SQL): Promise<number> {
  const [plan] = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`explain (format json) select from ${table} where ${condition}`,
  );
  return Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/**
 * The total of a list, as its first page gives it, at a cost that does not grow with the list:
 * - PostgreSQL's planner estimate of the filtered rows first (statistics only, no row read); above
 *   `estimatedTotalFloor`, that estimate is the total (`exact: false`);
 * - else the rows are counted, reading no more than `exactTotalCeiling` + 1 of them: exact (`exact: true`) up to
 *   the ceiling, the estimate above it (`exact: false`, never below the ceiling).
 * So a result of up to 10,000 entries is counted exactly unless the planner expects more than twice the ceiling
 * (its statistics off by more than 2×); `listPage` makes the total exact whenever the first page is the last.
 */
export async function countedTotal(db: Db, table: IdTable, where: SQL | undefined): Promise<Total> {
  const condition = where ?? sql`true`;
  const estimate = await plannedRows(db, table, condition);
  if (estimate > estimatedTotalFloor) return { total: estimate, exact: false };
  const [counted] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from (select from ${table} where ${condition} limit ${exactTotalCeiling + 1}) c`,
  );
  const n = counted?.n ?? 0;
  if (n <= exactTotalCeiling) return { total: n, exact: true };
  return { total: Math.max(estimate, exactTotalCeiling + 1), exact: false };
}

/**
 * One page of a kind's list and its total: the rows of `select` (given the
 * sort value to select as `sort_value`) that the filters given select, in the
 * order asked, from the cursor on.
 */
export async function listEntries<Row extends { id: string }>(
  db: Db,
  query: ListRequest,
  kind: ListedTable,
  select: (sortValue: SQL<string | number>) => Selection<Row & { sort_value: string | number }>,
) {
  const { table } = kind;
  const binding = {
    list: getTableName(table),
    filters: filterValues(kind.filters, query),
    keys: await cursorKeysOf(db),
  };
  return listPage<Row>(
    query,
    kind.sorts.keys,
    table.id,
    listWhere(kind, query),
    {
      rows: ({ sortValue, where, orderBy, limit }) =>
        select(sortValue)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      count: (where) => countedTotal(db, table, where),
    },
    binding,
  );
}
