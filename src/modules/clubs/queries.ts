import { asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { clubAffiliations, clubs } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { rolesIn } from '../people/queries.js';
import { clubFilters, clubSorts } from './filters.js';

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const clubListing = { table: clubs, filters: clubFilters, sorts: clubSorts };

/** One page of clubs: the filters given, in the sort asked. */
export async function listClubs(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, clubListing, (sort_value) =>
    db.select({ ...getTableColumns(clubs), sort_value }).from(clubs),
  );
  return { ...page, rows: page.rows.map(isoTimestamps) };
}

/** Summaries of the given clubs (any order). */
export async function clubsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return (await db.select().from(clubs).where(inArray(clubs.id, ids))).map(isoTimestamps);
}

export async function getClub(db: Db, id: string) {
  const [row] = await db.select().from(clubs).where(eq(clubs.id, id));
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
  return { ...isoTimestamps(row), officers, affiliations, citations, last_confirmed: lastConfirmed(citations) };
}
