// The PostgreSQL fallback reads and ranks its matches best first: an entry named exactly as typed, then those holding
// every word typed, then the rest (the rarest word alone, typos), each tier read up to the bound on its own. Before,
// the first 1,000 matches in the order of kinds and ids were ranked and the others followed in that order, so the
// operator named exactly as typed never came among 20,001 hits (verify47 02).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { exactCountLimit } from '../../src/search/fallback.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';

let offline: App;
let db: Db;

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  db = started.db;
  offline = await offlineApp(started.app, started.databaseUrl);
});
afterAll(() => offline?.close());

describe('while Meilisearch is down, the matches are ranked best first', () => {
  it('an operator named exactly as typed comes first among more matches than the bound', async () => {
    await db.execute(
      sql`insert into operators (id, name, kind) values ('v44-op', 'Verify Quarante Quatre', 'outsourcer')`,
    );
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code, operator_id)
      select 'v44a-' || lpad(g::text, 5, '0'), 'Contact v44a ' || lpad(g::text, 5, '0'), 'FR', 'Amiens', '80021', '80',
             '32', 'v44-op'
        from generate_series(1, ${exactCountLimit + 10}) g`);
    const { body } = await getJson(offline, '/v1/search?q=Verify%20Quarante%20Quatre&limit=3');
    expect(body.degraded).toBe(true);
    expect(hitIds(body)[0]).toBe('operator:v44-op');
    expect(body.total_exact).toBe(false);
  }, 120_000);

  it('says where pages by relevance stop: past the matches read, no page is offered and the export says it is cut', async () => {
    // verify47 01: pages past the 20,001st match were empty and still offered (« page 1 sur 3001 », cursors on).
    const page = (n: number) => `/v1/search?q=Verify%20Quarante%20Quatre&limit=100&page=${n}`;
    const last = (await getJson(offline, page(201))).body;
    expect([last.data.length, last.reachable, last.total_exact]).toEqual([1, exactCountLimit + 1, false]);
    expect((await getJson(offline, page(202))).body.data).toEqual([]);
    // A sort reaches every match.
    const sorted = (await getJson(offline, `${page(201)}&sort=name`)).body;
    expect([sorted.data.length, sorted.reachable]).toEqual([11, 5_000_000]);
    const html = await offline.inject({ method: 'GET', url: '/recherche?q=Verify%20Quarante%20Quatre' });
    expect(html.body).toContain('page 1 sur 1001');
    expect(html.body).toContain('Résultats coupés : seuls les 20\u202f001 premiers par pertinence');
    const csv = await offline.inject({ method: 'GET', url: '/recherche.csv?q=Verify%20Quarante%20Quatre' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/-coupe-20001-sur-\d+\.csv"$/);
    expect(csv.body.trim().split('\n')).toHaveLength(exactCountLimit + 2);
  }, 300_000);

  it('a site named exactly as typed comes first, before the typos of earlier ids', async () => {
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      values ('v44e-19999', 'Contact v44e 19999', 'FR', 'Amiens', '80021', '80', '32')`);
    const { body } = await getJson(offline, '/v1/search?q=Contact%20v44e%2019999&limit=3');
    expect(body.degraded).toBe(true);
    expect(hitIds(body)[0]).toBe('site:v44e-19999');
  });

  it('the only entry holding every word typed (a client and a city) comes before those holding one', async () => {
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      select 'abb-' || lpad(g::text, 4, '0'), 'Relais ' || g, 'FR', 'Abbeville', '80001', '80', '32'
        from generate_series(1, 1500) g`);
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      values ('xylophone-abbeville', 'Xylophone Quarantesept', 'FR', 'Abbeville', '80001', '80', '32')`);
    await db.execute(sql`
      insert into site_clients (site_id, name, source_id, quote)
      select 'xylophone-abbeville', 'Ornithorynque Assurances', s.id, 'Une fiche de test' from sources s limit 1`);
    const { body } = await getJson(offline, '/v1/search?q=Ornithorynque%20Abbeville&limit=3');
    expect(body.degraded).toBe(true);
    expect(hitIds(body)[0]).toBe('site:xylophone-abbeville');
    expect([body.total, body.total_exact]).toEqual([1504, false]);
  });
});

describe('while Meilisearch is down, typos', () => {
  it('past the cap of similar names per kind leave the total flagged not exact', async () => {
    // verify47 05: `q=Zeb` found 1,001 of 5,995 similar names, `total_exact: true`.
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      select 'zeb-' || lpad(g::text, 4, '0'), 'Zèbre ' || g, 'FR', 'Abbeville', '80001', '80', '32'
        from generate_series(1, 1200) g`);
    const { body } = await getJson(offline, '/v1/search?q=Zeb&limit=3');
    expect(body.degraded).toBe(true);
    expect([body.total, body.total_exact]).toEqual([1001, false]);
  });
});

describe("while Meilisearch is down, a typo or prefix of an operator's name", () => {
  it('finds its sites too (verify47 07: « Koramik » found the operator alone)', async () => {
    await db.execute(sql`insert into operators (id, name, kind) values ('quorvanic', 'Quorvanic', 'outsourcer')`);
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code, operator_id)
      values ('quorvanic-lille', 'Plateau de Lille', 'FR', 'Abbeville', '80001', '80', '32', 'quorvanic')`);
    for (const q of ['Quorvanik', 'Quorva']) {
      const { body } = await getJson(offline, `/v1/search?q=${q}&limit=10`);
      expect(body.degraded).toBe(true);
      expect(hitIds(body).sort()).toEqual(['operator:quorvanic', 'site:quorvanic-lille']);
    }
  });
});
