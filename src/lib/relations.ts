// Small queries several modules need: citations of an entity, and checking
// that ids given as filters exist.
import { asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { citations, sources } from '../db/schema/index.js';
import { invalidParameters } from './errors.js';

type CitationSubject = 'site_id' | 'operator_id' | 'club_id' | 'mandataire_id' | 'proceeding_id' | 'person_id';

export async function citationsOf(db: Db, subject: CitationSubject, id: string) {
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
    .where(eq(citations[subject], id))
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

/** Throws a 400 naming `parameter` when any of the ids is not in the table. */
export async function assertIdsExist(
  db: Db,
  table: PgTable & { id: PgColumn },
  ids: string[] | undefined,
  parameter: string,
) {
  if (!ids?.length) return;
  const found = await db.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  const known = new Set(found.map((r) => r.id as string));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) {
    throw invalidParameters(
      missing.map((id) => ({ in: 'query', name: parameter, message: `unknown ${parameter} '${id}'` })),
    );
  }
}

export function isoTimestamps<T extends { created_at: Date; updated_at: Date }>(row: T) {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}
