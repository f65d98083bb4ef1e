// The bookkeeping of a batch of writes, set-based: snapshots of rows as
// PostgreSQL's own JSON (to the microsecond), one history entry per change
// (the `changes` table: history, change feed, tombstones) and one search
// outbox event per entry touched.
import { sql } from 'drizzle-orm';
import type { SavedCitation } from '../citations/input.js';
import type { Db } from '../db/client.js';
import type { Actor } from './transaction.js';

/** One change to record; `after` is read from the snapshots after the write (null for deletes and merges). */
export interface ChangeRecord {
  id: string;
  action: 'create' | 'update' | 'delete' | 'merge';
  before: Record<string, unknown> | null;
  after?: null;
  citations: SavedCitation[];
  mergedInto?: string;
}

/** Snapshots of the rows with these ids, by id. */
export async function snapshotRows(
  db: Db,
  target: { tableName: string },
  ids: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (!ids.length) return new Map();
  const rows = await db.execute<{ id: string; snapshot: Record<string, unknown> }>(
    sql`select t.id, to_jsonb(t) as snapshot from ${sql.identifier(target.tableName)} t
         where t.id = any(${sql.param(ids)})`,
  );
  return new Map(rows.map((r) => [r.id, r.snapshot]));
}

/**
 * Records the history entries of a batch, in order, and the search outbox
 * events of every entry they touch (a merge's survivor included), each with
 * one multi-row insert.
 */
export async function recordChanges(
  db: Db,
  actor: Actor,
  target: { name: string },
  records: ChangeRecord[],
  after: Map<string, Record<string, unknown>>,
): Promise<void> {
  if (!records.length) return;
  const entries = records.map((r, n) => ({
    n,
    entity_kind: target.name,
    entity_id: r.id,
    action: r.action,
    actor: actor.name,
    api_key_id: actor.keyId,
    before: r.before,
    after: r.action === 'create' || r.action === 'update' ? (after.get(r.id) ?? null) : null,
    citations: r.citations,
    merged_into: r.mergedInto ?? null,
  }));
  await db.execute(sql`
    insert into changes (entity_kind, entity_id, action, actor, api_key_id, before, after, citations, merged_into)
    select entity_kind, entity_id, action::change_action, actor, api_key_id, before, after, citations, merged_into
      from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as e(
        n int, entity_kind varchar, entity_id varchar, action text, actor text, api_key_id uuid,
        before jsonb, after jsonb, citations jsonb, merged_into varchar)
     order by n`);
  const touched = [...new Set(records.flatMap((r) => (r.mergedInto ? [r.id, r.mergedInto] : [r.id])))];
  await db.execute(sql`
    insert into search_outbox (entity_kind, entity_id)
    select ${target.name}, unnest(${sql.param(touched)}::text[])`);
}
