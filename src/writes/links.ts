// Links between entries that carry their own source: an officer of a club, a
// practitioner on a proceeding. Each link is recorded in the history of the
// entry it is attached to, with its citation, and reaches search.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citationInput, saveSource } from '../citations/input.js';
import { headcounts, mandataires, people, proceedingPractitioners, roles } from '../db/schema/index.js';
import { DomainError, unprocessable } from '../domain/errors.js';
import { partialDate, slugSchema } from '../domain/fields.js';
import { headcountKinds } from '../domain/vocabulary.js';
import { lockEntry, recordLinks } from './envelope.js';
import { reserveIds } from './ids.js';
import type { WriteTarget } from './kind-writes.js';
import { inTransaction, type WriteContext } from './transaction.js';

export const officerBody = z
  .strictObject({
    person: z.union([slugSchema, z.strictObject({ name: z.string().trim().min(1).max(200) })]).meta({
      description: 'The id of a person already known, or `{ "name": … }` for a new one.',
    }),
    title: z.string().trim().min(1).max(200).meta({ description: 'The title as the source words it (« président »).' }),
    current: z.boolean().nullable().default(null),
    citation: citationInput,
  })
  .meta({ id: 'OfficerLink' });

export const practitionerBody = z
  .strictObject({
    mandataire: slugSchema,
    role: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .meta({ description: 'Administrateur, mandataire, liquidateur…' }),
    citation: citationInput,
  })
  .meta({ id: 'PractitionerLink' });

const clubTarget = { name: 'club', tableName: 'clubs', citationColumn: 'club_id' };
const proceedingTarget = { name: 'proceeding', tableName: 'proceedings', citationColumn: 'proceeding_id' };

export async function addOfficer(ctx: WriteContext, clubId: string, body: z.output<typeof officerBody>) {
  return inTransaction(ctx.db, async (db) => {
    await lockEntry(db, clubTarget, clubId);
    let personId: string;
    if (typeof body.person === 'string') {
      const [person] = await db.select({ id: people.id }).from(people).where(eq(people.id, body.person));
      if (!person) throw unprocessable([{ in: 'body', name: 'person', message: `unknown person '${body.person}'` }]);
      personId = person.id;
    } else {
      [personId] = (await reserveIds(db, { name: null, tableName: 'people' }, [{ words: body.person.name }])) as [
        string,
      ];
      await db.insert(people).values({ id: personId, name: body.person.name });
    }
    const sourceId = await saveSource(db, body.citation.source);
    const [role] = await db
      .insert(roles)
      .values({
        person_id: personId,
        club_id: clubId,
        title: body.title,
        current: body.current,
        source_id: sourceId,
        quote: body.citation.quote,
      })
      .returning({ id: roles.id });
    await recordLinks({ ...ctx, db }, clubTarget, [
      { id: clubId, citation: { source_id: sourceId, quote: body.citation.quote, fields: ['officers'] } },
    ]);
    return { role_id: role!.id, person_id: personId };
  });
}

export async function removeOfficer(ctx: WriteContext, clubId: string, roleId: number) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, clubTarget, clubId);
    const [removed] = await db
      .delete(roles)
      .where(and(eq(roles.id, roleId), eq(roles.club_id, clubId)))
      .returning();
    if (!removed) throw new DomainError('not_found', `The club '${clubId}' has no officer role ${roleId}.`);
    await recordLinks({ ...ctx, db }, clubTarget, [
      { id: clubId, citation: { source_id: removed.source_id, quote: removed.quote, fields: ['officers'] } },
    ]);
  });
}

export async function addPractitioner(
  ctx: WriteContext,
  proceedingId: string,
  body: z.output<typeof practitionerBody>,
) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, proceedingTarget, proceedingId);
    const [mandataire] = await db
      .select({ id: mandataires.id })
      .from(mandataires)
      .where(eq(mandataires.id, body.mandataire));
    if (!mandataire)
      throw unprocessable([{ in: 'body', name: 'mandataire', message: `unknown mandataire '${body.mandataire}'` }]);
    const sourceId = await saveSource(db, body.citation.source);
    const inserted = await db
      .insert(proceedingPractitioners)
      .values({
        proceeding_id: proceedingId,
        mandataire_id: body.mandataire,
        role: body.role,
        source_id: sourceId,
        quote: body.citation.quote,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length)
      throw new DomainError('conflict', `'${body.mandataire}' is already linked to the proceeding '${proceedingId}'.`);
    await recordLinks({ ...ctx, db }, proceedingTarget, [
      {
        id: proceedingId,
        citation: {
          source_id: sourceId,
          quote: body.citation.quote,
          fields: ['practitioners'],
        },
      },
    ]);
  });
}

export async function removePractitioner(ctx: WriteContext, proceedingId: string, mandataireId: string) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, proceedingTarget, proceedingId);
    const [removed] = await db
      .delete(proceedingPractitioners)
      .where(
        and(
          eq(proceedingPractitioners.proceeding_id, proceedingId),
          eq(proceedingPractitioners.mandataire_id, mandataireId),
        ),
      )
      .returning();
    if (!removed)
      throw new DomainError('not_found', `'${mandataireId}' is not linked to the proceeding '${proceedingId}'.`);
    await recordLinks({ ...ctx, db }, proceedingTarget, [
      {
        id: proceedingId,
        citation: {
          source_id: removed.source_id,
          quote: removed.quote,
          fields: ['practitioners'],
        },
      },
    ]);
  });
}

export const headcountBody = z
  .strictObject({
    kind: z.enum(headcountKinds),
    value: z.number().int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }),
    as_of: partialDate.nullable().default(null),
    note: z.string().trim().min(1).max(1000).nullable().default(null),
    citation: citationInput,
  })
  .meta({ id: 'HeadcountToAdd' });

/** Adds a dated, sourced headcount figure to a site or an operator. */
export async function addHeadcount(
  ctx: WriteContext,
  target: WriteTarget,
  id: string,
  body: z.output<typeof headcountBody>,
) {
  return inTransaction(ctx.db, async (db) => {
    await lockEntry(db, target, id);
    const sourceId = await saveSource(db, body.citation.source);
    const [row] = await db
      .insert(headcounts)
      .values({
        [target.citationColumn]: id,
        kind: body.kind,
        value: body.value,
        as_of: body.as_of,
        note: body.note,
        source_id: sourceId,
        quote: body.citation.quote,
      })
      .returning({ id: headcounts.id });
    await recordLinks({ ...ctx, db }, target, [
      { id, citation: { source_id: sourceId, quote: body.citation.quote, fields: ['headcounts'] } },
    ]);
    return { headcount_id: row!.id };
  });
}

export async function removeHeadcount(ctx: WriteContext, target: WriteTarget, id: string, headcountId: number) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, target, id);
    const [removed] = await db.execute<{ source_id: string; quote: string }>(sql`
      delete from headcounts where id = ${headcountId} and ${sql.identifier(target.citationColumn)} = ${id}
      returning source_id, quote`);
    if (!removed) throw new DomainError('not_found', `The ${target.name} '${id}' has no headcount ${headcountId}.`);
    await recordLinks({ ...ctx, db }, target, [
      { id, citation: { source_id: removed.source_id, quote: removed.quote, fields: ['headcounts'] } },
    ]);
  });
}
