// The filters and sorts of the operator list, declared once: the list, the
// list with `q`, /v1/search, the export and the OpenAPI document all read them.
import { operators } from '../../db/schema/index.js';
import { operatorKinds } from '../../domain/vocabulary.js';
import type { KindFilter } from '../../listing/filter.js';
import { categoryFilter, countryFilter, parentFilter } from '../../listing/filters.js';
import { type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

export const operatorFilters: readonly KindFilter[] = [
  categoryFilter.on(operators.kind, { name: 'kind', values: operatorKinds, example: 'vendor' }),
  countryFilter.on(operators.country, { example: 'FR' }),
  parentFilter.on(operators.parent_id, { ids: operators, description: 'Id of the parent group.', example: 'xerox' }),
];

export const operatorSorts: KindSorts = {
  default: 'name',
  keys: {
    name: textSort(operators.name, 'name'),
    created_at: timestampSort(operators.created_at),
    updated_at: timestampSort(operators.updated_at, 'updated_at'),
  },
};

/** The operator list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const operatorListing = { table: operators, filters: operatorFilters, sorts: operatorSorts };
