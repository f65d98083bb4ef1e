import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { entityRoutes } from '../../http/entity-routes.js';
import { personKind } from '../people/kind.js';
import { sourceListing } from './filters.js';
import { getSource, listSources } from './queries.js';
import { sourceDetail, sourcePage, sourceSummary } from './schemas.js';

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  // Citations point to entries of every kind the app serves, and to people.
  const cited = [...app.kinds, personKind];
  await app.register(
    entityRoutes({
      kind: sourceListing,
      listSummary: 'List the sources the facts come from',
      detailSummary: 'A source and every entry and fact that quotes it',
      schemas: { summary: sourceSummary, page: sourcePage, detail: sourceDetail(cited.map((k) => k.name)) },
      list: listSources,
      get: (db, id) => getSource(db, id, cited),
    }),
  );
};
