// Facets: counts of the matching entries per value of a search-document
// attribute, offered by search and by every list given `q` or `facets`. The
// filter that narrows by the same attribute names its facet (filters.ts).
import { and, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { mandataires, operators } from '../db/schema/index.js';
import { shown } from '../db/withheld.js';
import { courtFilterKey, normaliseCourt } from '../domain/courts.js';
import { bandLabel, nafLabel } from '../domain/sirene-codes.js';
import { geography } from '../geo/index.js';

/** A facet: the attribute it counts, and readable names for values that are codes or ids. */
export interface Facet {
  /** The document attribute (a column of `search_entries`, filterable in Meilisearch). */
  readonly attribute: string;
  /** The attribute holds several values (an array): each value is counted. */
  readonly array?: boolean;
  /**
   * The value a stored one is counted under, when several writings are one value (a court typed « tribunal de
   * commerce de nimes » is « Tribunal de commerce de Nîmes »): the search document holds it so, and the PostgreSQL
   * fallback counts its rows under it, so that a bucket counts what its filter selects.
   */
  readonly written?: (value: string) => string | null;
  /**
   * The key its filter compares a value by, when writings that differ by more than `written` repairs are one value
   * (« Tribunal de commerce de Lille Metropole », as BODACC capitals lost its accent, and « … Lille Métropole »):
   * the buckets of one key are counted as one (search/facet-values.ts), as the filter selects them together.
   */
  readonly key?: (value: string) => string | null;
  /** Names of those of `values` that have one. */
  labels?(db: Db, values: string[]): Promise<Map<string, string>>;
}

/** Names of regions or départements by code; the geography loads on first use. */
function geoLabels(places: () => ReadonlyMap<string, { name: string }>) {
  // A loop, not flatMap into pairs: a search's département facet labels about a hundred codes on every request.
  return async (_db: Db, codes: string[]) => {
    const named = places();
    const labels = new Map<string, string>();
    for (const code of codes) {
      const place = named.get(code);
      if (place) labels.set(code, place.name);
    }
    return labels;
  };
}

/** The values `label` names (each labelled once). */
function labelled(values: string[], label: (value: string) => string | null): Map<string, string> {
  const labels = new Map<string, string>();
  for (const value of values) {
    const name = label(value);
    if (name) labels.set(value, name);
  }
  return labels;
}

/** Names of the entries of `table` by id (from PostgreSQL), withheld ones left out. */
function entryNames(table: typeof operators | typeof mandataires) {
  return async (db: Db, ids: string[]): Promise<Map<string, string>> => {
    if (!ids.length) return new Map();
    // A withheld entry's name is shown nowhere, even to one who names its id.
    const rows = await db
      .select({ id: table.id, name: table.name })
      .from(table)
      .where(and(inArray(table.id, ids), shown(table)));
    return new Map(rows.map((o) => [o.id, o.name]));
  };
}

/** Every facet, in the order error messages list them. */
export const facets = {
  kind: { attribute: 'kind' },
  category: { attribute: 'category' },
  status: { attribute: 'status' },
  region: { attribute: 'region_code', labels: geoLabels(() => geography().regions) },
  former_region: { attribute: 'former_region_name' },
  departement: { attribute: 'departement_code', labels: geoLabels(() => geography().departements) },
  country: { attribute: 'country' },
  operator: { attribute: 'operator_id', labels: entryNames(operators) },
  naf: { attribute: 'naf_code', labels: async (_db, codes) => labelled(codes, nafLabel) },
  tranche_effectifs: { attribute: 'tranche_effectifs', labels: async (_db, codes) => labelled(codes, bandLabel) },
  tribunal: { attribute: 'court', written: normaliseCourt, key: courtFilterKey },
  role: { attribute: 'roles', array: true },
  mandataire: { attribute: 'mandataire_ids', array: true, labels: entryNames(mandataires) },
} as const satisfies Record<string, Facet>;

export type FacetName = keyof typeof facets;
export const facetNames = Object.keys(facets) as [FacetName, ...FacetName[]];
