// The change feed: every write in order, resumable, deletes as tombstones; and a
// partner keeping a copy: replaying the feed into an empty database gives the
// same data as the directory's.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { getJson, testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';
import { feedCaughtUp } from '../setup/feed.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
  // The feed must hold a tombstone, and the seed has none: delete one site.
  const gone = (await send('POST', '/v1/sites', newSite({ name: 'Plateau Éphémère', commune: 'Bourges' }))).json();
  const deleted = await send('DELETE', `/v1/sites/${gone.id}`, undefined, { 'if-match': '"v1"' });
  if (deleted.statusCode !== 204) throw new Error(`setup: deleting ${gone.id} answered ${deleted.statusCode}`);
  await feedCaughtUp(app, db);
});

const tables = {
  site: 'sites',
  operator: 'operators',
  club: 'clubs',
  mandataire: 'mandataires',
  proceeding: 'proceedings',
} as const;
const citation = {
  source: 'en-contact-2017-04-26-fin-de-partie-ipg',
  quote: 'IPG Contacts Services est une deuxième entité',
};
const newSite = (overrides: Record<string, unknown> = {}) => ({
  name: 'IPG Contacts Services Orléans',
  operator: 'ipg-contacts-services',
  commune: 'Orléans',
  status: 'open',
  citations: [{ ...citation, fields: ['name'] }],
  ...overrides,
});

/** Applies one change of the feed to a copy: upsert the state after, or delete. */
async function apply(
  copy: Db,
  change: { entity_kind: string; entity_id: string; action: string; after: Record<string, unknown> | null },
) {
  const table = tables[change.entity_kind as keyof typeof tables];
  if (!table) return;
  if (change.action === 'delete' || change.action === 'merge') {
    await copy.execute(sql`delete from ${sql.identifier(table)} where id = ${change.entity_id}`);
    return;
  }
  await copy.execute(sql`
    insert into ${sql.identifier(table)} select * from jsonb_populate_record(null::${sql.identifier(table)}, ${JSON.stringify(change.after)}::jsonb)
    on conflict (id) do update set ${sql.raw(
      Object.keys(change.after!)
        .map((c) => `"${c}" = excluded."${c}"`)
        .join(', '),
    )}`);
}

async function rows(database: Db, table: string) {
  return [...(await database.execute(sql`select * from ${sql.identifier(table)} order by id`))].map((r) =>
    JSON.parse(JSON.stringify(r)),
  );
}

