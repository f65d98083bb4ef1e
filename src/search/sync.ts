// Keeping Meilisearch in step with Postgres: the indexer drains the outbox,
// and a rebuild makes a fresh index and swaps it in. Both hold the same
// advisory lock, so only one of them works on an index at a time, across
// processes.
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { connect, type Database, type Db } from '../db/client.js';
import { searchIndexState } from '../db/schema/index.js';
import { documentBatches, type EntryRow, entryColumnList, type SearchDocument, toDocument } from './documents.js';
import type { SearchEngine } from './engine.js';
import { settingsHash } from './settings.js';

const INDEXER_LOCK = 7_311_042_003;

/**
 * A database handle of its own for the indexer and the rebuild: one connection, which holds the advisory lock (a
 * session's) and does the work under it, and which the pool never closes for idleness or age (`keepOpen`), so that
 * the lock cannot be released in the middle of a long pass or rebuild. (A connection reserved from a larger pool
 * would do the same, but postgres.js then crashes the process when the server is killed under it: the fault suite.)
 */
export function indexerConnection(databaseUrl: string): Database {
  return connect(databaseUrl, { max: 1, keepOpen: true });
}

/** Runs `work` holding the indexer lock; null when `wait` is false and another process holds it. */
export async function withIndexerLock<T>(
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
  attempts: number;
}

/** Outbox events taken per pass of the indexer. */
export const outboxBatchSize = 500;

/** Documents read and sent per batch, by a rebuild and by an event that fans out to many entries. */
export const documentBatchSize = 5_000;

/**
 * Documents a rebuild lets wait in Meilisearch's queue (on its disk, not in this process) before it waits for the
 * oldest batch: Meilisearch indexes the batches queued together as one, and at a million documents each of its
 * batches costs more the larger the index, so a deep queue is what lets it go as fast as a bulk `addDocuments`.
 */
export const rebuildQueuedDocuments = 200_000;

/**
 * Failed passes after which an event is parked: left in the outbox, no longer retried by the indexer, counted in
 * /ready (`outbox_parked`, `last_error`) until `npm run reindex` gives it another chance. Only failures while
 * Meilisearch answers count: while it is down, every event waits for it, however long.
 */
export const maxAttempts = 5;

/** Tuning of the drain, for tests and benchmarks. */
export interface DrainOptions {
  /** Outbox events per pass (500). */
  batchSize?: number;
  /** Documents read and sent per batch (documentBatchSize). */
  documentBatchSize?: number;
}

/**
 * The statement that names the documents to refresh for a set of changed entries (affectedDocuments), with its
 * parameters `$1` kinds and `$2` ids of the changed entries, `$3` the ids of changed operators, `$4` of changed
 * mandataires (each a `text[]`). Each changed entry and every entry whose document shows its data: the sites and
 * proceedings of an operator show its name, and so do the proceedings it took over as acquirer; a group's
 * subsidiaries, a firm's practitioners their parent's; the proceedings a practitioner or a member of a firm is
 * appointed in, its name (`mandataire_ids`, modules/proceedings/search-entry.ts), and a proceeding's practitioners
 * their roles. A row whose entry is gone (`kind` null) is a document to delete, named by `target_uid`.
 *
 * Its cost follows the batch and its fan-out, never the size of the directory: PostgreSQL cannot push a join
 * condition into the arms of the `search_entries` view (a UNION ALL of joins), so joined to it, the view is computed
 * whole (every site, twice: 1.5 s at 50,000 sites, 12.8 s at 77,000 under load). So the view is only ever given
 * conditions on constants or on the columns of one outer row: `operator_id = any($3)` (pushed into each kind's arm:
 * its index), and per row a LATERAL subquery kept from being flattened (`offset 0`), whose conditions are the
 * arm's own (each kind's arm runs only for its kind, through its id or parent's index); `mandataire_ids`, computed
 * in the view, is looked up in the base tables it is made of (proceeding_practitioners by practitioner, mandataires by firm).
 */
