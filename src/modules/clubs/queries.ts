import { sql } from 'drizzle-orm';
import { type CitationShown, confirmedLists } from '../../citations/queries.js';
import { jsonList, requestedId } from '../../db/json.js';
import { clubAffiliations } from '../../db/schema/index.js';
import { shownId } from '../../db/withheld.js';
import { type Summary, summaryReader } from '../../listing/summaries.js';
import { roleList } from '../people/queries.js';
import { clubListing } from './filters.js';

const summaries = summaryReader(clubListing, []);

/** A club, its officers, affiliations (members, sponsors…) and citations, read in one statement. */
const detail = summaries.detail<Summary & { citations: CitationShown[]; last_confirmed: Record<string, string> }>({
  officers: roleList('club_id'),
  affiliations: jsonList(
    {
      relation: clubAffiliations.relation,
      name: clubAffiliations.name,
      // A withheld operator is named by no public read: its id reads null, as a summary's reference does.
      operator_id: sql`case when ${shownId('operators', sql`${clubAffiliations.operator_id}`)} then ${clubAffiliations.operator_id} end`,
      source_id: clubAffiliations.source_id,
      quote: clubAffiliations.quote,
    },
    sql`from ${clubAffiliations} where ${clubAffiliations.club_id} = ${requestedId}`,
    sql`${clubAffiliations.relation}, ${clubAffiliations.id}`,
  ),
  ...confirmedLists('club_id'),
});

/** The statement that reads a club in detail (its `$1` is the id), for benchmarks. */
export const clubDetailStatement = detail.text;

/** Clubs as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const clubReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: detail.run,
  getJson: detail.runJson,
};
