// One search of the whole directory, as /v1/search answers it and the web page
// (src/pages/) shows it: the ids named by filters checked, the search service
// asked (Meilisearch, or PostgreSQL when it is down), the facets labelled.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { FilterParam } from '../../listing/filter.js';
import { givenPoint, nearPoint } from '../../listing/near.js';
import type { SearchSort } from '../../listing/pagination.js';
import { checkFilterIds, searchFilterValues } from '../../listing/query.js';
import { checkSearchedKinds, searchFilters } from '../../listing/search-filters.js';
import { labelFacets } from '../../search/facet-labels.js';
import type { searchQuery } from './schemas.js';

/** A query of /v1/search once parsed by its schema (`searchQuery`). */
export type SearchQuery = z.output<ReturnType<typeof searchQuery>>;

/** The filters /v1/search takes: every kind's, once each (listing/search-filters.ts), for the app's kinds. */
export function directoryFilters(app: FastifyInstance): FilterParam[] {
  const kindNames = app.kinds.map((k) => k.name) as [string, ...string[]];
  return searchFilters(app.kinds, kindNames);
}

/** The path of each kind's JSON detail by kind name (`site` → `/v1/sites`), made once per registry. */
const pathsByKinds = new WeakMap<FastifyInstance['kinds'], ReadonlyMap<string, string>>();
function detailPaths(kinds: FastifyInstance['kinds']): ReadonlyMap<string, string> {
  let paths = pathsByKinds.get(kinds);
  if (!paths) {
    paths = new Map(kinds.map((k) => [k.name, `/v1/${k.plural}`]));
    pathsByKinds.set(kinds, paths);
  }
  return paths;
}

/**
 * Runs a parsed search query: 400 (DomainError) when a filter names an id that does not exist, or a filter or value
 * none of the kinds searched (`kind`) has (`checkSearchedKinds`); else the hits
 * (with the path of their JSON detail), the total (the engine's count, exact up to its reach) and whether it is, the
 * labelled facets and whether PostgreSQL answered in place of Meilisearch (`degraded`).
 */
export async function runSearch(app: FastifyInstance, filters: readonly FilterParam[], query: SearchQuery) {
  const kindPaths = detailPaths(app.kinds);
  const given = searchFilterValues(filters, query);
  // A filter (or value) none of the kinds searched has is a 400, not an empty answer.
  checkSearchedKinds(app.kinds, given);
  await checkFilterIds(app.database.db, filters, query);
  const key = query.sort?.replace(/^-/, '') as SearchSort | undefined;
  // The distance sort needs `near` (a 400 naming `sort` without it).
  if (key === 'distance') nearPoint(query);
  const sort = key ? { key, descending: Boolean(query.sort?.startsWith('-')) } : undefined;
  const outcome = await app.directorySearch.service.search({
    q: query.q ?? '',
    filters: searchFilterValues(filters, query),
    facets: query.facets ?? [],
    page: query.page,
    limit: query.limit,
    sort,
    point: givenPoint(query),
  });
  return {
    data: outcome.hits.map((hit) => ({
      kind: hit.kind,
      id: hit.id,
      name: hit.name,
      label: hit.label,
      highlights: hit.highlights,
      link: `${kindPaths.get(hit.kind)}/${hit.id}`,
      ...(hit.distance_km !== undefined
        ? { distance_km: hit.distance_km, coordinates_precision: hit.coordinates_precision ?? null }
        : {}),
    })),
    total: outcome.total,
    total_exact: outcome.total_exact,
    reachable: outcome.reachable,
    page: query.page,
    limit: query.limit,
    facets: await labelFacets(app.database.db, outcome.facets),
    degraded: outcome.degraded,
  };
}

/** What `runSearch` answers. */
export type SearchResults = Awaited<ReturnType<typeof runSearch>>;
