// Withholding entries from the public, and showing them again: the `withheld` column (db/withheld.ts), a change of
// the history per entry and a search outbox event (the indexer then deletes or restores its document).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Actor } from './transaction.js';

/**
 * Withholds (`withheld` true) or shows again (false) the entries of `target` with these ids, in the caller's
 * transaction, set-based (ids as one array). Each entry whose state changes gets a `withhold` or `publish` change
 * without data (no before, after nor citations: the history keeps its earlier changes, and a feed says only that
 * it is no longer shown) and a search outbox event. Nothing is deleted. Returns the ids whose state changed.
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
      update ${sql.identifier(target.tableName)} set withheld = ${withheld}
       where id = any(${sql.param([...ids])}::text[]) and withheld <> ${withheld}
      returning id),
    recorded as (
      insert into changes (entity_kind, entity_id, action, actor, api_key_id)
      select ${target.name}, id, ${action}::change_action, ${actor.name}, ${actor.keyId}::uuid from changed
      returning entity_id),
    outbox as (insert into search_outbox (entity_kind, entity_id) select ${target.name}, entity_id from recorded)
    select entity_id as id from recorded order by entity_id`);
  return rows.map((r) => r.id);
}
