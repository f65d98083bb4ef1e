// A new source described in a citation: one source per URL (compared normalised), a description contradicting the
// stored source of its URL refused (409) with the id to cite, a publication date to come refused (422).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const described = { url: 'https://example.org/a', title: 'Titre A', outlet: 'Outlet', published_on: '2020-01-02' };
const operator = (name: string, source: unknown) => ({
  name,
  kind: 'outsourcer',
  citations: [{ source, quote: 'q' }],
});
const sourcesOf = async (key: string) =>
  (await db.execute<{ id: string; url: string }>(sql`select id, url from sources where url ilike ${`%${key}%`}`)).map(
    (r) => [r.id, r.url],
  );

describe('a new source whose URL is known', () => {
  it('is the known source when described alike, its URL compared normalised', async () => {
    expect((await send('POST', '/v1/operators', operator('Op One', described))).statusCode).toBe(201);
    const same = { ...described, url: 'https://EXAMPLE.org:443/a/#note' };
    const again = await send('POST', '/v1/operators', operator('Op Two', same));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().citations.map((c: { source_id: string }) => c.source_id)).toEqual([
      'outlet-2020-01-02-titre-a',
    ]);
    expect(await sourcesOf('example.org/a')).toEqual([['outlet-2020-01-02-titre-a', 'https://example.org/a']]);
  });

  it('refuses a description contradicting it, naming the source to cite', async () => {
    const other = { ...described, url: 'https://example.org/a/', title: 'Autre titre', published_on: '2021-01-02' };
    const refused = await send('POST', '/v1/operators', operator('Op Four', other));
    expect(refused.statusCode).toBe(409);
    const message =
      "https://example.org/a is the source 'outlet-2020-01-02-titre-a', whose title, published_on differ from this " +
      "description (« Titre A », « 2020-01-02 »): cite 'outlet-2020-01-02-titre-a' by its id, or give the URL of " +
      'the source you mean';
    expect(refused.json()).toMatchObject({
      detail: `citations.0.source: ${message}`,
      errors: [{ in: 'body', name: 'citations.0.source', message }],
    });
    expect((await db.execute(sql`select 1 from operators where name = 'Op Four'`)).length).toBe(0);
  });

  it('refuses a publication date to come (422) and takes today', async () => {
    const future = { ...described, url: 'https://example.org/future', published_on: '2099-01-02' };
    const refused = await send('POST', '/v1/operators', operator('Op Future', future));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { in: 'body', name: 'citations.0.source.published_on', message: '2099-01-02 is a date to come' },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const now = { ...described, url: 'https://example.org/today', published_on: today };
    expect((await send('POST', '/v1/operators', operator('Op Today', now))).statusCode).toBe(201);
  });
});
