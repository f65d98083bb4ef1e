import { asc, count, eq, getTableColumns, inArray } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { clubAffiliations, clubs } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { regionCondition } from '../../listing/geo-params.js';
import { allOf, integerSort, listPage, type SortKeys, textSort, timestampSort } from '../../listing/pagination.js';
import { rolesIn } from '../people/queries.js';
import type { ClubListQuery } from './schemas.js';

const sortKeys: SortKeys = {
  name: textSort(clubs.name),
  member_count: integerSort(clubs.member_count),
  created_at: timestampSort(clubs.created_at),
  updated_at: timestampSort(clubs.updated_at),
};

export async function listClubs(db: Db, query: ClubListQuery) {
  const where = allOf([
    query.kind?.length ? inArray(clubs.kind, query.kind) : undefined,
    query.status?.length ? inArray(clubs.status, query.status) : undefined,
    query.region?.length
      ? regionCondition(query.region, clubs.served_region_code, clubs.served_former_region_name)
      : undefined,
  ]);
  const page = await listPage(query, sortKeys, clubs.id, where, {
    rows: ({ sortValue, where, orderBy, limit }) =>
      db
        .select({ ...getTableColumns(clubs), sort_value: sortValue })
        .from(clubs)
        .where(where)
        .orderBy(...orderBy)
        .limit(limit),
    count: async (where) => (await db.select({ n: count() }).from(clubs).where(where))[0]?.n ?? 0,
  });
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
