// Reading the history: every change of an entry (its history, the change feed)
// and, for a deleted, merged or withheld id, its tombstone. The changes are
// written by the write envelope (src/writes/).
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { changes } from '../db/schema/index.js';
import { survivorsOf } from '../db/survivors.js';

export const historyEntry = z
  .object({
    id: z
      .number()
      .int()
      .meta({
        description:
          "The change's number: an entry's changes have increasing numbers, in the order they were made (the change " +
          "feed's order is `position`).",
      }),
    at: z.string().meta({ format: 'date-time' }),
    action: z.enum(['create', 'update', 'delete', 'merge', 'withhold', 'publish', 'withdraw']).meta({
      description:
        '`withhold`: the entry is no longer shown (a source says it may not be published: Sirene), recorded ' +
        'without its data: its kind and pseudonym are the only thing it shows (`before`, `after` null, no ' +
        'citations, no changed fields), for a copy to drop the entry by, as for a delete; the change feed names a ' +
        'withheld entry by `withheld-` and the first 32 hex digits of the SHA-256 of `<kind>:<id>`, never its id ' +
        '(made of its Sirene data); `withdraw`: no longer shown because ' +
        'the only BODACC notices it was made of were withdrawn by corrections, `before` its row, citing those ' +
        'corrections (its history stays shown; a later notice naming it shows it again); `publish`: it is shown ' +
        'again, `after` its row.',
    }),
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

/** The condition that selects the changes of one entry. */
const ofEntry = (kind: string, id: string) => and(eq(changes.entity_kind, kind), eq(changes.entity_id, id));

/**
 * The latest `limit` changes of an entry, oldest first (an entry's page and a deleted entry's show them, with a link to
 * the whole history page by page), read backwards by the index changes_entity_idx (kind, id, number): the page costs
 * the same for an entry of a million changes as for one of three.
 */
export async function latestChanges(db: Db, kind: string, id: string, limit: number) {
  const rows = await db.select().from(changes).where(ofEntry(kind, id)).orderBy(desc(changes.id)).limit(limit);
  return rows.reverse().map(toChangeEntry);
}

/**
 * A page of an entry's history: at most `limit` of its changes, oldest first, after change number `after` (its
 * first change without), read by the index changes_entity_idx (kind, id, number), so that a page costs the same at
 * the millionth change as at the first.
 */
export async function historyPage(db: Db, kind: string, id: string, page: { after?: number; limit: number }) {
  const after = page.after === undefined ? undefined : gt(changes.id, page.after);
  const rows = await db
    .select()
    .from(changes)
    .where(and(ofEntry(kind, id), after))
    .orderBy(asc(changes.id))
    .limit(page.limit);
  return rows.map(toChangeEntry);
}

/** How many changes an entry has (counted from the index changes_entity_idx alone). */
export async function historyLength(db: Db, kind: string, id: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(changes).where(ofEntry(kind, id));
  return row?.n ?? 0;
}

/** The changes that say what an id is now: ended (deleted, merged), withheld, withdrawn or shown again. */
const stateActions = ['delete', 'merge', 'withhold', 'withdraw', 'publish'] as const;

/** What an id whose entry is not shown answers: 308 to the survivor of a merge, 410 deleted, withheld or withdrawn. */
export type Tombstone = { action: 'delete' | 'merge' | 'withhold' | 'withdraw'; at: Date; merged_into: string | null };

/**
 * For an id with no row shown: its last change of state if it was deleted, merged, withheld (the row kept, not
 * shown: a source says it may not be published) or withdrawn (the row kept, not shown: the notices it was made of
 * were withdrawn by corrections), else null (never ended, or shown again). A merge's `merged_into` is the end of its
 * chain of merges (`survivorsOf`); an id merged into an entry withheld since gets that entry's `withhold`: its
 * survivor's id is not to be told.
 */
export async function tombstoneOf(db: Db, kind: string, id: string): Promise<Tombstone | null> {
  const tombstone = (await tombstonesOf(db, kind, [id])).get(id) ?? null;
  if (tombstone?.action !== 'merge') return tombstone;
  // Merged into an entry withheld since (at the end of the chain of merges): answered as withheld, never redirected
  // to the survivor's id, which may hold its withheld data (a Sirene site's enseigne and SIRET).
  const survivor = (await survivorsOf(db, kind, [id])).get(id);
  const end = survivor ? (await tombstonesOf(db, kind, [survivor])).get(survivor) : undefined;
  // Else the end of the chain (a into b, b into c: a's survivor is c), so that every merged id answers one 308 straight
  // to the entry that stands for it, never a chain of redirects.
  return end?.action === 'withhold' ? end : { ...tombstone, merged_into: survivor ?? tombstone.merged_into };
}

/** The tombstone of each of these ids (`tombstoneOf`); ids never ended nor withheld are absent. */
export async function tombstonesOf(db: Db, kind: string, ids: string[]): Promise<Map<string, Tombstone>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectDistinctOn([changes.entity_id], {
      entity_id: changes.entity_id,
      action: changes.action,
      at: changes.at,
      merged_into: changes.merged_into,
    })
    .from(changes)
    .where(
      and(
        eq(changes.entity_kind, kind),
        // One array parameter, not one per id (`inArray`): a batch's thousands of ids built into a statement each time
        // cost the import's CLI seconds of drizzle's query building, and PostgreSQL a statement of its own to parse.
        sql`${changes.entity_id} = any(${sql.param(ids)})`,
        inArray(changes.action, [...stateActions]),
      ),
    )
    .orderBy(changes.entity_id, desc(changes.id));
  return new Map(
    rows.flatMap(({ entity_id, action, ...rest }) =>
      action === 'publish'
        ? []
        : // A withdrawal into another entry (`WithdrawalEntry.into`: a proceeding made without its opening, whose
          // notices the opening's proceeding now holds) ended the entry as a merge does: its id names the survivor.
          [[entity_id, { action: action === 'withdraw' && rest.merged_into ? 'merge' : action, ...rest } as Tombstone]],
    ),
  );
}

/**
 * The stable pseudonym under which the change feed names an entry withheld now (`withhold`: Sirene says it is not to
 * be published), in place of its id, which an import may have made of the withheld data (a Sirene site's id holds its
 * enseigne and SIRET): `withheld-` and the first 32 hexadecimal digits of the SHA-256 of `<kind>:<id>`. A partner that
 * kept the entry knows its id and computes its pseudonym to drop it; who never saw the id cannot read it back.
 */
export function withheldPseudonym(kind: string, id: string): string {
  return `withheld-${createHash('sha256').update(`${kind}:${id}`).digest('hex').slice(0, 32)}`;
}

/** The longest string taken for an id when looking for references to withheld entries in a change's data. */
const longestId = 300;

/** Every string of a value that may be an entry's id (a reference in a change's `before` or `after`). */
function idLikeStrings(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length <= longestId && /^[A-Za-z0-9_-]+$/.test(value)) found.add(value);
  } else if (Array.isArray(value)) for (const item of value) idLikeStrings(item, found);
  else if (value && typeof value === 'object') for (const child of Object.values(value)) idLikeStrings(child, found);
}

