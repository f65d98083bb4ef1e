import { entityRoutes } from '../../lib/entity-routes.js';
import { getProceeding, listProceedings } from './queries.js';
import { proceedingDetail, proceedingListQuery, proceedingPage } from './schemas.js';

export const proceedingRoutes = entityRoutes({
  tag: 'proceedings',
  singular: 'proceeding',
  operationName: 'Proceeding',
  listSummary: 'List insolvency proceedings and reported difficulties',
  detailSummary: 'A proceeding with its company, practitioners, sites and citations',
  listQuery: proceedingListQuery,
  page: proceedingPage,
  detail: proceedingDetail,
  list: listProceedings,
  get: getProceeding,
});
