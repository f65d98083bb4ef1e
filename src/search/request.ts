// What a search asks for, independent of the engine that answers it.
import { geography } from '../geo/index.js';
import type { RegionFilter } from '../listing/geo-params.js';

/** Facets a client may ask counts for, and the document attribute behind each. */
export const facetAttributes = {
  kind: 'kind',
  category: 'category',
  status: 'status',
  region: 'region_code',
  former_region: 'former_region_name',
  departement: 'departement_code',
  country: 'country',
  operator: 'operator_id',
} as const;
export type FacetName = keyof typeof facetAttributes;
export const facetNames = Object.keys(facetAttributes) as [FacetName, ...FacetName[]];

/** Filters on document attributes; values already validated. */
export interface SearchFilters {
  kind?: string[];
  category?: string[];
  status?: string[];
  operator?: string[];
  parent?: string[];
  profession?: string[];
  mandataire?: string[];
  region?: RegionFilter[];
  departement?: string[];
  code_commune?: string[];
  code_postal?: string[];
  country?: string[];
}

/** Filter name → the document attribute it tests (regions test two, see below). */
/**
 * Entries match a postal code when they carry it, or when their postal code is
 * unknown and their commune is one it serves (most sites of a city with
 * several postal codes, such as Amiens, have no known postal code).
 */
export function postalArea(codes: string[]): { postal: string[]; communes: string[] } {
  const geo = geography();
  return { postal: codes, communes: [...new Set(codes.flatMap((c) => geo.communesOfPostalCode(c)))] };
}

export const filterAttributes = {
  kind: 'kind',
  category: 'category',
  status: 'status',
  operator: 'operator_id',
  parent: 'parent_id',
  profession: 'profession',
  mandataire: 'mandataire_ids',
  departement: 'departement_code',
  code_commune: 'code_commune',
  country: 'country',
} as const satisfies Record<Exclude<keyof SearchFilters, 'region' | 'code_postal'>, string>;

export interface SearchRequest {
  q: string;
  filters: SearchFilters;
  facets: FacetName[];
  page: number;
  limit: number;
  sort?: { key: 'name' | 'updated_at'; descending: boolean };
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
}

export interface SearchOutcome {
  hits: SearchHit[];
  total: number;
  facets: Partial<Record<FacetName, FacetValue[]>>;
  /** True when Meilisearch could not answer and Postgres did. */
  degraded: boolean;
}

/**
 * A query that is a code (SIREN, SIRET, postal or commune code, phone number)
 * is matched exactly rather than searched: « 0800 942 564 » → 0800942564.
 */
export function exactCode(q: string): string[] | null {
  const compact = q.replace(/[\s.\-/]/g, '');
  const phone = compact.replace(/^(\+|00)33/, '0');
  if (/^0\d{9}$/.test(phone)) return [phone];
  if (/^\d{14}$/.test(compact)) return [compact, compact.slice(0, 9)];
  if (/^\d{9}$/.test(compact) || /^\d{5}$/.test(compact) || /^2[AB]\d{3}$/i.test(compact))
    return [compact.toUpperCase()];
  return null;
}
