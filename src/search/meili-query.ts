// Turning a search request into Meilisearch parameters. Every filter is built
// from an allowlist of attributes, with quoted and escaped values: nothing a
// client sends is ever read as filter syntax.

import type { SearchParams } from 'meilisearch';
import { meiliIn, quoteFilterValue } from '../listing/conditions.js';
import { facets } from '../listing/facets.js';
import { codePostalFilter } from '../listing/filters.js';
import { meiliDistanceSort } from '../listing/near.js';
import { matchEnd, matchStart } from './highlights.js';
import { declaredFilters, exactCode, type FilterCatalogue, type SearchFilters, type SearchRequest } from './request.js';

/** The Meilisearch filter clauses (all must hold) of the filters given, and of a `q` that is a code. */
export function filterExpression(filters: SearchFilters, catalogue: FilterCatalogue, codes: string[] | null): string[] {
  const clauses = declaredFilters(catalogue, filters).map(([declaration, values]) => declaration.meili(values));
  if (codes) {
    const postal = codes.filter((c) => /^\d{5}$/.test(c));
    clauses.push(
      postal.length ? `(${meiliIn('codes', codes)} OR ${codePostalFilter.meili(postal)})` : meiliIn('codes', codes),
    );
  }
  return clauses;
}

/** A sort as Meilisearch takes it: an attribute, or the distance from `near`'s point (`_geoPoint`). */
function meiliSort(sort: NonNullable<SearchRequest['sort']>, point: SearchRequest['point']): string {
  if (sort.key === 'distance') {
    if (!point) throw new Error('the distance sort needs the point of near');
    return meiliDistanceSort(point, sort.descending);
  }
  return `${sort.key}:${sort.descending ? 'desc' : 'asc'}`;
}

/**
 * The longest facet value Meilisearch keeps, in UTF-8 bytes (milli's `MAX_FACET_VALUE_LENGTH`, its LMDB key bound of
 * 500 less 32): a longer one is cut at the last character boundary within it, for sorting and comparing alike.
 */
const longestFacetValueBytes = 468;

/**
 * A string as Meilisearch sorts and compares it, its facet value: trimmed, NFKD, lower-cased, cut to
 * `longestFacetValueBytes` (milli's `normalize_facet` then `truncate_str`). Names of up to 300 characters reach it (a
 * name of 298 « € » is 880 bytes): compared whole, such a name stands after its own truncated facet value, and a page
 * after it skipped the entries whose names share that value (verify44 fault 03).
 */
function facetValue(text: string): string {
  const normalised = text.trim().normalize('NFKD').toLowerCase();
  let bytes = 0;
  let end = 0;
  for (const character of normalised) {
    bytes += Buffer.byteLength(character);
    if (bytes > longestFacetValueBytes) break;
    end += character.length;
  }
  return normalised.slice(0, end);
}

/**
 * The Meilisearch filter of the hits after `after` in the name order (`sort=name`, its id breaking ties, as
 * `meiliParams` sorts). Meilisearch sorts and compares a string by its facet value (trimmed, NFKD, lower-cased:
 * « Évian » sorts between « eze » and « Lille »), but compares a filter's value as given: it is given so written.
 */
export function afterClause(after: NonNullable<SearchRequest['after']>, descending: boolean): string {
  const beyond = descending ? '<' : '>';
  const name = quoteFilterValue(facetValue(after.name));
  return `(name ${beyond} ${name} OR (name = ${name} AND id ${beyond} ${quoteFilterValue(after.id)}))`;
}

export const highlightedAttributes = ['name', 'aliases', 'operator_name', 'people', 'commune'];

/** What a search with words asks Meilisearch to mark in each hit (`_formatted`, read by service.ts `highlightsOf`). */
const highlighting = {
  attributesToHighlight: highlightedAttributes,
  highlightPreTag: matchStart,
  highlightPostTag: matchEnd,
};

/**
 * The Meilisearch parameters of a search, its filters built from their declarations in `catalogue`. A search without
 * words (no `q`, or a code matched exactly) has nothing to highlight: it asks for no `_formatted` copy of each hit,
 * which Meilisearch would build and the API parse for nothing.
 */
export function meiliParams(request: SearchRequest, catalogue: FilterCatalogue): SearchParams & { q: string } {
  const codes = exactCode(request.q);
  const q = codes ? '' : request.q;
  return {
    q,
    filter: filterExpression(request.filters, catalogue, codes),
    facets: request.facets.map((f) => facets[f].attribute),
    page: request.page,
    hitsPerPage: request.limit,
    // Drop the commonest words first: « centre d'appels Picardie » keeps Picardie.
    matchingStrategy: 'frequency',
    // `_geo`: each hit's distance from the point is measured from it (near.ts `distanceFrom`).
    attributesToRetrieve: ['kind', 'id', 'name', 'label', ...(request.point ? ['_geo', 'coordinates_precision'] : [])],
    ...(q.trim() ? highlighting : {}),
    // The id breaks ties, so that a name sort is one order a keyset can continue (`afterClause`).
    ...(request.sort
      ? { sort: [meiliSort(request.sort, request.point), `id:${request.sort.descending ? 'desc' : 'asc'}`] }
      : {}),
  };
}
