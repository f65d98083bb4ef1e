// The citations of an entry as details show them, and when each fact was last confirmed.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { citations, sources } from '../db/schema/index.js';

/** The citations of one entry, oldest first; `subject` is the citations column of its kind (`site_id`). */
export async function citationsOf(db: Db, subject: string, id: string) {
  const rows = await db
    .select({
      source_id: citations.source_id,
      source_title: sources.title,
      source_published_on: sources.published_on,
      quote: citations.quote,
      fields: citations.fields,
      added_at: citations.added_at,
    })
    .from(citations)
    .innerJoin(sources, eq(sources.id, citations.source_id))
    .where(sql`${citations}.${sql.identifier(subject)} = ${id}`)
    .orderBy(asc(citations.id));
  return rows.map((r) => ({ ...r, added_at: r.added_at.toISOString() }));
}

/** For each attribute a citation supports, when it was last confirmed (cited). */
export function lastConfirmed(list: { fields: string[]; added_at: string }[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const c of list) {
    for (const field of c.fields) if (!result[field] || result[field] < c.added_at) result[field] = c.added_at;
  }
  return result;
}
