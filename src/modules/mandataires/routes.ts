// The routes of /v1/mandataires: the list, its export, a mandataire and its history, its writes.
// src/app.ts registers them under /v1/mandataires, handing them the kind's declaration
// (./kind.ts, which imports this file); src/http/entry-routes.ts builds each one.
import { kindRoutes } from '../../http/entry-routes.js';
import { mandataireReads } from './queries.js';
import { mandataireDetail, mandatairePage } from './schemas.js';

export const mandataireRoutes = kindRoutes(mandatairePage, mandataireDetail, mandataireReads, (app, routes) => {
  app.get('/', routes.list('listMandataires', 'List insolvency practitioners, firms and national bodies'));
  app.get('/export', routes.export('exportMandataires'));
  app.get(
    '/:id',
    routes.get('getMandataire', 'A practitioner, firm or body with its members, proceedings and citations'),
  );
  app.post('/', routes.create('createMandataire'));
  app.patch('/:id', routes.update('updateMandataire'));
  app.delete('/:id', routes.remove('deleteMandataire'));
  app.post('/:id/merge', routes.merge('mergeMandataire'));
  app.get('/:id/history', routes.history('getMandataireHistory'));
});
