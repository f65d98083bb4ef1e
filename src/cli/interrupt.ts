// What every long-running CLI does on Ctrl-C (SIGINT) or SIGTERM: it stops, rolls back and drops what it made, says so
// in one line, and exits with the conventional status (128 + the signal's number: 130, 143). Declared once here; each
// CLI registers what it made as it makes it (`onInterrupt`): its database sessions (`cliDatabase`: ended, so that
// PostgreSQL rolls their transactions back, then the staging tables they owned dropped), a reindex's index being built.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type ConnectOptions, connect, type Database } from '../db/client.js';
import { hasImportCommitted } from '../import/committed.js';
import { dropAbandonedStagingTables, importStagingPrefix } from '../import/staging.js';
import { bodaccStagingPrefix } from '../open-data/bodacc/staging.js';
import { watchLaunchers } from '../shutdown.js';
import { printLines } from './output.js';

/** What an interrupted CLI undoes; run newest first, each at most `cleanupMs`. */
type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];
/**
 * The database pools of the CLI (`cliDatabase`), each ended at once when it is interrupted, all of them before any
 * cleanup runs: a cleanup waiting (for a staging table's lock) must not leave another pool's transaction free to
 * commit meanwhile.
 */
const pools = new Set<() => Promise<void>>();
/** What stopped the CLI: a signal's name, or `launcher <pid> exited`. */
let caught: string | null = null;
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/** How long one cleanup may take before the next runs, in ms (a database that does not answer). */
const cleanupMs = 10_000;

/** Whether a signal stopped the CLI: its own ending (exit status, failure message) is then the handler's to give. */
export function interrupted(): boolean {
  return caught !== null;
}

/**
 * Registers `cleanup`, run when the CLI is interrupted (newest first); returns what unregisters it, once what it
 * undoes is gone anyway (a pool closed, an index swapped in).
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.indexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

/**
 * Makes SIGINT and SIGTERM stop the CLI: the cleanups registered run (newest first; a failing one is skipped), then
 * `words(cause)` is printed on stderr, one line (the cause: `SIGINT`, `SIGTERM`), and the process exits 130 (SIGINT)
 * or 143 (SIGTERM). A second signal during the cleanups exits at once. So does the exit of a process that launched
 * the CLI (`npm run import` runs npm → sh → node; a launcher killed without passing its signal on would leave the CLI
 * running alone, to commit later): looked at every second (src/shutdown.ts `watchLaunchers`, as the server does: the parent, whatever its name, and under an npm script the ancestors running it up to npm), then the
 * CLI stops as on SIGTERM, the cause `launcher <pid> exited`. Call once, first thing.
 */
export function exitOnInterrupt(words: (cause: string) => string): void {
  let watch: NodeJS.Timeout | undefined;
  const stop = (cause: string, code: number) => {
    if (caught) process.exit(code);
    caught = cause;
    clearInterval(watch);
    // The work torn down fails on its ended sessions (a COPY stream's error event, a query's rejection): expected
    // now, never the CLI's last words.
    process.on('uncaughtException', () => {});
    process.on('unhandledRejection', () => {});
    // Taken now: work failing on its ended pool closes it, which would unregister its cleanup (the sessions' end).
    const pending = cleanups.splice(0).reverse();
    void (async () => {
      await Promise.all([...pools].map((end) => end().catch(() => {})));
      for (const cleanup of pending) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, cleanupMs);
        });
        await Promise.race([cleanup().catch(() => {}), late]);
        clearTimeout(timer);
      }
      printLines(process.stderr, [words(cause)]);
      process.exit(code);
    })();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal, exitCodes[signal]));
  watch = watchLaunchers((cause) => stop(cause, exitCodes.SIGTERM));
}

/** Whether the import's work had ended (committed, or found nothing to apply) when a signal came. */
let importDone = false;

/** Tells the interrupt handler that the import's work has ended: a signal from now on undoes nothing. */
export function importEnded(): void {
  importDone = true;
}

/**
 * The line an import CLI prints when interrupted: its sessions ended, its transaction rolled back, its staging gone;
 * once its work had ended (`importEnded`) or its transaction had committed (import/committed.ts), that what it applied
 * stays applied (a signal while the commit itself is in flight, a few milliseconds, is told as before it: PostgreSQL
 * decides, and a second run changes nothing either way). Nothing commits after the signal: `cliDatabase` ends its
 * pools first.
 */
export const importInterrupted = (cause: string) =>
  importDone || hasImportCommitted()
    ? `import interrupted (${cause}) once it had ended: what it applied stays applied`
    : `import interrupted (${cause}): stopped and rolled back, nothing applied`;

/** Exits with `code`, unless a signal interrupted the CLI (its handler exits once it has undone what was made). */
export function exitUnlessInterrupted(code: number): void {
  if (interrupted()) return;
  // What is still queued for a pipe (Node writes to one asynchronously) is written before the exit, not lost.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** How long an interrupted CLI waits for its ended sessions to release their staging tables' locks, in ms. */
const releaseMs = 5_000;

/**
 * A pool to the database of `url` (`connect`'s options) whose sessions are ended when the CLI is interrupted: first the
 * pool itself, at once, with every other such pool, before any cleanup (its sockets closed; any statement asked of it
 * from then on fails, so that no work of the CLI still running, a retry, a fallback, commits after the signal), then,
 * from a session of its own,
 * PostgreSQL is told to terminate every session of the pool (its running statement stops, its transaction is rolled
 * back, its locks released), then the staging tables this process made are dropped (their lock free once their
 * session is gone, `dropAbandonedStagingTables`).
 */
export function cliDatabase(url: string, options: Pick<ConnectOptions, 'max' | 'keepOpen'> = {}): Database {
  const applicationName = `plateau-cli-${process.pid}-${randomBytes(4).toString('hex')}`;
  const database = connect(url, { ...options, applicationName });
  // Timeout 0: the connections are destroyed now, not once their statements end.
  const end = () => database.sql.end({ timeout: 0 });
  pools.add(end);
  const unregister = onInterrupt(async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'plateau-cli-cleanup' } });
    try {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`;
      const client = await sql.reserve();
      try {
        const deadline = Date.now() + releaseMs;
        for (;;) {
          let owned = 0;
          for (const prefix of [importStagingPrefix, bodaccStagingPrefix]) {
            owned += (await dropAbandonedStagingTables(client, `${prefix}${process.pid}_`)).owned.length;
          }
          if (!owned || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        client.release();
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
  return {
    ...database,
    close: async () => {
      pools.delete(end);
      unregister();
      await database.close();
    },
  };
}
