// How far each entry is from the point of `near`: `distance_km` on the sites of the list (and of the list with
// `q`), of the export (CSV and JSON lines) and on /v1/search's hits, from Meilisearch and from the PostgreSQL
// fallback; absent without `near`; and « à 40,6 km » on the results page. The expected figures are computed here
// from the positions, by the haversine formula written out, not by the API's function.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { collectPages, getJson, offlineApp, testApp } from '../setup/app.js';
import { createSite, createSitesAt } from '../setup/factories.js';

let app: App;
let offline: App;
let db: Db;

/** Amiens's town hall, and places of the Somme and the Oise around it, with their communes' INSEE codes. */
const amiens = { lat: 49.8941, lng: 2.2958 };
const places = {
  'dist-amiens': [49.8941, 2.2958, '80021'],
  'dist-albert': [50.0018, 2.6526, '80016'],
  'dist-abbeville': [50.1054, 1.8332, '80001'],
  'dist-peronne': [49.9322, 2.9362, '80620'],
  'dist-beauvais': [49.4295, 2.0807, '60057'],
} as const;
const near = `near=${amiens.lat},${amiens.lng}&radius_km=60`;

/** The great-circle distance in km on a sphere of the Earth's mean radius (IUGG, 6,371.0088 km), to 0.01 km. */
function expectedKm(lat: number, lng: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat - amiens.lat) * rad) / 2) ** 2 +
    Math.cos(amiens.lat * rad) * Math.cos(lat * rad) * Math.sin(((lng - amiens.lng) * rad) / 2) ** 2;
  return Math.round(2 * 6371.0088 * Math.asin(Math.sqrt(a)) * 100) / 100;
}

/** Our sites, nearest first, with their distances from Amiens. */
const ours = Object.entries(places)
  .map(([id, [lat, lng]]) => ({ id, distance_km: expectedKm(lat, lng) }))
  .sort((a, b) => a.distance_km - b.distance_km);

beforeAll(async () => {
  const test = await testApp({ searchIndex: true });
  app = test.app;
  db = test.db;
  await createSitesAt(test.db, places, (id) => `Plateau distance ${id.slice(5)}`);
  await createSite(test.db, { id: 'dist-unplaced', name: 'Plateau distance sans position', commune: 'Amiens' });
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, test.databaseUrl);
});
afterAll(() => offline.close());

type Row = { id: string; latitude: number; longitude: number; distance_km?: number | null };

/** Our entries of a list of rows or hits, in their order, as `{ id, distance_km }`. */
const oursOf = (rows: { id: string; distance_km?: number | null }[]) =>
  rows.filter((r) => r.id.startsWith('dist-')).map(({ id, distance_km }) => ({ id, distance_km }));

/** Every distance of a list, in its order, is no smaller than the one before. */
function expectNearestFirst(rows: { distance_km?: number | null }[]) {
  const figures = rows.map((r) => r.distance_km as number);
  expect(figures).toEqual([...figures].sort((a, b) => a - b));
}

describe('the figures themselves', () => {
  it('Amiens → Abbeville is 40.56 km, written out', () => {
    // 2 × 6371.0088 × asin(√(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2))), Δφ = 0.2113°, Δλ = −0.4626°.
    expect(expectedKm(50.1054, 1.8332)).toBe(40.56);
    expect(ours.map((s) => [s.id, s.distance_km])).toEqual([
      ['dist-amiens', 0],
      ['dist-albert', 28.2],
      ['dist-abbeville', 40.56],
      ['dist-peronne', 46.05],
      ['dist-beauvais', 53.93],
    ]);
  });
});

