import { z } from 'zod';
import { pageSchema, timestampsSchema } from '../../http/schemas.js';

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
  published_on: z.string().nullable().meta({ format: 'date' }),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const sourceSummary = z.object(sourceFields).meta({ id: 'SourceSummary' });

/** A source and what cites it; `subjectKinds` are the kinds citations may point to (app.kinds and people). */
export function sourceDetail(subjectKinds: readonly string[]) {
  return z
    .object({
      ...sourceFields,
      cited_by: z
        .array(
          z.object({
            subject_kind: z.enum(subjectKinds as [string, ...string[]]),
            subject_id: z.string(),
            subject_name: z.string(),
            fact: z
              .enum(factKinds)
              .nullable()
              .meta({ description: 'The kind of fact quoted, or null for a citation of the entry itself.' }),
            quote: z.string(),
            fields: z.array(z.string()),
          }),
        )
        .meta({ description: 'Every entry and fact of the directory that quotes this source.' }),
    })
    .meta({ id: 'Source' });
}

export const sourcePage = pageSchema(sourceSummary, 'SourcePage');
