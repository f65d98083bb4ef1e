import { entityRoutes } from '../../lib/entity-routes.js';
import { checkOperatorFilters, operatorsByIds, getOperator, listOperators } from './queries.js';
import { operatorDetail, operatorListQuery, operatorPage } from './schemas.js';

export const operatorRoutes = entityRoutes({
  tag: 'operators',
  singular: 'operator',
  operationName: 'Operator',
  listSummary: 'List operators',
  detailSummary: 'An operator with its parent, subsidiaries, sites, headcounts, people, proceedings and citations',
  listQuery: operatorListQuery,
  page: operatorPage,
  detail: operatorDetail,
  defaultSort: 'name',
  checkFilters: checkOperatorFilters,
  list: listOperators,
  get: getOperator,
  search: {
    kind: 'operator',
    filters: (q) => ({ category: q.kind, country: q.country, parent: q.parent }),
    sorts: { name: 'name', updated_at: 'updated_at' },
    byIds: operatorsByIds,
  },
});
