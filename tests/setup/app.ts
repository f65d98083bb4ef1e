import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../src/app.js';
import { freePort } from '../../src/db/embedded.js';
import { withContractCheck } from './contract.js';
import { closeAfterUse, testDatabase } from './database.js';

/** Search options for a test: the run's Meilisearch, an index of the test's own. */
export function testSearchOptions(): AppOptions['search'] {
  return {
    host: inject('meiliHost'),
    apiKey: inject('meiliApiKey') || undefined,
    indexName: `test_${randomBytes(6).toString('hex')}`,
    runIndexer: false,
  };
}

/**
 * The app over a fresh copy of the seeded database, closed after the file (after the test, when a test makes it).
 * With `searchIndex`, its Meilisearch index is built first (and dropped after); `app` adds or overrides options.
 * Its responses are checked against the OpenAPI document when CONTRACT_CHECK says so (setup/contract.ts).
 */
export async function testApp(options: { searchIndex?: boolean; app?: Partial<AppOptions> } = {}) {
  const { url, database } = await testDatabase();
  const app = withContractCheck(
    await buildApp({ databaseUrl: url, logLevel: 'silent', search: testSearchOptions(), ...options.app }),
  );
  await app.ready();
  if (options.searchIndex) await app.directorySearch.indexer.runOnce();
  closeAfterUse(async () => {
    const { engine } = app.directorySearch;
    if (options.searchIndex) await engine.settle(engine.client.deleteIndex(engine.indexName)).catch(() => {});
    await app.close();
  });
  return { app, db: database.db, databaseUrl: url };
}

/**
 * Another app over the same database and index name as `app`, with Meilisearch unreachable (a free port): its
 * searches answer from PostgreSQL (`degraded: true`). Ready, its responses checked as testApp's; the caller closes it.
 */
export async function offlineApp(app: App, databaseUrl: string) {
  const offline = withContractCheck(
    await buildApp({
      databaseUrl,
      logLevel: 'silent',
      search: {
        host: `http://127.0.0.1:${await freePort()}`,
        apiKey: undefined,
        indexName: app.directorySearch.engine.indexName,
        runIndexer: false,
      },
    }),
  );
  await offline.ready();
  return offline;
}

/** GET a path and parse the JSON body. */
export async function getJson(app: App, url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

/** Follows next_cursor to the end and returns every row, in order. */
export async function collectPages(
  app: App,
  url: string,
): Promise<{ rows: { id: string }[]; pages: number; totals: number[] }> {
  const rows: { id: string }[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page = await getJson(app, cursor ? `${url}${separator}cursor=${encodeURIComponent(cursor)}` : url);
    if (page.status !== 200) throw new Error(`page ${pages + 1}: ${page.status} ${JSON.stringify(page.body)}`);
    rows.push(...page.body.data);
    totals.push(page.body.total);
    cursor = page.body.next_cursor;
    pages++;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return { rows, pages, totals };
}

/** `kind:id` of each search hit, in order. */
export const hitIds = (body: { data: { kind: string; id: string }[] }) => body.data.map((h) => `${h.kind}:${h.id}`);
