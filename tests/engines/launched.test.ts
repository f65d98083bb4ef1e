// The bundled PostgreSQL tells when the rest of its start runs in its own processes (`onLaunched`): on an empty
// folder once initdb runs, before the server answers; on a folder whose cluster exists, before the server starts.
// The API loads its modules only then (src/server.ts), so that they do not hold up the steps before initdb.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The command lines of this process's children. */
async function childCommands(): Promise<string[]> {
  const commands: string[] = [];
  for (const task of await readdir('/proc/self/task')) {
    const children = await readFile(`/proc/self/task/${task}/children`, 'utf8').catch(() => '');
    for (const pid of children.trim().split(/\s+/).filter(Boolean)) {
      commands.push((await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' '));
    }
  }
  return commands;
}

describe('startEmbeddedPostgres onLaunched', () => {
  it('is told once, while initdb runs, on an empty folder; before the start, on a created one', {
    timeout: 120_000,
  }, async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-launched-'));
    const told: { answered: boolean; initdbRunning: boolean }[] = [];
    let answered = false;
    const tell = () => {
      const snapshot = { answered, initdbRunning: false };
      told.push(snapshot);
      void childCommands().then((commands) => {
        snapshot.initdbRunning = commands.some((c) => c.includes('/initdb '));
      });
    };
    const first = await startEmbeddedPostgres(dataDir, { onLaunched: tell });
    answered = true;
    await first.stop();
    expect(told).toEqual([{ answered: false, initdbRunning: true }]);

    answered = false;
    const again = await startEmbeddedPostgres(dataDir, { onLaunched: tell });
    answered = true;
    await again.stop();
    expect(told).toEqual([
      { answered: false, initdbRunning: true },
      { answered: false, initdbRunning: false },
    ]);
  });
});
