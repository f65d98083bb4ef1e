// The one query an export streams: every entry its filters select, oldest
// first, each already shaped as its summary in SQL (references as `{ id, name }`,
// timestamps as ISO text, citations as a JSON list), so that the export reads
// it through one server-side cursor instead of page after page.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isoText } from '../db/json.js';
import { shown } from '../db/withheld.js';
import type { IdTable } from './filter.js';

/** A column naming another entry, exported as `{ id, name }` under `as` (a summaries.ts `Reference` fits). */
interface ExportedReference {
  as: string;
  column: PgColumn;
  table: PgTable;
}

/** What an export writes of each entry: its summary's keys in order, and the column its citations point by. */
export interface ExportColumns {
  /** The top-level keys of the summary, in the order it lists them. */
  keys: readonly string[];
  /** The column of `citations` naming the kind's entries (`site_id`); without it, no `citations`. */
  citationColumn?: string | undefined;
  /**
   * For CSV: one column per path (`['operator', 'id']` for a reference's id, `['name']`), in this order, and
   * `citations` as JSON text; rows read as arrays of cells, with nothing to rebuild in JavaScript.
   */
  paths?: readonly (readonly string[])[] | undefined;
}

/** The SQL of a complete export, given the filters' condition: see `exportSelect`. */
export type ExportQuery = (query: object, columns: ExportColumns) => SQL;

/**
 * Every entry of `table` that `where` selects, ordered by (created_at, id) as the `created_at` sort index
 * holds them: one column per summary key (a reference as a JSON `{ id, name }` or null, a timestamp as ISO
 * text), then `citations`, a JSON list of `{ source, quote, fields }` in citation order, when the kind has a
 * citation column. `measures`: keys computed in SQL (a filter's `distance_km`). Throws on a key that is neither a
 * column, a measure nor a reference (a programming error).
 */
export function exportSelect(
  table: IdTable,
  references: readonly ExportedReference[],
  where: SQL | undefined,
  columns: ExportColumns,
  measures: Readonly<Record<string, SQL>> = {},
): SQL {
  const tableColumns = getTableColumns(table) as Record<string, PgColumn>;
  const columnOf = (key: string) => {
    const column = tableColumns[key];
    if (!column && measures[key]) return measures[key];
    if (!column) throw new Error(`export column ${key} is neither a column nor a reference`);
    return column.columnType === 'PgTimestamp' ? isoText(column) : sql`${column}`;
  };
  const isReference = (key: string | undefined) => references.some((r) => r.as === key);
  // A path is a column; a reference's field (`operator`, `id`); or a field inside a JSON column (`hotline`, `phone`).
  const cells = columns.paths
    ? columns.paths.map(([key = '', ...inside]) => {
        if (!inside.length) return columnOf(key);
        if (isReference(key)) return sql`${sql.identifier(key)}.${sql.identifier(inside.join('_'))}`;
        return sql`${columnOf(key)} #> ${`{${inside.join(',')}}`}::text[]`;
      })
    : columns.keys.map((key) => {
        const as = sql.identifier(key);
        if (isReference(key)) {
          return sql`case when ${as}.id is null then null
            else json_build_object('id', ${as}.id, 'name', ${as}.name) end as ${as}`;
        }
        return sql`${columnOf(key)} as ${as}`;
      });
  if (columns.citationColumn) {
    // JSON text never holds a raw line break inside a string: what json_agg puts between items is `, \n `.
    const list = sql`(select coalesce(json_agg(x), '[]'::json) from (
        select c.source_id as source, c.quote, c.fields from citations c
         where c.${sql.identifier(columns.citationColumn)} = ${table.id} order by c.id) x)`;
    cells.push(columns.paths ? sql`replace(${list}::text, E', \\n ', ',')` : sql`${list} as citations`);
  }
  const joins = references.map(
    (r) =>
      sql` left join ${r.table} as ${sql.identifier(r.as)} on ${sql.identifier(r.as)}.id = ${r.column} and ${shown(r.table, r.as)}`,
  );
  const created = tableColumns.created_at;
  if (!created) throw new Error('an exported table has a created_at column');
  return sql`select ${sql.join(cells, sql`, `)} from ${table}${sql.join(joins)}
    ${where ? sql`where ${where}` : sql``}
    order by ${created}, ${table.id} collate "C"`;
}
