// Two people of one name, each import feeding the other: a practitioner BODACC made (« Me Jean DUPONT », liquidateur,
// at Lyon) and a row of the practitioners' list (« DUPONT Jean », AJ, at Lille), or the reverse, or two notices,
// contradicting each other on two of firm, city and profession are not merged: the second is reported, with both
// sides, and links or changes nothing (bodacc/matching.ts `elsewhere`). One of them alone differing (an office of
// the list, a role of the other profession) is the same person, linked.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { MandataireIndex } from '../../src/open-data/bodacc/matching.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { liquidationNotice as notice } from '../setup/bodacc.js';
import { testDatabase } from '../setup/database.js';

const actor = { keyId: null, name: 'practitioner namesakes test' };
const header =
  'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;code_postal;commune;cour_d_appel;bureaux_annexes;telephone;email;site';
const listRow = (firm: string, offices = '') =>
  `DUPONT;Jean;AJ;https://www.cnajmj.fr/annuaire/;2026-11-02;${firm};${firm ? 'SELARL' : ''};;3 rue Nationale;59000;Lille;Douai;${offices};;;`;
const lyon =
  "Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur SELARL Rhône Liquidations prise en la personne de Me Jean DUPONT 10 rue de la République 69002 Lyon.";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-namesakes-'));
});
const file = async (name: string, lines: string[]) => {
  const at = path.join(dir, name);
  await writeFile(at, `${lines.join('\n')}\n`);
  return at;
};
const dupont = (db: Db) =>
  db.execute(sql`select id, firm_id, commune, profession from mandataires where name = 'Jean Dupont' order by id`);
const proceedingsOf = async (db: Db, id: string) =>
  (
    await db.execute<{ id: string }>(
      sql`select proceeding_id as id from proceeding_practitioners where mandataire_id = ${id} order by 1`,
    )
  ).map((r) => r.id);

describe('npm run import:practitioners after a notice made a practitioner of the same name', () => {
  it.each([
    [
      'no firm',
      '',
      "'Jean Dupont', administrateur judiciaire, Lille may be 'Jean Dupont' (jean-dupont) of SELARL Rhône Liquidations, mandataire judiciaire, Lyon: the same name, another city and another profession",
    ],
    [
      'another firm',
      'Nord Administration',
      "'Jean Dupont' of SELARL Nord Administration, administrateur judiciaire, Lille may be 'Jean Dupont' (jean-dupont) of SELARL Rhône Liquidations, mandataire judiciaire, Lyon: the same name, another firm, another city and another profession",
    ],
    [
      'the same firm',
      'Rhône Liquidations',
      "'Jean Dupont' of SELARL Rhône Liquidations, administrateur judiciaire, Lille may be 'Jean Dupont' (jean-dupont) of SELARL Rhône Liquidations, mandataire judiciaire, Lyon: the same name, another city and another profession",
    ],
  ])('reports an AJ at Lille (%s) against the liquidateur at Lyon, and changes nothing', async (_, firm, reason) => {
    const { db } = (await testDatabase()).database;
    await importBodacc(db, { file: await file('lyon.jsonl', [await notice(1, '732829320', lyon)]), actor });
    const before = await dupont(db);
    expect([...before]).toEqual([
      { id: 'jean-dupont', firm_id: 'selarl-rhone-liquidations', commune: 'Lyon', profession: 'mandataire_judiciaire' },
    ]);
    const report = await importPractitioners(db, { file: await file('list.csv', [header, listRow(firm)]), actor });
    expect(report.applied).toBe(true);
    expect(report.uncertain).toEqual([{ line: 2, name: 'Jean Dupont', reason }]);
    expect(report.practitioners).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect([...(await dupont(db))]).toEqual([...before]);
  });

  it('completes it when the row names Lyon among its offices: the same person', async () => {
    const { db } = (await testDatabase()).database;
    await importBodacc(db, { file: await file('lyon.jsonl', [await notice(1, '732829320', lyon)]), actor });
    const report = await importPractitioners(db, {
      file: await file('list.csv', [header, listRow('', 'Lyon')]),
      actor,
    });
    expect(report.uncertain).toEqual([]);
    expect(report.practitioners).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect([...(await dupont(db))]).toEqual([
      {
        id: 'jean-dupont',
        firm_id: 'selarl-rhone-liquidations',
        commune: 'Lille',
        profession: 'administrateur_judiciaire',
      },
    ]);
  });
});

describe('npm run import:bodacc naming a practitioner of the list elsewhere', () => {
  it('links a designation at an office of theirs and reports one at another city in the other profession', async () => {
    const { db } = (await testDatabase()).database;
    const list = await file('list.csv', [header, listRow('Nord Administration', 'Arras')]);
    expect((await importPractitioners(db, { file: list, actor })).practitioners.created).toBe(1);
    const elsewhere =
      "Jugement d'ouverture d'une procédure de liquidation judiciaire, désigne Me Jean Dupont, 12 rue de la République, 69002 Lyon, mandataire judiciaire.";
    const office =
      "Jugement d'ouverture d'une procédure de liquidation judiciaire, désigne Me Jean Dupont, 5 place des Héros, 62000 Arras, mandataire judiciaire.";
    const notices = await file('notices.jsonl', [
      await notice(1, '542065479', elsewhere),
      await notice(2, '552100554', office),
    ]);
    const report = await importBodacc(db, { file: notices, actor });
    expect(report.practitioners).toMatchObject({ linked: 1, unlinked: 1, created: 0 });
    expect(report.uncertain.map((u) => [u.notice, u.reason])).toEqual([
      [
        'A202507001701',
        "'Jean Dupont', mandataire judiciaire, Lyon may be 'Jean Dupont' (jean-dupont) of SELARL Nord Administration, administrateur judiciaire, Lille: the same name, another city and another profession",
      ],
    ]);
    expect(await proceedingsOf(db, 'jean-dupont')).toEqual(['bodacc-a202507001702']);
  });
});

