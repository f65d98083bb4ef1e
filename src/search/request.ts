// What a search asks for, independent of the engine that answers it.

import { parsePhone } from '../domain/identifiers.js';
import type { CoordinatePrecision } from '../domain/sirene-codes.js';
import type { FacetName } from '../listing/facets.js';
import type { FilterDeclaration } from '../listing/filter.js';
import type { Point } from '../listing/near.js';
import type { SearchSort } from '../listing/pagination.js';

/** Filter values by filter name (a declaration's: `operator`, `region`…); values already validated. */
export type SearchFilters = Readonly<Record<string, readonly unknown[] | undefined>>;

/** The filter declarations search applies, by name (listing/search-filters.ts builds it from the kinds). */
export type FilterCatalogue = ReadonlyMap<string, FilterDeclaration>;

/** Each filter given a value, with its declaration. A name with none is a bug to surface, not a filter to drop. */
export function declaredFilters(catalogue: FilterCatalogue, filters: SearchFilters): [FilterDeclaration, unknown[]][] {
  // A loop rather than entries and flatMap: it runs on every search.
  const given: [FilterDeclaration, unknown[]][] = [];
  for (const name in filters) {
    const values = filters[name];
    if (!values?.length) continue;
    const declaration = catalogue.get(name);
    if (!declaration) throw new Error(`search filter '${name}' is not declared by any kind`);
    given.push([declaration, [...values]]);
  }
  return given;
}

export interface SearchRequest {
  q: string;
  filters: SearchFilters;
  facets: FacetName[];
  page: number;
  limit: number;
  sort?: { key: SearchSort; descending: boolean };
  /** The point of `near`, when given: the distance sort measures from it, and each hit carries its distance. */
  point?: Point | undefined;
  /**
   * With `sort` by name: the hits after this one (its name and id) in that order, the previous page's last (a keyset:
   * `page` is then 1). The total and facets stay those of the whole result.
   */
  after?: { name: string; id: string } | undefined;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchHit {
  kind: string;
  id: string;
  name: string;
  label: string;
  highlights: Record<string, string>;
  /** With `point`: the distance from it in km, 0.01 km (null for an entry without a position); absent without. */
  distance_km?: number | null;
  /**
   * With `point`: how precise the position measured from is (`exact`, `approximate`: the commune's centre, so the
   * distance is to it, not to the site); null for an entry without a position; absent without `point`.
   */
  coordinates_precision?: CoordinatePrecision | null;
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** How many entries match: counted exactly, or, when `total_exact` is false, a lower bound (the engine's reach). */
  total: number;
  /** False when more entries match than the engine counts (params.ts `searchReach`): `total` is then a lower bound. */
  total_exact: boolean;
  facets: Partial<Record<FacetName, FacetValue[]>>;
  /**
   * How many of the matches can be paged through in this order: the engine's reach (params.ts `searchReach`), or,
   * answered by PostgreSQL in relevance order, the matches it reads (fallback.ts `exactCountLimit` + 1). A page past
   * it is empty, and no cursor leads there.
   */
  reachable: number;
  /** True when Meilisearch could not answer and Postgres did. */
  degraded: boolean;
}

/**
 * A query that is a code (SIREN, SIRET, postal or commune code, phone number) is matched exactly rather than
 * searched. Spaces (non-breaking ones too), dots, dashes and slashes are ignored. A phone number in any writing
 * is matched in E.164, as stored: « 0800 942 564 », « +33 (0)8 00 94 25 64 » → +33800942564; one that is no
 * valid number matches nothing rather than being searched as words.
 */
export function exactCode(q: string): string[] | null {
  // Words (a letter other than the A or B of Corsica's codes) are no code: most queries, told at once.
  if (/[^\d\s.\-/+()aAbB]/.test(q)) return null;
  const compact = q.replace(/[\s.\-/]/g, '');
  if (/^(\+|00)[\d()]{6,}$/.test(compact) || /^0\d{9}$/.test(compact)) return [parsePhone(q)?.e164 ?? compact];
  // A SIRET names one establishment: only it, not every establishment of its SIREN (La Poste has thousands).
  if (/^\d{14}$/.test(compact)) return [compact];
  if (/^\d{9}$/.test(compact) || /^\d{5}$/.test(compact) || /^2[AB]\d{3}$/i.test(compact))
    return [compact.toUpperCase()];
  return null;
}
