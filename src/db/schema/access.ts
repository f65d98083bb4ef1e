import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  char,
  customType,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/** A full transaction id (`xid8`), as PostgreSQL writes it: digits. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const apiKeyScope = pgEnum('api_key_scope', ['write', 'admin']);

/** Keys that may write. Only a hash of each key is kept; the key is shown once, at creation. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  scope: apiKeyScope('scope').notNull(),
  /** The key's first characters, to recognise it in listings. */
  prefix: varchar('prefix', { length: 16 }).notNull().unique(),
  /** SHA-256 of the whole key, hex. */
  hash: char('hash', { length: 64 }).notNull().unique(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revoked_at: timestamp('revoked_at', { withTimezone: true }),
  last_used_at: timestamp('last_used_at', { withTimezone: true }),
});

/**
 * The keys list cursors are signed with (HMAC-SHA-256, listing/cursor-keys.ts), shared by every API process through
 * the database: the first made by migration 0034 with PostgreSQL's strong random source (`gen_random_uuid`). A
 * process signs with the newest key it read and accepts a cursor signed by any key it read; a cursor whose key is
 * not in the table (deleted: rotated out) is a 400 naming `cursor`.
 */
export const cursorKeys = pgTable('cursor_keys', {
  /** The key's number, carried in the cursors it signs (`k`). */
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** The secret, 64 hexadecimal digits (256 bits; 244 of them random). */
  secret: text('secret').notNull(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * `withhold`: the entry is withheld from the public (a source says it may not be published; db/withheld.ts), the
 * change recorded without its data; `withdraw`: hidden the same way because the only notices it was made of were
 * withdrawn by BODACC corrections, the change recorded with its data and citing those corrections (its history stays
 * public); `publish`: it is shown again.
 */
export const changeAction = pgEnum('change_action', [
  'create',
  'update',
  'delete',
  'merge',
  'withhold',
  'publish',
  'withdraw',
]);

/**
 * Every change of an entry, in order: its history, the partners' change feed,
 * and, for deletes and merges, its tombstone. Nothing is overwritten without
 * a row here. `id` is handed out at insert time, so an entry's changes have
 * increasing ids (its writes wait on its row's lock), but rows become visible
 * at commit: the feed follows `position`, given in commit order
 * (db/change-positions.ts).
 */
export const changes = pgTable(
  'changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity_kind: varchar('entity_kind', { length: 20 }).notNull(),
    entity_id: varchar('entity_id', { length: 120 }).notNull(),
    action: changeAction('action').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The API key's name, or `seed` for the initial load. */
    actor: text('actor').notNull(),
    api_key_id: uuid('api_key_id').references(() => apiKeys.id),
    before: jsonb('before'),
    after: jsonb('after'),
    citations: jsonb('citations').notNull().default(sql`'[]'::jsonb`),
    /** For a merge, the surviving id. */
    merged_into: varchar('merged_into', { length: 120 }),
    /** The writing transaction (`pg_current_xact_id()`): the feed positions it once certainly finished. */
    txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
    /** Place in the change feed, null until positioned (db/change-positions.ts); rows of before it: their id. */
    position: bigint('position', { mode: 'number' }).unique('changes_position_key'),
  },
  (t) => [
    index('changes_entity_idx').on(t.entity_kind, t.entity_id, t.id),
    // The ids of the changes that are no create nor update (the tombstones, a delete, a merge, a withholding, and the
    // rare showings again) in the "C" collation: the ids a create may take skip the tombstones starting with its slug
    // (writes/ids.ts `reserveIds`), a range of this index rather than a scan of every change. Named by the values
    // it leaves out: a value added by ALTER TYPE cannot be named in the migration that runs in its transaction.
    index('changes_tombstone_id_idx')
      .using('btree', t.entity_kind, sql.raw('"entity_id" collate "C"'))
      .where(sql`${t.action} not in ('create', 'update')`),
    // The merges into an entry (its absorbed entries' merges), newest first: the page's Atom feed tells them in the
    // survivor's changes (pages/data.ts `changesOf`), an index probe per entry found.
    index('changes_merged_into_idx').on(t.entity_kind, t.merged_into, t.id).where(sql`${t.action} = 'merge'`),
    // The rows still to position: empty but for the last instants' (or a long transaction's), read on every feed page.
    index('changes_unpositioned_idx').on(t.txid, t.id).where(sql`${t.position} is null`),
  ],
);
