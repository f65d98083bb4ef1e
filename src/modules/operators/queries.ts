import { asc, eq, or } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { operators, proceedings, sites } from '../../db/schema/index.js';
import { summaryReader } from '../../listing/summaries.js';
import { headcountsOf } from '../headcounts/queries.js';
import { rolesIn } from '../people/queries.js';
import { operatorFilters, operatorSorts } from './filters.js';

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const summaries = summaryReader({ table: operators, filters: operatorFilters, sorts: operatorSorts }, [
  { as: 'parent', column: operators.parent_id, table: operators },
]);

/** One page of operators: the filters given, in the sort asked. */
export const listOperators = summaries.list;

/** Summaries of the given operators (any order). */
export const operatorsByIds = summaries.byIds;

export async function getOperator(db: Db, id: string) {
  const row = await summaries.one(db, id);
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
    headcountsOf(db, 'operator_id', id),
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
    ...row,
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
