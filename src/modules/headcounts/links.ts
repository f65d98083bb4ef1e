// Dated, sourced headcount figures of sites and operators: the one link two
// kinds share, so it lives here and takes the kind it writes to. Each change
// is recorded in the entry's history, with its citation, and reaches search.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { citedFieldErrors } from '../../citations/fields.js';
import { citationInput, saveSource } from '../../citations/input.js';
import type { Db } from '../../db/client.js';
import { headcounts } from '../../db/schema/index.js';
import { DomainError, type FieldError, unprocessable } from '../../domain/errors.js';
import { countSchema, partialDate } from '../../domain/fields.js';
import { headcountKinds } from '../../domain/vocabulary.js';
import { afterEnd, type DateField, dateErrors, laterThanSources } from '../../writes/dates.js';
import { lockEntry, recordLinks } from '../../writes/envelope.js';
import { maskedErrors, type WriteTarget } from '../../writes/kind-writes.js';
import { inTransaction, type Preconditions, type WriteContext } from '../../writes/transaction.js';

export const headcountBody = z
  .strictObject({
    kind: z.enum(headcountKinds),
    value: countSchema,
    as_of: partialDate.nullable().default(null),
    note: z.string().trim().min(1).max(1000).nullable().default(null),
    citation: citationInput,
  })
  .meta({ id: 'HeadcountToAdd' });

/** A figure's date is when it was counted (writes/dates.ts): never to come, nor after its source was published. */
const headcountDates: DateField<unknown>[] = [{ field: 'as_of' }];
/** What a headcount's citation may say it supports. */
const headcountFields = Object.keys(headcountBody.shape).filter((k) => k !== 'citation');

/** A headcount figure added: its id (to remove it). */
export const headcountAdded = z.object({ headcount_id: z.number().int() });

/** A site or an operator, as a headcount is written to it: where it goes and the field that ends its facts. */
export interface HeadcountOwner extends WriteTarget {
  /** Its end (a site's `closed_on`, an operator's `ceased_on`: the kind's `closedBy`): no figure is counted after it. */
  closedBy?: string;
}

/**
 * Adds a dated, sourced headcount figure to a site or an operator (`target`): 422 for a citation naming what a
 * headcount has not (`citation.fields.M`), 422 naming `as_of` for a figure counted after the entry's end (a site's
 * `closed_on`, an operator's `ceased_on`: `target.closedBy`; « 2019 must not be after the site's closed_on (2017-04) »),
 * 409 naming the figure the entry already has with the same kind, value,
 * date, source and quote; 412 when `preconditions` (If-Match, If-None-Match) do not hold for the entry (`lockEntry`).
 */
export async function addHeadcount(
  ctx: WriteContext,
  target: HeadcountOwner,
  id: string,
  body: z.output<typeof headcountBody>,
  preconditions: Preconditions = {},
) {
  const { citation: _, ...figure } = body;
  const errors = [
    ...maskedErrors(figure, new Set(Object.keys(figure))),
    ...citedFieldErrors([body.citation], headcountFields, 'a headcount', () => 'citation'),
  ];
  if (errors.length) throw unprocessable(errors);
  return inTransaction(ctx.db, async (db) => {
    await lockEntry(db, target, id, preconditions);
    const dateFaults = [
      ...dateErrors(headcountDates, body, new Set(Object.keys(body))),
      ...(await afterClosing(db, target, id, body.as_of)),
    ];
    if (dateFaults.length) throw unprocessable(dateFaults);
    const { id: sourceId, published_on } = await saveSource(db, body.citation);
    // Nor counted after its source was published.
    const cited = [{ source_id: sourceId, published_on, fields: body.citation.fields }];
    const lateFaults = laterThanSources(headcountDates, body, new Set(Object.keys(body)), cited);
    if (lateFaults.length) throw unprocessable(lateFaults);
    // The same figure again (same kind, value, date, source and quote) says nothing new: refused, naming it.
    const [same] = await db.execute<{ id: number }>(sql`
      select id from headcounts
       where ${sql.identifier(target.citationColumn)} = ${id} and kind = ${body.kind} and value = ${body.value}
         and as_of is not distinct from ${body.as_of} and source_id = ${sourceId} and quote = ${body.citation.quote}
       order by id limit 1`);
    if (same) {
      throw new DomainError(
        'conflict',
        `The ${target.name} '${id}' already has this figure, from the same source and quote: headcount ${same.id} ` +
          `(${body.value} ${body.kind}${body.as_of ? ` as of ${body.as_of}` : ''}).`,
      );
    }
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

/** A figure's `as_of` after its entry's end (`target.closedBy`, read from the entry locked), named (`afterEnd`). */
async function afterClosing(db: Db, target: HeadcountOwner, id: string, asOf: string | null): Promise<FieldError[]> {
  if (!target.closedBy || asOf === null) return [];
  const [row] = await db.execute<{ closed: string | null }>(
    sql`select ${sql.identifier(target.closedBy)} as closed from ${sql.identifier(target.tableName)} where id = ${id}`,
  );
  const label = `the ${target.name}'s ${target.closedBy}`;
  return afterEnd([{ field: 'as_of', value: asOf }], { label, value: row?.closed ?? null });
}

/**
 * Removes a headcount figure from a site or an operator (404 when it has no such figure; 412 when `preconditions` do
 * not hold for the entry).
 */
export async function removeHeadcount(
  ctx: WriteContext,
  target: WriteTarget,
  id: string,
  headcountId: number,
  preconditions: Preconditions = {},
) {
  await inTransaction(ctx.db, async (db) => {
    await lockEntry(db, target, id, preconditions);
    const [removed] = await db.execute<{ source_id: string; quote: string }>(sql`
      delete from headcounts where id = ${headcountId} and ${sql.identifier(target.citationColumn)} = ${id}
      returning source_id, quote`);
    if (!removed) throw new DomainError('not_found', `The ${target.name} '${id}' has no headcount ${headcountId}.`);
    await recordLinks({ ...ctx, db }, target, [
      { id, citation: { source_id: removed.source_id, quote: removed.quote, fields: ['headcounts'] } },
    ]);
  });
}