describe('the list gives each site its distance_km', () => {
  it('sorted by distance, every page walked: the figures of each site’s position, nearest first', async () => {
    for (const limit of [2, 100]) {
      const { rows } = await collectPages(app, `/v1/sites?${near}&sort=distance&limit=${limit}`);
      const all = rows as Row[];
      // Every site, the seed's around Amiens too, carries the figure of its own position.
      expect(all.map((r) => r.distance_km)).toEqual(all.map((r) => expectedKm(r.latitude, r.longitude)));
      expectNearestFirst(all);
      expect(oursOf(all)).toEqual(ours);
    }
    const farthest = (await getJson(app, `/v1/sites?${near}&sort=-distance&limit=100`)).body.data as Row[];
    expect(oursOf(farthest)).toEqual([...ours].reverse());
  });

  it('in any other sort too, and not without near', async () => {
    const byName = (await getJson(app, `/v1/sites?${near}&limit=100`)).body.data as Row[];
    expect(oursOf(byName).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...ours].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const without = (await getJson(app, '/v1/sites?departement=80&limit=100')).body.data as Row[];
    expect(without.length).toBeGreaterThan(0);
    expect(without.filter((r) => 'distance_km' in r)).toEqual([]);
  });

  it('with q, from Meilisearch and from the PostgreSQL fallback', async () => {
    for (const [server, degraded] of [
      [app, false],
      [offline, true],
    ] as const) {
      const { body } = await getJson(server, `/v1/sites?q=plateau%20distance&${near}&sort=distance&limit=100`);
      expect([oursOf(body.data), body.degraded]).toEqual([ours, degraded]);
      const relevance = await getJson(server, `/v1/sites?q=plateau%20distance&${near}&limit=100`);
      expect(oursOf(relevance.body.data).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [...ours].sort((a, b) => a.id.localeCompare(b.id)),
      );
      const without = await getJson(server, '/v1/sites?q=plateau%20distance&limit=100');
      expect(without.body.data.map((r: Row) => r.id)).toContain('dist-unplaced');
      expect(without.body.data.filter((r: Row) => 'distance_km' in r)).toEqual([]);
    }
  });
});

describe('/v1/search gives each hit its distance_km', () => {
  it('sorted by distance, nearest or farthest first, in Meilisearch and in the fallback: the same figures', async () => {
    const listed = (await collectPages(app, `/v1/sites?${near}&sort=distance&limit=100`)).rows as Row[];
    const sites = listed.map(({ id, distance_km }) => ({ id, distance_km }));
    for (const [server, degraded] of [
      [app, false],
      [offline, true],
    ] as const) {
      const nearest = await getJson(server, `/v1/search?kind=site&${near}&sort=distance&limit=100`);
      expect(nearest.status).toBe(200);
      expect(nearest.body.degraded).toBe(degraded);
      const hits = nearest.body.data.map((h: Row) => ({ id: h.id, distance_km: h.distance_km }));
      expectNearestFirst(hits);
      expect(oursOf(hits)).toEqual(ours);
      // Each hit, the seed's too, as far as the list says (ties may come in another order).
      const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(hits)).toEqual(byId(sites));

      const farthest = await getJson(server, `/v1/search?kind=site&${near}&sort=-distance&limit=100`);
      expect(oursOf(farthest.body.data)).toEqual([...ours].reverse());
    }
  });

  it('in relevance order too (Meilisearch returns no _geoDistance without its distance sort)', async () => {
    for (const server of [app, offline]) {
      const { body } = await getJson(server, `/v1/search?q=plateau%20distance&${near}&limit=100`);
      const found = oursOf(body.data).sort((a, b) => a.id.localeCompare(b.id));
      expect(found).toEqual([...ours].sort((a, b) => a.id.localeCompare(b.id)));
    }
  });

  it('not without near', async () => {
    for (const server of [app, offline]) {
      const { body } = await getJson(server, '/v1/search?q=plateau%20distance&limit=100');
      expect(body.data.map((h: Row) => h.id)).toContain('dist-unplaced');
      expect(body.data.filter((h: Row) => 'distance_km' in h)).toEqual([]);
    }
  });
});

