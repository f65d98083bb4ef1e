// The geolocation file's `qualite_xy` states a position's precision only through the codes it is known to carry
// (open-data-formats.md § 1, § 5.2): 33 approximate, 11, 12, 21, 22 exact. Another value, or none, states nothing:
// the position is kept with an unknown precision (`unstated`), cited by no source, never read as « exact » (before:
// every code but 33 was « exact », an empty cell too).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { precisionOfQualiteXy } from '../../src/domain/sirene-codes.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor, positionOf } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/verify38';
const at = (name: string) => path.join(dir, name);
const LILLE_AT = [50.636047, 3.064912, 'unstated'];
const GUADELOUPE_AT = [16.248202, -61.535769, 'unstated'];

describe('the precision a geolocation row’s qualite_xy states', () => {
  it('reads 33 as approximate, the address codes as exact, anything else as unstated', () => {
    const read = ['11', '12', '21', '22', '33', '99', '0', '', null, '[ND]'].map(precisionOfQualiteXy);
    expect(read).toEqual([
      'exact',
      'exact',
      'exact',
      'exact',
      'approximate',
      'unstated',
      'unstated',
      'unstated',
      'unstated',
      'unstated',
    ]);
  });

  describe('import:sirene with codes it does not know', () => {
    let app: App;
    beforeAll(async () => {
      const { app: made, db } = await testApp();
      app = made;
      const work = await mkdtemp(path.join(os.tmpdir(), 'plateau-qualite-'));
      const geolocation = path.join(work, 'geo.csv');
      const fixture = await readFile(
        at('GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv'),
        'utf8',
      );
      // Lille's row reads 99 (no known code), Guadeloupe's none; Réunion's stays 33.
      const edited = fixture
        .replace(';7059900.0;11;2154;', ';7059900.0;99;2154;')
        .replace(';1796950.0;12;5490;', ';1796950.0;;5490;');
      expect(edited).not.toBe(fixture);
      await writeFile(geolocation, edited);
      await importSirene(db, {
        establishments: at('StockEtablissement_utf8.csv'),
        legalUnits: at('StockUniteLegale_utf8.csv'),
        geolocation,
        naf: ['82.20Z'],
        actor,
      });
    });

    it('keeps the position, its precision unknown and cited by no source', async () => {
      const geo = ['insee-sirene-geolocalisation-2026-10'];
      const { body } = await getJson(app, '/v1/sites?q=Verifonze&limit=100');
      const ids = body.data.map((s: { id: string }) => s.id) as string[];
      const lille = ids.find((id) => id.endsWith('73110420400011'));
      const guadeloupe = (await getJson(app, '/v1/sites?code_commune=97101')).body.data[0]?.id as string;
      expect(await positionOf(app, `/v1/sites/${lille}`)).toEqual({
        at: LILLE_AT,
        precisionFrom: [],
        latitudeFrom: geo,
      });
      expect(await positionOf(app, `/v1/sites/${guadeloupe}`)).toEqual({
        at: GUADELOUPE_AT,
        precisionFrom: [],
        latitudeFrom: geo,
      });
      expect(await positionOf(app, '/v1/sites/reunion-appels-verif-73110460000010')).toEqual({
        at: [-20.880486, 55.448393, 'approximate'],
        precisionFrom: geo,
        latitudeFrom: geo,
      });
    });
  });
});
