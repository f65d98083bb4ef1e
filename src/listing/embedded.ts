// The lists of other entries a detail embeds that can grow without bound (a practitioner's proceedings, an
// operator's sites): the first few in a stated order, how many there are in all, and the URL of the paginated list
// that filters by the entry, so that a detail stays small whatever the entry's size.
import { getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type JsonValue, jsonObject, requestedId } from '../db/json.js';
import type { FilterDeclaration } from './filter.js';
import { sortExpression } from './pagination.js';
import type { ListedTable } from './query.js';

/** How many entries a detail embeds of a list that can grow (the rest are in the list its `_url` names). */
export const embeddedLimit = 20;

/** An SQL string literal (a statement read by `oneRow` takes no parameter but the id). */
const literal = (text: string) => sql.raw(`'${text.replace(/'/g, "''")}'`);

/**
 * The order of a list's sort `key` (ascending), its keyset's: the sort's expression, then the id in the "C"
 * collation; so that a bounded list in that order embeds the first page of its list. Throws at start for a key the
 * list has not.
 */
export function listOrder(listing: ListedTable, key: string): SQL {
  const sort = listing.sorts.keys[key];
  if (!sort) throw new Error(`listOrder: the list ${getTableName(listing.table)} has no ${key} sort`);
  if (typeof sort.expression === 'function') throw new Error(`listOrder: the ${key} sort depends on the request`);
  return sql`${sortExpression(sort, false, {})}, ${listing.table.id} collate "C"`;
}

/** A bounded list of a detail: its entries' fields, where they come from, their order and the list that has them all. */
export interface BoundedList {
  /** Each embedded entry's fields, as `jsonObject` takes them. */
  fields: Record<string, JsonValue>;
  /** The tables the entries are read from: `from … join …`, without its condition. */
  from: SQL;
  /** The condition that selects the entries of the requested id (`requestedId`). */
  where: SQL;
  /**
   * The columns that identify a row of `from` (`[sites.id]`), or expressions never null (a null would match no row of
   * the key's `in`: `appointmentRoleKey`).
   */
  key: readonly (PgColumn | SQL)[];
  /** The order of the entries: the first `embeddedLimit` of it are embedded. */
  order: SQL;
  /**
   * What counts them, as the list counts its entries (`count(distinct p.id)` when `from` gives one row per
   * appointment); `count(*)` by default.
   */
  count?: SQL;
  /**
   * The paginated list that filters by the entry: the kind's listing, its filter, and the sort its URL asks; none
   * when no list filters them (a practitioner's former appointments): then no `<name>_url`.
   */
  list?: {
    listing: ListedTable;
    filter: FilterDeclaration;
    sort?: string;
    /** Other filters of the list the URL gives, each with its one value (`status=open`: the current ones only). */
    also?: readonly { filter: FilterDeclaration; value: string }[];
  };
}

/**
 * The three fields of a bounded list named `name`, as JSON subqueries for a detail read in one statement
 * (`summaryReader.detail`): `name`, the first `embeddedLimit` entries in `order` (their keys chosen first, so that
 * only those few are written as JSON; an index on the order lets PostgreSQL read just them); `<name>_total`, how
 * many there are; `<name>_url`, the list that gives them all, page by page
 * (`/v1/<plural>?<filter>=<id>`, the plural being the listed table's name as src/kinds.ts registers it; ids are
 * slugs, which need no escaping; none without `list`). Throws at start if the list has not the filter or the sort named.
 */
export function boundedList(name: string, spec: BoundedList): Record<string, SQL> {
  const key = sql.join([...spec.key], sql`, `);
  const bounded = {
    [name]: sql`(select coalesce(json_agg(${jsonObject(spec.fields)} order by ${spec.order}), '[]'::json)
      ${spec.from} where (${key}) in (select ${key} ${spec.from} where ${spec.where}
        order by ${spec.order} limit ${sql.raw(String(embeddedLimit))}))`,
    [`${name}_total`]: sql`(select ${spec.count ?? sql`count(*)`} ${spec.from} where ${spec.where})`,
  };
  if (!spec.list) return bounded;
  const { listing, filter, sort } = spec.list;
  const param = listing.filters.find((f) => f.declaration === filter);
  if (!param)
    throw new Error(`boundedList ${name}: the list ${getTableName(listing.table)} has no ${filter.name} filter`);
  if (sort && !(sort.replace(/^-/, '') in listing.sorts.keys)) {
    throw new Error(`boundedList ${name}: the list ${getTableName(listing.table)} has no ${sort} sort`);
  }
  const also = (spec.list.also ?? []).map(({ filter: other, value }) => {
    const given = listing.filters.find((f) => f.declaration === other);
    if (!given?.param.safeParse(value).success)
      throw new Error(`boundedList ${name}: the list ${getTableName(listing.table)} takes no ${other.name}=${value}`);
    return `&${new URLSearchParams({ [given.name]: value })}`;
  });
  const path = `/v1/${getTableName(listing.table)}?${param.name}=`;
  const rest = `${also.join('')}${sort ? `&sort=${sort}` : ''}`;
  return {
    ...bounded,
    [`${name}_url`]: sql`${literal(path)} || ${requestedId}::text${rest ? sql` || ${literal(rest)}` : sql``}`,
  };
}
