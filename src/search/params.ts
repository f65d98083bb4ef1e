// Shapes of search answers shared by /v1/search and the lists' `q`. The query
// parameters themselves (`q`, `facets`, filters) come from listing/.
import { z } from 'zod';
import { facetNames } from '../listing/facets.js';

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
