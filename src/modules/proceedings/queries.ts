import { asc, count, eq, getTableColumns, inArray } from 'drizzle-orm';
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
import { assertIdsExist } from '../../listing/known-ids.js';
import { allOf, listPage, type SortKeys, textSort, timestampSort } from '../../listing/pagination.js';
import type { ProceedingListQuery } from './schemas.js';

const sortKeys: SortKeys = {
  company_name: textSort(proceedings.company_name),
  date: textSort(proceedings.date),
  created_at: timestampSort(proceedings.created_at),
  updated_at: timestampSort(proceedings.updated_at),
};

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

/** 400 when a filter names an id that does not exist (list and search alike). */
export async function checkProceedingFilters(db: Db, query: Omit<ProceedingListQuery, 'sort'>) {
  await Promise.all([
    assertIdsExist(db, operators, query.operator, 'operator'),
    assertIdsExist(db, mandataires, query.mandataire, 'mandataire'),
  ]);
}

export async function listProceedings(db: Db, query: ProceedingListQuery) {
  const handledBy = query.mandataire?.length
    ? inArray(
        proceedings.id,
        db
          .select({ id: proceedingPractitioners.proceeding_id })
          .from(proceedingPractitioners)
          .where(inArray(proceedingPractitioners.mandataire_id, query.mandataire)),
      )
    : undefined;
  const where = allOf([
    query.kind?.length ? inArray(proceedings.kind, query.kind) : undefined,
    query.operator?.length ? inArray(proceedings.operator_id, query.operator) : undefined,
    handledBy,
  ]);
  const page = await listPage(query, sortKeys, proceedings.id, where, {
    rows: ({ sortValue, where, orderBy, limit }) =>
      selectProceedings(db, { sort_value: sortValue })
        .where(where)
        .orderBy(...orderBy)
        .limit(limit),
    count: async (where) => (await db.select({ n: count() }).from(proceedings).where(where))[0]?.n ?? 0,
  });
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
