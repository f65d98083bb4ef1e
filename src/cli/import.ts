// npm run import -- <file.csv|file.json|file.jsonl> --kind sites [--dry-run] [--skip-invalid]
// Checks every row first and reports each bad one with its line, as it is
// found; applies nothing if any is bad (or, with --skip-invalid, the good ones,
// writing the bad ones to <file>.rejected.<ext> as they are found, never through
// a link). Memory holds none of them, however many. Upserts by id:
// the same file twice changes nothing. Same data as `npm start`, API running
// or not.
//
// This entry starts the thread that checks the rows (import-check.ts) before anything else is loaded, with the kind
// the command line names, then loads the command itself (import-run.ts): the thread loads its modules and the
// geography while this one loads its own and readies the database (at 10,000 rows, loading this thread's modules
// first delayed the first checked row by 0.3 s at rest, 1 s on a loaded machine). A command line refused exits
// before the thread has checked anything.
import { parseArgs } from 'node:util';
import { CheckThread } from '../import/worker.js';
import type { ImportCheckStart } from './import-check.js';

/**
 * The worker thread's module (import-check.ts): beside this one, compiled (dist/cli-import-check.js, bundled by
 * scripts/build.mjs) or not (under tsx).
 */
const checkEntry = import.meta.url.endsWith('.ts')
  ? new URL('./import-check.ts', import.meta.url)
  : new URL('./cli-import-check.js', import.meta.url);

/** The `--kind` the command line gives ('' when none): read as it comes, import-run.ts reads it again and checks it. */
function kindArgument(): string {
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { kind: { type: 'string' } }, strict: false });
    return typeof values.kind === 'string' ? values.kind : '';
  } catch {
    return '';
  }
}

const checker = new CheckThread(checkEntry, { kind: kindArgument() } satisfies ImportCheckStart);
const { runImportCommand } = await import('./import-run.js');
runImportCommand(checker);
