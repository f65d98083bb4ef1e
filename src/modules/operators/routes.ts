import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { checkOperatorFilters, getOperator, listOperators, operatorsByIds } from './queries.js';
import { operatorDetail, operatorListQuery, operatorPage, operatorSummary } from './schemas.js';
import { operatorWrites } from './writes.js';

export const operatorRoutes = entityRoutes({
  tag: 'operators',
  singular: 'operator',
  operationName: 'Operator',
  listSummary: 'List operators',
  detailSummary: 'An operator with its parent, subsidiaries, sites, headcounts, people, proceedings and citations',
  listQuery: operatorListQuery,
  summary: operatorSummary,
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

export const operatorWriteRoutes = entityWriteRoutes('operator', operatorWrites, operatorDetail, getOperator);
