import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listProblems, uncheckedSerializer } from '../../http/responses.js';
import { checkFilterIds, searchFilterValues } from '../../listing/query.js';
import { searchFilters } from '../../listing/search-filters.js';
import { labelFacets } from '../../search/facet-labels.js';
import { searchQuery, searchResponse } from './schemas.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const kindPaths = new Map(app.kinds.map((k) => [k.name, `/v1/${k.plural}`]));
  // Every filter any kind declares, once: a list's filter is never lost to search.
  const kindNames = app.kinds.map((k) => k.name) as [string, ...string[]];
  const filters = searchFilters(app.kinds, kindNames);
  app.get(
    '/',
    {
      schema: {
        tags: ['search'],
        operationId: 'search',
        summary: 'Search every kind of entry at once',
        description:
          'Accents and typos forgiven, French press vocabulary understood (centre d’appels, call center, ' +
          'plateforme téléphonique…). Filters: several values of one parameter mean any of them; different ' +
          'parameters must all hold.',
        querystring: searchQuery(filters),
        response: { 200: searchResponse(kindNames), ...listProblems },
      },
      // The body below is built key by key and typed against the schema: not checked again per request.
      serializerCompiler: uncheckedSerializer,
    },
    async (request) => {
      const query = request.query;
      await checkFilterIds(app.database.db, filters, query);
      const sort = query.sort
        ? { key: query.sort.replace(/^-/, '') as 'name' | 'updated_at', descending: query.sort.startsWith('-') }
        : undefined;
      const outcome = await app.directorySearch.service.search({
        q: query.q ?? '',
        filters: searchFilterValues(filters, query),
        facets: query.facets ?? [],
        page: query.page,
        limit: query.limit,
        sort,
      });
      return {
        data: outcome.hits.map((hit) => ({
          kind: hit.kind,
          id: hit.id,
          name: hit.name,
          label: hit.label,
          highlights: hit.highlights,
          link: `${kindPaths.get(hit.kind)}/${hit.id}`,
        })),
        total: outcome.total,
        page: query.page,
        limit: query.limit,
        facets: await labelFacets(app.database.db, outcome.facets),
        degraded: outcome.degraded,
      };
    },
  );
};
