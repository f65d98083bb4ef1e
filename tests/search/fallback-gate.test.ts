import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { freePort } from '../../src/db/embedded.js';
import { UnavailableError } from '../../src/domain/errors.js';
import { startEmbeddedMeilisearch } from '../../src/search/embedded.js';
import { FallbackGate } from '../../src/search/fallback-gate.js';
import { getJson, hitIds } from '../setup/app.js';
import { withContractCheck } from '../setup/contract.js';
import { testDatabase } from '../setup/database.js';

describe('the gate of the degraded search path', () => {
  it('runs `concurrency` searches at once, queues `queue` more, and refuses the rest with a retry delay', async () => {
    const gate = new FallbackGate({ concurrency: 2, queue: 3, maxWaitMs: 5_000, retryAfterSeconds: 2 });
    let running = 0;
    let most = 0;
    const search = () =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        return 'ok';
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, search));
    expect(most).toBe(2);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(refused).toHaveLength(5);
    for (const error of refused) {
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.retryAfterSeconds).toBe(2);
    }
    expect(gate.refused).toBe(5);
  });

  it('refuses a search that waited longer than `maxWaitMs`', async () => {
    const gate = new FallbackGate({ concurrency: 1, queue: 5, maxWaitMs: 20 });
    const slow = gate.run(() => new Promise((resolve) => setTimeout(resolve, 200)));
    await expect(gate.run(async () => 'late')).rejects.toBeInstanceOf(UnavailableError);
    await slow;
    expect(await gate.run(async () => 'free again')).toBe('free again');
  });

  it('refuses a search whose answer takes longer than `maxRunMs`, aborts it, and keeps its turn until it ends', async () => {
    const gate = new FallbackGate({ concurrency: 1, queue: 1, maxRunMs: 20 });
    let finish = () => {};
    let given: AbortSignal | undefined;
    const slow = gate.run((signal) => {
      given = signal;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    await expect(slow).rejects.toEqual(
      new UnavailableError(
        'Search is answering from the database while the search engine recovers, and could not answer in time; try ' +
          'again shortly.',
        2,
      ),
    );
    expect(given?.aborted).toBe(true);
    // Its statement still runs: the next search waits for its turn, which comes when that ends.
    let next: string | undefined;
    const queued = gate
      .run(async () => 'next')
      .then((answer) => {
        next = answer;
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(next).toBeUndefined();
    finish();
    await queued;
    expect(next).toBe('next');
  });
});

describe('/v1/search while Meilisearch is down', () => {
  it('answers from PostgreSQL up to the gate, and 503 with Retry-After beyond it, never a 500', async () => {
    const { url } = await testDatabase();
    const offline = await buildApp({
      databaseUrl: url,
      logLevel: 'silent',
      search: { host: `http://127.0.0.1:${await freePort()}`, apiKey: undefined, indexName: 'none', runIndexer: false },
    });
    afterAll(() => offline.close());
    await offline.ready();
    const { gate } = offline.directorySearch.service;
    const burst = 3 * (gate.concurrency + gate.queue);
    const responses = await Promise.all(
      Array.from({ length: burst }, () =>
        offline.inject({ method: 'GET', url: '/v1/search?q=centre%20de%20contacts' }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    const answered = responses.filter((r) => r.statusCode === 200);
    expect(answered.length).toBeGreaterThanOrEqual(gate.concurrency);
    for (const r of answered) expect(r.json().degraded).toBe(true);
    const refused = responses.filter((r) => r.statusCode === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBe(gate.refused);
    const [first] = refused;
    expect(first?.headers['retry-after']).toBe('2');
    expect(first?.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(first?.json()).toEqual({
      type: '/problems/service_unavailable',
      title: 'Service unavailable',
      status: 503,
      detail:
        'Search is answering from the database while the search engine recovers, and is at capacity; try again shortly.',
      instance: '/v1/search?q=centre%20de%20contacts',
      code: 'service_unavailable',
      request_id: first?.headers['x-request-id'],
    });
  });
});

/** Stops a process (SIGSTOP) and waits until the kernel says it is stopped (`T` in /proc/<pid>/stat). */
async function freeze(pid: number) {
  process.kill(pid, 'SIGSTOP');
  const state = async () => (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '')[0];
  await expect.poll(state).toBe('T');
}

/**
 * Runs `test` with an app over a clone of the seed, indexed in a Meilisearch of its own (the only one a test may
 * freeze: the run's is shared by every file), given that Meilisearch's pid; the engine is sent SIGCONT, stopped and
 * removed afterwards, whatever happened.
 */
async function withOwnMeilisearch(test: (app: App, pid: number) => Promise<void>) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-frozen-search-'));
  const meilisearch = await startEmbeddedMeilisearch(dataDir, { maxIndexingMemory: '128MiB' });
  const { pid } = JSON.parse(await readFile(path.join(dataDir, 'meilisearch.json'), 'utf8')) as { pid: number };
  try {
    const { url } = await testDatabase();
    const app = withContractCheck(
      await buildApp({
        databaseUrl: url,
        logLevel: 'silent',
        search: { host: meilisearch.host, apiKey: meilisearch.apiKey, indexName: 'frozen', runIndexer: false },
      }),
    );
    try {
      await app.ready();
      await app.directorySearch.indexer.runOnce();
      await test(app, pid);
    } finally {
      process.kill(pid, 'SIGCONT');
      await app.close();
    }
  } finally {
    process.kill(pid, 'SIGCONT');
    await meilisearch.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('a frozen Meilisearch (SIGSTOP: it takes connections and answers nothing)', () => {
  it(
    'answers the results page, /v1/search and lists from PostgreSQL, says so, and returns to it on SIGCONT',
    () =>
      withOwnMeilisearch(async (app, pid) => {
        const live = await getJson(app, '/v1/search?q=Vendome');
        expect(live.body).toMatchObject({ degraded: false });
        await freeze(pid);
        try {
          // Fault 05: the page never answered (the socket cut at 60 s), the API after 8 to 17 s.
          const page = await app.inject({ method: 'GET', url: '/recherche?q=Vendome' });
          expect(page.statusCode).toBe(200);
          expect(page.body).toContain('Recherche en mode dégradé : le moteur de recherche ne répond pas');
          expect(page.body).toContain('/sites/ipg-contacts-services-vendome');
          expect(app.directorySearch.service.engineAvailable).toBe(false);
          // Searches at once, each answered from PostgreSQL, none left waiting on the frozen engine.
          const searches = await Promise.all(
            ['Vendome', 'Roubaix', 'Amiens', 'Partenord'].map((q) => getJson(app, `/v1/search?q=${q}&facets=kind`)),
          );
          expect(searches.map((s) => [s.status, s.body.degraded])).toEqual(Array(4).fill([200, true]));
          expect(hitIds(searches[0]!.body)).toContain('site:ipg-contacts-services-vendome');
          const list = await getJson(app, '/v1/sites?q=amiens&facets=status');
          expect([list.status, list.body.degraded, list.body.total]).toEqual([200, true, 4]);
        } finally {
          process.kill(pid, 'SIGCONT');
        }
        // Back to Meilisearch without a restart, once its probe finds it answering.
        await expect
          .poll(async () => (await getJson(app, '/v1/search?q=Vendome')).body.degraded, { timeout: 30_000 })
          .toBe(false);
      }),
    120_000,
  );

  it(
    'is taken as down as soon as /ready finds it so: searches then go to PostgreSQL without waiting for it',
    () =>
      withOwnMeilisearch(async (app, pid) => {
        expect(app.directorySearch.service.engineAvailable).toBe(true);
        await freeze(pid);
        try {
          const ready = await getJson(app, '/ready');
          expect([ready.status, ready.body.status, ready.body.checks.search.status]).toEqual([200, 'degraded', 'down']);
          // No search had to find out by waiting: the check told the search service.
          expect(app.directorySearch.service.engineAvailable).toBe(false);
          const search = await getJson(app, '/v1/search?q=Vendome');
          expect([search.status, search.body.degraded]).toEqual([200, true]);
        } finally {
          process.kill(pid, 'SIGCONT');
        }
      }),
    120_000,
  );
});
