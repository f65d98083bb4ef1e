import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { operators } from '../../db/schema/index.js';
import { problemResponses } from '../../http/schemas.js';
import { assertIdsExist } from '../../listing/known-ids.js';
import { labelFacets } from '../../search/facet-labels.js';
import type { SearchFilters } from '../../search/request.js';
import { searchQuery, searchResponse } from './schemas.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const kindPaths = new Map(app.kinds.map((k) => [k.name, `/v1/${k.plural}`]));
  app.get(
    '/',
    {
      schema: {
        tags: ['search'],
        operationId: 'search',
        summary: 'Search every kind of entry at once',
        description:
          'Accents and typos forgiven, French press vocabulary understood (centre d’appels, call center, plateforme téléphonique…). Filters: several values of one parameter mean any of them; different parameters must all hold.',
        querystring: searchQuery,
        response: { 200: searchResponse, 400: problemResponses[400] },
      },
    },
    async (request) => {
      const query = request.query;
      await assertIdsExist(app.database.db, operators, query.operator, 'operator');
      const filters: SearchFilters = {
        kind: query.kind,
        category: query.category,
        status: query.status,
        operator: query.operator,
        region: query.region,
        departement: query.departement,
        code_commune: query.code_commune,
        code_postal: query.code_postal,
        country: query.country,
      };
      const sort = query.sort
        ? { key: query.sort.replace(/^-/, '') as 'name' | 'updated_at', descending: query.sort.startsWith('-') }
        : undefined;
      const outcome = await app.directorySearch.service.search({
        q: query.q ?? '',
        filters,
        facets: query.facets ?? [],
        page: query.page,
        limit: query.limit,
        sort,
      });
      return {
        data: outcome.hits.map((hit) => ({ ...hit, link: `${kindPaths.get(hit.kind)}/${hit.id}` })),
        total: outcome.total,
        page: query.page,
        limit: query.limit,
        facets: await labelFacets(app.database.db, outcome.facets),
        degraded: outcome.degraded,
      };
    },
  );
};
