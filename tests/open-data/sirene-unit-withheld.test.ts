// A legal unit `P` (not to be published) whose establishment is `P` too: fault 05 of issue 11's hostile check
// (/tmp/verify11), where the units' file was not read for it (only units of establishments kept were), so a sole
// trader a BODACC notice had made an operator of stayed public, his SIREN not remembered. The unit's row is read,
// counted, its SIREN remembered, and the operator withheld as when the establishment is `O`.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/sirene.js';

describe('a legal unit not to be published, of an establishment not to be published', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp({ searchIndex: true }));
  });

  it('withholds the operator a BODACC notice made of it and remembers its SIREN (fault 05)', async () => {
    await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/sole-trader.csv',
      actor: { keyId: null, name: 'import:bodacc test' },
    });
    expect((await getJson(app, '/v1/operators/marc-leroux')).status).toBe(200);
    const report = await importSirene(db, {
      establishments: 'tests/fixtures/sirene/hostile/sole-trader-stock.csv',
      legalUnits: 'tests/fixtures/sirene/hostile/sole-trader-units.csv',
      naf: ['82.20Z'],
      stockMonth: '2026-10',
      actor,
    });
    expect(report.nonDiffusible).toMatchObject({ establishments: 1, legalUnits: 1 });
    expect((await getJson(app, '/v1/operators/marc-leroux')).status).toBe(410);
    const remembered = await db.execute(
      sql`select id from sirene_non_diffusible where id like '906000062%' order by id`,
    );
    expect([...remembered]).toEqual([{ id: '906000062' }, { id: '90600006200016' }]);
    await app.directorySearch.indexer.runOnce();
    expect((await getJson(app, '/v1/search?q=LEROUX')).body.data).toEqual([]);
  });
});
