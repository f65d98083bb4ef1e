// npm run import:bodacc on corrections a newcomer's check found mishandled (tests/fixtures/bodacc/corrections/, made
// by its generator): a rectificatif naming another company than its target (the target filed under the wrong SIREN),
// in one file or two, in either order; an annulation in a later file than the notice it annuls (what that notice
// alone created withdrawn, as the same file would have left it); a company Sirene says is not to be published; a
// re-import not reporting again a notice's doubts; a JSON cell of the wrong type; a correction targeting itself.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedLines, reportLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';

const fixture = (name: string) => `tests/fixtures/bodacc/corrections/${name}`;
const actor = { keyId: null, name: 'import:bodacc test' };
const run = (on: Db, file: string) => importBodacc(on, { file, actor });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-corrections-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What the directory shows of the BODACC import: entries, facts and notices (ids aside where order decides them). */
async function shown(on: Db) {
  // What is shown: entries withdrawn (hidden) are left out.
  const operators = await on.execute(
    sql`select id, name, siren from operators where siren is not null and not withheld order by id`,
  );
  const proceedings = await on.execute(sql`
    select p.id, p.company_name, o.siren, p.kind, p.date from proceedings p join operators o on o.id = p.operator_id
     where p.id like 'bodacc-%' and not p.withheld order by p.id`);
  const mandataires = await on.execute(sql`
    select m.id, m.name, m.kind, f.name as firm from mandataires m left join mandataires f on f.id = m.firm_id
     where exists (select from citations c where c.mandataire_id = m.id and c.source_id like 'bodacc-%')
       and not m.withheld order by m.id`);
  const links = await on.execute(sql`
    select proceeding_id, mandataire_id, role, notice_id from proceeding_practitioners order by 1, 2`);
  // A withdrawn proceeding (withheld) keeps its notices as its history, shown by no read: here as no proceeding.
  const notices = await on.execute(sql`
    select n.id, n.siren, case when p.withheld then null else n.proceeding_id end as proceeding_id, n.withdrawn_by,
           n.withdrawn_reason
      from proceeding_notices n left join proceedings p on p.id = n.proceeding_id order by n.id, n.siren`);
  return {
    operators: [...operators],
    proceedings: [...proceedings],
    mandataires: [...mandataires],
    links: [...links],
    notices: [...notices],
  };
}

/** The history of an entry: its actions and the sources each cites. */
async function historyOf(on: Db, kind: string, id: string) {
  const rows = await on.execute<{ action: string; citations: { source_id: string }[] }>(sql`
    select action, citations from changes where entity_kind = ${kind} and entity_id = ${id} order by id`);
  return rows.map((r) => `${r.action}: ${[...new Set(r.citations.map((c) => c.source_id))].join(', ')}`);
}

