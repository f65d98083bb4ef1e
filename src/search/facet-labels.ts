// Readable names for facet values that are codes or ids, as each facet's declaration gives them.
import type { Db } from '../db/client.js';
import type { FacetName } from '../listing/facets.js';
import { type Facet, facets } from '../listing/facets.js';
import type { FacetValue, SearchOutcome } from './request.js';

export type LabelledFacets = Partial<Record<FacetName, (FacetValue & { label?: string })[]>>;

/** The facet counts with a `label` on each value its facet names. */
export async function labelFacets(db: Db, counts: SearchOutcome['facets']): Promise<LabelledFacets> {
  const result: LabelledFacets = {};
  for (const [name, values] of Object.entries(counts) as [FacetName, FacetValue[]][]) {
    const facet: Facet = facets[name];
    // A facet of plain values (status, kind) is given as counted: nothing to look up nor copy.
    if (!facet.labels) {
      result[name] = values;
      continue;
    }
    const labels = await facet.labels(
      db,
      values.map((v) => v.value),
    );
    result[name] = values.map((v) => {
      const label = labels.get(v.value);
      return label ? { value: v.value, label, count: v.count } : v;
    });
  }
  return result;
}
