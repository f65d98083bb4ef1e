// A facet's buckets as the API gives them, whichever engine counted them: values that are writings of one value
// counted once, under their best writing, so that a bucket counts what its filter selects (the filter compares the
// same key). Used by the Meilisearch search (service.ts) and the PostgreSQL fallback (fallback.ts) alike.
import type { Facet } from '../listing/facets.js';
import type { FacetValue } from './request.js';

/** How many accents a writing carries: capitals drop them (« LILLE METROPOLE »), so more is the better writing. */
const accents = (text: string) => text.normalize('NFD').match(/\p{M}/gu)?.length ?? 0;

/**
 * The buckets of `facet` from the values an engine counted: each value written as the facet writes it
 * (`facet.written`), then the writings with one key (`facet.key`: « Tribunal de commerce de Lille Metropole » and
 * « … Lille Métropole ») merged, their counts added, under the writing with the most accents (then the most counted,
 * then the first in order). Sorted by count, most first, then by value. Facets without either are given as counted.
 */
export function facetBuckets(facet: Facet, counted: readonly FacetValue[]): FacetValue[] {
  const { written, key } = facet;
  if (!written && !key) return [...counted];
  const merged = new Map<string, { writings: Map<string, number>; count: number }>();
  for (const { value, count } of counted) {
    const writing = written?.(value) ?? value;
    const k = key?.(writing) ?? writing;
    const bucket = merged.get(k) ?? { writings: new Map<string, number>(), count: 0 };
    bucket.writings.set(writing, (bucket.writings.get(writing) ?? 0) + count);
    bucket.count += count;
    merged.set(k, bucket);
  }
  const best = (writings: Map<string, number>) =>
    [...writings].sort(([a, ca], [b, cb]) => accents(b) - accents(a) || cb - ca || (a < b ? -1 : a > b ? 1 : 0))[0]![0];
  return [...merged.values()]
    .map(({ writings, count }) => ({ value: best(writings), count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}
