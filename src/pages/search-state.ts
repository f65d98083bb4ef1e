// The state of a results page, as its URL says it: `q`, the filters of
// /v1/search under the same names (read from their declarations, never
// re-declared), `sort`, `page` and `limit`. Repeated parameters (checkboxes of
// one facet) count as comma-separated values, as the API takes them; empty ones
// (a form's blank fields) are dropped. Every link of the page is built from this
// state, so every state is a URL one can share. A parameter of one value given
// twice with two values is refused, as the API does; `facets` (the API's) is
// checked against the facets the page counts, then left to the page.

import type { z } from 'zod';
import { type FieldError, invalidParameters } from '../domain/errors.js';
import { frenchDate } from '../domain/french-months.js';
import { notOneOf } from '../domain/issues.js';
import { partialDatePattern } from '../domain/vocabulary.js';
import type { FacetName } from '../listing/facets.js';
import type { FilterParam } from '../listing/filter.js';
import type { SearchQuery } from '../modules/search/run.js';
import type { searchQuery } from '../modules/search/schemas.js';

import { attributeValueLabel, filterValueLabel, frenchNumber, parameterLabel } from './labels.js';

/** The parameters a results page's URL may carry besides the filters. */
const ownParameters = ['q', 'sort', 'page', 'limit'] as const;

/** A results page's state: the parsed query the search runs, and its parameters as the URL writes them. */
export interface SearchState {
  query: SearchQuery;
  /** The parameters given, values comma-joined, in a stable order (q, filters in declaration order, sort, page). */
  params: [string, string][];
}

/** The facets the page counts: those the filters declare, each with the filter whose checkbox narrows by it. */
export function pageFacets(filters: readonly FilterParam[]): { facet: FacetName; filter: string }[] {
  return filters.flatMap((f) => (f.declaration.facets ?? []).map((facet) => ({ facet, filter: f.name })));
}

/**
 * Reads a results page's URL into its state, checked by the schema of /v1/search (`schema`); the facets asked are
 * those of `pageFacets`. Throws the same invalid_parameters error as the API for a bad value or parameter.
 */
export function readSearchState(
  search: string,
  filters: readonly FilterParam[],
  schema: ReturnType<typeof searchQuery>,
  options: { limit?: number } = {},
): SearchState {
  const given = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const trimmed = value.trim();
    // A blank field is dropped; a search of spaces alone (a no-break space) goes to the schema, which refuses it.
    if (trimmed === '' && !(name === 'q' && value !== '')) continue;
    given.set(name, [...(given.get(name) ?? []), trimmed || value]);
  }
  const filterNames = filters.flatMap((f) => [f.name, ...Object.keys(f.declaration.alongside ?? {})]);
  // A point (`near`) and what goes alongside it (`radius_km`) are one value each, commas and all.
  const single = new Set(
    filters.flatMap((f) => (f.declaration.param ? [f.name, ...Object.keys(f.declaration.alongside ?? {})] : [])),
  );
  const listed = new Set(filters.filter((f) => !f.declaration.param).map((f) => f.name));
  const known = [...ownParameters.slice(0, 1), ...filterNames, ...ownParameters.slice(1)];
  // The page counts every facet of `pageFacets`; a `facets` of the API's URL is checked against them, then left.
  const counted = [...new Set(pageFacets(filters).map((f) => f.facet))];
  const refused = [...given].flatMap(([name, values]): FieldError[] => {
    const error = (message: string): FieldError => ({ in: 'query', name, message });
    if (name === 'facets') {
      const asked = values.flatMap((v) => v.split(',').map((f) => f.trim()));
      return asked.filter((f) => !(counted as string[]).includes(f)).map((f) => error(notOneOf(f, counted)));
    }
    if (!known.includes(name)) return [error('is not a known parameter')];
    // A text parameter takes one value (a shared URL loses none of it); filters take every value, once each.
    const one = single.has(name) || !listed.has(name);
    return one && new Set(values).size > 1 ? [error('must be given once')] : [];
  });
  const refusedNames = new Set(refused.map((e) => e.name));
  const params = known.flatMap((name): [string, string][] => {
    const values = given.get(name);
    if (!values) return [];
    return [[name, [...new Set(values)].join(',')]];
  });
  const raw: Record<string, string> = Object.fromEntries(params.filter(([name]) => !refusedNames.has(name)));
  if (options.limit && !raw.limit) raw.limit = String(options.limit);
  const parsed = schema.safeParse({
    ...raw,
    facets: pageFacets(filters)
      .map((f) => f.facet)
      .join(','),
  });
  const invalid = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue: z.core.$ZodIssue): FieldError => ({
          in: 'query',
          name: issue.path.join('.') || 'query',
          message: issue.message,
        }),
      );
  // Every bad parameter at once, in the order of the URL, as the API names them: one fixed, none left to find.
  if (refused.length || !parsed.success) {
    const order = [...given.keys()];
    const position = (e: FieldError) => (order.includes(e.name) ? order.indexOf(e.name) : order.length);
    throw invalidParameters([...refused, ...invalid].sort((a, b) => position(a) - position(b)));
  }
  return { query: parsed.data, params };
}

