import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { proceedingKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  appointmentEndSchema,
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
    practitioners: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.string().nullable().meta({
          description:
            'The role the court appointed them in; null when unknown (`?role=unknown` names that appointment to unlink it).',
        }),
        appointed_on: partialDate.nullable().meta({ description: 'The date of the judgment that appointed them.' }),
        powers: z
          .array(z.string())
          .nullable()
          .meta({ description: 'An administrateur judiciaire’s powers: assistance, representation, surveillance.' }),
        notice_id: z.string().nullable().meta({ description: 'The BODACC notice that designated them.' }),
        ...appointmentEndSchema,
        ...sourcedFact,
      }),
    ),
    notices: z
      .array(
        z.object({
          id: z.string().meta({ description: 'BODACC’s id: publication, parution, number (A202400151101).' }),
          publication: z.enum(['A', 'B', 'C']),
          parution: z.string(),
          number: z.number().int(),
          published_on: z.string().meta({ description: 'Date of parution.' }),
          notice_type: z.enum(['annonce', 'rectificatif', 'annulation']),
          family: z.string().nullable().meta({ description: 'The judgment’s famille, as written.' }),
          nature: z.string().nullable().meta({ description: 'The judgment’s nature, as written.' }),
          effect: z.enum(['status', 'closure', 'event', 'withdrawal', 'unknown']).meta({
            description:
              'What it did to the proceeding: status (opened or converted it), closure, event, withdrawal, unknown (a nature no rule knows).',
          }),
          judgment_date: partialDate.nullable(),
          court: z.string().nullable(),
          url: z.string().meta({ description: 'The notice on bodacc.fr.' }),
          source_id: z.string(),
        }),
      )
      .meta({ description: 'Its current BODACC notices, oldest judgment first (withdrawn ones left out).' }),
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
