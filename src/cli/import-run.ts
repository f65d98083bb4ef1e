// The body of `npm run import` (src/cli/import.ts, the entry, starts the checking thread first and then loads this
// module): reads the command line, readies the database, and imports the file, its rows checked on that thread.
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import { importLockFor } from '../db/import-lock.js';
import { detectEncoding } from '../import/encoding.js';
import { kindImporter } from '../import/importer.js';
import { csvLayout, formatOf, jsonRowPlaces, type RowPlace, rowByLine } from '../import/read.js';
import { checkRejectedPath, RejectedFileError, RejectedRows, rejectedPath } from '../import/rejected.js';
import { type Rejected, runImport } from '../import/run.js';
import type { CheckThread } from '../import/worker.js';
import { entryKinds, findKind } from '../kinds.js';
import { startServices } from '../runtime.js';
import { parseArguments } from './arguments.js';
import { fileNameProblem, fileProblem, importFailed } from './failure.js';
import type { ImportCheckData } from './import-check.js';
import {
  cliDatabase,
  exitOnInterrupt,
  exitUnlessInterrupted,
  importEnded,
  importInterrupted,
  interrupted,
  onInterrupt,
} from './interrupt.js';
import { waitingMessage } from './open-data-run.js';
import { ownLines, printLines } from './output.js';

const plurals = entryKinds.map((k) => k.plural);
const usage = `usage: npm run import -- <file.csv|file.json|file.jsonl> --kind ${plurals.join('|')} [--dry-run] [--skip-invalid]`;

const help = `Imports entries of one kind from a CSV (UTF-8 or Windows-1252, ; , or tab), JSON or JSON lines file,
through the API's write path: every row is checked first, then all are applied in one go (nothing on any bad row).
  --kind          the kind of entry the file holds
  --dry-run       check every row and say what would change; write nothing
  --skip-invalid  apply the good rows; the bad ones go to <name>.rejected.<ext> beside the file
  -h, --help      this text
Columns are those of the kind's export (GET /v1/<kind>/export); see README, « Bulk import ».
`;

function fail(message: string, code = 2): never {
  printLines(process.stderr, code === 2 ? [...ownLines(message), usage] : ownLines(message));
  process.exit(code);
}

