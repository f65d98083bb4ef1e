// Lists and exports at scale (issue 9), not timed: 20,000 sites inserted with
// set-based SQL, every page of several sorts walked to the end, the complete
// export compared with the list, totals counted once and carried, and every
// sort of every kind served by an index in its collation (no Sort node).
import { get } from 'node:http';
import { getTableName, type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { sites } from '../../src/db/schema/index.js';
import { entryKinds } from '../../src/kinds.js';
import { cursorKeysOf } from '../../src/listing/cursor-keys.js';
import { encodeCursor, listPage, pagePlan, type SortKey } from '../../src/listing/pagination.js';
import { exactTotalCeiling } from '../../src/listing/query.js';
import { siteSorts } from '../../src/modules/sites/filters.js';
import { sourceListing } from '../../src/modules/sources/filters.js';
import { getJson, testApp, testSearchOptions } from '../setup/app.js';
import { insertSites } from '../setup/bulk-sites.js';

const bulk = 20_000;

let app: App;
let db: Db;
let databaseUrl: string;
let siteCount: number;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  await insertSites(app.database.sql, bulk);
  const [counted] = await app.database.sql<{ n: number }[]>`select count(*)::int as n from sites`;
  siteCount = counted?.n ?? 0;
}, 120_000);

interface ListBody {
  data: { id: string }[];
  total: number;
  total_exact: boolean;
  next_cursor: string | null;
}

/** Every page of a list, followed to the end: the ids in order and each page's total and its exactness. */
async function walk(url: string) {
  const ids: string[] = [];
  const totals = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await getJson(app, cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const body = page.body as ListBody;
    ids.push(...body.data.map((r) => r.id));
    totals.add(`${body.total}/${body.total_exact}`);
    cursor = body.next_cursor;
  } while (cursor);
  return { ids, totals: [...totals] };
}

/** The sites' ids in an order written here independently of the list's code. */
async function idsOrderedBy(order: string): Promise<string[]> {
  return (await app.database.sql.unsafe<{ id: string }[]>(`select id from sites order by ${order}`)).map((r) => r.id);
}

describe('lists at 20,000 sites', () => {
  const sorts: [string, string][] = [
    ['name', `coalesce(name, '') collate "fr-x-icu", id collate "C"`],
    ['-name', `coalesce(name, '') collate "fr-x-icu" desc, id collate "C" desc`],
    // Sites without an opening date last (ascending as descending).
    ['opened_on', `opened_on collate "fr-x-icu" nulls last, id collate "C"`],
    ['-created_at', `created_at desc, id collate "C" desc`],
  ];
  it.each(sorts)('sort=%s: the pages to the last give every site once, in order', async (sort, order) => {
    const { ids, totals } = await walk(`/v1/sites?sort=${sort}&limit=100`);
    expect(ids).toHaveLength(siteCount);
    expect(new Set(ids).size).toBe(siteCount);
    expect(ids).toEqual(await idsOrderedBy(order));
    // Above the ceiling the total is the planner's estimate, marked so, and the same on every page.
    expect(totals).toHaveLength(1);
    const [total, exact] = (totals[0] ?? '').split('/');
    expect(exact).toBe('false');
    expect(Number(total)).toBeGreaterThan(exactTotalCeiling);
    expect(Math.abs(Number(total) - siteCount) / siteCount).toBeLessThan(0.2);
  });

  it('counts exactly a result under the ceiling, once, and carries it to the last page', async () => {
    const [counted] = await app.database.sql<{ n: number }[]>`
      select count(*)::int as n from sites where departement_code = '80'`;
    const n = counted?.n ?? 0;
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThanOrEqual(exactTotalCeiling);
    const { ids, totals } = await walk('/v1/sites?departement=80&sort=commune&limit=100');
    expect(ids).toHaveLength(n);
    expect(totals).toEqual([`${n}/true`]);
  });

  it('counts exactly a first page that holds the whole result, whatever the estimate said', async () => {
    // A planner misled by its statistics expects fifty thousand; the page shows them all, and so says the total.
    const where = sql`${sites.departement_code} = '80' and ${sites.name} like 'Webhelp %'`;
    const page = await listPage(
      { sort: 'name', limit: 100 },
      siteSorts.keys,
      sites.id,
      where,
      {
        rows: ({ sortValue, where, orderBy, limit }) =>
          db
            .select({ id: sites.id, sort_value: sortValue })
            .from(sites)
            .where(where)
            .orderBy(...orderBy)
            .limit(limit),
        count: async () => ({ total: 50_000, exact: false }),
      },
      { list: 'sites', filters: {}, keys: await cursorKeysOf(db) },
    );
    const [counted] = await db.execute<{ n: number }>(sql`select count(*)::int as n from sites where ${where}`);
    expect(counted?.n).toBeGreaterThan(0);
    expect(page).toMatchObject({ total: counted?.n, total_exact: true, next_cursor: null });
    expect(page.rows).toHaveLength(counted?.n ?? -1);
  });

  it('exports every site once, the ids of the list, oldest first, with citations, in JSON lines and CSV', async () => {
    const listed = await walk('/v1/sites?sort=created_at&limit=100');
    const jsonl = await app.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl' });
    expect(jsonl.statusCode).toBe(200);
    const rows = jsonl.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; citations: unknown[]; created_at: string });
    expect(rows.map((r) => r.id)).toEqual(listed.ids);
    expect(rows.every((r) => Array.isArray(r.citations))).toBe(true);
    expect(rows.find((r) => r.id === `bulk-site-${bulk}`)).toEqual(
      expect.objectContaining({ citations: [], created_at: '2020-01-01T00:33:20.000Z' }),
    );
    // The export outlasts the statement timeout of the API’s connections (200 ms: not less, or the driver’s own
    // type query on a new connection can hit it on a loaded machine), and still comes whole.
    const hurried = await buildApp({
      databaseUrl,
      statementTimeoutMs: 200,
      logLevel: 'silent',
      search: testSearchOptions(),
    });
    const csv = await hurried.inject({ method: 'GET', url: '/v1/sites/export?format=csv' });
    await hurried.close();
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(siteCount + 1);
    expect(lines[0]?.split(';').at(-1)).toBe('citations');
  });

  it('gives its connection back when the client leaves mid-export', async () => {
    // A client that cancels a download: the export's cursor is closed and its reserved connection released,
    // not left holding an open portal (each such client would take one of the pool's connections for good).
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      const request = get(`${address}/v1/sites/export?format=jsonl`, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    });
    const busy = async () =>
      (
        await app.database.sql<{ state: string }[]>`
          select state from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`
      ).map((r) => r.state);
    let states = await busy();
    for (let tries = 0; states.length && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      states = await busy();
    }
    expect(states).toEqual([]);
  });
});