describe('a rectificatif naming another company than its target (the notice filed under the wrong SIREN)', () => {
  const right = {
    operators: [{ id: 'right2', name: 'RIGHT2', siren: '900004037' }],
    proceedings: [
      {
        id: 'bodacc-a202500818002',
        company_name: 'RIGHT2',
        siren: '900004037',
        kind: 'redressement_judiciaire',
        date: '2025-03-01',
      },
    ],
    mandataires: [],
    links: [],
    notices: [
      {
        id: 'A202500808001',
        siren: '900003906',
        proceeding_id: null,
        withdrawn_by: 'A202500818002',
        withdrawn_reason: 'rectificatif',
      },
      {
        id: 'A202500818002',
        siren: '900004037',
        proceeding_id: 'bodacc-a202500818002',
        withdrawn_by: null,
        withdrawn_reason: null,
      },
    ],
  };
  // k1/k2 (900002866 → 900002999), k12 (900003906 → 900004037): the same case; the two files made of k12's rows.
  let first: string;
  let second: string;
  beforeAll(async () => {
    const [header, wrong, rectificatif] = (await readFile(fixture('k12.csv'), 'utf8')).trimEnd().split('\n');
    first = path.join(dir, 'k12-wrong.csv');
    second = path.join(dir, 'k12-right.csv');
    await writeFile(first, `${header}\n${wrong}\n`);
    await writeFile(second, `${header}\n${rectificatif}\n`);
  });

  it('in one file: the target found under the other company, replaced, nothing of the wrong company current', async () => {
    const { db } = (await testDatabase()).database;
    const report = await run(db, fixture('k12.csv'));
    expect(report.missingTargets).toEqual([]);
    expect(report.notices).toMatchObject({ read: 2, created: 1, withdrawn: 1 });
    expect(report.proceedings).toEqual({ created: 1, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
    expect(report.operators.created).toBe(1);
    expect(listedLines(report).filter((l) => l.startsWith('correction'))).toEqual([]);
    expect(await shown(db)).toEqual(right);
    // Again: nothing changes, nothing reported.
    const again = await run(db, fixture('k12.csv'));
    expect(again.notices).toMatchObject({ read: 2, unchanged: 2, created: 0, withdrawn: 0 });
    expect(again.proceedings).toEqual({ created: 0, updated: 0, unchanged: 1, withdrawn: 0, merged: 0 });
    expect(await shown(db)).toEqual(right);
  });

  it('the wrong notice first, its rectificatif in a later file: the wrong proceeding and company withdrawn', async () => {
    const { db } = (await testDatabase()).database;
    const opened = await run(db, first);
    expect(opened.proceedings.created).toBe(1);
    expect(opened.operators.created).toBe(1);
    const corrected = await run(db, second);
    expect(corrected.missingTargets).toEqual([]);
    expect(corrected.proceedings).toEqual({ created: 1, updated: 0, unchanged: 0, withdrawn: 1, merged: 0 });
    expect(corrected.withdrawnEntries).toEqual({ operators: ['wrong2'], mandataires: [] });
    expect(reportLines(corrected, false)).toContain(
      'operator withdrawn, made from notices all since withdrawn: wrong2',
    );
    expect(await shown(db)).toEqual(right);
    // History keeps the wrong company's proceeding and entry, their withdrawal citing the rectificatif: both
    // withdrawn (hidden, their ids kept for a later notice of them), nothing deleted; the notice stays the
    // proceeding's.
    for (const [kind, id] of [
      ['proceeding', 'bodacc-a202500808001'],
      ['operator', 'wrong2'],
    ] as const)
      expect(await historyOf(db, kind, id)).toEqual(['create: bodacc-a202500808001', 'withdraw: bodacc-a202500818002']);
    expect([
      ...(await db.execute(sql`
        select n.id, n.proceeding_id, p.withheld from proceeding_notices n join proceedings p on p.id = n.proceeding_id
         where n.siren = '900003906'`)),
    ]).toEqual([{ id: 'A202500808001', proceeding_id: 'bodacc-a202500808001', withheld: true }]);
    // Either file again changes nothing.
    expect((await run(db, first)).proceedings).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      merged: 0,
    });
    expect((await run(db, second)).proceedings).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
      withdrawn: 0,
      merged: 0,
    });
    expect(await shown(db)).toEqual(right);
  });

  it('the rectificatif first, its target in a later file: reported missing then, the target withdrawn when it comes', async () => {
    const { db } = (await testDatabase()).database;
    const corrected = await run(db, second);
    expect(corrected.missingTargets).toEqual([
      { line: 2, notice: 'A202500818002', field: 'parutionavisprecedent', target: 'A202500808001' },
    ]);
    const late = await run(db, first);
    expect(late.missingTargets).toEqual([]);
    expect(late.notices).toMatchObject({ read: 1, withdrawn: 1 });
    expect(late.operators.created).toBe(0);
    expect(late.proceedings).toEqual({ created: 0, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
    expect(await shown(db)).toEqual(right);
  });
});