describe('the export carries distance_km with near', () => {
  it('as a CSV column and in JSON lines; without near, no such column', async () => {
    const csv = await app.inject({ method: 'GET', url: `/v1/sites/export?format=csv&${near}` });
    expect(csv.statusCode).toBe(200);
    const [header = '', ...lines] = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const columns = header.split(';');
    expect(columns.slice(-2)).toEqual(['distance_km', 'citations']);
    const cells = (id: string) => lines.find((l) => l.startsWith(`${id};`))?.split(';') ?? [];
    for (const { id, distance_km } of ours) {
      expect(cells(id)[columns.indexOf('distance_km')], id).toBe(String(distance_km));
    }
    expect(cells('dist-abbeville')[columns.indexOf('distance_km')]).toBe('40.56');

    const jsonl = await app.inject({ method: 'GET', url: `/v1/sites/export?format=jsonl&${near}` });
    const rows = jsonl.body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
    expect(rows.map((r) => r.distance_km)).toEqual(rows.map((r) => expectedKm(r.latitude, r.longitude)));
    expect(oursOf(rows).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...ours].sort((a, b) => a.id.localeCompare(b.id)),
    );

    const plain = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv&departement=80' });
    expect(plain.body.split('\r\n')[0]?.split(';')).not.toContain('distance_km');
    const plainJson = await app.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl&departement=80' });
    const first = JSON.parse(plainJson.body.split('\n')[0] ?? '{}');
    expect(['id' in first, 'distance_km' in first]).toEqual([true, false]);
  });

  it('is taken back by the import, distance_km ignored (a computed column): nothing changes', async () => {
    const exported = await app.inject({ method: 'GET', url: `/v1/sites/export?format=csv&${near}` });
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'plateau-distance-')), 'near-amiens.csv');
    await writeFile(file, exported.body);
    const summary = await runImport(db, await kindImporter(db, findKind('sites')!), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary).toMatchObject({ rows: ours.length, created: 0, updated: 0, rejected: [] });
  });
});

describe('the results page', () => {
  it('says how far each site is: « à 40,6 km », in the order of the distances', async () => {
    const response = await app.inject({ method: 'GET', url: `/recherche?q=plateau+distance&${near}&sort=distance` });
    expect(response.statusCode).toBe(200);
    const shown = [
      ...response.body.matchAll(/href="\/sites\/(dist-[a-z-]+)"[\s\S]*?class="hit-label hit-distance">([^<]+)</g),
    ].map((m) => [m[1], m[2]]);
    expect(shown).toEqual([
      ['dist-amiens', 'à 0 km'],
      ['dist-albert', 'à 28,2 km'],
      ['dist-abbeville', 'à 40,6 km'],
      ['dist-peronne', 'à 46,1 km'],
      ['dist-beauvais', 'à 53,9 km'],
    ]);
    const without = await app.inject({ method: 'GET', url: '/recherche?q=plateau+distance' });
    expect(without.body).not.toContain('hit-distance');
  });
});

describe('a distance measured from an approximate position (a commune’s centre)', () => {
  it('comes with its precision in the hits, and the page says it is approximate, to the km', async () => {
    // Corbie's centre, as the commune's position is given to a site whose source names only the commune.
    await createSite(db, {
      id: 'approche-corbie',
      name: 'Plateau approché Corbie',
      commune: null,
      code_commune: '80212',
      latitude: 49.9087,
      longitude: 2.5086,
      coordinates_precision: 'approximate',
    });
    await app.directorySearch.indexer.runOnce();
    for (const server of [app, offline]) {
      const { body } = await getJson(server, `/v1/search?q=plateau&${near}&limit=100`);
      const hit = (id: string) => body.data.find((h: { id: string }) => h.id === id);
      expect(hit('approche-corbie')).toMatchObject({
        distance_km: expectedKm(49.9087, 2.5086),
        coordinates_precision: 'approximate',
      });
      expect(hit('dist-albert')).toMatchObject({
        distance_km: expectedKm(...(places['dist-albert'].slice(0, 2) as [number, number])),
        coordinates_precision: 'exact',
      });
      expect(hit('dist-unplaced')).toBeUndefined();
    }
    const page = await app.inject({ method: 'GET', url: `/recherche?q=plateau+approch%C3%A9&${near}&sort=distance` });
    expect(page.body).toMatch(
      /href="\/sites\/approche-corbie"[\s\S]*?class="hit-label hit-distance">à environ 15 km \(position approchée\)</,
    );
    // Without near, no precision beside the hits either.
    const plain = await getJson(app, '/v1/search?q=plateau%20approch%C3%A9');
    expect(plain.body.data[0]).not.toHaveProperty('coordinates_precision');
  });
});
