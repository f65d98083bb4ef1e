import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { operatorKind } from './kind.js';
import { getOperator, listOperators, operatorsByIds } from './queries.js';
import { operatorDetail, operatorPage, operatorSummary } from './schemas.js';
import { operatorWrites } from './writes.js';

export const operatorRoutes = entityRoutes({
  kind: operatorKind,
  listSummary: 'List operators',
  detailSummary: 'An operator with its parent, subsidiaries, sites, headcounts, people, proceedings and citations',
  schemas: { summary: operatorSummary, page: operatorPage, detail: operatorDetail },
  list: listOperators,
  get: getOperator,
  byIds: operatorsByIds,
});

export const operatorWriteRoutes = entityWriteRoutes('operator', operatorWrites, operatorDetail, getOperator);
