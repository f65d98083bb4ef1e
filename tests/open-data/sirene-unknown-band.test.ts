// A headcount band code that gives no range (`NN`: « filled only if the year ≥ current year − 3, else NN »; also
// the non-employing unit, /work/shared/open-data-formats.md §1, §1.6) or an empty band cell: fault 02 of issue 11's
// hostile check (/tmp/verify11), where a newer stock's `NN` without a year was stored as « 0 to 0 employees » and
// replaced the site's dated band 20–49 of 2023. An unknown band is kept as its code without a range, and never
// replaces a band a stock dated.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/sirene.js';

const known = 'tests/fixtures/sirene/hostile/band-known-2026-06.csv';
const unknown = 'tests/fixtures/sirene/hostile/band-nn-2026-07.csv';
const saintMartin = '/v1/sites/saint-martin-appels-91100005700016';
const run = (db: Db, establishments: string) => importSirene(db, { establishments, naf: ['82.20Z'], actor });
/** The site's band fields, and its headcount figures. */
const bandOf = async (app: App, url: string) => {
  const { status, body } = await getJson(app, url);
  expect(status, JSON.stringify(body)).toBe(200);
  const { tranche_effectifs, effectifs_min, effectifs_max, annee_effectifs, headcounts } = body;
  return { tranche_effectifs, effectifs_min, effectifs_max, annee_effectifs, headcounts };
};
/** The band of 2023 the June 2026 stock dates. */
const of2023 = {
  kind: 'tranche_effectifs',
  tranche_effectifs: '12',
  effectifs_min: 20,
  effectifs_max: 49,
  as_of: '2023',
  source_id: 'insee-sirene-stock-2026-06',
  quote: 'SIRET 91100005700016 ; trancheEffectifsEtablissement=« 12 » ; anneeEffectifsEtablissement=« 2023 »',
};
const known2023 = { tranche_effectifs: '12', effectifs_min: 20, effectifs_max: 49, annee_effectifs: 2023 };

describe('a band code that gives no range', () => {
  let app: App;
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-nn-'));
  });

  it("keeps the site's dated band when a newer stock writes NN without a year (fault 02)", async () => {
    await run(db, known);
    expect(await bandOf(app, saintMartin)).toEqual({ ...known2023, headcounts: [of2023] });
    await run(db, unknown);
    expect(await bandOf(app, saintMartin)).toEqual({ ...known2023, headcounts: [of2023] });
    const [row] = await db.execute(sql`
      select count(*)::int as n from citations where site_id = 'saint-martin-appels-91100005700016'
         and 'tranche_effectifs' = any(fields) and quote like '%NN%'`);
    expect(row).toEqual({ n: 0 });
  });

  it('keeps it too when a newer stock leaves the band empty', async () => {
    const empty = path.join(dir, 'empty-band.csv');
    await writeFile(empty, (await readFile(unknown, 'utf8')).replace(',2020-01-01,NN,,', ',2020-01-01,,,'));
    await run(db, empty);
    expect(await bandOf(app, saintMartin)).toEqual({ ...known2023, headcounts: [of2023] });
  });

  it('stores NN as its code without a range on a site that has no band, then a dated band over it', async () => {
    const { app: other, db: fresh } = await testApp();
    await run(fresh, unknown);
    const [site] = await fresh.execute(sql`
      select tranche_effectifs, effectifs_min, effectifs_max, annee_effectifs from sites
       where id = 'saint-martin-appels-91100005700016'`);
    expect(site).toEqual({ tranche_effectifs: 'NN', effectifs_min: null, effectifs_max: null, annee_effectifs: null });
    expect((await bandOf(other, saintMartin)).headcounts).toEqual([]);
    const august = path.join(dir, 'band-2026-08.csv');
    const text = await readFile(unknown, 'utf8');
    await writeFile(
      august,
      text.replaceAll('2026-07-10T10:00:00', '2026-08-10T10:00:00').replace(',2020-01-01,NN,,', ',2020-01-01,21,2025,'),
    );
    await run(fresh, august);
    const [after] = await fresh.execute(sql`
      select tranche_effectifs, effectifs_min, effectifs_max, annee_effectifs from sites
       where id = 'saint-martin-appels-91100005700016'`);
    expect(after).toEqual({ tranche_effectifs: '21', effectifs_min: 50, effectifs_max: 99, annee_effectifs: 2025 });
  });
});
