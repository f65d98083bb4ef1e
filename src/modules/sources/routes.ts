// The routes of /v1/sources: the list, its export and one source with what
// cites it. Sources are not searched: their list takes no `q` nor `facets`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readRoutes } from '../../http/entry-routes.js';
import { personKind } from '../people/kind.js';
import { sourceListing } from './filters.js';
import { exportSources, getSource, listSources } from './queries.js';
import { sourceDetail, sourcePage, sourceSummary } from './schemas.js';

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  // Citations point to entries of every kind the app serves, and to people.
  const cited = [...app.kinds, personKind];
  const source = readRoutes(sourceListing, {
    page: sourcePage,
    detail: sourceDetail(cited.map((k) => k.name)),
    summary: sourceSummary,
    list: listSources,
    exportRows: exportSources,
    get: (db, id) => getSource(db, id, cited),
    versioned: false,
  });
  app.get('/', source.list('listSources', 'List the sources the facts come from'));
  app.get('/export', source.export('exportSources'));
  app.get('/:id', source.get('getSource', 'A source and every entry and fact that quotes it'));
};
