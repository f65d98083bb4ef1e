// The routes of /v1/sources: the list, its export, one source with the first of what cites it, and the paginated
// list of all that cites it. Sources are not searched: their list takes no `q` nor `facets`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../domain/errors.js';
import { readRoutes } from '../../http/entry-routes.js';
import { historyProblems, json } from '../../http/responses.js';
import { idParams } from '../../http/schemas.js';
import { personKind } from '../people/kind.js';
import { sourceListing } from './filters.js';
import { exportSources, getSource, listSourceCitations, listSources } from './queries.js';
import {
  sourceCitationPage,
  sourceCitationSchema,
  sourceCitationsQuery,
  sourceDetail,
  sourcePage,
  sourceSummary,
} from './schemas.js';

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  // Citations point to entries of every kind the app serves, and to people.
  const cited = [...app.kinds, personKind];
  const item = sourceCitationSchema(cited.map((k) => k.name));
  const source = readRoutes(sourceListing, {
    page: sourcePage,
    detail: sourceDetail(item),
    summary: sourceSummary,
    list: listSources,
    exportRows: exportSources,
    get: (db, id) => getSource(db, id, cited),
    versioned: false,
  });
  app.get('/', source.list('listSources', 'List the sources the facts come from'));
  app.get('/export', source.export('exportSources'));
  app.get('/:id', source.get('getSource', 'A source and the first entries and facts that quote it'));
  app.get(
    '/:id/citations',
    {
      schema: {
        tags: ['sources'],
        operationId: 'listSourceCitations',
        summary: 'Every entry and fact that quotes a source, page by page',
        params: idParams,
        querystring: sourceCitationsQuery,
        // 400 for a bad cursor or limit, 404 for an unknown source.
        response: { 200: json('A page of what cites the source.', sourceCitationPage(item)), ...historyProblems },
      },
    },
    async (request) => {
      const page = await listSourceCitations(app.database.db, request.params.id, cited, request.query);
      if (!page) throw notFound('source', request.params.id);
      return page;
    },
  );
};