/** The URL of `path` with these parameters, `changes` applied (a null value removes its parameter). */
export function urlWith(path: string, params: [string, string][], changes: Record<string, string | null> = {}) {
  const search = new URLSearchParams(params.filter(([name]) => !(name in changes)));
  for (const [name, value] of Object.entries(changes)) if (value !== null) search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The values given for a filter, as the URL writes them. */
export function valuesOf(params: [string, string][], name: string): string[] {
  const value = params.find(([n]) => n === name)?.[1];
  return value ? value.split(',') : [];
}

/** An active filter's value, as the page shows it, and the parameters once it is removed. */
export interface ActiveFilter {
  filter: FilterParam;
  value: string;
  without: [string, string][];
}

/**
 * The values of the filters given, each removable: one for a filter of its own parameter (`near`, removed with
 * what goes alongside it: `radius_km`), one per comma-separated value for the others.
 */
export function activeFilters(params: [string, string][], filters: readonly FilterParam[]): ActiveFilter[] {
  return filters.flatMap((filter): ActiveFilter[] => {
    if (!filter.declaration.param) {
      return valuesOf(params, filter.name).map((value) => ({
        filter,
        value,
        without: withoutValue(params, filter.name, value),
      }));
    }
    const names = [filter.name, ...Object.keys(filter.declaration.alongside ?? {})];
    const given = params.filter(([n]) => names.includes(n));
    if (!given.some(([n]) => n === filter.name)) return [];
    // A point and its radius in French, `48,8566 ; 2,3522 — Rayon (km) : 12,5`; a date (`opened_from`) as given.
    const inFrench = (v: string) => (filter.declaration.alongside ? v.split(',').map(frenchNumber).join(' ; ') : v);
    const value = given
      .map(([n, v]) => (n === filter.name ? inFrench(v) : `${parameterLabel(n)} : ${inFrench(v)}`))
      .join(' — ');
    // The distance sort goes with the point it measures from.
    const kept = params.filter(
      ([n, v]) => n !== 'page' && !names.includes(n) && !(n === 'sort' && /^-?distance$/.test(v)),
    );
    return [{ filter, value, without: kept }];
  });
}

/** The parameters with one value of a filter removed (and the page back to the first). */
export function withoutValue(params: [string, string][], name: string, value: string): [string, string][] {
  return params.flatMap(([n, v]): [string, string][] => {
    if (n === 'page') return [];
    if (n !== name) return [[n, v]];
    const rest = v.split(',').filter((x) => x !== value);
    return rest.length ? [[n, rest.join(',')]] : [];
  });
}

/**
 * An active filter's value in words, « Mandataire : Hélène Bourbouloux »: the filter's French label, and the value's
 * name when its facet names it (`names`, by `parameter=value`: data.ts filterValueNames), else a vocabulary's word,
 * a code with its meaning, a date in French (`2024-03` → « mars 2024 »), else the value as given.
 */
export function activeFilterText(names: ReadonlyMap<string, string>, filter: FilterParam, value: string): string {
  const named = names.get(`${filter.name}=${value}`);
  const shown = named
    ? named
    : filter.values
      ? filterValueLabel(filter.name, value)
      : partialDatePattern.test(value)
        ? frenchDate(value)
        : attributeValueLabel(filter.name, value);
  return `${parameterLabel(filter.name)} : ${shown}`;
}
