// The officers of a club: a person (known, or new) named with a title, with
// the source that says so. Each change is recorded in the club's history, with
// its citation, and reaches search, through the write envelope.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citedFieldErrors } from '../../citations/fields.js';
import { citationInput, saveSource } from '../../citations/input.js';
import type { Db } from '../../db/client.js';
import { people, roles } from '../../db/schema/index.js';
import { DomainError, unprocessable } from '../../domain/errors.js';
import { rowIdParam, slugSchema } from '../../domain/fields.js';
import { writePreconditions } from '../../http/entries.js';
import type { RoutesApp } from '../../http/entry-routes.js';
import { idParams } from '../../http/schemas.js';
import { linkSchema, sendAdded, sendNoContent, writeContext } from '../../http/writes.js';
import { lockEntry, recordLinks } from '../../writes/envelope.js';
import { nameKey, nameLookup, nameLookupOf, reserveIds, sameWords, slugOf, slugVariants } from '../../writes/ids.js';
import { maskedErrors } from '../../writes/kind-writes.js';
import { inTransaction, type Preconditions, type WriteContext } from '../../writes/transaction.js';
import { clubWrites } from './writes.js';

const clubTarget = clubWrites.spec.target;

export const officerBody = z
  .strictObject({
    person: z.union([slugSchema, z.strictObject({ name: z.string().trim().min(1).max(200) })]).meta({
      description:
        'The id of a person already known, or `{ "name": … }`: the person of that name (the same once normalised), ' +
        'or a new one when nobody has it.',
    }),
    title: z.string().trim().min(1).max(200).meta({ description: 'The title as the source words it (« président »).' }),
    current: z.boolean().nullable().default(null),
    citation: citationInput,
  })
  .meta({ id: 'OfficerLink' });

/** What an officer's citation may say it supports. */
const officerFields = Object.keys(officerBody.shape).filter((k) => k !== 'citation');

/** An officer role of a club, as the path names it to remove it. */
export const officerParams = idParams.extend({
  roleId: rowIdParam.meta({ description: 'The role id (see GET /v1/clubs/{id} officers).' }),
});

/** An officer added: the role's id (to remove it) and the person's. */
export const officerAdded = z.object({ role_id: z.number().int(), person_id: z.string() });

/**
 * Makes a person with an id made from the name. Another write making a person of the same name at the same time
 * takes the id first: the insert then waits for it, skips, and the next free id is taken (`-2`…), never a 500.
 */
async function newPerson(db: Db, name: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [id] = (await reserveIds(db, { name: null, tableName: 'people' }, [{ words: name }])) as [string];
    const [made] = await db.insert(people).values({ id, name }).onConflictDoNothing().returning({ id: people.id });
    if (made) return made.id;
  }
  throw new DomainError('conflict', `People named '${name}' are being added right now; send the request again.`);
}

/**
 * The person a name given (`{"name": …}`) is: the one whose name is the same once normalised (`nameKey`: NFC,
 * spaces, invisible format characters and case folded), as the duplicate rule of entries reads names; among namesakes, the
 * one already an officer of the club; null when nobody has the name (a new person is made). Several namesakes and
 * none of the club's: 409 naming them, to be told apart by id.
 */
async function personNamed(db: Db, clubId: string, name: string): Promise<string | null> {
  const base = slugOf(name);
  const wanted = nameKey(name);
  // Writes naming the same new person at once wait for each other here: the first makes the person, the others find it.
  // Found by id (made from the same words: `slugVariants`) or by the name's lookup key (a person renamed since, any case:
  // `nameLookup`), each an index look-up.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`person:${wanted}`}))`);
  const found = await db.execute<{ id: string; name: string; officer: boolean }>(sql`
    select p.id, p.name, exists(select from roles r where r.person_id = p.id and r.club_id = ${clubId}) as officer
      from people p
     where ${base ? slugVariants(sql`p.id`, base) : sql`false`} or ${nameLookup('name')} = ${nameLookupOf(name)}
     order by p.id`);
  const same = found.filter((p) => nameKey(p.name) === wanted);
  if (same.length <= 1) return same[0]?.id ?? null;
  const officers = same.filter((p) => p.officer);
  if (officers.length === 1) return officers[0]!.id;
  const ids = same.map((p) => `'${p.id}'`).join(', ');
  throw new DomainError(
    'conflict',
    `person: several people are named '${sameWords(name)}' (${ids}): give the id of the one meant.`,
  );
}

