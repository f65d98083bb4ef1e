import { entityRoutes } from '../../lib/entity-routes.js';
import { writeRoutes } from '../../lib/write-routes.js';
import { proceedingWrites } from './writes.js';
import { checkProceedingFilters, proceedingsByIds, getProceeding, listProceedings } from './queries.js';
import { proceedingDetail, proceedingListQuery, proceedingPage, proceedingSummary } from './schemas.js';

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

export const proceedingWriteRoutes = writeRoutes({
  kind: 'proceeding',
  tag: 'proceedings',
  singular: 'proceeding',
  operationName: 'Proceeding',
  basePath: '/v1/proceedings',
  createBody: proceedingWrites.createBody.meta({ id: 'ProceedingCreate' }),
  patchBody: proceedingWrites.patchBody.meta({ id: 'ProceedingPatch', description: 'The fields to change.' }),
  detail: proceedingDetail,
  create: proceedingWrites.create,
  update: proceedingWrites.update,
  remove: proceedingWrites.remove,
  get: getProceeding,
  merge: { body: proceedingWrites.mergeBody.meta({ id: 'ProceedingMerge' }), run: proceedingWrites.merge },
});
