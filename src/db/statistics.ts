// PostgreSQL's planner statistics refreshed after a bulk import. A million rows committed at once leave the
// planner with the row counts of before (a table it thinks holds 70 rows, holding 40,000): the search indexer's
// first query over `search_entries` then nests a scan of that table inside a loop over a million others, and takes
// minutes instead of seconds, until autovacuum's own ANALYZE comes round (a minute or more later).
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/** The bookkeeping every write keeps besides its entry's own table (writes/envelope.ts). */
export const bookkeepingTables = ['sources', 'citations', 'changes', 'search_outbox'] as const;

/**
 * Rows an import must have changed for its tables' statistics to be refreshed at once: below, a few percent of a
 * national directory, autovacuum's analyze is soon enough.
 */
export const bulkRows = 5_000;

/** How many ANALYZE statements run at once (each on a connection of the pool): the machine's two cores. */
const analyzers = 2;

/**
 * ANALYZE of `tables` (names of this schema's tables), after an import that committed `changedRows` rows, when they
 * are at least `bulkRows`; nothing otherwise. Each table is analysed on the columns of its primary and foreign keys
 * only (read from the catalogue): that refreshes what the planner misjudged after a bulk load, the table's row and
 * page counts (pg_class `reltuples`, `relpages`), and the statistics of the keys its joins use; the rest of its
 * statistics (its other columns, and the expressions of its indexes: the French name sorts, the names' lookup keys,
 * which cost most: `analyze sites` of 20,000 sites 0.84 s, of its keys 0.07 s, load 18) is left to autovacuum's own
 * ANALYZE, which this one does not postpone (PostgreSQL resets a table's count of changed rows only on an ANALYZE of
 * every column). Each sample is 30,000 rows whatever the table's size. The tables are shared, in turn, among
 * `analyzers` statements sent at once on `db`'s pool (the import's process waits for them, PostgreSQL's CPU only).
 * Throws what PostgreSQL says (an unknown table is a programming error).
 */
export async function refreshStatistics(db: Db, tables: readonly string[], changedRows: number): Promise<void> {
  if (changedRows < bulkRows || !tables.length) return;
  const names = [...new Set(tables)];
  const keys = await db.execute<{ table: string; columns: string[] }>(sql`
    select c.relname as "table", array_agg(distinct a.attname::text order by a.attname::text) as columns
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any(k.conkey)
     where c.relnamespace = current_schema()::regnamespace and c.relname = any(${sql.param(names)}::text[]) and k.contype in ('p', 'f')
     group by c.relname`);
  const columnsOf = new Map(keys.map((k) => [k.table, k.columns]));
  // A table without keys (none here) is analysed whole.
  const targets = names.map((t) => {
    const columns = columnsOf.get(t);
    const list = columns?.length
      ? sql` (${sql.join(
          columns.map((c) => sql.identifier(c)),
          sql`, `,
        )})`
      : sql``;
    return sql`${sql.identifier(t)}${list}`;
  });
  const shares = Array.from({ length: Math.min(analyzers, targets.length) }, (_, k) =>
    targets.filter((_, i) => i % analyzers === k),
  );
  await Promise.all(shares.map((share) => db.execute(sql`analyze ${sql.join(share, sql`, `)}`)));
}
