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
 * are at least `bulkRows`; nothing otherwise. Each table's sample is 30,000 rows whatever its size: about a second
 * for a table of a million. The tables are shared, in turn, among `analyzers` statements sent at once on `db`'s
 * pool (the import's process waits for them, PostgreSQL's CPU only: one ANALYZE a core). Throws what PostgreSQL says
 * (an unknown table is a programming error).
 */
export async function refreshStatistics(db: Db, tables: readonly string[], changedRows: number): Promise<void> {
  if (changedRows < bulkRows || !tables.length) return;
  const names = [...new Set(tables)].map((t) => sql.identifier(t));
  const shares = Array.from({ length: Math.min(analyzers, names.length) }, (_, k) =>
    names.filter((_, i) => i % analyzers === k),
  );
  await Promise.all(shares.map((share) => db.execute(sql`analyze ${sql.join(share, sql`, `)}`)));
}
