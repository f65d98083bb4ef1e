// The index follows Postgres through the outbox; when Meilisearch is down,
// search answers from Postgres and nothing written meanwhile is lost.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { operators, searchIndexState, sites } from '../../src/db/schema/index.js';
import { isValidSiret } from '../../src/domain/identifiers.js';
import { Indexer } from '../../src/search/indexer.js';
import { recordChanges } from '../../src/search/outbox.js';
import { settingsHash } from '../../src/search/settings.js';
import {
  affectedParameters,
  affectedStatement,
  deleteAbandonedBuildsUnlessLocked,
  drainOutboxOnce,
  indexerConnection,
  maxAttempts,
  needsRebuild,
  rebuildIndex,
  withIndexerLock,
} from '../../src/search/sync.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';
import { createOperator, createSite, uniqueId } from '../setup/factories.js';

let app: App;
let db: Db;
let offline: App;
let databaseUrl: string;

beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  // The same database and index name, with Meilisearch unreachable.
  offline = await offlineApp(app, databaseUrl);
});
afterAll(() => offline.close());

/** A write through the write envelope: the row and its outbox event in one transaction. */
async function writeSite(name: string) {
  return createSite(db, { name });
}

describe('when Meilisearch is down', () => {
  it.each([
    ['mediametrie', 'site:mediametrie-amiens'],
    ['Helene Bourbouloux', 'mandataire:helene-bourbouloux'],
    ['bourboulou', 'mandataire:helene-bourbouloux'],
    ['teleperformence', 'operator:teleperformance'],
    ['Vendome', 'site:ipg-contacts-services-vendome'],
    ['0800 942 564', 'mandataire:cnajmj'],
    ['5 a sec', 'proceeding:5asec-en-difficulte-2020'],
    ['Hub Retail', 'club:hub-retail'],
    ["centre d'appels Picardie", 'site:keyyo-abbeville'],
    // A name inside a sentence, however long.
    ['plateau société IPG installé plusieurs années commune Vendôme', 'site:ipg-contacts-services-vendome'],
    ['plateau société IPG installé plusieurs années commune Vendôme depuis', 'site:ipg-contacts-services-vendome'],
    [
      'plateau société IPG installé depuis plusieurs années dans la commune de Vendôme',
      'site:ipg-contacts-services-vendome',
    ],
    // Two entries named: both found.
    ['Teleperformance Webhelp', 'operator:teleperformance'],
    ['Teleperformance Webhelp', 'operator:webhelp'],
    ['Keyyo Mavic', 'operator:keyyo'],
    ['Keyyo Mavic', 'proceeding:mavic-en-difficulte-2020'],
    // The names attached to an entry.
    ['Partenord', 'site:ipg-roubaix'],
    ['Spartoo', 'club:hub-retail'],
    ['Aldev', 'club:club-angers'],
    ['Daniel Julien', 'operator:teleperformance'],
    // A phone number in any writing.
    ['+33 (0)8 00 94 25 64', 'mandataire:cnajmj'],
    ['0033 800 942 564', 'mandataire:cnajmj'],
    ['08.00.94.25.64', 'mandataire:cnajmj'],
  ])('search answers %s from Postgres, marked degraded', async (q, expected) => {
    const { status, body } = await getJson(offline, `/v1/search?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.degraded).toBe(true);
    expect(hitIds(body)).toContain(expected);
  });

  it.each(['Mavic" OR kind = "site', "l'étude \\ Meynet", 'a) OR (b', '呼叫中心', '"; DROP TABLE sites; --'])(
    'searches %s literally, without a server error',
    async (q) => {
      const { status, body } = await getJson(offline, `/v1/search?q=${encodeURIComponent(q)}&facets=kind`);
      expect(status).toBe(200);
      expect(body.degraded).toBe(true);
    },
  );

  it.each(['%_', '!!!', ':*'])('refuses %s, which holds no letter or digit, naming q (no server error)', async (q) => {
    const { status, body } = await getJson(offline, `/v1/search?q=${encodeURIComponent(q)}&facets=kind`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ in: 'query', name: 'q', message: 'must contain a letter or digit' }]);
  });

  it('keeps the response shape and counts facets in SQL, equal to the engine’s', async () => {
    const query = '/v1/search?kind=site&facets=region,status&limit=5&sort=name';
    const degraded = await getJson(offline, query);
    const live = await getJson(app, query);
    expect(degraded.status).toBe(200);
    expect(Object.keys(degraded.body).sort()).toEqual(Object.keys(live.body).sort());
    expect(degraded.body.degraded).toBe(true);
    expect(live.body.degraded).toBe(false);
    expect(degraded.body.total).toBe(live.body.total);
    expect(degraded.body.facets).toEqual(live.body.facets);
    expect(hitIds(degraded.body)).toEqual(hitIds(live.body));
  });

  it('answers a list’s q from Postgres too', async () => {
    const { status, body } = await getJson(offline, '/v1/sites?q=amiens&facets=status');
    expect(status).toBe(200);
    expect(body.degraded).toBe(true);
    expect(body.total).toBe(4);
    expect(body.facets.status).toEqual([{ value: 'open', count: 4 }]);
  });

  it('says so in /ready without becoming unready', async () => {
    const { status, body } = await getJson(offline, '/ready');
    expect(status).toBe(200);
    expect(body.checks.search.status).toBe('down');
  });

  it('keeps every change in the outbox, and the index catches up when it returns', async () => {
    const site = await writeSite('Plateau de Tourcoing Nouvelle Vague');
    await expect(offline.directorySearch.indexer.runOnce()).rejects.toThrow();
    const connection = indexerConnection(databaseUrl);
    try {
      await expect(drainOutboxOnce(connection, offline.directorySearch.engine)).rejects.toThrow();
    } finally {
      await connection.close();
    }
    const [waiting] = await db.execute<{ attempts: number; processed_at: Date | null; last_error: string | null }>(
      sql`select attempts, processed_at, last_error from search_outbox where entity_id = ${site.id}`,
    );
    // Meilisearch down is not the event's fault: its failure is noted, but not counted towards parking it.
    expect(waiting).toMatchObject({ attempts: 0, processed_at: null, last_error: expect.any(String) });
    expect((await getJson(offline, '/ready')).body.checks.search.outbox_pending).toBeGreaterThan(0);

    expect(await app.directorySearch.indexer.runOnce()).toBeGreaterThan(0);
    const found = await getJson(app, '/v1/search?q=Tourcoing%20Nouvelle%20Vague');
    expect(found.body.degraded).toBe(false);
    expect(hitIds(found.body)).toContain(`site:${site.id}`);
    expect((await getJson(app, '/ready')).body.checks.search.outbox_pending).toBe(0);
  });
});

describe('the outbox indexer', () => {
  it('removes a deleted entry from the index', async () => {
    const site = await writeSite('Plateau éphémère de Quimper');
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=éphémère%20Quimper')).body)).toContain(`site:${site.id}`);
    await db.transaction(async (tx) => {
      await tx.delete(sites).where(eq(sites.id, site.id));
      await recordChanges(tx as unknown as Db, 'site', [site.id]);
    });
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=éphémère%20Quimper')).body)).not.toContain(`site:${site.id}`);
  });

  it('refreshes the sites of an operator that changed name', async () => {
    const newName = `Opérateur Renommé ${uniqueId('x')}`;
    await db.transaction(async (tx) => {
      await tx.update(operators).set({ name: newName }).where(eq(operators.id, 'comdata'));
      await recordChanges(tx as unknown as Db, 'operator', ['comdata']);
    });
    await app.directorySearch.indexer.runOnce();
    const { body } = await getJson(app, `/v1/search?q=${encodeURIComponent(newName)}&kind=site`);
    expect(hitIds(body)).toEqual(['site:comdata-amiens']);
  });

  it('refreshes the proceedings of a practitioner that changed name', async () => {
    const id = uniqueId('maitre');
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into mandataires (id, name, kind) values (${id}, 'Maître Provisoire', 'practitioner')`,
      );
      await tx.execute(sql`
        insert into proceeding_practitioners (proceeding_id, mandataire_id, source_id, quote)
        values ('presstalis-en-difficulte-2020', ${id},
                'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels', 'Presstalis')`);
      await recordChanges(tx as unknown as Db, 'proceeding', ['presstalis-en-difficulte-2020']);
    });
    await app.directorySearch.indexer.runOnce();
    await db.transaction(async (tx) => {
      await tx.execute(sql`update mandataires set name = 'Maître Rebaptisée' where id = ${id}`);
      await recordChanges(tx as unknown as Db, 'mandataire', [id]);
    });
    await app.directorySearch.indexer.runOnce();
    const { body } = await getJson(app, '/v1/search?q=Rebaptis%C3%A9e&kind=proceeding');
    expect(hitIds(body)).toEqual(['proceeding:presstalis-en-difficulte-2020']);
    // Leave the seed's practitioners as they were for the tests that count them.
    await db.transaction(async (tx) => {
      await tx.execute(sql`delete from mandataires where id = ${id}`);
      await recordChanges(tx as unknown as Db, 'mandataire', [id]);
      await recordChanges(tx as unknown as Db, 'proceeding', ['presstalis-en-difficulte-2020']);
    });
    await app.directorySearch.indexer.runOnce();
  });

  it('refreshes the proceedings whose acquirer changed name', async () => {
    // A proceeding's names (`people`) hold its acquirer's: renaming the acquirer must reach the proceeding.
    const acquirer = await createOperator(db, { name: 'Repreneur Provisoire' });
    await db.transaction(async (tx) => {
      await tx.execute(sql`update proceedings set acquirer_id = ${acquirer.id} where id = 'mavic-en-difficulte-2020'`);
      await recordChanges(tx as unknown as Db, 'proceeding', ['mavic-en-difficulte-2020']);
    });
    await app.directorySearch.indexer.runOnce();
    const newName = `Repreneur Zéphyrin ${uniqueId('x')}`;
    await db.transaction(async (tx) => {
      await tx.update(operators).set({ name: newName }).where(eq(operators.id, acquirer.id));
      await recordChanges(tx as unknown as Db, 'operator', [acquirer.id]);
    });
    await app.directorySearch.indexer.runOnce();
    const { body } = await getJson(app, `/v1/search?q=${encodeURIComponent(newName)}&kind=proceeding`);
    expect(hitIds(body)).toEqual(['proceeding:mavic-en-difficulte-2020']);
    // Leave the seed's proceeding as it was for the tests that read it.
    await db.transaction(async (tx) => {
      await tx.execute(sql`update proceedings set acquirer_id = null where id = 'mavic-en-difficulte-2020'`);
      await recordChanges(tx as unknown as Db, 'proceeding', ['mavic-en-difficulte-2020']);
    });
    await app.directorySearch.indexer.runOnce();
  });

  it('refreshes exactly the entries that show a changed entry: subsidiaries, a firm’s members and their proceedings', async () => {
    // Made in a transaction rolled back at the end: the seed is left as it was.
    const rolledBack = new Error('rolled back');
    const connection = indexerConnection(databaseUrl);
    const refreshed: Record<string, string[]> = {};
    try {
      await connection.sql
        .begin(async (tx) => {
          await tx`insert into operators (id, name, kind, parent_id) values
                     ('groupe-t', 'Groupe T', 'group', null), ('filiale-t', 'Filiale T', 'outsourcer', 'groupe-t')`;
          await tx`insert into sites (id, name, operator_id, country) values ('site-t', 'Site T', 'filiale-t', 'FR')`;
          await tx`insert into mandataires (id, name, kind, firm_id) values
                     ('etude-t', 'Étude T', 'firm', null), ('maitre-t', 'Maître T', 'practitioner', 'etude-t')`;
          await tx`insert into proceeding_practitioners (proceeding_id, mandataire_id, source_id, quote)
                   values ('presstalis-en-difficulte-2020', 'maitre-t',
                           'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels', 'Presstalis')`;
          const batches: [string, string][] = [
            ['operator', 'groupe-t'],
            ['operator', 'filiale-t'],
            ['mandataire', 'etude-t'],
            ['mandataire', 'maitre-t'],
            ['proceeding', 'presstalis-en-difficulte-2020'],
          ];
          for (const [kind, id] of batches) {
            const rows = await tx.unsafe<{ target_uid: string }[]>(
              affectedStatement,
              affectedParameters([{ entity_kind: kind, entity_id: id }]),
            );
            refreshed[`${kind}:${id}`] = rows.map((r) => r.target_uid).sort();
          }
          throw rolledBack;
        })
        .catch((error: unknown) => {
          if (error !== rolledBack) throw error;
        });
    } finally {
      await connection.close();
    }
    expect(refreshed).toEqual({
      // A group's name is its subsidiaries' `operator_name`; a subsidiary's, its sites'.
      'operator:groupe-t': ['operator_filiale-t', 'operator_groupe-t'],
      'operator:filiale-t': ['operator_filiale-t', 'site_site-t'],
      // A firm's name is its members'; its id is in its members' proceedings' `mandataire_ids`.
      'mandataire:etude-t': ['mandataire_etude-t', 'mandataire_maitre-t', 'proceeding_presstalis-en-difficulte-2020'],
      'mandataire:maitre-t': ['mandataire_maitre-t', 'proceeding_presstalis-en-difficulte-2020'],
      // A proceeding's practitioners (and their firm) hold its roles.
      'proceeding:presstalis-en-difficulte-2020': [
        'mandataire_etude-t',
        'mandataire_maitre-t',
        'proceeding_presstalis-en-difficulte-2020',
      ],
    });
  });

  it('lets one process drain a batch at a time', async () => {
    await writeSite('Plateau de Lens');
    const a = indexerConnection(databaseUrl);
    const b = indexerConnection(databaseUrl);
    try {
      const counts = await Promise.all([
        drainOutboxOnce(a, app.directorySearch.engine),
        drainOutboxOnce(b, app.directorySearch.engine),
      ]);
      expect(counts.sort()).toEqual([0, 1]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('holds its lock on a connection the pool never closes for idleness or age, for passes of any length', async () => {
    // The API's other pools close a connection after a minute idle and renew it after half an hour: a lock held
    // by such a connection would be released under a long pass (a rebuild waiting on Meilisearch). The indexer's
    // pool has one connection and neither timer (postgres.js: 0 turns a timer off).
    const connection = indexerConnection(databaseUrl);
    const other = indexerConnection(databaseUrl);
    try {
      expect(connection.sql.options).toMatchObject({ max: 1, idle_timeout: 0, max_lifetime: 0 });
      const meanwhile = await withIndexerLock(connection, false, async (work) => {
        await work.execute(sql`select 1`);
        return withIndexerLock(other, false, async () => 'taken by another');
      });
      expect(meanwhile).toBeNull();
      // Released at the end of the pass: the next one takes it.
      expect(await withIndexerLock(other, false, async () => 'taken')).toBe('taken');
    } finally {
      await connection.close();
      await other.close();
    }
  });
});

describe('rebuilding the index', () => {
  it('swaps in a fresh index while searches keep answering', async () => {
    const connection = indexerConnection(databaseUrl);
    try {
      const rebuilding = rebuildIndex(connection, app.directorySearch.engine);
      const during: boolean[] = [];
      let done = false;
      void rebuilding.finally(() => (done = true));
      while (!done) {
        const r = await getJson(app, '/v1/search?q=teleperformance');
        during.push(r.status === 200 && !r.body.degraded && hitIds(r.body).includes('operator:teleperformance'));
      }
      const result = await rebuilding;
      expect(during.length).toBeGreaterThan(0);
      expect(during.every(Boolean)).toBe(true);
      const [{ n }] = (await db.execute<{ n: number }>(
        sql`select count(*)::int as n from search_entries`,
      )) as unknown as [{ n: number }];
      expect(result.documents).toBe(n);
      expect(await app.directorySearch.engine.documentCount(app.directorySearch.engine.indexName)).toBe(n);
      const indexes = await app.directorySearch.engine.client.getIndexes({ limit: 1000 });
      expect(indexes.results.filter((i) => i.uid.startsWith(`${app.directorySearch.engine.indexName}_build_`))).toEqual(
        [],
      );
    } finally {
      await connection.close();
    }
  });

  it('counts the changes its snapshot read as applied: none is sent again after the swap', async () => {
    const site = await writeSite('Plateau de Guingamp Relu');
    const pending = sql`select count(*)::int as n from search_outbox where processed_at is null`;
    const [before] = await db.execute<{ n: number }>(pending);
    expect(before?.n).toBeGreaterThan(0);
    const connection = indexerConnection(databaseUrl);
    try {
      await rebuildIndex(connection, app.directorySearch.engine);
      expect(await drainOutboxOnce(connection, app.directorySearch.engine)).toBe(0);
    } finally {
      await connection.close();
    }
    const [after] = await db.execute<{ n: number }>(pending);
    expect(after?.n).toBe(0);
    const found = await getJson(app, '/v1/search?q=Guingamp%20Relu');
    expect(hitIds(found.body)).toContain(`site:${site.id}`);
  });

  it('deletes the indexes of rebuilds that died, never that of a rebuild running in another process', async () => {
    // verify32 fault 01: a reindex killed (SIGKILL, out of memory) left its build index for ever.
    const { engine } = app.directorySearch;
    const name = engine.indexName;
    const uids = async () =>
      (await engine.client.getIndexes({ limit: 1000 })).results.map((i) => i.uid).filter((uid) => uid.startsWith(name));
    // Died after making its index; died with documents queued for an index not made yet; not a build of this index.
    await engine.createIndex(`${name}_build_1`);
    await engine.client.index(`${name}_build_2`).addDocuments([{ uid: 'site_x' }], { primaryKey: 'uid' });
    await engine.settle(engine.client.createIndex(`${name}_build_old`));
    const running = indexerConnection(databaseUrl);
    const api = indexerConnection(databaseUrl);
    try {
      // A rebuild under way elsewhere holds the lock: nothing is deleted.
      const meanwhile = await withIndexerLock(running, false, async () => {
        await engine.createIndex(`${name}_build_3`);
        return deleteAbandonedBuildsUnlessLocked(api, engine);
      });
      expect(meanwhile).toBeNull();
      expect(await uids()).toContain(`${name}_build_3`);
      // Its process gone (the lock released with it), its index is abandoned too.
      expect(await deleteAbandonedBuildsUnlessLocked(api, engine)).toEqual([
        `${name}_build_1`,
        `${name}_build_2`,
        `${name}_build_3`,
      ]);
      expect((await uids()).sort()).toEqual([name, `${name}_build_old`]);
      expect(await deleteAbandonedBuildsUnlessLocked(api, engine)).toEqual([]);
    } finally {
      await engine.settle(engine.client.deleteIndex(`${name}_build_old`));
      await running.close();
      await api.close();
    }
  });

  it('is needed when the index was built with other settings', async () => {
    const { engine } = app.directorySearch;
    expect(await needsRebuild(db, engine)).toBe(false);
    await db
      .update(searchIndexState)
      .set({ settings_hash: 'older' })
      .where(eq(searchIndexState.index_name, engine.indexName));
    expect(await needsRebuild(db, engine)).toBe(true);
  });
});

describe('the PostgreSQL fallback understands the press too', () => {
  it('finds centres d’appels when asked for a call center', async () => {
    const { body } = await getJson(offline, '/v1/search?q=call%20center%20picardie&kind=site&limit=100');
    expect(body.degraded).toBe(true);
    // Earlier tests of this file add sites in Amiens, in former Picardie too.
    expect(hitIds(body)).toEqual(
      expect.arrayContaining([
        'site:callweb-amiens',
        'site:comdata-amiens',
        'site:coriolis-service-amiens',
        'site:keyyo-abbeville',
        'site:mediametrie-amiens',
      ]),
    );
    expect(hitIds(body)).not.toContain('site:ipg-roubaix');
    const picardie = await getJson(offline, '/v1/search?kind=site&region=Picardie&limit=100');
    expect(body.total).toBe(picardie.body.total);
  });

  it('refuses a query without words (not a search of everything), and sorts names in French', async () => {
    const refused = await getJson(offline, '/v1/search?q=%22!()&kind=mandataire&sort=name');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ in: 'query', name: 'q', message: 'must contain a letter or digit' }]);
    const { body } = await getJson(offline, '/v1/search?kind=mandataire&sort=name');
    expect(body.total).toBe(5);
    expect(body.data.map((h: { name: string }) => h.name)).toEqual([
      'Abitbol',
      'CNAJMJ — Conseil national des administrateurs et mandataires judiciaires',
      'Étude Meynet',
      'Hélène Bourbouloux',
      'Rousselet',
    ]);
  });

  it('refuses a NUL in q, as in any parameter, before PostgreSQL sees it', async () => {
    const { status, body } = await getJson(offline, '/v1/search?q=a%00b');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ in: 'query', name: 'q', message: 'must not contain the NUL character' }]);
  });
});

