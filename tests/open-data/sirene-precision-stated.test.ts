// A precision a source states replaces one no source states, for the same point, whatever the order of the imports
// (fault 02 of verify39): the October stock read alone stored the Réunion site's Lambert point « unstated », and the
// same edition's geolocation file read after it, giving that point `qualite_xy` 33, left it so (rank equal, same
// edition), where the stock read with it gives « approximate » at once (sirene-precision-unknown.test.ts). And the
// « exact » an older version stored from the stock alone (its citation naming `coordinates_precision`) is no
// statement either: the geolocation file read again repairs it.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import { actor, positionOf } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/verify38';
const at = (name: string) => path.join(dir, name);
const stock = at('StockEtablissement_utf8.csv');
const legalUnits = at('StockUniteLegale_utf8.csv');
const geolocation = at('GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv');
const reunionId = 'reunion-appels-verif-73110460000010';
const reunion = `/v1/sites/${reunionId}`;
// The stock that stated the point first still cites it (its quote holds the Lambert cells), its precision the file.
const placed = {
  at: [-20.880486, 55.448393, 'approximate'],
  precisionFrom: ['insee-sirene-geolocalisation-2026-10'],
  latitudeFrom: ['insee-sirene-stock-2026-10', 'insee-sirene-geolocalisation-2026-10'],
};

describe('import:sirene, a stated precision over an unstated one', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });
  const run = (geo?: string) =>
    importSirene(db, {
      establishments: stock,
      legalUnits,
      naf: ['82.20Z'],
      actor,
      ...(geo ? { geolocation: geo } : {}),
    });

  it('takes the geolocation file’s approximate precision when read after the same stock alone', async () => {
    expect((await run()).sites).toEqual({ created: 6, updated: 0, unchanged: 0 });
    expect(await positionOf(app, reunion)).toEqual({
      at: [-20.880486, 55.448393, 'unstated'],
      precisionFrom: [],
      latitudeFrom: ['insee-sirene-stock-2026-10'],
    });
    const withGeo = await run(geolocation);
    expect(withGeo.sites).toEqual({ created: 0, updated: 3, unchanged: 3 });
    expect(await positionOf(app, reunion)).toEqual(placed);
    expect((await run(geolocation)).sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect((await run()).sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(await positionOf(app, reunion)).toEqual(placed);
  });

  it('repairs an « exact » an older version stored from the stock alone', async () => {
    // As the older version left it: « exact », the stock's citation naming the precision, the geolocation file's not.
    await db.execute(sql`update sites set coordinates_precision = 'exact' where id = ${reunionId}`);
    await db.execute(sql`delete from citations where site_id = ${reunionId}
      and source_id = 'insee-sirene-geolocalisation-2026-10'`);
    await db.execute(sql`update citations set fields = fields || '{latitude,longitude,coordinates_precision}'
      where site_id = ${reunionId} and source_id = 'insee-sirene-stock-2026-10'`);
    expect(await positionOf(app, reunion)).toEqual({
      at: [-20.880486, 55.448393, 'exact'],
      precisionFrom: ['insee-sirene-stock-2026-10'],
      latitudeFrom: ['insee-sirene-stock-2026-10'],
    });
    expect((await run(geolocation)).sites).toEqual({ created: 0, updated: 1, unchanged: 5 });
    expect(await positionOf(app, reunion)).toEqual(placed);
    expect((await run(geolocation)).sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
  });
});
