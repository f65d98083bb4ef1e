import { z } from 'zod';
import { sourcedFact } from '../../http/schemas.js';

/** A person's role in an organisation, as a source words it. */
export const roleSchema = z
  .object({
    role_id: z.number().int(),
    person_id: z.string(),
    person_name: z.string(),
    title: z.string(),
    current: z.boolean().nullable().meta({ description: 'false for a former role; null when not stated.' }),
    ...sourcedFact,
  })
  .meta({ id: 'Role' });
