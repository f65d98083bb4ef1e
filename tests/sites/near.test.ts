// Geographic search on sites: `near=<lat>,<lng>&radius_km=<r>` and `sort=distance`, in the list (keyset pages on
// the distance), the list with `q`, /v1/search (Meilisearch's _geoRadius and _geoPoint), the PostgreSQL fallback
// and the export; and the 400s of parameters that do not go together or are out of range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { collectPages, getJson, offlineApp, testApp } from '../setup/app.js';
import { createSite, createSitesAt } from '../setup/factories.js';

let app: App;
let offline: App;
let db: Db;

/** Sites at known positions; Marseille twice at one point (a tie on distance), and a Paris site with none. */
const places = {
  'geo-paris': [48.8566, 2.3522, '75056'], // Notre-Dame
  'geo-versailles': [48.8049, 2.1204, '78646'], // 17.9 km from Paris
  'geo-lille': [50.6292, 3.0573, '59350'], // 203.5 km from Paris
  'geo-lyon': [45.764, 4.8357, '69123'], // 391.5 km
  'geo-bordeaux': [44.8378, -0.5792, '33063'], // 499.3 km
  'geo-marseille-b': [43.2965, 5.3698, '13055'], // 660.5 km
  'geo-marseille-a': [43.2965, 5.3698, '13055'],
} as const;

const paris = 'near=48.8566,2.3522';
const lille = 'near=50.6292,3.0573';

beforeAll(async () => {
  const test = await testApp({ searchIndex: true });
  app = test.app;
  db = test.db;
  await createSitesAt(test.db, places, (id) => `Centre ${id.slice(4)}`);
  await createSite(test.db, { id: 'geo-paris-unplaced', name: 'Centre paris sans position', commune: 'Paris' });
  await app.directorySearch.indexer.runOnce();
  // The same database and index, with Meilisearch unreachable: search answers from PostgreSQL.
  offline = await offlineApp(app, test.databaseUrl);
});
afterAll(() => offline.close());

/** The ids of every page of a list, in order. */
async function listed(url: string) {
  return (await collectPages(app, url)).rows.map((r) => r.id);
}

