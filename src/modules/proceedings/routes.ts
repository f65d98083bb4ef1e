// The routes of /v1/proceedings: the list, its export, a proceeding and its history, its writes
// and its practitioners. src/app.ts registers them under /v1/proceedings, handing them the kind's
// declaration (./kind.ts, which imports this file); src/http/entry-routes.ts builds each one.
import { kindRoutes } from '../../http/entry-routes.js';
import { practitionerRoutes } from './practitioners.js';
import { proceedingReads } from './queries.js';
import { proceedingDetail, proceedingPage } from './schemas.js';

export const proceedingRoutes = kindRoutes(proceedingPage, proceedingDetail, proceedingReads, (app, routes, kind) => {
  app.get('/', routes.list('listProceedings', 'List insolvency proceedings and reported difficulties'));
  app.get('/export', routes.export('exportProceedings'));
  app.get('/:id', routes.get('getProceeding', 'A proceeding with its company, practitioners, sites and citations'));
  app.post('/', routes.create('createProceeding'));
  app.patch('/:id', routes.update('updateProceeding'));
  app.delete('/:id', routes.remove('deleteProceeding'));
  app.post('/:id/merge', routes.merge('mergeProceeding'));
  app.get('/:id/history', routes.history('getProceedingHistory'));
  practitionerRoutes(app, kind);
});
