// The practitioners of a proceeding: a mandataire of the directory appointed
// in it, with the source that says so. Each change is recorded in the
// proceeding's history, with its citation, and reaches search, through the
// write envelope.
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { citedFieldErrors } from '../../citations/fields.js';
import { citationInput, saveSource } from '../../citations/input.js';
import { mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import { survivorsOf } from '../../db/survivors.js';
import { shown } from '../../db/withheld.js';
import { DomainError, type FieldError, unprocessable } from '../../domain/errors.js';
import { partialDate, slugSchema } from '../../domain/fields.js';
import { appointmentWords, notAppointed, practitionerRoles, roleWords, unknownRole } from '../../domain/vocabulary.js';
import { writePreconditions } from '../../http/entries.js';
import type { RoutesApp } from '../../http/entry-routes.js';
import { idParams } from '../../http/schemas.js';
import { linkSchema, sendNoContent, writeContext } from '../../http/writes.js';
import { afterEnd, beforeStart, type DateField, dateErrors, laterThanSources } from '../../writes/dates.js';
import { lockEntry, recordLinks } from '../../writes/envelope.js';
import { inTransaction, type Preconditions, type WriteContext } from '../../writes/transaction.js';
import { proceedingWrites } from './writes.js';

const proceedingTarget = proceedingWrites.spec.target;

export const practitionerBody = z
  .strictObject({
    mandataire: slugSchema,
    role: z
      .enum(practitionerRoles)
      .nullable()
      .default(null)
      .meta({
        description:
          'The role the court appointed them in, as the `role` filter of /v1/mandataires takes it (null: unknown). ' +
          'One appointment per role: the same practitioner may be appointed under two roles in one proceeding ' +
          '(mandataire judiciaire, then liquidateur), each linked apart; the same role twice is refused (409).',
      }),
    appointed_on: partialDate.nullable().default(null).meta({
      description: 'The date of the judgment that appointed them (null: unknown).',
    }),
    ended_on: partialDate
      .nullable()
      .default(null)
      .meta({
        description:
          'When a later judgment ended the appointment (replacing them): a former appointment, shown as such and counted ' +
          'by no list of current mandates nor the `mandataire` filter of /v1/proceedings. Null: current.',
      }),
    citation: citationInput,
  })
  .meta({ id: 'PractitionerLink' });

/**
 * A link's dates state judgments that happened (writes/dates.ts): never to come, nor after their source was published;
 * an end not before the appointment.
 */
const practitionerDates: DateField<unknown>[] = [
  { field: 'appointed_on' },
  { field: 'ended_on', ends: 'appointed_on' },
];

/** What a practitioner link's citation may say it supports. */
const practitionerFields = Object.keys(practitionerBody.shape).filter((k) => k !== 'citation');

/** A practitioner of a proceeding, as the path names it to unlink it. */
export const practitionerParams = idParams.extend({ mandataire: slugSchema });

/** An appointment's role as a query string names it: one of the roles, or `unknown` for the one stored null. */
export const appointmentRoleParam = z.enum([...practitionerRoles, unknownRole]);

/** Which of a practitioner's appointments in the proceeding to unlink. */
export const practitionerRemovalQuery = z.strictObject({
  role: appointmentRoleParam.optional().meta({
    description:
      `The role of the appointment to unlink: one of the roles, or \`${unknownRole}\` for the one whose role is ` +
      'unknown (`role: null` in the proceeding and in the body that linked it). Required when the ' +
      'practitioner holds several appointments in the proceeding (mandataire judiciaire, then liquidateur): ' +
      'without it, 409 naming `role` and the roles they hold, nothing unlinked. Without it and one appointment held, ' +
      'that one is unlinked. A role they do not hold: 404 naming `role` and the roles they hold.',
  }),
});

/**
 * Appoints a practitioner in a proceeding in one role, once (409 when already appointed in that role: the same
 * practitioner may hold two roles, mandataire judiciaire then liquidateur, each its own appointment, an unknown role,
 * null, one of them), current or, with `ended_on`, former. The
 * mandataire must be shown (else 422 as an unknown one) and a practitioner or a firm (`notAppointed`: the national body
 * holds no role, 422); its dates as `practitionerDates` says, and neither before the proceeding's `date` (its opening
 * judgment: 422 naming the field and both dates, `beforeStart`), its appointment not after its `closed_on` (its closing
 * judgment: 422 the same, `afterEnd`; an end may follow it); 412 when `preconditions`
 * (If-Match, If-None-Match) do not hold for the proceeding (`lockEntry`).
 */
export async function addPractitioner(
  ctx: WriteContext,
  proceedingId: string,
  body: z.output<typeof practitionerBody>,
  preconditions: Preconditions = {},
) {
  const sent = new Set(Object.keys(body));
  // Every fault of the appointment's own facts names it: its practitioner and role, besides the field.
  const ofAppointment = (faults: FieldError[]) =>
    faults.map((e) => ({ ...e, message: `${appointmentWords(body.mandataire, body.role)}: ${e.message}` }));
  const errors = [
    ...citedFieldErrors([body.citation], practitionerFields, 'a practitioner link', () => 'citation'),
    ...ofAppointment(dateErrors(practitionerDates, body, sent)),
  ];
  if (errors.length) throw unprocessable(errors);
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, proceedingTarget, proceedingId, preconditions);
    // No appointment, nor its end, before the judgment that opened the proceeding (its `date`, when known); no
    // appointment after the one that closed it (its `closed_on`: the mandate may end with the closing, after it).
    const [opened] = await db
      .select({ date: proceedings.date, closed_on: proceedings.closed_on })
      .from(proceedings)
      .where(eq(proceedings.id, proceedingId));
    const dates = [
      { field: 'appointed_on', value: body.appointed_on },
      { field: 'ended_on', value: body.ended_on },
    ];
    const beforeOpening = beforeStart(dates, { label: "the proceeding's date", value: opened?.date ?? null });
    // Only the appointment: its end may follow the closing (the liquidator renders the accounts after it, and a
    // liquidation resumed after its clôture keeps its practitioners), so `ended_on` is not bound by it.
    const afterClosing = afterEnd(dates.slice(0, 1), {
      label: "the proceeding's closed_on",
      value: opened?.closed_on ?? null,
    });
    if (beforeOpening.length || afterClosing.length) {
      throw unprocessable(ofAppointment([...beforeOpening, ...afterClosing]));
    }
    // A merged id stands for its survivor (db/survivors.ts); shown (a withheld entry is refused as an unknown one,
    // db/withheld.ts), and one a court appoints.
    const mandataireId =
      (await survivorsOf(db, 'mandataire', [body.mandataire])).get(body.mandataire) ?? body.mandataire;
    const [mandataire] = await db
      .select({ id: mandataires.id, kind: mandataires.kind })
      .from(mandataires)
      .where(and(eq(mandataires.id, mandataireId), shown(mandataires)));
    if (!mandataire)
      throw unprocessable([{ in: 'body', name: 'mandataire', message: `unknown mandataire '${body.mandataire}'` }]);
    const refusal = notAppointed(mandataire.id, mandataire.kind);
    if (refusal) throw unprocessable([{ in: 'body', name: 'mandataire', message: refusal }]);
    const { id: sourceId, published_on } = await saveSource(db, body.citation);
    const cited = [{ source_id: sourceId, published_on, fields: body.citation.fields }];
    const lateFaults = laterThanSources(practitionerDates, body, sent, cited);
    if (lateFaults.length) throw unprocessable(ofAppointment(lateFaults));
    const inserted = await db
      .insert(proceedingPractitioners)
      .values({
        proceeding_id: proceedingId,
        mandataire_id: mandataireId,
        role: body.role,
        appointed_on: body.appointed_on,
        ended_on: body.ended_on,
        source_id: sourceId,
        quote: body.citation.quote,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length)
      throw new DomainError(
        'conflict',
        `'${mandataireId}' is already appointed in ${roleWords(body.role)} in the proceeding '${proceedingId}': ` +
          'an appointment is linked once per role.',
      );
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

/**
 * Unlinks one appointment of a practitioner (`given`, or the survivor it was merged into) from a proceeding: the one
 * in `role` (`unknown`: the one whose role is
 * unknown, stored null), or, `role` absent, the only one they hold there. 404 when they hold none there (naming the
 * path's `mandataire`) or none in `role` (naming `role` and the roles they hold); 409 when `role` is absent and they
 * hold several (naming `role` and those roles: a DELETE unlinks one appointment, never several at once); 412 when
 * `preconditions` do not hold. The proceeding's history cites the link removed.
 */
export async function removePractitioner(
  ctx: WriteContext,
  proceedingId: string,
  given: string,
  preconditions: Preconditions = {},
  role?: z.output<typeof appointmentRoleParam>,
) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, proceedingTarget, proceedingId, preconditions);
    // A merged id stands for its survivor (db/survivors.ts), as when it was linked.
    const mandataireId = (await survivorsOf(db, 'mandataire', [given])).get(given) ?? given;
    const held = await db
      .select({ role: proceedingPractitioners.role })
      .from(proceedingPractitioners)
      .where(
        and(
          eq(proceedingPractitioners.proceeding_id, proceedingId),
          eq(proceedingPractitioners.mandataire_id, mandataireId),
        ),
      );
    const here = `in the proceeding '${proceedingId}'`;
    if (!held.length) {
      throw new DomainError('not_found', `'${mandataireId}' is not appointed ${here}.`, {
        errors: [{ in: 'path', name: 'mandataire', message: `holds no appointment ${here}` }],
      });
    }
    const roles = held.map((h) => h.role ?? unknownRole).sort((a, b) => rank(a) - rank(b));
    const theirs = `'${mandataireId}' holds ${roles.length} appointment${roles.length > 1 ? 's' : ''} ${here}: ${roles.join(', ')}`;
    if (role === undefined && held.length > 1) {
      const message = `is required: ${theirs}; name the one to unlink`;
      throw new DomainError('conflict', `role: ${message}.`, { errors: [{ in: 'query', name: 'role', message }] });
    }
    const target = role === undefined ? held[0]!.role : role === unknownRole ? null : role;
    if (!held.some((h) => h.role === target)) {
      const message = `'${role}' matches none of their appointments: ${theirs}`;
      throw new DomainError('not_found', `'${mandataireId}' is not appointed in ${roleWords(target)} ${here}.`, {
        errors: [{ in: 'query', name: 'role', message }],
      });
    }
    const removed = await db
      .delete(proceedingPractitioners)
      .where(
        and(
          eq(proceedingPractitioners.proceeding_id, proceedingId),
          eq(proceedingPractitioners.mandataire_id, mandataireId),
          target === null ? isNull(proceedingPractitioners.role) : eq(proceedingPractitioners.role, target),
        ),
      )
      .returning();
    await recordLinks({ ...ctx, db }, proceedingTarget, [
      {
        id: proceedingId,
        citation: removed.map((r) => ({ source_id: r.source_id, quote: r.quote, fields: ['practitioners'] })),
      },
    ]);
  });
}

