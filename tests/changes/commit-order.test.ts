// The change feed in commit order: a change's id is handed out when it is written, but it is seen when its
// transaction commits. A long transaction (an import) beside short API writes must not let a partner's `next_since`
// pass changes still to come: every change is seen, once, each entry's in the order they were made.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp, testSearchOptions } from '../setup/app.js';
import { withContractCheck } from '../setup/contract.js';
import { createSite } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  send = await writer(app, db);
});

type Change = { id: number; position: number; entity_kind: string; entity_id: string; action: string };
type Page = { data: Change[]; next_since: number; has_more: boolean };

/**
 * A request retried as a client does on a 503 (on this shared machine the database's watch may time out a probe
 * under load); `done` says which other answer means the request already took effect (one whose 503 came late).
 */
async function retried<R extends { statusCode: number }>(request: () => Promise<R>, done = (_: R) => false) {
  for (let attempt = 1; ; attempt++) {
    const response = await request();
    if (response.statusCode !== 503 || attempt === 10) return { response, again: attempt > 1 && done(response) };
    await sleep(200);
  }
}

async function page(from: App, since: number): Promise<Page> {
  const { response } = await retried(() => from.inject({ method: 'GET', url: `/v1/changes?since=${since}&limit=100` }));
  expect(response.statusCode).toBe(200);
  return response.json();
}

/**
 * Reads the feed from `since` to its end, as README says: `next_since` back as `since` while `has_more`; of several
 * API processes, each page from the next one (a `next_since` one answered is taken by the other at once).
 */
async function readToEnd(from: App | App[], since: number): Promise<{ changes: Change[]; since: number }> {
  const changes: Change[] = [];
  const processes = [from].flat();
  for (let n = 0; ; n++) {
    const p = await page(processes[n % processes.length]!, since);
    changes.push(...p.data);
    since = p.next_since;
    if (!p.has_more) return { changes, since };
  }
}

/** A transaction held open: `work` runs in it, then it waits for `commit()`; `done` settles once it has committed. */
function openTransaction(work: (tx: Db) => Promise<void>) {
  let commit!: () => void;
  const released = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let ready!: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = db.transaction(async (tx) => {
    await work(tx as unknown as Db);
    ready();
    await released;
  });
  return { started: Promise.race([started, done]), commit, done };
}

const citation = { source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'IPG Contacts Services' };

/** Creates the site `id` through the API. */
async function apiCreate(id: string, name: string): Promise<string> {
  const body = { id, name, commune: 'Nevers', status: 'open', citations: [citation] };
  const { response, again } = await retried(
    () => send('POST', '/v1/sites', body),
    (r) => r.statusCode === 409,
  );
  if (response.statusCode !== 201 && !again) throw new Error(`POST /v1/sites answered ${response.statusCode}`);
  return id;
}

/** Changes the site `id`, at version 1, through the API. */
async function apiUpdate(id: string) {
  const { response, again } = await retried(
    () => send('PATCH', `/v1/sites/${id}`, { status: 'planned', citations: [citation] }, { 'if-match': '"v1"' }),
    (r) => r.statusCode === 412,
  );
  if (response.statusCode !== 200 && !again) throw new Error(`PATCH ${id} answered ${response.statusCode}`);
}