describe('an annulation in a later file than the notice it annuls', () => {
  // The practitioners and firms the annulled notice designates (an administrateur and a mandataire judiciaire).
  const designated = [
    { id: 'hugo-lenoir', name: 'Hugo Lenoir', kind: 'practitioner', firm: 'SCP Delta' },
    { id: 'ines-caron', name: 'Ines Caron', kind: 'practitioner', firm: 'SELARL Epsilon' },
    { id: 'scp-delta', name: 'SCP Delta', kind: 'firm', firm: null },
    { id: 'selarl-epsilon', name: 'SELARL Epsilon', kind: 'firm', firm: null },
  ];
  it('withdraws what the annulled notice alone created, as the same file leaves it', async () => {
    const { db } = (await testDatabase()).database;
    const opened = await run(db, fixture('x-open.csv'));
    expect(opened.practitioners).toMatchObject({ linked: 2, created: 2, firmsCreated: 2 });
    const before = await shown(db);
    expect(before.mandataires).toEqual(designated);
    const annulled = await run(db, fixture('y-annul.csv'));
    expect(annulled.proceedings.withdrawn).toBe(1);
    expect(annulled.withdrawnEntries).toEqual({
      operators: ['later-annul'],
      mandataires: ['hugo-lenoir', 'ines-caron', 'scp-delta', 'selarl-epsilon'],
    });
    expect(annulled.operatorsKept).toEqual([]);
    const after = await shown(db);
    expect(after).toEqual({
      operators: [],
      proceedings: [],
      mandataires: [],
      links: [],
      notices: [
        {
          id: 'A202500302001',
          siren: '900001561',
          proceeding_id: null,
          withdrawn_by: 'A202500312002',
          withdrawn_reason: 'annulation',
        },
        {
          id: 'A202500312002',
          siren: '900001561',
          proceeding_id: null,
          withdrawn_by: 'A202500312002',
          withdrawn_reason: 'annulation',
        },
      ],
    });
    // The proceeding kept, withheld, its notices still its own: its history, created then withdrawn by the annulation.
    expect(await historyOf(db, 'proceeding', 'bodacc-a202500302001')).toEqual([
      'create: bodacc-a202500302001',
      'withdraw: bodacc-a202500312002',
    ]);
    expect([
      ...(await db.execute(sql`
        select n.id, p.id as proceeding, p.withheld from proceeding_notices n join proceedings p on p.id = n.proceeding_id
         order by n.id`)),
    ]).toEqual([
      { id: 'A202500302001', proceeding: 'bodacc-a202500302001', withheld: true },
      { id: 'A202500312002', proceeding: 'bodacc-a202500302001', withheld: true },
    ]);
    // The practitioner's and the firm's history: created from the notice, withdrawn by the annulation.
    for (const id of ['hugo-lenoir', 'scp-delta'])
      expect(await historyOf(db, 'mandataire', id)).toEqual([
        'create: bodacc-a202500302001',
        'withdraw: bodacc-a202500312002',
      ]);

    // Both in one file (another company, same texts): nothing created at all.
    const { db: same } = (await testDatabase()).database;
    const once = await run(same, fixture('xy-same.csv'));
    expect(once.withdrawnEntries).toEqual({ operators: [], mandataires: [] });
    const together = await shown(same);
    expect({ ...together, notices: [] }).toEqual({ ...after, notices: [] });
  });

  it('keeps an operator and a practitioner another source cites, listing the operator; her firm, the notice’s word alone, goes', async () => {
    const { db } = (await testDatabase()).database;
    await run(db, fixture('x-open.csv'));
    await db.execute(sql`insert into sources (id, title) values ('annuaire-cnajmj', 'Annuaire du CNAJMJ')`);
    await db.execute(sql`
      insert into citations (source_id, quote, fields, mandataire_id, operator_id)
      values ('annuaire-cnajmj', 'Ines Caron', array['name'], 'ines-caron', null),
             ('annuaire-cnajmj', 'LATER ANNUL', array['name'], null, 'later-annul')`);
    const annulled = await run(db, fixture('y-annul.csv'));
    // Ines Caron stays (the directory cites her name); her firm, which the annulled notice alone gave her, is taken
    // from her with it, and the firm, holding nothing then, is withdrawn.
    expect(annulled.withdrawnEntries).toEqual({
      operators: [],
      mandataires: ['hugo-lenoir', 'scp-delta', 'selarl-epsilon'],
    });
    expect(annulled.operatorsKept).toEqual([
      { operator: 'later-annul', siren: '900001561', notices: ['A202500302001'] },
    ]);
    const kept = await db.execute(sql`select id from mandataires where not withheld order by id`);
    expect([...kept].map((r) => r.id)).toContain('ines-caron');
    for (const gone of ['hugo-lenoir', 'selarl-epsilon']) expect([...kept].map((r) => r.id)).not.toContain(gone);
    const [ines] = await db.execute(sql`select firm_id from mandataires where id = 'ines-caron'`);
    expect(ines).toEqual({ firm_id: null });
  });

  it('keeps the practitioners another current notice designates', async () => {
    const { db } = (await testDatabase()).database;
    await run(db, fixture('x-open.csv'));
    // The same designation in another company's notice, still current.
    const other = (await readFile(fixture('x-open.csv'), 'utf8'))
      .replaceAll('900 001 561', '900 000 134')
      .replaceAll('900001561', '900000134')
      .replaceAll('LATER ANNUL', 'OTHER CO')
      .replaceAll('A202500302001', 'A202500302009')
      .replaceAll('2001;', '2009;');
    const otherFile = path.join(dir, 'x-other.csv');
    await writeFile(otherFile, other);
    expect((await run(db, otherFile)).proceedings.created).toBe(1);
    const annulled = await run(db, fixture('y-annul.csv'));
    expect(annulled.withdrawnEntries).toEqual({ operators: ['later-annul'], mandataires: [] });
    expect((await shown(db)).mandataires).toEqual(designated);
  });
});