describe('when Meilisearch is down, what is typed', () => {
  it('puts the entry holding every word first, and a long query keeps it in the first hits', async () => {
    const first = await getJson(offline, `/v1/search?q=${encodeURIComponent('IPG Vendôme')}`);
    expect(hitIds(first.body)[0]).toBe('site:ipg-contacts-services-vendome');
    const long = 'plateau société IPG installé depuis plusieurs années dans la commune de Vendôme';
    const sentence = await getJson(offline, `/v1/search?q=${encodeURIComponent(long)}`);
    expect(hitIds(sentence.body).slice(0, 5)).toContain('site:ipg-contacts-services-vendome');
  });

  it('answers a La Poste SIRET with that establishment alone, and a SIRET of nothing with nothing', async () => {
    const sirets: string[] = [];
    for (let nic = 1; sirets.length < 7; nic++) {
      const siret = `356000000${String(nic).padStart(5, '0')}`;
      if (isValidSiret(siret)) sirets.push(siret);
    }
    const [absent, ...used] = sirets as [string, ...string[]];
    const sites = [];
    for (const siret of used) sites.push(await createSite(db, { name: `La Poste ${siret.slice(9)}`, siret }));
    for (const site of sites) {
      const spaced = `${site.siret!.slice(0, 9).replace(/(\d{3})(?=\d)/g, '$1 ')} ${site.siret!.slice(9)}`;
      const { body } = await getJson(offline, `/v1/search?q=${encodeURIComponent(spaced)}`);
      expect(body.degraded).toBe(true);
      expect(hitIds(body), spaced).toEqual([`site:${site.id}`]);
    }
    expect((await getJson(offline, `/v1/search?q=${absent}`)).body.total).toBe(0);
  });
});