describe('every sort of every kind is an index scan', () => {
  const listings = [...entryKinds, sourceListing];
  const cases = listings.flatMap((kind) =>
    Object.entries(kind.sorts.keys as Record<string, SortKey>)
      // `date::text` depends on DateStyle: no index can hold the sources' publication-date sort.
      .filter(([key]) => !(kind === sourceListing && key === 'published_on'))
      // The distance from `near`'s point is computed per request: it sorts the sites within the radius (found
      // through the bounding box's index, sites_position_idx), which no B-tree can hold in order.
      .filter(([, sortKey]) => typeof sortKey.expression !== 'function')
      .flatMap(([key, sortKey]) =>
        [key, `-${key}`].flatMap((sort) =>
          [false, true].map((later) => [getTableName(kind.table), sort, later, kind, sortKey] as const),
        ),
      ),
  );

  /** The nodes of a JSON plan, depth first. */
  function nodes(plan: { 'Node Type': string; Plans?: unknown[] }): { 'Node Type': string; 'Index Name'?: string }[] {
    return [plan, ...(plan.Plans ?? []).flatMap((p) => nodes(p as typeof plan))];
  }

  it.each(cases)('%s sort=%s (later page: %s)', async (table, sort, later, kind, sortKey) => {
    const binding = { list: table, filters: {}, keys: await cursorKeysOf(db) };
    const value = sortKey.type === 'integer' ? 5 : sortKey.type === 'timestamp' ? '2022-01-01 00:00:00+00' : 'M';
    const cursor = later ? encodeCursor({ s: sort, v: value, i: 'm' }, binding) : undefined;
    const plan = pagePlan(kind.sorts.keys, kind.table.id, { sort, limit: 20, cursor }, binding);
    const query: SQL = sql`select ${kind.table.id} from ${kind.table}
      ${plan.after ? sql`where ${plan.after}` : sql``} order by ${sql.join(plan.orderBy, sql`, `)} limit 21`;
    // The seed's small tables are read whole by choice: forbid what an index makes needless to see that one can.
    const small = table !== 'sites';
    const [row] = await db.transaction(async (tx) => {
      if (small) await tx.execute(sql`set local enable_sort = off; set local enable_seqscan = off`);
      return tx.execute<{ 'QUERY PLAN': [{ Plan: { 'Node Type': string } }] }>(sql`explain (format json) ${query}`);
    });
    const found = nodes(row?.['QUERY PLAN'][0].Plan ?? { 'Node Type': 'none' });
    expect(found.map((n) => n['Node Type'])).not.toContain('Sort');
    // A key that may have no value sorts ascending on an index of its own, nulls last there too.
    const ascending = sortKey.ascending && !sort.startsWith('-') ? '_ascending' : '';
    expect(found.map((n) => n['Index Name']).filter(Boolean)).toEqual([
      `${table}_${sort.replace(/^-/, '')}${ascending}_sort_idx`,
    ]);
  });
});
