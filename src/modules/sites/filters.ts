// The filters and sorts of the site list, declared once: the list, the list
// with `q`, /v1/search, the export and the OpenAPI document all read them.
import { sites } from '../../db/schema/index.js';
import { siteStatuses } from '../../domain/vocabulary.js';
import type { KindFilter } from '../../listing/filter.js';
import {
  codeCommuneFilter,
  codePostalFilter,
  countryFilter,
  departementFilter,
  operatorFilter,
  regionFilter,
  statusFilter,
} from '../../listing/filters.js';
import { type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

export const siteFilters: readonly KindFilter[] = [
  regionFilter.on({ code: sites.region_code, former: sites.former_region_name }, { example: 'Hauts-de-France' }),
  departementFilter.on(sites.departement_code, { example: '80' }),
  codeCommuneFilter.on(
    { commune: sites.code_commune, arrondissement: sites.code_arrondissement },
    { example: '80021' },
  ),
  codePostalFilter.on(
    { postal: sites.code_postal, commune: sites.code_commune, arrondissement: sites.code_arrondissement },
    { example: '80090' },
  ),
  countryFilter.on(sites.country, { example: 'MA' }),
  statusFilter.on(sites.status, { values: siteStatuses, example: 'open' }),
  operatorFilter.on(sites.operator_id, { description: 'Operator id.', example: 'ipg-contacts-services' }),
];

export const siteSorts: KindSorts = {
  default: 'name',
  keys: {
    name: textSort(sites.name, 'name'),
    commune: textSort(sites.commune),
    opened_on: textSort(sites.opened_on),
    created_at: timestampSort(sites.created_at),
    updated_at: timestampSort(sites.updated_at, 'updated_at'),
  },
};

/** The site list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const siteListing = { table: sites, filters: siteFilters, sorts: siteSorts };
