import { z } from 'zod';
import { proceedingKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  entityRef,
  lastConfirmedSchema,
  pageSchema,
  partialDate,
  slugSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';
import { commaList, cursorParam, limitParam, oneOf, sortParam } from '../../listing/pagination.js';
import { facetsParam, qParam } from '../../search/params.js';

export const proceedingSortKeys = ['company_name', 'date', 'created_at', 'updated_at'] as const;

export const proceedingListQuery = z.strictObject({
  kind: commaList(oneOf(proceedingKinds), `Kind: ${proceedingKinds.join(', ')}.`),
  operator: commaList(slugSchema, 'Id of the operator the proceeding concerns.'),
  mandataire: commaList(slugSchema, 'Id of a practitioner or firm handling the proceeding.'),
  sort: sortParam(proceedingSortKeys, 'company_name'),
  q: qParam,
  facets: facetsParam,
  limit: limitParam,
  cursor: cursorParam,
});
/** The sort is set: the route fills in the default. */
export type ProceedingListQuery = z.infer<typeof proceedingListQuery> & { sort: string };

const proceedingFields = {
  id: z.string(),
  company_name: z.string(),
  company_description: z.string().nullable(),
  operator: entityRef.nullable().meta({ description: 'The company, when it is an operator of the directory.' }),
  kind: z.enum(proceedingKinds),
  date: partialDate.nullable(),
  court: z.string().nullable(),
  acquirer: entityRef.nullable().meta({ description: 'For a takeover, the operator that took the company over.' }),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const proceedingSummary = z.object(proceedingFields).meta({ id: 'ProceedingSummary' });

export const proceedingDetail = z
  .object({
    ...proceedingFields,
    practitioners: z.array(z.object({ id: z.string(), name: z.string(), role: z.string().nullable(), ...sourcedFact })),
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        commune: z.string().nullable(),
        status: z.enum(siteStatuses).nullable(),
      }),
    ),
    citations: z.array(citationSchema),
    last_confirmed: lastConfirmedSchema,
  })
  .meta({ id: 'Proceeding' });

export const proceedingPage = pageSchema(proceedingSummary, 'ProceedingPage', { searchable: true });
