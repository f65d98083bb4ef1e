import { entityRoutes } from '../../http/entity-routes.js';
import { sourceListing } from './filters.js';
import { getSource, listSources } from './queries.js';
import { sourceDetail, sourcePage, sourceSummary } from './schemas.js';

export const sourceRoutes = entityRoutes({
  kind: sourceListing,
  listSummary: 'List the sources the facts come from',
  detailSummary: 'A source and every entry and fact that quotes it',
  schemas: { summary: sourceSummary, page: sourcePage, detail: sourceDetail },
  list: listSources,
  get: getSource,
});
