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
