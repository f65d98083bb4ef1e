// Keeping Meilisearch in step with Postgres: the indexer drains the outbox,
// and a rebuild makes a fresh index and swaps it in. Both hold the same
// advisory lock, so only one of them works on an index at a time, across
// processes.
import { sql } from 'drizzle-orm';
import { connect, type Database, type Db } from '../db/client.js';
import { searchIndexState } from '../db/schema/index.js';
import { documentUid, loadDocuments } from './documents.js';
import type { SearchEngine } from './engine.js';
import { settingsHash } from './settings.js';

const INDEXER_LOCK = 7_311_042_003;

/**
 * A database handle on a single connection, for the indexer: the advisory
 * lock is held by a session, so everything done under it must share one.
 */
export function indexerConnection(databaseUrl: string): Database {
  return connect(databaseUrl, { max: 1 });
}

/** Runs `work` holding the indexer lock; null when `wait` is false and another process holds it. */
async function withIndexerLock<T>(
  connection: Database,
  wait: boolean,
  work: (db: Db) => Promise<T>,
): Promise<T | null> {
  if (wait) await connection.sql`select pg_advisory_lock(${INDEXER_LOCK})`;
  else {
    const [row] = await connection.sql<{ locked: boolean }[]>`select pg_try_advisory_lock(${INDEXER_LOCK}) as locked`;
    if (!row?.locked) return null;
  }
  try {
    return await work(connection.db);
  } finally {
    await connection.sql`select pg_advisory_unlock(${INDEXER_LOCK})`;
  }
}

interface OutboxEvent {
  id: number;
  entity_kind: string;
  entity_id: string;
}

/**
 * Entries whose document shows another's data: an operator's name is on its sites and proceedings, a
 * practitioner's on the proceedings it is appointed in.
 */
async function dependents(db: Db, events: OutboxEvent[]): Promise<{ kind: string; id: string }[]> {
  if (!events.length) return [];
  // Entries whose document shows a changed entry's name: the operator that runs them (an operator's
  // own operator_id is itself), the entry of their kind they belong to (a parent group, a firm), or the
  // practitioners appointed (a proceeding's names attached).
  const rows = await db.execute<{ kind: string; id: string }>(sql`
    select e.kind, e.id from search_entries e
      join unnest(${sql.param(events.map((e) => e.entity_kind))}::text[],
                  ${sql.param(events.map((e) => e.entity_id))}::text[]) as changed(kind, id)
        on (changed.kind = 'operator' and e.operator_id = changed.id)
        or (e.kind = changed.kind and e.parent_id = changed.id)
        or (changed.kind = 'mandataire' and changed.id = any(e.mandataire_ids))`);
  return [...rows];
}

/**
 * Applies one batch of outbox events to the index: reloads the current rows,
 * upserts what exists, deletes what does not, waits for each task, then marks
 * the events done. Returns how many events it took; 0 when none waited or
 * another process holds the lock.
 */
export async function drainOutboxOnce(connection: Database, engine: SearchEngine, batchSize = 500): Promise<number> {
  const done = await withIndexerLock(connection, false, async (db) => {
    const events = [
      ...(await db.execute<OutboxEvent & Record<string, unknown>>(sql`
        select id::int as id, entity_kind, entity_id from search_outbox
         where processed_at is null order by id limit ${batchSize}`)),
    ];
    if (!events.length) return 0;
    try {
      const refs = new Map<string, { kind: string; id: string }>();
      for (const e of events)
        refs.set(documentUid(e.entity_kind, e.entity_id), { kind: e.entity_kind, id: e.entity_id });
      for (const d of await dependents(db, events)) refs.set(documentUid(d.kind, d.id), d);
      const documents = await loadDocuments(db, [...refs.values()]);
      const present = new Set(documents.map((d) => d.uid));
      await engine.upsert(documents);
      await engine.remove([...refs.keys()].filter((uid) => !present.has(uid)));
      await db.execute(
        sql`update search_outbox set processed_at = now() where id = any(${sql.param(events.map((e) => e.id))}::bigint[])`,
      );
      return events.length;
    } catch (error) {
      await db.execute(sql`
        update search_outbox set attempts = attempts + 1, last_error = ${String((error as Error).message).slice(0, 1000)}
         where id = any(${sql.param(events.map((e) => e.id))}::bigint[])`);
      throw error;
    }
  });
  return done ?? 0;
}

/** Drains until the outbox is empty (or another process holds the lock), or until `keepGoing` says to stop. */
export async function drainOutbox(
  connection: Database,
  engine: SearchEngine,
  keepGoing: () => boolean = () => true,
): Promise<number> {
  let total = 0;
  for (
    let n = await drainOutboxOnce(connection, engine);
    n > 0 && keepGoing();
    n = await drainOutboxOnce(connection, engine)
  )
    total += n;
  return total;
}

export interface RebuildResult {
  documents: number;
  index: string;
}

/**
 * Builds a fresh index from Postgres under a temporary name, checks its
 * document count, and swaps it in atomically: searches keep answering from the
 * old index meanwhile. Events recorded after the snapshot stay in the outbox
 * and are applied to the new index afterwards.
 */
export async function rebuildIndex(connection: Database, engine: SearchEngine): Promise<RebuildResult> {
  const result = await withIndexerLock(connection, true, async (db) => {
    const documents = await db.transaction(async (tx) => loadDocuments(tx as unknown as Db), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
    const built = `${engine.indexName}_build_${Date.now()}`;
    await engine.createIndex(built);
    try {
      await engine.upsert(documents, built);
      const count = await engine.documentCount(built);
      if (count !== documents.length) {
        throw new Error(`the rebuilt index holds ${count} documents, Postgres ${documents.length}: not swapped in`);
      }
      await engine.swapIn(built);
    } catch (error) {
      await engine.settle(engine.client.deleteIndex(built)).catch(() => {});
      throw error;
    }
    await db
      .insert(searchIndexState)
      .values({ index_name: engine.indexName, settings_hash: settingsHash(), document_count: documents.length })
      .onConflictDoUpdate({
        target: searchIndexState.index_name,
        set: { settings_hash: settingsHash(), document_count: documents.length, built_at: sql`now()` },
      });
    return { documents: documents.length, index: engine.indexName };
  });
  return result!;
}

/** True when the index is missing, or was built with other settings than the code's. */
export async function needsRebuild(db: Db, engine: SearchEngine): Promise<boolean> {
  if (!(await engine.indexExists())) return true;
  const [state] = await db
    .select()
    .from(searchIndexState)
    .where(sql`${searchIndexState.index_name} = ${engine.indexName}`);
  return state?.settings_hash !== settingsHash();
}
