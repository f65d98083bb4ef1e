// The detail cache (src/db/snapshot-cache.ts): an entry's JSON is sent again from memory only while PostgreSQL's MVCC
// snapshot is the one it was read under, so a change committed by any other connection (another API process, an
// import CLI, a direct SQL update) shows on the next read, a change not yet committed does not, and a withheld,
// deleted or merged entry answers 410 or 308 as it did. Its memory stays under its bound.
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotCache } from '../../src/db/snapshot-cache.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { setWithheld } from '../../src/writes/withhold.js';
import { testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { exampleCitations, writer } from '../setup/writer.js';

const { app, db, databaseUrl } = await testApp();
const send = await writer(app, db);
/** Another connection than the app's: what another process (an import, psql) would write with. */
const other = postgres(databaseUrl, { max: 1, onnotice: () => {} });
afterAll(() => other.end({ timeout: 5 }));

/** The snapshot a statement would read under now (server-wide: other databases' writes move it too). */
async function snapshotNow(): Promise<string> {
  const [row] = await other<{ s: string }[]>`select pg_current_snapshot()::text as s`;
  return row?.s ?? '';
}

const get = (url: string) => app.inject({ method: 'GET', url });

/**
 * Reads `url` twice while no transaction of the server ended (retried while one did: other databases of the server
 * are written meanwhile), and gives both answers and the hits the cache counted for the second read.
 */
async function readTwiceUnderOneSnapshot(url: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    app.detailCache.clear();
    const before = await snapshotNow();
    const first = await get(url);
    const hits = app.detailCache.counts.hits;
    const second = await get(url);
    const hit = app.detailCache.counts.hits - hits;
    if ((await snapshotNow()) === before) return { first, second, hit };
  }
  throw new Error('the server never stayed still for two reads');
}

/** Entries of every kind with a detail of one statement, one shown entry each. */
const kinds = ['sites', 'operators', 'clubs', 'mandataires', 'proceedings'];

async function oneId(table: string): Promise<string> {
  // Clubs have no `withheld` column.
  const [row] = await other<{ id: string }[]>`
    select id from ${other(table)} t where (to_jsonb(t) ->> 'withheld') is distinct from 'true' order by id limit 1`;
  if (!row) throw new Error(`no ${table} in the seed`);
  return row.id;
}

describe('the detail cache', () => {
  it.each(kinds)('sends a read of the %s again from memory, the same body and ETag', async (kind) => {
    const url = `/v1/${kind}/${await oneId(kind)}`;
    const { first, second, hit } = await readTwiceUnderOneSnapshot(url);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(hit).toBe(1);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    const unchanged = await app.inject({
      method: 'GET',
      url,
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect([200, 304]).toContain(unchanged.statusCode);
    if (unchanged.statusCode === 304) expect(unchanged.body).toBe('');
  });

  it.each(kinds)('shows at once a change of the %s committed by another connection, not before', async (kind) => {
    const id = await oneId(kind);
    const url = `/v1/${kind}/${id}`;
    const { second: cached } = await readTwiceUnderOneSnapshot(url);
    const version = Number(/^"v(\d+)-/.exec(String(cached.headers.etag))?.[1]);
    const writing = await other.reserve();
    try {
      await writing`begin`;
      await writing`update ${writing(kind)} set version = version + 1 where id = ${id}`;
      // Written, not committed: a read now sees the entry as it was, and so does the cache.
      const during = await get(url);
      expect(during.body).toBe(cached.body);
      expect(during.headers.etag).toBe(cached.headers.etag);
      await writing`commit`;
    } finally {
      writing.release();
    }
    const after = await get(url);
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).toMatch(new RegExp(`^"v${version + 1}-`));
  });

  it('shows a site’s new name committed by a direct SQL update, and its new ETag', async () => {
    const { second: cached } = await readTwiceUnderOneSnapshot('/v1/sites/ipg-roubaix');
    expect(cached.json().name).not.toBe('IPG Roubaix renommé');
    await other`update sites set name = 'IPG Roubaix renommé' where id = 'ipg-roubaix'`;
    const after = await get('/v1/sites/ipg-roubaix');
    expect(after.json().name).toBe('IPG Roubaix renommé');
    expect(after.headers.etag).not.toBe(cached.headers.etag);
    // The ETag the client held no longer matches: the new body, not a 304.
    const again = await app.inject({
      method: 'GET',
      url: '/v1/sites/ipg-roubaix',
      headers: { 'if-none-match': String(cached.headers.etag) },
    });
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(after.body);
  });

  it('answers 410 for an entry withheld, 410 once deleted and 308 once merged, after it was kept', async () => {
    const withheld = await createSite(db);
    const deleted = await createSite(db);
    const merged = await createSite(db);
    const survivor = await createSite(db);
    for (const site of [withheld, deleted, merged]) {
      expect((await readTwiceUnderOneSnapshot(`/v1/sites/${site.id}`)).second.statusCode).toBe(200);
    }
    await setWithheld(db, { name: 'test', keyId: null }, siteWrites.spec.target, [withheld.id], true);
    const hidden = await get(`/v1/sites/${withheld.id}`);
    expect(hidden.statusCode).toBe(410);
    expect(hidden.json().code).toBe('gone');

    expect((await send('DELETE', `/v1/sites/${deleted.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
    expect((await get(`/v1/sites/${deleted.id}`)).statusCode).toBe(410);

    const merging = await send(
      'POST',
      `/v1/sites/${merged.id}/merge`,
      { into: survivor.id, citations: exampleCitations('cache-merge', 'Fusion de test') },
      { 'if-match': '"v1"' },
    );
    expect(merging.statusCode).toBe(200);
    const moved = await get(`/v1/sites/${merged.id}`);
    expect(moved.statusCode).toBe(308);
    expect(moved.headers.location).toBe(`/v1/sites/${survivor.id}`);
  });
});

describe('the detail cache’s memory', () => {
  const entry = (n: number) => ({ json: `{"id":"e${n}","text":"${'x'.repeat(1000)}"}`, version: 1 });
  /** Bytes counted for one of `entry`'s entries under key `e<n>`: its text and key at 2 bytes a character, and 200. */
  const counted = 2 * (entry(0).json.length + 2) + 200;

  it('keeps at most its bound', async () => {
    const snapshot = await snapshotNow();
    const cache = new SnapshotCache(other, 3 * counted);
    for (let n = 0; n < 10; n++) await cache.read(`e${n}`, async () => ({ ...entry(n), snapshot }));
    expect(cache.size).toBe(3 * counted);
    expect(cache.entries).toBe(3);
    expect(cache.counts).toEqual({ hits: 0, misses: 10 });
  });

  it('keeps nothing with a bound of 0, nor an entry larger than its bound, nor a read without its snapshot', async () => {
    const snapshot = await snapshotNow();
    const none = new SnapshotCache(other, 0);
    await none.read('e1', async () => ({ ...entry(1), snapshot }));
    expect(none.entries).toBe(0);
    const small = new SnapshotCache(other, counted - 1);
    await small.read('e1', async () => ({ ...entry(1), snapshot }));
    expect(small.entries).toBe(0);
    const unknown = new SnapshotCache(other, 10 * counted);
    await unknown.read('e1', async () => ({ ...entry(1), snapshot: null }));
    expect(unknown.entries).toBe(0);
  });

  it('gives an entry read as it was read, without its snapshot', async () => {
    const cache = new SnapshotCache(other, 10 * counted);
    const read = await cache.read('e1', async () => ({ ...entry(1), snapshot: await snapshotNow() }));
    expect(read).toEqual(entry(1));
  });
});
