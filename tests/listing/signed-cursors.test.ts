// A list's cursor carries facts the API states again on later pages (the total counted on the first page, whether
// it is exact): it is signed (src/listing/cursor-keys.ts), so that a client cannot make the API state another.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { entryKinds } from '../../src/kinds.js';
import { CursorKeys, cursorKeysOf } from '../../src/listing/cursor-keys.js';
import {
  cursorParam,
  decodeCursor,
  encodeCursor,
  longestSortText,
  maxCursorLength,
} from '../../src/listing/pagination.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createSitesAt } from '../setup/factories.js';
import { exampleCitations, writer } from '../setup/writer.js';

let app: App;
beforeAll(async () => {
  let db: Db;
  ({ app, db } = await testApp());
  // A second change of ipg-roubaix, so that its history has a second page.
  const { key } = await createKey(db, { name: 'Curseurs signés', scope: 'write' });
  const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
  const changed = await app.inject({
    method: 'PATCH',
    url: '/v1/sites/ipg-roubaix',
    headers: { authorization: `Bearer ${key}`, 'if-match': '"v1"' },
    payload: {
      notes: 'Note',
      citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité', fields: ['notes'] }],
    },
  });
  expect(changed.statusCode, changed.body).toBe(200);
  // Three sites near Lille, for the list by distance.
  await createSitesAt(
    db,
    {
      'geo-lille': [50.6292, 3.0573, '59350'],
      'geo-paris': [48.8566, 2.3522, '75056'],
      'geo-lyon': [45.764, 4.8357, '69123'],
    },
    (id) => `Centre ${id.slice(4)}`,
  );
});

const notOurs = 'is not a cursor returned by this API';

/** A cursor's body (its JSON) rewritten by `edit` and encoded again, its signature kept, or dropped (`tag: null`). */
function rewritten(cursor: string, edit: (payload: Record<string, unknown>) => void, tag: 'kept' | null = 'kept') {
  const [body, signature] = cursor.split('.');
  const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8'));
  edit(payload);
  const forged = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return tag === 'kept' ? `${forged}.${signature}` : forged;
}

async function expectCursorRefused(url: string, message: string) {
  const response = await getJson(app, url);
  expect(response.status, url).toBe(400);
  expect(response.body.code).toBe('invalid_parameters');
  expect(response.body.errors).toEqual([{ in: 'query', name: 'cursor', message }]);
}