/** The site ids /v1/search finds, in order, and whether PostgreSQL answered. */
async function searched(server: App, query: string) {
  const { status, body } = await getJson(server, `/v1/search?kind=site&limit=100&${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return { ids: body.data.map((h: { id: string }) => h.id), degraded: body.degraded };
}

const sortedIds = (ids: string[]) => [...ids].sort();

describe('near and radius_km select the sites within the radius', () => {
  it.each([
    [paris, 15, ['geo-paris']],
    [paris, 20, ['geo-paris', 'geo-versailles']],
    [paris, 200, ['geo-paris', 'geo-versailles']],
    [paris, 210, ['geo-lille', 'geo-paris', 'geo-versailles']],
    [lille, 210, ['geo-lille', 'geo-paris']],
    [lille, 220, ['geo-lille', 'geo-paris', 'geo-versailles']],
    ['near=0,0', 1000, []],
  ])('%s&radius_km=%d in the list, search, the fallback, the list with q and the export', async (near, radius, ids) => {
    const query = `${near}&radius_km=${radius}`;
    expect(sortedIds(await listed(`/v1/sites?${query}&limit=100`))).toEqual(ids);
    const list = await getJson(app, `/v1/sites?${query}`);
    expect([list.body.total, list.body.total_exact]).toEqual([ids.length, true]);

    expect(await searched(app, query).then((s) => [sortedIds(s.ids), s.degraded])).toEqual([ids, false]);
    expect(await searched(offline, query).then((s) => [sortedIds(s.ids), s.degraded])).toEqual([ids, true]);
    for (const [server, degraded] of [
      [app, false],
      [offline, true],
    ] as const) {
      const { body } = await getJson(server, `/v1/sites?q=centre&${query}&limit=100`);
      expect([sortedIds(body.data.map((r: { id: string }) => r.id)), body.degraded]).toEqual([ids, degraded]);
    }

    const exported = await app.inject({ method: 'GET', url: `/v1/sites/export?format=jsonl&${query}` });
    expect(exported.statusCode).toBe(200);
    const rows = exported.body.split('\n').filter(Boolean);
    expect(sortedIds(rows.map((line) => JSON.parse(line).id))).toEqual(ids);
  });

  it('never matches a site without a position, even at its commune', async () => {
    const ids = await listed(`/v1/sites?${paris}&radius_km=1000&limit=100`);
    expect(ids).toHaveLength(Object.keys(places).length);
    expect(ids).not.toContain('geo-paris-unplaced');
  });
});

describe('sort=distance: nearest first', () => {
  const fromParis = [
    'geo-paris',
    'geo-versailles',
    'geo-lille',
    'geo-lyon',
    'geo-bordeaux',
    // One point, two sites: by id.
    'geo-marseille-a',
    'geo-marseille-b',
  ];

  it('orders the list, every page size walked to its last page', async () => {
    for (const limit of [1, 2, 3, 7, 100]) {
      const pages = await collectPages(app, `/v1/sites?${paris}&radius_km=1000&sort=distance&limit=${limit}`);
      expect(pages.rows.map((r) => r.id)).toEqual(fromParis);
      expect(pages.pages).toBe(Math.ceil(fromParis.length / limit));
      expect(new Set(pages.totals)).toEqual(new Set([fromParis.length]));
    }
    const farthest = await listed(`/v1/sites?${paris}&radius_km=1000&sort=-distance&limit=2`);
    expect(farthest).toEqual([...fromParis].reverse());
    expect(await listed(`/v1/sites?${lille}&radius_km=420&sort=distance&limit=1`)).toEqual([
      'geo-lille',
      'geo-paris',
      'geo-versailles',
    ]);
  });

  it('orders search, in Meilisearch and in the fallback, and the list with q', async () => {
    // Within 600 km of Paris: no tie, so that every engine must give one order.
    const query = `${paris}&radius_km=600&sort=distance`;
    const nearest = fromParis.slice(0, 5);
    expect(await searched(app, query)).toEqual({ ids: nearest, degraded: false });
    expect(await searched(offline, query)).toEqual({ ids: nearest, degraded: true });
    expect((await searched(app, query.replace('sort=distance', 'sort=-distance'))).ids).toEqual([...nearest].reverse());
    expect((await searched(app, `${lille}&radius_km=600&sort=distance`)).ids).toEqual([
      'geo-lille',
      'geo-paris',
      'geo-versailles',
      'geo-lyon',
    ]);
    for (const server of [app, offline]) {
      const { body } = await getJson(server, `/v1/sites?q=centre&${query}&limit=100`);
      expect(body.data.map((r: { id: string }) => r.id)).toEqual(nearest);
    }
  });

  // Relevance puts the name q spells exactly first; a sort asked for orders the hits all the same.
  it('orders by the sort asked for, not by relevance, with q, in Meilisearch and in the fallback', async () => {
    const reunion = 'near=-21.0,55.5&radius_km=100';
    // In La Réunion: the cirque of Mafate (Saint-Paul, 97415) and the coast of Saint-Pierre (97416).
    for (const [id, latitude, name, code_commune] of [
      ['geo-sort-near', -21.05, 'Platteau', '97415'],
      ['geo-sort-far', -21.4, 'Plateau', '97416'],
    ] as const) {
      const place = { commune: null, code_commune };
      await createSite(db, { id, name, ...place, latitude, longitude: 55.5, coordinates_precision: 'exact' });
    }
    await app.directorySearch.indexer.runOnce();
    expect((await searched(app, `q=plateau&${reunion}`)).ids).toEqual(['geo-sort-far', 'geo-sort-near']);
    for (const server of [app, offline]) {
      const byDistance = `q=plateau&${reunion}&sort=distance`;
      expect((await searched(server, byDistance)).ids).toEqual(['geo-sort-near', 'geo-sort-far']);
      const { body } = await getJson(server, `/v1/sites?${byDistance}&limit=100`);
      expect(body.data.map((r: { id: string }) => r.id)).toEqual(['geo-sort-near', 'geo-sort-far']);
      expect((await searched(server, `q=plateau&${reunion}&sort=-name`)).ids).toEqual([
        'geo-sort-near',
        'geo-sort-far',
      ]);
    }
  });

  it('refuses a cursor of another point', async () => {
    const first = await getJson(app, `/v1/sites?${paris}&radius_km=1000&sort=distance&limit=2`);
    const cursor = encodeURIComponent(first.body.next_cursor);
    const other = await getJson(app, `/v1/sites?${lille}&radius_km=1000&sort=distance&limit=2&cursor=${cursor}`);
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([
      {
        in: 'query',
        name: 'cursor',
        message: 'was made with other filters: keep those of the first page, or start again without a cursor',
      },
    ]);
  });
});

describe('the results page', () => {
  it('searches around a point, sorts by distance, and removes the point with its radius and sort', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/recherche?kind=site&${paris}&radius_km=20&sort=distance`,
    });
    expect(response.statusCode).toBe(200);
    const links = [...response.body.matchAll(/href="\/sites\/(geo-[a-z-]+)"/g)].map((m) => m[1]);
    expect([...new Set(links)]).toEqual(['geo-paris', 'geo-versailles']);
    expect(response.body).toMatch(/<option value="distance" selected/);
    expect(response.body).toContain(
      '<a href="/recherche?kind=site" aria-label="Retirer le filtre Autour du point (latitude, longitude) : ' +
        '48,8566 ; 2,3522 — Rayon (km) : 20">',
    );
  });
});

