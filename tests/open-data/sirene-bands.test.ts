// A site's Sirene headcount bands are dated figures: each year's band stays beside the newer ones, with the stock
// edition that stated it, in the API's detail and on the French page; the site's own band is the newest. Re-importing
// a stock changes nothing; a newer stock adds its year's band (its history: sirene.test.ts).
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { importFixtures, importState, stockCsv, writeEditedStock } from '../setup/sirene.js';

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-bands-'));
});

const lilleId = 'allo-nord-81234567600017';
type Band = { kind: string; as_of: string | null; source_id: string };
const bandsOf = async () =>
  ((await getJson(app, `/v1/sites/${lilleId}`)).body.headcounts as Band[]).filter(
    (h) => h.kind === 'tranche_effectifs',
  );
const stored = () => db.execute(sql`select * from headcount_bands order by site_id, year`);

/** The May 2026 band of ALLO NORD (Lille), as the fixture's stock states it. */
const may = {
  kind: 'tranche_effectifs',
  tranche_effectifs: '22',
  effectifs_min: 100,
  effectifs_max: 199,
  as_of: '2023',
  source_id: 'insee-sirene-stock-2026-05',
  quote: 'SIRET 81234567600017 ; trancheEffectifsEtablissement=« 22 » ; anneeEffectifsEtablissement=« 2023 »',
};

describe("a site's Sirene headcount bands, one dated figure a year", () => {
  it('keeps the band of the stock with its year and its citation', async () => {
    await importFixtures(db, stockCsv);
    expect(await bandsOf()).toEqual([may]);
  });

  it("adds a newer stock's band of a newer year beside the older one, the newest the site's own", async () => {
    const june = await writeEditedStock(path.join(dir, 'june.csv'), null, {
      '81234567600017': {
        trancheEffectifsEtablissement: '31',
        anneeEffectifsEtablissement: '2024',
        dateDernierTraitementEtablissement: '2026-06-03T10:00:00',
      },
    });
    const report = await importFixtures(db, june);
    expect(report.sites).toEqual({ created: 0, updated: 1, unchanged: 5 });
    const site = (await getJson(app, `/v1/sites/${lilleId}`)).body;
    expect(site).toMatchObject({
      tranche_effectifs: '31',
      effectifs_min: 200,
      effectifs_max: 249,
      annee_effectifs: 2024,
    });
    expect(await bandsOf()).toEqual([
      may,
      {
        kind: 'tranche_effectifs',
        tranche_effectifs: '31',
        effectifs_min: 200,
        effectifs_max: 249,
        as_of: '2024',
        source_id: 'insee-sirene-stock-2026-06',
        quote: 'SIRET 81234567600017 ; trancheEffectifsEtablissement=« 31 » ; anneeEffectifsEtablissement=« 2024 »',
      },
    ]);
    // Both years on the French page, each with its year and its range.
    const page = (await app.inject({ url: `/sites/${lilleId}` })).body;
    expect(page).toContain('100 à 199 salariés');
    expect(page).toContain('200 à 249 salariés');
  });

  it('changes nothing when the same stock is read again', async () => {
    const june = path.join(dir, 'june.csv');
    const before = { state: await importState(db), bands: await stored() };
    const report = await importFixtures(db, june);
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect({ state: await importState(db), bands: await stored() }).toEqual(before);
  });

  it("replaces a year's band a newer stock corrects, the older one kept in history", async () => {
    const july = await writeEditedStock(path.join(dir, 'july.csv'), null, {
      '81234567600017': {
        trancheEffectifsEtablissement: '32',
        anneeEffectifsEtablissement: '2024',
        dateDernierTraitementEtablissement: '2026-07-03T10:00:00',
      },
    });
    await importFixtures(db, july);
    expect((await bandsOf()).map((b) => [b.kind, b.as_of, b.source_id])).toEqual([
      ['tranche_effectifs', '2023', 'insee-sirene-stock-2026-05'],
      ['tranche_effectifs', '2024', 'insee-sirene-stock-2026-07'],
    ]);
  });
});
