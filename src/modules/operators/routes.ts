import { entityRoutes } from '../../http/entity-routes.js';
import { writeRoutes } from '../../http/write-routes.js';
import { operatorKind } from './kind.js';
import { getOperator, listOperators, operatorsByIds } from './queries.js';
import { operatorDetail, operatorPage, operatorSummary } from './schemas.js';
import {
  createOperator,
  deleteOperator,
  mergeOperator,
  operatorCreateBody,
  operatorMergeBody,
  operatorPatchBody,
  updateOperator,
} from './writes.js';

export const operatorRoutes = entityRoutes({
  kind: operatorKind,
  listSummary: 'List operators',
  detailSummary: 'An operator with its parent, subsidiaries, sites, headcounts, people, proceedings and citations',
  schemas: { summary: operatorSummary, page: operatorPage, detail: operatorDetail },
  list: listOperators,
  get: getOperator,
  byIds: operatorsByIds,
});

export const operatorWriteRoutes = writeRoutes({
  kind: 'operator',
  tag: 'operators',
  singular: 'operator',
  operationName: 'Operator',
  basePath: '/v1/operators',
  createBody: operatorCreateBody,
  patchBody: operatorPatchBody,
  detail: operatorDetail,
  create: createOperator,
  update: updateOperator,
  remove: deleteOperator,
  get: getOperator,
  merge: { body: operatorMergeBody, run: mergeOperator },
});
