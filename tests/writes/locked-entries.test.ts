// A write to an entry another transaction holds (a bulk import changes its entries in one transaction, holding each
// until it commits) is refused after the API's lock_timeout with a 409 saying so, not held until the statement
// timeout and told « the database cannot be reached » (verify9 fault 07); entries it does not hold are written at
// once. Against a real database: the import's hold is an open transaction that changed the row.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
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

describe('an entry a running import only names (verify44 fault 04)', () => {
  it('is changed at once: the import holds the entries it changes, not those its rows name', async () => {
    const operator = (await createOperator(db)).id;
    const site = (await createSite(db)).id;
    const importing = await other.reserve();
    try {
      await importing`begin`;
      // A row of the import naming the operator: its foreign-key check holds the operator's row `for key share`.
      await importing`update sites set operator_id = ${operator} where id = ${site}`;
      const changed = await send(
        'PATCH',
        `/v1/operators/${operator}`,
        { name: 'Opérateur Trois API', citations: exampleCitations('named', 'Named') },
        anyVersion,
      );
      expect([changed.statusCode, changed.json().name]).toEqual([200, 'Opérateur Trois API']);
      // Its deletion would remove what the import's row names: that one waits for the import, and is refused.
      const removed = await send('DELETE', `/v1/operators/${operator}`, undefined, anyVersion);
      expect([removed.statusCode, removed.json().code]).toEqual([409, 'conflict']);
    } finally {
      await importing`rollback`;
      importing.release();
    }
  });

  it('is changed at once, whatever its kind, while another transaction holds it `for key share`', async () => {
    const answers: Record<string, number> = {};
    for (const kind of entryKinds) {
      const entry = (await app.inject({ method: 'GET', url: `/v1/${kind.plural}?limit=1` })).json().data[0];
      const importing = await other.reserve();
      try {
        await importing`begin`;
        // What every foreign-key check of a row naming the entry takes (an operator's parent, a mandataire's firm…).
        await importing`select 1 from ${importing(kind.tableName)} where id = ${entry!.id} for key share`;
        const body = { [kind.name === 'operator' ? 'name' : 'notes']: 'Écrit pendant un import qui la nomme' };
        const answer = await send(
          'PATCH',
          `/v1/${kind.plural}/${entry!.id}`,
          { ...body, citations: exampleCitations('named', 'Named') },
          anyVersion,
        );
        answers[kind.plural] = answer.statusCode;
      } finally {
        await importing`rollback`;
        importing.release();
      }
    }
    expect(answers).toEqual({ sites: 200, operators: 200, clubs: 200, mandataires: 200, proceedings: 200 });
  });
});