describe('GET /v1/changes beside a long transaction', () => {
  it('never hands out a next_since past a change still to commit; once it commits, it comes first', async () => {
    const start = (await readToEnd(app, 0)).since;
    const importing = openTransaction(async (tx) => {
      await createSite(tx, { id: 'import-sequoia', name: 'Import Séquoia' });
    });
    await importing.started;
    const written = await apiCreate('ecrit-pendant-import', 'Écrit Pendant Import');

    // The API's write has a larger id than the import's and is committed; the import's is not: nothing is told yet.
    expect(await page(app, start)).toEqual({ data: [], next_since: start, has_more: false });
    // The feed ends at `start` until they get their positions: a since beyond it is refused (it would pass them).
    const beyond = await app.inject({ method: 'GET', url: `/v1/changes?since=${start + 1}` });
    expect([beyond.statusCode, beyond.json().errors]).toEqual([
      400,
      [
        {
          in: 'query',
          name: 'since',
          message: `is beyond the end of the feed (${start}): must be a next_since this endpoint returned`,
        },
      ],
    ]);

    importing.commit();
    await importing.done;
    // Both, the import's first (a transaction elsewhere on the server may hold them back a moment: poll).
    let after = await page(app, start);
    for (let n = 0; after.data.length < 2 && n < 100; n++) {
      await sleep(100);
      after = await page(app, start);
    }
    expect(after.data.map((c) => [c.entity_id, c.action])).toEqual([
      ['import-sequoia', 'create'],
      [written, 'create'],
    ]);
    expect(after.data[0]!.id).toBeLessThan(after.data[1]!.id);
    expect(after.next_since).toBe(after.data[1]!.position);
    expect(after.data[1]!.position).toBe(after.data[0]!.position + 1);
    expect(after.data[0]!.position).toBeGreaterThan(start);
    expect(await page(app, after.next_since)).toEqual({ data: [], next_since: after.next_since, has_more: false });
  });

  it('gives two partners on two API processes every change of concurrent writers, once, in one order', async () => {
    const other = withContractCheck(await buildApp({ databaseUrl, logLevel: 'silent', search: testSearchOptions() }));
    await other.ready();
    try {
      const start = (await readToEnd(app, 0)).since;
      const [highest] = await db.execute<{ top: string }>(sql`select coalesce(max(id), 0)::text as top from changes`);
      const top = highest!.top;
      // The « import »: 60 sites in one transaction, written while the API writes, committed after them.
      const importing = openTransaction(async (tx) => {
        for (let n = 0; n < 60; n++) {
          await createSite(tx, { id: `import-bulk-${n}`, name: `Import Lot ${n}` });
          if (n % 10 === 0) await sleep(5);
        }
      });
      // Three writers through the API: each creates a site and changes it, 30 times.
      let writing = true;
      const writers = Promise.all(
        [0, 1, 2].map(async (w) => {
          for (let n = 0; n < 30; n++) {
            await apiUpdate(await apiCreate(`ecrit-${w}-${n}`, `Écrit ${w} Numéro ${n}`));
          }
        }),
      ).finally(() => {
        writing = false;
      });
      // Three partners, one per API process and one reading its pages from each in turn, polling all along.
      const follow = async (from: App | App[]) => {
        const seen: Change[] = [];
        let since = start;
        for (;;) {
          const busy = writing;
          const read = await readToEnd(from, since);
          seen.push(...read.changes);
          since = read.since;
          if (!busy && !read.changes.length) return { from, seen, since };
          await sleep(5);
        }
      };
      const partners = [follow(app), follow(other), follow([other, app])];
      await writers;
      importing.commit();
      await importing.done;
      // Caught up once every change is positioned: a partner stops at a read that finds nothing after the writes.
      const expected = [
        ...(await db.execute<{ id: string }>(
          sql`select c.id::text as id from changes c where c.id > ${top} order by c.id`,
        )),
      ].map((r) => Number(r.id));
      expect(expected).toHaveLength(60 + 3 * 30 * 2);
      // Then as a partner does: reading on from its `next_since` (a transaction elsewhere may hold them back a moment).
      const followed = await Promise.all(partners);
      for (let n = 0; followed.some((f) => f.seen.length < expected.length) && n < 50; n++) {
        await sleep(100);
        for (const f of followed) {
          const read = await readToEnd(f.from, f.since);
          f.seen.push(...read.changes);
          f.since = read.since;
        }
      }
      const seen = followed.map((f) => f.seen);
      for (const changes of seen) {
        // Every change, once.
        expect(changes.map((c) => c.id).sort((a, b) => a - b)).toEqual(expected);
        // In the order of their positions, which grow by one.
        const positions = changes.map((c) => c.position);
        expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
        // Each entry's changes in the order they were made: a create before its update.
        const byEntry = new Map<string, string[]>();
        for (const c of changes) byEntry.set(c.entity_id, [...(byEntry.get(c.entity_id) ?? []), c.action]);
        for (const [entry, actions] of byEntry) {
          expect([entry, actions]).toEqual([
            entry,
            entry.startsWith('import-bulk-') ? ['create'] : ['create', 'update'],
          ]);
        }
        // The import's changes come together, after the API's that were committed before it.
        const imported = changes.flatMap((c, i) => (c.entity_id.startsWith('import-bulk-') ? [i] : []));
        expect(imported).toEqual(imported.map((_, i) => imported[0]! + i));
      }
      expect(seen[1]!.map((c) => c.id)).toEqual(seen[0]!.map((c) => c.id));
      expect(seen[2]!.map((c) => c.id)).toEqual(seen[0]!.map((c) => c.id));
    } finally {
      await other.close();
    }
  });
});
