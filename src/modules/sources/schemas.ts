import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { boundedListSchema, pageSchema, timestampsSchema } from '../../http/schemas.js';
import { pageOnlyQuery } from '../../listing/pagination.js';

export const factKinds = ['headcount', 'role', 'client', 'affiliation', 'practitioner'] as const;

const sourceFields = {
  id: z.string(),
  title: z.string(),
  outlet: z.string().nullable(),
  author: z.string().nullable(),
  publisher: z.string().nullable().meta({ description: 'Who publishes it (INSEE for the Sirene stock files).' }),
  licence: z.string().nullable().meta({ description: 'The licence it is published under.' }),
  url: z.string().nullable(),
  published_as_printed: z.string().nullable().meta({ description: 'The publication date as the source prints it.' }),
  published_on: partialDate.nullable().meta({
    description: 'As precise as the source is dated: `2017-04-26`; a monthly data set (a Sirene stock) `2026-05`.',
  }),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const sourceSummary = z.object(sourceFields).meta({ id: 'SourceSummary' });

/**
 * One row of what cites a source (`SourceCitation`, made once: the detail and the list share it); `subjectKinds` are
 * the kinds citations may point to (app.kinds and people).
 */
export function sourceCitationSchema(subjectKinds: readonly string[]) {
  return z
    .object({
      subject_kind: z.enum(subjectKinds as [string, ...string[]]),
      subject_id: z.string(),
      subject_name: z.string(),
      fact: z
        .enum(factKinds)
        .nullable()
        .meta({ description: 'The kind of fact quoted, or null for a citation of the entry itself.' }),
      quote: z.string(),
      fields: z.array(z.string()),
      recorded_at: z
        .string()
        .nullable()
        .meta({ format: 'date-time', description: 'When the citation was recorded; null for a sourced fact.' }),
    })
    .meta({ id: 'SourceCitation' });
}

/** The order of what cites a source, as its detail and its list state it. */
const citedOrder =
  'the citations of entries first, latest recorded first, then the sourced facts by kind (headcounts, roles, ' +
  'clients, affiliations: latest recorded first; practitioners: by proceeding, practitioner and role)';

/** A source and what cites it (`item`: `sourceCitationSchema`), bounded (`cited_by`, `cited_by_total`, `cited_by_url`). */
export function sourceDetail(item: z.ZodType) {
  return z
    .object({
      ...sourceFields,
      ...boundedListSchema('cited_by', item, {
        what: 'The entries and facts of the directory that quote this source (withheld entries left out)',
        order: citedOrder,
        url: '/v1/sources/{id}/citations',
      }),
    })
    .meta({ id: 'Source' });
}

/** A page of what cites a source (GET /v1/sources/{id}/citations), in `citedOrder`. */
export function sourceCitationPage(item: z.ZodType) {
  return pageSchema(item, 'SourceCitationPage').meta({
    description: `What cites the source, ${citedOrder}. Withheld entries are neither listed nor counted.`,
  });
}

/** The query of a source's citations list: the page size and the cursor, nothing else. */
export const sourceCitationsQuery = pageOnlyQuery;

export const sourcePage = pageSchema(sourceSummary, 'SourcePage');
