// A detail route sends PostgreSQL's JSON text as it is (src/db/json.ts `runJson`, src/http/entry-routes.ts): the text
// must hold exactly what the detail schema's serializer writes of the same entry read as an object, `last_confirmed`
// (built in SQL, src/citations/queries.ts `lastConfirmedJson`) included, and the ETag of a read is of that text (a write's is the same: tests/sites/write.test.ts).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { lastConfirmed } from '../../src/citations/queries.js';
import type { Db } from '../../src/db/client.js';
import type { EntryJson } from '../../src/db/json.js';
import { compileSerializer } from '../../src/http/serializers.js';
import { clubReads } from '../../src/modules/clubs/queries.js';
import { clubDetail } from '../../src/modules/clubs/schemas.js';
import { operatorReads } from '../../src/modules/operators/queries.js';
import { operatorDetail } from '../../src/modules/operators/schemas.js';
import { proceedingReads } from '../../src/modules/proceedings/queries.js';
import { proceedingDetail } from '../../src/modules/proceedings/schemas.js';
import { siteReads } from '../../src/modules/sites/queries.js';
import { siteDetail } from '../../src/modules/sites/schemas.js';
import { testApp } from '../setup/app.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

type Reads = {
  get: (db: Db, id: string) => Promise<object | null>;
  getJson: (db: Db, id: string) => Promise<EntryJson | null>;
};

const kinds: [string, string, Reads, Parameters<typeof compileSerializer>[0]][] = [
  ['sites', 'sites', siteReads, siteDetail],
  ['operators', 'operators', operatorReads, operatorDetail],
  ['clubs', 'clubs', clubReads, clubDetail],
  ['proceedings', 'proceedings', proceedingReads, proceedingDetail],
];

describe('an entry’s JSON as PostgreSQL writes it', () => {
  it.each(kinds)('holds what the serializer writes of each of the %s', async (_name, table, reads, schema) => {
    const serialize = compileSerializer(schema);
    const rows = await db.execute<{ id: string }>(sql`select id from ${sql.identifier(table)} order by id`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { id } of rows) {
      const entry = (await reads.get(db, id)) as { version: number; citations: never[]; last_confirmed: object };
      const text = await reads.getJson(db, id);
      if (!entry) {
        // A withheld entry: neither read shows it.
        expect(text).toBeNull();
        continue;
      }
      expect(JSON.parse(text?.json ?? 'null'), id).toEqual(JSON.parse(serialize(entry)));
      expect(text?.version, id).toBe(entry.version);
      // `last_confirmed` as the JavaScript of the citations gives it, keys in the same order.
      const expected = lastConfirmed(entry.citations);
      expect(Object.entries(entry.last_confirmed), id).toEqual(Object.entries(expected));
    }
  });

  it('is what GET sends, with an ETag of its text and a 304 to it', async () => {
    const text = await siteReads.getJson(db, 'ipg-roubaix');
    const read = await app.inject({ method: 'GET', url: '/v1/sites/ipg-roubaix' });
    expect(read.statusCode).toBe(200);
    expect(read.body).toBe(text?.json);
    expect(read.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(read.headers.etag).toMatch(new RegExp(`^"v${text?.version}-[\\w-]{16}"$`));
    const again = await app.inject({
      method: 'GET',
      url: '/v1/sites/ipg-roubaix',
      headers: { 'if-none-match': String(read.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
