import { entityRoutes } from '../../http/entity-routes.js';
import { writeRoutes } from '../../http/write-routes.js';
import { siteKind } from './kind.js';
import { getSite, listSites, sitesByIds } from './queries.js';
import { siteDetail, sitePage, siteSummary } from './schemas.js';
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
  kind: siteKind,
  listSummary: 'List contact-centre sites',
  detailSummary: 'A site with its operator, headcounts, clients, proceedings and citations',
  schemas: { summary: siteSummary, page: sitePage, detail: siteDetail },
  list: listSites,
  get: getSite,
  byIds: sitesByIds,
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