describe('the indexer stopping at shutdown (verify44 fault 05)', () => {
  it('returns within its bound while a rebuild under way hangs, logging what was left', async () => {
    const { engine } = app.directorySearch;
    const connection = indexerConnection(databaseUrl);
    const logged: { level: string; obj: object; msg: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => logged.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg: string) => logged.push({ level: 'warn', obj, msg }),
      error: (obj: object, msg: string) => logged.push({ level: 'error', obj, msg }),
    };
    const indexer = new Indexer(connection, engine, log, 60_000);
    // The index built with other settings: the first pass rebuilds it, and waits for the indexer lock another
    // process holds (a `reindex` under way) for as long as that one holds it.
    await db
      .update(searchIndexState)
      .set({ settings_hash: 'older' })
      .where(eq(searchIndexState.index_name, engine.indexName));
    const holder = indexerConnection(databaseUrl);
    try {
      await withIndexerLock(holder, true, async () => {
        indexer.start();
        // Until the rebuild waits on the lock.
        for (let waited = 0; ; waited += 50) {
          const [row] = await db.execute<{ n: number }>(
            sql`select count(*)::int as n from pg_locks
                 where locktype = 'advisory' and not granted
                   and database = (select oid from pg_database where datname = current_database())`,
          );
          if (row!.n > 0) break;
          if (waited > 60_000) throw new Error('the rebuild never waited on the indexer lock');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const began = performance.now();
        await indexer.stop(200, 500);
        const took = performance.now() - began;
        expect(took).toBeGreaterThanOrEqual(490);
        expect(took).toBeLessThan(5_000);
        // The app then closes its pools, under the rebuild's statement still waiting.
        await connection.close();
      });
    } finally {
      await holder.close();
      await db
        .update(searchIndexState)
        .set({ settings_hash: settingsHash() })
        .where(eq(searchIndexState.index_name, engine.indexName));
    }
    expect(logged).toEqual([
      {
        level: 'warn',
        obj: { pass_ms: 500, under_way: 'rebuilding the index' },
        msg:
          'search indexer stopped at shutdown after 0.5 s with its pass under way (rebuilding the index): no last ' +
          'drain, its events left in the outbox for the next start',
      },
    ]);
  });

  it('logs a last drain cut at its bound as such, not the error of the connection closed under it', async () => {
    await createSite(db);
    await createSite(db);
    const connection = indexerConnection(databaseUrl);
    const logged: { level: string; obj: object; msg: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => logged.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg: string) => logged.push({ level: 'warn', obj, msg }),
      error: (obj: object, msg: string) => logged.push({ level: 'error', obj, msg }),
    };
    const indexer = new Indexer(connection, app.directorySearch.engine, log, 60_000);
    const [counted] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from search_outbox where processed_at is null and attempts < ${maxAttempts}`,
    );
    const waiting = counted!.n;
    expect(waiting).toBeGreaterThanOrEqual(2);
    // Another transaction holds the waiting events: the last drain cannot mark them done before its bound.
    const holder = indexerConnection(databaseUrl);
    const held = await holder.sql.reserve();
    try {
      await held`begin`;
      await held`select id from search_outbox where processed_at is null for update`;
      indexer.start();
      await indexer.stop(200);
      // The app then closes its pools, under the drain's statement still waiting.
      await connection.close();
    } finally {
      await held`rollback`;
      held.release();
      await holder.close();
    }
    expect(logged).toEqual([
      {
        level: 'info',
        obj: { drain_ms: 200, events_waiting: waiting, events_applied: 0, events_left: waiting },
        msg: `search outbox drain stopped at shutdown after 0.2 s: ${waiting} events left for the next start`,
      },
    ]);
  });
});
