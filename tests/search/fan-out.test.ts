// One change that reaches thousands of search documents (an operator renamed,
// whose name every site it runs shows) is indexed like any other: ids travel
// as arrays, never as one huge SQL expression (« stack depth limit exceeded »).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import { drainOutboxOnce, indexerConnection } from '../../src/search/sync.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator } from '../setup/factories.js';

let app: App;
let db: Db;
let databaseUrl: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
});

const sitesRun = 10_500;

describe('an operator change that fans out to every site it runs', () => {
  it('reindexes all of them in one batch, and search shows the new name', async () => {
    const operator = await createOperator(db, { name: 'Plateaux Réunis' });
    // The sites themselves are not under test: inserted in one statement, indexed only through the operator.
    await db.execute(sql`
      insert into sites (id, name, operator_id, country, commune, code_commune, departement_code, region_code)
      select 'fan-out-' || n, 'Plateau ' || n, ${operator.id}, 'FR', 'Amiens', '80021', '80', '32'
        from generate_series(1, ${sitesRun}) n`);
    const connection = indexerConnection(databaseUrl);
    try {
      while ((await drainOutboxOnce(connection, app.directorySearch.engine)) > 0);
      const citations = [{ source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'IPG' }];
      const patch = operatorWrites.patchBody.parse({ name: 'Plateaux Unis', citations });
      await operatorWrites.update({ db, actor: { name: 'test', keyId: null } }, operator.id, patch, '*');
      // One event, twelve thousand documents.
      expect(await drainOutboxOnce(connection, app.directorySearch.engine)).toBe(1);
    } finally {
      await connection.close();
    }
    const { engine } = app.directorySearch;
    const last = await engine.client.index(engine.indexName).getDocument(`site_fan-out-${sitesRun}`);
    expect(last.operator_name).toBe('Plateaux Unis');
    const found = await getJson(app, `/v1/sites?q=${encodeURIComponent('Plateaux Unis')}&operator=${operator.id}`);
    expect(found.body.data.length).toBeGreaterThan(0);
  }, 120_000);
});
