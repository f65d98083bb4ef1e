// The rows npm run import:bodacc writes, exactly: the notices, proceedings, operators, practitioners and their links,
// citations, history and search outbox of a sequence of imports (the JSON-lines fixture with its designations, the
// two files of rectificatifs, annulations and rétractations, a correction filed under another company, k12's
// rectificatif across companies, then the first file again, which changes nothing and records nothing), compared with
// tests/fixtures/bodacc/rows-expected.json, the rows the import wrote before its notices were completed by PostgreSQL
// from the staging table and its citations stored by the history's statement (written by that code, commit 891480d,
// with BODACC_ROWS_WRITE=1, then formatted by biome; written again, the same way, when a proceeding came to be named
// by its opening imported after its rectificatif, bodacc-a202500307001, the one the rectificatif made alone
// withdrawn: the only rows that changed; written again when links gained their end (`ended_on`, `ended_notice_id`,
// `ended_quote`, null here) and a proceeding joined to its late opening was recorded as a `merge`, not a `withdraw`; written again when a
// practitioner's `kind` came to be cited by the notice designating them: only citations' `fields` changed; written
// again when a practitioner or firm created from a notice came to keep the postal code written before its city, verify43
// 07: their `code_postal` (and the arrondissement it names in Paris and Lyon), `code_postal` in the citations' `fields`,
// `postal_code` in the designations; written again when a practitioner named in a second role of one proceeding came
// to keep both appointments, issue 11: Me Delattre's as mandataire judiciaire beside liquidateur, Me Legrand's as
// mandataire judiciaire beside commissaire à l'exécution du plan, the only rows added, links ordered by role too). Timestamps aside (when each row was written), and ids that
// depend on the database's sequences (citations and history in their order instead).
import { readFile, writeFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';

const expectedFile = 'tests/fixtures/bodacc/rows-expected.json';
const files = [
  'tests/fixtures/bodacc/annonces-commerciales.jsonl',
  'tests/fixtures/bodacc/reimport-file1.csv',
  'tests/fixtures/bodacc/reimport-file2.csv',
  'tests/fixtures/bodacc/corrections/x-open.csv',
  'tests/fixtures/bodacc/corrections/y-annul.csv',
  'tests/fixtures/bodacc/corrections/k12.csv',
];
const actor = { keyId: null, name: 'import:bodacc test' };

let db: Db;
beforeAll(async () => {
  db = (await testDatabase()).database.db;
});

/** Rows of `query`, as PostgreSQL's JSON of them. */
const rowsOf = async (query: ReturnType<typeof sql>) =>
  [...(await db.execute<{ row: unknown }>(sql`select to_jsonb(r) as row from (${query}) r`))].map((r) => r.row);

/** Every row the imports wrote since history entry `since`, timestamps aside. */
async function written(since: number) {
  const entry = sql.raw(`- 'created_at' - 'updated_at' - 'added_at'`);
  return {
    notices: await rowsOf(sql`select * from proceeding_notices order by id, siren`),
    proceedings: await rowsOf(sql`select (to_jsonb(p) ${entry}) as p from proceedings p
                                   where id like 'bodacc-%' order by id`),
    operators: await rowsOf(sql`select (to_jsonb(o) ${entry}) as o from operators o
                                 where id in (select entity_id from changes where id > ${since} and entity_kind = 'operator')
                                 order by id`),
    mandataires: await rowsOf(sql`select (to_jsonb(m) ${entry}) as m from mandataires m
                                   where id in (select entity_id from changes where id > ${since} and entity_kind = 'mandataire')
                                   order by id`),
    links: await rowsOf(sql`select * from proceeding_practitioners where source_id like 'bodacc-%'
                             order by proceeding_id, mandataire_id, role`),
    sources: await rowsOf(sql`select (to_jsonb(s) ${entry}) as s from sources s where id like 'bodacc-%' order by id`),
    citations: await rowsOf(sql`select source_id, quote, fields, proceeding_id, operator_id, mandataire_id, site_id
                                 from citations where source_id like 'bodacc-%' order by id`),
    history: await rowsOf(sql`select entity_kind, entity_id, action, actor, before ${entry} as before,
                                     after ${entry} as after, citations, merged_into
                                from changes where id > ${since} order by id`),
    outbox: await rowsOf(sql`select entity_kind, entity_id from search_outbox order by id`),
  };
}

describe('npm run import:bodacc: the rows written', () => {
  it('writes the same notices, proceedings, citations, history and outbox rows as the import before', async () => {
    const [{ since } = { since: 0 }] = [
      ...(await db.execute<{ since: number }>(sql`select coalesce(max(id), 0)::int as since from changes`)),
    ];
    await db.execute(sql`delete from search_outbox`);
    for (const file of files) expect((await importBodacc(db, { file, actor })).applied).toBe(true);
    const state = await written(since);
    const again = await importBodacc(db, { file: files[1]!, actor });
    expect(again.notices).toMatchObject({ created: 0, updated: 0, withdrawn: 0 });
    expect(await written(since)).toEqual(state);
    if (process.env.BODACC_ROWS_WRITE === '1') await writeFile(expectedFile, `${JSON.stringify(state, null, 1)}\n`);
    const expected = JSON.parse(await readFile(expectedFile, 'utf8'));
    expect(state.notices.length).toBe(expected.notices.length);
    expect(state.history.length).toBe(expected.history.length);
    expect(state).toEqual(expected);
  });
});
