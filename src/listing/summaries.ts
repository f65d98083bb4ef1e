// How a kind's entries read as summaries (lists, exports, search hits, and
// the head of a detail) and exports: the row, each column that names another entry shown
// as `{ id, name }` instead, and timestamps as ISO text. One select serves them all.
import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { alias, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { type JsonValue, jsonObject, type OneRow, oneRow, requestedId } from '../db/json.js';
import { shown } from '../db/withheld.js';
import { type ExportColumns, exportSelect } from './export-rows.js';
import { filterMeasures, type ListedTable, type ListRequest, listEntries, listWhere, type Selection } from './query.js';

/** A column that names another entry (a site's `operator_id`), shown in summaries as `{ id, name }` under `as`. */
export interface Reference {
  as: string;
  column: PgColumn;
  /** The table of the entry named (joined under the alias `as`). */
  table: PgTable & { id: PgColumn; name: PgColumn };
}

/** A summary: the row's columns but references, which read `{ id, name }` (or null), timestamps as text. */
export type Summary = Record<string, unknown> & { id: string; version: number };

/** Reads a kind's summaries: a page of its list, some of them by id, one in detail, the query of its export. */
export function summaryReader(listing: ListedTable, references: Reference[] = []) {
  const { table } = listing;
  const joins = references.map((r) => {
    // drizzle's alias keeps the columns of the table, whose type it cannot know here.
    const aliased = alias(r.table, r.as) as unknown as { id: PgColumn; name: PgColumn } & PgTable;
    return { ...r, alias: aliased };
  });
  const refs = Object.fromEntries(joins.map((j) => [j.as, { id: j.alias.id, name: j.alias.name }]));
  // A summary shows references as `{ id, name }`, and every entry it shows is not withheld.
  const hidden = new Set([...references.map((r) => r.column.name), 'withheld']);

  function select(db: Db, extra: Record<string, SQL>) {
    let query = db
      .select({ ...getTableColumns(table), ...refs, ...extra } as Record<string, PgColumn | SQL>)
      .from(table)
      .$dynamic();
    // A withheld entry named by this one shows nothing of it: the reference reads null.
    for (const j of joins) query = query.leftJoin(j.alias, and(eq(j.alias.id, j.column), shown(j.table, j.as)));
    return query;
  }

  function toSummary(row: Record<string, unknown>): Summary {
    const entries = Object.entries(row).filter(([key]) => !hidden.has(key) && key !== 'sort_value');
    const text = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
    return Object.fromEntries(entries.map(([key, value]) => [key, text(value)])) as Summary;
  }

  /** The summary as one JSON object built by PostgreSQL: the same keys, in the same order, as `toSummary`'s. */
  function summaryJson(lists: Record<string, SQL>): Record<string, JsonValue> {
    const columns = Object.entries(getTableColumns(table)).filter(([, column]) => !hidden.has(column.name));
    const named = references.map((r) => {
      const other = sql.identifier(r.as);
      return [
        r.as,
        sql`case when ${other}.id is null then null else json_build_object('id', ${other}.id, 'name', ${other}.name) end`,
      ];
    });
    return { ...Object.fromEntries(columns), ...Object.fromEntries(named), ...lists };
  }

  return {
    /**
     * One entry in detail, in one round trip: its summary followed by `lists` (JSON subqueries on the requested
     * id, `requestedId`, such as `jsonList` builds), as one JSON object (text, with the entry's `version` beside it when
     * its table has one); compiled once, prepared per connection.
     */
    detail<Row extends Summary>(lists: Record<string, SQL>): OneRow<Row> {
      const joined = references.map((r) => {
        const other = sql.identifier(r.as);
        return sql` left join ${r.table} as ${other} on ${other}.id = ${r.column} and ${shown(r.table, r.as)}`;
      });
      // The JSON as text, sent as is by the detail route (OneRow.runJson); the version beside it, for its ETag (a
      // detail shows its version there only).
      const { version: versionColumn, ...fields } = summaryJson(lists);
      const version = versionColumn ? sql`, ${versionColumn} as version` : sql``;
      return oneRow<Row>(sql`select ${jsonObject(fields)}::text as json${version} from ${table}${sql.join(joined)}
        where ${table.id} = ${requestedId} and ${shown(table)}`);
    },
    /** One page of the list: the filters given, in the sort asked; with the fields they add (`distance_km`). */
    async list(db: Db, query: ListRequest) {
      const measures = filterMeasures(listing.filters, query);
      const page = await listEntries(
        db,
        query,
        listing,
        (sort_value) =>
          select(db, { sort_value, ...measures }) as unknown as Selection<Summary & { sort_value: string | number }>,
      );
      return { ...page, rows: page.rows.map(toSummary) };
    },
    /**
     * The one query of a complete export: the entries the filters given select, as summaries (with the fields
     * those filters add, `distance_km`), oldest first.
     */
    exportRows(query: object, columns: ExportColumns) {
      const measures = filterMeasures(listing.filters, query);
      return exportSelect(table, references, listWhere(listing, query), columns, measures);
    },
    /** The summaries of these ids (any order; unknown ids are absent). */
    async byIds(db: Db, ids: string[]): Promise<Summary[]> {
      if (!ids.length) return [];
      return (await select(db, {}).where(and(inArray(table.id, ids), shown(table)))).map(toSummary);
    },
  };
}
