// API keys: created with a name and a scope, shown once, stored as a hash,
// listed and revoked from the command line. Transport-independent.
import { createHash, randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiKeys } from '../db/schema/index.js';

export const scopes = ['write', 'admin'] as const;
export type Scope = (typeof scopes)[number];

/** What a key may do: `admin` includes `write`. */
export function allows(held: Scope, needed: Scope): boolean {
  return held === 'admin' || held === needed;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedKey {
  id: string;
  name: string;
  scope: Scope;
  prefix: string;
  /** The key itself: shown once, never stored. */
  key: string;
}

export async function createKey(db: Db, input: { name: string; scope: Scope }): Promise<CreatedKey> {
  const prefix = `plt_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, scope: input.scope, prefix, hash: hashKey(key) })
    .returning();
  return { id: row!.id, name: row!.name, scope: row!.scope, prefix, key };
}

export async function listKeys(db: Db) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scope: apiKeys.scope,
      prefix: apiKeys.prefix,
      created_at: apiKeys.created_at,
      revoked_at: apiKeys.revoked_at,
      last_used_at: apiKeys.last_used_at,
    })
    .from(apiKeys)
    .orderBy(asc(apiKeys.created_at));
}

/** Revokes a key by id or prefix; returns it, or null when none matches. */
export async function revokeKey(db: Db, idOrPrefix: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const [row] = await db
    .update(apiKeys)
    .set({ revoked_at: sql`coalesce(${apiKeys.revoked_at}, now())` })
    .where(isUuid ? eq(apiKeys.id, idOrPrefix) : eq(apiKeys.prefix, idOrPrefix))
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revoked_at: apiKeys.revoked_at });
  return row ?? null;
}

export interface Actor {
  keyId: string | null;
  name: string;
  scope: Scope;
}

export type Authentication = { ok: true; actor: Actor } | { ok: false; reason: 'unknown' | 'revoked' };

/** Finds the key a bearer token stands for, and notes its use. */
export async function authenticate(db: Db, token: string): Promise<Authentication> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.hash, hashKey(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  await db.update(apiKeys).set({ last_used_at: sql`now()` }).where(eq(apiKeys.id, row.id));
  return { ok: true, actor: { keyId: row.id, name: row.name, scope: row.scope } };
}
