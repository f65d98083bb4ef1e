// What the import CLIs say when an import fails: « import failed, nothing applied: » and what went wrong in words (a
// file's fault, a row's at its line, PostgreSQL's own message, a path that is a directory), never drizzle's « Failed
// query: … params: … » with every value sent. The whole error goes to stderr only with LOG_LEVEL=debug or trace.
import { accessSync, constants, statSync } from 'node:fs';
import { inspect } from 'node:util';
import { DrizzleQueryError } from 'drizzle-orm';
import { ZodError } from 'zod';
import { loadConfig } from '../config.js';
import { postgresRefusal } from '../db/errors.js';
import { exitUnlessInterrupted, interrupted } from './interrupt.js';
import { ownLines, printLines } from './output.js';

/** The longest a failure is told, in characters; the rest is in the debug log. */
const maxWords = 1_000;

/** Node's file-system errors, in words after the path they name. */
const fileProblems: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'no such file (a part of its path is not a directory)',
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (permission denied)',
};

/**
 * What is wrong with `file` as a file to read, in words naming it (« data: is a directory, not a file », « x.csv: no
 * such file », « x.csv: cannot be read (permission denied) »), or null when it is a readable file.
 */
export function fileProblem(file: string): string | null {
  try {
    if (statSync(file).isDirectory()) return `${file}: ${fileProblems.EISDIR}`;
    // A file this process may not read is named now too (it is opened again by the import, in the same words).
    accessSync(file, constants.R_OK);
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return `${file}: ${fileProblems[code] ?? (error as Error).message}`;
  }
}

/**
 * What is wrong with `file`'s name for a CLI that reads the `endings` given (`['.csv', '.zip']`, lower case; a
 * name's ending is compared in any case): « x.txt: the file must end in .csv or .zip », or null when it ends in
 * one of them. Every import CLI asks it of each file it is given, after `fileProblem`, and refuses a name it
 * answers for with its usage, exit 2 (README « Every import CLI … »).
 */
export function fileNameProblem(file: string, endings: readonly string[]): string | null {
  const name = file.toLowerCase();
  if (endings.some((ending) => name.endsWith(ending))) return null;
  const listed = endings.length > 1 ? `${endings.slice(0, -1).join(', ')} or ${endings.at(-1)}` : endings[0];
  return `${file}: the file must end in ${listed}`;
}

/**
 * An error in words: PostgreSQL's message for a statement it refused (not the statement and its values), a path and
 * what is wrong with it for a file that could not be read, each field and its message for values a schema refused,
 * else the error's own message (the import's own errors are worded: `line 12: …`); at most `maxWords` characters.
 */
export function failureInWords(error: unknown): string {
  const refusal = postgresRefusal(error);
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  let words: string;
  if (refusal && (refusal === error || error instanceof DrizzleQueryError))
    words = `PostgreSQL refused a statement: ${refusal.message}`;
  else if (error instanceof DrizzleQueryError)
    words = `a statement failed: ${error.cause?.message ?? 'no reason given'}`;
  else if (typeof code === 'string' && typeof path === 'string' && fileProblems[code])
    words = `${path}: ${fileProblems[code]}`;
  else if (error instanceof ZodError)
    words = error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
  else words = error instanceof Error ? error.message : String(error);
  return words.length > maxWords
    ? `${words.slice(0, maxWords)}… (${words.length - maxWords} characters more with LOG_LEVEL=debug)`
    : words;
}

/** Whether the whole error is to be written (LOG_LEVEL debug or trace). */
function debugging(): boolean {
  try {
    return ['debug', 'trace'].includes(loadConfig().logLevel);
  } catch {
    return false;
  }
}

/**
 * Tells that an import failed and applied nothing (`import failed, nothing applied: <failureInWords>` on stderr; the
 * whole error before it with LOG_LEVEL=debug or trace) and exits 1; nothing when a signal interrupted the CLI
 * (cli/interrupt.ts ends it).
 */
export function importFailed(error: unknown): void {
  // Interrupted (Ctrl-C): the failure is the sessions ended on purpose; cli/interrupt.ts says what happened and exits.
  if (interrupted()) return;
  if (debugging()) process.stderr.write(`debug: ${inspect(error, { depth: 6 })}\n`);
  printLines(process.stderr, ownLines(`import failed, nothing applied: ${failureInWords(error)}`));
  // After what is still queued for stderr (the bad rows printed before the failure).
  exitUnlessInterrupted(1);
}
