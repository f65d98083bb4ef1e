import { sql } from 'drizzle-orm';
import { type CitationShown, citationList, confirmedDetail } from '../../citations/queries.js';
import { jsonList, requestedId } from '../../db/json.js';
import { operators, proceedings, sites } from '../../db/schema/index.js';
import { shown } from '../../db/withheld.js';
import { type Summary, summaryReader } from '../../listing/summaries.js';
import { headcountList } from '../headcounts/queries.js';
import { roleList } from '../people/queries.js';
import { proceedingOrder, proceedingRef } from '../proceedings/queries.js';
import { operatorListing } from './filters.js';

const summaries = summaryReader(operatorListing, [{ as: 'parent', column: operators.parent_id, table: operators }]);

/**
 * An operator, its subsidiaries, sites, headcounts, people, proceedings (as the company or the acquirer) and
 * citations, read in one statement.
 */
const detail = summaries.detail<Summary & { citations: CitationShown[] }>({
  subsidiaries: jsonList(
    { id: operators.id, name: operators.name },
    sql`from ${operators} where ${operators.parent_id} = ${requestedId} and ${shown(operators)}`,
    sql`${operators.name}`,
  ),
  sites: jsonList(
    { id: sites.id, name: sites.name, commune: sites.commune, country: sites.country, status: sites.status },
    sql`from ${sites} where ${sites.operator_id} = ${requestedId} and ${shown(sites)}`,
    sql`${sites.name}, ${sites.id}`,
  ),
  headcounts: headcountList('operator_id'),
  people: roleList('operator_id'),
  proceedings: jsonList(
    {
      ...proceedingRef,
      relation: sql`case when ${proceedings.operator_id} = ${requestedId} then 'company' else 'acquirer' end`,
    },
    sql`from ${proceedings} where ${proceedings.operator_id} = ${requestedId} or ${proceedings.acquirer_id} = ${requestedId}`,
    proceedingOrder,
  ),
  citations: citationList('operator_id'),
});

/** The statement that reads an operator in detail (its `$1` is the id), for benchmarks. */
export const operatorDetailStatement = detail.text;

/** Operators as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const operatorReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: confirmedDetail(detail),
};
