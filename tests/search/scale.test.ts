// The index at the scale of a national directory: one change that reaches twenty thousand search documents (an
// operator renamed, whose name every site it runs shows) is indexed in bounded batches; a rebuild streams its
// documents in bounded batches; a batch Meilisearch keeps refusing is retried a bounded number of times, reported,
// and does not hold back the changes after it.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { recordChanges } from '../../src/search/outbox.js';
import {
  affectedParameters,
  affectedStatement,
  drainOutboxOnce,
  indexerConnection,
  maxAttempts,
  rebuildIndex,
} from '../../src/search/sync.js';
import { getJson, testApp } from '../setup/app.js';
import { insertSites } from '../setup/bulk-sites.js';
import { createOperator, createSite, testSource } from '../setup/factories.js';

let app: App;
let db: Db;
let databaseUrl: string;
let engine: SearchEngine;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  engine = app.directorySearch.engine;
});

const sitesRun = 20_000;

/** The newest task uid of the engine, to tell the tasks of a step from those before it. */
async function lastTaskUid(): Promise<number> {
  const { results } = await engine.client.tasks.getTasks({ limit: 1 });
  return results[0]?.uid ?? -1;
}

/** Documents received by each document-addition task of the test's index enqueued after `after`, oldest first. */
async function additionsSince(after: number, indexUid = engine.indexName): Promise<number[]> {
  const { results } = await engine.client.tasks.getTasks({
    indexUids: [indexUid],
    types: ['documentAdditionOrUpdate'],
    limit: 1000,
  });
  return results
    .filter((t) => t.uid > after)
    .sort((a, b) => a.uid - b.uid)
    .map((t) => Number((t.details as { receivedDocuments?: number } | undefined)?.receivedDocuments));
}

describe('an operator change that fans out to every site it runs', () => {
  it('refreshes all 20,000 documents from one event, in batches of the bound, and search shows the new name', async () => {
    const operator = await createOperator(db, { name: 'Plateaux Réunis' });
    // The sites themselves are not under test: inserted in one statement, indexed only through the operator.
    await db.execute(sql`
      insert into sites (id, name, operator_id, country, commune, code_commune, departement_code, region_code)
      select 'fan-out-' || n, 'Plateau ' || n, ${operator.id}, 'FR', 'Amiens', '80021', '80', '32'
        from generate_series(1, ${sitesRun}) n`);
    const connection = indexerConnection(databaseUrl);
    try {
      while ((await drainOutboxOnce(connection, engine)) > 0);
      const citations = [{ source: testSource, quote: 'Une fiche de test' }];
      const patch = operatorWrites.patchBody.parse({ name: 'Plateaux Unis', citations });
      await operatorWrites.update({ db, actor: { name: 'test', keyId: null } }, operator.id, patch, '*');
      const before = await lastTaskUid();
      // One event, the operator and its twenty thousand sites.
      expect(await drainOutboxOnce(connection, engine, { documentBatchSize: 3_000 })).toBe(1);
      const batches = await additionsSince(before);
      expect(batches).toEqual([3_000, 3_000, 3_000, 3_000, 3_000, 3_000, 2_001]);
    } finally {
      await connection.close();
    }
    // Every site's document shows the new name.
    const shown = await engine.client.index(engine.indexName).getDocuments({
      filter: `operator_id = "${operator.id}"`,
      fields: ['uid', 'operator_name'],
      limit: 25_000,
    });
    const sitesShown = shown.results.filter((d) => String(d.uid).startsWith('site_fan-out-'));
    expect(sitesShown).toHaveLength(sitesRun);
    expect(new Set(sitesShown.map((d) => d.operator_name))).toEqual(new Set(['Plateaux Unis']));
    const found = await getJson(app, `/v1/sites?q=${encodeURIComponent('Plateaux Unis')}&operator=${operator.id}`);
    expect(found.body.data.length).toBeGreaterThan(0);
  }, 180_000);
});

describe('rebuilding the index of 20,000 entries and more', () => {
  it('sends every document in batches of the bound and swaps in an index holding them all', async () => {
    const [{ entries } = { entries: 0 }] = await db.execute<{ entries: number }>(
      sql`select count(*)::int as entries from search_entries`,
    );
    expect(entries).toBeGreaterThan(sitesRun);
    const connection = indexerConnection(databaseUrl);
    try {
      const result = await rebuildIndex(connection, engine, { batchSize: 1_000 });
      expect(result.documents).toBe(entries);
      expect(result.tasks).toHaveLength(Math.ceil(entries / 1_000));
      const received = await Promise.all(
        result.tasks.map(async (uid) => {
          const task = await engine.client.tasks.getTask(uid);
          return Number((task.details as { receivedDocuments?: number } | undefined)?.receivedDocuments);
        }),
      );
      expect(Math.max(...received)).toBe(1_000);
      expect(received.reduce((a, b) => a + b, 0)).toBe(entries);
    } finally {
      await connection.close();
    }
    expect(await engine.documentCount(engine.indexName)).toBe(entries);
    const found = await getJson(app, '/v1/search?q=Plateau%2019999&kind=site');
    expect(found.body.data[0]).toMatchObject({ kind: 'site', id: 'fan-out-19999' });
  }, 180_000);
});

