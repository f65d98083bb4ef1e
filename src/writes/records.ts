// The bookkeeping of a batch of writes, set-based: snapshots of rows as
// PostgreSQL's own JSON (to the microsecond), one history entry per change
// (the `changes` table: history, change feed, tombstones) and one search
// outbox event per entry touched.
import { sql } from 'drizzle-orm';
import { type SavedCitation, storingCitations } from '../citations/input.js';
import { type Db, executePrepared } from '../db/client.js';
import type { Actor, StatementPipeline } from './transaction.js';

/** One change to record; its `after` is the row once written (null for deletes and merges). */
export interface ChangeRecord {
  id: string;
  action: 'create' | 'update' | 'delete' | 'merge';
  before: Record<string, unknown> | null;
  after?: null;
  citations: SavedCitation[];
  mergedInto?: string;
  /**
   * The key (`op`) of the list of `Stored` citations this change cites first, before `citations`: those citations
   * stored and recorded from one parameter (`recordChanges`).
   */
  op?: number;
}

/** Citations to store with the history that cites them, each list about one subject, keyed by `op`. */
export interface Stored {
  subjectColumn: string;
  lists: { subject: string; list: SavedCitation[]; op: number }[];
}

/** Snapshots of the rows with these ids, by id. */
export async function snapshotRows(
  db: Db,
  target: { tableName: string },
  ids: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (!ids.length) return new Map();
  const rows = await executePrepared<{ id: string; snapshot: Record<string, unknown> }>(
    db,
    sql`select t.id, to_jsonb(t) as snapshot from ${sql.identifier(target.tableName)} t
         where t.id = any(${sql.param(ids)})`,
  );
  return new Map(rows.map((r) => [r.id, r.snapshot]));
}

/**
 * Records the history entries of a batch, in order, and the search outbox events of every entry they touch (a
 * merge's survivor included), each with one multi-row insert, sent on `pipeline` after the batch's row writes. A
 * create's or update's `after` is the row as it stands then in the transaction, taken by PostgreSQL itself
 * (`to_jsonb`).
 */
export function recordChanges(
  db: Db,
  pipeline: StatementPipeline,
  actor: Actor,
  target: { name: string; tableName: string },
  records: ChangeRecord[],
  stored?: Stored,
): void {
  const storing = stored ? storingCitations(stored.subjectColumn, stored.lists) : null;
  if (!records.length) {
    if (storing) pipeline.execute(db, sql`with ${storing} select 1 where false`);
    return;
  }
  const entries = records.map((r, n) => ({
    n,
    entity_id: r.id,
    action: r.action,
    before: r.before,
    citations: r.citations,
    merged_into: r.mergedInto ?? null,
    op: r.op ?? null,
  }));
  // A change's citations stored by the same statement are recorded from its rows (`given`), in their order, then
  // its own: the same history as when each was sent.
  pipeline.execute(
    db,
    sql`
      ${
        storing
          ? sql`with ${storing}, cited as (
        select op, jsonb_agg(jsonb_build_object('source_id', source_id, 'quote', quote, 'fields', to_jsonb(fields))
                             order by n) as list
          from given group by op)`
          : sql``
      }
      insert into changes (entity_kind, entity_id, action, actor, api_key_id, before, after, citations, merged_into)
      select ${target.name}, e.entity_id, e.action::change_action, ${actor.name}, ${actor.keyId}::uuid, e.before,
             case when e.action in ('create', 'update') then to_jsonb(t) end,
             ${storing ? sql`coalesce(cited.list, '[]'::jsonb) || e.citations` : sql`e.citations`}, e.merged_into
        from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as e(
          n int, entity_id varchar, action text, before jsonb, citations jsonb, merged_into varchar, op int)
        left join ${sql.identifier(target.tableName)} t on t.id = e.entity_id
        ${storing ? sql`left join cited on cited.op = e.op` : sql``}
       order by e.n`,
  );
  const touched = [...new Set(records.flatMap((r) => (r.mergedInto ? [r.id, r.mergedInto] : [r.id])))];
  pipeline.execute(
    db,
    sql`
      insert into search_outbox (entity_kind, entity_id)
      select ${target.name}, unnest(${sql.param(touched)}::text[])`,
  );
}
