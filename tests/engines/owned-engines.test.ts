// A CLI beside a running API never takes over a bundled engine whose owner is alive: it waits for it
// (ENGINE_WAIT_SECONDS), then fails naming the engine, having started nothing and removed no runtime file.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startTime } from '../../src/engines/processes.js';
import { startServices } from '../../src/runtime.js';

/** A pid that no process holds (above the kernel's default pid_max of 4194304). */
const deadPid = 4_194_400;
let dataDir: string;
/** The stand-in for the API: another process that starts the bundled Meilisearch and PostgreSQL of `dataDir` and owns them. */
let owner: ChildProcess;

/** Resolves once `child` printed `line`. */
function printed(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`owner exited (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-owned-'));
  const script = path.join(dataDir, 'owner.mts');
  const embedded = path.resolve('src/search/embedded.ts');
  const embeddedPostgres = path.resolve('src/db/embedded.ts');
  await writeFile(
    script,
    `import { startEmbeddedMeilisearch } from ${JSON.stringify(embedded)};
import { startEmbeddedPostgres } from ${JSON.stringify(embeddedPostgres)};
const [search, pg] = await Promise.all([
  startEmbeddedMeilisearch(${JSON.stringify(dataDir)}, { maxIndexingMemory: '64MiB' }),
  startEmbeddedPostgres(${JSON.stringify(dataDir)}),
]);
process.once('SIGTERM', () => Promise.all([search.stop(), pg.stop()]).then(() => process.exit(0)));
console.log('ready');
setInterval(() => {}, 1000);
`,
  );
  owner = spawn(path.resolve('node_modules/.bin/tsx'), [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await printed(owner, 'ready');
}, 60_000);

afterAll(async () => {
  if (owner.exitCode === null) {
    const exited = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('a CLI beside the owner of a bundled engine', () => {
  it('fails naming a frozen Meilisearch and its pid, starts no second one on the folder, keeps its runtime file', async () => {
    const file = path.join(dataDir, 'meilisearch.json');
    const recorded = await readFile(file, 'utf8');
    const record = JSON.parse(recorded) as { pid: number; port: number; owner: { pid: number } };
    expect(record.owner.pid).not.toBe(process.pid);
    const config = parseConfig({ DATA_DIR: dataDir, DATABASE_URL: inject('templateUrl'), ENGINE_WAIT_SECONDS: '1' });
    process.kill(record.pid, 'SIGSTOP');
    let failure: unknown;
    try {
      failure = await startServices(config, () => {}).then(
        (services) => services.stop(),
        (error: unknown) => error,
      );
    } finally {
      process.kill(record.pid, 'SIGCONT');
    }
    expect((failure as Error).message).toBe(
      `the bundled Meilisearch of ${dataDir} (pid ${record.pid}) did not answer within 1 s; it belongs to the running ` +
        `Plateau process ${record.owner.pid}, so no second Meilisearch was started on that folder and nothing was ` +
        `changed. Wait until it answers (see ${path.join(dataDir, 'meilisearch.log')}; a stopped process resumes with ` +
        `kill -CONT ${record.pid}) and run this command again, or stop Plateau (pid ${record.owner.pid}) first; ` +
        'ENGINE_WAIT_SECONDS sets the wait',
    );
    expect(await readFile(file, 'utf8')).toBe(recorded);
    const listening = (await readFile(path.join(dataDir, 'meilisearch.log'), 'utf8')).match(/Server listening on/g);
    expect(listening).toHaveLength(1);

    // Resumed, it is reused: the same engine, and the runtime file naming it stays after the CLI stops.
    const services = await startServices(config, () => {});
    expect(services.meiliHost).toBe(`http://127.0.0.1:${record.port}`);
    expect(services.supervisors).toEqual({});
    await services.stop();
    expect(await readFile(file, 'utf8')).toBe(recorded);
  }, 60_000);

  it('fails naming a frozen PostgreSQL and its pid, starts no second one on the folder, keeps its runtime file', async () => {
    const file = path.join(dataDir, 'postgres.json');
    const recorded = await readFile(file, 'utf8');
    const record = JSON.parse(recorded) as { pid: number; port: number; owner: { pid: number } };
    expect(record.owner.pid).not.toBe(process.pid);
    const config = parseConfig({ DATA_DIR: dataDir, ENGINE_WAIT_SECONDS: '1' });
    // The postmaster frozen: it is alive and its port accepts connections, but no query is ever answered.
    process.kill(record.pid, 'SIGSTOP');
    let failure: unknown;
    try {
      failure = await startServices(config, () => {}, { search: false }).then(
        (services) => services.stop(),
        (error: unknown) => error,
      );
    } finally {
      process.kill(record.pid, 'SIGCONT');
    }
    expect((failure as Error).message).toBe(
      `the bundled PostgreSQL of ${dataDir} (pid ${record.pid}) did not answer within 1 s; it belongs to the running ` +
        `Plateau process ${record.owner.pid}, so no second PostgreSQL was started on that folder and nothing was ` +
        `changed. Wait until it answers (see ${path.join(dataDir, 'postgres.log')}; a stopped process resumes with ` +
        `kill -CONT ${record.pid}) and run this command again, or stop Plateau (pid ${record.owner.pid}) first; ` +
        'ENGINE_WAIT_SECONDS sets the wait',
    );
    expect(await readFile(file, 'utf8')).toBe(recorded);
    const started = (await readFile(path.join(dataDir, 'postgres.log'), 'utf8')).match(
      /database system is ready to accept connections/g,
    );
    expect(started).toHaveLength(1);

    // Resumed, it is reused: the same server, and the runtime file naming it stays after the CLI stops.
    const services = await startServices(config, () => {}, { search: false });
    expect(new URL(services.databaseUrl).port).toBe(String(record.port));
    expect(services.supervisors).toEqual({});
    await services.stop();
    expect(await readFile(file, 'utf8')).toBe(recorded);
  }, 60_000);

  it('fails rather than start a PostgreSQL while the owner of the folder’s PostgreSQL runs (restarting it)', async () => {
    const pgDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-owned-pg-'));
    try {
      await mkdir(path.join(pgDir, 'postgres'));
      const file = path.join(pgDir, 'postgres.json');
      const recorded = JSON.stringify({
        pid: deadPid,
        start: null,
        port: 1,
        owner: { pid: owner.pid, start: startTime(owner.pid ?? 0) },
      });
      await writeFile(file, recorded);
      const config = parseConfig({ DATA_DIR: pgDir, ENGINE_WAIT_SECONDS: '1' });
      const failure = await startServices(config, () => {}, { search: false }).then(
        (services) => services.stop(),
        (error: unknown) => error,
      );
      expect((failure as Error).message).toMatch(
        new RegExp(
          `^the bundled PostgreSQL of ${pgDir} \\(pid ${deadPid}\\) did not answer within 1 s; it belongs to the ` +
            `running Plateau process ${owner.pid}, so no second PostgreSQL was started on that folder and nothing was changed\\.`,
        ),
      );
      expect(await readFile(file, 'utf8')).toBe(recorded);
      expect(existsSync(path.join(pgDir, 'postgres', 'PG_VERSION'))).toBe(false);
    } finally {
      await rm(pgDir, { recursive: true, force: true });
    }
  }, 60_000);
});
