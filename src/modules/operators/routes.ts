// The routes of /v1/operators: the list, its export, an operator and its history, its writes and
// its headcount figures. src/app.ts registers them under /v1/operators, handing them the kind's
// declaration (./kind.ts, which imports this file); src/http/entry-routes.ts builds each one.
import { kindRoutes } from '../../http/entry-routes.js';
import { headcountRoutes } from '../headcounts/routes.js';
import { operatorReads } from './queries.js';
import { operatorDetail, operatorPage } from './schemas.js';

export const operatorRoutes = kindRoutes(operatorPage, operatorDetail, operatorReads, (app, routes, kind) => {
  app.get('/', routes.list('listOperators', 'List operators'));
  app.get('/export', routes.export('exportOperators'));
  app.get(
    '/:id',
    routes.get(
      'getOperator',
      'An operator with its parent, subsidiaries, sites, headcounts, people, proceedings and citations',
    ),
  );
  app.post('/', routes.create('createOperator'));
  app.patch('/:id', routes.update('updateOperator'));
  app.delete('/:id', routes.remove('deleteOperator'));
  app.post('/:id/merge', routes.merge('mergeOperator'));
  app.get('/:id/history', routes.history('getOperatorHistory'));
  headcountRoutes(app, kind, { add: 'addOperatorHeadcount', remove: 'removeOperatorHeadcount' });
});
