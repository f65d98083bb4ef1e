// Sites of a municipal arrondissement (Marseille 13201, Paris 75108, Lyon 69383) without coordinates of their own:
// fault 06 of issue 11's hostile check (/tmp/verify11), where they got no position at all (GeoNames places the
// communes, not their arrondissements), until an unrelated later import gave them their commune's centre. They get
// their commune's centre in the import of their own row, approximate, cited, and are found near it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/sirene.js';

describe('a site of a municipal arrondissement without coordinates', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it("gets its commune's centre in the same import (fault 06)", async () => {
    const report = await importSirene(db, {
      establishments: 'tests/fixtures/sirene/hostile/arrondissements-no-position.csv',
      naf: ['82.20Z'],
      stockMonth: '2026-10',
      actor,
    });
    expect(report.rejected).toEqual([]);
    const placed = [];
    for (const id of [
      'marseille-arr-sans-position-93500001800017',
      'paris-arr-sans-position-93500002600010',
      'lyon-arr-sans-position-93500003400014',
    ]) {
      const { body } = await getJson(app, `/v1/sites/${id}`);
      const position = body.citations.find((c: { fields: string[] }) => c.fields.includes('latitude'));
      placed.push([
        body.code_arrondissement,
        body.coordinates_precision,
        position?.quote.split(' : ')[1]?.split(' ;')[0],
      ]);
    }
    expect(placed).toEqual([
      ['13201', 'approximate', 'code INSEE 13055'],
      ['75108', 'approximate', 'code INSEE 75056'],
      ['69383', 'approximate', 'code INSEE 69123'],
    ]);
    const { body } = await getJson(app, '/v1/sites?near=48.8566,2.3522&radius_km=5');
    expect(body.data.map((s: { id: string }) => s.id)).toContain('paris-arr-sans-position-93500002600010');
  });
});
