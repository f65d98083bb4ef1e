import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, jsonb, pgTable, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import {
  idPrefixIndex,
  nameLookupIndex,
  partialDate,
  place,
  slugId,
  sortIndex,
  timestampSortIndexes,
  timestamps,
  version,
  withheld,
} from './columns.js';
import { mandataireKind, profession } from './enums.js';

export interface Hotline {
  phone: string;
  opened_on: string | null;
  closed_on: string | null;
  /** The period its reported figures cover, as the source gives it (absent from hotlines stored before it existed). */
  figures_from?: string | null;
  figures_to?: string | null;
  calls_answered: number | null;
  practitioners_answering: number | null;
  average_call_minutes: number | null;
  share_answered_without_wait: number | null;
  notes: string | null;
}

/** An insolvency practitioner, a firm (étude), or the profession's national body. */
export const mandataires = pgTable(
  'mandataires',
  {
    id: slugId(),
    name: text('name').notNull(),
    kind: mandataireKind('kind').notNull(),
    profession: profession('profession'),
    firm_id: varchar('firm_id', { length: 120 }).references((): AnyPgColumn => mandataires.id),
    ...place,
    /** E.164: « +33144556677 », « +262262123456 ». */
    phone: varchar('phone', { length: 16 }),
    website: text('website'),
    email: text('email'),
    /** A firm's SIRET (its establishment), 14 digits. */
    siret: varchar('siret', { length: 14 }),
    /** The cour d'appel whose list the practitioner is on (« Lyon »). */
    court_of_appeal: text('court_of_appeal'),
    /** Secondary offices (bureaux annexes), as written. */
    secondary_offices: text('secondary_offices').array().notNull().default(sql`'{}'::text[]`),
    directory_size: integer('directory_size'),
    directory_size_as_of: partialDate('directory_size_as_of'),
    hotline: jsonb('hotline').$type<Hotline>(),
    notes: text('notes'),
    /** Hidden since the BODACC notices it was made of were withdrawn by corrections (`withdraw` in its history). */
    withheld: withheld(),
    version: version(),
    ...timestamps,
  },
  (t) => [
    sortIndex('mandataires', 'name', 'text'),
    nameLookupIndex('mandataires', 'name'),
    idPrefixIndex('mandataires'),
    ...timestampSortIndexes('mandataires'),
    index('mandataires_firm_idx').on(t.firm_id),
    // A firm's SIRET is one establishment: one entry the public may see holds it (writes/envelope.ts, 409).
    uniqueIndex('mandataires_siret_shown_key').on(t.siret).where(sql`not ${t.withheld}`),
    // The few withheld entries, found without a scan by the reads that leave them out (db/withheld.ts).
    index('mandataires_withheld_idx').on(t.id).where(sql`${t.withheld}`),
  ],
);
