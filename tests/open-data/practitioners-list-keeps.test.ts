// A practitioner the practitioners' list names, whose row changes nothing of the entry a BODACC notice made: fault 07
// of issue 11's hostile check (/tmp/verify11), where the row was « unchanged » and cited nothing, so an annulation of
// the notice withdrew the practitioner (410). The row's reading cites the entry (once), which the annulation keeps.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import test' };
const list = 'tests/fixtures/practitioners/faults/listed-perrin.csv';

describe("a practitioner the practitioners' list names, made from a notice later annulled", () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('is cited by the list once and kept when the notice is annulled (fault 07)', async () => {
    await importBodacc(db, { file: 'tests/fixtures/bodacc/faults/listed-opening.csv', actor });
    const first = await importPractitioners(db, { file: list, actor });
    expect(first.practitioners).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const again = await importPractitioners(db, { file: list, actor });
    expect(again.practitioners).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const cited = await db.execute(sql`
      select source_id like 'bodacc-%' as bodacc, count(*)::int as n from citations
       where mandataire_id = 'aline-perrin' group by 1 order by 1`);
    expect([...cited]).toEqual([
      { bodacc: false, n: 1 },
      { bodacc: true, n: 1 },
    ]);
    await importBodacc(db, { file: 'tests/fixtures/bodacc/faults/listed-opening-annulled.csv', actor });
    const { status, body } = await getJson(app, '/v1/mandataires/aline-perrin');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'aline-perrin', name: 'Aline Perrin', profession: 'mandataire_judiciaire' });
  });
});
