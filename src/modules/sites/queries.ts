import { sql } from 'drizzle-orm';
import { type CitationShown, confirmedLists } from '../../citations/queries.js';
import { jsonList, requestedId } from '../../db/json.js';
import { operators, proceedingSites, proceedings, siteClients, sites } from '../../db/schema/index.js';
import { shown, shownId } from '../../db/withheld.js';
import { type Summary, summaryReader } from '../../listing/summaries.js';
import { siteHeadcountList } from '../headcounts/queries.js';
import { proceedingOrder, proceedingRef } from '../proceedings/queries.js';
import { siteListing } from './filters.js';

const summaries = summaryReader(siteListing, [{ as: 'operator', column: sites.operator_id, table: operators }]);

/** A site, its headcounts, clients and proceedings and its citations, read in one statement. */
const detail = summaries.detail<Summary & { citations: CitationShown[]; last_confirmed: Record<string, string> }>({
  headcounts: siteHeadcountList(),
  clients: jsonList(
    {
      name: siteClients.name,
      // A withheld operator is named by no public read: its id reads null, as a summary's reference does.
      operator_id: sql`case when ${shownId('operators', sql`${siteClients.operator_id}`)} then ${siteClients.operator_id} end`,
      current: siteClients.current,
      source_id: siteClients.source_id,
      quote: siteClients.quote,
    },
    sql`from ${siteClients} where ${siteClients.site_id} = ${requestedId}`,
    sql`${siteClients.id}`,
  ),
  proceedings: jsonList(
    proceedingRef,
    sql`from ${proceedingSites} join ${proceedings} on ${proceedings.id} = ${proceedingSites.proceeding_id}
         where ${proceedingSites.site_id} = ${requestedId} and ${shown(proceedings)}`,
    proceedingOrder,
  ),
  ...confirmedLists('site_id'),
});

/** The statement that reads a site in detail (its `$1` is the id), for benchmarks. */
export const siteDetailStatement = detail.text;

/** Sites as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const siteReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: detail.run,
  getJson: detail.runJson,
};
