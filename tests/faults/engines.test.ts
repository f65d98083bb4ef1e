// Kills and freezes the bundled engines of a real Plateau under a light load,
// then stops it with exports running, then SIGKILLs it and starts it again:
// every answer is a right one (never a 500), search and the database recover
// without a restart of the API, no acknowledged write is lost, and no engine
// is left behind.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/client.js';
import { startTime } from '../../src/engines/processes.js';
import { createKey } from '../../src/keys/api-keys.js';
import { documentUid } from '../../src/search/documents.js';
import { testSource } from '../setup/factories.js';
import {
  get,
  gone,
  plateauEnv,
  postgresProcesses,
  type Running,
  runtime,
  sleep,
  startPlateau,
  until,
} from './server.js';

let dataDir: string;
let plateau: Running;
let database: Database;
let key: string;

const citations = [{ source: testSource, quote: 'Une fiche de test' }];

async function databaseUrl() {
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${runtime(dataDir, 'postgres').port}/postgres`;
}

/** A light load: a search and a list every 100 ms, an operator created every 300 ms; every answer kept. */
function load(base: string) {
  const statuses: { path: string; status: number }[] = [];
  const acknowledged: string[] = [];
  let running = true;
  let n = 0;
  const loop = async () => {
    while (running) {
      n++;
      const reads = [`/v1/search?q=ipg`, `/v1/sites?limit=5`].map(async (p) => {
        const status = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(30_000) })
          .then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          })
          .catch(() => -1);
        statuses.push({ path: p, status });
      });
      const write =
        n % 3 === 0
          ? fetch(`${base}/v1/operators`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name: `Charge ${n} ${Date.now()}`, citations }),
              signal: AbortSignal.timeout(30_000),
            })
              .then(async (r) => {
                const body = (await r.json()) as { id?: string };
                statuses.push({ path: 'POST /v1/operators', status: r.status });
                if (r.status === 201 && body.id) acknowledged.push(body.id);
              })
              .catch(() => statuses.push({ path: 'POST /v1/operators', status: -1 }))
          : null;
      await Promise.all([...reads, write]);
      await sleep(100);
    }
  };
  const done = loop();
  return {
    statuses,
    acknowledged,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Ids in Postgres (the search entries) and in the Meilisearch index, once the outbox is drained. */
async function indexAgreesWithPostgres() {
  await until(
    'the outbox drained',
    async () => {
      const ready = await get(`${plateau.base}/ready`);
      return ready.status === 200 && JSON.parse(ready.text).checks.search.outbox_pending === 0;
    },
    60_000,
  );
  const rows = await database.sql<{ kind: string; id: string }[]>`select kind, id from search_entries`;
  const expected = rows.map((r) => documentUid(r.kind, r.id)).sort();
  const apiKey = (await readFile(path.join(dataDir, 'meilisearch-master-key'), 'utf8')).trim();
  const host = `http://127.0.0.1:${runtime(dataDir, 'meilisearch').port}`;
  const response = await fetch(`${host}/indexes/plateau/documents?limit=100000&fields=uid`, {
    headers: { authorization: `Bearer ${apiKey}`, 'accept-encoding': 'identity' },
  });
  const indexed = ((await response.json()) as { results: { uid: string }[] }).results.map((d) => d.uid).sort();
  return { expected, indexed };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-faults-'));
  // A grace period long enough for the exports of the SIGTERM test on a busy machine.
  plateau = await startPlateau(dataDir, 'npm', { SHUTDOWN_GRACE_SECONDS: '120' });
  database = connect(await databaseUrl(), { max: 2 });
  ({ key } = await createKey(database.db, { name: 'Fault suite', scope: 'write' }));
});

