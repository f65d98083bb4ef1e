import { sql } from 'drizzle-orm';
import { index, integer, pgTable, serial, text, varchar } from 'drizzle-orm/pg-core';
import {
  ascendingSortIndex,
  idPrefixIndex,
  nameLookupIndex,
  partialDate,
  place,
  slugId,
  sortIndex,
  timestampSortIndexes,
  timestamps,
  version,
} from './columns.js';
import { clubAffiliation, clubKind, clubStatus } from './enums.js';
import { operators } from './operators.js';
import { sources } from './sources.js';

/** A regional club of contact-centre directors, a cluster or a national association. */
export const clubs = pgTable(
  'clubs',
  {
    id: slugId(),
    name: text('name').notNull(),
    kind: clubKind('kind').notNull(),
    /** Region served, resolved to today's region (null for national bodies). */
    served_region_code: varchar('served_region_code', { length: 3 }),
    served_region_name: text('served_region_name'),
    /** The region name as the source printed it (a former region, often). */
    served_region_as_printed: text('served_region_as_printed'),
    /** The pre-2016 region served, when the source names one (Picardie…). */
    served_former_region_name: text('served_former_region_name'),
    ...place,
    /** Member count as the club claims it, with the date of the claim. */
    member_count: integer('member_count'),
    member_count_as_of: partialDate('member_count_as_of'),
    staff_count: integer('staff_count'),
    status: clubStatus('status'),
    status_as_of: partialDate('status_as_of'),
    activities: text('activities').array().notNull().default(sql`'{}'::text[]`),
    website: text('website'),
    notes: text('notes'),
    version: version(),
    ...timestamps,
  },
  (t) => [
    sortIndex('clubs', 'name', 'text'),
    nameLookupIndex('clubs', 'name'),
    idPrefixIndex('clubs'),
    sortIndex('clubs', 'member_count', 'integer'),
    ascendingSortIndex('clubs', 'member_count', 'integer'),
    ...timestampSortIndexes('clubs'),
    index('clubs_region_idx').on(t.served_region_code),
  ],
);

/** An organisation that is a member, sponsor or supporter of a club. */
export const clubAffiliations = pgTable(
  'club_affiliations',
  {
    id: serial('id').primaryKey(),
    club_id: varchar('club_id', { length: 120 })
      .notNull()
      .references(() => clubs.id, { onDelete: 'cascade' }),
    relation: clubAffiliation('relation').notNull(),
    name: text('name').notNull(),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
  },
  // The operator's side indexed: an operator's merge moves it (operators/writes.ts `moveReferences`), its delete's
  // foreign key checks it; without it, each a read of the whole table.
  (t) => [index('club_affiliations_club_idx').on(t.club_id), index('club_affiliations_operator_idx').on(t.operator_id)],
);
