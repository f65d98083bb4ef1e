import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * The SIREN (9 digits) and SIRET (14) a Sirene stock said may not be published (`statutDiffusion…` = P):
 * identifiers only, nothing else of them. Their establishments are never imported afterwards, even
 * from a file that does not say so (a stock read without its legal units), until a newer stock publishes them (O).
 */
export const sireneNonDiffusible = pgTable(
  'sirene_non_diffusible',
  { id: varchar('id', { length: 14 }).primaryKey() },
  (t) => [check('sirene_non_diffusible_id', sql`${t.id} ~ '^[0-9]{9}([0-9]{5})?$'`)],
);

/** The Sirene files an edition is made of: StockEtablissement, StockUniteLegale, the geolocation file. */
export const sireneDataSets = ['establishments', 'legal-units', 'geolocation'] as const;

/**
 * The editions (months, `YYYY-MM`) of each Sirene file the directory has applied, whether or not they changed
 * anything: an edition older than the newest one applied is refused, naming both months.
 */
export const sireneEditions = pgTable(
  'sirene_editions',
  {
    data_set: varchar('data_set', { length: 20 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    applied_at: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'sirene_editions_pk', columns: [t.data_set, t.month] }),
    check('sirene_editions_data_set', sql`${t.data_set} in ('establishments', 'legal-units', 'geolocation')`),
    check('sirene_editions_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);
