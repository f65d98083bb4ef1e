// The one entry point routes use to search: Meilisearch when it answers,
// PostgreSQL otherwise. Never throws because the engine is down.
import { MeilisearchApiError } from 'meilisearch';
import type { Db } from '../db/client.js';
import type { FacetName } from '../listing/facets.js';
import { facets as declaredFacets } from '../listing/facets.js';
import type { SearchEngine } from './engine.js';
import { searchPostgres } from './fallback.js';
import { highlightedAttributes, meiliParams } from './meili-query.js';
import type { FacetValue, FilterCatalogue, SearchHit, SearchOutcome, SearchRequest } from './request.js';

export interface SearchLogger {
  warn(obj: object, msg: string): void;
}

type FormattedHit = Omit<SearchHit, 'highlights'> & { _formatted?: Record<string, unknown> };

function highlightsOf(hit: FormattedHit): Record<string, string> {
  const result: Record<string, string> = {};
  for (const attribute of highlightedAttributes) {
    const value = hit._formatted?.[attribute];
    const text = Array.isArray(value) ? value.find((v) => String(v).includes('<mark>')) : value;
    if (typeof text === 'string' && text.includes('<mark>')) result[attribute] = text;
  }
  return result;
}

/**
 * Whether an error means Meilisearch cannot serve now (down, hung, erroring,
 * index missing), as opposed to refusing a request we built wrong: a bug that
 * must surface rather than hide behind the fallback.
 */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof MeilisearchApiError)) return true;
  return error.response.status >= 500 || error.cause?.code === 'index_not_found';
}

/** After a failure, how long searches go straight to PostgreSQL before Meilisearch is tried again. */
const pauseAfterFailureMs = 15_000;

export class SearchService {
  private unavailableUntil = 0;

  constructor(
    private readonly db: Db,
    private readonly engine: SearchEngine,
    private readonly log: SearchLogger,
    /** The filters search applies, by name, from the kinds' declarations. */
    private readonly filters: FilterCatalogue,
  ) {}

  async search(request: SearchRequest): Promise<SearchOutcome> {
    if (Date.now() >= this.unavailableUntil) {
      try {
        return await this.searchMeilisearch(request);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        this.unavailableUntil = Date.now() + pauseAfterFailureMs;
        this.log.warn(
          { err: error, retry_in_ms: pauseAfterFailureMs },
          'Meilisearch cannot answer; searching PostgreSQL instead',
        );
      }
    }
    return searchPostgres(this.db, request, this.filters);
  }

  async searchMeilisearch(request: SearchRequest): Promise<SearchOutcome> {
    const response = await this.engine.index.search(request.q, meiliParams(request, this.filters));
    const facets: SearchOutcome['facets'] = {};
    for (const name of request.facets) {
      const distribution = response.facetDistribution?.[declaredFacets[name].attribute] ?? {};
      facets[name] = Object.entries(distribution)
        .map(([value, count]): FacetValue => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    return {
      hits: (response.hits as unknown as FormattedHit[]).map((hit) => ({
        kind: hit.kind,
        id: hit.id,
        name: hit.name,
        label: hit.label,
        highlights: highlightsOf(hit),
      })),
      total: Number((response as { totalHits?: number }).totalHits ?? 0),
      facets,
      degraded: false,
    };
  }
}

export type { FacetName };
