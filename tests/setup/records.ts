// What the tests of record quotes (tests/citations/record-*.test.ts) share: a directory holding the open-data
// fixtures, the citations stored for an entry, and the errors of a 422 problem answer.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { importFixtures, stockCsv } from './sirene.js';

/** Imports the Sirene stock fixture, the practitioners' list and the BODACC export into `db`, each checked applied. */
export async function importOpenDataFixtures(db: Db, actor: { keyId: null; name: string; scope: 'write' }) {
  expect((await importFixtures(db, stockCsv)).rejected).toEqual([]);
  expect(
    (await importPractitioners(db, { file: 'tests/fixtures/practitioners/practitioners.csv', actor })).applied,
  ).toBe(true);
  expect((await importBodacc(db, { file: 'tests/fixtures/bodacc/annonces-commerciales.csv', actor })).applied).toBe(
    true,
  );
}

/** The first stored citation of an entry (`column` = `id`) whose source's id starts with `prefix`. */
export async function storedCitation(db: Db, column: string, id: string, prefix: string) {
  const [row] = await db.execute<{ source_id: string; quote: string }>(
    sql`select source_id, quote from citations where ${sql.identifier(column)} = ${id}
         and source_id like ${`${prefix}%`} order by id limit 1`,
  );
  return row!;
}

/** The errors of a 422 answer, the answer checked to be a problem. */
export function refusal(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  json: () => { errors: unknown };
}) {
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return res.json().errors;
}
