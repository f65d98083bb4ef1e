// Running a CLI of src/cli/ as a user does (its own node, bundled as `npm run <cli>` runs it from dist/), for the
// tests of what it prints. The run's bundle of src/cli/ is made once by the global setup (cli-bundle.ts).
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, inject } from 'vitest';

/** The node arguments that run `src/cli/<script>` (its bundle) with `args`. */
const cliArguments = (script: string, args: string[]) => [
  path.join(inject('cliBundle'), `cli-${script.replace(/\.ts$/, '')}.js`),
  ...args,
];

/**
 * Runs `src/cli/<script>` with `args` (and `env` over this process's): its exit status, stdout and stderr, each taken
 * up to `maxBuffer` bytes (1 MiB by default: Node's, past which the CLI is killed).
 */
export function runCli(script: string, args: string[], env: Record<string, string> = {}, maxBuffer = 1024 * 1024) {
  const run = spawnSync(process.execPath, cliArguments(script, args), {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `src/cli/<script>` as runCli does, without waiting: its stdout and stderr; rejects on a status other than 0. */
export function startCli(script: string, args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, cliArguments(script, args), { env: { ...process.env, ...env } });
}

/**
 * Checks that an import CLI taking one file names a directory given for it (`<dir>: is a directory, not a file`)
 * and a file that does not exist (`<dir>/missing.csv: no such file`), each on stderr alone, exit status 1.
 */
export function expectPathsNamed(script: string, dir: string): void {
  const directory = runCli(script, [dir]);
  expect(directory.stderr).toBe(`${dir}: is a directory, not a file\n`);
  expect(directory.status).toBe(1);
  const missing = path.join(dir, 'missing.csv');
  const none = runCli(script, [missing]);
  expect(none.stderr).toBe(`${missing}: no such file\n`);
  expect(none.status).toBe(1);
}

/** Starts `src/cli/<script>` as runCli does, without waiting: the child process, its output piped. */
export function spawnCli(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, cliArguments(script, args), { env: { ...process.env, ...env } });
}
