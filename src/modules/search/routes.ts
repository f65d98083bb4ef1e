import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listProblems } from '../../http/responses.js';
import { highlightHtml } from '../../search/highlights.js';
import { directoryFilters, runSearch } from './run.js';
import { searchQuery, searchResponse } from './schemas.js';

/** Each highlighted attribute's text as HTML (`highlightHtml`), under the same names in the same order. */
function htmlHighlights(highlights: Record<string, string>): Record<string, string> {
  const html: Record<string, string> = {};
  for (const attribute in highlights) html[attribute] = highlightHtml(highlights[attribute]!);
  return html;
}

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  // Every filter any kind declares, once: a list's filter is never lost to search.
  const kindNames = app.kinds.map((k) => k.name) as [string, ...string[]];
  const filters = directoryFilters(app);
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
    },
    async (request) => {
      const results = await runSearch(app, filters, request.query);
      // The API's highlights are HTML; the pages render the pieces themselves (src/search/highlights.ts). The hits
      // are this request's own objects: each one's highlights are replaced in place rather than the answer copied.
      for (const hit of results.data) hit.highlights = htmlHighlights(hit.highlights);
      return results;
    },
  );
};
