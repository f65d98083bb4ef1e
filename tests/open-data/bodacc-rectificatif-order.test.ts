// A proceeding's id depended on the order its opening and the rectificatif replacing it were imported (fault 04 of
// issue 11's hostile check): opening first, `bodacc-` of the opening; rectificatif first, `bodacc-` of the
// rectificatif, the other id a 404. Now the proceeding is named after the first notice of its lineage (the opening
// the rectificatif replaces): a rectificatif imported before its target names it for the time being (the target may
// be filed under another company, whose proceeding bears the target's id), and the target, when it comes, renames it,
// the old id merged into the new (308). The two files in either order, or in one file, end with the same
// proceedings and notices.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { survivorsOf } from '../../src/db/survivors.js';
import { tombstoneOf } from '../../src/history/read.js';
import { type BodaccImportReport, importBodacc } from '../../src/open-data/bodacc/import.js';
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

/** What the API answers for each id a proceeding had or could have had: status, and where a 308 sends. */
async function answers(app: App) {
  const ids = ['bodacc-a20240300440', 'bodacc-a20240310441', 'bodacc-a20240300450', 'bodacc-a20240310451'];
  const out: Record<string, string> = {};
  for (const id of ids) {
    const r = await app.inject({ method: 'GET', url: `/v1/proceedings/${id}` });
    out[id] = `${r.statusCode}${r.headers.location ? ` ${r.headers.location}` : ''}`;
  }
  return out;
}

describe('an opening and the rectificatif replacing it, in either order', () => {
  let inOrder: { app: App; db: Db };
  let reversed: { app: App; db: Db };
  let oneFile: Db;
  const reports: Record<string, BodaccImportReport> = {};
  beforeAll(async () => {
    inOrder = await testApp();
    reversed = await testApp();
    oneFile = (await testDatabase()).database.db;
    reports.file1 = await run(inOrder.db, file1);
    reports.thenFile2 = await run(inOrder.db, file2);
    reports.file2 = await run(reversed.db, file2);
    reports.thenFile1 = await run(reversed.db, file1);
    reports.one = await run(oneFile, both);
  });

  it('ends with each proceeding named after its opening, whichever came first, as one file gives', async () => {
    const expected = {
      proceedings: [
        {
          id: 'bodacc-a20240300440',
          kind: 'redressement_judiciaire',
          date: '2024-01-20',
          company_name: 'ORDRE DIRECT',
        },
        {
          id: 'bodacc-a20240300450',
          kind: 'redressement_judiciaire',
          date: '2024-01-20',
          company_name: 'ORDRE INVERSE',
        },
      ],
      notices: [
        { id: 'A20240300440', proceeding_id: 'bodacc-a20240300440' },
        { id: 'A20240300450', proceeding_id: 'bodacc-a20240300450' },
        { id: 'A20240310441', proceeding_id: 'bodacc-a20240300440' },
        { id: 'A20240310451', proceeding_id: 'bodacc-a20240300450' },
      ],
    };
    expect(await shown(inOrder.db)).toEqual(expected);
    expect(await shown(reversed.db)).toEqual(expected);
    expect(await shown(oneFile)).toEqual(expected);
    expect(reports.one!.proceedings).toEqual({ created: 2, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
  });

  it("renames the proceeding a rectificatif named when its target comes, the old id merged into the target's", async () => {
    // File 1 first: B's rectificatif, its target missing, names B's proceeding until file 2 brings the opening.
    expect(reports.file1!.missingTargets.map((m) => [m.notice, m.target])).toEqual([['A20240310451', 'A20240300450']]);
    expect(reports.file1!.proceedings).toEqual({ created: 2, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
    // A's proceeding updated by its rectificatif; B's made under its opening's id, the rectificatif's merged into it
    // (308, below): counted as merged, not as withdrawn.
    expect(reports.thenFile2!.proceedings).toEqual({ created: 1, updated: 1, unchanged: 0, withdrawn: 0, merged: 1 });
    expect(reports.thenFile1!.proceedings).toEqual({ created: 1, updated: 1, unchanged: 0, withdrawn: 0, merged: 1 });
    expect(await answers(inOrder.app)).toEqual({
      'bodacc-a20240300440': '200',
      'bodacc-a20240310441': '404',
      'bodacc-a20240300450': '200',
      'bodacc-a20240310451': '308 /v1/proceedings/bodacc-a20240300450',
    });
    expect(await answers(reversed.app)).toEqual({
      'bodacc-a20240300440': '200',
      'bodacc-a20240310441': '308 /v1/proceedings/bodacc-a20240300440',
      'bodacc-a20240300450': '200',
      'bodacc-a20240310451': '404',
    });
    const tombstone = await tombstoneOf(inOrder.db, 'proceeding', 'bodacc-a20240310451');
    expect([tombstone?.action, tombstone?.merged_into]).toEqual(['merge', 'bodacc-a20240300450']);
    expect(Object.fromEntries(await survivorsOf(reversed.db, 'proceeding', ['bodacc-a20240310441']))).toEqual({
      'bodacc-a20240310441': 'bodacc-a20240300440',
    });
  });

  it('changes nothing when either file is imported again', async () => {
    for (const [on, file] of [
      [inOrder.db, file1],
      [inOrder.db, file2],
      [reversed.db, file2],
      [reversed.db, file1],
      [oneFile, file1],
      [oneFile, file2],
    ] as const) {
      expect((await run(on, file)).proceedings).toEqual({
        created: 0,
        updated: 0,
        unchanged: 2,
        withdrawn: 0,
        merged: 0,
      });
    }
  });
});
