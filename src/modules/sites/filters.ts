// The filters and sorts of the site list, declared once: the list, the list
// with `q`, /v1/search, the export and the OpenAPI document all read them.

import { z } from 'zod';
import { sites } from '../../db/schema/index.js';
import { headcountBandCodes, nafCodeSchema } from '../../domain/sirene-codes.js';
import { siteStatuses } from '../../domain/vocabulary.js';
import { attributeFilter, type KindFilter } from '../../listing/filter.js';
import {
  codeCommuneFilter,
  codePostalFilter,
  countryFilter,
  departementFilter,
  formerRegionFilter,
  operatorFilter,
  regionFilter,
  statusFilter,
} from '../../listing/filters.js';
import { distanceSort, nearFilter } from '../../listing/near.js';
import { type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

/** The NAF code of a site's main activity, as Sirene gives it. */
export const nafFilter = attributeFilter({
  name: 'naf',
  description: 'NAF rév. 2 code of the main activity (APE, from Sirene): `82.20Z` for call centres.',
  attribute: 'naf_code',
  value: nafCodeSchema,
  facets: ['naf'],
});

/** Sirene's headcount band of a site (a range of employees, never one number). */
export const trancheEffectifsFilter = attributeFilter({
  name: 'tranche_effectifs',
  description:
    "Sirene's headcount band code (tranche d'effectifs): `NN` non-employing, `00` none on 31 December, " +
    '`01` 1–2, `02` 3–5, `03` 6–9, `11` 10–19, `12` 20–49, `21` 50–99, `22` 100–199, `31` 200–249, `32` 250–499, ' +
    '`41` 500–999, `42` 1,000–1,999, `51` 2,000–4,999, `52` 5,000–9,999, `53` 10,000 and more.',
  attribute: 'tranche_effectifs',
  value: z.enum(headcountBandCodes, { error: 'must be a headcount band code (NN, 00, 01… 53)' }),
  facets: ['tranche_effectifs'],
});

/** A site's WGS84 position (Sirene's geolocation, or its commune's centre: see `coordinates_precision`). */
const position = { latitude: sites.latitude, longitude: sites.longitude };

export const siteFilters: readonly KindFilter[] = [
  regionFilter.on({ code: sites.region_code, former: sites.former_region_name }, { example: 'Hauts-de-France' }),
  formerRegionFilter.on(sites.former_region_name, { example: 'Picardie' }),
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
  nafFilter.on(sites.naf_code, { example: '82.20Z' }),
  trancheEffectifsFilter.on(sites.tranche_effectifs, { example: '22' }),
  nearFilter.on(position, { example: '49.8941,2.2958', exampleAlongside: { radius_km: '5' } }),
];

export const siteSorts: KindSorts = {
  default: 'name',
  keys: {
    name: textSort(sites.name, 'name'),
    commune: textSort(sites.commune),
    opened_on: textSort(sites.opened_on),
    created_at: timestampSort(sites.created_at),
    updated_at: timestampSort(sites.updated_at, 'updated_at'),
    distance: distanceSort(position),
  },
};

/** The site list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const siteListing = { table: sites, filters: siteFilters, sorts: siteSorts };
