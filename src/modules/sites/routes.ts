import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { checkSiteFilters, getSite, listSites, sitesByIds } from './queries.js';
import { siteDetail, siteListQuery, sitePage, siteSummary } from './schemas.js';
import { siteWrites } from './writes.js';

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

export const siteWriteRoutes = entityWriteRoutes('site', siteWrites, siteDetail, getSite);
