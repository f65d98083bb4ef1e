import { z } from 'zod';
import { proceedingKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  entityRef,
  headcountSchema,
  lastConfirmedSchema,
  pageSchema,
  partialDate,
  placeSchema,
  slugSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';
import {
  codeCommuneParam,
  codePostalParam,
  countryParam,
  departementParam,
  regionParam,
} from '../../listing/geo-params.js';
import { commaList, cursorParam, limitParam, oneOf, sortParam } from '../../listing/pagination.js';
import { facetsParam, qParam } from '../../search/params.js';

export const siteSortKeys = ['name', 'commune', 'opened_on', 'created_at', 'updated_at'] as const;

export const siteListQuery = z.strictObject({
  region: regionParam,
  departement: departementParam,
  code_commune: codeCommuneParam,
  code_postal: codePostalParam,
  country: countryParam,
  status: commaList(oneOf(siteStatuses), `Status: ${siteStatuses.join(', ')}.`),
  operator: commaList(slugSchema, 'Operator id.'),
  sort: sortParam(siteSortKeys, 'name'),
  q: qParam,
  facets: facetsParam,
  limit: limitParam,
  cursor: cursorParam,
});
/** The sort is set: the route fills in the default. */
export type SiteListQuery = z.infer<typeof siteListQuery> & { sort: string };

const siteFields = {
  id: z.string(),
  name: z.string(),
  operator: entityRef.nullable(),
  siret: z.string().nullable(),
  ...placeSchema,
  status: z.enum(siteStatuses).nullable(),
  status_as_of: partialDate.nullable().meta({ description: 'When a source last stated the status.' }),
  opened_on: partialDate.nullable(),
  closed_on: partialDate.nullable(),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const siteSummary = z.object(siteFields).meta({ id: 'SiteSummary' });

export const siteDetail = z
  .object({
    ...siteFields,
    headcounts: z.array(headcountSchema),
    clients: z.array(
      z.object({
        name: z.string(),
        operator_id: z.string().nullable(),
        current: z.boolean().nullable().meta({ description: 'false for a former client; null when not stated.' }),
        ...sourcedFact,
      }),
    ),
    proceedings: z.array(
      z.object({
        id: z.string(),
        company_name: z.string(),
        kind: z.enum(proceedingKinds),
        date: partialDate.nullable(),
      }),
    ),
    citations: z.array(citationSchema),
    last_confirmed: lastConfirmedSchema,
  })
  .meta({ id: 'Site' });

export const sitePage = pageSchema(siteSummary, 'SitePage', { searchable: true });
