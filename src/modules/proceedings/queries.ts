import { asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import {
  mandataires,
  operators,
  proceedingPractitioners,
  proceedingSites,
  proceedings,
  sites,
} from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { proceedingFilters, proceedingSorts } from './filters.js';

const companies = alias(operators, 'company');
const acquirers = alias(operators, 'acquirer');
const refs = {
  operator: { id: companies.id, name: companies.name },
  acquirer: { id: acquirers.id, name: acquirers.name },
};

function selectProceedings<T extends object>(db: Db, extra: T) {
  return db
    .select({ ...getTableColumns(proceedings), ...refs, ...extra })
    .from(proceedings)
    .leftJoin(companies, eq(companies.id, proceedings.operator_id))
    .leftJoin(acquirers, eq(acquirers.id, proceedings.acquirer_id));
}

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const proceedingListing = { table: proceedings, filters: proceedingFilters, sorts: proceedingSorts };

/** One page of proceedings: the filters given, in the sort asked. */
export async function listProceedings(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, proceedingListing, (sort_value) => selectProceedings(db, { sort_value }));
  return { ...page, rows: page.rows.map(toSummary) };
}

/** Summaries of the given proceedings (any order). */
export async function proceedingsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return (await selectProceedings(db, {}).where(inArray(proceedings.id, ids))).map(toSummary);
}

function toSummary(
  row: typeof proceedings.$inferSelect & Record<keyof typeof refs, { id: string; name: string } | null>,
) {
  const { operator_id: _o, acquirer_id: _a, ...rest } = isoTimestamps(row);
  return rest;
}

export async function getProceeding(db: Db, id: string) {
  const [row] = await selectProceedings(db, {}).where(eq(proceedings.id, id));
  if (!row) return null;
  const [practitioners, concernedSites, citations] = await Promise.all([
    db
      .select({
        id: mandataires.id,
        name: mandataires.name,
        role: proceedingPractitioners.role,
        source_id: proceedingPractitioners.source_id,
        quote: proceedingPractitioners.quote,
      })
      .from(proceedingPractitioners)
      .innerJoin(mandataires, eq(mandataires.id, proceedingPractitioners.mandataire_id))
      .where(eq(proceedingPractitioners.proceeding_id, id))
      .orderBy(asc(mandataires.name)),
    db
      .select({ id: sites.id, name: sites.name, commune: sites.commune, status: sites.status })
      .from(proceedingSites)
      .innerJoin(sites, eq(sites.id, proceedingSites.site_id))
      .where(eq(proceedingSites.proceeding_id, id))
      .orderBy(asc(sites.name)),
    citationsOf(db, 'proceeding_id', id),
  ]);
  return {
    ...toSummary(row),
    practitioners,
    sites: concernedSites,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}
