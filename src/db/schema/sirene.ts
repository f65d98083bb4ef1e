import { sql } from 'drizzle-orm';
import { check, pgTable, varchar } from 'drizzle-orm/pg-core';

/**
 * The SIREN (9 digits) and SIRET (14) a Sirene stock said may not be published (`statutDiffusion…` = P, or values
 * masked `[ND]`): identifiers only, nothing else of them. Their establishments are never imported afterwards, even
 * from a file that does not say so (a stock read without its legal units), until a newer stock publishes them (O).
 */
export const sireneNonDiffusible = pgTable(
  'sirene_non_diffusible',
  { id: varchar('id', { length: 14 }).primaryKey() },
  (t) => [check('sirene_non_diffusible_id', sql`${t.id} ~ '^[0-9]{9}([0-9]{5})?$'`)],
);
