// The name of an operator the BODACC import made: while only notices cite it, it is the name the latest notice of
// the company's proceedings gives (parution date, then id), as a proceeding's company_name is, whichever file
// brought that notice, cited by it; importing again changes nothing. An operator an article or Sirene names keeps its
// name, and the report lists the notices' other one. Against a real PostgreSQL.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { listedLines, reportLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';
import { importFixtures, stockCsv } from '../setup/sirene.js';

const actor = { keyId: null, name: 'import:bodacc test' };
const run = (db: Db, file: string) => importBodacc(db, { file, actor });

let dir: string;
/** ROUEN APPELS's opening (2025-02-14), and a later notice of its proceeding (2025-06-20) naming it otherwise. */
let opening: string;
let later: string;
/** CONTACTS DU NORD (a Sirene operator, SIREN 812 345 676): an opening naming it « CONTACTS DU NORD SAS ». */
let sireneCompany: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-operator-name-'));
  const lines = (await readFile('tests/fixtures/bodacc/reimport-file2.csv', 'utf8')).split('\n');
  const header = lines[0]!;
  const line = (id: string) => lines.find((l) => l.startsWith(id))!;
  opening = path.join(dir, 'opening.csv');
  later = path.join(dir, 'later.csv');
  sireneCompany = path.join(dir, 'contacts-du-nord.csv');
  await writeFile(opening, `${header}\n${line('A202500307001')}\n`);
  await writeFile(later, `${header}\n${line('A202501207002').replaceAll('ROUEN APPELS', 'ROUEN APPELS SERVICES')}\n`);
  const nord = line('A202500307001')
    .replaceAll('A202500307001', 'A202500307091')
    .replaceAll('912 345 600', '812 345 676')
    .replaceAll('912345600', '812345676')
    .replaceAll('ROUEN APPELS', 'CONTACTS DU NORD SAS');
  await writeFile(sireneCompany, `${header}\n${nord}\n`);
});

/** The operator of SIREN 912 345 600: its id and name, the citations of its name, and its history. */
async function rouenAppels(db: Db) {
  const [operator] = await db.execute<{ id: string; name: string }>(
    sql`select id, name from operators where siren = '912345600'`,
  );
  const cited = await db.execute(sql`
    select source_id, quote, fields from citations
     where operator_id = ${operator!.id} and 'name' = any(fields) order by id`);
  const history = await db.execute<{ action: string; name: string | null; sources: string[] }>(sql`
    select h.action, h.after->>'name' as name,
           array(select distinct c->>'source_id' from jsonb_array_elements(h.citations) c order by 1) as sources
      from changes h where h.entity_kind = 'operator' and h.entity_id = ${operator!.id} order by h.id`);
  const [proceeding] = await db.execute(sql`select company_name from proceedings where operator_id = ${operator!.id}`);
  return { id: operator!.id, name: operator!.name, cited: [...cited], history: [...history], proceeding };
}

const changes = async (db: Db) => (await db.execute<{ n: number }>(sql`select count(*)::int as n from changes`))[0]!.n;

describe('import:bodacc, the name of an operator only notices cite', () => {
  let first: Db;
  let second: Db;
  beforeAll(async () => {
    first = (await testDatabase()).database.db;
    second = (await testDatabase()).database.db;
  });

  it('takes the name of the latest notice, cited by it, when a later file brings it', async () => {
    const opened = await run(first, opening);
    expect(opened.operators).toEqual({ created: 1, renamed: 0 });
    expect((await rouenAppels(first)).name).toBe('ROUEN APPELS');
    const renamed = await run(first, later);
    expect(renamed.operators).toEqual({ created: 0, renamed: 1 });
    expect(renamed.nameDisagreements).toEqual([]);
    expect(reportLines(renamed, false)).toContain('operators: 0 created, 1 renamed by a later notice');
    const now = await rouenAppels(first);
    expect(now).toEqual({
      id: 'rouen-appels',
      name: 'ROUEN APPELS SERVICES',
      // The opening's citation of the name is given up (the history keeps it).
      cited: [{ source_id: 'bodacc-a202501207002', quote: 'ROUEN APPELS SERVICES', fields: ['name'] }],
      history: [
        { action: 'create', name: 'ROUEN APPELS', sources: ['bodacc-a202500307001'] },
        { action: 'update', name: 'ROUEN APPELS SERVICES', sources: ['bodacc-a202501207002'] },
      ],
      proceeding: { company_name: 'ROUEN APPELS SERVICES' },
    });
  });

  it('gives the same name and citation whichever file comes first, and nothing new when imported again', async () => {
    await run(second, later);
    await run(second, opening);
    const [one, two] = [await rouenAppels(first), await rouenAppels(second)];
    expect([two.name, two.cited, two.proceeding]).toEqual([one.name, one.cited, one.proceeding]);
    // Made with the latest notice's name: never renamed.
    expect(two.history.map((h) => [h.action, h.name])).toEqual([['create', 'ROUEN APPELS SERVICES']]);
    for (const db of [first, second]) {
      const before = await changes(db);
      for (const file of [opening, later, opening]) {
        const again = await run(db, file);
        expect(again.operators).toEqual({ created: 0, renamed: 0 });
      }
      expect(await changes(db)).toBe(before);
    }
  });
});

