// Readable names for facet values that are codes or ids.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { operators } from '../db/schema/index.js';
import { geography } from '../geo/index.js';
import type { FacetName, FacetValue, SearchOutcome } from './request.js';

export type LabelledFacets = Partial<Record<FacetName, (FacetValue & { label?: string })[]>>;

export async function labelFacets(db: Db, facets: SearchOutcome['facets']): Promise<LabelledFacets> {
  const geo = geography();
  const operatorIds = facets.operator?.map((v) => v.value) ?? [];
  const operatorNames = new Map(
    operatorIds.length
      ? (
          await db
            .select({ id: operators.id, name: operators.name })
            .from(operators)
            .where(inArray(operators.id, operatorIds))
        ).map((o) => [o.id, o.name])
      : [],
  );
  const labelOf: Partial<Record<FacetName, (value: string) => string | undefined>> = {
    region: (v) => geo.regions.get(v)?.name,
    departement: (v) => geo.departements.get(v)?.name,
    operator: (v) => operatorNames.get(v),
  };
  const result: LabelledFacets = {};
  for (const [name, values] of Object.entries(facets) as [FacetName, FacetValue[]][]) {
    const label = labelOf[name];
    result[name] = values.map((v) => {
      const text = label?.(v.value);
      return text ? { value: v.value, label: text, count: v.count } : v;
    });
  }
  return result;
}
