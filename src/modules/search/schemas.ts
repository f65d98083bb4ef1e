import { z } from 'zod';
import { wholeNumber } from '../../domain/fields.js';
import { notOneOf } from '../../domain/issues.js';
import { distanceKmSchema, hitPrecisionSchema } from '../../http/schemas.js';
import type { FilterParam } from '../../listing/filter.js';
import { limitParam } from '../../listing/pagination.js';
import { facetsParam, filterParams, qParam } from '../../listing/query.js';
import { facetsSchema, searchReach } from '../../search/params.js';

const sorts = ['name', '-name', 'updated_at', '-updated_at', 'distance', '-distance'] as const;

/** The query of /v1/search: `q`, the filters of every kind (listing/search-filters.ts), facets, sort, page. */
export function searchQuery(filters: readonly FilterParam[]) {
  return z
    .strictObject({
      q: qParam,
      ...filterParams(filters),
      facets: facetsParam,
      sort: z
        .string()
        .refine((v) => (sorts as readonly string[]).includes(v), {
          error: (i) => notOneOf(i.input, sorts),
        })
        .optional()
        .meta({
          description:
            `By relevance unless given: ${sorts.join(', ')}. ` +
            '`distance`: from the point of `near` (only with it), nearest first.',
        }),
      page: wholeNumber({ min: 1, max: searchReach })
        .optional()
        .transform((n) => n ?? 1)
        .meta({
          description:
            `Page number, from 1. Every result is reachable up to the engine's reach, ${searchReach} (page × limit). ` +
            'A page is a position in the ranking: an entry added or removed before it shifts the next page by one.',
          default: 1,
        }),
      limit: limitParam,
    })
    .superRefine((query, ctx) => {
      if (query.page * query.limit > searchReach) {
        ctx.addIssue({
          code: 'custom',
          path: ['page'],
          message: `page × limit must not exceed ${searchReach}; narrow the search instead`,
        });
      }
    });
}

/** The answer of /v1/search, for the kinds the app serves (their names, in the registry's order). */
export function searchResponse(kinds: readonly [string, ...string[]]) {
  const searchHit = z
    .object({
      kind: z.enum(kinds),
      id: z.string(),
      name: z.string(),
      label: z.string().meta({ description: 'Commune, operator, status: enough to tell hits apart.' }),
      highlights: z.record(z.string(), z.string()).meta({
        description:
          'Matched attributes as HTML safe to insert: the text escaped, the matched words in <mark></mark>; empty when degraded.',
      }),
      link: z.string().meta({ description: 'Path of the detail endpoint.' }),
      distance_km: distanceKmSchema,
      coordinates_precision: hitPrecisionSchema,
    })
    .meta({ id: 'SearchHit' });

  return z
    .object({
      data: z.array(searchHit),
      total: z
        .number()
        .int()
        .meta({
          description:
            `Number of matching entries, all pages together: counted exactly up to the engine's reach (${searchReach}); ` +
            'above, that reach, a lower bound (`total_exact` false).',
        }),
      total_exact: z.boolean().meta({
        description: 'False when more entries match than the engine counts: `total` is then « more than » it.',
      }),
      reachable: z
        .number()
        .int()
        .meta({
          description:
            `How many of the matches can be paged through in this order: the engine's reach (${searchReach}), or, ` +
            'when degraded and ordered by relevance, the 20,001 matches PostgreSQL reads (best first): pages past it ' +
            'are empty, whatever `total` says. A sort (`name`, `updated_at`, `distance`) reaches every match.',
        }),
      page: z.number().int(),
      limit: z.number().int(),
      facets: facetsSchema,
      degraded: z
        .boolean()
        .meta({ description: 'True when the search engine was unreachable and PostgreSQL answered.' }),
    })
    .meta({ id: 'SearchResults' });
}
