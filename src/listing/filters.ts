// The filters several kinds share, each declared once (see filter.ts for what a
// declaration holds). A kind binds them to its own column(s) in its
// modules/<plural>/filters.ts; a filter only one kind has is declared there.
import { and, type Column, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { operators } from '../db/schema/index.js';
import { slugMaxLength, slugPattern } from '../domain/vocabulary.js';
import { entryIn, meiliIn, postalArea } from './conditions.js';
import { attributeFilter, defineFilter, type FilterDeclaration } from './filter.js';
import {
  codeCommuneValue,
  codePostalValue,
  countryValue,
  departementValue,
  formerRegionValue,
  type RegionFilter,
  regionsOf,
  regionValue,
} from './geo-params.js';

/** The id of an entry: a slug. */
export const entryId = z
  .string()
  .max(slugMaxLength, { error: `must be at most ${slugMaxLength} characters` })
  .regex(slugPattern, { error: 'must be a slug: lower-case letters, digits and single hyphens' });

/** A filter on a closed list of values, each kind naming its own; its attribute and facet have its name. */
function vocabularyFilter(name: 'kind' | 'category' | 'status', description: string) {
  return attributeFilter({ name, description, attribute: name, vocabulary: true, facets: [name] });
}

/** The kind of entry (`site`, `operator`…): in /v1/search only, its values those of the registry. */
export const entryKindFilter = vocabularyFilter('kind', 'Kind of entry');

/** The entry's own kind: an operator's, a club's… (the lists call it `kind`). */
export const categoryFilter = vocabularyFilter(
  'category',
  "The entry's own kind (operator, club, mandataire or proceeding kind).",
);

/** A site's, a club's or a proceeding's status: each kind names its values (a proceeding's: open, closed). */
export const statusFilter = vocabularyFilter('status', 'Status of a site, a club or a proceeding.');

export const operatorFilter = attributeFilter({
  name: 'operator',
  description: 'Operator id: the operator itself, its sites and its proceedings.',
  attribute: 'operator_id',
  value: entryId,
  ids: operators,
  facets: ['operator'],
});

/** The entry an entry belongs to: an operator's parent group, a practitioner's firm. */
export const parentFilter = attributeFilter({
  name: 'parent',
  description: "Id of the entry it belongs to: an operator's parent group, a practitioner's firm.",
  attribute: 'parent_id',
  value: entryId,
});

/** Either of two conditions, each only when it has values. */
function either(first: SQL | undefined, second: SQL | undefined): SQL {
  return sql`(${sql.join(
    [first, second].filter((c): c is SQL => c !== undefined),
    sql` or `,
  )})`;
}

/** Today's regions by code, former regions by the name the press still uses. */
export const regionFilter = defineFilter<RegionFilter, { code: Column; former: Column }>({
  name: 'region',
  description:
    "Region: INSEE code (`32`), today's name (`Hauts-de-France`) or a former name used by the press (`Picardie`).",
  value: regionValue,
  facets: ['region'],
  where(columns, values) {
    const { codes, formers } = regionsOf(values);
    return or(
      codes.length ? inArray(columns.code, codes) : undefined,
      formers.length ? inArray(columns.former, formers) : undefined,
    );
  },
  meili(values) {
    const { codes, formers } = regionsOf(values);
    const parts = [
      codes.length ? meiliIn('region_code', codes) : null,
      formers.length ? meiliIn('former_region_name', formers) : null,
    ];
    return `(${parts.filter(Boolean).join(' OR ')})`;
  },
  postgres(values) {
    const { codes, formers } = regionsOf(values);
    return either(
      codes.length ? entryIn('region_code', codes) : undefined,
      formers.length ? entryIn('former_region_name', formers) : undefined,
    );
  },
});

/**
 * A former region (before 2016) by its name, as the `former_region` facet counts them (`Nord-Pas-de-Calais`): the
 * entries of its départements. `region` takes the same names too; this filter is the facet's, of the same name.
 */
export const formerRegionFilter = attributeFilter({
  name: 'former_region',
  description:
    'Former region (before 2016), by its name (`Picardie`, `Nord-Pas-de-Calais`): the entries of its départements.',
  attribute: 'former_region_name',
  value: formerRegionValue,
  facets: ['former_region'],
});

export const departementFilter = attributeFilter({
  name: 'departement',
  description: 'Département code (`80`, `2A`, `974`).',
  attribute: 'departement_code',
  value: departementValue,
  facets: ['departement'],
});

/** A commune's code takes in its arrondissements; an arrondissement's code (`75116`) takes in its own entries. */
export const codeCommuneFilter = defineFilter<string, { commune: Column; arrondissement: Column }>({
  name: 'code_commune',
  description:
    'INSEE commune code (`80021`); in Paris, Lyon and Marseille the commune (`75056`) or one arrondissement (`75116`).',
  value: codeCommuneValue,
  where: (columns, codes) => or(inArray(columns.commune, codes), inArray(columns.arrondissement, codes)),
  meili: (codes) => `(${meiliIn('code_commune', codes)} OR ${meiliIn('code_arrondissement', codes)})`,
  postgres: (codes) => either(entryIn('code_commune', codes), entryIn('code_arrondissement', codes)),
});

/** A postal code also takes in the entries of its communes whose own postal code is unknown (see postalArea). */
export const codePostalFilter = defineFilter<string, { postal: Column; commune: Column; arrondissement: Column }>({
  name: 'code_postal',
  description: 'Postal code (`80000`).',
  value: codePostalValue,
  where(columns, codes) {
    const area = postalArea(codes);
    const inArea = or(
      area.communes.length ? inArray(columns.commune, area.communes) : undefined,
      area.arrondissements.length ? inArray(columns.arrondissement, area.arrondissements) : undefined,
    );
    return or(inArray(columns.postal, area.postal), inArea ? and(isNull(columns.postal), inArea) : undefined);
  },
  meili(codes) {
    const area = postalArea(codes);
    const inArea = [
      area.communes.length ? meiliIn('code_commune', area.communes) : null,
      area.arrondissements.length ? meiliIn('code_arrondissement', area.arrondissements) : null,
    ].filter(Boolean);
    const unknownButInArea = inArea.length ? ` OR (code_postal IS NULL AND (${inArea.join(' OR ')}))` : '';
    return `(${meiliIn('code_postal', area.postal)}${unknownButInArea})`;
  },
  postgres(codes) {
    const area = postalArea(codes);
    const inArea = [
      area.communes.length ? entryIn('code_commune', area.communes) : undefined,
      area.arrondissements.length ? entryIn('code_arrondissement', area.arrondissements) : undefined,
    ].filter((c): c is SQL => c !== undefined);
    return inArea.length
      ? either(entryIn('code_postal', area.postal), sql`(code_postal is null and ${either(inArea[0], inArea[1])})`)
      : entryIn('code_postal', area.postal);
  },
});

export const countryFilter = attributeFilter({
  name: 'country',
  description: 'Country, ISO 3166-1 alpha-2 (`FR`, `MA`).',
  attribute: 'country',
  value: countryValue,
  facets: ['country'],
});

/** The shared filters in the order /v1/search lists them; filters of one kind come after. */
export const sharedFilters: readonly FilterDeclaration[] = [
  entryKindFilter,
  categoryFilter,
  statusFilter,
  operatorFilter,
  regionFilter,
  departementFilter,
  codeCommuneFilter,
  codePostalFilter,
  countryFilter,
  parentFilter,
];