describe('bad geographic parameters are a 400 naming the parameter', () => {
  const pointMessage = 'must be latitude,longitude in decimal degrees, e.g. 48.8566,2.3522';
  const radiusMessage = 'must be a number of km greater than 0 and at most 1000';
  it.each([
    [`${paris}`, 'radius_km', 'is required with near'],
    ['radius_km=10', 'near', 'is required with radius_km'],
    ['near=90.5,2&radius_km=10', 'near', 'latitude must be from -90 to 90'],
    ['near=-91,2&radius_km=10', 'near', 'latitude must be from -90 to 90'],
    ['near=48,180.01&radius_km=10', 'near', 'longitude must be from -180 to 180'],
    ['near=48,-181&radius_km=10', 'near', 'longitude must be from -180 to 180'],
    ['near=48.85&radius_km=10', 'near', pointMessage],
    ['near=48.85,2.35,3&radius_km=10', 'near', pointMessage],
    ['near=48.85,2.35&near=50,3&radius_km=10', 'near', 'must be given once'],
    ['near=north,east&radius_km=10', 'near', pointMessage],
    ['near=1e1,2&radius_km=10', 'near', pointMessage],
    [`${paris}&radius_km=0`, 'radius_km', radiusMessage],
    [`${paris}&radius_km=-5`, 'radius_km', radiusMessage],
    [`${paris}&radius_km=1000.5`, 'radius_km', radiusMessage],
    [`${paris}&radius_km=ten`, 'radius_km', radiusMessage],
    ['sort=distance', 'sort', 'distance needs near and radius_km'],
    ['sort=-distance&q=centre', 'sort', 'distance needs near and radius_km'],
  ])('/v1/sites?%s → %s', async (query, name, message) => {
    for (const url of [`/v1/sites?${query}`, `/v1/search?${query}`]) {
      const { status, headers, body } = await getJson(app, url);
      expect(status, url).toBe(400);
      expect(headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(body.errors, url).toEqual([{ in: 'query', name, message }]);
    }
    if (!query.includes('sort')) {
      const exported = await getJson(app, `/v1/sites/export?format=csv&${query}`);
      expect([exported.status, exported.body.errors]).toEqual([400, [{ in: 'query', name, message }]]);
    }
  });

  it('takes radius_km at its bounds: 1000 km, and a fraction of a km', async () => {
    expect(await listed(`/v1/sites?${paris}&radius_km=1000&limit=100`)).toHaveLength(Object.keys(places).length);
    expect(await listed(`/v1/sites?${paris}&radius_km=0.5`)).toEqual(['geo-paris']);
  });
});
