// The filters and sorts of the proceeding list, declared once: the list, the
// list with `q`, /v1/search, the export and the OpenAPI document all read them.
import { type Column, inArray, sql } from 'drizzle-orm';
import { mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import { proceedingKinds } from '../../domain/vocabulary.js';
import { entryIn, meiliIn } from '../../listing/conditions.js';
import { defineFilter, type KindFilter } from '../../listing/filter.js';
import { categoryFilter, entryId, operatorFilter } from '../../listing/filters.js';
import { type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

/** Proceedings a practitioner or firm handles (through proceeding_practitioners). */
export const mandataireFilter = defineFilter<string, Column>({
  name: 'mandataire',
  description: 'Id of a practitioner or firm handling the proceeding.',
  value: entryId,
  ids: mandataires,
  where: (proceedingId, ids) =>
    sql`${proceedingId} in (select ${proceedingPractitioners.proceeding_id} from ${proceedingPractitioners}
      where ${inArray(proceedingPractitioners.mandataire_id, ids)})`,
  meili: (ids) => meiliIn('mandataire_ids', ids),
  postgres: (ids) => entryIn('mandataire_ids', ids, { array: true }),
});

export const proceedingFilters: readonly KindFilter[] = [
  categoryFilter.on(proceedings.kind, { name: 'kind', values: proceedingKinds, example: 'en_difficulte' }),
  operatorFilter.on(proceedings.operator_id, {
    description: 'Id of the operator the proceeding concerns.',
    example: 'ipg',
  }),
  mandataireFilter.on(proceedings.id, { example: 'helene-bourbouloux' }),
];

export const proceedingSorts: KindSorts = {
  default: 'company_name',
  keys: {
    company_name: textSort(proceedings.company_name, 'name'),
    date: textSort(proceedings.date),
    created_at: timestampSort(proceedings.created_at),
    updated_at: timestampSort(proceedings.updated_at, 'updated_at'),
  },
};

/** The proceeding list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const proceedingListing = { table: proceedings, filters: proceedingFilters, sorts: proceedingSorts };
