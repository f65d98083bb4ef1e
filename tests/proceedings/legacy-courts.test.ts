// Courts stored before `normaliseCourt` wrote them one way keep no old writing: the start's data step
// (modules/proceedings/legacy-courts.ts, run by prepareDatabase after the SQL migrations) rewrites them, once.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { prepareDatabase } from '../../src/database.js';
import type { Db } from '../../src/db/client.js';
import { upgradeLegacyCourts } from '../../src/modules/proceedings/legacy-courts.js';
import { getJson, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  send = await writer(app, db);
});

const citations = [{ source: testSource, quote: 'Une fiche de test' }];

describe('a court stored in an old writing', () => {
  it('is written as normaliseCourt writes it at the next start, its version raised; a second start changes nothing', async () => {
    const made = await send('POST', '/v1/proceedings', {
      company_name: 'Tribunal Ancien SA',
      kind: 'liquidation_judiciaire',
      date: '2019-05-06',
      court: 'Tribunal de commerce de Nîmes',
      citations,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect(made.json().court).toBe('Tribunal de commerce de Nîmes');
    // As stored before the courts were written one way: the BODACC's capitals, and the place without its accent.
    await db.execute(sql`update proceedings set court = 'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES' where id = ${id}`);
    const other = await send('POST', '/v1/proceedings', {
      company_name: 'Tribunal Ancien Deux SA',
      kind: 'redressement_judiciaire',
      date: '2019-05-07',
      citations,
    });
    expect(other.statusCode, other.body).toBe(201);
    await db.execute(
      sql`update proceedings set court = 'Tribunal de commerce de Nimes' where id = ${other.json().id as string}`,
    );
    const before = await getJson(app, `/v1/proceedings/${id}`);
    expect(before.body.court).toBe('GREFFE DU TRIBUNAL DE COMMERCE DE NIMES');

    await prepareDatabase(databaseUrl);
    const after = await getJson(app, `/v1/proceedings/${id}`);
    expect(after.body.court).toBe('Tribunal de commerce de Nîmes');
    expect((await getJson(app, `/v1/proceedings/${other.json().id}`)).body.court).toBe('Tribunal de commerce de Nîmes');
    // Its detail changed: the ETag a client held is no longer current.
    expect(after.headers.etag).not.toBe(before.headers.etag);

    const connection = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await upgradeLegacyCourts(connection)).toBe(0);
    } finally {
      await connection.end();
    }
  });
});

describe("a notice's court stored in an old writing", () => {
  it('is written as its proceeding’s is at the next start, the notice’s words kept, the proceeding’s version raised', async () => {
    const made = await send('POST', '/v1/proceedings', {
      company_name: 'Avis Ancien SA',
      kind: 'liquidation_judiciaire',
      date: '2019-06-03',
      court: 'Tribunal de commerce de Nîmes',
      citations,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const [{ source_id: source } = { source_id: '' }] = await db.execute<{ source_id: string }>(
      sql`select source_id from citations where proceeding_id = ${id} limit 1`,
    );
    // Two notices as stored before the courts were written one way: one of the proceeding, one of none (a notice
    // withdrawn, or of a company left out), each with the words of the BODACC.
    const notice = (noticeId: string, proceeding: string | null, court: string) => sql`
      insert into proceeding_notices (id, siren, proceeding_id, publication, parution, number, published_on,
        notice_type, effect, court, court_as_written, url, source_id)
      values (${noticeId}, '732829320', ${proceeding}, 'A', '20190107', 1, '2019-06-05', 'annonce', 'status',
        ${court}, 'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES', 'https://www.bodacc.fr/annonce/detail/A201901070001',
        ${source})`;
    await db.execute(notice('A201901070001', id, 'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES'));
    await db.execute(notice('A201901070002', null, 'Tribunal de commerce de Nimes'));
    const before = await getJson(app, `/v1/proceedings/${id}`);
    expect(before.body.notices.map((n: { court: string }) => n.court)).toEqual([
      'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES',
    ]);

    await prepareDatabase(databaseUrl);
    const after = await getJson(app, `/v1/proceedings/${id}`);
    expect(after.body.notices.map((n: { court: string }) => n.court)).toEqual(['Tribunal de commerce de Nîmes']);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(
      await db.execute(sql`
        select id, court, court_as_written from proceeding_notices
         where id in ('A201901070001', 'A201901070002') order by id`),
    ).toEqual([
      {
        id: 'A201901070001',
        court: 'Tribunal de commerce de Nîmes',
        court_as_written: 'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES',
      },
      {
        id: 'A201901070002',
        court: 'Tribunal de commerce de Nîmes',
        court_as_written: 'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES',
      },
    ]);
    const connection = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await upgradeLegacyCourts(connection)).toBe(0);
    } finally {
      await connection.end();
    }
  });
});
