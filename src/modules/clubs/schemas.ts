import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { clubAffiliations, clubKinds, clubStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  lastConfirmedSchema,
  pageSchema,
  placeSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';
import { roleSchema } from '../people/schemas.js';

const clubFields = {
  id: z.string(),
  name: z.string(),
  kind: z.enum(clubKinds),
  served_region_code: z.string().nullable(),
  served_region_name: z.string().nullable().meta({ description: "Today's region the club serves." }),
  served_region_as_printed: z.string().nullable().meta({ description: 'The region as the source names it.' }),
  served_former_region_name: z
    .string()
    .nullable()
    .meta({ description: 'The pre-2016 region served, as the press still names it.' }),
  ...placeSchema,
  member_count: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Members, as the club claims; see member_count_as_of.' }),
  member_count_as_of: partialDate.nullable(),
  staff_count: z.number().int().nullable(),
  status: z.enum(clubStatuses).nullable(),
  status_as_of: partialDate.nullable().meta({ description: 'Date of the evidence for the status.' }),
  activities: z.array(z.string()),
  website: z.string().nullable(),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const clubSummary = z.object(clubFields).meta({ id: 'ClubSummary' });

export const clubDetail = z
  .object({
    ...clubFields,
    officers: z.array(roleSchema),
    affiliations: z.array(
      z.object({
        relation: z.enum(clubAffiliations),
        name: z.string(),
        operator_id: z.string().nullable(),
        ...sourcedFact,
      }),
    ),
    citations: z.array(citationSchema),
    last_confirmed: lastConfirmedSchema,
  })
  .meta({ id: 'Club' });

export const clubPage = pageSchema(clubSummary, 'ClubPage', { searchable: true });
