// The routes of /v1/clubs: the list, its export, a club and its history, its writes and its
// officers. src/app.ts registers them under /v1/clubs, handing them the kind's declaration
// (./kind.ts, which imports this file); src/http/entry-routes.ts builds each one.
import { kindRoutes } from '../../http/entry-routes.js';
import { officerRoutes } from './officers.js';
import { clubReads } from './queries.js';
import { clubDetail, clubPage } from './schemas.js';

export const clubRoutes = kindRoutes(clubPage, clubDetail, clubReads, (app, routes, kind) => {
  app.get('/', routes.list('listClubs', 'List regional clubs, clusters and national associations'));
  app.get('/export', routes.export('exportClubs'));
  app.get('/:id', routes.get('getClub', 'A club with its officers, members, sponsors and citations'));
  app.post('/', routes.create('createClub'));
  app.patch('/:id', routes.update('updateClub'));
  app.delete('/:id', routes.remove('deleteClub'));
  app.post('/:id/merge', routes.merge('mergeClub'));
  app.get('/:id/history', routes.history('getClubHistory'));
  officerRoutes(app, kind);
});
