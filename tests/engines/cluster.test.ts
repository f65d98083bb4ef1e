// The bundled PostgreSQL's cluster is created by Plateau's own run of initdb (src/db/embedded.ts `createCluster`):
// a failure says initdb's own words, and the password file initdb read is removed either way.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const passwordFiles = async () =>
  (await readdir(os.tmpdir())).filter((name) => name.startsWith('plateau-pg-password-'));

describe('the bundled PostgreSQL cluster', () => {
  it('fails with initdb’s words on a folder initdb refuses, and leaves no password file', {
    timeout: 60_000,
  }, async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-cluster-'));
    // A postgres/ folder that holds something but no cluster: initdb refuses to create one there.
    await mkdir(path.join(dataDir, 'postgres'), { recursive: true });
    await writeFile(path.join(dataDir, 'postgres', 'stray.txt'), 'not a cluster\n');
    const before = await passwordFiles();
    let told = 0;
    const error = await startEmbeddedPostgres(dataDir, { onLaunched: () => told++ }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^initdb could not create the cluster \(1\):\n/);
    expect((error as Error).message).toContain('exists but is not empty');
    expect(told).toBe(1);
    expect(await passwordFiles()).toEqual(before);
  });
});
