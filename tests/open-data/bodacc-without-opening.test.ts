// A judgment that is no opening (a clôture, a conversion, a plan) imported with no opening of its company before it
// (issue 11's leftovers): it made a proceeding of its own, and the report said nothing; when its opening came in a
// later file, the proceeding kept the clôture's id where the other order gave the opening's. Now such a notice is
// reported (`withoutOpening`), a conversion is not taken for an opening (its date no opening date), and the
// proceeding its opening starts is named by the opening whatever the order: the two files in either order show the
// same proceedings, the one made without its opening withdrawn (its history kept, citing the opening). A clôture
// whose only known opening is dated after it is a proceeding of its own, reported, the same in either order.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { survivorsOf } from '../../src/db/survivors.js';
import { tombstoneOf } from '../../src/history/read.js';
import { type BodaccImportReport, importBodacc } from '../../src/open-data/bodacc/import.js';
import { testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';

const openings = 'tests/fixtures/bodacc/faults/without-opening-openings.csv';
const others = 'tests/fixtures/bodacc/faults/without-opening-later.csv';
const actor = { keyId: null, name: 'import:bodacc test' };
const run = (on: Db, file: string) => importBodacc(on, { file, actor });

/** The proceedings shown and the notices' places (a withdrawn proceeding's notices as in none). */
async function shown(on: Db) {
  const proceedings = await on.execute(sql`
    select id, kind, date, closed_on, closure_nature from proceedings
     where (id like 'bodacc-a2026002%' or id like 'bodacc-a2026005%' or id like 'bodacc-a2026009%')
       and not withheld order by id`);
  const notices = await on.execute(sql`
    select n.id, case when p.withheld then null else n.proceeding_id end as proceeding_id
      from proceeding_notices n left join proceedings p on p.id = n.proceeding_id
     where n.id like 'A20260%79%' order by n.id`);
  return { proceedings: [...proceedings], notices: [...notices] };
}

const without = (r: BodaccImportReport) => r.withoutOpening.map((w) => [w.line, w.notice, w.effect]);

describe('a judgment with no opening before it', () => {
  let othersFirst: Db;
  let app: App;
  let openingsFirst: Db;
  const reports: Record<string, BodaccImportReport> = {};
  beforeAll(async () => {
    ({ app, db: othersFirst } = await testApp());
    openingsFirst = (await testDatabase()).database.db;
    reports.othersThen = await run(othersFirst, others);
    reports.thenOpenings = await run(othersFirst, openings);
    reports.openings = await run(openingsFirst, openings);
    reports.thenOthers = await run(openingsFirst, others);
  });

  it('is reported by the import that stores it, with its line and why', () => {
    expect(without(reports.othersThen!)).toEqual([
      [2, 'A202600917911', 'closure'],
      [3, 'A202600917912', 'conversion'],
      [4, 'A202600917913', 'event'],
      [5, 'A202600217914', 'closure'],
    ]);
    expect(listedLines(reports.othersThen!).filter((l) => l.includes('no opening before it'))[0]).toBe(
      `line 2: A202600917911: jugement: clôture with no opening before it (none imported, or only later ones): a proceeding of its own, its opening date unknown; its opening, imported later, joins it`,
    );
    expect(without(reports.thenOpenings!)).toEqual([]);
    // The three proceedings made without their opening joined the openings' (merged, 308), none withdrawn.
    expect(reports.thenOpenings!.proceedings).toEqual({
      created: 4,
      updated: 0,
      unchanged: 1,
      withdrawn: 0,
      merged: 3,
    });
    expect(without(reports.openings!)).toEqual([]);
    // The clôture dated before the company's only opening: a proceeding of its own.
    expect(without(reports.thenOthers!)).toEqual([[5, 'A202600217914', 'closure']]);
  });

  it('shows the same proceedings whichever file came first, each opening naming its own', async () => {
    const expected = {
      proceedings: [
        {
          id: 'bodacc-a202600217901',
          kind: 'liquidation_judiciaire',
          date: '2026-01-06',
          closed_on: '2026-05-04',
          closure_nature: "Jugement de clôture pour insuffisance d'actif",
        },
        {
          id: 'bodacc-a202600217902',
          kind: 'liquidation_judiciaire',
          date: '2026-01-06',
          closed_on: null,
          closure_nature: null,
        },
        {
          id: 'bodacc-a202600217903',
          kind: 'redressement_judiciaire',
          date: '2026-01-06',
          closed_on: null,
          closure_nature: null,
        },
        {
          id: 'bodacc-a202600217914',
          kind: 'liquidation_judiciaire',
          date: null,
          closed_on: '2026-01-12',
          closure_nature: "Jugement de clôture pour insuffisance d'actif",
        },
        {
          id: 'bodacc-a202600517904',
          kind: 'liquidation_judiciaire',
          date: '2026-03-09',
          closed_on: null,
          closure_nature: null,
        },
      ],
      notices: [
        { id: 'A202600217901', proceeding_id: 'bodacc-a202600217901' },
        { id: 'A202600217902', proceeding_id: 'bodacc-a202600217902' },
        { id: 'A202600217903', proceeding_id: 'bodacc-a202600217903' },
        { id: 'A202600217914', proceeding_id: 'bodacc-a202600217914' },
        { id: 'A202600517904', proceeding_id: 'bodacc-a202600517904' },
        { id: 'A202600917911', proceeding_id: 'bodacc-a202600217901' },
        { id: 'A202600917912', proceeding_id: 'bodacc-a202600217902' },
        { id: 'A202600917913', proceeding_id: 'bodacc-a202600217903' },
      ],
    };
    expect(await shown(othersFirst)).toEqual(expected);
    expect(await shown(openingsFirst)).toEqual(expected);
  });

  it('keeps the proceeding made without its opening withdrawn, its history citing the opening', async () => {
    const rows = await othersFirst.execute<{ id: string; withheld: boolean; date: string | null }>(sql`
      select id, withheld, date from proceedings where id like 'bodacc-a2026009%' order by id`);
    expect([...rows]).toEqual([
      { id: 'bodacc-a202600917911', withheld: true, date: null },
      { id: 'bodacc-a202600917912', withheld: true, date: null },
      { id: 'bodacc-a202600917913', withheld: true, date: null },
    ]);
    const history = await othersFirst.execute<{ action: string; sources: string[] }>(sql`
      select action, array(select distinct c->>'source_id' from jsonb_array_elements(citations) c order by 1) as sources
        from changes where entity_kind = 'proceeding' and entity_id = 'bodacc-a202600917912' order by id`);
    expect([...history]).toEqual([
      { action: 'create', sources: ['bodacc-a202600917912'] },
      { action: 'merge', sources: ['bodacc-a202600217902'] },
    ]);
  });

  it("answers its id as merged into the opening's proceeding: a published id keeps naming the proceeding", async () => {
    const ids = ['bodacc-a202600917911', 'bodacc-a202600917912', 'bodacc-a202600917913'];
    const tombstones = await Promise.all(ids.map((id) => tombstoneOf(othersFirst, 'proceeding', id)));
    expect(tombstones.map((t) => [t?.action, t?.merged_into])).toEqual([
      ['merge', 'bodacc-a202600217901'],
      ['merge', 'bodacc-a202600217902'],
      ['merge', 'bodacc-a202600217903'],
    ]);
    expect(Object.fromEntries(await survivorsOf(othersFirst, 'proceeding', ids))).toEqual({
      'bodacc-a202600917911': 'bodacc-a202600217901',
      'bodacc-a202600917912': 'bodacc-a202600217902',
      'bodacc-a202600917913': 'bodacc-a202600217903',
    });
    const response = await app.inject({ method: 'GET', url: '/v1/proceedings/bodacc-a202600917912' });
    expect([response.statusCode, response.headers.location]).toEqual([308, '/v1/proceedings/bodacc-a202600217902']);
  });

  it('changes nothing when either file is imported again', async () => {
    for (const [on, file] of [
      [othersFirst, openings],
      [othersFirst, others],
      [openingsFirst, others],
    ] as const) {
      const again = await run(on, file);
      expect(again.proceedings).toEqual({ created: 0, updated: 0, unchanged: 5, withdrawn: 0, merged: 0 });
      expect(again.withoutOpening).toEqual([]);
    }
  });
});

// A clôture arriving after the company's last proceeding is already closed joined it in silence (issue 11's
// leftovers): now it still joins it, its first closure kept, and the import that brings it lists it (`afterClosure`).
describe('a clôture after the last proceeding was closed', () => {
  it('joins the closed proceeding, its first closure kept, and is reported by the import that brings it', async () => {
    const { db } = (await testDatabase()).database;
    await run(db, openings);
    await run(db, others);
    // The clôture of APPELS LOIRE CLOTURE (A202600917911, judged 2026-05-04) published again a month later, anew.
    const [header, closure] = (await readFile(others, 'utf8')).split('\n') as [string, string];
    const second = closure
      .replaceAll('A202600917911', 'A202600917921')
      .replace(';20260091;2026-05-07;7911;', ';20260111;2026-06-04;7921;')
      .replace('""date"": ""2026-05-04""', '""date"": ""2026-06-01""');
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'plateau-after-closure-')), 'second-closure.csv');
    await writeFile(file, `${header}\n${second}\n`);
    const report = await run(db, file);
    expect(report.afterClosure).toEqual([
      {
        line: 2,
        notice: 'A202600917921',
        field: 'jugement',
        proceeding: 'bodacc-a202600217901',
        closedBy: 'A202600917911',
      },
    ]);
    expect(report.withoutOpening).toEqual([]);
    expect(listedLines(report).filter((l) => l.includes('already closed'))).toEqual([
      'line 2: A202600917921: jugement: clôture of a proceeding already closed (bodacc-a202600217901, by ' +
        'A202600917911): joined to it, its first closure kept',
    ]);
    const [proceeding] = await db.execute(sql`
      select p.closed_on, p.closure_nature, array_agg(n.id order by n.id) as notices
        from proceedings p join proceeding_notices n on n.proceeding_id = p.id
       where p.id = 'bodacc-a202600217901' group by p.id`);
    expect(proceeding).toEqual({
      closed_on: '2026-05-04',
      closure_nature: "Jugement de clôture pour insuffisance d'actif",
      notices: ['A202600217901', 'A202600917911', 'A202600917921'],
    });
    // Read again, it is no news: stored, not reported twice.
    expect((await run(db, file)).afterClosure).toEqual([]);
  });
});
