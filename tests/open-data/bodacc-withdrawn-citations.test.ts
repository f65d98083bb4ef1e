// npm run import:bodacc: a correction in a later file than the notice it withdraws leaves what the same notices in one
// file leave, citations included. The withdrawn notice cites nothing of the entries that stay (a practitioner a
// current notice designates, an operator's SIREN): the facts it cited are cited by the current notice that gives
// them, and a fact only it gave (a firm, a commune) goes (tests/fixtures/bodacc/withdrawn-cited-*.csv, from a tester's
// files: 1 and 2 an opening then an annulation, a rectificatif then its annulation; 3 and 4 a rétractation sur
// tierce opposition; 5 is 2 with the current notice naming the firm too).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';

const fixture = (n: number) => `tests/fixtures/bodacc/withdrawn-cited-${n}.csv`;
const actor = { keyId: null, name: 'import:bodacc test' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-withdrawn-cited-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(db: Db, file: string) {
  const report = await importBodacc(db, { file, actor });
  expect(report.file.rejected).toEqual([]);
  return report;
}

/** Files `a` and `b` as one file (the header once). */
async function oneFile(a: number, b: number) {
  const [first, second] = await Promise.all([readFile(fixture(a), 'utf8'), readFile(fixture(b), 'utf8')]);
  const file = path.join(dir, `one-${a}-${b}.csv`);
  await writeFile(file, `${first.trimEnd()}\n${second.split('\n').slice(1).join('\n')}`);
  return file;
}

/** What is shown of the entries BODACC made and every citation of them, by source (withdrawn entries left out). */
async function shown(db: Db) {
  const mandataires = await db.execute(sql`
    select m.id, m.kind, m.firm_id, m.commune, m.profession from mandataires m
     where not m.withheld and exists (select from citations x where x.mandataire_id = m.id and x.source_id like 'bodacc-%')
     order by m.id`);
  const operators = await db.execute(sql`select id, name, siren from operators where not withheld order by id`);
  const citations = await db.execute(sql`
    select coalesce(c.mandataire_id, c.operator_id) as entry, c.source_id, c.fields, c.quote from citations c
      left join mandataires m on m.id = c.mandataire_id left join operators o on o.id = c.operator_id
     where not coalesce(m.withheld, o.withheld) and c.source_id like 'bodacc-%'
     order by 1, 2, c.quote`);
  return { mandataires: [...mandataires], operators: [...operators], citations: [...citations] };
}

describe('a correction in a later file than the notice it withdraws', () => {
  it('an annulation: the current notice cites the practitioner, the firm only the annulled one named goes', async () => {
    const { db } = (await testDatabase()).database;
    await run(db, fixture(1));
    const report = await run(db, fixture(2));
    expect(report.withdrawnEntries).toEqual({
      operators: ['alpha-appels'],
      mandataires: ['selarl-rhone-mandataires', 'sophie-klein'],
    });
    const after = await shown(db);
    expect(after.mandataires.find((m) => m.id === 'gilles-brun')).toEqual({
      id: 'gilles-brun',
      kind: 'practitioner',
      firm_id: null,
      commune: 'Lyon',
      profession: 'mandataire_judiciaire',
    });
    expect(after.citations.filter((c) => c.entry === 'gilles-brun' || c.entry === 'gamma-relation')).toEqual([
      { entry: 'gamma-relation', source_id: 'bodacc-a202401001005', fields: ['siren'], quote: '910 000 033' },
      { entry: 'gamma-relation', source_id: 'bodacc-a202401001005', fields: ['name'], quote: 'GAMMA RELATION' },
      {
        entry: 'gilles-brun',
        source_id: 'bodacc-a202403001011',
        fields: ['name', 'kind', 'commune', 'code_postal', 'profession'],
        quote: 'désignant liquidateur Maître BRUN Gilles 10 rue de la Charité 69002 Lyon',
      },
    ]);
    // The annulled notices cite nothing of the entries that stay (those withdrawn keep theirs, to be shown again as
    // they were); what they cited is in history, the change citing the annulation.
    expect(
      after.citations.filter((c) => ['bodacc-a202400501001', 'bodacc-a202401101006'].includes(String(c.source_id))),
    ).toEqual([]);
    const history = await db.execute(sql`
      select action, citations from changes where entity_id = 'gilles-brun' order by id`);
    expect(
      history.map((h) => [
        h.action,
        (h.citations as { source_id: string; fields: string[] }[]).map((c) => `${c.source_id}: ${c.fields.join(', ')}`),
      ]),
    ).toEqual([
      ['create', ['bodacc-a202400501001: name, kind, firm, commune, code_postal, profession']],
      ['update', ['bodacc-a202403001011: name, kind, commune, code_postal, profession', 'bodacc-a202403101013: firm']],
    ]);
    // The same notices in one file.
    const { db: other } = (await testDatabase()).database;
    await run(other, await oneFile(1, 2));
    expect(await shown(other)).toEqual(after);
  });

  it('a rétractation: a commune only the retracted judgment gave goes, the current notice cites the rest', async () => {
    const { db } = (await testDatabase()).database;
    await run(db, fixture(3));
    await run(db, fixture(4));
    const after = await shown(db);
    expect(after.mandataires).toEqual([
      { id: 'quentin-royer', kind: 'practitioner', firm_id: null, commune: null, profession: 'mandataire_judiciaire' },
    ]);
    expect(after.citations.filter((c) => c.entry === 'quentin-royer')).toEqual([
      {
        entry: 'quentin-royer',
        source_id: 'bodacc-a202401501802',
        fields: ['name', 'kind', 'profession'],
        quote: 'désignant liquidateur Maître ROYER Quentin',
      },
    ]);
    const { db: other } = (await testDatabase()).database;
    await run(other, await oneFile(3, 4));
    expect(await shown(other)).toEqual(after);
  });

  it('an annulation: a firm the current notice names too stays, cited by it', async () => {
    const { db } = (await testDatabase()).database;
    await run(db, fixture(1));
    await run(db, fixture(5));
    const after = await shown(db);
    const quote =
      'désignant liquidateur SELARL Rhône Mandataires prise en la personne de Maître BRUN Gilles 10 rue de la Charité 69002 Lyon';
    expect(
      after.citations.filter((c) => ['gilles-brun', 'selarl-rhone-mandataires'].includes(String(c.entry))),
    ).toEqual([
      {
        entry: 'gilles-brun',
        source_id: 'bodacc-a202403001011',
        fields: ['name', 'kind', 'firm', 'commune', 'code_postal', 'profession'],
        quote,
      },
      {
        entry: 'selarl-rhone-mandataires',
        source_id: 'bodacc-a202403001011',
        fields: ['name', 'kind', 'commune', 'code_postal'],
        quote,
      },
    ]);
    expect(after.mandataires.find((m) => m.id === 'gilles-brun')?.firm_id).toBe('selarl-rhone-mandataires');
    const { db: other } = (await testDatabase()).database;
    await run(other, await oneFile(1, 5));
    expect(await shown(other)).toEqual(after);
  });
});
