// A proceeding's id depended on the order its opening and the rectificatif replacing it were imported (fault 04 of
// issue 11's hostile check): opening first, `bodacc-` of the opening; rectificatif first, `bodacc-` of the
// rectificatif, the other id a 404. The rectificatif names its target (`parutionavisprecedent`) whether the target
// has arrived or not, so the proceeding is now always named after the target: the two files in either order, or in
// one file, give the same proceedings and notices.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { type BodaccImportReport, importBodacc } from '../../src/open-data/bodacc/import.js';
import { survivorsOf } from '../../src/db/survivors.js';
import { tombstoneOf } from '../../src/history/read.js';
import { testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';

// Company A (ORDRE DIRECT): opening A20240300440 in file 1, its rectificatif A20240310441 in file 2; company B
// (ORDRE INVERSE): rectificatif A20240310451 in file 1, its target the opening A20240300450 in file 2.
const file1 = 'tests/fixtures/bodacc/faults/rectificatif-order-1.csv';
const file2 = 'tests/fixtures/bodacc/faults/rectificatif-order-2.csv';
const both = 'tests/fixtures/bodacc/faults/rectificatif-order-both.csv';
const actor = { keyId: null, name: 'import:bodacc test' };
const run = (on: Db, file: string) => importBodacc(on, { file, actor });

/** The proceedings shown and each notice's proceeding. */
async function shown(on: Db) {
  const proceedings = await on.execute(sql`
    select id, kind, date, company_name from proceedings where id like 'bodacc-a202403%' and not withheld order by id`);
  const notices = await on.execute(sql`
    select id, proceeding_id from proceeding_notices where id like 'A202403%' order by id`);
  return { proceedings: [...proceedings], notices: [...notices] };
}

describe('an opening and the rectificatif replacing it, in either order', () => {
  let app: App;
  let inOrder: Db;
  let reversed: Db;
  let oneFile: Db;
  const reports: Record<string, BodaccImportReport> = {};
  beforeAll(async () => {
    ({ app, db: inOrder } = await testApp());
    reversed = (await testDatabase()).database.db;
    oneFile = (await testDatabase()).database.db;
    reports.first = await run(inOrder, file1);
    reports.second = await run(inOrder, file2);
    reports.reversedFirst = await run(reversed, file2);
    reports.reversedSecond = await run(reversed, file1);
    reports.one = await run(oneFile, both);
  });

  it("names each proceeding after the opening, whichever of the two came first, as one file does", async () => {
    const expected = {
      proceedings: [
        { id: 'bodacc-a20240300440', kind: 'redressement_judiciaire', date: '2024-01-20', company_name: 'ORDRE DIRECT' },
        { id: 'bodacc-a20240300450', kind: 'redressement_judiciaire', date: '2024-01-20', company_name: 'ORDRE INVERSE' },
      ],
      notices: [
        { id: 'A20240300440', proceeding_id: 'bodacc-a20240300440' },
        { id: 'A20240300450', proceeding_id: 'bodacc-a20240300450' },
        { id: 'A20240310441', proceeding_id: 'bodacc-a20240300440' },
        { id: 'A20240310451', proceeding_id: 'bodacc-a20240300450' },
      ],
    };
    expect(await shown(inOrder)).toEqual(expected);
    expect(await shown(reversed)).toEqual(expected);
    expect(await shown(oneFile)).toEqual(expected);
    // The rectificatif imported before its target names the target's proceeding at once: nothing to rename later.
    expect(reports.first!.proceedings).toEqual({ created: 2, updated: 0, unchanged: 0, withdrawn: 0 });
    expect(reports.first!.missingTargets.map((m) => [m.notice, m.target])).toEqual([['A20240310451', 'A20240300450']]);
    expect(reports.second!.proceedings.withdrawn).toBe(0);
    expect(reports.reversedSecond!.proceedings.withdrawn).toBe(0);
  });

  it('answers both proceedings, and no id of a rectificatif', async () => {
    const status = async (id: string) =>
      (await app.inject({ method: 'GET', url: `/v1/proceedings/${id}` })).statusCode;
    expect(await status('bodacc-a20240300440')).toBe(200);
    expect(await status('bodacc-a20240300450')).toBe(200);
    expect(await status('bodacc-a20240310441')).toBe(404);
    expect(await status('bodacc-a20240310451')).toBe(404);
  });

  it('changes nothing when either file is imported again', async () => {
    for (const [on, file] of [
      [inOrder, file1],
      [inOrder, file2],
      [reversed, file2],
      [oneFile, file1],
    ] as const) {
      expect((await run(on, file)).proceedings).toEqual({ created: 0, updated: 0, unchanged: 2, withdrawn: 0 });
    }
  });
});

// A database an import before this fix left: company B's proceeding named after the rectificatif imported before its
// target (`bodacc-a20240310451`, the only difference from what file 1 gives now). Its target's file renames it to
// the rule's id, the old one merged into it: a published link answers 308, and the proceedings are those of the
// other order.
describe("a proceeding an earlier import named after a rectificatif", () => {
  const old = 'bodacc-a20240310451';
  const rule = 'bodacc-a20240300450';
  let app: App;
  let db: Db;
  let report: BodaccImportReport;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    await run(db, file1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into proceedings select (jsonb_populate_record(p, jsonb_build_object('id', ${old}::text))).*
          from proceedings p where id = ${rule}`);
      for (const table of ['proceeding_notices', 'citations', 'proceeding_practitioners', 'proceeding_sites'])
        await tx.execute(sql`update ${sql.identifier(table)} set proceeding_id = ${old} where proceeding_id = ${rule}`);
      await tx.execute(sql`
        update changes set entity_id = ${old}, after = jsonb_set(after, '{id}', to_jsonb(${old}::text))
         where entity_kind = 'proceeding' and entity_id = ${rule}`);
      await tx.execute(sql`delete from proceedings where id = ${rule}`);
    });
    report = await run(db, file2);
  });

  it("is renamed after the rectificatif's target, its old id merged into it", async () => {
    // A's proceeding updated by its rectificatif; B's made under the rule's id, the old one withdrawn into it.
    expect(report.proceedings).toEqual({ created: 1, updated: 1, unchanged: 0, withdrawn: 1 });
    const rows = await db.execute(sql`
      select id, withheld from proceedings where id like 'bodacc-a202403%' order by id`);
    expect([...rows]).toEqual([
      { id: 'bodacc-a20240300440', withheld: false },
      { id: rule, withheld: false },
      { id: old, withheld: true },
    ]);
    const notices = await db.execute(sql`
      select id, proceeding_id from proceeding_notices where id in ('A20240300450', 'A20240310451') order by id`);
    expect([...notices]).toEqual([
      { id: 'A20240300450', proceeding_id: rule },
      { id: 'A20240310451', proceeding_id: rule },
    ]);
    const tombstone = await tombstoneOf(db, 'proceeding', old);
    expect([tombstone?.action, tombstone?.merged_into]).toEqual(['merge', rule]);
    expect(Object.fromEntries(await survivorsOf(db, 'proceeding', [old]))).toEqual({ [old]: rule });
    const response = await app.inject({ method: 'GET', url: `/v1/proceedings/${old}` });
    expect([response.statusCode, response.headers.location]).toEqual([308, `/v1/proceedings/${rule}`]);
    expect((await app.inject({ method: 'GET', url: `/v1/proceedings/${rule}` })).statusCode).toBe(200);
  });

  it('changes nothing when either file is imported again', async () => {
    for (const file of [file1, file2]) {
      expect((await run(db, file)).proceedings).toEqual({ created: 0, updated: 0, unchanged: 2, withdrawn: 0 });
    }
  });
});
