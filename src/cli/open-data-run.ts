// What the open-data import CLIs share: reaching the database (started when bundled), running the import, closing
// everything, and the exit status and messages of a failure (nothing applied).
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import type { Db } from '../db/client.js';
import { importLockFor } from '../db/import-lock.js';
import { startServices } from '../runtime.js';
import { parseArguments } from './arguments.js';
import { fileNameProblem, fileProblem, importFailed } from './failure.js';
import {
  cliDatabase,
  exitOnInterrupt,
  exitUnlessInterrupted,
  importEnded,
  importInterrupted,
  onInterrupt,
} from './interrupt.js';
import { ownLines, printLines } from './output.js';

/** What an import CLI says when another import holds the lock. */
export const waitingMessage = () =>
  process.stderr.write('another import is running: waiting for it to end before this one reads the directory…\n');

/**
 * Runs `work` over the directory's database (migrated first; a pool of `connections`), then exits with the status it
 * returns; a file that cannot be read, or any failure, exits 1 with « import failed, nothing applied: … » in words
 * (`importFailed`); Ctrl-C or SIGTERM stops it, nothing applied (cli/interrupt.ts). Holds the imports' lock, but for
 * a `dryRun`, which writes nothing (import/dry-run.ts): it neither waits for an import nor makes one wait.
 */
export function runOpenDataImport(
  { dryRun, connections = 2 }: { dryRun: boolean; connections?: number },
  work: (db: Db) => Promise<number>,
): void {
  exitOnInterrupt(importInterrupted);
  const main = async () => {
    const services = await startServices(loadConfig(), () => {}, { search: false });
    onInterrupt(() => services.stop());
    try {
      await prepareDatabase(services.databaseUrl);
      const database = cliDatabase(services.databaseUrl, { max: connections });
      try {
        // One import at a time: this one waits for another's end before it reads the directory.
        const locked = importLockFor(dryRun);
        const status = await locked(services.databaseUrl, () => work(database.db), waitingMessage, cliDatabase);
        importEnded();
        return status;
      } finally {
        await database.close();
      }
    } finally {
      await services.stop();
    }
  };
  main().then(exitUnlessInterrupted).catch(importFailed);
}

/**
 * The arguments of an open-data import CLI: one file and `--dry-run`. `-h` prints `usage` and `help` and exits 0;
 * a bad argument exits 2 with `usage`; a path that is no file to read (missing, a directory) 1, naming it; a name
 * not ending in one of `endings` (`fileNameProblem`) 2, with `usage`.
 */
export function fileArguments(
  usage: string,
  help: string,
  endings: readonly string[],
): { file: string; dryRun: boolean } {
  const fail = (message: string, code = 2): never => {
    printLines(process.stderr, code === 2 ? [...ownLines(message), usage] : ownLines(message));
    process.exit(code);
  };
  let parsed: { values: { 'dry-run'?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArguments(process.argv.slice(2), {
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n${help}`);
    process.exit(0);
  }
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length) return fail(file ? `one file at a time, not: ${rest.join(' ')}` : 'no file given');
  const problem = fileProblem(file);
  if (problem) return fail(problem, 1);
  const nameProblem = fileNameProblem(file, endings);
  if (nameProblem) return fail(nameProblem);
  return { file, dryRun: parsed.values['dry-run'] ?? false };
}
