import { asc, count, eq, getTableColumns, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { assertIdsExist } from '../../listing/known-ids.js';
import { allOf, listPage, type SortKeys, textSort, timestampSort } from '../../listing/pagination.js';
import { rolesIn } from '../people/queries.js';
import type { MandataireListQuery } from './schemas.js';

const sortKeys: SortKeys = {
  name: textSort(mandataires.name),
  created_at: timestampSort(mandataires.created_at),
  updated_at: timestampSort(mandataires.updated_at),
};

const firms = alias(mandataires, 'firm');
const firmRef = { id: firms.id, name: firms.name };

/** Mandataires with their firm's id and name; `extra` adds selected columns. */
function selectMandataires<T extends object>(db: Db, extra: T) {
  return db
    .select({ ...getTableColumns(mandataires), firm: firmRef, ...extra })
    .from(mandataires)
    .leftJoin(firms, eq(firms.id, mandataires.firm_id));
}

/** 400 when a filter names an id that does not exist (list and search alike). */
export async function checkMandataireFilters(db: Db, query: Omit<MandataireListQuery, 'sort'>) {
  await assertIdsExist(db, mandataires, query.firm, 'firm');
}

export async function listMandataires(db: Db, query: MandataireListQuery) {
  const where = allOf([
    query.kind?.length ? inArray(mandataires.kind, query.kind) : undefined,
    query.profession?.length ? inArray(mandataires.profession, query.profession) : undefined,
    query.departement?.length ? inArray(mandataires.departement_code, query.departement) : undefined,
    query.firm?.length ? inArray(mandataires.firm_id, query.firm) : undefined,
  ]);
  const page = await listPage(query, sortKeys, mandataires.id, where, {
    rows: ({ sortValue, where, orderBy, limit }) =>
      selectMandataires(db, { sort_value: sortValue })
        .where(where)
        .orderBy(...orderBy)
        .limit(limit),
    count: async (where) => (await db.select({ n: count() }).from(mandataires).where(where))[0]?.n ?? 0,
  });
  return { ...page, rows: page.rows.map(toSummary) };
}

/** Summaries of the given practitioners, firms or bodies (any order). */
export async function mandatairesByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return (await selectMandataires(db, {}).where(inArray(mandataires.id, ids))).map(toSummary);
}

function toSummary(row: typeof mandataires.$inferSelect & { firm: { id: string; name: string } | null }) {
  const { firm_id: _, ...rest } = isoTimestamps(row);
  return rest;
}

export async function getMandataire(db: Db, id: string) {
  const [row] = await selectMandataires(db, {}).where(eq(mandataires.id, id));
  if (!row) return null;
  const [members, people, handled, citations] = await Promise.all([
    db
      .select({ id: mandataires.id, name: mandataires.name })
      .from(mandataires)
      .where(eq(mandataires.firm_id, id))
      .orderBy(asc(mandataires.name)),
    rolesIn(db, 'mandataire_id', id),
    db
      .select({
        id: proceedings.id,
        company_name: proceedings.company_name,
        kind: proceedings.kind,
        date: proceedings.date,
        role: proceedingPractitioners.role,
      })
      .from(proceedingPractitioners)
      .innerJoin(proceedings, eq(proceedings.id, proceedingPractitioners.proceeding_id))
      .where(eq(proceedingPractitioners.mandataire_id, id))
      .orderBy(asc(proceedings.date), asc(proceedings.id)),
    citationsOf(db, 'mandataire_id', id),
  ]);
  return {
    ...toSummary(row),
    members,
    people,
    proceedings: handled,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}
