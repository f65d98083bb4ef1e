import { asc, eq } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { operators, proceedingSites, proceedings, siteClients, sites } from '../../db/schema/index.js';
import { summaryReader } from '../../listing/summaries.js';
import { headcountsOf } from '../headcounts/queries.js';
import { siteFilters, siteSorts } from './filters.js';

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const summaries = summaryReader({ table: sites, filters: siteFilters, sorts: siteSorts }, [
  { as: 'operator', column: sites.operator_id, table: operators },
]);

/** One page of sites: the filters given, in the sort asked. */
export const listSites = summaries.list;

/** Summaries of the given sites (any order). */
export const sitesByIds = summaries.byIds;

export async function getSite(db: Db, id: string) {
  const row = await summaries.one(db, id);
  if (!row) return null;
  const [figures, clients, siteProceedings, citations] = await Promise.all([
    headcountsOf(db, 'site_id', id),
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
    ...row,
    headcounts: figures,
    clients,
    proceedings: siteProceedings,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}
