import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { siteKind } from './kind.js';
import { getSite, listSites, sitesByIds } from './queries.js';
import { siteDetail, sitePage, siteSummary } from './schemas.js';
import { siteWrites } from './writes.js';

export const siteRoutes = entityRoutes({
  kind: siteKind,
  listSummary: 'List contact-centre sites',
  detailSummary: 'A site with its operator, headcounts, clients, proceedings and citations',
  schemas: { summary: siteSummary, page: sitePage, detail: siteDetail },
  list: listSites,
  get: getSite,
  byIds: sitesByIds,
});

export const siteWriteRoutes = entityWriteRoutes('site', siteWrites, siteDetail, getSite);
