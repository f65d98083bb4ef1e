// A partner keeping a copy: replaying the change feed into an empty database
// gives the same data as the directory's.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { getJson, testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db, 'Partenaire test');
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
