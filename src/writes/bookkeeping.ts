// What every write shares: the actor, optimistic concurrency (ETag /
// If-Match), the history entry, and the outbox event, all in the write's
// transaction.
import { eq, sql } from 'drizzle-orm';
import { type PgColumn, type PgTable, PgTransaction } from 'drizzle-orm/pg-core';
import slugify from 'slugify';
import type { Db } from '../db/client.js';
import { changes } from '../db/schema/index.js';
import { DomainError } from '../domain/errors.js';
import { slugMaxLength } from '../domain/vocabulary.js';
import { tombstoneOf } from '../history/read.js';
import type { Actor } from '../modules/keys/service.js';
import { recordChanges } from '../search/outbox.js';

export interface WriteContext {
  db: Db;
  actor: Actor;
}

/**
 * Runs `work` in a transaction: a new one, or the caller's when it already
 * holds one (a bulk import), without a savepoint: thousands of savepoints in
 * one transaction slow PostgreSQL down (subtransaction overflow), and the
 * caller's transaction already makes the whole all or nothing.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return work(db);
  return db.transaction((tx) => work(tx as unknown as Db));
}

export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** PATCH and DELETE must name the version they change: 428 without, 412 when stale. */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (!ifMatch) {
    throw new DomainError(
      'precondition_required',
      `Send If-Match with the ETag of the entry (currently ${etagOf(version)}), so that no change made meanwhile is overwritten.`,
    );
  }
  const given = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!given.includes(etagOf(version)) && !given.includes('*')) {
    throw new DomainError(
      'precondition_failed',
      `The entry has changed since ${ifMatch}: it is now ${etagOf(version)}. Read it again, then retry.`,
    );
  }
}

export interface ChangeRecord {
  kind: string;
  id: string;
  action: 'create' | 'update' | 'delete' | 'merge';
  before: unknown;
  after: unknown;
  citations: unknown[];
  mergedInto?: string;
}

/** The history entry and the search outbox event of one change, in the caller's transaction. */
export async function recordChange(ctx: WriteContext, change: ChangeRecord): Promise<void> {
  await ctx.db.insert(changes).values({
    entity_kind: change.kind,
    entity_id: change.id,
    action: change.action,
    actor: ctx.actor.name,
    api_key_id: ctx.actor.keyId,
    before: change.before ?? null,
    after: change.after ?? null,
    citations: change.citations,
    merged_into: change.mergedInto ?? null,
  });
  await recordChanges(ctx.db, change.kind, [change.id]);
  if (change.mergedInto) await recordChanges(ctx.db, change.kind, [change.mergedInto]);
}

/** JSON with object keys sorted, so that equal values compare equal (jsonb does not keep key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Fields whose value differs between two states. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => canonical(before[k] ?? null) !== canonical(after[k] ?? null));
}

type Table = PgTable & { id: PgColumn };

async function idInUse(db: Db, table: Table, kind: string | null, id: string): Promise<boolean> {
  const [taken] = await db
    .select({ id: table.id })
    .from(table as PgTable)
    .where(eq(table.id, id));
  return Boolean(taken) || (kind !== null && Boolean(await tombstoneOf(db, kind, id)));
}

/**
 * The id of a new entry: the one asked for (409 when taken, even by a deleted
 * entry: ids are never reused), or one made from `words`. `kind` null: a
 * table without tombstones (people).
 */
export async function newId(
  db: Db,
  table: Table,
  kind: string | null,
  wanted: string | undefined,
  words: string,
): Promise<string> {
  if (wanted) {
    if (await idInUse(db, table, kind, wanted)) {
      throw new DomainError('conflict', `The id '${wanted}' is taken (ids are never reused, even after a delete).`);
    }
    return wanted;
  }
  const base =
    slugify(words, { lower: true, strict: true, locale: 'fr' })
      .slice(0, slugMaxLength - 4)
      .replace(/-+$/, '') ||
    kind ||
    'entry';
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await idInUse(db, table, kind, id))) return id;
  }
}

/** The problem for an id with no row: 410 when deleted or merged (Location names the survivor), else 404. */
export async function missingEntry(
  db: Db,
  kind: string,
  singular: string,
  basePath: string,
  id: string,
): Promise<DomainError> {
  const tombstone = await tombstoneOf(db, kind, id);
  if (tombstone?.action === 'merge') {
    return new DomainError('gone', `The ${singular} '${id}' was merged into '${tombstone.merged_into}'.`, {
      mergedInto: { kind, id: tombstone.merged_into ?? '' },
    });
  }
  if (tombstone)
    return new DomainError('gone', `The ${singular} '${id}' was deleted on ${tombstone.at.toISOString()}.`);
  return new DomainError('not_found', `No ${singular} has the id '${id}'.`);
}

/** A row as the history and the change feed keep it: PostgreSQL's own JSON of it, to the microsecond. */
export async function snapshotRow(
  db: Db,
  table: 'sites' | 'operators' | 'clubs' | 'mandataires' | 'proceedings',
  id: string,
) {
  const [row] = await db.execute<{ snapshot: Record<string, unknown> }>(
    sql`select to_jsonb(t) as snapshot from ${sql.identifier(table)} t where t.id = ${id}`,
  );
  return row?.snapshot ?? null;
}
