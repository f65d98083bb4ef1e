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
import { proceedingFilters, proceedingSorts } from './filters.js';

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const summaries = summaryReader({ table: proceedings, filters: proceedingFilters, sorts: proceedingSorts }, [
  { as: 'operator', column: proceedings.operator_id, table: operators },
  { as: 'acquirer', column: proceedings.acquirer_id, table: operators },
]);

/** One page of proceedings: the filters given, in the sort asked. */
export const listProceedings = summaries.list;

/** Summaries of the given proceedings (any order). */
export const proceedingsByIds = summaries.byIds;

export async function getProceeding(db: Db, id: string) {
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