describe('a change Meilisearch keeps refusing', () => {
  it('is retried alone a bounded number of times, then parked and reported, and later changes go on', async () => {
    // An id Meilisearch refuses as a document id (only letters, digits, - and _): written past the API's checks.
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      values ('refused.id', 'Plateau refusé', 'FR', 'Amiens', '80021', '80', '32')`);
    await recordChanges(db, 'site', ['refused.id']);
    const later = await createSite(db, { name: 'Plateau de Longueau après le refus' });
    const logged: { obj: object; msg: string }[] = [];
    const log = { error: (obj: object, msg: string) => logged.push({ obj, msg }) };
    const connection = indexerConnection(databaseUrl);
    let failures = 0;
    try {
      for (let pass = 0; pass < 20; pass++) {
        const applied = await drainOutboxOnce(connection, engine, {}, log).catch(() => {
          failures++;
          return -1;
        });
        if (applied === 0) break;
      }
    } finally {
      await connection.close();
    }
    // The batch of both, then the refused one alone until it is parked; then the later one, alone, goes in.
    expect(failures).toBe(maxAttempts);
    const events = await db.execute<{ entity_id: string; attempts: number; processed: boolean; last_error: string }>(
      sql`select entity_id, attempts, processed_at is not null as processed, last_error
            from search_outbox where entity_id in ('refused.id', ${later.id}) order by id`,
    );
    expect([...events].map((e) => [e.entity_id, e.attempts, e.processed])).toEqual([
      ['refused.id', maxAttempts, false],
      [later.id, 1, true],
    ]);
    expect(events[0]?.last_error).toMatch(/refused\.id/);
    expect(logged).toEqual([
      {
        obj: expect.objectContaining({ events: ['site:refused.id'], attempts: maxAttempts }),
        msg: 'search outbox events parked after failing every attempt; npm run reindex retries them',
      },
    ]);
    const ready = await getJson(app, '/ready');
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.search).toMatchObject({
      outbox_pending: 1,
      outbox_failing: 1,
      outbox_parked: 1,
      last_error: events[0]?.last_error,
    });
    const found = await getJson(app, `/v1/search?q=${encodeURIComponent('Longueau après le refus')}`);
    expect(found.body.data.map((h: { id: string }) => h.id)).toContain(later.id);
  }, 120_000);
});

/** Every plan node of an EXPLAIN (format json), depth first. */
function planNodes(node: Record<string, unknown>): Record<string, unknown>[] {
  const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [node, ...children.flatMap(planNodes)];
}

describe('an indexing batch of one entry, in a directory of thousands of sites', () => {
  // The seed's entries of each kind, one batch each: none may cost a scan of every site (fault 07: the indexer's
  // statement, joined to the view, scanned all 77,000 sites twice for one edited site, 12.8 s a pass).
  const batches: [string, string][] = [
    ['site', 'comdata-amiens'],
    ['operator', 'comdata'],
    ['operator', 'xerox'],
    ['mandataire', 'etude-meynet'],
    ['mandataire', 'helene-bourbouloux'],
    ['proceeding', 'mavic-en-difficulte-2020'],
    ['club', 'hub-retail'],
  ];

  it('reads sites through their indexes only, never a scan of the table, whatever the kind changed', async () => {
    const connection = indexerConnection(databaseUrl);
    try {
      await insertSites(connection.sql, 5_000, 'one-batch-site');
      for (const [kind, id] of batches) {
        const [row] = await connection.sql.unsafe<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }[]>(
          `explain (format json) ${affectedStatement}`,
          affectedParameters([{ entity_kind: kind, entity_id: id }]),
        );
        const siteScans = planNodes(row!['QUERY PLAN'][0].Plan)
          .filter((node) => node['Relation Name'] === 'sites')
          .map((node) => node['Node Type']);
        expect({ kind, id, seqScans: siteScans.filter((type) => type === 'Seq Scan') }).toEqual({
          kind,
          id,
          seqScans: [],
        });
      }
    } finally {
      await connection.close();
    }
  });
});
