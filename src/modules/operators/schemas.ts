import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { administrativeStatuses, companyCategories } from '../../domain/sirene-codes.js';
import { operatorKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  boundedListSchema,
  citationSchema,
  entityRef,
  headcountSchema,
  lastConfirmedSchema,
  pageSchema,
  timestampsSchema,
} from '../../http/schemas.js';
import { roleSchema } from '../people/schemas.js';

const operatorFields = {
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  kind: z.enum(operatorKinds).nullable(),
  parent: entityRef.nullable(),
  country: z.string().nullable(),
  siren: z.string().nullable(),
  sigle: z.string().nullable(),
  legal_category: z.string().nullable().meta({ description: 'Catégorie juridique (INSEE, 4 digits).' }),
  categorie_entreprise: z.enum(companyCategories).nullable().meta({ description: 'PME, ETI or GE (Sirene).' }),
  administrative_status: z.enum(administrativeStatuses).nullable(),
  ceased_on: partialDate.nullable(),
  website: z.string().nullable(),
  description: z.string().nullable(),
  ...timestampsSchema,
};

export const operatorSummary = z.object(operatorFields).meta({ id: 'OperatorSummary' });

export const operatorDetail = z
  .object({
    ...operatorFields,
    ...boundedListSchema('subsidiaries', entityRef, {
      what: 'Its subsidiaries',
      order: 'by name as the list sorts them (its first page)',
      url: '/v1/operators?parent=<id>',
    }),
    ...boundedListSchema(
      'sites',
      z.object({
        id: z.string(),
        name: z.string(),
        commune: z.string().nullable(),
        country: z.string(),
        status: z.enum(siteStatuses).nullable(),
      }),
      {
        what: 'The sites it runs',
        order: 'current first (neither `closed` nor `relocated`), then by name as the list sorts them',
        url: '/v1/sites?operator=<id>',
      },
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