export const affectedStatement = `
    with changed(kind, id) as (select * from unnest($1::text[], $2::text[])),
    targets as (
      select kind, id from changed
      union
      select e.kind, e.id from search_entries e where e.operator_id = any($3::text[])
      union
      select d.kind, d.id from changed c cross join lateral (
        select e.kind, e.id from search_entries e where e.kind = c.kind and e.parent_id = c.id offset 0) d
      union
      select 'proceeding', pp.proceeding_id from proceeding_practitioners pp where pp.mandataire_id = any($4::text[])
      union
      select 'proceeding', pp.proceeding_id from mandataires m
        join proceeding_practitioners pp on pp.mandataire_id = m.id
       where m.firm_id = any($4::text[])
      union
      select 'proceeding', p.id from proceedings p where p.acquirer_id = any($3::text[])
      union
      -- The practitioners of a changed proceeding: their roles are theirs to search by.
      select 'mandataire', unnest(d.mandataire_ids) from changed c cross join lateral (
        select e.mandataire_ids from search_entries e where e.kind = c.kind and e.id = c.id offset 0) d
       where c.kind = 'proceeding'
    )
    select t.kind || '_' || t.id as target_uid, e.*
      from targets t left join lateral (
        select ${entryColumnList} from search_entries e where e.kind = t.kind and e.id = t.id offset 0) e on true`;

/** The parameters of affectedStatement for a batch of outbox events. */
export function affectedParameters(events: Pick<OutboxEvent, 'entity_kind' | 'entity_id'>[]): string[][] {
  const idsOf = (kind: string) => events.filter((e) => e.entity_kind === kind).map((e) => e.entity_id);
  return [events.map((e) => e.entity_kind), events.map((e) => e.entity_id), idsOf('operator'), idsOf('mandataire')];
}

/**
 * The documents to refresh for a set of changed entries (affectedStatement), ids passed as arrays (a list of
 * literals would exceed PostgreSQL's stack depth), read with a cursor in batches of `batchSize`: an operator with
 * 100,000 sites costs 100,000 / batchSize batches, never 100,000 documents in memory.
 */
async function* affectedDocuments(
  connection: Pick<postgres.Sql, 'unsafe'>,
  events: OutboxEvent[],
  batchSize: number,
): AsyncGenerator<{ upsert: SearchDocument[]; remove: string[] }> {
  const cursor = connection
    .unsafe<(EntryRow & { target_uid: string })[]>(affectedStatement, affectedParameters(events))
    .cursor(batchSize);
  for await (const rows of cursor) {
    const upsert: SearchDocument[] = [];
    const remove: string[] = [];
    for (const { target_uid, ...row } of rows) {
      if (row.kind === null) remove.push(target_uid);
      else upsert.push(toDocument(row));
    }
    yield { upsert, remove };
  }
}

/**
 * Applies one batch of outbox events to the index: reads the current documents of the changed entries and of
 * every entry that shows their data (affectedDocuments), sends them in pipelined batches, deletes what no longer
 * exists, waits for each task, then marks the events done. Returns how many events it took; 0 when none waited
 * or another process holds the lock.
 *
 * A failed batch is counted against its events (`attempts`, `last_error`) when Meilisearch answers (the batch
 * itself is at fault), and its events are then retried one at a time, so that one bad event does not hold back the
 * others; after `maxAttempts` an event is parked and logged (see maxAttempts), and later events go on.
 */
