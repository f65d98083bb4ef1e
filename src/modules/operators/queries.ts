import { sql } from 'drizzle-orm';
import { type CitationShown, confirmedLists } from '../../citations/queries.js';
import { jsonList, requestedId } from '../../db/json.js';
import { operators, proceedings, sites } from '../../db/schema/index.js';
import { sitePastExpression } from '../../db/schema/sites.js';
import { shown } from '../../db/withheld.js';
import { boundedList, listOrder } from '../../listing/embedded.js';
import { operatorFilter, parentFilter } from '../../listing/filters.js';
import { type Summary, summaryReader } from '../../listing/summaries.js';
import { headcountList } from '../headcounts/queries.js';
import { roleList } from '../people/queries.js';
import { proceedingOrder, proceedingRef } from '../proceedings/queries.js';
import { siteListing } from '../sites/filters.js';
import { operatorListing } from './filters.js';

const summaries = summaryReader(operatorListing, [{ as: 'parent', column: operators.parent_id, table: operators }]);

/**
 * An operator, its subsidiaries, sites, headcounts, people, proceedings (as the company or the acquirer) and
 * citations, read in one statement. Subsidiaries and sites can grow without bound (an outsourcer's thousands of
 * sites): the first `embeddedLimit` of each, their totals and their lists' URLs (listing/embedded.ts). Its
 * proceedings are its own (a company has a few in its life) and the takeovers it made, written by hand: all listed.
 */
const detail = summaries.detail<Summary & { citations: CitationShown[]; last_confirmed: Record<string, string> }>({
  ...boundedList('subsidiaries', {
    fields: { id: operators.id, name: operators.name },
    from: sql`from ${operators}`,
    where: sql`${operators.parent_id} = ${requestedId} and ${shown(operators)}`,
    key: [operators.id],
    order: listOrder(operatorListing, 'name'),
    list: { listing: operatorListing, filter: parentFilter },
  }),
  // Current first (neither closed nor relocated), then by name as the list sorts them.
  ...boundedList('sites', {
    fields: { id: sites.id, name: sites.name, commune: sites.commune, country: sites.country, status: sites.status },
    from: sql`from ${sites}`,
    where: sql`${sites.operator_id} = ${requestedId} and ${shown(sites)}`,
    key: [sites.id],
    // The index's own expression, its `status` that of the subquery's one table: `sites_operator_current_idx`.
    order: sql`${sql.raw(sitePastExpression)}, ${listOrder(siteListing, 'name')}`,
    list: { listing: siteListing, filter: operatorFilter },
  }),
  headcounts: headcountList('operator_id'),
  people: roleList('operator_id'),
  proceedings: jsonList(
    {
      ...proceedingRef,
      relation: sql`case when ${proceedings.operator_id} = ${requestedId} then 'company' else 'acquirer' end`,
    },
    sql`from ${proceedings} where (${proceedings.operator_id} = ${requestedId} or ${proceedings.acquirer_id} = ${requestedId})
         and ${shown(proceedings)}`,
    proceedingOrder,
  ),
  ...confirmedLists('operator_id'),
});

/** The statement that reads an operator in detail (its `$1` is the id), for benchmarks. */
export const operatorDetailStatement = detail.text;

/** Operators as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const operatorReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: detail.run,
  getJson: detail.runJson,
};
