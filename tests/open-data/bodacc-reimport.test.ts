// npm run import:bodacc over several files (tests/fixtures/bodacc/reimport-file1.csv and -file2.csv, built by a
// reviewer's generator): a rectificatif in the first before its target in the second, an annulation before its target
// in the same file, a rétractation before its target, a name written with and without accents in two files. Importing
// them again in any order changes nothing; each fact cites the notice that says it; what withdrawn notices alone say
// creates nothing; a refused file's counts add up; a notice an earlier import applied is not reported again.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { type BodaccImportReport, importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';

const file1 = 'tests/fixtures/bodacc/reimport-file1.csv';
const file2 = 'tests/fixtures/bodacc/reimport-file2.csv';
const actor = { keyId: null, name: 'import:bodacc test' };

let db: Db;
let other: Db;
let dir: string;
beforeAll(async () => {
  db = (await testDatabase()).database.db;
  other = (await testDatabase()).database.db;
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-reimport-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (on: Db, file: string) => importBodacc(on, { file, actor });

/** A proceeding's facts and the citations of them, as stored. */
async function proceeding(on: Db, id: string) {
  const [row] = await on.execute(sql`
    select company_name, operator_id, kind, date, court, closed_on, closure_nature from proceedings where id = ${id}`);
  const citations = await on.execute(sql`
    select source_id, quote, fields from citations where proceeding_id = ${id} order by id`);
  return { ...row, citations: [...citations] };
}

/** Everything an import decides, without the ids that depend on which file came first. */
async function state(on: Db) {
  // What is shown: a proceeding withdrawn (withheld) by one order's correction is as absent as one never created.
  const proceedings = await on.execute<{ id: string; siren: string }>(sql`
    select p.id, o.siren from proceedings p join operators o on o.id = p.operator_id
     where p.id like 'bodacc-%' and not p.withheld`);
  const facts = await Promise.all(
    proceedings.map(async (p) => {
      const { citations, ...rest } = await proceeding(on, p.id);
      const cited = (citations as { source_id: string; quote: string; fields: string[] }[])
        .flatMap((c) => c.fields.map((f) => `${f} ← ${c.source_id}: ${c.quote}`))
        .sort();
      return { siren: p.siren, ...(rest as { date: string | null }), cited };
    }),
  );
  const notices = await on.execute(sql`
    select n.id, n.siren, n.company_name, n.withdrawn_by, p.kind, p.date
      from proceeding_notices n left join proceedings p on p.id = n.proceeding_id and not p.withheld
     order by n.id, n.siren`);
  // What is shown: an operator withdrawn (hidden) by one order's correction is as absent as one never created.
  const operators = await on.execute(
    sql`select siren from operators where siren is not null and not withheld order by siren`,
  );
  return {
    facts: facts.sort((a, b) => `${a.siren}${a.date}`.localeCompare(`${b.siren}${b.date}`)),
    notices: [...notices],
    operators: operators.map((o) => o.siren),
  };
}

async function historyOf(on: Db) {
  const [row] = await on.execute<{ changes: number; citations: number }>(sql`
    select (select count(*)::int from changes) as changes, (select count(*)::int from citations) as citations`);
  return row!;
}

const nothingDone = (report: BodaccImportReport, notices: number, proceedings: number) => {
  expect(report.notices).toEqual({
    read: notices,
    created: 0,
    updated: 0,
    unchanged: notices,
    withdrawn: 0,
    withoutCompany: 0,
    nonDiffusible: 0,
  });
  expect(report.proceedings).toEqual({ created: 0, updated: 0, unchanged: proceedings, withdrawn: 0, merged: 0 });
  expect(report.operators.created).toBe(0);
  expect(report.unattached).toEqual([]);
  expect(report.missingTargets).toEqual([]);
  expect(report.uncertain).toEqual([]);
};

describe('import:bodacc of several files, again and again', () => {
  it('reports each problem once, when the notice is first imported', async () => {
    const first = await run(db, file1);
    expect(first.applied).toBe(true);
    // The « Avis de dépôt » of ROUEN APPELS comes before any opening of it: no proceeding.
    // Each with its line in the file, as every problem the report lists.
    expect(first.unattached).toEqual([{ line: 9, notice: 'C202500128003', field: 'jugement' }]);
    expect(first.missingTargets).toEqual([
      { line: 2, notice: 'A202501307003', field: 'parutionavisprecedent', target: 'A202501207002' },
      { line: 3, notice: 'A202500807302', field: 'parutionavisprecedent', target: 'A202500707301' },
    ]);
    const second = await run(db, file2);
    // Not the dépôt of the first file again: only the two designations of ELBEUF RELATION, whose opening the first
    // file's rétractation withdrew.
    expect(second.unattached).toEqual([
      { line: 6, notice: 'A202500907303', field: 'jugement' },
      { line: 7, notice: 'A202500917304', field: 'jugement' },
    ]);
    expect(second.missingTargets).toEqual([]);
  });

  it('changes nothing when the files are imported again, in either order', async () => {
    const before = await historyOf(db);
    const stateBefore = await state(db);
    nothingDone(await run(db, file1), 6, 3);
    nothingDone(await run(db, file2), 6, 2);
    nothingDone(await run(db, file1), 6, 3);
    expect(await historyOf(db)).toEqual(before);
    expect(await state(db)).toEqual(stateBefore);
  });

  it('gives a company the name of its latest notice, whichever file came last', async () => {
    // The opening (« SOCIÃ‰TÃ‰ », repaired) was published on 2025-02-21, the clôture (no accents) on 2025-10-10.
    expect(await proceeding(db, 'bodacc-a202500407101')).toEqual({
      company_name: "SOCIETE NORMANDE D'APPELS",
      operator_id: 'societe-normande-dappels',
      kind: 'liquidation_judiciaire',
      date: '2025-02-01',
      court: 'Tribunal de commerce de Rouen',
      closed_on: '2025-10-01',
      closure_nature: 'Jugement de clôture pour extinction du passif',
      citations: [
        {
          source_id: 'bodacc-a202500407101',
          quote: "Jugement d'ouverture de liquidation judiciaire",
          fields: ['kind'],
        },
        { source_id: 'bodacc-a202500407101', quote: '1er février 2025', fields: ['date'] },
        { source_id: 'bodacc-a202500407101', quote: 'Greffe du Tribunal de Commerce de rouen', fields: ['court'] },
        {
          source_id: 'bodacc-a202502007102',
          quote: "SOCIETE NORMANDE D'APPELS",
          fields: ['company_name', 'operator'],
        },
        { source_id: 'bodacc-a202502007102', quote: '2025-10-01', fields: ['closed_on'] },
        {
          source_id: 'bodacc-a202502007102',
          quote: 'Jugement de clôture pour extinction du passif',
          fields: ['closure_nature'],
        },
      ],
    });
    // The other order, in another database: the same facts, the same citations, the same notices.
    await run(other, file2);
    const later = await run(other, file1);
    // The second file alone opened ELBEUF RELATION's proceeding, which the first file's rétractation withdraws: its
    // operator, created then from that notice alone, is withdrawn too, as the two files in the other order leave it.
    expect(later.operatorsKept).toEqual([]);
    expect(later.withdrawnEntries.operators).toEqual(['elbeuf-relation']);
    const before = await historyOf(other);
    nothingDone(await run(other, file2), 6, 2);
    expect(await historyOf(other)).toEqual(before);
    const [mine, theirs] = [await state(db), await state(other)];
    expect(theirs.facts).toEqual(mine.facts);
    expect(theirs.notices).toEqual(mine.notices);
    expect(theirs.operators).toEqual(mine.operators);
  });

  it('cites for each fact the notice that says it, never a notice joining no proceeding', async () => {
    // The rectificatif (first file) came before the opening it follows (second file): the proceeding is the
    // opening's, named by it as when the second file comes first (the one the rectificatif made alone withdrawn); the
    // kind, date and court are the opening's; the name is the rectificatif's, the latest notice of the proceeding; the
    // dépôt cites nothing.
    expect(await proceeding(db, 'bodacc-a202501307003')).toMatchObject({ date: null });
    const [withdrawn] = await db.execute(sql`select withheld from proceedings where id = 'bodacc-a202501307003'`);
    expect(withdrawn).toEqual({ withheld: true });
    expect(await proceeding(db, 'bodacc-a202500307001')).toEqual({
      company_name: 'ROUEN APPELS',
      operator_id: 'rouen-appels',
      kind: 'redressement_judiciaire',
      date: '2025-02-10',
      court: 'Tribunal de commerce de Rouen',
      closed_on: null,
      closure_nature: null,
      citations: [
        { source_id: 'bodacc-a202501307003', quote: 'ROUEN APPELS', fields: ['company_name', 'operator'] },
        {
          source_id: 'bodacc-a202500307001',
          quote: "Jugement d'ouverture d'une procédure de redressement judiciaire",
          fields: ['kind'],
        },
        { source_id: 'bodacc-a202500307001', quote: '10/02/2025', fields: ['date'] },
        { source_id: 'bodacc-a202500307001', quote: 'GREFFE DU TRIBUNAL DE COMMERCE DE ROUEN', fields: ['court'] },
      ],
    });
    const [dépôt] = await db.execute(
      sql`select count(*)::int as n from citations where source_id = 'bodacc-c202500128003'`,
    );
    expect(dépôt).toEqual({ n: 0 });
    const [notice] = await db.execute(sql`select proceeding_id from proceeding_notices where id = 'C202500128003'`);
    expect(notice).toEqual({ proceeding_id: null });
  });

  it('creates nothing from withdrawn notices alone: an opening annulled in its own file, a rétractation', async () => {
    // DIEPPE CONTACT: an opening and its annulation (placed first) in the first file; ELBEUF RELATION: an opening
    // withdrawn by a rétractation, two notices joining no proceeding.
    const companies = await db.execute(sql`select id from operators where siren in ('945678902', '956789002')`);
    expect([...companies]).toEqual([]);
    const cited = await db.execute(sql`
      select source_id from citations where source_id in ('bodacc-a202500507201', 'bodacc-a202500607202',
        'bodacc-a202500707301', 'bodacc-a202500807302')`);
    expect([...cited]).toEqual([]);
    const operators = await db.execute(sql`select id, name from operators where siren is not null order by id`);
    // Named by the latest notice of their proceedings (only notices cite their names): SOCIÉTÉ NORMANDE D'APPELS's
    // clôture (2025-10-10, second file) writes its name without accents, as its proceeding's company_name.
    expect([...operators]).toEqual([
      { id: 'holding-cauchoise', name: 'HOLDING CAUCHOISE' },
      { id: 'rouen-appels', name: 'ROUEN APPELS' },
      { id: 'societe-normande-dappels', name: "SOCIETE NORMANDE D'APPELS" },
    ]);
  });

  it('withdraws an operator an earlier file created from a notice alone when a later one annuls it', async () => {
    // DIEPPE CONTACT's two notices, as another company (FECAMP CONTACT, SIREN 945 678 910): the opening, then in
    // a later file its annulation.
    const lines = (await readFile(file1, 'utf8')).split('\n');
    const fecamp = (line: string) =>
      line
        .replaceAll('945 678 902', '945 678 910')
        .replaceAll('945678902', '945678910')
        .replaceAll('DIEPPE CONTACT', 'FECAMP CONTACT')
        .replaceAll('7201', '7211')
        .replaceAll('7202', '7212');
    const opening = lines.find((l) => l.startsWith('A202500507201'))!;
    const annulation = lines.find((l) => l.startsWith('A202500607202'))!;
    const openingFile = path.join(dir, 'fecamp-opening.csv');
    const annulationFile = path.join(dir, 'fecamp-annulation.csv');
    await writeFile(openingFile, `${lines[0]}\n${fecamp(opening)}\n`);
    await writeFile(annulationFile, `${lines[0]}\n${fecamp(annulation)}\n`);
    const opened = await run(db, openingFile);
    expect(opened.operators.created).toBe(1);
    expect(opened.proceedings.created).toBe(1);
    const annulled = await run(db, annulationFile);
    expect(annulled.proceedings.withdrawn).toBe(1);
    expect(annulled.operatorsKept).toEqual([]);
    expect(annulled.withdrawnEntries.operators).toEqual(['fecamp-contact']);
    expect(reportLines(annulled, false)).toContain(
      'operator withdrawn, made from notices all since withdrawn: fecamp-contact',
    );
    // Withdrawn as its proceeding is: hidden (its row kept, withheld), its history kept, its withdrawal citing the
    // annulation.
    const [row] = await db.execute(sql`select withheld from operators where id = 'fecamp-contact'`);
    expect(row).toEqual({ withheld: true });
    const history = await db.execute<{ action: string; citations: { source_id: string }[] }>(
      sql`select action, citations from changes where entity_kind = 'operator' and entity_id = 'fecamp-contact' order by id`,
    );
    expect(history.map((h) => [h.action, [...new Set(h.citations.map((c) => c.source_id))]])).toEqual([
      ['create', ['bodacc-a202500507211']],
      ['withdraw', ['bodacc-a202500607212']],
    ]);
    const [notice] = await db.execute(
      sql`select withdrawn_by, withdrawn_reason from proceeding_notices where id = 'A202500507211'`,
    );
    expect(notice).toEqual({ withdrawn_by: 'A202500607212', withdrawn_reason: 'annulation' });
  });

  it('counts a refused file so that its counts add up, and says nothing of what it did not do', async () => {
    const lines = (await readFile(file2, 'utf8')).split('\n');
    const file = path.join(dir, 'refused.csv');
    // The same notice twice, and a row whose JSON cell is cut.
    const cut = lines[2]!.replace(/"\{""type""[^;]*/, '"{""type"": ""initial"", ""famille"""');
    await writeFile(file, `${lines[0]}\n${lines[1]}\n${lines[1]}\n${cut}\n`);
    const report = await run(db, file);
    expect(report.file.rows).toBe(3);
    expect(report.file.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(reportLines(report, false)).toEqual([
      'rows: 3 — 1 notices of procédures collectives, 0 of other families skipped, 2 refused',
      'nothing applied: fix the rows above',
    ]);
  });
});
