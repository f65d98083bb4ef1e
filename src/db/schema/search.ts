import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Every write records here, in its own transaction, which entry changed; the
 * indexer drains it into Meilisearch. Postgres stays the truth.
 */
export const searchOutbox = pgTable(
  'search_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity_kind: varchar('entity_kind', { length: 20 }).notNull(),
    entity_id: varchar('entity_id', { length: 120 }).notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    processed_at: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    last_error: text('last_error'),
  },
  (t) => [index('search_outbox_pending_idx').on(t.id).where(sql`${t.processed_at} is null`)],
);

/** What each Meilisearch index was built with, to rebuild it when the settings change. */
export const searchIndexState = pgTable('search_index_state', {
  index_name: varchar('index_name', { length: 200 }).primaryKey(),
  settings_hash: varchar('settings_hash', { length: 64 }).notNull(),
  document_count: integer('document_count').notNull(),
  built_at: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
});