/**
 * Names an officer of a club, making the person when given by name (unless a person has that name: `personNamed`): 422 for a citation naming what an officer has
 * not (`citation.fields.M`), 409 naming the role the club already has with the same person, title, current, source
 * and quote; 412 when `preconditions` (If-Match, If-None-Match) do not hold for the club (`lockEntry`).
 */
export async function addOfficer(
  ctx: WriteContext,
  clubId: string,
  body: z.output<typeof officerBody>,
  preconditions: Preconditions = {},
) {
  const { citation: _, ...role } = body;
  const errors = [
    ...maskedErrors(role, new Set(Object.keys(role))),
    ...citedFieldErrors([body.citation], officerFields, 'an officer', () => 'citation'),
  ];
  if (errors.length) throw unprocessable(errors);
  return inTransaction(ctx.db, async (db) => {
    await lockEntry(db, clubTarget, clubId, preconditions);
    let personId: string;
    if (typeof body.person === 'string') {
      const [person] = await db.select({ id: people.id }).from(people).where(eq(people.id, body.person));
      if (!person) throw unprocessable([{ in: 'body', name: 'person', message: `unknown person '${body.person}'` }]);
      personId = person.id;
    } else {
      personId = (await personNamed(db, clubId, body.person.name)) ?? (await newPerson(db, body.person.name));
    }
    const { id: sourceId } = await saveSource(db, body.citation);
    // The same officer again (same person, title, current, source and quote) says nothing new: refused, naming it.
    const [same] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(
        and(
          eq(roles.club_id, clubId),
          eq(roles.person_id, personId),
          eq(roles.title, body.title),
          body.current === null ? isNull(roles.current) : eq(roles.current, body.current),
          eq(roles.source_id, sourceId),
          eq(roles.quote, body.citation.quote),
        ),
      )
      .orderBy(roles.id)
      .limit(1);
    if (same) {
      throw new DomainError(
        'conflict',
        `The club '${clubId}' already names '${personId}' ${body.title}, from the same source and quote: ` +
          `officer role ${same.id}.`,
      );
    }
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

/** Removes an officer role from a club (404 when the club has no such role; 412 when `preconditions` do not hold). */
export async function removeOfficer(
  ctx: WriteContext,
  clubId: string,
  roleId: number,
  preconditions: Preconditions = {},
) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, clubTarget, clubId, preconditions);
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

/** Declares the officer routes of /v1/clubs/{id}: name an officer, remove one. */
export function officerRoutes(app: RoutesApp, kind: { plural: string }) {
  const tags = [kind.plural];
  app.post('/:id/officers', {
    ...linkSchema(
      { tags, operationId: 'addClubOfficer', summary: 'Name an officer of a club, with the source' },
      idParams,
      officerBody,
      { 201: officerAdded },
    ),
    handler: async (request, reply) =>
      sendAdded(
        reply,
        await addOfficer(writeContext(request), request.params.id, request.body, writePreconditions(request)),
      ),
  });
  app.delete('/:id/officers/:roleId', {
    ...linkSchema(
      { tags, operationId: 'removeClubOfficer', summary: 'Remove an officer role from a club' },
      officerParams,
      null,
      { 204: z.null() },
    ),
    handler: async (request, reply) => {
      const { id, roleId } = request.params;
      await removeOfficer(writeContext(request), id, roleId, writePreconditions(request));
      return sendNoContent(reply);
    },
  });
}
