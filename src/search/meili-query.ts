// Turning a search request into Meilisearch parameters. Every filter is built
// from an allowlist of attributes, with quoted and escaped values: nothing a
// client sends is ever read as filter syntax.
import type { SearchParams } from 'meilisearch';
import {
  exactCode,
  facetAttributes,
  filterAttributes,
  postalArea,
  type SearchFilters,
  type SearchRequest,
} from './request.js';

/** A Meilisearch filter string literal. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function inList(attribute: string, values: string[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(', ')}]`;
}

function postalClause(codes: string[]): string {
  const area = postalArea(codes);
  const unknownButInArea = area.communes.length
    ? ` OR (code_postal IS NULL AND ${inList('code_commune', area.communes)})`
    : '';
  return `(${inList('code_postal', area.postal)}${unknownButInArea})`;
}

export function filterExpression(filters: SearchFilters, codes: string[] | null): string[] {
  const clauses: string[] = [];
  for (const [name, attribute] of Object.entries(filterAttributes) as [keyof typeof filterAttributes, string][]) {
    const values = filters[name];
    if (values?.length) clauses.push(inList(attribute, values));
  }
  if (filters.region?.length) {
    const codesOfRegions = filters.region.flatMap((r) => ('region_code' in r ? [r.region_code] : []));
    const formers = filters.region.flatMap((r) => ('former_region' in r ? [r.former_region] : []));
    const parts = [
      codesOfRegions.length ? inList('region_code', codesOfRegions) : null,
      formers.length ? inList('former_region_name', formers) : null,
    ].filter(Boolean);
    clauses.push(`(${parts.join(' OR ')})`);
  }
  if (filters.code_postal?.length) clauses.push(postalClause(filters.code_postal));
  if (codes) {
    const postal = codes.filter((c) => /^\d{5}$/.test(c));
    clauses.push(postal.length ? `(${inList('codes', codes)} OR ${postalClause(postal)})` : inList('codes', codes));
  }
  return clauses;
}

export const highlightedAttributes = ['name', 'aliases', 'operator_name', 'people', 'commune'];

export function meiliParams(request: SearchRequest): SearchParams & { q: string } {
  const codes = exactCode(request.q);
  return {
    q: codes ? '' : request.q,
    filter: filterExpression(request.filters, codes),
    facets: request.facets.map((f) => facetAttributes[f]),
    page: request.page,
    hitsPerPage: request.limit,
    // Drop the commonest words first: « centre d'appels Picardie » keeps Picardie.
    matchingStrategy: 'frequency',
    attributesToRetrieve: ['kind', 'id', 'name', 'label'],
    attributesToHighlight: highlightedAttributes,
    highlightPreTag: '<mark>',
    highlightPostTag: '</mark>',
    ...(request.sort ? { sort: [`${request.sort.key}:${request.sort.descending ? 'desc' : 'asc'}`] } : {}),
  };
}
