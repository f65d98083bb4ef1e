// Withholding entries from the public, and showing them again: the `withheld` column (db/withheld.ts), a change of
// the history per entry and a search outbox event (the indexer then deletes or restores its document).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Actor } from './transaction.js';

/**
 * Withholds (`withheld` true) or shows again (false) the entries of `target` with these ids, in the caller's
 * transaction, set-based (ids as one array). Each entry whose state changes gets a search outbox event and a change:
 * `withhold` without data (no before, after nor citations: the history keeps its earlier changes, and a feed says
 * only that it is no longer shown, as a delete would), or `publish` with the row as it stands (`after`), so that a
 * copy kept from the change feed gets it back. Nothing is deleted. Returns the ids whose state changed.
 */
export async function setWithheld(
  db: Db,
  actor: Actor,
  target: { name: string; tableName: string },
  ids: readonly string[],
  withheld: boolean,
): Promise<string[]> {
  if (!ids.length) return [];
  const action = withheld ? 'withhold' : 'publish';
  const rows = await db.execute<{ id: string }>(sql`
    with changed as (
      update ${sql.identifier(target.tableName)} t set withheld = ${withheld}
       where t.id = any(${sql.param([...ids])}::text[]) and t.withheld <> ${withheld}
      returning t.id, case when not t.withheld then to_jsonb(t) end as after),
    recorded as (
      insert into changes (entity_kind, entity_id, action, actor, api_key_id, after)
      select ${target.name}, id, ${action}::change_action, ${actor.name}, ${actor.keyId}::uuid, after from changed
      returning entity_id),
    outbox as (insert into search_outbox (entity_kind, entity_id) select ${target.name}, entity_id from recorded)
    select entity_id as id from recorded order by entity_id`);
  return rows.map((r) => r.id);
}
