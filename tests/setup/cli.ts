// Running a CLI of src/cli/ as a user does (its own node, under tsx), for the tests of what it prints.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

/** Runs `src/cli/<script>` with `args`: its exit status, stdout and stderr. */
export function runCli(script: string, args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
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
