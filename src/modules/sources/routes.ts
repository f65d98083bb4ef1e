import { entityRoutes } from '../../http/entity-routes.js';
import { getSource, listSources } from './queries.js';
import { sourceDetail, sourceListQuery, sourcePage, sourceSummary } from './schemas.js';

export const sourceRoutes = entityRoutes({
  tag: 'sources',
  singular: 'source',
  operationName: 'Source',
  listSummary: 'List the sources the facts come from',
  detailSummary: 'A source and every entry and fact that quotes it',
  listQuery: sourceListQuery,
  summary: sourceSummary,
  page: sourcePage,
  detail: sourceDetail,
  defaultSort: '-published_on',
  list: listSources,
  get: getSource,
});
