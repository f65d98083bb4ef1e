// The routes of /v1/sites: the list, its export, a site and its history, its writes and its
// headcount figures. src/app.ts registers them under /v1/sites, handing them the kind's
// declaration (./kind.ts, which imports this file); src/http/entry-routes.ts builds each one.
import { kindRoutes } from '../../http/entry-routes.js';
import { headcountRoutes } from '../headcounts/routes.js';
import { siteReads } from './queries.js';
import { siteDetail, sitePage } from './schemas.js';

export const siteRoutes = kindRoutes(sitePage, siteDetail, siteReads, (app, routes, kind) => {
  app.get('/', routes.list('listSites', 'List contact-centre sites'));
  app.get('/export', routes.export('exportSites'));
  app.get('/:id', routes.get('getSite', 'A site with its operator, headcounts, clients, proceedings and citations'));
  app.post('/', routes.create('createSite'));
  app.patch('/:id', routes.update('updateSite'));
  app.delete('/:id', routes.remove('deleteSite'));
  app.post('/:id/merge', routes.merge('mergeSite'));
  app.get('/:id/history', routes.history('getSiteHistory'));
  headcountRoutes(app, kind, { add: 'addSiteHeadcount', remove: 'removeSiteHeadcount' });
});
