import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { freePort } from '../../src/db/embedded.js';
import { expectedMigrationCount } from '../../src/db/migrate.js';
import { testApp, testSearchOptions } from '../setup/app.js';
import { withContractCheck } from '../setup/contract.js';
import { testDatabase } from '../setup/database.js';

let app: App;
beforeAll(async () => {
  ({ app } = await testApp());
});

describe('health and readiness', () => {
  it('says the process is up', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers, every migration is applied and the index is built; tells the search lag', async () => {
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    const expected = await expectedMigrationCount();
    const body = response.json();
    // Meilisearch answers, but the index is not built yet (a fresh data folder's start): searches answer from
    // PostgreSQL, and /ready says so, not `ready` with search `up` (verify44 fault 02).
    expect(body).toMatchObject({
      status: 'degraded',
      checks: {
        database: { status: 'up', pool: 'free', migrations_applied: expected, migrations_expected: expected },
        search: { status: 'down' },
      },
    });
    const searched = (await app.inject({ method: 'GET', url: '/v1/search?q=IPG&limit=1' })).json();
    expect([searched.degraded, searched.data[0].id]).toEqual([true, 'ipg-depot-de-bilan-2017']);
    // The seed recorded one change per entry; none is in the index yet.
    expect(body.checks.search.outbox_pending).toBe(66);
    expect(body.checks.search.outbox_oldest_age_seconds).toBeGreaterThanOrEqual(0);

    const { engine, indexer } = app.directorySearch;
    try {
      await indexer.runOnce();
      // The first check after the index is swapped in says ready and brings searches back to Meilisearch, without
      // waiting for the search service's next probe (a second: a first start's /ready lagged its index by as much).
      const after = (await app.inject({ method: 'GET', url: '/ready' })).json();
      expect(after.status).toBe('ready');
      expect(app.directorySearch.service.engineAvailable).toBe(true);
      const indexed = (await app.inject({ method: 'GET', url: '/v1/search?q=IPG&limit=1' })).json();
      expect([indexed.degraded, indexed.data[0].id]).toEqual([false, 'ipg-roubaix']);
      expect(after.checks.search).toEqual({
        status: 'up',
        outbox_pending: 0,
        outbox_oldest_age_seconds: null,
        outbox_failing: 0,
        outbox_parked: 0,
        last_error: null,
      });
    } finally {
      await engine.settle(engine.client.deleteIndex(engine.indexName)).catch(() => {});
    }
  });

  it('is not ready on a database whose migrations have not run', async () => {
    const { url } = await testDatabase({ empty: true });
    const bare = withContractCheck(
      await buildApp({ databaseUrl: url, logLevel: 'silent', search: testSearchOptions() }),
    );
    try {
      const response = await bare.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json().checks.database).toMatchObject({ status: 'up', migrations_applied: 0 });
    } finally {
      await bare.close();
    }
  });

  describe('with the database unreachable', () => {
    let offline: App;
    beforeAll(async () => {
      offline = withContractCheck(
        await buildApp({
          databaseUrl: `postgres://nobody@127.0.0.1:${await freePort()}/none`,
          logLevel: 'silent',
          search: testSearchOptions(),
        }),
      );
    });
    afterAll(() => offline.close());

    it('reports not ready, and health still answers', async () => {
      const ready = await offline.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.database).toMatchObject({ status: 'down', migrations_applied: null });
      expect(ready.json().checks.search).toMatchObject({ outbox_pending: null });
      expect((await offline.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    });

    it('answers a list with a 503 problem that leaks no internals', async () => {
      const response = await offline.inject({ method: 'GET', url: '/v1/sites' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      const body = response.json();
      expect(body).toMatchObject({ status: 503, code: 'service_unavailable', request_id: expect.any(String) });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|stack/i);
    });
  });
});
