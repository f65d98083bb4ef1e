import { index, pgTable, primaryKey, text, varchar } from 'drizzle-orm/pg-core';
import { partialDate, slugId, sortIndex, timestampSortIndexes, timestamps, version } from './columns.js';
import { proceedingKind } from './enums.js';
import { mandataires } from './mandataires.js';
import { operators } from './operators.js';
import { sites } from './sites.js';
import { sources } from './sources.js';

/** An insolvency proceeding (or a reported difficulty) of a company. */
export const proceedings = pgTable(
  'proceedings',
  {
    id: slugId(),
    company_name: text('company_name').notNull(),
    company_description: text('company_description'),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id),
    kind: proceedingKind('kind').notNull(),
    date: partialDate('date'),
    court: text('court'),
    acquirer_id: varchar('acquirer_id', { length: 120 }).references(() => operators.id),
    notes: text('notes'),
    version: version(),
    ...timestamps,
  },
  (t) => [
    sortIndex('proceedings', 'company_name', 'text'),
    sortIndex('proceedings', 'date', 'text'),
    ...timestampSortIndexes('proceedings'),
    index('proceedings_operator_idx').on(t.operator_id),
  ],
);

export const proceedingPractitioners = pgTable(
  'proceeding_practitioners',
  {
    proceeding_id: varchar('proceeding_id', { length: 120 })
      .notNull()
      .references(() => proceedings.id, { onDelete: 'cascade' }),
    mandataire_id: varchar('mandataire_id', { length: 120 })
      .notNull()
      .references(() => mandataires.id, { onDelete: 'cascade' }),
    role: text('role'),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
  },
  (t) => [primaryKey({ columns: [t.proceeding_id, t.mandataire_id] }), index('pp_mandataire_idx').on(t.mandataire_id)],
);

export const proceedingSites = pgTable(
  'proceeding_sites',
  {
    proceeding_id: varchar('proceeding_id', { length: 120 })
      .notNull()
      .references(() => proceedings.id, { onDelete: 'cascade' }),
    site_id: varchar('site_id', { length: 120 })
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.proceeding_id, t.site_id] }), index('ps_site_idx').on(t.site_id)],
);
