// A runtime file is believed only when the process it names is really the
// engine, started when the file says, and its owner decides between reuse
// and orphan.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEmbeddedPostgres } from '../../src/db/embedded.js';
import { commandLine, startTime, stillRunning, thisProcess } from '../../src/engines/processes.js';
import { findEmbeddedMeilisearch, meilisearchOwnedElsewhere } from '../../src/search/embedded.js';

let dataDir: string;
const file = () => path.join(dataDir, 'meilisearch.json');
/** A pid that no process holds (above the kernel's default pid_max of 4194304). */
const deadPid = 4_194_400;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-runtime-'));
  await mkdir(path.join(dataDir, 'postgres'));
  await writeFile(path.join(dataDir, 'meilisearch-master-key'), 'key\n');
  await writeFile(path.join(dataDir, 'postgres-password'), 'password\n');
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('runtime files of the bundled engines', () => {
  it('tells a process by its pid and start time: the same pid started at another time is another process', () => {
    const me = thisProcess();
    expect(me.start).toBe(startTime(process.pid));
    expect(stillRunning(me)).toBe(true);
    expect(stillRunning({ pid: process.pid, start: (me.start ?? 0) + 1 })).toBe(false);
    expect(stillRunning({ pid: deadPid, start: null })).toBe(false);
    expect(commandLine(process.pid)?.[0]).toBe(process.execPath);
    expect(commandLine(deadPid)).toBeNull();
  });

  it('does not take a live process that is not Meilisearch for it, and drops the file when its owner is gone', async () => {
    const record = { pid: process.pid, start: startTime(process.pid), port: 1, owner: { pid: deadPid, start: null } };
    await writeFile(file(), JSON.stringify(record));
    expect(await findEmbeddedMeilisearch(dataDir)).toBeNull();
    expect(existsSync(file())).toBe(false);
  });

  it('keeps the file of a live owner (its supervisor is restarting the engine), so a CLI waits rather than copies', async () => {
    const owner = { pid: process.ppid, start: startTime(process.ppid) };
    await writeFile(file(), JSON.stringify({ pid: deadPid, start: null, port: 1, owner }));
    expect(await findEmbeddedMeilisearch(dataDir)).toBeNull();
    expect(existsSync(file())).toBe(true);
    expect((await meilisearchOwnedElsewhere(dataDir))?.owner).toEqual(owner);
    await writeFile(
      file(),
      JSON.stringify({ pid: deadPid, start: null, port: 1, owner: { pid: deadPid, start: null } }),
    );
    expect(await meilisearchOwnedElsewhere(dataDir)).toBeNull();
  });

  it("does not take a reused pid in PostgreSQL's own postmaster.pid for the server", async () => {
    await writeFile(
      path.join(dataDir, 'postgres', 'postmaster.pid'),
      `${process.pid}\n${path.join(dataDir, 'postgres')}\n1700000000\n5432\n`,
    );
    expect(await findEmbeddedPostgres(dataDir)).toBeNull();
  });
});
