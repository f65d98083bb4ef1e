import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { checkProceedingFilters, getProceeding, listProceedings, proceedingsByIds } from './queries.js';
import { proceedingDetail, proceedingListQuery, proceedingPage, proceedingSummary } from './schemas.js';
import { proceedingWrites } from './writes.js';

export const proceedingRoutes = entityRoutes({
  tag: 'proceedings',
  singular: 'proceeding',
  operationName: 'Proceeding',
  listSummary: 'List insolvency proceedings and reported difficulties',
  detailSummary: 'A proceeding with its company, practitioners, sites and citations',
  listQuery: proceedingListQuery,
  summary: proceedingSummary,
  page: proceedingPage,
  detail: proceedingDetail,
  defaultSort: 'company_name',
  checkFilters: checkProceedingFilters,
  list: listProceedings,
  get: getProceeding,
  search: {
    kind: 'proceeding',
    filters: (q) => ({ category: q.kind, operator: q.operator, mandataire: q.mandataire }),
    sorts: { company_name: 'name', updated_at: 'updated_at' },
    byIds: proceedingsByIds,
  },
});

export const proceedingWriteRoutes = entityWriteRoutes('proceeding', proceedingWrites, proceedingDetail, getProceeding);
