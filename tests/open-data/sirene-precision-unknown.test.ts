// The stock's Lambert columns state no precision (open-data-formats.md §1.3, §1.9: only the geolocation file's
// `qualite_xy` does): a position read from them has an unknown precision (null), never a guessed « exact », and a point
// the geolocation file of an edition placed with its precision keeps it when a stock gives that same point again.
// Fault 02 of verify38: the same October stock re-imported without `--geo` turned the Réunion site's `qualite_xy` 33
// position (approximate) into « exact », one update, the geolocation citation losing `coordinates_precision`.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import { actor, positionOf } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/verify38';
const at = (name: string) => path.join(dir, name);
const legalUnits = at('StockUniteLegale_utf8.csv');
const geolocation = at('GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv');
const reunion = '/v1/sites/reunion-appels-verif-73110460000010';

describe('import:sirene, a position whose precision no source states', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });
  const run = (establishments: string, geo?: string) =>
    importSirene(db, { establishments, legalUnits, naf: ['82.20Z'], actor, ...(geo ? { geolocation: geo } : {}) });

  it('keeps the geolocation file’s approximate precision when the same stock is read again without it (fault 02)', async () => {
    await run(at('StockEtablissement_utf8.csv'), geolocation);
    const placed = {
      at: [-20.880486, 55.448393, 'approximate'],
      precisionFrom: ['insee-sirene-geolocalisation-2026-10'],
      latitudeFrom: ['insee-sirene-geolocalisation-2026-10'],
    };
    expect(await positionOf(app, reunion)).toEqual(placed);
    const again = await run(at('StockEtablissement_utf8.csv'));
    expect(again.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(await positionOf(app, reunion)).toEqual(placed);
  });

  it('gives a position of the stock alone no precision: unknown, cited by no source', async () => {
    // Mayotte's row has Lambert cells (EPSG 4471) and no geolocation row.
    expect(await positionOf(app, '/v1/sites/mayotte-verif-73110490700019')).toEqual({
      at: [-12.767181, 45.225719, 'unstated'],
      precisionFrom: [],
      latitudeFrom: ['insee-sirene-stock-2026-10'],
    });
  });
});
