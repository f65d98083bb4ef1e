import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { practitionerRoles } from '../../domain/vocabulary.js';
import {
  ascendingSortIndex,
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
    /** The date of the judgment that closed it (clôture), when closed. */
    closed_on: partialDate('closed_on'),
    /** How it was closed, as the judgment words it (« Jugement de clôture pour insuffisance d'actif »). */
    closure_nature: text('closure_nature'),
    notes: text('notes'),
    /**
     * Withdrawn: every BODACC notice it was made of was withdrawn by a correction (annulation, rétractation); kept
     * with its history and notices, shown by no public read (db/withheld.ts), current again when a notice of it is.
     */
    withheld: withheld(),
    version: version(),
    ...timestamps,
  },
  (t) => [
    sortIndex('proceedings', 'company_name', 'text'),
    nameLookupIndex('proceedings', 'company_name'),
    idPrefixIndex('proceedings'),
    sortIndex('proceedings', 'date', 'text'),
    ascendingSortIndex('proceedings', 'date', 'text'),
    ...timestampSortIndexes('proceedings'),
    index('proceedings_operator_idx').on(t.operator_id),
    // An operator's merge moves its takeovers, its delete counts them (operators/writes.ts): an index look-up each.
    index('proceedings_acquirer_idx').on(t.acquirer_id),
    index('proceedings_court_idx').on(t.court),
    // The few withdrawn proceedings, found without a scan by the reads that leave them out (db/withheld.ts).
    index('proceedings_withheld_idx').on(t.id).where(sql`${t.withheld}`),
  ],
);

/** What a BODACC notice designates, as read from its text (see src/open-data/bodacc/practitioners.ts). */
export interface NoticeDesignation {
  role: string;
  firm: string | null;
  person: string | null;
  city: string | null;
  /** The postal code written before the city (« 97400 Saint-Denis »); absent from designations read before it was kept. */
  postal_code?: string | null;
  powers: string[] | null;
  quote: string;
  /** The mandataire it was linked to, or null (then `unlinked` says why). */
  mandataire_id: string | null;
  unlinked: string | null;
}

/**
 * A BODACC notice (« Procédures collectives ») about one company: one row per notice and SIREN (a notice may name
 * several companies). Corrections keep the notice they withdraw: `withdrawn_by` names the annulation, rectificatif
 * or rétractation, and the current view leaves it out.
 */
export const proceedingNotices = pgTable(
  'proceeding_notices',
  {
    /** BODACC's id: the publication's letter, the parution, the notice's number (`A202002333642`). */
    id: varchar('id', { length: 30 }).notNull(),
    siren: char('siren', { length: 9 }).notNull(),
    /**
     * The company's name as this notice writes it for this SIREN, and the SIREN as written (for quotes): what a
     * proceeding's `company_name` and a new operator are chosen from. Null in rows imported before they were kept.
     */
    company_name: text('company_name'),
    siren_as_written: text('siren_as_written'),
    /**
     * Whether this notice says the company is a natural person (`typePersonne` « pp »: a sole trader, his company's
     * name his own), which Sirene's import reads when a stock says one of his establishments is not to be published
     * (src/open-data/sirene/import.ts); null in rows imported before it was kept.
     */
    natural_person: boolean('natural_person'),
    proceeding_id: varchar('proceeding_id', { length: 120 }).references(() => proceedings.id, {
      onDelete: 'set null',
    }),
    /** `A`, `B` or `C`. */
    publication: char('publication', { length: 1 }).notNull(),
    parution: varchar('parution', { length: 12 }).notNull(),
    number: integer('number').notNull(),
    published_on: date('published_on').notNull(),
    /** `annonce`, `rectificatif` or `annulation`. */
    notice_type: varchar('notice_type', { length: 20 }).notNull(),
    family: text('family'),
    nature: text('nature'),
    /** What the nature means for the proceeding, classified as the State's pipeline does; null: no change. */
    kind: text('kind'),
    /** `status` (opens or converts), `closure`, `withdrawal` (rétractation), `event`, or `unknown` (a nature no rule knows). */
    effect: varchar('effect', { length: 20 }).notNull(),
    judgment_date: varchar('judgment_date', { length: 10 }),
    judgment_date_as_written: text('judgment_date_as_written'),
    complement: text('complement'),
    court: text('court'),
    court_as_written: text('court_as_written'),
    url: text('url').notNull(),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    /** The notice a rectificatif, annulation or rétractation targets. */
    target_id: varchar('target_id', { length: 30 }),
    withdrawn_by: varchar('withdrawn_by', { length: 30 }),
    /** `annulation`, `rectificatif` or `retractation`. */
    withdrawn_reason: varchar('withdrawn_reason', { length: 20 }),
    designations: jsonb('designations').$type<NoticeDesignation[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.siren] }),
    index('proceeding_notices_proceeding_idx').on(t.proceeding_id),
    index('proceeding_notices_siren_idx').on(t.siren),
    /** Its distinct courts read one probe each at start (modules/proceedings/legacy-courts.ts), whatever the count. */
    index('proceeding_notices_court_idx').on(t.court),
    /** The corrections of a notice, whatever company they name (a notice filed under the wrong company). */
    index('proceeding_notices_target_idx').on(t.target_id).where(sql`${t.target_id} is not null`),
  ],
);

