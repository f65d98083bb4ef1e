// A diffusible sole trader (catégorie juridique 1000) has no denominationUniteLegale: INSEE writes a natural person's
// name in nomUniteLegale, nomUsageUniteLegale, prenom1UniteLegale and prenomUsuelUniteLegale
// (/work/shared/open-data-formats.md §1.3–1.4). Fault 12 of issue 11's hostile check (/tmp/verify11/faults-b): his
// unit refused « denominationUniteLegale: is empty » and his site « (give --unites-legales) », given.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { legalUnitNameOf } from '../../src/domain/sirene-codes.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/sole-trader';
let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

describe('a diffusible sole trader’s legal unit', () => {
  it('becomes an operator named as INSEE names him, his site named so, each cited by its cells', async () => {
    const report = await importSirene(db, {
      establishments: `${dir}/StockEtablissement_utf8.csv`,
      legalUnits: `${dir}/StockUniteLegale_utf8.csv`,
      naf: ['82.20Z'],
      actor,
    });
    expect(report.rejected).toEqual([]);
    expect(report).toMatchObject({
      applied: true,
      sites: { created: 2, updated: 0, unchanged: 0 },
      operators: { created: 2, updated: 0, unchanged: 0 },
    });
    const operator = await getJson(app, '/v1/operators/marie-durand-947000014');
    expect(operator.status).toBe(200);
    expect(operator.body).toMatchObject({ name: 'MARIE DURAND', siren: '947000014', legal_category: '1000' });
    const site = await getJson(app, '/v1/sites/marie-durand-94700001400011');
    expect(site.body).toMatchObject({ name: 'MARIE DURAND', operator: { id: 'marie-durand-947000014' } });
    const quotes = await db.execute<{ quote: string; fields: string[] }>(sql`
      select quote, fields from citations
       where (operator_id = 'marie-durand-947000014' or site_id = 'marie-durand-94700001400011')
         and source_id like 'insee-sirene-stock-%'
       order by operator_id nulls last`);
    expect(quotes.map((q) => q.quote.includes('prenomUsuelUniteLegale=« MARIE » ; nomUniteLegale=« DURAND »'))).toEqual(
      [true, true],
    );
  });

  it.each([
    [{ denominationUniteLegale: 'APPELS SAS', nomUniteLegale: 'DURAND' }, 'APPELS SAS'],
    [
      { prenom1UniteLegale: 'MARIE', prenomUsuelUniteLegale: 'MARIE-ANNE', nomUniteLegale: 'DURAND' },
      'MARIE-ANNE DURAND',
    ],
    [{ prenom1UniteLegale: 'MARIE', nomUniteLegale: 'DURAND', nomUsageUniteLegale: 'MARTIN' }, 'MARIE MARTIN'],
    [{ nomUniteLegale: 'DURAND' }, 'DURAND'],
    [{ prenom1UniteLegale: 'MARIE' }, null],
  ])('names the unit %j « %s »', (cells, name) => {
    expect(legalUnitNameOf((column) => (cells as Record<string, string>)[column])?.name ?? null).toBe(name);
  });
});
