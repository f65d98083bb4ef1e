// npm run import:sirene over several editions, end to end against a real PostgreSQL and Meilisearch: a newer
// stock (or geolocation file) changes what an older one said, position included, and its citation replaces the
// older one's for what changed; a SIREN or SIRET a stock said is not to be published stays out of every later
// import until a newer stock publishes it; options that cannot be right are refused before any file is read; a
// source is stored only when a fact cites it.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { establishmentErrors } from '../../src/open-data/sirene/check.js';
import {
  checkSireneOptions,
  importSirene,
  type SireneImportOptions,
  SireneOptionError,
} from '../../src/open-data/sirene/import.js';
import { SireneFileError } from '../../src/open-data/sirene/read.js';
import { OlderEditionError } from '../../src/open-data/sirene/source.js';
import { getJson, testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import {
  actor,
  geolocation,
  importFixtures,
  legalUnits,
  stockCsv,
  stockZip,
  writeEditedStock,
} from '../setup/sirene.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
/** The stock and legal units of June, which the later editions repeat. */
let juneStock: string;
let juneUnits: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-editions-'));
  await importSirene(db, { establishments: stockZip, legalUnits, geolocation, naf: ['82.20Z'], actor });
});

const run = (establishments: string, more: Partial<SireneImportOptions> = {}) =>
  importFixtures(db, establishments, more);

/** A copy of the CSV stock with some of its cells changed (by SIRET, column name → value), of the month `month`. */
const editedStock = (name: string, month: string, edits: Record<string, Record<string, string>>) =>
  writeEditedStock(path.join(dir, name), month, edits);