describe('GET /v1/changes', () => {
  it('replays every change in order, resumable from a cursor, with deletes as tombstones', async () => {
    const all: { id: number; entity_kind: string; entity_id: string; action: string; after: unknown }[] = [];
    let since: string | undefined;
    for (;;) {
      const page = await getJson(app, `/v1/changes?limit=100${since ? `&since=${since}` : ''}`);
      expect(page.status).toBe(200);
      all.push(...page.body.data);
      if (!page.body.has_more) {
        since = page.body.next_since;
        break;
      }
      since = page.body.next_since;
    }
    const ids = all.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The seed: one creation per entry.
    expect(
      all.filter((c) => c.action === 'create' && (c as unknown as { actor: string }).actor === 'seed'),
    ).toHaveLength(66);
    const deletes = all.filter((c) => c.action === 'delete');
    expect(deletes.length).toBeGreaterThan(0);
    for (const d of deletes) expect(d.after).toBeNull();

    // Nothing new: the same cursor comes back, with no data.
    const idle = await getJson(app, `/v1/changes?since=${since}`);
    expect(idle.body).toEqual({ data: [], next_since: since, has_more: false });
    // A new change appears after it.
    await send('POST', '/v1/sites', newSite({ name: 'Plateau Nevers', commune: 'Nevers' }));
    await feedCaughtUp(app, db);
    const next = await getJson(app, `/v1/changes?since=${since}`);
    expect(next.body.data).toEqual([
      expect.objectContaining({ entity_kind: 'site', action: 'create', actor: 'Rédaction test' }),
    ]);
  });

  it('refuses a cursor that is not one', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/changes?since=abc' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'query', name: 'since', message: 'must be a cursor returned by this endpoint (digits)' },
    ]);
  });

  it('never answers a next_since it then refuses, nor one beyond the end of the feed: such a since is a 400', async () => {
    // The end of the feed: the next_since of its last page, taken back as is, with nothing new.
    let end = 0;
    for (let page = await getJson(app, '/v1/changes?limit=100'); ; ) {
      end = page.body.next_since;
      if (!page.body.has_more) break;
      page = await getJson(app, `/v1/changes?limit=100&since=${end}`);
    }
    expect(end).toBeGreaterThan(66);
    expect((await getJson(app, `/v1/changes?since=${end}`)).body).toEqual({
      data: [],
      next_since: end,
      has_more: false,
    });
    // Beyond it: never returned, and it would pass the changes still to come up to it (once answered 200 with itself
    // as next_since, so that a partner storing it skipped every change made until the feed reached it).
    const beyond = {
      in: 'query',
      name: 'since',
      message: `is beyond the end of the feed (${end}): must be a next_since this endpoint returned`,
    };
    for (const since of [String(end + 1), String(end + 1000), '999999999', String(Number.MAX_SAFE_INTEGER)]) {
      const response = await app.inject({ method: 'GET', url: `/v1/changes?since=${since}&limit=1` });
      expect([since, response.statusCode, response.headers['content-type'], response.json().errors]).toEqual([
        since,
        400,
        'application/problem+json; charset=utf-8',
        [beyond],
      ]);
    }
    // A since beyond what the feed takes at all, and one of 19 digits (once a next_since then refused).
    for (const since of [String(Number.MAX_SAFE_INTEGER + 1), '999999999999999999', '1000000000000000000']) {
      const response = await app.inject({ method: 'GET', url: `/v1/changes?since=${since}` });
      expect([since, response.statusCode, response.json().errors]).toEqual([
        since,
        400,
        [{ in: 'query', name: 'since', message: 'must be a cursor returned by this endpoint (digits)' }],
      ]);
    }
    // A new change: the end moves on, the next_since held is still taken, and gives it.
    await send('POST', '/v1/sites', newSite({ name: 'Plateau Vierzon', commune: 'Vierzon' }));
    await feedCaughtUp(app, db);
    const next = await getJson(app, `/v1/changes?since=${end}`);
    expect(next.body).toMatchObject({ next_since: end + 1, has_more: false });
    expect(next.body.data).toEqual([expect.objectContaining({ position: end + 1, action: 'create' })]);
  });
});

describe('the change feed', () => {
  it('replayed into an empty database gives the same entries of every kind', async () => {
    // Some writes on top of the seed: a create, an update, a delete.
    const created = (
      await send('POST', '/v1/sites', {
        name: 'Plateau Réplique',
        commune: 'Tours',
        operator: 'koramic',
        citations: [citation],
      })
    ).json();
    expect(
      (
        await send(
          'PATCH',
          `/v1/sites/${created.id}`,
          { status: 'planned', citations: [citation] },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(200);
    const op = (await send('POST', '/v1/operators', { name: 'Éphémère Réplique', citations: [citation] })).json();
    expect((await send('DELETE', `/v1/operators/${op.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
    const club = (
      await send('POST', '/v1/clubs', {
        name: 'Club Réplique',
        kind: 'cluster',
        region: 'Lorraine',
        citations: [citation],
      })
    ).json();
    expect(
      (await send('PATCH', `/v1/clubs/${club.id}`, { member_count: 40, citations: [citation] }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await send('POST', '/v1/mandataires', {
          name: 'Étude Réplique',
          kind: 'firm',
          phone: '01 23 45 67 89',
          citations: [citation],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await send('POST', '/v1/proceedings', {
          company_name: 'Réplique SA',
          kind: 'sauvegarde',
          citations: [citation],
        })
      ).statusCode,
    ).toBe(201);

    await feedCaughtUp(app, db);
    const { url, database: copy } = await testDatabase({ empty: true });
    await runMigrations(url);
    // A partner's copy holds the rows; references between them are its own business.
    await copy.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      let since = '0';
      for (;;) {
        const page = await getJson(app, `/v1/changes?since=${since}&limit=100`);
        for (const change of page.body.data) await apply(tx as unknown as Db, change);
        since = page.body.next_since;
        if (!page.body.has_more) break;
      }
    });
    for (const table of Object.values(tables)) {
      expect(await rows(copy.db, table), table).toEqual(await rows(db, table));
    }
  });
});