describe('cursors are signed', () => {
  const distanceList = '/v1/sites?near=50.63,3.06&radius_km=300&sort=distance&limit=1';

  it('gives the true total on the next page of a genuine cursor', async () => {
    const first = await getJson(app, distanceList);
    expect(first.body.next_cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    const next = await getJson(app, `${distanceList}&cursor=${first.body.next_cursor}`);
    expect(next.status).toBe(200);
    expect([next.body.total, next.body.total_exact]).toEqual([first.body.total, true]);
  });

  // verify30 fault 01: `t: 999999` (or 0) with `x: true` was answered `total: 999999, total_exact: true`.
  it.each([
    ['a total raised', { t: 999_999 }],
    ['a total of 0', { t: 0 }],
    ['an estimate called exact', { x: false }],
    ['another start (sort value)', { v: 0 }],
  ])('refuses a cursor with %s, its signature kept', async (_, change) => {
    const first = await getJson(app, distanceList);
    const forged = rewritten(first.body.next_cursor, (p) => Object.assign(p, change));
    await expectCursorRefused(`${distanceList}&cursor=${forged}`, notOurs);
  });

  it.each([
    ['the history of an entry', '/v1/sites/ipg-roubaix/history?limit=1'],
    ['a source’s citations', '/v1/sources/en-contact-2017-04-26-fin-de-partie-ipg/citations?limit=1'],
    ['a list by name', '/v1/sites?limit=2&sort=name'],
    ['a search list by name', '/v1/sites?limit=2&q=centre&sort=name'],
    ['a search list by relevance', '/v1/sites?limit=2&q=centre'],
  ])('refuses a rewritten cursor of %s, and one without its signature', async (_, url) => {
    const first = await getJson(app, url);
    expect(first.body.next_cursor, url).toEqual(expect.any(String));
    const raised = rewritten(first.body.next_cursor, (p) => {
      if (typeof p.v === 'number') p.v += 1;
      p.t = 1;
    });
    await expectCursorRefused(`${url}&cursor=${raised}`, notOurs);
    // The unsigned cursors of earlier versions are refused too.
    await expectCursorRefused(`${url}&cursor=${rewritten(first.body.next_cursor, () => {}, null)}`, notOurs);
  });

  it('refuses a cursor signed with a key of the same number that is not the database’s', async () => {
    const ours = await cursorKeysOf(app.database.db);
    const other = new CursorKeys(new Map([[ours.signingKey, 'f'.repeat(64)]]), ours.signingKey);
    const forged = encodeCursor(
      { s: 'name', v: 'M', i: 'm', t: 999_999, x: true },
      { list: 'sites', filters: {}, keys: other },
    );
    await expectCursorRefused(`/v1/sites?limit=2&sort=name&cursor=${forged}`, notOurs);
  });

  it('refuses a cursor signed with a key the database no longer holds, in words saying so', async () => {
    const gone = new CursorKeys(new Map([[999_999, 'e'.repeat(64)]]), 999_999);
    const cursor = encodeCursor(
      { s: 'name', v: 'M', i: 'm', t: 3, x: true },
      { list: 'sites', filters: {}, keys: gone },
    );
    await expectCursorRefused(
      `/v1/sites?limit=2&sort=name&cursor=${cursor}`,
      'was signed with a key this API no longer holds: start again without a cursor',
    );
  });

  it('keeps one key per database, made by its migration, shared by every process', async () => {
    const rows = await app.database.sql`select id, secret from cursor_keys`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secret).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('every cursor the API writes is accepted back (verify44 fault 03)', () => {
  it('pages on past sites named with 298 « € », by name both ways, in the list and with q', async () => {
    const { app: indexed, db } = await testApp({ searchIndex: true });
    const send = await writer(indexed, db);
    for (const n of [1, 2, 3]) {
      const created = await send('POST', '/v1/sites', {
        id: `v44z-long-${n}`,
        name: `Centre ${'€'.repeat(290)} ${n}`,
        code_commune: '28085',
        status: 'open',
        citations: exampleCitations('long-names', 'Long names'),
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    await indexed.directorySearch.indexer.runOnce();
    const first = await getJson(indexed, '/v1/sites?code_commune=28085&sort=name&limit=1');
    const cursor = first.body.next_cursor as string;
    // The tester's cursor was 1,319 characters long, refused by a bound of 1,000.
    expect(cursor.length).toBeGreaterThan(1_000);
    expect(cursor.length).toBeLessThanOrEqual(maxCursorLength);
    const walked: Record<string, string[]> = {};
    for (const url of [
      '/v1/sites?code_commune=28085&sort=name&limit=1',
      '/v1/sites?code_commune=28085&sort=-name&limit=1',
      '/v1/sites?code_commune=28085&q=centre&sort=name&limit=1',
      '/v1/sites?code_commune=28085&q=centre&sort=-name&limit=1',
    ]) {
      walked[url] = (await collectPages(indexed, url)).rows.map((r) => r.id).filter((id) => id.startsWith('v44z'));
    }
    const ascending = ['v44z-long-1', 'v44z-long-2', 'v44z-long-3'];
    expect(walked).toEqual({
      '/v1/sites?code_commune=28085&sort=name&limit=1': ascending,
      '/v1/sites?code_commune=28085&sort=-name&limit=1': [...ascending].reverse(),
      // Meilisearch sorts these names by their facet value, cut at 468 bytes where they are one (the id breaks the
      // tie): a page after one of them goes on to the others, not past them.
      '/v1/sites?code_commune=28085&q=centre&sort=name&limit=1': ascending,
      '/v1/sites?code_commune=28085&q=centre&sort=-name&limit=1': [...ascending].reverse(),
    });
  });

  it('holds, for every declared sort of every kind, the longest values of the widest characters', async () => {
    const keys = new CursorKeys(new Map([[2 ** 31 - 1, 'secret']]), 2 ** 31 - 1);
    const sorts = entryKinds.flatMap((kind) =>
      Object.entries(kind.sorts.keys).flatMap(([name, key]) =>
        [name, `-${name}`].map((sort) => ({ list: `${kind.plural} (search)`, sort, type: key.type })),
      ),
    );
    // Any text of up to `longestSortText` code units PostgreSQL can hold (no NUL), the widest in JSON among them.
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: longestSortText }),
      fc.constantFrom('\u0001', '€', '😀', '"').map((c) => c.repeat(longestSortText / c.length)),
    );
    const id = fc.string({ unit: fc.constantFrom(...'az09_-'), minLength: 1, maxLength: 120 });
    fc.assert(
      fc.property(fc.constantFrom(...sorts), text, id, fc.string({ maxLength: 40 }), (declared, value, last, q) => {
        fc.pre(!value.includes('\u0000') && value.length <= longestSortText);
        const v =
          declared.type === 'text' ? value : declared.type === 'timestamp' ? '2026-12-01 00:10:19.123456+00' : 7;
        const binding = { list: declared.list, filters: { q, commune: [value] }, keys };
        const cursor = encodeCursor({ s: declared.sort, v, i: last, t: Number.MAX_SAFE_INTEGER, x: false }, binding);
        expect(cursor.length).toBeLessThanOrEqual(maxCursorLength);
        expect(cursorParam.safeParse(cursor).success).toBe(true);
        expect(decodeCursor(cursor, declared.sort, declared.type, binding)).toEqual({
          s: declared.sort,
          v,
          i: last,
          t: Number.MAX_SAFE_INTEGER,
          x: false,
        });
      }),
      { numRuns: 2_000 },
    );
  });
});
