import { sql } from 'drizzle-orm';
import { check, index, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { clubs } from './clubs.js';
import { mandataires } from './mandataires.js';
import { operators } from './operators.js';
import { people } from './people.js';
import { proceedings } from './proceedings.js';
import { sites } from './sites.js';
import { sources } from './sources.js';

/** A verbatim quote of a source that supports an entity (and which of its fields). */
export const citations = pgTable(
  'citations',
  {
    id: serial('id').primaryKey(),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    site_id: varchar('site_id', { length: 120 }).references(() => sites.id, { onDelete: 'cascade' }),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id, { onDelete: 'cascade' }),
    club_id: varchar('club_id', { length: 120 }).references(() => clubs.id, { onDelete: 'cascade' }),
    mandataire_id: varchar('mandataire_id', { length: 120 }).references(() => mandataires.id, { onDelete: 'cascade' }),
    proceeding_id: varchar('proceeding_id', { length: 120 }).references(() => proceedings.id, { onDelete: 'cascade' }),
    person_id: varchar('person_id', { length: 120 }).references(() => people.id, { onDelete: 'cascade' }),
    /** When the citation was recorded: a fact cited again is confirmed again. */
    added_at: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'citations_one_subject',
      sql`num_nonnulls(${t.site_id}, ${t.operator_id}, ${t.club_id}, ${t.mandataire_id}, ${t.proceeding_id}, ${t.person_id}) = 1`,
    ),
    // A source's citations, latest recorded first (its detail and its list, modules/sources): by source, then number.
    index('citations_source_idx').on(t.source_id, t.id),
    // A citation has one subject: each subject column's index holds only the rows that name one (a full index would
    // hold every citation, five of six of them null, and be written for each). `col = $1` implies `col is not null`,
    // so look-ups, joins and foreign keys' cascades by subject still use these.
    index('citations_site_idx').on(t.site_id).where(sql`${t.site_id} is not null`),
    index('citations_operator_idx').on(t.operator_id).where(sql`${t.operator_id} is not null`),
    index('citations_club_idx').on(t.club_id).where(sql`${t.club_id} is not null`),
    index('citations_mandataire_idx').on(t.mandataire_id).where(sql`${t.mandataire_id} is not null`),
    index('citations_proceeding_idx').on(t.proceeding_id).where(sql`${t.proceeding_id} is not null`),
    index('citations_person_idx').on(t.person_id).where(sql`${t.person_id} is not null`),
  ],
);
