import { asc, eq } from 'drizzle-orm';
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
import { summaryReader } from '../../listing/summaries.js';
import { proceedingListing } from './filters.js';

/** A proceeding as another entry's detail lists it (a site's, an operator's, a practitioner's). */
export const proceedingRef = {
  id: proceedings.id,
  company_name: proceedings.company_name,
  kind: proceedings.kind,
  date: proceedings.date,
};

/** The order of the proceedings a detail lists: oldest first. */
export const proceedingOrder = [asc(proceedings.date), asc(proceedings.id)];

const summaries = summaryReader(proceedingListing, [
  { as: 'operator', column: proceedings.operator_id, table: operators },
  { as: 'acquirer', column: proceedings.acquirer_id, table: operators },
]);

/** One proceeding in detail, or null. */
async function getProceeding(db: Db, id: string) {
  const row = await summaries.one(db, id);
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
    ...row,
    practitioners,
    sites: concernedSites,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}

/** Proceedings as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const proceedingReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: getProceeding,
};
