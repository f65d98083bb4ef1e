// Reading the history: every change of an entry (its history, the change feed)
// and, for a deleted or merged id, its tombstone. The changes are written by
// the write envelope (src/writes/).
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { changes } from '../db/schema/index.js';

export const historyEntry = z
  .object({
    id: z.number().int().meta({ description: 'Position in the change feed.' }),
    at: z.string().meta({ format: 'date-time' }),
    action: z.enum(['create', 'update', 'delete', 'merge']),
    actor: z.string().meta({ description: 'Name of the API key that made the change, or `seed`.' }),
    changed_fields: z.array(z.string()),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    citations: z.array(z.object({ source_id: z.string(), quote: z.string(), fields: z.array(z.string()) })),
    merged_into: z.string().nullable(),
  })
  .meta({ id: 'HistoryEntry' });

/** Fields that differ between two snapshots, bookkeeping left out. */
export function fieldsChanged(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const ignored = new Set(['version', 'created_at', 'updated_at']);
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter(
    (k) => !ignored.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null),
  );
}

/** A row of the changes table as the history and the change feed show it. */
export function toChangeEntry(r: typeof changes.$inferSelect) {
  const before = r.before as Record<string, unknown> | null;
  const after = r.after as Record<string, unknown> | null;
  return {
    id: r.id,
    entity_kind: r.entity_kind,
    entity_id: r.entity_id,
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actor,
    changed_fields: fieldsChanged(before, after),
    before,
    after,
    citations: r.citations as { source_id: string; quote: string; fields: string[] }[],
    merged_into: r.merged_into,
  };
}

export async function historyOf(db: Db, kind: string, id: string) {
  const rows = await db
    .select()
    .from(changes)
    .where(and(eq(changes.entity_kind, kind), eq(changes.entity_id, id)))
    .orderBy(asc(changes.id));
  return rows.map(toChangeEntry);
}

/** For an id with no row: 410 if it was deleted, 308 to the survivor if it was merged, else null. */
export async function tombstoneOf(db: Db, kind: string, id: string) {
  const [last] = await db
    .select({ action: changes.action, at: changes.at, merged_into: changes.merged_into })
    .from(changes)
    .where(and(eq(changes.entity_kind, kind), eq(changes.entity_id, id)))
    .orderBy(desc(changes.id))
    .limit(1);
  if (!last || (last.action !== 'delete' && last.action !== 'merge')) return null;
  return last;
}

/** The last change of each of these ids that ended them (a delete or a merge); ids never ended are absent. */
export async function tombstonesOf(db: Db, kind: string, ids: string[]) {
  if (!ids.length) return new Map<string, { action: 'delete' | 'merge'; at: Date; merged_into: string | null }>();
  const rows = await db.execute<{ entity_id: string; action: string; at: Date | string; merged_into: string | null }>(
    sql`select distinct on (entity_id) entity_id, action, at, merged_into from changes
         where entity_kind = ${kind} and entity_id = any(${sql.param(ids)})
         order by entity_id, id desc`,
  );
  return new Map(
    [...rows]
      .filter((r) => r.action === 'delete' || r.action === 'merge')
      .map((r) => [
        r.entity_id,
        { action: r.action as 'delete' | 'merge', at: new Date(r.at), merged_into: r.merged_into },
      ]),
  );
}
