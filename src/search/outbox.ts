// Recording changes for the search index, inside the writer's transaction.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { searchOutbox } from '../db/schema/index.js';

/** Records that these entries changed (created, updated or deleted). Call inside the write's transaction. */
export async function recordChanges(tx: Db, kind: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.insert(searchOutbox).values(ids.slice(i, i + 1000).map((entity_id) => ({ entity_kind: kind, entity_id })));
  }
}

export interface OutboxLag {
  pending: number;
  /** Age in seconds of the oldest unprocessed event, null when none waits. */
  oldest_age_seconds: number | null;
  /** Events waiting whose indexing failed at least once while Meilisearch answered (being retried, or parked). */
  failing: number;
  /** Events the indexer gave up on after `maxAttempts` failures (src/search/sync.ts); `npm run reindex` retries them. */
  parked: number;
  /** The error of the latest failure of a waiting event, null when none failed. */
  last_error: string | null;
}

/**
 * How far the search index is behind Postgres, and what keeps failing. `maxAttempts` is the indexer's bound
 * (src/search/sync.ts), passed in so that this file does not import the indexer.
 */
export async function outboxLag(db: Db, maxAttempts: number): Promise<OutboxLag> {
  const [row] = await db.execute<{
    pending: number;
    oldest: number | null;
    failing: number;
    parked: number;
    last_error: string | null;
  }>(sql`
    select count(*)::int as pending,
           extract(epoch from now() - min(created_at))::float8 as oldest,
           count(*) filter (where attempts > 0)::int as failing,
           count(*) filter (where attempts >= ${maxAttempts})::int as parked,
           (select last_error from search_outbox
             where processed_at is null and last_error is not null order by id desc limit 1) as last_error
      from search_outbox where processed_at is null`);
  return {
    pending: row?.pending ?? 0,
    oldest_age_seconds: row?.oldest == null ? null : Math.round(row.oldest * 10) / 10,
    failing: row?.failing ?? 0,
    parked: row?.parked ?? 0,
    last_error: row?.last_error ?? null,
  };
}
