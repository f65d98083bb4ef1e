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

/**
 * The channel on which a transaction that withholds entries or shows them again tells it (`notifyWithheld`): each API
 * process keeps the withheld ids in memory from it (search/withheld-ids.ts), so that a search never shows an entry
 * the index has not yet dropped.
 */
export const withheldChannel = 'plateau_withheld';

/** A notice of `withheldChannel`: these entries of `kind` are withheld (`withheld` true) or shown again; or `reload`. */
export type WithheldNotice = { kind: string; ids: string[]; withheld: boolean } | { reload: true };

/** PostgreSQL's bound on a notification's payload is 8,000 bytes: a longer notice says `reload` instead. */
const payloadBytes = 7_900;

/**
 * Tells the API processes, in the caller's transaction (delivered when it commits, never if it rolls back), that
 * these entries of `kind` are now withheld (or shown again): the ids themselves when they fit in a notification, else
 * a `reload` (every process reads the withheld ids again).
 */
export async function notifyWithheld(
  db: { execute(query: SQL): Promise<unknown> },
  kind: string,
  ids: readonly string[],
  withheld: boolean,
): Promise<void> {
  if (!ids.length) return;
  const notice: WithheldNotice = { kind, ids: [...ids], withheld };
  let payload = JSON.stringify(notice);
  if (Buffer.byteLength(payload) > payloadBytes) payload = JSON.stringify({ reload: true } satisfies WithheldNotice);
  await db.execute(sql`select pg_notify(${withheldChannel}, ${payload})`);
}

/** The names of those of `kinds` whose entries may be withheld (their table has the `withheld` column). */
export function withholdingKindNames(kinds: readonly { name: string; tableName: string }[]): string[] {
  return kinds.filter((k) => withholdingTables.has(k.tableName)).map((k) => k.name);
}
