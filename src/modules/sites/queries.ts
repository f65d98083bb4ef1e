import { asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { headcounts, operators, proceedingSites, proceedings, siteClients, sites } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { siteFilters, siteSorts } from './filters.js';

const operatorRef = { id: operators.id, name: operators.name };

/** Sites with their operator's id and name; `extra` adds selected columns. */
function selectSites<T extends object>(db: Db, extra: T) {
  return db
    .select({ ...getTableColumns(sites), operator: operatorRef, ...extra })
    .from(sites)
    .leftJoin(operators, eq(operators.id, sites.operator_id));
}

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const siteListing = { table: sites, filters: siteFilters, sorts: siteSorts };

/** One page of sites: the filters given, in the sort asked. */
export async function listSites(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, siteListing, (sort_value) => selectSites(db, { sort_value }));
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
