// The routes of /v1/sources: the list, its export and one source with what
// cites it. Sources are not searched: their list takes no `q` nor `facets`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { detailSchema, sendEntry } from '../../http/entries.js';
import { exportSchema, sendExport } from '../../http/export.js';
import { listSchema, sendList } from '../../http/lists.js';
import { personKind } from '../people/kind.js';
import { sourceListing } from './filters.js';
import { getSource, listSources } from './queries.js';
import { sourceDetail, sourcePage, sourceSummary } from './schemas.js';

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['sources'];
  const { db } = app.database;
  const kind = sourceListing;
  // Citations point to entries of every kind the app serves, and to people.
  const cited = [...app.kinds, personKind];

  app.get('/', {
    schema: {
      tags,
      operationId: 'listSources',
      summary: 'List the sources the facts come from',
      ...listSchema(kind, sourcePage, { searchable: false }),
    },
    handler: async (request, reply) => sendList(request, reply, kind, { list: listSources }),
  });

  app.get('/export', {
    schema: {
      tags,
      operationId: 'exportSources',
      summary: 'Every source matching the filters, streamed as CSV or JSON lines',
      ...exportSchema(kind),
    },
    handler: async (request, reply) => sendExport(request, reply, kind, { list: listSources, summary: sourceSummary }),
  });

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getSource',
      summary: 'A source and every entry and fact that quotes it',
      ...detailSchema(sourceDetail(cited.map((k) => k.name))),
    },
    handler: async (request, reply) => sendEntry(request, reply, kind, await getSource(db, request.params.id, cited)),
  });
};