function parse() {
  const options = {
    kind: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsed: ReturnType<typeof parseArguments<typeof options>>;
  try {
    parsed = parseArguments(process.argv.slice(2), options);
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n${help}`);
    process.exit(0);
  }
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length) fail(file ? `one file at a time, not: ${rest.join(' ')}` : 'no file given');
  const kind = parsed.values.kind;
  if (!kind || !plurals.includes(kind)) fail(`--kind must be one of: ${plurals.join(', ')}`);
  // A path that is no file to read (a directory, whatever its name) is named before its name's ending is looked at,
  // in the words of every import CLI.
  const problem = fileProblem(file);
  if (problem) fail(problem, 1);
  const nameProblem = fileNameProblem(file, ['.csv', '.json', '.jsonl']);
  if (nameProblem) fail(nameProblem);
  const format = formatOf(file)!;
  return {
    file,
    format,
    kind,
    dryRun: parsed.values['dry-run'] ?? false,
    skipInvalid: parsed.values['skip-invalid'] ?? false,
  };
}

/**
 * A rejected row's errors, by the line where the row starts (`place`: « row 3 (line 1) », by its position and its
 * line, in a JSON array whose elements share lines, see `jsonRowPlaces`), printed as soon as it is found (on a
 * terminal, over the progress bar's line, which is drawn again).
 */
function report(row: Rejected, place: RowPlace, bar: SingleBar | null) {
  if (bar) process.stderr.write('\r\u001b[K');
  return printLines(
    process.stderr,
    row.errors.map((e) => `${place(row.line)}: ${e.name}: ${e.message}`),
  );
}

/**
 * `npm run import`, its rows checked by `checker` (started by the entry, src/cli/import.ts, with the kind the command
 * line names, before this module was loaded). Exits the process: 0 when applied (or a dry run found no bad row), 1
 * when rows were rejected without --skip-invalid or the import failed, 2 for a command line refused.
 */
export function runImportCommand(checker: CheckThread): void {
  main(checker)
    .then(exitUnlessInterrupted)
    .catch((error: unknown) => {
      if (error instanceof RejectedFileError && !interrupted())
        fail(`import refused, nothing applied: ${error.message}`, 1);
      importFailed(error);
    });
}

async function main(checker: CheckThread) {
  exitOnInterrupt(importInterrupted);
  const options = parse();
  const rejected = rejectedPath(options.file);
  // A link where the rejected rows would go is refused before anything is imported.
  if (options.skipInvalid && !options.dryRun) await checkRejectedPath(rejected);
  try {
    return await importWith(options, rejected, checker);
  } finally {
    await checker.close();
  }
}

/** The import itself, its rows checked by `checker`; the exit code (1 when rows were rejected without --skip-invalid). */
async function importWith(options: ReturnType<typeof parse>, rejected: string, checker: CheckThread) {
  const config = loadConfig();
  const services = await startServices(config, () => {}, { search: false });
  onInterrupt(() => services.stop());
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: '{phase} {value} rows | {speed} rows/s', hideCursor: true }, undefined)
    : null;
  const started = Date.now();
  // The rejected rows' file, written as they are found; renamed to its name once the import has applied.
  const rejectedRows =
    options.skipInvalid && !options.dryRun
      ? new RejectedRows(rejected, options.format, () => csvLayout(options.file))
      : null;
  const forget = onInterrupt(async () => await rejectedRows?.discard());
  try {
    await prepareDatabase(services.databaseUrl);
    // The staging table's own (its lock and COPY), the apply's transaction (applied while the next rows are checked),
    // the checks' look-ups, and one to spare for reading the staging table back while a transaction is open.
    const database = cliDatabase(services.databaseUrl, { max: 4 });
    try {
      // One import at a time: this one waits for another's end before it reads the directory.
      // Rows of a JSON array are named by their line when each starts on a line of its own, else by their position
      // and line (« row 3 (line 1) »): in the report, and in the messages naming another row or a row that failed.
      const place =
        options.format === 'json'
          ? (await jsonRowPlaces(options.file, await detectEncoding(options.file))).place
          : rowByLine;
      // A dry run writes and locks nothing: it takes no import's lock either.
      const summary = await importLockFor(options.dryRun)(
        services.databaseUrl,
        async () => {
          const importer = await kindImporter(database.db, findKind(options.kind)!);
          bar?.start(0, 0, { phase: 'checking', speed: 0 });
          return runImport(database.db, importer, {
            ...options,
            place,
            // The rows are read and checked on a worker thread while this one stages and applies them.
            checked: checker.checked({ databaseUrl: services.databaseUrl } satisfies ImportCheckData),
            actor: { keyId: null, name: `import ${path.basename(options.file)}`, scope: 'write' },
            onRejected: async (row) => {
              await report(row, place, bar);
              await rejectedRows?.add(row);
            },
            onProgress: (done, phase) => {
              const seconds = (Date.now() - started) / 1000;
              bar?.update(done, {
                phase: phase === 'check' ? 'checking' : 'applying',
                speed: Math.round(done / Math.max(seconds, 0.001)),
              });
            },
          });
        },
        waitingMessage,
        cliDatabase,
      );
      importEnded();
      bar?.stop();
      if (rejectedRows) {
        try {
          if (await rejectedRows.keep()) printLines(process.stderr, [`rejected rows written to ${rejected}`]);
          if (rejectedRows.leftOut) {
            const rows = rejectedRows.leftOut === 1 ? 'row' : 'rows';
            printLines(process.stderr, [
              `${rejectedRows.leftOut} rejected ${rows} too long to copy (see above) left out of ${rejected}`,
            ]);
          }
        } catch (error) {
          printLines(process.stderr, ownLines(`the good rows were applied, but not this: ${(error as Error).message}`));
          return 1;
        }
      }
      const note = options.dryRun
        ? ' (dry run: nothing applied)'
        : summary.applied
          ? ''
          : ' (nothing applied: fix the rows above, or use --skip-invalid)';
      printLines(process.stdout, [
        ...(summary.encoding ? [`encoding: ${summary.encoding}`] : []),
        `${options.kind}: ${summary.rows} rows — ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejectedRows} rejected${note}`,
      ]);
      return summary.rejectedRows && !options.skipInvalid ? 1 : 0;
    } finally {
      await database.close();
    }
  } finally {
    // Not applied (a failure): no rejected rows' file is left; once kept, there is nothing left to remove.
    await rejectedRows?.discard();
    forget();
    bar?.stop();
    await services.stop();
  }
}
