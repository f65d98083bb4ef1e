import { asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { rolesIn } from '../people/queries.js';
import { mandataireFilters, mandataireSorts } from './filters.js';

const firms = alias(mandataires, 'firm');
const firmRef = { id: firms.id, name: firms.name };

/** Mandataires with their firm's id and name; `extra` adds selected columns. */
function selectMandataires<T extends object>(db: Db, extra: T) {
  return db
    .select({ ...getTableColumns(mandataires), firm: firmRef, ...extra })
    .from(mandataires)
    .leftJoin(firms, eq(firms.id, mandataires.firm_id));
}

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const mandataireListing = { table: mandataires, filters: mandataireFilters, sorts: mandataireSorts };

/** One page of mandataires: the filters given, in the sort asked. */
export async function listMandataires(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, mandataireListing, (sort_value) => selectMandataires(db, { sort_value }));
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
