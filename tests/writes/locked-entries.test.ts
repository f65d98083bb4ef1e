// A write to an entry another transaction holds (a bulk import changes its entries in one transaction, holding each
// until it commits) is refused after the API's lock_timeout with a 409 saying so, not held until the statement
// timeout and told « the database cannot be reached » (verify9 fault 07); entries it does not hold are written at
// once. Against a real database: the import's hold is an open transaction that changed the row.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { anyVersion, exampleCitations, type Send, writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
let other: postgres.Sql;
beforeAll(async () => {
  let databaseUrl: string;
  ({ app, db, databaseUrl } = await testApp());
  send = await writer(app, db);
  other = postgres(databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(() => other.end({ timeout: 5 }));

const citations = exampleCitations('locked', 'Locked');
const patch = (id: string) =>
  send('PATCH', `/v1/sites/${id}`, { notes: 'written beside an import', citations }, anyVersion);

describe('an entry a running import holds', () => {
  it('is refused with 409 after the lock timeout (3 s), naming why; the others are written meanwhile', async () => {
    const held = (await createSite(db)).id;
    const free = (await createSite(db)).id;
    const importing = await other.reserve();
    try {
      await importing`begin`;
      await importing`update sites set notes = 'the import' where id = ${held}`;
      const started = Date.now();
      const refused = await patch(held);
      const waited = Date.now() - started;
      expect([refused.statusCode, refused.json().code, refused.json().detail]).toEqual([
        409,
        'conflict',
        'The entry is held by another write that has not ended (a bulk import holds the entries it changes until it ' +
          'commits, all at once): try again once it has ended.',
      ]);
      expect(waited).toBeGreaterThanOrEqual(2_900);
      expect(waited).toBeLessThan(10_000);
      expect((await patch(free)).statusCode).toBe(200);
    } finally {
      await importing`rollback`;
      importing.release();
    }
    const written = await patch(held);
    expect(written.statusCode, written.body).toBe(200);
    expect(written.json().notes).toBe('written beside an import');
  });
});

describe('a write that can never succeed, to an entry a running import holds (verify34 fault 02)', () => {
  it('is answered at once as without the hold: no If-Match 428, a stale or weak tag 412; a current one waits (409)', async () => {
    const held = (await createSite(db)).id;
    const current = (await app.inject({ method: 'GET', url: `/v1/sites/${held}` })).headers.etag as string;
    const body = { notes: 'written beside an import', citations };
    const importing = await other.reserve();
    try {
      await importing`begin`;
      await importing`update sites set notes = 'the import' where id = ${held}`;
      const answers = [
        await send('PATCH', `/v1/sites/${held}`, body),
        await send('PATCH', `/v1/sites/${held}`, body, { 'if-match': '"x"' }),
        await send('PATCH', `/v1/sites/${held}`, body, { 'if-match': `W/${current}` }),
        await send('DELETE', `/v1/sites/${held}`),
        await send('PATCH', `/v1/sites/${held}`, body, { 'if-match': current }),
      ];
      expect(answers.map((a) => [a.statusCode, a.json().code])).toEqual([
        [428, 'precondition_required'],
        [412, 'precondition_failed'],
        [412, 'precondition_failed'],
        [428, 'precondition_required'],
        [409, 'conflict'],
      ]);
      expect(answers[1]!.json().detail).toBe(
        'The entry has changed since "x": it is now "v1". Read it again, then retry.',
      );
    } finally {
      await importing`rollback`;
      importing.release();
    }
  });
});
