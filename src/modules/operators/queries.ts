import { asc, eq, or } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { operators, proceedings, sites } from '../../db/schema/index.js';
import { summaryReader } from '../../listing/summaries.js';
import { headcountsOf } from '../headcounts/queries.js';
import { rolesIn } from '../people/queries.js';
import { proceedingOrder, proceedingRef } from '../proceedings/queries.js';
import { operatorListing } from './filters.js';

const summaries = summaryReader(operatorListing, [{ as: 'parent', column: operators.parent_id, table: operators }]);

/** One operator in detail, or null. */
async function getOperator(db: Db, id: string) {
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
      .select({ ...proceedingRef, operator_id: proceedings.operator_id })
      .from(proceedings)
      .where(or(eq(proceedings.operator_id, id), eq(proceedings.acquirer_id, id)))
      .orderBy(...proceedingOrder),
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

/** Operators as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const operatorReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: getOperator,
};
