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

/**
 * How many matches Meilisearch counts and pages through: its `pagination.maxTotalHits` (settings.ts). Set above the
 * national directory (about a million entries), so that a search's `totalHits` (page/hitsPerPage: exhaustive up to
 * this) is its exact count and every match is reachable; a search that matches more is told as « more than » this.
 */
export const searchReach = 5_000_000;
