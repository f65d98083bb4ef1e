import { z } from 'zod';
import {
  clubKinds,
  clubStatuses,
  mandataireKinds,
  operatorKinds,
  proceedingKinds,
  siteStatuses,
} from '../../domain/vocabulary.js';
import { slugSchema } from '../../http/schemas.js';
import {
  codeCommuneParam,
  codePostalParam,
  countryParam,
  departementParam,
  regionParam,
} from '../../listing/geo-params.js';
import { commaList, limitParam, oneOf, wholeNumber } from '../../listing/pagination.js';
import { facetsParam, facetsSchema, qParam, searchPagesCeiling } from '../../search/params.js';

const categories = [...new Set([...operatorKinds, ...clubKinds, ...mandataireKinds, ...proceedingKinds])] as [
  string,
  ...string[],
];
const statuses = [...new Set([...siteStatuses, ...clubStatuses])] as [string, ...string[]];
const sorts = ['name', '-name', 'updated_at', '-updated_at'] as const;
// The registry's kinds in the order the API documents them (tests/search/entries.test.ts checks they match).
const entityKinds = ['site', 'operator', 'club', 'mandataire', 'proceeding'] as [string, ...string[]];

export const searchQuery = z
  .strictObject({
    q: qParam,
    kind: commaList(oneOf(entityKinds), `Kind of entry: ${entityKinds.join(', ')}.`),
    category: commaList(oneOf(categories), "The entry's own kind (operator, club, mandataire or proceeding kind)."),
    status: commaList(oneOf(statuses), 'Status of a site or a club.'),
    operator: commaList(slugSchema, 'Operator id: the operator itself, its sites and its proceedings.'),
    region: regionParam,
    departement: departementParam,
    code_commune: codeCommuneParam,
    code_postal: codePostalParam,
    country: countryParam,
    facets: facetsParam,
    sort: z
      .string()
      .refine((v) => (sorts as readonly string[]).includes(v), {
        error: (i) => `unknown sort '${String(i.input)}'; expected one of: ${sorts.join(', ')}`,
      })
      .optional()
      .meta({ description: `By relevance unless given: ${sorts.join(', ')}.` }),
    page: wholeNumber({ min: 1, max: searchPagesCeiling })
      .optional()
      .transform((n) => n ?? 1)
      .meta({
        description: `Page number, from 1. Results stop at ${searchPagesCeiling} entries (page × limit).`,
        default: 1,
      }),
    limit: limitParam,
  })
  .superRefine((query, ctx) => {
    if (query.page * query.limit > searchPagesCeiling) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: `page × limit must not exceed ${searchPagesCeiling}; narrow the search instead`,
      });
    }
  });
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchHit = z
  .object({
    kind: z.enum(entityKinds),
    id: z.string(),
    name: z.string(),
    label: z.string().meta({ description: 'Commune, operator, status: enough to tell hits apart.' }),
    highlights: z
      .record(z.string(), z.string())
      .meta({ description: 'Matched attributes with the matched words in <mark></mark>; empty when degraded.' }),
    link: z.string().meta({ description: 'Path of the detail endpoint.' }),
  })
  .meta({ id: 'SearchHit' });

export const searchResponse = z
  .object({
    data: z.array(searchHit),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
    facets: facetsSchema,
    degraded: z.boolean().meta({ description: 'True when the search engine was unreachable and PostgreSQL answered.' }),
  })
  .meta({ id: 'SearchResults' });
