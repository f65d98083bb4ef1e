// A detail in one round trip (src/db/json.ts, summaryReader.detail): every
// entry of every kind is read with one statement, its answer the one the API
// gives, its timestamps as Date.toISOString writes them whatever the session's
// time zone, its empty lists [] and its missing references null.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { clubReads } from '../../src/modules/clubs/queries.js';
import { mandataireReads } from '../../src/modules/mandataires/queries.js';
import { operatorReads } from '../../src/modules/operators/queries.js';
import { proceedingReads } from '../../src/modules/proceedings/queries.js';
import { siteReads } from '../../src/modules/sites/queries.js';
import { etagOf } from '../../src/writes/transaction.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';

const { app, db, databaseUrl } = await testApp();

const reads = {
  sites: siteReads,
  operators: operatorReads,
  clubs: clubReads,
  mandataires: mandataireReads,
  proceedings: proceedingReads,
};

/** A pool of our own over the test's database that counts the statements it sends. */
let statements = 0;
let client: postgres.Sql;
let counted: Db;

beforeAll(() => {
  client = postgres(databaseUrl, { max: 1, onnotice: () => {}, debug: () => statements++ });
  counted = drizzle(client, { schema }) as unknown as Db;
});
afterAll(() => client.end());

/** The detail of `id` read over the counting pool, and the statements it took. */
async function readCounted(kind: keyof typeof reads, id: string) {
  // The first read of a statement on a connection describes it first: warm the connection up.
  await reads[kind].get(counted, id);
  statements = 0;
  const entry = await reads[kind].get(counted, id);
  return { entry, statements };
}

describe('GET /v1/<kind>/{id}', () => {
  for (const kind of Object.keys(reads) as (keyof typeof reads)[]) {
    it(`reads every ${kind} entry of the seed in one statement, as the API answers it`, async () => {
      const ids = (await db.execute<{ id: string }>(sql.raw(`select id from ${kind} order by id`))).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const { entry, statements: count } = await readCounted(kind, id);
        expect(count, `${kind}/${id}`).toBe(1);
        const answer = await getJson(app, `/v1/${kind}/${id}`);
        expect(answer.status).toBe(200);
        // The version is the ETag, not a field of the body.
        const { version, ...body } = entry as { version: number };
        expect(answer.headers.etag).toMatch(new RegExp(`^${etagOf(version).slice(0, -1)}-`));
        expect(answer.body).toEqual(JSON.parse(JSON.stringify(body)));
      }
    });
  }

  it('an unknown id is null, in one statement', async () => {
    for (const kind of Object.keys(reads) as (keyof typeof reads)[]) {
      const { entry, statements: count } = await readCounted(kind, 'no-such-entry');
      expect(entry).toBeNull();
      expect(count).toBe(1);
    }
  });

  it('writes timestamps as Date.toISOString does, milliseconds truncated, whatever the time zone', async () => {
    const site = await createSite(db);
    await db.execute(
      sql`update sites set created_at = '2026-03-04 05:06:07.890999+00', updated_at = '2026-12-31 23:59:59.999999+00'
           where id = ${site.id}`,
    );
    await db.execute(sql`update citations set added_at = '2027-01-01 00:00:00.0005+00' where site_id = ${site.id}`);
    await client.unsafe(`set timezone to 'Pacific/Chatham'`);
    const { entry } = await readCounted('sites', site.id);
    await client.unsafe('reset timezone');
    const expected = (text: string) => new Date(text).toISOString();
    expect(entry).toMatchObject({
      created_at: expected('2026-03-04T05:06:07.890999Z'),
      updated_at: expected('2026-12-31T23:59:59.999999Z'),
      citations: [{ added_at: '2027-01-01T00:00:00.000Z' }],
    });
    expect((entry as unknown as { created_at: string }).created_at).toBe('2026-03-04T05:06:07.890Z');
  });

  it('gives [] for a list without rows and null for a reference to nothing', async () => {
    const site = await createSite(db);
    const { entry } = await readCounted('sites', site.id);
    expect(entry).toMatchObject({ operator: null, headcounts: [], clients: [], proceedings: [] });
    const parent = await createOperator(db);
    const child = await createOperator(db, { parent: parent.id });
    const read = await readCounted('operators', child.id);
    expect(read.entry).toMatchObject({
      parent: { id: parent.id, name: parent.name },
      subsidiaries: [],
      sites: [],
      headcounts: [],
      people: [],
      proceedings: [],
    });
    expect((await readCounted('operators', parent.id)).entry).toMatchObject({
      parent: null,
      subsidiaries: [{ id: child.id, name: child.name }],
    });
  });
});
