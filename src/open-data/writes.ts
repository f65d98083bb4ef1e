// What the open-data importers share to write through the envelope: create bodies with the kind's defaults,
// batches of writes of one kind, and the older citations a run's updates supersede.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { applyWrites, type WriteOp, type WriteResult } from '../writes/envelope.js';
import type { KindWritesSpec } from '../writes/spec.js';
import type { WriteContext } from '../writes/transaction.js';

/** Writes per call of the write envelope. */
export const batchSize = 2_000;

/** A create body with the kind's defaults, as the API would take it (without its id and citations). */
export function createInput(
  writes: { createBody: { parse(v: unknown): unknown } },
  input: Record<string, unknown>,
): Record<string, unknown> {
  const { id: _, citations: __, ...body } = writes.createBody.parse(input) as Record<string, unknown>;
  return body;
}

/** Applies writes of one kind through the envelope, `batchSize` at a time, in the caller's transaction. */
export async function applyAll(ctx: WriteContext, spec: KindWritesSpec<never>, ops: WriteOp[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let i = 0; i < ops.length; i += batchSize) {
    results.push(...(await applyWrites(ctx, spec, ops.slice(i, i + batchSize))));
  }
  return results;
}

/**
 * Takes out of the citations of an importer's own sources (`ownSource`, SQL over a citation `c`) stored before this
 * run (ids up to `lastCitation`) the fields this run's updates of entries of `kind` changed (history from
 * `lastChange` on; `kept`: fields whose citations stay side by side): a fact a newer edition or reading changed is no
 * longer supported by an older one's quote, now cited by the new one (the history keeps the older value with its
 * source). A citation left supporting nothing is deleted; one this run gave again (its fields joined to it, not
 * stored twice) stays. Citations of other sources (an article's) are left as they are.
 */
export async function supersedeCitations(
  db: Db,
  o: { kind: string; column: string; ownSource: SQL; lastChange: number; lastCitation: number; kept?: string[] },
): Promise<void> {
  const changed = sql`
    select ch.entity_id, array_agg(distinct regexp_replace(k.key, '_id$', '')) as fields
      from changes ch, jsonb_each(ch.after) k
     where ch.id > ${o.lastChange} and ch.action = 'update' and ch.entity_kind = ${o.kind}
       and ch.before -> k.key is distinct from k.value and k.key <> all(${sql.param(o.kept ?? [])}::text[])
     group by ch.entity_id`;
  // A citation this run gave again (same source and quote, its fields joined to the stored one) stays.
  const subject = sql`c.${sql.identifier(o.column)} = e.entity_id and c.id <= ${o.lastCitation} and ${o.ownSource}
    and c.fields && e.fields
    and not exists (
      select 1 from changes ch where ch.id > ${o.lastChange} and ch.entity_kind = ${o.kind} and ch.entity_id = e.entity_id
         and ch.citations @> jsonb_build_array(jsonb_build_object('source_id', c.source_id, 'quote', c.quote)))`;
  await db.execute(sql`
    with e as (${changed}) delete from citations c using e where ${subject} and c.fields <@ e.fields`);
  await db.execute(sql`
    with e as (${changed})
    update citations c set fields = array(select f from unnest(c.fields) f where f <> all(e.fields))
      from e where ${subject}`);
}

/** The ids of the last change and the last citation stored: what `supersedeCitations` takes as this run's start. */
export async function lastRecorded(db: Db): Promise<{ lastChange: number; lastCitation: number }> {
  const [last] = await db.execute<{ change: string; citation: string }>(sql`
    select (select coalesce(max(id), 0) from changes)::text as change,
           (select coalesce(max(id), 0) from citations)::text as citation`);
  return { lastChange: Number(last!.change), lastCitation: Number(last!.citation) };
}