/** A value with every string that is a withheld entry's id replaced by its pseudonym (`pseudonyms`, by id). */
function replaced(value: unknown, pseudonyms: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return pseudonyms.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaced(item, pseudonyms));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, child]) => [k, replaced(child, pseudonyms)]));
  }
  return value;
}

/**
 * The changes of a feed or a history as they may be shown. Those of an entry withheld now (its last change of state a
 * `withhold`) keep their kind, action and date but none of its data (`before`, `after`, citations, fields changed),
 * as the `withhold` change itself, and name it by its pseudonym (`withheldPseudonym`), never by its id; and wherever
 * another change names a withheld entry (a site's `operator_id`, a merge's `merged_into`), the pseudonym stands for
 * its id. `kinds`: the kinds whose entries may be withheld (a reference's kind is not written beside it). One query
 * for the whole page.
 */
export async function withoutWithheldData<Change extends ReturnType<typeof toChangeEntry>>(
  db: Db,
  page: Change[],
  kinds: readonly string[],
): Promise<Change[]> {
  if (!page.length) return page;
  const references = new Set<string>();
  for (const e of page) {
    idLikeStrings(e.before, references);
    idLikeStrings(e.after, references);
    if (e.merged_into) references.add(e.merged_into);
  }
  const pairs = [
    ...page.map((e) => [e.entity_kind, e.entity_id] as const),
    ...kinds.flatMap((kind) => [...references].map((id) => [kind, id] as const)),
  ];
  const rows = await db.execute<{ kind: string; id: string; action: string }>(sql`
    select distinct on (c.entity_kind, c.entity_id) c.entity_kind as kind, c.entity_id as id, c.action
      from changes c
      join unnest(${sql.param(pairs.map(([kind]) => kind))}::text[], ${sql.param(pairs.map(([, id]) => id))}::text[])
           as e(kind, id) on c.entity_kind = e.kind and c.entity_id = e.id
     where c.action::text = any(${sql.param([...stateActions])}::text[])
     order by c.entity_kind, c.entity_id, c.id desc`);
  const withheld = [...rows].filter((r) => r.action === 'withhold');
  if (!withheld.length) return page;
  const entries = new Set(withheld.map((r) => `${r.kind}:${r.id}`));
  const pseudonyms = new Map(withheld.map((r) => [r.id, withheldPseudonym(r.kind, r.id)]));
  return page.map((e) => {
    if (entries.has(`${e.entity_kind}:${e.entity_id}`)) {
      return {
        ...e,
        entity_id: withheldPseudonym(e.entity_kind, e.entity_id),
        before: null,
        after: null,
        citations: [],
        changed_fields: [],
        merged_into: e.merged_into === null ? null : (pseudonyms.get(e.merged_into) ?? e.merged_into),
      };
    }
    return {
      ...e,
      before: replaced(e.before, pseudonyms) as Change['before'],
      after: replaced(e.after, pseudonyms) as Change['after'],
      merged_into: e.merged_into === null ? null : (pseudonyms.get(e.merged_into) ?? e.merged_into),
    };
  });
}
