// The citations of an entry as details show them, and when each fact was last confirmed.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jsonList, type OneRow, requestedId } from '../db/json.js';
import { citations, sources } from '../db/schema/index.js';

/** A citation as a detail shows it; `added_at` is ISO 8601 text. */
export interface CitationShown {
  source_id: string;
  source_title: string;
  source_published_on: string | null;
  quote: string;
  fields: string[];
  added_at: string;
}

/**
 * The citations of the requested entry as a JSON list built by PostgreSQL (oldest first), for a detail read in one statement; `subject` is the citations column of its kind (`site_id`).
 */
export function citationList(subject: string): SQL {
  return jsonList(
    {
      source_id: citations.source_id,
      source_title: sources.title,
      source_published_on: sources.published_on,
      quote: citations.quote,
      fields: citations.fields,
      added_at: citations.added_at,
    },
    sql`from ${citations} join ${sources} on ${sources.id} = ${citations.source_id}
         where ${citations}.${sql.identifier(subject)} = ${requestedId}`,
    sql`${citations.id}`,
  );
}

/**
 * For each attribute a citation supports, when the newest such citation was recorded (its `added_at`): when the
 * directory last took a quote for it, not when its source was published (a 2017 article loaded today is recorded today).
 */
export function lastConfirmed(list: { fields: string[]; added_at: string }[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const c of list) {
    for (const field of c.fields) if (!result[field] || result[field] < c.added_at) result[field] = c.added_at;
  }
  return result;
}

/**
 * Reads one entry in detail with `detail` (one round trip) and adds `last_confirmed`, worked out from its citations;
 * null when there is no such entry.
 */
export function confirmedDetail<Row extends { citations: CitationShown[] }>(detail: OneRow<Row>) {
  return async (db: Db, id: string): Promise<(Row & { last_confirmed: Record<string, string> }) | null> => {
    const entry = await detail.run(db, id);
    if (!entry) return null;
    // The row is this request's own, fresh from PostgreSQL's JSON: completed in place rather than copied.
    return Object.assign(entry, { last_confirmed: lastConfirmed(entry.citations) });
  };
}
