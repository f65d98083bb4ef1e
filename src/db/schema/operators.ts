import { sql } from 'drizzle-orm';
import { type AnyPgColumn, char, check, index, pgTable, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import {
  idPrefixIndex,
  nameLookupIndex,
  partialDate,
  slugId,
  sortIndex,
  timestampSortIndexes,
  timestamps,
  version,
  withheld,
} from './columns.js';
import { operatorKind } from './enums.js';

/** A company that runs contact-centre sites, or works around them. */
export const operators = pgTable(
  'operators',
  {
    id: slugId(),
    name: text('name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    kind: operatorKind('kind'),
    parent_id: varchar('parent_id', { length: 120 }).references((): AnyPgColumn => operators.id),
    country: char('country', { length: 2 }),
    siren: char('siren', { length: 9 }),
    /** Sirene's facts on the legal unit: sigle, catégorie juridique (4 digits), catégorie d'entreprise. */
    sigle: text('sigle'),
    legal_category: varchar('legal_category', { length: 4 }),
    categorie_entreprise: varchar('categorie_entreprise', { length: 3 }),
    /** `active` or `ceased` (Sirene's état administratif A / C), with the date it ceased. */
    administrative_status: varchar('administrative_status', { length: 6 }),
    ceased_on: partialDate('ceased_on'),
    website: text('website'),
    description: text('description'),
    withheld: withheld(),
    version: version(),
    ...timestamps,
  },
  (t) => [
    sortIndex('operators', 'name', 'text'),
    nameLookupIndex('operators', 'name'),
    idPrefixIndex('operators'),
    ...timestampSortIndexes('operators'),
    index('operators_parent_idx').on(t.parent_id),
    index('operators_siren_idx').on(t.siren),
    // A SIREN is one legal unit: one entry the public may see holds it (writes/envelope.ts says which, 409).
    uniqueIndex('operators_siren_shown_key').on(t.siren).where(sql`not ${t.withheld}`),
    index('operators_withheld_idx').on(t.id).where(sql`${t.withheld}`),
    check('operators_siren_format', sql`${t.siren} ~ '^[0-9]{9}$'`),
  ],
);
