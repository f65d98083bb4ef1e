import { asc, eq, getTableColumns, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { headcounts, operators, proceedings, sites } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { rolesIn } from '../people/queries.js';
import { operatorFilters, operatorSorts } from './filters.js';

const parents = alias(operators, 'parent');
const parentRef = { id: parents.id, name: parents.name };

/** Operators with their parent's id and name; `extra` adds selected columns. */
function selectOperators<T extends object>(db: Db, extra: T) {
  return db
    .select({ ...getTableColumns(operators), parent: parentRef, ...extra })
    .from(operators)
    .leftJoin(parents, eq(parents.id, operators.parent_id));
}

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const operatorListing = { table: operators, filters: operatorFilters, sorts: operatorSorts };

/** One page of operators: the filters given, in the sort asked. */
export async function listOperators(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, operatorListing, (sort_value) => selectOperators(db, { sort_value }));
  return { ...page, rows: page.rows.map(toSummary) };
}

/** Summaries of the given operators (any order). */
export async function operatorsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return (await selectOperators(db, {}).where(inArray(operators.id, ids))).map(toSummary);
}

function toSummary(row: typeof operators.$inferSelect & { parent: { id: string; name: string } | null }) {
  const { parent_id: _, ...rest } = isoTimestamps(row);
  return rest;
}

export async function getOperator(db: Db, id: string) {
  const [row] = await selectOperators(db, {}).where(eq(operators.id, id));
  if (!row) return null;
  const [subsidiaries, operatorSites, figures, people, related, citations] = await Promise.all([
    db
      .select({ id: operators.id, name: operators.name })
      .from(operators)
      .where(eq(operators.parent_id, id))
      .orderBy(asc(operators.name)),
    db
      .select({ id: sites.id, name: sites.name, commune: sites.commune, country: sites.country, status: sites.status })
      .from(sites)
      .where(eq(sites.operator_id, id))
      .orderBy(asc(sites.name), asc(sites.id)),
    db
      .select({
        id: headcounts.id,
        kind: headcounts.kind,
        value: headcounts.value,
        as_of: headcounts.as_of,
        note: headcounts.note,
        source_id: headcounts.source_id,
        quote: headcounts.quote,
      })
      .from(headcounts)
      .where(eq(headcounts.operator_id, id))
      .orderBy(asc(headcounts.as_of), asc(headcounts.id)),
    rolesIn(db, 'operator_id', id),
    db
      .select({
        id: proceedings.id,
        company_name: proceedings.company_name,
        kind: proceedings.kind,
        date: proceedings.date,
        operator_id: proceedings.operator_id,
      })
      .from(proceedings)
      .where(or(eq(proceedings.operator_id, id), eq(proceedings.acquirer_id, id)))
      .orderBy(asc(proceedings.date), asc(proceedings.id)),
    citationsOf(db, 'operator_id', id),
  ]);
  return {
    ...toSummary(row),
    subsidiaries,
    sites: operatorSites,
    headcounts: figures,
    people,
    proceedings: related.map(({ operator_id, ...p }) => ({
      ...p,
      relation: operator_id === id ? ('company' as const) : ('acquirer' as const),
    })),
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}