/** A copy of a fixture with some text replaced. */
async function edited(fixture: string, name: string, replacements: [string, string][]) {
  let text = await readFile(fixture, 'utf8');
  for (const [from, to] of replacements) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

type Citation = { source_id: string; quote: string; fields: string[] };
/** The sources of an entry's citations that support `field`. */
const sourcesOf = (citations: Citation[], field: string) =>
  citations
    .filter((c) => c.fields.includes(field))
    .map((c) => c.source_id)
    .sort();

/** What the site's page says beside one attribute (its value and citations), by its label. */
async function besideOnPage(id: string, label: string) {
  const page = await app.inject({ method: 'GET', url: `/sites/${id}` });
  const start = page.body.indexOf(`<dt>${label}</dt>`);
  expect(start).toBeGreaterThan(0);
  return page.body.slice(start, page.body.indexOf('</dd>', start));
}

const nonDiffusible = async () =>
  (await db.execute<{ id: string }>(sql`select id from sirene_non_diffusible order by id`)).map((r) => r.id);

describe('import:sirene, edition after edition', () => {
  it('gives its sources the month of the edition as their date, never an invented day', async () => {
    expect((await getJson(app, '/v1/sources/insee-sirene-stock-2026-05')).body).toMatchObject({
      published_as_printed: 'mai 2026',
      published_on: '2026-05',
    });
    expect((await getJson(app, '/v1/sources/insee-sirene-geolocalisation-2026-05')).body).toMatchObject({
      published_as_printed: 'mai 2026',
      published_on: '2026-05',
    });
    // As the citations of the facts it gives carry it (it was 2026-05-01, a day the stock never states).
    const site = (await getJson(app, '/v1/sites/allo-nord-81234567600017')).body;
    const cited = site.citations.filter((c: { source_id: string }) => c.source_id === 'insee-sirene-stock-2026-05');
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.map((c: { source_published_on: string }) => c.source_published_on)).toEqual(
      cited.map(() => '2026-05'),
    );
  });

  it('remembers the SIREN and SIRET it was told are non-diffusible, and keeps them out of a later import', async () => {
    // The establishment marked P, and the legal unit marked P (its establishment's row says nothing of it).
    expect(await nonDiffusible()).toEqual(['84444444800014', '877777771']);
    const report = await run(stockCsv, { legalUnits: undefined });
    expect(report.nonDiffusible).toEqual({ establishments: 2, legalUnits: 0 });
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    const [left] = await db.execute<{ n: number }>(sql`
      select (select count(*) from sites where siret like '877777771%')
           + (select count(*) from citations where quote like '%87777777%' or quote like '%GRAMMONT%') as n`);
    expect(Number(left!.n)).toBe(0);
    await app.directorySearch.indexer.runOnce();
    expect((await getJson(app, '/v1/search?q=grammont%20tours%20ecoute')).body.data).toEqual([]);
    expect(await nonDiffusible()).toEqual(['84444444800014', '877777771']);
  });

  it('names the latest stock month accepted as the user tells the month, and why on a month’s last day', () => {
    const refusal = (now: string, stockMonth: string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(now));
      try {
        checkSireneOptions({ naf: ['82.20Z'], stockMonth });
        return null;
      } catch (error) {
        return (error as Error).message;
      } finally {
        vi.useRealTimers();
      }
    };
    expect(refusal('2026-11-15T12:00:00Z', '2026-12')).toBe(
      "--stock-month: '2026-12' is after 2026-11 (this month), the latest month accepted: " +
        'INSEE has published no such stock',
    );
    // The last day of November (UTC), France may already be on 1 December: December is accepted, not called « this month ».
    expect(refusal('2026-11-30T17:00:00Z', '2026-12')).toBeNull();
    expect(refusal('2026-11-30T17:00:00Z', '2027-01')).toBe(
      "--stock-month: '2027-01' is after 2026-12, the latest month accepted on 2026-11-30 (UTC; France may already " +
        "be on 2026-12-01, and INSEE's times are French): INSEE has published no such stock",
    );
  });

  it('bounds a headcount year as the dates, by France’s day: on 31 December at 23:30 UTC, next year is this year', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-31T23:30:00Z'));
    try {
      expect(
        establishmentErrors({ anneeEffectifsEtablissement: '2027', dateCreationEtablissement: '2027-01-01' }),
      ).toEqual([]);
      expect(establishmentErrors({ anneeEffectifsEtablissement: '2028' })).toEqual([
        {
          in: 'row',
          name: 'anneeEffectifsEtablissement',
          message: '« 2028 » is not a year AAAA from 1900 on, not in the future',
        },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an option that cannot be right before reading any file, naming it', async () => {
    const absent = path.join(dir, 'not-read.csv');
    const refused = (more: Partial<SireneImportOptions>) => run(absent, more).catch((e: unknown) => e);
    // A NAF class, not a sub-class: no establishment has it.
    const naf = await refused({ naf: ['82.20Z', '82.20'] });
    expect(naf).toBeInstanceOf(SireneOptionError);
    expect((naf as Error).message).toBe("--naf: '82.20' is not a NAF rév. 2 sub-class code (such as 82.20Z)");
    const month = await refused({ stockMonth: '2026-13' });
    expect((month as Error).message).toBe("--stock-month: '2026-13' is not a month YYYY-MM");
    // A month to come would pass for the newest stock and refuse every real one after it.
    const future = await refused({ stockMonth: '2099-01' });
    expect(future).toBeInstanceOf(SireneOptionError);
    expect((future as Error).message).toMatch(/^--stock-month: '2099-01' is after \d{4}-\d{2}/);
    const older = await refused({ stockMonth: '2026-04' });
    expect(older).toBeInstanceOf(OlderEditionError);
    expect((older as Error).message).toMatch(
      /^the stock of avril 2026 \(2026-04\) is older than the stock of mai 2026/,
    );
    // The files read after the stock: their header checked before it is read.
    const noEpsg = await edited(geolocation, 'geo-no-epsg.csv', [[';qualite_xy;epsg;', ';qualite_xy;projection;']]);
    const geo = await refused({ geolocation: noEpsg });
    expect(geo).toBeInstanceOf(SireneFileError);
    expect((geo as Error).message).toBe('geo-no-epsg.csv, line 1: the header row lacks the column epsg');
    const noSiren = await edited(legalUnits, 'units-no-siren.csv', [
      ['siren,statutDiffusionUniteLegale,', 'sirn,statutDiffusionUniteLegale,'],
    ]);
    expect(((await refused({ legalUnits: noSiren })) as Error).message).toBe(
      'units-no-siren.csv, line 1: the header row lacks the column siren',
    );
    // A sole trader's name column missing was read as empty: « MARIE MARTIN » renamed « MARIE DURAND », cited to
    // INSEE, which never said her usual name was gone (verify45 01).
    const noUsage = await edited(legalUnits, 'units-no-usage-name.csv', [[',nomUsageUniteLegale,', ',nomUsage,']]);
    expect(((await refused({ legalUnits: noUsage })) as Error).message).toBe(
      'units-no-usage-name.csv, line 1: the header row lacks the column nomUsageUniteLegale',
    );
    const cli = runCli('import-sirene.ts', [stockCsv, '--naf', '82.20'], { DATABASE_URL: databaseUrl });
    expect(cli.status).toBe(2);
    expect(cli.stderr.split('\n')[0]).toBe("--naf: '82.20' is not a NAF rév. 2 sub-class code (such as 82.20Z)");
  }, 60_000);

  it('reads --naf repeated as a list, as with commas, and refuses another option given twice', () => {
    const thisMonth = new Date().toISOString().slice(0, 7);
    const sirene = (...args: string[]) =>
      runCli('import-sirene.ts', [stockCsv, ...args], { DATABASE_URL: databaseUrl });
    const repeated = sirene('--naf', '82.20Z', '--naf', '62.01Z', '--stock-month', thisMonth, '--dry-run');
    const listed = sirene('--naf', '82.20Z,62.01Z', '--stock-month', thisMonth, '--dry-run');
    expect(repeated.stdout).toMatch(/establishments: 10 rows read, 9 of the NAF codes/);
    expect(repeated.stdout).toBe(listed.stdout);
    const twice = sirene('--stock-month', thisMonth, '--stock-month', '2026-05', '--dry-run');
    expect(twice.status).toBe(2);
    expect(twice.stderr.split('\n')[0]).toBe('--stock-month is given twice: give it once');
  }, 120_000);

  it('stores no source for an edition whose rows were all left out: an older one may still be imported', async () => {
    const lines = (await readFile(stockCsv, 'utf8')).split('\n');
    const lille = lines[1]!.replace('2026-05-12T09:14:03', '2026-09-03T10:00:00');
    const nul = path.join(dir, 'all-left-out.csv');
    await writeFile(nul, `${lines[0]}\n${lille.replace('ALLO NORD', 'ALLO\u0000NORD')}\n`);
    const report = await run(nul, { geolocation: undefined });
    expect(report.rejected).toEqual([
      {
        file: 'all-left-out.csv',
        line: 2,
        errors: [{ in: 'row', name: 'enseigne1Etablissement', message: 'must not contain the NUL character' }],
      },
    ]);
    const long = path.join(dir, 'too-long.csv');
    await writeFile(long, `${lines[0]}\n${lille.replace('ALLO NORD', 'A'.repeat(10_000_000))}\n`);
    expect((await run(long, { geolocation: undefined })).rejected).toHaveLength(1);
    const [stored] = await db.execute<{ ids: string[] }>(
      sql`select coalesce(array_agg(id order by id), '{}') as ids from sources where id like 'insee-sirene-%'`,
    );
    expect(stored!.ids).toEqual(['insee-sirene-geolocalisation-2026-05', 'insee-sirene-stock-2026-05']);
    expect((await getJson(app, '/v1/sources/insee-sirene-stock-2026-09')).status).toBe(404);
  });

  it("moves a site and changes its facts when a newer stock does, its citation replacing the older stock's", async () => {
    juneStock = await editedStock('june.csv', '2026-06', {
      // Lille: 1 km further east (Lambert-93 X), and one headcount band down.
      '81234567600017': { coordonneeLambertAbscisseEtablissement: '705061.15', trancheEffectifsEtablissement: '21' },
      // Callweb Amiens (the articles'): the street Sirene gave it, and its opening date, corrected.
      '79876543400013': { numeroVoieEtablissement: '4', dateCreationEtablissement: '2009-10-01' },
    });
    juneUnits = await edited(legalUnits, 'units-june.csv', [
      // Callweb (the articles'), whose legal category only Sirene gave, and Contacts du Nord (Sirene's).
      [',CALLWEB,,,,5499,', ',CALLWEB,,,,5710,'],
      ['812345676,O,,2012-03-01,CDN,', '812345676,O,,2012-03-01,CDNORD,'],
    ]);
    const report = await run(juneStock, { legalUnits: juneUnits });
    expect(report).toMatchObject({
      stockMonth: '2026-06',
      sites: { created: 0, updated: 2, unchanged: 4 },
      operators: { created: 0, updated: 2, unchanged: 3 },
      rejected: [],
      disagreements: [],
    });

    const lille = (await getJson(app, '/v1/sites/allo-nord-81234567600017')).body;
    expect([lille.latitude, lille.longitude, lille.coordinates_precision]).toEqual([50.629193, 3.071409, 'unstated']);
    expect(lille).toMatchObject({ tranche_effectifs: '21', effectifs_min: 50, effectifs_max: 99 });
    // Each fact the June stock changed is cited by it alone; what it did not change, by both editions.
    for (const field of ['latitude', 'longitude', 'tranche_effectifs']) {
      expect(sourcesOf(lille.citations, field)).toEqual(['insee-sirene-stock-2026-06']);
    }
    expect(sourcesOf(lille.citations, 'address')).toEqual(['insee-sirene-stock-2026-05', 'insee-sirene-stock-2026-06']);
    const history = (await getJson(app, '/v1/sites/allo-nord-81234567600017/history')).body.data;
    const last = history.findLast((e: { action: string }) => e.action === 'update');
    expect(last.changed_fields.sort()).toEqual([
      'effectifs_max',
      'effectifs_min',
      'latitude',
      'longitude',
      'tranche_effectifs',
    ]);
    expect(last.citations.map((c: Citation) => c.source_id)).toEqual(['insee-sirene-stock-2026-06']);
    // The history keeps the older value with its source.
    const created = history.find((e: { action: string }) => e.action === 'create');
    expect(created.citations.map((c: Citation) => c.source_id)).toEqual(['insee-sirene-stock-2026-05']);
    const band = await besideOnPage('allo-nord-81234567600017', 'Tranche d’effectifs (code Sirene)');
    expect(band).toContain('trancheEffectifsEtablissement=« 21 »');
    expect(band).not.toContain('trancheEffectifsEtablissement=« 22 »');

    // The articles' site: what only Sirene gave (its street, its opening date) follows the newer stock; the
    // articles' facts and their citations stay.
    const callweb = (await getJson(app, '/v1/sites/callweb-amiens')).body;
    expect(callweb).toMatchObject({
      name: 'Callweb Amiens',
      commune: 'Amiens',
      address: '4 RUE DES HORTILLONNAGES',
      opened_on: '2009-10-01',
    });
    expect(sourcesOf(callweb.citations, 'address')).toEqual(['insee-sirene-stock-2026-06']);
    expect(sourcesOf(callweb.citations, 'name')).toEqual(['en-contact-spotlight-14-clubs-regionaux-relation-client']);

    const operator = (await getJson(app, '/v1/operators/callweb')).body;
    expect(operator).toMatchObject({ name: 'Callweb', legal_category: '5710' });
    expect(sourcesOf(operator.citations, 'legal_category')).toEqual(['insee-sirene-stock-2026-06']);
    expect(sourcesOf(operator.citations, 'name')).toEqual(['en-contact-spotlight-14-clubs-regionaux-relation-client']);
    const cdn = (await getJson(app, '/v1/operators/contacts-du-nord-812345676')).body;
    expect(cdn.sigle).toBe('CDNORD');
    expect(sourcesOf(cdn.citations, 'sigle')).toEqual(['insee-sirene-stock-2026-06']);

    // Imported again, nothing changes.
    const again = await run(juneStock, { legalUnits: juneUnits });
    expect(again.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(again.operators).toEqual({ created: 0, updated: 0, unchanged: 5 });
  });

  it("moves a site when a newer geolocation file does; another source's better position stays", async () => {
    // Callweb Amiens: an exact position, written by a user citing an article.
    const key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
    const written = await app.inject({
      method: 'PATCH',
      url: '/v1/sites/callweb-amiens',
      headers: { authorization: `Bearer ${key}`, 'if-match': '*' },
      payload: {
        latitude: 49.8943,
        longitude: 2.2961,
        coordinates_precision: 'exact',
        citations: [
          {
            source: 'en-contact-spotlight-14-clubs-regionaux-relation-client',
            quote: 'Amiens, l’agglomération qui accueille les centres de Coriolis service, Comdata, Callweb',
            fields: ['latitude', 'longitude', 'coordinates_precision'],
          },
        ],
      },
    });
    expect(written.statusCode).toBe(200);
    // Amiens (Contacts du Nord): 10 km further east in the July geolocation file.
    const geo = await edited(geolocation, 'geo-july.csv', [['81234567600025;649353.07;', '81234567600025;659353.07;']]);
    const report = await run(juneStock, { legalUnits: juneUnits, geolocation: geo, stockMonth: '2026-07' });
    expect(report.sites).toEqual({ created: 0, updated: 1, unchanged: 5 });
    const amiens = (await getJson(app, '/v1/sites/contacts-du-nord-81234567600025')).body;
    expect([amiens.latitude, amiens.longitude, amiens.coordinates_precision]).toEqual([49.894822, 2.434755, 'exact']);
    for (const field of ['latitude', 'longitude']) {
      expect(sourcesOf(amiens.citations, field)).toEqual(['insee-sirene-geolocalisation-2026-07']);
    }
    const last = (await getJson(app, '/v1/sites/contacts-du-nord-81234567600025/history')).body.data.findLast(
      (e: { action: string }) => e.action === 'update',
    );
    expect(last.changed_fields.sort()).toEqual(['latitude', 'longitude']);
    expect(last.citations.map((c: Citation) => c.source_id).sort()).toEqual([
      'insee-sirene-geolocalisation-2026-07',
      'insee-sirene-stock-2026-07',
    ]);
    // The geolocation file's approximate position (quality 33) does not replace the user's exact one.
    const callweb = (await getJson(app, '/v1/sites/callweb-amiens')).body;
    expect([callweb.latitude, callweb.longitude, callweb.coordinates_precision]).toEqual([49.8943, 2.2961, 'exact']);
  });

  it('imports again an establishment whose legal unit a newer stock publishes, and forgets it', async () => {
    const units = await edited(juneUnits, 'units-august.csv', [
      ['877777771,P,', '877777771,O,'],
      [',A,[ND],,[ND],,,,1000,', ',A,,,ECOUTE ET CONSEIL,,,,5499,'],
    ]);
    const geo = path.join(dir, 'geo-july.csv');
    const report = await run(juneStock, { legalUnits: units, geolocation: geo, stockMonth: '2026-08' });
    expect(report.nonDiffusible).toEqual({ establishments: 1, legalUnits: 0 });
    expect(report.sites).toMatchObject({ created: 1 });
    expect(report.operators).toMatchObject({ created: 1 });
    expect(await nonDiffusible()).toEqual(['84444444800014']);
    expect((await getJson(app, '/v1/sites/ecoute-conseil-et-relation-tours-87777777100016')).body).toMatchObject({
      operator: { id: 'ecoute-et-conseil-877777771' },
      commune: 'Tours',
    });
    await app.directorySearch.indexer.runOnce();
    const found = await getJson(app, '/v1/search?q=ecoute%20conseil%20relation&kind=site');
    expect(found.body.data.map((h: { id: string }) => h.id)).toEqual([
      'ecoute-conseil-et-relation-tours-87777777100016',
    ]);
  });
});
