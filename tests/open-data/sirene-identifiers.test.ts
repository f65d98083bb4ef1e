// import:sirene on the faults of a hostile review (tests/fixtures/sirene/hostile/): a foreign country as INSEE's
// stock writes it (capitals, no accents, its words in another order, « COREE (REPUBLIQUE DE) », « CONGO ») is its
// ISO code, every label of INSEE's list (tests/fixtures/sirene/insee-countries.tsv) but the documented exceptions;
// a label no name tells is the row refused, never a country guessed; a SIREN failing its check
// digit is refused in the establishments' stock as in the legal units'; a SIRET the geolocation file repeats with
// two positions is reported, neither position used.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { countryOf } from '../../src/domain/country-names.js';
import { testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';
import { importFixtures } from '../setup/sirene.js';

const hostile = path.join(import.meta.dirname, '../fixtures/sirene/hostile');
const file = (name: string) => path.join(hostile, name);

let db: Db;
beforeAll(async () => {
  ({ db } = await testApp());
});

/** INSEE's country list as Sirene writes it: [COG code, label, ISO code or '-'] (tests/fixtures/sirene/insee-countries.tsv). */
const inseeCountries = readFileSync(path.join(import.meta.dirname, '../fixtures/sirene/insee-countries.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string, string]);

/** Labels read otherwise than the list's ISO column, as documented (domain/country-names.ts `countryOf`). */
const readOtherwise: Record<string, string | undefined> = {
  // Former countries whose label holds today's country's name: today's country.
  "TURQUIE D'EUROPE": 'TR',
  "REPUBLIQUE FEDERALE D'ALLEMAGNE": 'DE',
  'YEMEN (REPUBLIQUE ARABE DU)': 'YE',
  'YEMEN DEMOCRATIQUE': 'YE',
  'VIET NAM DU NORD': 'VN',
  'VIET NAM DU SUD': 'VN',
};

describe('countryOf', () => {
  it.each([
    ['ALGERIE', 'DZ'],
    ['SENEGAL', 'SN'],
    ["COTE D'IVOIRE", 'CI'],
    ['ETATS-UNIS', 'US'],
    ['CONGO (REPUBLIQUE DEMOCRATIQUE)', 'CD'],
    ['CONGO', 'CG'],
    ['COREE (REPUBLIQUE DE)', 'KR'],
    ['COREE (REPUBLIQUE POPULAIRE DEMOCRATIQUE DE)', 'KP'],
    ['ROYAUME-UNI', 'GB'],
    ['VIET NAM', 'VN'],
    ['CENTRAFRICAINE (REPUBLIQUE)', 'CF'],
    ['MACEDOINE DU NORD (REPUBLIQUE DE)', 'MK'],
    ['GUINEE', 'GN'],
    ['IRLANDE, ou EIRE', 'IE'],
    ['VATICAN, ou SAINT-SIEGE', 'VA'],
    ['COCOS ou KEELING (ILES)', 'CC'],
    ['PALAOS (ILES)', 'PW'],
    ['PITCAIRN (ILE)', 'PN'],
    ['IRAQ', 'IQ'],
    // INSEE's spellings no package has: « CAIMANES » is « Caïmans » once French endings are folded; « TURKS ET
    // CAIQUES » takes one word of the English name, one of the French.
    ['CAIMANES (ILES)', 'KY'],
    ['TURKS ET CAIQUES (ILES)', 'TC'],
  ])('reads %s as %s', (label, code) => {
    expect(countryOf(label)).toBe(code);
  });

  it.each(['COREE', 'CAMEROUN ET TOGO', 'SOUDAN ANGLO-EGYPTIEN, KENYA, OUGANDA', 'ILES', 'CAIMANES ET TURKS'])(
    'tells no country of %s (none or several match)',
    (label) => {
      expect(countryOf(label)).toBeUndefined();
    },
  );

  it("reads every label of INSEE's list as the ISO code INSEE gives it, but for the documented exceptions", () => {
    expect(inseeCountries).toHaveLength(264);
    const read = inseeCountries.map(([code, label]) => [code, label, countryOf(label) ?? '-']);
    const expected = inseeCountries.map(([code, label, iso]) => [
      code,
      label,
      label in readOtherwise ? (readOtherwise[label] ?? '-') : iso,
    ]);
    expect(read).toEqual(expected);
    // The 238 labels INSEE gives a code, and the six former countries read as today's.
    expect(read.filter(([, , iso]) => iso !== '-')).toHaveLength(244);
  });
});

describe('import:sirene, foreign establishments', () => {
  it('imports each with its ISO country, and reports with its line the one no name tells', async () => {
    // A database of its own: the edition this import records would refuse the other tests' older stocks.
    const { db: own } = (await testDatabase()).database;
    const report = await importFixtures(own, file('countries.csv'), { legalUnits: undefined, geolocation: undefined });
    expect(report.sites).toEqual({ created: 26, updated: 0, unchanged: 0 });
    const refusal = (label: string, code: string) =>
      `« ${label} » (codePaysEtrangerEtablissement ${code}) is no country whose names (i18n-iso-countries, CLDR, ` +
      'world-countries) tell one ISO 3166-1 code: the establishment is not imported (a site abroad is stored with ' +
      'its country, never a guessed one)';
    expect(report.rejected).toEqual([
      {
        file: 'countries.csv',
        line: 27,
        errors: [{ in: 'row', name: 'libellePaysEtrangerEtablissement', message: refusal('COREE', '99237') }],
      },
    ]);
    const sites = await own.execute<{ siret: string; country: string; commune: string | null }>(sql`
      select siret, country, commune from sites
      where siret in ('99310011400012', '99310022100015', '99310024700010', '99310025400016', '99310026200019',
        '99310027000012', '99310028800014', '99310029600017')
      order by siret`);
    expect(sites).toEqual([
      { siret: '99310011400012', country: 'KR', commune: 'VILLE' },
      { siret: '99310022100015', country: 'CG', commune: 'VILLE' },
      { siret: '99310024700010', country: 'KP', commune: 'VILLE' },
      { siret: '99310025400016', country: 'IE', commune: 'VILLE' },
      { siret: '99310026200019', country: 'PW', commune: 'VILLE' },
      { siret: '99310027000012', country: 'IQ', commune: 'VILLE' },
      { siret: '99310029600017', country: 'KY', commune: 'VILLE' },
    ]);
  });
});

describe('import:sirene, positions of the geolocation file', () => {
  it('reports a SIRET the file repeats, with both lines, and uses neither position', async () => {
    const report = await importFixtures(db, file('geo-stock.csv'), {
      legalUnits: undefined,
      geolocation: file('geo-hostile.csv'),
    });
    expect(report.badPositions.filter((b) => b.siret === '98000004600014')).toEqual([
      {
        file: 'geo-hostile.csv',
        line: 7,
        siret: '98000004600014',
        reason: 'SIRET 98000004600014 already appears at line 6: neither line’s position is used',
      },
    ]);
    const [site] = await db.execute<{ latitude: number; longitude: number; coordinates_precision: string }>(sql`
      select latitude, longitude, coordinates_precision from sites where siret = '98000004600014'`);
    // Amiens' centre (GeoNames), approximate: neither row's position, and not as exact.
    expect(site).toEqual({ latitude: 49.9, longitude: 2.3, coordinates_precision: 'approximate' });
  });
});

describe('import:sirene, identifiers', () => {
  it('refuses an establishment whose SIREN fails its check digit, as its legal unit is', async () => {
    const report = await importFixtures(db, file('badsiren.csv'), {
      legalUnits: file('ul-badluhn.csv'),
      geolocation: undefined,
    });
    const message = '940000050 is not a valid SIREN (its check digit is wrong)';
    expect(report.rejected).toEqual([
      { file: 'ul-badluhn.csv', line: 2, errors: [{ in: 'row', name: 'siren', message }] },
      { file: 'badsiren.csv', line: 2, errors: [{ in: 'row', name: 'siren', message }] },
    ]);
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(await db.execute(sql`select id from sites where siret = '94000005000010'`)).toEqual([]);
  });
});
