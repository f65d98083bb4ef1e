// The keys list cursors are signed with, read from the database (db/schema/access.ts `cursorKeys`) so that every API
// process over it signs and checks with the same ones: a cursor carries facts the API states again on later pages
// (the total and whether it is exact), which a client must not be able to rewrite.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** How long a key read stays in use before the table is read again (in the background), in ms. */
export const cursorKeysRereadMs = 60_000;

/**
 * How old a key must be before processes sign with it, in seconds: longer than `cursorKeysRereadMs`, so that every
 * process has read a new key before any signs with it (a cursor signed by it is then checked by all).
 */
export const cursorKeySigningAgeSeconds = 120;

/** Bytes of HMAC-SHA-256 kept in a cursor (128 bits), written in base64url (22 characters). */
const tagBytes = 16;

/** The keys one process read: the one it signs with, and every one it accepts. */
export class CursorKeys {
  /**
   * @param keys every key of the table by number (`k` of a cursor), its secret as text.
   * @param signing the number of the key new cursors are signed with.
   */
  constructor(
    private readonly keys: ReadonlyMap<number, string>,
    private readonly signing: number,
  ) {}

  /** The number of the key new cursors are signed with. */
  get signingKey(): number {
    return this.signing;
  }

  /** The tag of `payload` under key `k`; undefined when this process holds no such key. */
  tag(k: number, payload: string): string | undefined {
    const secret = this.keys.get(k);
    if (secret === undefined) return undefined;
    return createHmac('sha256', secret).update(payload).digest().subarray(0, tagBytes).toString('base64url');
  }

  /** Whether `tag` is the tag of `payload` under key `k` (compared in constant time). */
  verifies(k: number, payload: string, tag: string): boolean {
    const expected = this.tag(k, payload);
    if (expected === undefined || expected.length !== tag.length) return false;
    return timingSafeEqual(Buffer.from(expected), Buffer.from(tag));
  }

  /** Whether this process holds key `k`. */
  holds(k: number): boolean {
    return this.keys.has(k);
  }
}

interface Held {
  keys: Promise<CursorKeys>;
  readAt: number;
}

const held = new WeakMap<Db, Held>();

async function readKeys(db: Db): Promise<CursorKeys> {
  const rows = await db.execute<{ id: string | number; secret: string; old_enough: boolean }>(
    sql`select id, secret, created_at <= now() - make_interval(secs => ${cursorKeySigningAgeSeconds}) as old_enough
        from cursor_keys order by id`,
  );
  const keys = new Map(rows.map((r) => [Number(r.id), r.secret] as const));
  // The newest key old enough that every process has read it; else the oldest (a database's first key, at once).
  const signing = rows.filter((r) => r.old_enough).at(-1) ?? rows[0];
  if (!signing) throw new Error('cursor_keys is empty: no key to sign list cursors with (migration 0037 makes one)');
  return new CursorKeys(keys, Number(signing.id));
}

/**
 * The cursor keys of the database `db`, read on first use (a failed first reading is thrown, the database's error, and
 * tried again on the next call), then read again in the background once `cursorKeysRereadMs` has passed, the keys
 * read before serving meanwhile (and on, if that reading fails): a key added or deleted reaches every process within
 * that time.
 */
export function cursorKeysOf(db: Db): Promise<CursorKeys> {
  const now = Date.now();
  const current = held.get(db);
  if (!current) {
    const first = { keys: readKeys(db), readAt: now };
    held.set(db, first);
    first.keys.catch(() => {
      if (held.get(db) === first) held.delete(db);
    });
    return first.keys;
  }
  if (now - current.readAt >= cursorKeysRereadMs) {
    current.readAt = now;
    readKeys(db).then(
      (keys) => held.set(db, { keys: Promise.resolve(keys), readAt: now }),
      () => {}, // the keys read before serve on; read again after the next interval
    );
  }
  return current.keys;
}
