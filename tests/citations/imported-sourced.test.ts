// Every attribute an imported entry shows is cited or worked out from a cited one (fault 05 of verify38: a Sirene
// site's `commune` and its band's `effectifs_min`, `effectifs_max` shown « sans source » though the stock's record,
// quoted, states them).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { unsourcedAttributes } from '../../src/citations/fields.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/verify38';

describe('imported entries, each attribute with its source', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    const legalUnits = `${dir}/StockUniteLegale_utf8.csv`;
    const geolocation = `${dir}/GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv`;
    await importSirene(db, {
      establishments: `${dir}/StockEtablissement_utf8.csv`,
      legalUnits,
      geolocation,
      naf: ['82.20Z'],
      actor,
    });
    await importSirene(db, {
      establishments: `${dir}/StockEtablissement_2026-11.csv`,
      legalUnits,
      naf: ['82.20Z'],
      actor,
    });
  });

  it('shows no attribute of a Sirene site « sans source » (fault 05)', async () => {
    const { body } = await getJson(app, '/v1/sites?limit=100');
    const unsourced: Record<string, string[]> = {};
    for (const { id } of body.data as { id: string }[]) {
      if (!/-7311\d{10}$/.test(id)) continue;
      unsourced[id] = unsourcedAttributes((await getJson(app, `/v1/sites/${id}`)).body);
    }
    expect(Object.keys(unsourced)).toHaveLength(7);
    expect(Object.entries(unsourced).filter(([, list]) => list.length)).toEqual([]);
  });
});
