// A closed establishment whose headcount band INSEE dates after its closing (closed on 2021-06-01, band of 2023) is
// imported all the same: the site, its closure and its other facts, with their citations; the band alone is left
// out, never stored, and listed in the report (`bandsAfterClosing`). A band an older stock stated for such a year
// stays that stock's dated figure, no longer the site's own. Re-importing changes nothing; a dry run reports alike.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { importFixtures, importState, writeEditedStock } from '../setup/sirene.js';

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-band-closing-'));
});

const amiens = '81234567600025';
const lille = '81234567600017';
const lilleId = 'allo-nord-81234567600017';
const closedAmiens = {
  etatAdministratifEtablissement: 'F',
  dateDebut: '2021-06-01',
  anneeEffectifsEtablissement: '2023',
};

const siteOf = async (siret: string) =>
  (
    await db.execute<Record<string, unknown>>(
      sql`select id, status, closed_on, tranche_effectifs, effectifs_min, annee_effectifs from sites where siret = ${siret}`,
    )
  )[0]!;
const bandsOf = async (siret: string) =>
  db.execute(sql`
    select b.tranche_effectifs, b.year, b.source_id from headcount_bands b join sites s on s.id = b.site_id
     where s.siret = ${siret} order by b.year`);

describe('a headcount band dated after its establishment closed', () => {
  let may: string;
  let june: string;
  beforeAll(async () => {
    may = await writeEditedStock(path.join(dir, 'may.csv'), null, { [amiens]: closedAmiens });
    june = await writeEditedStock(path.join(dir, 'june.csv'), '2026-06', {
      [amiens]: closedAmiens,
      [lille]: { etatAdministratifEtablissement: 'F', dateDebut: '2021-06-01' },
    });
  });

  it('imports the establishment and its closure without the band, and lists the band; a dry run alike', async () => {
    const before = await importState(db);
    const dry = await importFixtures(db, may, { dryRun: true });
    expect(await importState(db)).toEqual(before);
    const report = await importFixtures(db, may);
    const entry = {
      file: 'may.csv',
      line: 3,
      siret: amiens,
      site: (await siteOf(amiens)).id,
      band: '12',
      year: 2023,
      closed_on: '2021-06-01',
      stored: false,
    };
    for (const r of [dry, report]) {
      expect(r.bandsAfterClosing).toEqual([entry]);
      expect(r.listed.bandsAfterClosing).toBe(1);
      expect(r.rejected).toEqual([]);
      expect(r.sites).toEqual(report.sites);
    }
    expect(await siteOf(amiens)).toMatchObject({
      status: 'closed',
      closed_on: '2021-06-01',
      tranche_effectifs: null,
      effectifs_min: null,
      annee_effectifs: null,
    });
    expect(await bandsOf(amiens)).toEqual([]);
    // Its closure cited by the stock; the band by nothing.
    const [cited] = await db.execute<{ fields: string[] }>(sql`
      select c.fields from citations c join sites s on s.id = c.site_id
       where s.siret = ${amiens} and c.source_id = 'insee-sirene-stock-2026-05'`);
    expect(cited!.fields).toEqual(expect.arrayContaining(['status', 'closed_on', 'siret']));
    expect(cited!.fields).not.toContain('tranche_effectifs');
    expect(cited!.fields).not.toContain('annee_effectifs');
  });

  it('re-importing the same stock changes nothing and lists the band again', async () => {
    const before = await importState(db);
    const report = await importFixtures(db, may);
    expect(await importState(db)).toEqual(before);
    expect(report.sites.created + report.sites.updated).toBe(0);
    expect(report.bandsAfterClosing.map((b) => b.siret)).toEqual([amiens]);
  });

  it("a newer stock closing a site before its stored band's year: the older stock's band stays its dated figure", async () => {
    expect(await siteOf(lille)).toMatchObject({ status: 'open', tranche_effectifs: '22', annee_effectifs: 2023 });
    const before = await importState(db);
    const dry = await importFixtures(db, june, { dryRun: true });
    expect(await importState(db)).toEqual(before);
    const report = await importFixtures(db, june);
    for (const r of [dry, report]) {
      expect(r.rejected).toEqual([]);
      expect(r.bandsAfterClosing).toEqual([
        {
          file: 'june.csv',
          line: 2,
          siret: lille,
          site: lilleId,
          band: '22',
          year: 2023,
          closed_on: '2021-06-01',
          stored: true,
        },
        {
          file: 'june.csv',
          line: 3,
          siret: amiens,
          site: (await siteOf(amiens)).id,
          band: '12',
          year: 2023,
          closed_on: '2021-06-01',
          stored: false,
        },
      ]);
    }
    expect(await siteOf(lille)).toMatchObject({
      status: 'closed',
      closed_on: '2021-06-01',
      tranche_effectifs: null,
      annee_effectifs: null,
    });
    expect(await bandsOf(lille)).toEqual([
      { tranche_effectifs: '22', year: 2023, source_id: 'insee-sirene-stock-2026-05' },
    ]);
    const headcounts = (await getJson(app, `/v1/sites/${lilleId}`)).body.headcounts as { kind: string }[];
    expect(headcounts.filter((h) => h.kind === 'tranche_effectifs')).toMatchObject([
      { tranche_effectifs: '22', as_of: '2023', source_id: 'insee-sirene-stock-2026-05' },
    ]);
    const again = await importState(db);
    await importFixtures(db, june);
    expect(await importState(db)).toEqual(again);
  });
});