afterAll(async () => {
  await database?.close();
  for (const engine of ['meilisearch', 'postgres'] as const) {
    try {
      process.kill(runtime(dataDir, engine).pid, 'SIGKILL');
    } catch {
      // gone already, as it should be
    }
  }
  plateau?.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('the bundled engines under faults', () => {
  const acknowledged: string[] = [];
  /** Stops a load and checks its answers: never a 500, at most a 503 while a server was away. */
  async function finish(traffic: ReturnType<typeof load>) {
    await traffic.stop();
    const wrong = traffic.statuses.filter((s) => s.status !== 200 && s.status !== 201 && s.status !== 503);
    expect(wrong).toEqual([]);
    acknowledged.push(...traffic.acknowledged);
  }

  it('answers searches while Meilisearch is killed, and comes back to it without a restart', async () => {
    const traffic = load(plateau.base);
    await sleep(1_000);
    const killed = runtime(dataDir, 'meilisearch').pid;
    process.kill(killed, 'SIGKILL');
    const during = await get(`${plateau.base}/v1/search?q=ipg`);
    expect(during.status).toBe(200);
    const recovery = await until(
      'search answered by Meilisearch again',
      async () => {
        const search = await get(`${plateau.base}/v1/search?q=ipg`);
        return search.status === 200 && JSON.parse(search.text).degraded === false && gone(killed);
      },
      15_000,
    );
    expect(recovery).toBeLessThan(15_000);
    expect(runtime(dataDir, 'meilisearch').pid).not.toBe(killed);
    expect(plateau.lines.some((l) => l.includes('the bundled Meilisearch exited; restarting it'))).toBe(true);
    // `npm run reindex` repairs the running Meilisearch: no copy of its own.
    const meili = runtime(dataDir, 'meilisearch').pid;
    const reindex = spawnSync(path.resolve('node_modules/.bin/tsx'), ['src/cli/reindex.ts'], {
      env: plateauEnv(dataDir),
      encoding: 'utf8',
    });
    expect(reindex.status).toBe(0);
    expect(reindex.stdout).not.toContain('starting the bundled');
    expect(reindex.stdout).toMatch(
      /^rebuilt index 'plateau': \d+ documents in \d+ batch(es)?, swapped in after \d+ ms$/m,
    );
    expect(runtime(dataDir, 'meilisearch').pid).toBe(meili);
    await finish(traffic);
    const { expected, indexed } = await indexAgreesWithPostgres();
    expect(indexed).toEqual(expected);
  });

  it('answers 503 with Retry-After within seconds while PostgreSQL is frozen, and recovers on SIGCONT', async () => {
    const frozen = postgresProcesses(runtime(dataDir, 'postgres').pid);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      const list = await get(`${plateau.base}/v1/sites`);
      expect(list.status).toBe(503);
      expect(list.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(list.headers.get('retry-after')).toBe('5');
      expect(list.ms).toBeLessThan(5_000);
      const ready = await get(`${plateau.base}/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toMatchObject({ status: 'not_ready', checks: { database: { status: 'down' } } });
      expect(ready.ms).toBeLessThan(2_500);
      const health = await get(`${plateau.base}/health`);
      expect(health.status).toBe(200);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    await until('lists answer again', async () => (await get(`${plateau.base}/v1/sites`)).status === 200, 10_000);
  });

  it('restarts a killed PostgreSQL; writes succeed afterwards and no acknowledged write is lost', async () => {
    const traffic = load(plateau.base);
    await sleep(1_000);
    const killed = runtime(dataDir, 'postgres').pid;
    process.kill(killed, 'SIGKILL');
    await until('PostgreSQL restarted', () => runtime(dataDir, 'postgres').pid !== killed, 20_000);
    await until('ready again', async () => (await get(`${plateau.base}/ready`)).status === 200, 20_000);
    const write = await fetch(`${plateau.base}/v1/operators`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Après la panne', citations }),
    });
    expect(write.status).toBe(201);
    await finish(traffic);
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await database.sql<{ id: string }[]>`select id from operators where id = any(${acknowledged})`;
    expect(stored.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    const { expected, indexed } = await indexAgreesWithPostgres();
    expect(indexed).toEqual(expected);
  });

  it('lets running exports finish on SIGTERM to npm start, then stops every engine', async () => {
    // Enough operators that an export takes a while.
    const rows = ['id;name;citation_source;citation_quote'];
    for (let i = 0; i < 5_000; i++)
      rows.push(
        `charge-${i};Opérateur de charge ${i};en-contact-2017-04-26-fin-de-partie-ipg;IPG Contacts Services est une deuxième entité`,
      );
    const file = path.join(dataDir, 'operators.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const imported = spawnSync(
      path.resolve('node_modules/.bin/tsx'),
      ['src/cli/import.ts', file, '--kind', 'operators'],
      {
        env: plateauEnv(dataDir),
        encoding: 'utf8',
      },
    );
    expect(imported.stderr).toBe('');
    const [counted] = await database.sql<{ total: number }[]>`select count(*)::int as total from operators`;
    const total = counted?.total ?? 0;
    const engines = [runtime(dataDir, 'postgres').pid, runtime(dataDir, 'meilisearch').pid];
    const api = runtime(dataDir, 'postgres').owner.pid;
    let signalledAt = 0;
    const started: Promise<void>[] = [];
    const exports = Array.from(
      { length: 5 },
      () =>
        new Promise<{ status: number; body: string; endedAt: number }>((resolve, reject) => {
          let begun: () => void = () => {};
          started.push(new Promise((resolve) => (begun = resolve)));
          http
            .get(`${plateau.base}/v1/operators/export?format=csv`, (response) => {
              let body = '';
              response.setEncoding('utf8');
              response.on('data', (chunk) => {
                body += chunk;
                begun();
                // A slow reader (a journalist's connection): the export cannot end before it has read it all, so
                // it is still running when the signal comes, however fast the server streams.
                response.pause();
                setTimeout(() => response.resume(), 50);
              });
              response.on('end', () => resolve({ status: response.statusCode ?? 0, body, endedAt: Date.now() }));
              response.on('error', reject);
            })
            .on('error', reject);
        }),
    );
    await Promise.all(started);
    signalledAt = Date.now();
    plateau.child.kill('SIGTERM');
    const done = await Promise.all(exports);
    // They were still running when the signal came.
    expect(Math.max(...done.map((d) => d.endedAt))).toBeGreaterThan(signalledAt);
    for (const { status, body } of done) {
      expect(status).toBe(200);
      // The header row and every operator, each line complete.
      expect(body.endsWith('\r\n')).toBe(true);
      expect(body.trimEnd().split('\r\n')).toHaveLength(total + 1);
    }
    await plateau.exited;
    // npm exits at once; the API it launched notices, finishes, and stops its engines.
    await until('the API stopped', () => gone(api), 60_000);
    await until('no engine left', () => engines.every(gone), 15_000);
    expect(plateau.lines.filter((l) => l.includes('"msg":"shutting down"'))).toHaveLength(1);
    expect(plateau.lines.some((l) => l.includes('closing the connections still open'))).toBe(false);
  });

  it('stops the engines a SIGKILLed run left behind, and does not take a reused pid for Meilisearch', async () => {
    plateau = await startPlateau(dataDir, 'node');
    const orphans = [runtime(dataDir, 'postgres').pid, runtime(dataDir, 'meilisearch').pid];
    // SIGKILL leaves the API no chance to stop its engines.
    plateau.child.kill('SIGKILL');
    await plateau.exited;
    expect(orphans.some(gone)).toBe(false);
    // A stale Meilisearch runtime file naming a live process that is not Meilisearch (this one).
    const meili = runtime(dataDir, 'meilisearch');
    process.kill(meili.pid, 'SIGKILL');
    await until('the orphaned Meilisearch gone', () => gone(meili.pid), 5_000);
    await writeFile(
      path.join(dataDir, 'meilisearch.json'),
      JSON.stringify({ ...meili, pid: process.pid, start: startTime(process.pid) }),
    );
    plateau = await startPlateau(dataDir, 'node');
    await until('the orphaned PostgreSQL stopped', () => gone(orphans[0] as number), 10_000);
    expect(plateau.lines.filter((l) => l.includes('a killed Plateau process left running'))).toHaveLength(1);
    const ready = JSON.parse((await get(`${plateau.base}/ready`)).text);
    expect(ready).toMatchObject({ status: 'ready', checks: { search: { status: 'up' } } });
    const search = JSON.parse((await get(`${plateau.base}/v1/search?q=ipg`)).text);
    expect(search.degraded).toBe(false);
    const engines = [runtime(dataDir, 'postgres').pid, runtime(dataDir, 'meilisearch').pid];
    plateau.child.kill('SIGTERM');
    expect(await plateau.exited).toBe(0);
    await until('no engine left', () => engines.every(gone), 15_000);
  });
});
