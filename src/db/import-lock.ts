// One import applies its changes at a time. Two imports run together (a daily BODACC file's cron beside a manual
// run) would each plan the same new entry (the company `race-sa`) and the second fail on the first's id, blaming its
// data. Each import's transaction takes this lock first, so the second waits for the first to end and then reads
// what it wrote: it updates the entries the first created instead of creating them again.
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/** The advisory lock of the imports (the migrations', the seed's and the indexer's are 7_311_042_001 to 003). */
const IMPORT_LOCK = 7_311_042_004;

/**
 * Takes the imports' lock for the rest of the transaction `tx` (released at its commit or rollback), waiting for
 * another import's transaction to end first; `waiting` is called once when it has to wait.
 */
export async function holdImportLock(tx: Db, waiting?: () => void): Promise<void> {
  const [free] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${IMPORT_LOCK}) as locked`);
  if (free?.locked) return;
  waiting?.();
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
}
