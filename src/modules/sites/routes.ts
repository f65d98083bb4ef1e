import { entityRoutes } from '../../lib/entity-routes.js';
import { getSite, listSites } from './queries.js';
import { siteDetail, siteListQuery, sitePage } from './schemas.js';

export const siteRoutes = entityRoutes({
  tag: 'sites',
  singular: 'site',
  operationName: 'Site',
  listSummary: 'List contact-centre sites',
  detailSummary: 'A site with its operator, headcounts, clients, proceedings and citations',
  listQuery: siteListQuery,
  page: sitePage,
  detail: siteDetail,
  list: listSites,
  get: getSite,
});