describe('import:bodacc, the name of an operator another source gives', () => {
  let db: Db;
  beforeAll(async () => {
    db = (await testDatabase()).database.db;
  });

  it('keeps an article’s name, and lists the latest notice’s other one', async () => {
    await operatorWrites.create(
      { db, actor },
      operatorWrites.createBody.parse({
        id: 'rouen-appels-article',
        name: 'Rouen Appels',
        siren: '912345600',
        citations: [
          {
            source: { url: 'https://example.org/tests/rouen-appels', title: 'Rouen Appels', outlet: 'Test' },
            quote: 'Rouen Appels',
            fields: ['name', 'siren'],
          },
        ],
      }),
    );
    // The opening writes it in capitals only: no disagreement.
    const opened = await run(db, opening);
    expect([opened.operators, opened.nameDisagreements]).toEqual([{ created: 0, renamed: 0 }, []]);
    const [{ last } = { last: 0 }] = await db.execute<{ last: number }>(sql`select max(id)::int as last from changes`);
    // The latest notice at its line in the later file; imported again with the opening's file only, it is of an
    // earlier file, and said so.
    for (const [report, line, where] of [
      [await run(db, later), 2, 'line 2: A202501207002'],
      [await run(db, opening), null, 'A202501207002 (of an earlier file)'],
    ] as const) {
      expect(report.operators).toEqual({ created: 0, renamed: 0 });
      expect(report.nameDisagreements).toEqual([
        {
          operator: 'rouen-appels-article',
          siren: '912345600',
          name: 'Rouen Appels',
          bodacc: 'ROUEN APPELS SERVICES',
          notice: 'A202501207002',
          line,
          field: 'listepersonnes',
        },
      ]);
      expect(listedLines(report)).toContain(
        `${where}: listepersonnes: operator's name kept, another source gives it: rouen-appels-article (SIREN 912345600) ` +
          '« Rouen Appels », the latest notice writes « ROUEN APPELS SERVICES »',
      );
    }
    const [operator] = await db.execute(sql`select name from operators where id = 'rouen-appels-article'`);
    expect(operator).toEqual({ name: 'Rouen Appels' });
    // The later notice's import changed the proceeding (its company_name), not the operator.
    const history = await db.execute(
      sql`select entity_kind from changes where id > ${last} and entity_kind = 'operator'`,
    );
    expect([...history]).toEqual([]);
  });

  it('keeps Sirene’s name, and lists the notice’s other one', async () => {
    await importFixtures(db, stockCsv, { stockMonth: '2026-05' });
    const report = await run(db, sireneCompany);
    expect(report.operators).toEqual({ created: 0, renamed: 0 });
    expect(report.nameDisagreements).toEqual([
      {
        operator: 'contacts-du-nord-812345676',
        siren: '812345676',
        name: 'CONTACTS DU NORD',
        bodacc: 'CONTACTS DU NORD SAS',
        notice: 'A202500307091',
        line: 2,
        field: 'listepersonnes',
      },
    ]);
    const [operator] = await db.execute(sql`select name from operators where siren = '812345676'`);
    expect(operator).toEqual({ name: 'CONTACTS DU NORD' });
  });
});
