import { countSchema } from '../../domain/fields.js';
// Writing clubs and associations.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { clubAffiliations, roles } from '../../db/schema/index.js';
import type { FieldError } from '../../domain/errors.js';
import { partialDate, websiteSchema } from '../../domain/fields.js';
import { placeInputFields, placeInputOf, resolvePlace } from '../../domain/place-input.js';
import { clubKinds, clubStatuses } from '../../domain/vocabulary.js';
import { pressRegion } from '../../geo/index.js';
import { defineWrites } from '../../writes/kind-writes.js';
import { placeGroup } from '../../writes/rules.js';

const count = countSchema.nullable();

const clubFields = {
  name: z.string().trim().min(1).max(300),
  kind: z.enum(clubKinds),
  region: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .meta({ description: "Region served, today's or a former name (Picardie)." }),
  ...placeInputFields,
  member_count: count.meta({ description: 'Members, as the club claims.' }),
  member_count_as_of: partialDate.nullable(),
  staff_count: count,
  status: z.enum(clubStatuses).nullable(),
  status_as_of: partialDate.nullable(),
  activities: z.array(z.string().trim().min(1).max(300)).max(50),
  website: websiteSchema.nullable(),
  notes: z.string().trim().min(1).max(5000).nullable(),
};

export const clubWrites = defineWrites('Club', clubFields, {
  target: { name: 'club', tableName: 'clubs', citationColumn: 'club_id' },
  // Its links a citation may name besides its fields (citations/fields.ts).
  links: ['officers', 'affiliations'],
  groups: [placeGroup],
  datedBy: { status: 'status_as_of', member_count: 'member_count_as_of' },
  defaults: { country: 'FR', activities: [] },
  dates: [{ field: 'member_count_as_of' }, { field: 'status_as_of' }],
  fromRow: (row) => ({
    name: row.name as string,
    kind: row.kind as (typeof clubKinds)[number],
    region: row.served_region_as_printed as string | null,
    ...placeInputOf(row),
    member_count: row.member_count as number | null,
    member_count_as_of: row.member_count_as_of as string | null,
    staff_count: row.staff_count as number | null,
    status: row.status as (typeof clubStatuses)[number] | null,
    status_as_of: row.status_as_of as string | null,
    activities: row.activities as string[],
    website: row.website as string | null,
    notes: row.notes as string | null,
  }),
  async toColumns(_db: Db, input) {
    const errors: FieldError[] = [];
    const place = resolvePlace(input);
    if (!place.ok) errors.push(...place.errors);
    const served = input.region ? pressRegion(input.region) : null;
    if (input.region && !served)
      errors.push({ in: 'body', name: 'region', message: `unknown region '${input.region}'` });
    const where = place.ok ? place.place : null;
    return {
      errors,
      columns: {
        name: input.name,
        kind: input.kind,
        served_region_code: served?.code ?? where?.region_code ?? null,
        served_region_name: served?.name ?? where?.region_name ?? null,
        served_region_as_printed: input.region,
        served_former_region_name: served ? served.former : (where?.former_region_name ?? null),
        ...where,
        member_count: input.member_count,
        member_count_as_of: input.member_count_as_of,
        staff_count: input.staff_count,
        status: input.status,
        status_as_of: input.status_as_of,
        activities: input.activities,
        website: input.website,
        notes: input.notes,
      },
    };
  },
  idWords: (input) => input.name,
  async moveReferences(db, from, to) {
    await db.update(roles).set({ club_id: to }).where(eq(roles.club_id, from));
    await db.update(clubAffiliations).set({ club_id: to }).where(eq(clubAffiliations.club_id, from));
  },
});
