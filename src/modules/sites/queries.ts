import { and, asc, count, eq, getTableColumns, inArray, isNull, or } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { headcounts, operators, proceedingSites, proceedings, siteClients, sites } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { regionCondition } from '../../listing/geo-params.js';
import { assertIdsExist } from '../../listing/known-ids.js';
import { allOf, listPage, type SortKeys, textSort, timestampSort } from '../../listing/pagination.js';
import { postalArea } from '../../search/request.js';
import type { SiteListQuery } from './schemas.js';

const sortKeys: SortKeys = {
  name: textSort(sites.name),
  commune: textSort(sites.commune),
  opened_on: textSort(sites.opened_on),
  created_at: timestampSort(sites.created_at),
  updated_at: timestampSort(sites.updated_at),
};

const operatorRef = { id: operators.id, name: operators.name };

/** Sites with their operator's id and name; `extra` adds selected columns. */
function selectSites<T extends object>(db: Db, extra: T) {
  return db
    .select({ ...getTableColumns(sites), operator: operatorRef, ...extra })
    .from(sites)
    .leftJoin(operators, eq(operators.id, sites.operator_id));
}

/** 400 when a filter names an id that does not exist (list and search alike). */
export async function checkSiteFilters(db: Db, query: Omit<SiteListQuery, 'sort'>) {
  await assertIdsExist(db, operators, query.operator, 'operator');
}

/** A site whose postal code is unknown is in the area of each postal code of its commune. */
function postalCodeCondition(codes: string[]) {
  const area = postalArea(codes);
  return or(
    inArray(sites.code_postal, area.postal),
    area.communes.length ? and(isNull(sites.code_postal), inArray(sites.code_commune, area.communes)) : undefined,
  );
}

export async function listSites(db: Db, query: SiteListQuery) {
  const where = allOf([
    query.region?.length ? regionCondition(query.region, sites.region_code, sites.former_region_name) : undefined,
    query.departement?.length ? inArray(sites.departement_code, query.departement) : undefined,
    query.code_commune?.length ? inArray(sites.code_commune, query.code_commune) : undefined,
    query.code_postal?.length ? postalCodeCondition(query.code_postal) : undefined,
    query.country?.length ? inArray(sites.country, query.country) : undefined,
    query.status?.length ? inArray(sites.status, query.status) : undefined,
    query.operator?.length ? inArray(sites.operator_id, query.operator) : undefined,
  ]);
  const page = await listPage(query, sortKeys, sites.id, where, {
    rows: ({ sortValue, where, orderBy, limit }) =>
      selectSites(db, { sort_value: sortValue })
        .where(where)
        .orderBy(...orderBy)
        .limit(limit),
    count: async (where) => (await db.select({ n: count() }).from(sites).where(where))[0]?.n ?? 0,
  });
  return { ...page, rows: page.rows.map(toSummary) };
}

/** Summaries of the given sites (any order). */
export async function sitesByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return (await selectSites(db, {}).where(inArray(sites.id, ids))).map(toSummary);
}

function toSummary(row: typeof sites.$inferSelect & { operator: { id: string; name: string } | null }) {
  const { operator_id: _, ...rest } = isoTimestamps(row);
  return rest;
}

export async function getSite(db: Db, id: string) {
  const [row] = await selectSites(db, {}).where(eq(sites.id, id));
  if (!row) return null;
  const [figures, clients, siteProceedings, citations] = await Promise.all([
    db
      .select({
        id: headcounts.id,
        kind: headcounts.kind,
        value: headcounts.value,
        as_of: headcounts.as_of,
        note: headcounts.note,
        source_id: headcounts.source_id,
        quote: headcounts.quote,
      })
      .from(headcounts)
      .where(eq(headcounts.site_id, id))
      .orderBy(asc(headcounts.as_of), asc(headcounts.id)),
    db
      .select({
        name: siteClients.name,
        operator_id: siteClients.operator_id,
        current: siteClients.current,
        source_id: siteClients.source_id,
        quote: siteClients.quote,
      })
      .from(siteClients)
      .where(eq(siteClients.site_id, id))
      .orderBy(asc(siteClients.id)),
    db
      .select({
        id: proceedings.id,
        company_name: proceedings.company_name,
        kind: proceedings.kind,
        date: proceedings.date,
      })
      .from(proceedingSites)
      .innerJoin(proceedings, eq(proceedings.id, proceedingSites.proceeding_id))
      .where(eq(proceedingSites.site_id, id))
      .orderBy(asc(proceedings.date), asc(proceedings.id)),
    citationsOf(db, 'site_id', id),
  ]);
  return {
    ...toSummary(row),
    headcounts: figures,
    clients,
    proceedings: siteProceedings,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}