export async function drainOutboxOnce(
  connection: Database,
  engine: SearchEngine,
  options: DrainOptions = {},
  log?: { error(obj: object, msg: string): void },
): Promise<number> {
  const done = await withIndexerLock(connection, false, async (db) => {
    let events = [
      ...(await db.execute<OutboxEvent & Record<string, unknown>>(sql`
        select id::int as id, entity_kind, entity_id, attempts from search_outbox
         where processed_at is null and attempts < ${maxAttempts}
         order by id limit ${options.batchSize ?? outboxBatchSize}`)),
    ];
    if (!events.length) return 0;
    // An event that failed before is retried alone.
    if (events[0]!.attempts > 0) events = [events[0]!];
    try {
      // Planned for the rows an event may fan out to, the statement crosses PostgreSQL's JIT threshold, and compiling
      // it cost 11 s of a 12.7 s pass refreshing 20,000 sites (1.5 s without): set off for the pass, on this
      // session, which only the indexer uses (reset in `finally`: a rebuild's scan keeps the server's setting).
      await connection.sql`select set_config('jit', 'off', false)`;
      const sender = engine.batchSender();
      const removed: string[] = [];
      for await (const batch of affectedDocuments(
        connection.sql,
        events,
        options.documentBatchSize ?? documentBatchSize,
      )) {
        await sender.send(batch.upsert);
        removed.push(...batch.remove);
      }
      await sender.finish();
      await engine.remove(removed);
      await db.execute(
        sql`update search_outbox set processed_at = now() where id = any(${sql.param(events.map((e) => e.id))}::bigint[])`,
      );
      return events.length;
    } catch (error) {
      const message = String((error as Error).message).slice(0, 1000);
      // While Meilisearch is down, nothing is the events' fault: they wait, their attempts uncounted.
      const counts = await engine.isAvailable();
      const counted = await db.execute<OutboxEvent & Record<string, unknown>>(sql`
        update search_outbox set attempts = attempts + ${counts ? 1 : 0}, last_error = ${message}
         where id = any(${sql.param(events.map((e) => e.id))}::bigint[])
        returning id::int as id, entity_kind, entity_id, attempts`);
      const parked = [...counted].filter((e) => e.attempts >= maxAttempts);
      if (parked.length) {
        log?.error(
          { events: parked.map((e) => `${e.entity_kind}:${e.entity_id}`), attempts: maxAttempts, err: error },
          'search outbox events parked after failing every attempt; npm run reindex retries them',
        );
      }
      throw error;
    } finally {
      await connection.sql`reset jit`.catch(() => {});
    }
  });
  return done ?? 0;
}

/**
 * Drains until the outbox is empty (or another process holds the lock), or until `keepGoing` says to stop; `applied`
 * is told each batch's count of events as it is applied. Returns how many events it applied.
 */
export async function drainOutbox(
  connection: Database,
  engine: SearchEngine,
  keepGoing: () => boolean = () => true,
  log?: { error(obj: object, msg: string): void },
  applied?: (events: number) => void,
): Promise<number> {
  let total = 0;
  for (let n = await drainOutboxOnce(connection, engine, {}, log); n > 0; ) {
    total += n;
    applied?.(n);
    if (!keepGoing()) break;
    n = await drainOutboxOnce(connection, engine, {}, log);
  }
  return total;
}

/** Where a rebuild is: filling the index `built` (the live one untouched), asking Meilisearch to swap it in, swapped. */
export type RebuildPhase = 'building' | 'swapping' | 'swapped';

export interface RebuildResult {
  documents: number;
  index: string;
  /** The Meilisearch tasks that added the documents, one per batch, in order. */
  tasks: number[];
  /** The build indexes of rebuilds that died before they could delete them, deleted first (deleteAbandonedBuilds). */
  abandoned: string[];
}

/**
 * Deletes the build indexes (`<index>_build_<n>`, SearchEngine.buildIndexName) that rebuilds left when their process
 * died without cleaning up (SIGKILL, out of memory, a crash, a machine gone), with what was still queued for them.
 * Runs under the indexer lock, which every rebuild holds from the creation of its build index to its deletion or
 * swap: so while this process holds it, no other rebuild is under way and every build index is abandoned; a rebuild
 * running in another process holds the lock, and its index is never touched. Returns the names deleted, sorted.
 */
async function deleteAbandonedBuilds(engine: SearchEngine): Promise<string[]> {
  const abandoned = await engine.buildIndexes();
  await engine.dropIndexes(abandoned);
  return abandoned;
}

/**
 * deleteAbandonedBuilds when no other process holds the indexer lock (the API's indexer at start and at each check
 * of the index); null when one does (a rebuild may be running: its index is left alone, the next check looks again).
 */
