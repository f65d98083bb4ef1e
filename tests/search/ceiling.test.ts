// Lists and searches over more entries than Meilisearch's default ceiling of 1,000 hits: asking for facet counts
// does not change which entries a list gives; a list with `q` pages to its last match and counts them all; a search's
// total is its count, on the API as on the results page; a list with `q` sorted by name continues after its last
// entry (keyset), so an entry deleted before the cursor does not make the next page skip one.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import { recordChanges } from '../../src/search/outbox.js';
import { searchReach } from '../../src/search/params.js';
import { drainOutboxOnce, indexerConnection, rebuildIndex } from '../../src/search/sync.js';
import { collectPages, getJson, offlineApp, testApp } from '../setup/app.js';
import { insertSites } from '../setup/bulk-sites.js';

let app: App;
let databaseUrl: string;
/** Bulk sites whose name holds « client » (`Centre de relation client …`). */
let clients: string[];
// Two thirds of them are made a centre de relation client below: 1,100, just past the ceiling (the matches' count, not
// their number, is what the tests are about).
const bulk = 1_650;

beforeAll(async () => {
  ({ app, databaseUrl } = await testApp({ searchIndex: true }));
  await insertSites(app.database.sql, bulk, 'ceiling');
  // Two thirds of them named as a centre de relation client, more than 1,000.
  await app.database.sql`
    update sites set name = 'Centre de relation client ' || commune
     where id like 'ceiling-%' and substring(id from 9)::int % 3 <> 0`;
  const connection = indexerConnection(databaseUrl);
  try {
    await rebuildIndex(connection, app.directorySearch.engine);
  } finally {
    await connection.close();
  }
  clients = (
    await app.database.sql<{ id: string }[]>`select id from sites where id like 'ceiling-%' and name like '%client%'`
  ).map((r) => r.id);
}, 180_000);

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('a list asked for facets', () => {
  it('gives every entry of the list without facets, in its order, with its exact total, and counts them all', async () => {
    const plain = await collectPages(app, '/v1/sites?limit=100');
    const faceted = await collectPages(app, '/v1/sites?facets=region&limit=100');
    expect(plain.rows.length).toBeGreaterThan(bulk);
    expect(ids(faceted.rows)).toEqual(ids(plain.rows));
    const first = await getJson(app, '/v1/sites?facets=region&limit=100');
    expect(first.body.total).toBe(plain.rows.length);
    expect(first.body.total_exact).toBe(true);
    const [withRegion] = await app.database.sql<{ n: number }[]>`
      select count(*)::int as n from sites where region_code is not null`;
    const counted = (first.body.facets.region as { count: number }[]).reduce((sum, v) => sum + v.count, 0);
    expect(counted).toBe(withRegion?.n);
  }, 120_000);
});

describe('a list with q matching more than 1,000 entries', () => {
  it('counts them exactly and pages to the last, each once, by relevance', async () => {
    const first = await getJson(app, '/v1/sites?q=client&limit=100');
    expect(first.body.total_exact).toBe(true);
    const walked = await collectPages(app, '/v1/sites?q=client&limit=100');
    expect(walked.rows.length).toBe(first.body.total);
    expect(new Set(ids(walked.rows)).size).toBe(walked.rows.length);
    expect(ids(walked.rows)).toEqual(expect.arrayContaining(clients));
    expect(clients.length).toBeGreaterThan(1_000);
  }, 120_000);

  it('sorted by name, pages to the last after the last entry of each (keyset), in the order of names', async () => {
    const walked = await collectPages(app, '/v1/sites?q=client&sort=name&limit=100');
    const first = await getJson(app, '/v1/sites?q=client&limit=1');
    expect(walked.rows.length).toBe(first.body.total);
    expect(new Set(ids(walked.rows)).size).toBe(walked.rows.length);
    // In Meilisearch's order of names: lower-cased and decomposed (« Évian » after « eze »), the id breaking ties.
    const keys = (walked.rows as unknown as { id: string; name: string }[]).map(
      (r) => [r.name.trim().normalize('NFKD').toLowerCase(), r.id] as const,
    );
    const ordered = [...keys].sort(([a, i], [b, j]) => (a < b ? -1 : a > b ? 1 : i < j ? -1 : i > j ? 1 : 0));
    expect(keys).toEqual(ordered);
  }, 120_000);
});

