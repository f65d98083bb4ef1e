import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { proceedingKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  entityRef,
  headcountSchema,
  lastConfirmedSchema,
  pageSchema,
  placeSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';

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
