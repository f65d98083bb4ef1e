import { asc, eq } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { operators, proceedingSites, proceedings, siteClients, sites } from '../../db/schema/index.js';
import { summaryReader } from '../../listing/summaries.js';
import { headcountsOf } from '../headcounts/queries.js';
import { proceedingOrder, proceedingRef } from '../proceedings/queries.js';
import { siteListing } from './filters.js';

const summaries = summaryReader(siteListing, [{ as: 'operator', column: sites.operator_id, table: operators }]);

/** One site in detail, or null. */
async function getSite(db: Db, id: string) {
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
      .select(proceedingRef)
      .from(proceedingSites)
      .innerJoin(proceedings, eq(proceedings.id, proceedingSites.proceeding_id))
      .where(eq(proceedingSites.site_id, id))
      .orderBy(...proceedingOrder),
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

/** Sites as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const siteReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: getSite,
};
