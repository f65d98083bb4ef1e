import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { proceedingKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  entityRef,
  lastConfirmedSchema,
  pageSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';

const proceedingFields = {
  id: z.string(),
  company_name: z.string(),
  company_description: z.string().nullable(),
  operator: entityRef.nullable().meta({ description: 'The company, when it is an operator of the directory.' }),
  kind: z.enum(proceedingKinds),
  date: partialDate.nullable(),
  court: z.string().nullable(),
  acquirer: entityRef.nullable().meta({ description: 'For a takeover, the operator that took the company over.' }),
  closed_on: partialDate.nullable().meta({ description: 'The date of the judgment that closed the proceeding.' }),
  closure_nature: z.string().nullable().meta({ description: 'How it was closed, as the judgment words it.' }),
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