/**
 * An appointment of a practitioner (a mandataire of the directory) in a proceeding, in one role: one row per
 * proceeding, practitioner and role (`proceeding_practitioners_appointment`, an unknown role, null, counting as one
 * role), so that one person appointed twice under two roles (mandataire judiciaire at the opening, liquidateur at the
 * conversion) keeps both appointments, each with its date, notice and quote.
 */
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
    /** The BODACC notice that designated them, when the link comes from one. */
    notice_id: varchar('notice_id', { length: 30 }),
    /** The date of the judgment that designated them. */
    appointed_on: partialDate('appointed_on'),
    /** An administrateur judiciaire's powers (`assistance`, `representation`, `surveillance`). */
    powers: text('powers').array(),
    /**
     * The BODACC notice of a later judgment that replaced them in their role (« en remplacement de Me X »): null while
     * the appointment is current (`currentAppointment`); an ended link is kept, shown as former with its date, and
     * counted by no list of current mandates.
     */
    ended_notice_id: varchar('ended_notice_id', { length: 30 }),
    /**
     * The date of that judgment (null when the notice's date was not read); or, for a link written through the API
     * (POST /v1/proceedings/{id}/practitioners), the end its citation states, without a notice.
     */
    ended_on: partialDate('ended_on'),
    /** The words of that notice naming the replacement (its designation's span). */
    ended_quote: text('ended_quote'),
  },
  (t) => [
    // One appointment per role: the same role named again is the same appointment (nulls not distinct: one of
    // unknown role too). Migration 0044 made it of the pair's primary key, keeping every row.
    unique('proceeding_practitioners_appointment').on(t.proceeding_id, t.mandataire_id, t.role).nullsNotDistinct(),
    index('pp_mandataire_idx').on(t.mandataire_id),
    // What a source (a BODACC feed) cites, in the order of its list (modules/sources): by proceeding, practitioner,
    // role (`appointmentRoleKey`, unknown first).
    index('pp_source_idx').using(
      'btree',
      t.source_id,
      sql.raw('"proceeding_id" collate "C"'),
      sql.raw('"mandataire_id" collate "C"'),
      sql.raw(`(coalesce("role", '')) collate "C"`),
    ),
    // The roles the `role` filter takes (domain/vocabulary.ts), and null: every writer, migration 0031 the old rows.
    check(
      'proceeding_practitioners_role',
      sql`${t.role} in (${sql.raw(practitionerRoles.map((r) => `'${r}'`).join(', '))})`,
    ),
  ],
);

/**
 * An appointment's role as a key that is never null (`''` for an unknown role), in the "C" collation: what orders and
 * tells apart the appointments of one practitioner in one proceeding, in row comparisons (`(…) > (…)`, `(…) in (…)`)
 * where a null would compare as unknown. `alias`: of `proceeding_practitioners` under that name.
 */
export const appointmentRoleKey = (alias?: string): SQL =>
  alias
    ? sql`(coalesce(${sql.identifier(alias)}.role, '') collate "C")`
    : sql`(coalesce(${proceedingPractitioners.role}, '') collate "C")`;

/**
 * Whether a practitioner's link (of `proceeding_practitioners`, as `alias` when given) is a current appointment, not
 * one a later judgment ended (a BODACC notice, `ended_notice_id`, its date read or not; or a write's `ended_on`): what
 * lists of current mandates and the `mandataire` filter count.
 */
export const currentAppointment = (alias?: string): SQL =>
  alias
    ? sql`(${sql.identifier(alias)}.ended_notice_id is null and ${sql.identifier(alias)}.ended_on is null)`
    : sql`(${proceedingPractitioners.ended_notice_id} is null and ${proceedingPractitioners.ended_on} is null)`;

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
