import { asc, eq } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { clubAffiliations } from '../../db/schema/index.js';
import { summaryReader } from '../../listing/summaries.js';
import { rolesIn } from '../people/queries.js';
import { clubListing } from './filters.js';

const summaries = summaryReader(clubListing, []);

/** One club in detail, or null. */
async function getClub(db: Db, id: string) {
  const row = await summaries.one(db, id);
  if (!row) return null;
  const [officers, affiliations, citations] = await Promise.all([
    rolesIn(db, 'club_id', id),
    db
      .select({
        relation: clubAffiliations.relation,
        name: clubAffiliations.name,
        operator_id: clubAffiliations.operator_id,
        source_id: clubAffiliations.source_id,
        quote: clubAffiliations.quote,
      })
      .from(clubAffiliations)
      .where(eq(clubAffiliations.club_id, id))
      .orderBy(asc(clubAffiliations.relation), asc(clubAffiliations.id)),
    citationsOf(db, 'club_id', id),
  ]);
  return { ...row, officers, affiliations, citations, last_confirmed: lastConfirmed(citations) };
}

/** Clubs as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const clubReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: getClub,
};
