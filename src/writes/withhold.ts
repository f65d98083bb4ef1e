// Withholding entries from the public, and showing them again: the `withheld` column (db/withheld.ts), a change of
// the history per entry and a search outbox event (the indexer then deletes or restores its document).
import { sql } from 'drizzle-orm';
import type { SavedCitation } from '../citations/input.js';
import type { Db } from '../db/client.js';
import { notifyWithheld } from '../db/withheld.js';
import type { Actor } from './transaction.js';

/**
 * Withholds (`withheld` true) or shows again (false) the entries of `target` with these ids, in the caller's
 * transaction, set-based (ids as one array). Each entry whose state changes gets a search outbox event and a change:
 * `withhold` without data (no before, after nor citations: the history keeps its earlier changes, and a feed says
 * only that it is no longer shown, as a delete would), or `publish` with the row as it stands (`after`), so that a
 * copy kept from the change feed gets it back. Nothing is deleted. Returns the ids whose state changed. The API
 * processes are told (`notifyWithheld`), so that search hides them from the commit on, before the indexer drops
 * their documents.
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
  const changed = rows.map((r) => r.id);
  await notifyWithheld(db, target.name, changed, withheld);
  return changed;
}

/** An entry to withdraw or show again, with what its change cites (the correction, the notice naming it again). */
export interface WithdrawalEntry {
  id: string;
  citations: SavedCitation[];
  /**
   * The entry now holding what this one was made of (a proceeding made of a clôture imported before its opening,
   * whose notices the opening's proceeding holds now): its change is a `merge` into it (`merged_into`), so that its id
   * answers as a merged one, 308 to it (history/read.ts `tombstonesOf`, db/survivors.ts), and the feed says so.
   */
  into?: string;
}

/**
 * Withdraws (`withdrawn` true) the entries of `target` with these ids, or shows again (false) those a withdrawal hid,
 * in the caller's transaction: the `withheld` column, as for Sirene (every public read leaves them out, their ids
 * answer 410), but for another reason: the only BODACC notices they were made of were withdrawn by corrections. So
 * the change keeps their data and says why: a `withdraw` change with the row (`before`) and `citations` (the
 * corrections), or a `publish` one with the row (`after`) and what names the entry again. Only an entry whose last
 * change of state is a `withdraw` is shown again, never one a source withheld (`withhold`). Each entry whose state
 * changes gets a search outbox event. Returns the ids whose state changed. The API processes are told
 * (`notifyWithheld`), so that search hides them from the commit on, before the indexer drops their documents.
 */
export async function setWithdrawn(
  db: Db,
  actor: Actor,
  target: { name: string; tableName: string },
  entries: readonly WithdrawalEntry[],
  withdrawn: boolean,
): Promise<string[]> {
  if (!entries.length) return [];
  const ids = entries.map((e) => e.id);
  // Withdrawn into another entry, it is merged into it, recorded as the API's merge records the duplicate (`merge`,
  // `before` its row, `merged_into` the survivor): the change feed tells a copy to follow the survivor, not to drop
  // it (fault 04 of verify38: a `withdraw`).
  const actions = entries.map((e) => (withdrawn ? (e.into ? 'merge' : 'withdraw') : 'publish'));
  const citations = entries.map((e) => JSON.stringify(e.citations));
  const intos = entries.map((e) => (withdrawn ? (e.into ?? null) : null));
  const lastWithdrawn = sql`(select c.action from changes c
      where c.entity_kind = ${target.name} and c.entity_id = t.id
        and c.action in ('delete', 'merge', 'withhold', 'withdraw', 'publish')
      order by c.id desc limit 1) = 'withdraw'`;
  const rows = await db.execute<{ id: string }>(sql`
    with wanted as (
      select * from unnest(${sql.param(ids)}::text[], ${sql.param(citations)}::jsonb[], ${sql.param(intos)}::text[],
                           ${sql.param(actions)}::text[])
        as w(id, citations, into_id, action)),
    prior as (
      select t.id, to_jsonb(t) as row from ${sql.identifier(target.tableName)} t join wanted w on w.id = t.id
       where t.withheld <> ${withdrawn} and ${withdrawn ? sql`true` : lastWithdrawn}
       for no key update of t),
    changed as (
      update ${sql.identifier(target.tableName)} t set withheld = ${withdrawn} from prior b where b.id = t.id
      returning t.id, case when not t.withheld then to_jsonb(t) end as after),
    recorded as (
      insert into changes (entity_kind, entity_id, action, actor, api_key_id, before, after, citations, merged_into)
      select ${target.name}, c.id, w.action::change_action, ${actor.name}, ${actor.keyId}::uuid,
             case when ${withdrawn} then b.row end, c.after, w.citations, w.into_id
        from changed c join prior b on b.id = c.id join wanted w on w.id = c.id
      returning entity_id),
    outbox as (insert into search_outbox (entity_kind, entity_id) select ${target.name}, entity_id from recorded)
    select entity_id as id from recorded order by entity_id`);
  const changed = rows.map((r) => r.id);
  await notifyWithheld(db, target.name, changed, withdrawn);
  return changed;
}