describe('npm run import:bodacc, two notices naming one name', () => {
  it('reports the administrateur at Lille against the liquidateur at Lyon the same file created', async () => {
    const { db } = (await testDatabase()).database;
    const lille =
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateur Me Jean Dupont 3 rue Nationale 59000 Lille avec les pouvoirs : assistance.";
    const bare = lyon.replace('SELARL Rhône Liquidations prise en la personne de ', '');
    const notices = await file('notices.jsonl', [
      await notice(1, '542065479', bare),
      await notice(2, '552100554', lille),
    ]);
    const report = await importBodacc(db, { file: notices, actor });
    expect(report.practitioners).toMatchObject({ linked: 1, unlinked: 1, created: 1 });
    expect(report.uncertain.map((u) => [u.notice, u.reason])).toEqual([
      [
        'A202507001702',
        "'Jean Dupont', administrateur judiciaire, Lille may be 'Jean Dupont' (jean-dupont), mandataire judiciaire, Lyon: the same name, another city and another profession",
      ],
    ]);
    expect([...(await dupont(db))]).toEqual([
      { id: 'jean-dupont', firm_id: null, commune: 'Lyon', profession: 'mandataire_judiciaire' },
    ]);
    expect(await proceedingsOf(db, 'jean-dupont')).toEqual(['bodacc-a202507001701']);
  });
});

describe('matching weighs firm, city and profession', () => {
  const index = new MandataireIndex([
    { id: 'selarl-rhone', name: 'SELARL Rhône Liquidations', kind: 'firm', firm_id: null, commune: 'Lyon' },
    {
      id: 'jean-dupont',
      name: 'Jean Dupont',
      kind: 'practitioner',
      firm_id: 'selarl-rhone',
      commune: 'Lyon',
      profession: 'mandataire_judiciaire',
    },
  ]);
  const known = { status: 'known', id: 'jean-dupont' };
  const aj = 'administrateur_judiciaire' as const;
  const mj = 'mandataire_judiciaire' as const;

  it('links the one entry of the name when at most one of them differs, or they are not known', () => {
    expect(index.person({ person: 'DUPONT Jean', firm: null, city: 'Lille', profession: mj })).toEqual(known);
    expect(index.person({ person: 'DUPONT Jean', firm: null, city: 'Lyon', profession: aj })).toEqual(known);
    expect(index.person({ person: 'DUPONT Jean', firm: null, city: 'Lille', profession: null })).toEqual(known);
    expect(index.person({ person: 'DUPONT Jean', firm: null, city: null, profession: aj })).toEqual(known);
    expect(
      index.person({ person: 'DUPONT Jean', firm: null, city: 'Lille', profession: aj, offices: ['Lyon'] }),
    ).toEqual(known);
  });

  it('links nothing when two of them differ, whatever the third says', () => {
    expect(index.person({ person: 'DUPONT Jean', firm: null, city: 'Lille', profession: aj })).toEqual({
      status: 'uncertain',
      reason:
        "'DUPONT Jean', administrateur judiciaire, Lille may be 'Jean Dupont' (jean-dupont) of SELARL Rhône Liquidations, mandataire judiciaire, Lyon: the same name, another city and another profession",
    });
    expect(index.person({ person: 'Jean Dupont', firm: 'SCP Nord', city: 'Lyon', profession: aj })).toEqual({
      status: 'uncertain',
      reason:
        "'Jean Dupont' of SCP Nord, administrateur judiciaire, Lyon may be 'Jean Dupont' (jean-dupont) of SELARL Rhône Liquidations, mandataire judiciaire, Lyon: the same name, another firm and another profession",
    });
  });

  it('tells namesakes apart by firm, then city, then profession, among those not contradicted twice', () => {
    const two = new MandataireIndex([
      { id: 'scp-paris', name: 'SCP Paris AJ', kind: 'firm', firm_id: null, commune: 'Paris' },
      { id: 'selarl-nord', name: 'SELARL Nord MJ', kind: 'firm', firm_id: null, commune: 'Lille' },
      {
        id: 'jean-dupont',
        name: 'Jean Dupont',
        kind: 'practitioner',
        firm_id: 'scp-paris',
        commune: 'Paris',
        profession: aj,
      },
      {
        id: 'jean-dupont-2',
        name: 'Jean Dupont',
        kind: 'practitioner',
        firm_id: 'selarl-nord',
        commune: 'Lille',
        profession: mj,
      },
    ]);
    const second = { status: 'known', id: 'jean-dupont-2' };
    expect(two.person({ person: 'Jean Dupont', firm: null, city: null, profession: mj })).toEqual(second);
    // The firm of the first, but its city and profession the second's: the first is contradicted twice.
    expect(two.person({ person: 'Jean Dupont', firm: 'SCP Paris AJ', city: 'Lille', profession: mj })).toEqual(second);
    // The first contradicted twice, the second once (its city), and of its profession: as if it were alone.
    expect(two.person({ person: 'Jean Dupont', firm: null, city: 'Lyon', profession: mj })).toEqual(second);
    expect(two.person({ person: 'Jean Dupont', firm: null, city: 'Lyon', profession: null })).toEqual({
      status: 'uncertain',
      reason: "2 practitioners are named 'Jean Dupont' and neither firm, city nor profession tells them apart",
    });
  });
});
