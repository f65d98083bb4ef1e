import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { freePort } from '../../src/db/embedded.js';
import { UnavailableError } from '../../src/domain/errors.js';
import { FallbackGate } from '../../src/search/fallback-gate.js';
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
