import { entityRoutes } from '../../lib/entity-routes.js';
import { getOperator, listOperators } from './queries.js';
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
  list: listOperators,
  get: getOperator,
});