export function deleteAbandonedBuildsUnlessLocked(
  connection: Database,
  engine: SearchEngine,
): Promise<string[] | null> {
  return withIndexerLock(connection, false, () => deleteAbandonedBuilds(engine));
}

/**
 * Builds a fresh index from Postgres under a temporary name and swaps it in atomically: searches keep answering
 * from the old index meanwhile. The documents are read from one repeatable-read snapshot with a server-side cursor,
 * `batchSize` at a time (documentBatchSize by default), and each batch is sent while Meilisearch indexes the ones
 * before (up to rebuildQueuedDocuments queued on its side: SearchEngine.batchSender), so this process holds one
 * batch at a time and its memory stays flat whatever the size of the directory.
 * The built index's document count is checked before the swap. The outbox events the snapshot saw are marked
 * applied once the index is swapped in (their changes are in it: a reindex after a bulk import does not send every
 * document twice); events recorded after the snapshot stay in the outbox and are applied to the new index
 * afterwards; parked events not seen get their attempts back. The build indexes of rebuilds that died are deleted
 * first (deleteAbandonedBuilds). `onPhase` is told each phase as it begins (what an
 * interrupted reindex says of the live index, cli/reindex.ts).
 *
 * `documentsReady`, when given, is awaited once the build index is created with its settings, before the database's
 * rows are read: a first start (Indexer.buildFirst) begins the rebuild as soon as both engines
 * answer, so that Meilisearch makes the index and applies its settings while PostgreSQL migrates and the seed loads
 * (settings do not depend on the data), and only the documents follow the seed. The lock is held meanwhile; a
 * rejection is the rebuild's error (the build index deleted).
 */
export async function rebuildIndex(
  connection: Database,
  engine: SearchEngine,
  options: {
    batchSize?: number;
    onPhase?: (phase: RebuildPhase, built: string) => void;
    documentsReady?: Promise<unknown>;
  } = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? documentBatchSize;
  const result = await withIndexerLock(connection, true, async (db) => {
    const abandoned = await deleteAbandonedBuilds(engine);
    const built = engine.buildIndexName();
    options.onPhase?.('building', built);
    await engine.createIndex(built);
    let documents = 0;
    const sender = engine.batchSender(built, Math.max(1, Math.floor(rebuildQueuedDocuments / batchSize)));
    try {
      // The events the snapshot already holds the changes of, kept on the server (a temporary table of this
      // session: a read-only transaction may write it), however many there are.
      await connection.sql`create temporary table if not exists rebuild_seen_events (id bigint)`;
      await connection.sql`truncate rebuild_seen_events`;
      await options.documentsReady;
      await connection.sql.begin('isolation level repeatable read read only', async (tx) => {
        await tx`insert into rebuild_seen_events select id from search_outbox where processed_at is null`;
        for await (const batch of documentBatches(tx, batchSize)) {
          documents += batch.length;
          await sender.send(batch);
        }
      });
      await sender.finish();
      const count = await engine.documentCount(built);
      if (count !== documents) {
        throw new Error(`the rebuilt index holds ${count} documents, Postgres ${documents}: not swapped in`);
      }
      options.onPhase?.('swapping', built);
      await engine.swapIn(built);
      options.onPhase?.('swapped', built);
    } catch (error) {
      // What is still queued for it is cancelled, not waited for.
      await engine.dropIndexes([built]).catch(() => {});
      throw error;
    }
    await db
      .insert(searchIndexState)
      .values({ index_name: engine.indexName, settings_hash: settingsHash(), document_count: documents })
      .onConflictDoUpdate({
        target: searchIndexState.index_name,
        set: { settings_hash: settingsHash(), document_count: documents, built_at: sql`now()` },
      });
    // Their changes are in the swapped-in index: applying them again would send their documents twice.
    await db.execute(sql`
      update search_outbox o set processed_at = now() from rebuild_seen_events s
       where o.id = s.id and o.processed_at is null`);
    await connection.sql`drop table rebuild_seen_events`;
    await db.execute(sql`update search_outbox set attempts = 0 where processed_at is null and attempts > 0`);
    return { documents, index: engine.indexName, tasks: sender.tasks, abandoned };
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
