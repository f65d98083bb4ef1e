// One import runs at a time. Two imports run together (a daily BODACC file's cron beside a manual run, two Sirene
// stocks, Sirene beside BODACC) would each read the directory before the other wrote: both create the same new
// company (`race-sa` twice, or a second operator of one SIREN), or an older stock passes the edition check the newer
// one has not yet recorded. So each import CLI holds this lock for its whole run, from before it reads the directory
// to after it commits: a second waits for the first to end, then reads what it wrote.
import { type ConnectOptions, connect, type Database } from './client.js';

/** The advisory lock of the imports (the migrations', the seed's and the indexer's are 7_311_042_001 to 003). */
const IMPORT_LOCK = 7_311_042_004;

/**
 * Runs `work` holding the imports' lock, on a connection of its own to the database of `databaseUrl` (released when
 * `work` ends, or when the process dies: the server ends the session). `waiting` is called once when another import
 * holds the lock, before waiting for it. `open` makes that connection's pool from `connect`'s options (a CLI's own,
 * `cliDatabase`, whose sessions an interrupt ends: one waiting for the lock would otherwise wait on, its client gone).
 */
export async function withImportLock<T>(
  databaseUrl: string,
  work: () => Promise<T>,
  waiting?: () => void,
  open: (url: string, options: ConnectOptions) => Database = connect,
): Promise<T> {
  const holder = open(databaseUrl, { max: 1, keepOpen: true });
  try {
    const [free] = await holder.sql<{ locked: boolean }[]>`select pg_try_advisory_lock(${IMPORT_LOCK}) as locked`;
    if (!free?.locked) {
      waiting?.();
      await holder.sql`select pg_advisory_lock(${IMPORT_LOCK})`;
    }
    return await work();
  } finally {
    // Closing the session releases its lock.
    await holder.close();
  }
}

/**
 * The lock an import run takes: `withImportLock`, or, for a dry run (which writes nothing: `planOnly`,
 * import/dry-run.ts), none: `work` runs at once, neither waiting for a running import nor making one wait.
 */
export function importLockFor(dryRun: boolean): typeof withImportLock {
  return dryRun ? (_url, work) => work() : withImportLock;
}
