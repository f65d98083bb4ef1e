// A reprise of a closed liquidation (fault 03 of /tmp/verify43): « Jugement de reprise de la procédure de
// liquidation judiciaire » after a clôture made a second liquidation, « opened » on the reprise's date, and left the
// first closed. Now it joins the closed liquidation, its closure lifted, the clôture and the reprise in its notices;
// the same for an « Autre jugement prononçant » whose complement resumes it; a reprise with no liquidation before it
// is no opening (its date none), reported as such.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { type BodaccImportReport, importBodacc } from '../../src/open-data/bodacc/import.js';
import { getJson, testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';

const folder = 'tests/fixtures/bodacc/verify43';
const chains = `${folder}/reprise-chains.csv`;
const closedFirst = `${folder}/reprise-closed-first.csv`;
const others = `${folder}/reprise-other-natures.csv`;
const actor = { keyId: null, name: 'import:bodacc test' };
const run = (on: Db, file: string) => importBodacc(on, { file, actor });

/** The proceedings of the fixtures' companies (SIRENs 90300001x to 90300005x), their facts and their notices. */
async function proceedingsOf(on: Db) {
  return [
    ...(await on.execute(sql`
      select p.id, p.kind, p.date, p.closed_on, p.closure_nature, p.withheld,
             (select array_agg(n.id order by n.judgment_date) from proceeding_notices n
               where n.proceeding_id = p.id) as notices,
             (select array_agg(distinct f order by f) from citations c cross join unnest(c.fields) f
               where c.proceeding_id = p.id) as cited
        from proceedings p where p.id like 'bodacc-a20240500%' or p.id like 'bodacc-a20251200%'
          or p.id like 'bodacc-a20250600%' or p.id like 'bodacc-a20260100%' order by p.id`)),
  ];
}

describe('a reprise of a closed liquidation', () => {
  let app: App;
  let db: Db;
  let report: BodaccImportReport;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    report = await run(db, chains);
  });

  it('joins the liquidation it resumes, its closure lifted, no liquidation opened on its date', async () => {
    const reprise = (await proceedingsOf(db)).filter((p) => (p.notices as string[])[0]!.startsWith('A2024050010'));
    expect(reprise).toEqual([
      {
        id: 'bodacc-a202405001001',
        kind: 'liquidation_judiciaire',
        date: '2024-02-28',
        closed_on: null,
        closure_nature: null,
        withheld: false,
        notices: ['A202405001001', 'A202506001002', 'A202512001003'],
        cited: ['company_name', 'court', 'date', 'kind', 'operator'],
      },
    ]);
    expect(report.withoutOpening).toEqual([]);
    expect((await getJson(app, '/v1/proceedings/bodacc-a202512001003')).status).toBe(404);
    const detail = (await getJson(app, '/v1/proceedings/bodacc-a202405001001')).body;
    expect(detail.notices.map((n: { id: string; effect: string }) => [n.id, n.effect])).toEqual([
      ['A202405001001', 'status'],
      ['A202506001002', 'closure'],
      ['A202512001003', 'status'],
    ]);
    const operator = (await getJson(app, '/v1/operators/reprise-contact')).body;
    expect(operator.proceedings.map((p: { id: string }) => p.id)).toEqual(['bodacc-a202405001001']);
  });

  it('is no liquidation opened in October 2025 (the opened_from/opened_to filter of the fault)', async () => {
    const october = await getJson(
      app,
      '/v1/proceedings?opened_from=2025-10-01&opened_to=2025-10-31&kind=liquidation_judiciaire',
    );
    expect(october.body).toMatchObject({ data: [], total: 0 });
  });

  it('lifts the closure an earlier import stored, its citations gone; the same file again changes nothing', async () => {
    const other = (await testDatabase()).database.db;
    await run(other, closedFirst);
    const closed = (await proceedingsOf(other)).find((p) => p.id === 'bodacc-a202405001001');
    expect(closed).toMatchObject({
      closed_on: '2025-03-04',
      closure_nature: "Jugement de clôture pour insuffisance d'actif",
    });
    const then = await run(other, chains);
    expect(then.proceedings).toMatchObject({ created: 1, updated: 1 });
    expect(await proceedingsOf(other)).toEqual(await proceedingsOf(db));
    const again = await run(db, chains);
    expect(again.proceedings).toMatchObject({ created: 0, updated: 0, withdrawn: 0 });
  });

  it('joins from an « Autre jugement prononçant » resuming it, and a later clôture closes it again', async () => {
    const otherReport = await run(db, others);
    const found = (await proceedingsOf(db)).filter((p) => /^A20(24050040|25120050)/.test((p.notices as string[])[0]!));
    expect(found.map(({ cited, withheld, ...p }) => p)).toEqual([
      {
        id: 'bodacc-a202405004001',
        kind: 'liquidation_judiciaire',
        date: '2024-02-27',
        closed_on: '2026-01-06',
        closure_nature: "Jugement de clôture pour insuffisance d'actif",
        notices: ['A202405004001', 'A202506004002', 'A202512004003', 'A202601004004'],
      },
      {
        id: 'bodacc-a202512005001',
        kind: 'liquidation_judiciaire',
        date: null,
        closed_on: null,
        closure_nature: null,
        notices: ['A202512005001'],
      },
    ]);
    expect(otherReport.afterClosure).toEqual([]);
    expect(otherReport.withoutOpening.map((w) => [w.line, w.notice, w.effect])).toEqual([
      [6, 'A202512005001', 'reprise'],
    ]);
  });
});
