// import:sirene on the faults of a hostile review (tests/fixtures/sirene/hostile/): a foreign country as INSEE's
// stock writes it (capitals, no accents, its words in another order) is its ISO code; a SIREN failing its check
// digit is refused in the establishments' stock as in the legal units'; a SIRET the geolocation file repeats with
// two positions is reported, neither position used.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { countryOf } from '../../src/open-data/sirene/map.js';
import { testApp } from '../setup/app.js';
import { importFixtures } from '../setup/sirene.js';

const hostile = path.join(import.meta.dirname, '../fixtures/sirene/hostile');
const file = (name: string) => path.join(hostile, name);

let db: Db;
beforeAll(async () => {
  ({ db } = await testApp());
});

describe('countryOf', () => {
  it.each([
    ['ALGERIE', 'DZ'],
    ['SENEGAL', 'SN'],
    ["COTE D'IVOIRE", 'CI'],
    ['ETATS-UNIS', 'US'],
    ['CONGO (REPUBLIQUE DEMOCRATIQUE)', 'CD'],
    ['ROYAUME-UNI', 'GB'],
    ['VIET NAM', 'VN'],
    ['CENTRAFRICAINE (REPUBLIQUE)', 'CF'],
    ['MACEDOINE DU NORD (REPUBLIQUE DE)', 'MK'],
    ['GUINEE', 'GN'],
  ])('reads %s as %s', (label, code) => {
    expect(countryOf(label)).toBe(code);
  });

  it.each(['COREE (REPUBLIQUE DE)', 'CONGO', 'ILES'])('tells no country of %s (none or several match)', (label) => {
    expect(countryOf(label)).toBeUndefined();
  });
});

describe('import:sirene, foreign establishments', () => {
  it('imports each with its ISO country, and reports with its line the one no French name tells', async () => {
    const report = await importFixtures(db, file('countries.csv'), {
      legalUnits: undefined,
      geolocation: undefined,
      dryRun: true,
    });
    expect(report.sites).toEqual({ created: 19, updated: 0, unchanged: 0 });
    expect(report.rejected).toEqual([
      {
        file: 'countries.csv',
        line: 13,
        errors: [
          {
            in: 'row',
            name: 'libellePaysEtrangerEtablissement',
            message:
              '« COREE (REPUBLIQUE DE) » (codePaysEtrangerEtablissement 99239) is no country whose French names ' +
              '(i18n-iso-countries, CLDR) tell its ISO 3166-1 code: the establishment is not imported',
          },
        ],
      },
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
