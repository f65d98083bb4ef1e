import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { administrativeStatuses, companyCategories } from '../../domain/sirene-codes.js';
import { operatorKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
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
