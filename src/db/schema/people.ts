import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, serial, text, varchar } from 'drizzle-orm/pg-core';
import { clubs } from './clubs.js';
import { idPrefixIndex, nameLookupIndex, slugId, timestamps } from './columns.js';
import { mandataires } from './mandataires.js';
import { operators } from './operators.js';
import { sources } from './sources.js';

export const people = pgTable(
  'people',
  {
    id: slugId(),
    name: text('name').notNull(),
    notes: text('notes'),
    ...timestamps,
  },
  // An officer named by name is looked up by it (modules/clubs/officers.ts), case aside.
  () => [nameLookupIndex('people', 'name'), idPrefixIndex('people')],
);

/** A person's role, in an organisation of the directory or (organisation null) as the source words it. */
export const roles = pgTable(
  'roles',
  {
    id: serial('id').primaryKey(),
    person_id: varchar('person_id', { length: 120 })
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id, { onDelete: 'cascade' }),
    club_id: varchar('club_id', { length: 120 }).references(() => clubs.id, { onDelete: 'cascade' }),
    mandataire_id: varchar('mandataire_id', { length: 120 }).references(() => mandataires.id, { onDelete: 'cascade' }),
    current: boolean('current'),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
  },
  (t) => [
    check('roles_one_organisation', sql`num_nonnulls(${t.operator_id}, ${t.club_id}, ${t.mandataire_id}) <= 1`),
    index('roles_person_idx').on(t.person_id),
    index('roles_operator_idx').on(t.operator_id),
    index('roles_club_idx').on(t.club_id),
    index('roles_mandataire_idx').on(t.mandataire_id),
  ],
);
