import { z } from 'zod';
import { operatorKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  entityRef,
  headcountSchema,
  lastConfirmedSchema,
  pageSchema,
  partialDate,
  slugSchema,
  timestampsSchema,
} from '../../http/schemas.js';
import { countryParam } from '../../listing/geo-params.js';
import { commaList, cursorParam, limitParam, oneOf, sortParam } from '../../listing/pagination.js';
import { facetsParam, qParam } from '../../search/params.js';
import { roleSchema } from '../people/schemas.js';

export const operatorSortKeys = ['name', 'created_at', 'updated_at'] as const;

export const operatorListQuery = z.strictObject({
  kind: commaList(oneOf(operatorKinds), `Kind: ${operatorKinds.join(', ')}.`),
  country: countryParam,
  parent: commaList(slugSchema, 'Id of the parent group.'),
  sort: sortParam(operatorSortKeys, 'name'),
  q: qParam,
  facets: facetsParam,
  limit: limitParam,
  cursor: cursorParam,
});
/** The sort is set: the route fills in the default. */
export type OperatorListQuery = z.infer<typeof operatorListQuery> & { sort: string };

const operatorFields = {
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  kind: z.enum(operatorKinds).nullable(),
  parent: entityRef.nullable(),
  country: z.string().nullable(),
  siren: z.string().nullable(),
  website: z.string().nullable(),
  description: z.string().nullable(),
  ...timestampsSchema,
};

export const operatorSummary = z.object(operatorFields).meta({ id: 'OperatorSummary' });

export const operatorDetail = z
  .object({
    ...operatorFields,
    subsidiaries: z.array(entityRef),
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        commune: z.string().nullable(),
        country: z.string(),
        status: z.enum(siteStatuses).nullable(),
      }),
    ),
    headcounts: z.array(headcountSchema),
    people: z.array(roleSchema),
    proceedings: z.array(
      z.object({
        id: z.string(),
        company_name: z.string(),
        kind: z.string(),
        date: partialDate.nullable(),
        relation: z.enum(['company', 'acquirer']),
      }),
    ),
    citations: z.array(citationSchema),
    last_confirmed: lastConfirmedSchema,
  })
  .meta({ id: 'Operator' });

export const operatorPage = pageSchema(operatorSummary, 'OperatorPage', { searchable: true });
