import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
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
  withheld,
} from './columns.js';
import { headcountKind, siteStatus } from './enums.js';
import { operators } from './operators.js';
import { sources } from './sources.js';

/**
 * Whether a site is no longer current (closed or relocated), as SQL over its `status`: an operator's detail lists its
 * current sites first (modules/operators/queries.ts), read in the order of `sites_operator_current_idx`.
 */
export const sitePastExpression = `coalesce("status" in ('closed', 'relocated'), false)`;

/** A contact-centre site. */
export const sites = pgTable(
  'sites',
  {
    id: slugId(),
    name: text('name').notNull(),
    /** Other names the site goes by in its sources (Sirene's enseigne when the articles name it otherwise). */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id),
    /** The establishment's SIRET, when known. */
    siret: char('siret', { length: 14 }),
    ...place,
    status: siteStatus('status'),
    status_as_of: partialDate('status_as_of'),
    opened_on: partialDate('opened_on'),
    closed_on: partialDate('closed_on'),
    /** The establishment's main activity, NAF rév. 2 code (`82.20Z`), and its label from @socialgouv/codes-naf. */
    naf_code: varchar('naf_code', { length: 6 }),
    naf_label: text('naf_label'),
    /** Sirene's headcount band (`tranche d'effectifs`, code `21`), its range (50–99) and year: never one number. */
    tranche_effectifs: varchar('tranche_effectifs', { length: 2 }),
    effectifs_min: integer('effectifs_min'),
    effectifs_max: integer('effectifs_max'),
    annee_effectifs: integer('annee_effectifs'),
    /** WGS84 position, in degrees, and how precise it is (`exact`, or `approximate`: the commune's centre…). */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    coordinates_precision: varchar('coordinates_precision', { length: 12 }),
    notes: text('notes'),
    withheld: withheld(),
    version: version(),
    ...timestamps,
  },
  (t) => [
    sortIndex('sites', 'name', 'text'),
    nameLookupIndex('sites', 'name'),
    idPrefixIndex('sites'),
    sortIndex('sites', 'commune', 'text'),
    ascendingSortIndex('sites', 'commune', 'text'),
    sortIndex('sites', 'opened_on', 'text'),
    ascendingSortIndex('sites', 'opened_on', 'text'),
    ...timestampSortIndexes('sites'),
    index('sites_operator_idx').on(t.operator_id),
    // An operator's sites as its detail embeds the first of them: current first, then by name as the list sorts,
    // shown ones only; and their count, from this index alone.
    index('sites_operator_current_idx')
      .using(
        'btree',
        sql`${t.operator_id}`,
        sql.raw(`(${sitePastExpression})`),
        sql.raw(`(coalesce("name", '')) collate "fr-x-icu"`),
        sql.raw('"id" collate "C"'),
      )
      .where(sql`not ${t.withheld}`),
    index('sites_code_commune_idx').on(t.code_commune),
    index('sites_code_arrondissement_idx').on(t.code_arrondissement),
    index('sites_departement_idx').on(t.departement_code),
    index('sites_region_idx').on(t.region_code),
    index('sites_siret_idx').on(t.siret),
    // A SIRET is one establishment: one entry the public may see holds it (writes/envelope.ts says which, 409).
    uniqueIndex('sites_siret_shown_key').on(t.siret).where(sql`not ${t.withheld}`),
    index('sites_naf_code_idx').on(t.naf_code),
    index('sites_tranche_effectifs_idx').on(t.tranche_effectifs),
    // The bounding box of a `near` search (listing/near.ts) is a range on both.
    index('sites_position_idx').on(t.latitude, t.longitude),
    // The few withheld sites, found without a scan by the views that leave them out (db/withheld.ts).
    index('sites_withheld_idx').on(t.id).where(sql`${t.withheld}`),
    check('sites_siret_format', sql`${t.siret} ~ '^[0-9]{14}$'`),
    check('sites_coordinates_pair', sql`(${t.latitude} is null) = (${t.longitude} is null)`),
  ],
);

/** A dated, sourced headcount figure of a site or an operator. */
export const headcounts = pgTable(
  'headcounts',
  {
    id: serial('id').primaryKey(),
    site_id: varchar('site_id', { length: 120 }).references(() => sites.id, { onDelete: 'cascade' }),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id, { onDelete: 'cascade' }),
    kind: headcountKind('kind').notNull(),
    value: integer('value').notNull(),
    as_of: partialDate('as_of'),
    note: text('note'),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
  },
  (t) => [
    check('headcounts_one_owner', sql`num_nonnulls(${t.site_id}, ${t.operator_id}) = 1`),
    check('headcounts_value_non_negative', sql`${t.value} >= 0`),
    index('headcounts_site_idx').on(t.site_id),
    index('headcounts_operator_idx').on(t.operator_id),
  ],
);

/**
 * A Sirene headcount band of a site as a dated figure (modules/headcounts/queries.ts): one per year, each with the
 * citation of the stock edition that first stated it (a newer stock giving another band for that year replaces it,
 * the older one kept in the site's history). The site's own `tranche_effectifs`… columns are the newest band; the
 * figures of earlier years stay beside it. Kept by the Sirene import (open-data/sirene/import.ts).
 */
export const headcountBands = pgTable(
  'headcount_bands',
  {
    id: serial('id').primaryKey(),
    site_id: varchar('site_id', { length: 120 })
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    tranche_effectifs: varchar('tranche_effectifs', { length: 2 }).notNull(),
    effectifs_min: integer('effectifs_min').notNull(),
    effectifs_max: integer('effectifs_max'),
    /** The year the band describes (`anneeEffectifsEtablissement`). */
    year: integer('year').notNull(),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
  },
  (t) => [
    uniqueIndex('headcount_bands_site_year_key').on(t.site_id, t.year),
    index('headcount_bands_source_idx').on(t.source_id),
  ],
);

/** A client served by a site, as a source names it. */
export const siteClients = pgTable(
  'site_clients',
  {
    id: serial('id').primaryKey(),
    site_id: varchar('site_id', { length: 120 })
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    operator_id: varchar('operator_id', { length: 120 }).references(() => operators.id),
    /** false for a former client, null when the source does not say. */
    current: boolean('current'),
    source_id: varchar('source_id', { length: 120 })
      .notNull()
      .references(() => sources.id),
    quote: text('quote').notNull(),
  },
  // The operator's side indexed: an operator's merge moves it (operators/writes.ts `moveReferences`), its delete's
  // foreign key checks it; without it, each a read of the whole table.
  (t) => [index('site_clients_site_idx').on(t.site_id), index('site_clients_operator_idx').on(t.operator_id)],
);
