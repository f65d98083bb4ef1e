// The filters and sorts of the list of practitioners, firms and bodies,
// declared once: the list, the list with `q`, /v1/search, the export and the
// OpenAPI document all read them.
import { type Column, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { mandataires, proceedingPractitioners } from '../../db/schema/index.js';
import { shownId } from '../../db/withheld.js';
import { mandataireKinds, practitionerRoles, professions } from '../../domain/vocabulary.js';
import { entryIn, meiliIn } from '../../listing/conditions.js';
import { attributeFilter, defineFilter, type KindFilter } from '../../listing/filter.js';
import { categoryFilter, departementFilter, parentFilter } from '../../listing/filters.js';
import { type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

export const professionFilter = attributeFilter({
  name: 'profession',
  description: 'Profession of an insolvency practitioner.',
  attribute: 'profession',
  vocabulary: true,
});

/**
 * Practitioners ever appointed in at least one proceeding in one of these roles (the proceeding shown): what they are
 * appointed as, not what they hold now; an appointment counts whether current, replaced by a later judgment or of a
 * closed proceeding. Their current mandates are `/v1/proceedings?mandataire=<id>&status=open`.
 */
export const roleFilter = defineFilter<string, Column>({
  name: 'role',
  description:
    'Role a practitioner was ever appointed in, in at least one proceeding: current or not (replaced by a later ' +
    'judgment, or the proceeding closed). Their current mandates: `/v1/proceedings?mandataire=<id>&status=open`.',
  value: z.string(),
  vocabulary: true,
  facets: ['role'],
  where: (id, roles) =>
    sql`${id} in (select ${proceedingPractitioners.mandataire_id} from ${proceedingPractitioners}
      where ${inArray(proceedingPractitioners.role, roles)}
        and ${shownId('proceedings', sql`${proceedingPractitioners.proceeding_id}`)})`,
  meili: (roles) => meiliIn('roles', roles),
  postgres: (roles) => entryIn('roles', roles, { array: true }),
});

export const mandataireFilters: readonly KindFilter[] = [
  categoryFilter.on(mandataires.kind, { name: 'kind', values: mandataireKinds, example: 'practitioner' }),
  professionFilter.on(mandataires.profession, { values: professions, example: 'mandataire_judiciaire' }),
  departementFilter.on(mandataires.departement_code, { example: '80' }),
  parentFilter.on(mandataires.firm_id, {
    name: 'firm',
    ids: mandataires,
    description: 'Id of the firm (étude).',
    example: 'etude-meynet',
  }),
  roleFilter.on(mandataires.id, { values: practitionerRoles, example: 'administrateur_judiciaire' }),
];

export const mandataireSorts: KindSorts = {
  default: 'name',
  keys: {
    name: textSort(mandataires.name, 'name'),
    created_at: timestampSort(mandataires.created_at),
    updated_at: timestampSort(mandataires.updated_at, 'updated_at'),
  },
};

/** The mandataire list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const mandataireListing = { table: mandataires, filters: mandataireFilters, sorts: mandataireSorts };
