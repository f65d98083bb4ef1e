// The filters and sorts of the club list, declared once: the list, the list
// with `q`, /v1/search, the export and the OpenAPI document all read them.
import { clubs } from '../../db/schema/index.js';
import { clubKinds, clubStatuses } from '../../domain/vocabulary.js';
import type { KindFilter } from '../../listing/filter.js';
import { categoryFilter, formerRegionFilter, regionFilter, statusFilter } from '../../listing/filters.js';
import { integerSort, type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

export const clubFilters: readonly KindFilter[] = [
  categoryFilter.on(clubs.kind, { name: 'kind', values: clubKinds, example: 'regional_club' }),
  statusFilter.on(clubs.status, { values: clubStatuses, example: 'defunct' }),
  regionFilter.on({ code: clubs.served_region_code, former: clubs.served_former_region_name }, { example: 'Picardie' }),
  formerRegionFilter.on(clubs.served_former_region_name, { example: 'Rhône-Alpes' }),
];

export const clubSorts: KindSorts = {
  default: 'name',
  keys: {
    name: textSort(clubs.name, 'name'),
    member_count: integerSort(clubs.member_count),
    created_at: timestampSort(clubs.created_at),
    updated_at: timestampSort(clubs.updated_at, 'updated_at'),
  },
};

/** The club list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const clubListing = { table: clubs, filters: clubFilters, sorts: clubSorts };
