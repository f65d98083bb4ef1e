// The results page's CSV of a search around a point (`near`) carries each entry's distance from it in km, as the
// page and the lists show it, and how precise the entry's position is; without `near`, neither column. The API's
// exports of the list around the same point carry `distance_km` too. The expected figures are computed here by the haversine
// formula written out (tests/sites/distance.test.ts checks them against the figures of the list).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../setup/app.js';
import { createSite, createSitesAt } from '../setup/factories.js';

let app: App;

/** Amiens's town hall, and places of the Somme around it, with their communes' INSEE codes. */
const amiens = { lat: 49.8941, lng: 2.2958 };
const places = {
  'csvdist-amiens': [49.8941, 2.2958, '80021'],
  'csvdist-albert': [50.0018, 2.6526, '80016'],
  'csvdist-abbeville': [50.1054, 1.8332, '80001'],
} as const;
const near = `near=${amiens.lat},${amiens.lng}&radius_km=50`;

beforeAll(async () => {
  const test = await testApp({ searchIndex: true });
  app = test.app;
  await createSitesAt(test.db, places, (id) => `Plateau csvdist ${id.slice(8)}`);
  // Placed at its commune's centre (approximate), as an import places a site it knows no position of.
  await createSite(test.db, {
    id: 'csvdist-peronne',
    name: 'Plateau csvdist peronne',
    commune: null,
    code_commune: '80620',
    latitude: 49.9322,
    longitude: 2.9362,
    coordinates_precision: 'approximate',
  });
  await app.directorySearch.indexer.runOnce();
});

/** The lines of a CSV answer (BOM and the last line break taken off), each cut at its semicolons. */
async function csv(url: string) {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(';'));
}

describe('the CSV of a search around a point', () => {
  it('gives each entry its distance in km and its position’s precision, nearest first', async () => {
    const [header, ...rows] = await csv(`/recherche.csv?q=csvdist&kind=site&${near}&sort=distance`);
    expect(header).toEqual(['kind', 'id', 'name', 'label', 'url', 'distance_km', 'coordinates_precision']);
    expect(rows.map(([, id, , , , km, precision]) => [id, km, precision])).toEqual([
      ['csvdist-amiens', '0', 'exact'],
      ['csvdist-albert', '28.2', 'exact'],
      ['csvdist-abbeville', '40.56', 'exact'],
      ['csvdist-peronne', '46.05', 'approximate'],
    ]);
  });

  it('has neither column without a point', async () => {
    const [header, ...rows] = await csv('/recherche.csv?q=csvdist&kind=site');
    expect(header).toEqual(['kind', 'id', 'name', 'label', 'url']);
    expect(rows.map((r) => r.length)).toEqual([5, 5, 5, 5]);
  });

  it('is the distance the API’s exports of the list give', async () => {
    const [header, ...rows] = await csv(`/v1/sites/export?format=csv&${near}`);
    const at = header!.indexOf('distance_km');
    expect(at).toBeGreaterThan(-1);
    const ours = rows.filter((r) => r[header!.indexOf('id')]?.startsWith('csvdist-'));
    const byId = Object.fromEntries(ours.map((r) => [r[header!.indexOf('id')], r[at]]));
    expect(byId).toEqual({
      'csvdist-amiens': '0',
      'csvdist-albert': '28.2',
      'csvdist-abbeville': '40.56',
      'csvdist-peronne': '46.05',
    });
    const jsonl = await app.inject({ method: 'GET', url: `/v1/sites/export?format=jsonl&${near}` });
    const lines = jsonl.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; distance_km: number })
      .filter((l) => l.id.startsWith('csvdist-'));
    expect(Object.fromEntries(lines.map((l) => [l.id, l.distance_km]))).toEqual({
      'csvdist-amiens': 0,
      'csvdist-albert': 28.2,
      'csvdist-abbeville': 40.56,
      'csvdist-peronne': 46.05,
    });
  });
});
