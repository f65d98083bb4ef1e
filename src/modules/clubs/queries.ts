import { asc, eq } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { clubAffiliations, clubs } from '../../db/schema/index.js';
import { summaryReader } from '../../listing/summaries.js';
import { rolesIn } from '../people/queries.js';
import { clubFilters, clubSorts } from './filters.js';

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const summaries = summaryReader({ table: clubs, filters: clubFilters, sorts: clubSorts }, []);

/** One page of clubs: the filters given, in the sort asked. */
export const listClubs = summaries.list;

/** Summaries of the given clubs (any order). */
export const clubsByIds = summaries.byIds;

export async function getClub(db: Db, id: string) {
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
