// Query parameters of search, shared by /v1/search and the lists' `q`.
import { z } from 'zod';
import { commaList, oneOf } from '../listing/pagination.js';
import { facetNames } from './request.js';

export const qParam = z
  .string()
  .max(500, { error: 'must be at most 500 characters' })
  // Control characters (NUL among them) separate words, like spaces.
  .transform((q) => q.replace(/[\u0000-\u001f\u007f]/g, ' '))
  .optional()
  .meta({
    description:
      'Words to search, accents and typos forgiven. A SIREN, SIRET, postal code or phone number (spaces allowed) is matched exactly.',
  });

export const facetsParam = commaList(oneOf(facetNames), `Facets to count, among: ${facetNames.join(', ')}.`);

export const facetValueSchema = z.object({
  value: z.string(),
  label: z.string().optional().meta({ description: 'A readable name, for codes and ids.' }),
  count: z.number().int(),
});

export const facetsSchema = z.partialRecord(z.enum(facetNames), z.array(facetValueSchema)).meta({
  id: 'FacetCounts',
  description: 'For each facet asked, the count of matching entries per value, largest first.',
});

export const searchPagesCeiling = 1000;
