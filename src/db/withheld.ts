// Entries withheld from the public (the `withheld` column, db/schema/columns.ts): kept in PostgreSQL with their
// history, but read by no public read. The one condition those reads apply to select what may be shown.
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { mandataires, operators, proceedings, sites } from './schema/index.js';

/**
 * The tables whose entries may be withheld: those with the `withheld` column (SQL names: `sites`, `operators`,
 * `mandataires`, `proceedings`: a proceeding whose BODACC notices were all withdrawn by corrections).
 */
export const withholdingTables: ReadonlySet<string> = new Set(
  [sites, operators, mandataires, proceedings]
    .filter((t) => 'withheld' in getTableColumns(t))
    .map((t) => getTableName(t)),
);

/**
 * The condition a row of `table` meets when it may be shown: `not "<as>"."withheld"`, `as` being how the statement
 * names the row (the table's name by default, or its alias: `o`, `operator`); `true` for a table whose entries are
 * never withheld. Every public read selects its rows with it: lists and their totals, exports, search entries,
 * details, the links an entry shows to others, what cites a source; and the write path (a withheld entry answers
 * 410 to writes as to reads).
 */
export function shown(table: PgTable | string, as?: string): SQL {
  const name = typeof table === 'string' ? table : getTableName(table);
  if (!withholdingTables.has(name)) return sql`true`;
  return sql`not ${sql.identifier(as ?? name)}.withheld`;
}

/**
 * The condition that the entry of `table` whose id is `id` (an SQL expression) is not withheld, for a statement that
 * reads the entry through another table or a view (the search entries): true for an id with no row.
 */
export function shownId(table: string, id: SQL): SQL {
  if (!withholdingTables.has(table)) return sql`true`;
  return sql`not exists (select from ${sql.identifier(table)} w where w.id = ${id} and w.withheld)`;
}
