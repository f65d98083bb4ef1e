// The citations of an entry as details show them, and when each fact was last confirmed.
import { type SQL, sql } from 'drizzle-orm';
import { isoText, jsonList, requestedId } from '../db/json.js';
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
 * When each fact of the requested entry was last confirmed (`lastConfirmed`), as a JSON object built by PostgreSQL
 * from the same citations as `citationList`'s: for each field, the newest `added_at` (ISO text), the fields in the
 * order they first appear in the citations (by id, then in each citation's list), `{}` when there is none.
 */
export function lastConfirmedJson(subject: string): SQL {
  return sql`(select coalesce(json_object_agg(confirmed.field, ${isoText(sql`confirmed.added_at`)}
                order by confirmed.first), '{}'::json)
    from (select f.field, max(${citations.added_at}) as added_at, min(array[${citations.id}::bigint, f.ord]) as first
            from ${citations} join ${sources} on ${sources.id} = ${citations.source_id}
            cross join lateral unnest(${citations.fields}) with ordinality as f(field, ord)
           where ${citations}.${sql.identifier(subject)} = ${requestedId}
           group by f.field) as confirmed)`;
}

/** The two lists of a detail that come from its citations: `citations` and `last_confirmed`, for `subject` (`site_id`). */
export function confirmedLists(subject: string): { citations: SQL; last_confirmed: SQL } {
  return { citations: citationList(subject), last_confirmed: lastConfirmedJson(subject) };
}
