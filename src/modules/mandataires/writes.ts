// Writing insolvency practitioners, firms and national bodies.
import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { mandataires, proceedingPractitioners, roles } from '../../db/schema/index.js';
import type { FieldError } from '../../domain/errors.js';
import { normalizeFrenchPhone } from '../../domain/identifiers.js';
import { placeInputFields, placeInputOf, resolvePlace } from '../../domain/place-input.js';
import { mandataireKinds, professions } from '../../domain/vocabulary.js';
import { partialDate, slugSchema, websiteSchema } from '../../http/schemas.js';
import { entityWrites } from '../../writes/entity-writes.js';

const phone = z.string().trim().max(30).meta({ description: 'A French phone number; spaces, dots and +33 accepted.' });
const count0 = z.number().int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' });

const hotlineInput = z.strictObject({
  phone,
  opened_on: partialDate.nullable().default(null),
  closed_on: partialDate.nullable().default(null),
  calls_answered: count0.nullable().default(null),
  practitioners_answering: count0.nullable().default(null),
  average_call_minutes: z.number().min(0).nullable().default(null),
  share_answered_without_wait: z.number().min(0).max(1, { error: 'is a share, from 0 to 1' }).nullable().default(null),
  notes: z.string().trim().min(1).max(2000).nullable().default(null),
});

export const mandataireWrites = entityWrites({
  kind: 'mandataire',
  singular: 'mandataire',
  basePath: '/v1/mandataires',
  tableName: 'mandataires',
  table: mandataires,
  citationSubject: 'mandataire_id',
  fields: {
    name: z.string().trim().min(1).max(300),
    kind: z.enum(mandataireKinds),
    profession: z.enum(professions).nullable(),
    firm: slugSchema.nullable().meta({ description: 'For a practitioner, the id of their firm (étude).' }),
    ...placeInputFields,
    phone: phone.nullable(),
    website: websiteSchema.nullable(),
    directory_size: count0.nullable(),
    directory_size_as_of: partialDate.nullable(),
    hotline: hotlineInput.nullable(),
    notes: z.string().trim().min(1).max(5000).nullable(),
  },
  defaults: {
    profession: null,
    firm: null,
    country: 'FR',
    address: null,
    commune: null,
    departement: null,
    code_commune: null,
    code_postal: null,
    phone: null,
    website: null,
    directory_size: null,
    directory_size_as_of: null,
    hotline: null,
    notes: null,
  },
  fromRow: (row) => ({
    name: row.name as string,
    kind: row.kind as (typeof mandataireKinds)[number],
    profession: row.profession as (typeof professions)[number] | null,
    firm: row.firm_id as string | null,
    ...placeInputOf(row),
    phone: row.phone as string | null,
    website: row.website as string | null,
    directory_size: row.directory_size as number | null,
    directory_size_as_of: row.directory_size_as_of as string | null,
    hotline: row.hotline as z.output<typeof hotlineInput> | null,
    notes: row.notes as string | null,
  }),
  async toColumns(db: Db, input, id) {
    const errors: FieldError[] = [];
    const place = resolvePlace(input);
    if (!place.ok) errors.push(...place.errors);
    const phoneNumber = input.phone ? normalizeFrenchPhone(input.phone) : null;
    if (input.phone && !phoneNumber)
      errors.push({ in: 'body', name: 'phone', message: `'${input.phone}' is not a French phone number` });
    const hotlinePhone = input.hotline ? normalizeFrenchPhone(input.hotline.phone) : null;
    if (input.hotline && !hotlinePhone)
      errors.push({
        in: 'body',
        name: 'hotline.phone',
        message: `'${input.hotline.phone}' is not a French phone number`,
      });
    if (input.firm) {
      const [firm] = await db
        .select({ kind: mandataires.kind })
        .from(mandataires)
        .where(eq(mandataires.id, input.firm));
      if (input.firm === id) errors.push({ in: 'body', name: 'firm', message: 'cannot be the entry itself' });
      else if (!firm) errors.push({ in: 'body', name: 'firm', message: `unknown mandataire '${input.firm}'` });
      else if (firm.kind !== 'firm')
        errors.push({ in: 'body', name: 'firm', message: `'${input.firm}' is not a firm` });
    }
    return {
      errors,
      columns: {
        name: input.name,
        kind: input.kind,
        profession: input.profession,
        firm_id: input.firm,
        ...(place.ok ? place.place : {}),
        phone: phoneNumber,
        website: input.website,
        directory_size: input.directory_size,
        directory_size_as_of: input.directory_size_as_of,
        hotline: input.hotline ? { ...input.hotline, phone: hotlinePhone } : null,
        notes: input.notes,
      },
    };
  },
  idWords: (input) => input.name,
  async moveReferences(db, from, to) {
    await db
      .update(mandataires)
      .set({ firm_id: to })
      .where(sql`${mandataires.firm_id} = ${from} and ${mandataires.id} <> ${to}`);
    await db.update(roles).set({ mandataire_id: to }).where(eq(roles.mandataire_id, from));
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      select proceeding_id, ${to}, role, source_id, quote from proceeding_practitioners where mandataire_id = ${from}
      on conflict do nothing`);
  },
  async dependents(db, id) {
    const [[members], [handled]] = await Promise.all([
      db.select({ n: count() }).from(mandataires).where(eq(mandataires.firm_id, id)),
      db.select({ n: count() }).from(proceedingPractitioners).where(eq(proceedingPractitioners.mandataire_id, id)),
    ]);
    return [members!.n ? `${members!.n} members` : null, handled!.n ? `${handled!.n} proceedings` : null].filter(
      (x): x is string => Boolean(x),
    );
  },
});