/** A role's place in the vocabulary (`unknown` last), to list roles in one order. */
const rank = (role: string) => {
  const i = (practitionerRoles as readonly string[]).indexOf(role);
  return i < 0 ? practitionerRoles.length : i;
};

/** Declares the practitioner routes of /v1/proceedings/{id}: appoint a practitioner in a role, unlink them. */
export function practitionerRoutes(app: RoutesApp, kind: { plural: string }) {
  const tags = [kind.plural];
  app.post('/:id/practitioners', {
    ...linkSchema(
      {
        tags,
        operationId: 'addProceedingPractitioner',
        summary: 'Link a practitioner to a proceeding, with the source',
      },
      idParams,
      practitionerBody,
      { 204: z.null() },
    ),
    handler: async (request, reply) => {
      await addPractitioner(writeContext(request), request.params.id, request.body, writePreconditions(request));
      return sendNoContent(reply);
    },
  });
  app.delete('/:id/practitioners/:mandataire', {
    ...linkSchema(
      {
        tags,
        operationId: 'removeProceedingPractitioner',
        summary: 'Unlink one appointment of a practitioner from a proceeding (`role` names it when they hold several)',
      },
      practitionerParams,
      null,
      { 204: z.null() },
      practitionerRemovalQuery,
    ),
    handler: async (request, reply) => {
      const { id, mandataire } = request.params;
      const { role } = request.query;
      await removePractitioner(writeContext(request), id, mandataire, writePreconditions(request), role);
      return sendNoContent(reply);
    },
  });
}
