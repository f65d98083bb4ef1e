import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { entityRoutes } from '../../http/entity-routes.js';
import { personKind } from '../people/kind.js';
import { getSource, listSources } from './queries.js';
import { sourceDetail, sourceListQuery, sourcePage, sourceSummary } from './schemas.js';

export const sourceRoutes: FastifyPluginAsyncZod = async (app) => {
  // Citations point to entries of every kind the app serves, and to people.
  const cited = [...app.kinds, personKind];
  await app.register(
    entityRoutes({
      tag: 'sources',
      singular: 'source',
      operationName: 'Source',
      listSummary: 'List the sources the facts come from',
      detailSummary: 'A source and every entry and fact that quotes it',
      listQuery: sourceListQuery,
      summary: sourceSummary,
      page: sourcePage,
      detail: sourceDetail(cited.map((k) => k.name)),
      defaultSort: '-published_on',
      list: listSources,
      get: (db, id) => getSource(db, id, cited),
    }),
  );
};
