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
}

export async function outboxLag(db: Db): Promise<OutboxLag> {
  const [row] = await db.execute<{ pending: number; oldest: number | null }>(sql`
    select count(*)::int as pending,
           extract(epoch from now() - min(created_at))::float8 as oldest
      from search_outbox where processed_at is null`);
  return {
    pending: row?.pending ?? 0,
    oldest_age_seconds: row?.oldest == null ? null : Math.round(row.oldest * 10) / 10,
  };
}