describe('a list with q sorted by name while Meilisearch is down', () => {
  it('pages by keyset in PostgreSQL, every match once, in French order', async () => {
    const offline = await offlineApp(app, databaseUrl);
    try {
      const first = await getJson(offline, '/v1/sites?q=client&sort=name&limit=100');
      expect(first.body.degraded).toBe(true);
      const walked = await collectPages(offline, '/v1/sites?q=client&sort=name&limit=100');
      expect(walked.rows.length).toBe(first.body.total);
      expect(new Set(ids(walked.rows)).size).toBe(walked.rows.length);
      expect(ids(walked.rows)).toEqual(expect.arrayContaining(clients));
    } finally {
      await offline.close();
    }
  }, 120_000);
});

describe('/v1/search and the results page over more than 1,000 matches', () => {
  it('give the count, not the ceiling, and reach the last match', async () => {
    const list = await getJson(app, '/v1/sites?q=client&limit=1');
    const search = await getJson(app, '/v1/search?q=client&kind=site&limit=1');
    expect(search.body.total).toBe(list.body.total);
    expect(search.body.total).toBeGreaterThan(1_000);
    expect(search.body.total_exact).toBe(true);
    const last = await getJson(app, `/v1/search?q=client&kind=site&limit=1&page=${search.body.total}`);
    expect(last.status).toBe(200);
    expect(last.body.data).toHaveLength(1);
    const page = await app.inject({ method: 'GET', url: '/recherche?q=client&kind=site' });
    expect(page.body).toContain(`${search.body.total.toLocaleString('fr-FR')} résultats`);
  });

  it("the results page's CSV holds every match, in the search's order (it stopped at 1,000)", async () => {
    const search: string[] = [];
    for (let page = 1; ; page++) {
      const { body } = await getJson(app, `/v1/search?q=client&kind=site&limit=100&page=${page}`);
      search.push(...body.data.map((h: { id: string }) => h.id));
      if (body.data.length < 100) break;
    }
    const csv = await app.inject({ method: 'GET', url: '/recherche.csv?q=client&kind=site' });
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('kind;id;name;label;url');
    expect(rows.map((r) => r.split(';')[1])).toEqual(search);
    expect(rows.length).toBeGreaterThan(1_000);
    // A refused filter is still the French 400 page, not a broken file.
    const refused = await app.inject({ method: 'GET', url: '/recherche.csv?q=client&departement=999' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
  }, 120_000);
});

describe('a list with q sorted by name, written meanwhile', () => {
  it('continues after the last entry given: one deleted before the cursor skips nothing', async () => {
    const url = '/v1/sites?q=client&sort=name&limit=2';
    const whole = await collectPages(app, '/v1/sites?q=client&sort=name&limit=100');
    const [first] = whole.rows;
    const page1 = await getJson(app, url);
    expect(ids(page1.body.data)).toEqual(ids(whole.rows.slice(0, 2)));
    // The first entry goes (its row and its document) before the second page is asked.
    await app.database.sql`delete from sites where id = ${first!.id}`;
    await recordChanges(app.database.db, 'site', [first!.id]);
    const connection = indexerConnection(databaseUrl);
    try {
      while ((await drainOutboxOnce(connection, app.directorySearch.engine)) > 0);
    } finally {
      await connection.close();
    }
    const page2 = await getJson(app, `${url}&cursor=${encodeURIComponent(page1.body.next_cursor)}`);
    expect(ids(page2.body.data)).toEqual(ids(whole.rows.slice(2, 4)));
  }, 60_000);
});

describe('a search matching more than the engine counts', () => {
  it('is told as a lower bound: total_exact false, « plus de 5 000 000 résultats »', async () => {
    const { service } = app.directorySearch;
    const search = service.search.bind(service);
    // Meilisearch counts up to its reach: an engine at it answers that many, which the service marks not exact.
    const spy = vi.spyOn(service, 'search').mockImplementation(async (request) => {
      const outcome = await search(request);
      return { ...outcome, total: searchReach, total_exact: false };
    });
    try {
      const api = await getJson(app, '/v1/search?q=client&limit=1');
      expect([api.body.total, api.body.total_exact]).toEqual([5_000_000, false]);
      const page = await app.inject({ method: 'GET', url: '/recherche?q=client' });
      expect(page.body).toContain('plus de 5\u202f000\u202f000 résultats');
    } finally {
      spy.mockRestore();
    }
  });
});