describe('a company Sirene says is not to be published', () => {
  it('is left out: no operator, proceeding, notice or source of it; counted', async () => {
    const { db } = (await testDatabase()).database;
    await db.execute(sql`insert into sirene_non_diffusible (id) values ('877777771')`);
    const report = await run(db, fixture('nd-bodacc.csv'));
    const none = { created: 0, updated: 0, unchanged: 0, withdrawn: 0, withoutCompany: 0 };
    expect(report.notices).toEqual({ ...none, read: 1, nonDiffusible: 1 });
    expect(report.nonDiffusible).toEqual({ sirens: 1, notices: 1, byEstablishment: 0 });
    expect(reportLines(report, false)).toContain(
      'left out: 1 companies Sirene says are not to be published (SIREN in sirene_non_diffusible), named by 1 notices: no operator, proceeding or notice of theirs imported',
    );
    const [counts] = await db.execute(sql`
      select (select count(*)::int from operators where siren = '877777771') as operators,
             (select count(*)::int from proceeding_notices) as notices,
             (select count(*)::int from proceedings where id like 'bodacc-%') as proceedings,
             (select count(*)::int from sources where id like 'bodacc-%') as sources`);
    expect(counts).toEqual({ operators: 0, notices: 0, proceedings: 0, sources: 0 });
  });
});

describe('a re-import', () => {
  it("does not report again a notice's doubts (dates not read, unknown natures)", async () => {
    const { db } = (await testDatabase()).database;
    const first = await run(db, fixture('chain.csv'));
    expect(first.unreadableDates.map((d) => d.notice)).toEqual([
      'A202500141005',
      'A202500221013',
      'A202500231014',
      'A202500241015',
    ]);
    const again = await run(db, fixture('chain.csv'));
    expect(again.unreadableDates).toEqual([]);
    expect(again.unknownNatures).toEqual([]);
    expect(again.unreadTexts).toEqual([]);
    expect(again.unappliedCorrections).toEqual([]);
    expect(again.missingTargets).toEqual([]);
    const fixtureAgain = async () => run(db, 'tests/fixtures/bodacc/annonces-commerciales.csv');
    const once = await fixtureAgain();
    expect(once.unknownNatures.length).toBeGreaterThan(0);
    const twice = await fixtureAgain();
    expect(twice.unknownNatures).toEqual([]);
    expect(twice.unreadableDates).toEqual([]);
  });
});

describe('a correction targeting itself', () => {
  it('is reported and applied to nothing: a rectificatif stands as the notice it is', async () => {
    const { db } = (await testDatabase()).database;
    const report = await run(db, fixture('k5.csv'));
    expect(report.unappliedCorrections).toEqual([
      {
        line: 2,
        notice: 'A202500747005',
        field: 'parutionavisprecedent',
        target: 'A202500747005',
        reason: 'targets itself',
      },
    ]);
    expect(report.notices).toMatchObject({ read: 1, created: 1, withdrawn: 0 });
    expect(report.proceedings.created).toBe(1);
    expect(listedLines(report)).toContain(
      'line 2: A202500747005: parutionavisprecedent: correction targets itself (A202500747005): cannot be applied, applied to nothing',
    );
  });

  it('an annulation of itself withdraws nothing and joins no proceeding', async () => {
    const { db } = (await testDatabase()).database;
    const report = await run(db, fixture('chain.csv'));
    expect(report.unappliedCorrections).toEqual([
      {
        line: 10,
        notice: 'A202500181009',
        field: 'parutionavisprecedent',
        target: 'A202500181009',
        reason: 'targets itself',
      },
    ]);
    const rows = await db.execute(sql`
      select id, proceeding_id, withdrawn_by from proceeding_notices where id in ('A202500181009', 'A202500201011')
       order by id`);
    expect([...rows]).toEqual([
      { id: 'A202500181009', proceeding_id: null, withdrawn_by: null },
      { id: 'A202500201011', proceeding_id: null, withdrawn_by: 'A202500211012' },
    ]);
  });
});

describe('a JSON export whose cell is of another type than a text', () => {
  it('names the value given and what is expected', async () => {
    const { db } = (await testDatabase()).database;
    const records = JSON.parse(await readFile('tests/fixtures/bodacc/annonces-commerciales.json', 'utf8'));
    records[0].id = 12345;
    records[1].dateparution = 20240124;
    records[2].tribunal = 5;
    const file = path.join(dir, 'types.json');
    await writeFile(file, JSON.stringify(records.slice(0, 3)));
    const report = await run(db, file);
    expect(report.file.rejected.map((r) => r.errors)).toEqual([
      [{ field: 'id', message: "the number 12345 is not a BODACC id (a text such as 'A202400151101', in quotes)" }],
      [
        {
          field: 'dateparution',
          message: "the number 20240124 is not a date (a text such as '2024-01-24', in quotes)",
        },
      ],
      [{ field: 'tribunal', message: 'the number 5 is not a text' }],
    ]);
    expect(report.applied).toBe(false);
  });
});
