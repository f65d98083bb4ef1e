import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { proceedingKind } from './kind.js';
import { getProceeding, listProceedings, proceedingsByIds } from './queries.js';
import { proceedingDetail, proceedingPage, proceedingSummary } from './schemas.js';
import { proceedingWrites } from './writes.js';

export const proceedingRoutes = entityRoutes({
  kind: proceedingKind,
  listSummary: 'List insolvency proceedings and reported difficulties',
  detailSummary: 'A proceeding with its company, practitioners, sites and citations',
  schemas: { summary: proceedingSummary, page: proceedingPage, detail: proceedingDetail },
  list: listProceedings,
  get: getProceeding,
  byIds: proceedingsByIds,
});

export const proceedingWriteRoutes = entityWriteRoutes('proceeding', proceedingWrites, proceedingDetail, getProceeding);
