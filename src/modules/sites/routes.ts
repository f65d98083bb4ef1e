import { entityRoutes } from '../../http/entity-routes.js';
import { writeRoutes } from '../../http/write-routes.js';
import { checkSiteFilters, getSite, listSites, sitesByIds } from './queries.js';
import { siteDetail, siteListQuery, sitePage, siteSummary } from './schemas.js';
import {
  createSite,
  deleteSite,
  mergeSite,
  siteCreateBody,
  siteMergeBody,
  sitePatchBody,
  updateSite,
} from './writes.js';

export const siteRoutes = entityRoutes({
  tag: 'sites',
  singular: 'site',
  operationName: 'Site',
  listSummary: 'List contact-centre sites',
  detailSummary: 'A site with its operator, headcounts, clients, proceedings and citations',
  listQuery: siteListQuery,
  summary: siteSummary,
  page: sitePage,
  detail: siteDetail,
  defaultSort: 'name',
  checkFilters: checkSiteFilters,
  list: listSites,
  get: getSite,
  search: {
    kind: 'site',
    filters: (q) => ({
      region: q.region,
      departement: q.departement,
      code_commune: q.code_commune,
      code_postal: q.code_postal,
      country: q.country,
      status: q.status,
      operator: q.operator,
    }),
    sorts: { name: 'name', updated_at: 'updated_at' },
    byIds: sitesByIds,
  },
});

export const siteWriteRoutes = writeRoutes({
  kind: 'site',
  tag: 'sites',
  singular: 'site',
  operationName: 'Site',
  basePath: '/v1/sites',
  createBody: siteCreateBody,
  patchBody: sitePatchBody,
  detail: siteDetail,
  create: createSite,
  update: updateSite,
  remove: deleteSite,
  get: getSite,
  merge: { body: siteMergeBody, run: mergeSite },
});
