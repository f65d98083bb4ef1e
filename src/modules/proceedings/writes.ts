// Writing proceedings.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { courtText, normaliseCourt } from '../../domain/courts.js';
import type { FieldError } from '../../domain/errors.js';
import { endsBefore, partialDate, slugSchema } from '../../domain/fields.js';
import { proceedingKinds } from '../../domain/vocabulary.js';
import { sameWords } from '../../writes/ids.js';
import { defineWrites } from '../../writes/kind-writes.js';
import { knownReference, referenceKept } from '../../writes/rules.js';
import type { ColumnsContext } from '../../writes/spec.js';

const proceedingFields = {
  company_name: z.string().trim().min(1).max(300),
  company_description: z.string().trim().min(1).max(2000).nullable(),
  operator: slugSchema.nullable().meta({ description: 'The company, when it is an operator of the directory.' }),
  kind: z.enum(proceedingKinds),
  date: partialDate.nullable(),
  // Written as the BODACC import writes it (« tribunal de commerce de nimes » → « Tribunal de commerce de Nîmes »).
  court: courtText.transform((court) => normaliseCourt(court) ?? court).nullable(),
  acquirer: slugSchema.nullable().meta({ description: 'For a takeover, the operator that took the company over.' }),
  closed_on: partialDate.nullable().meta({ description: 'The date of the judgment that closed the proceeding.' }),
  closure_nature: z.string().trim().min(1).max(300).nullable().meta({
    description: "How it was closed, as the judgment words it (« Jugement de clôture pour insuffisance d'actif »).",
  }),
  notes: z.string().trim().min(1).max(5000).nullable(),
};

/**
 * A proceeding's judgments moved past the facts they bound. Its opening (`date`) changed to after the first of its
 * practitioners' appointments and their ends, and of its current notices' judgments (withdrawn ones aside): 422 naming
 * `date` and both dates (« 2025-06 must not be after the appointed_on of the appointment of 'x' in the role
 * 'liquidateur' (2025-03-01) »: the practitioner and the role, who may hold two). Its
 * closing (`closed_on`) changed to before the last of its practitioners' appointments or of its current notices'
 * judgments: 422 naming `closed_on` and both dates (« 2025-06-25 must not be before the appointed_on of the
 * appointment of 'x' in an unknown role (2025-07-01) »; an appointment's end may follow the closing: the liquidator renders the accounts
 * after it, and a liquidation resumed after its clôture keeps its practitioners). Only when
 * the field is sent to a stored proceeding (a create has no link nor notice yet); a partial date by its period
 * (`endsBefore`). Read by every write path (API PATCH, `npm run import`, the batch envelope) but the BODACC import's,
 * which rewrites the notices and links after the proceeding (`writesNoticesAlong`).
 */
async function movedPastItsFacts(
  db: Db,
  context: ColumnsContext,
  input: { date: string | null; closed_on: string | null },
): Promise<FieldError[]> {
  if (!context.row || !context.id || context.writesNoticesAlong) return [];
  const opening = context.sent.has('date') ? input.date : null;
  const closing = context.sent.has('closed_on') ? input.closed_on : null;
  if (!opening && !closing) return [];
  // An appointment named as every message names one (domain/vocabulary.ts `appointmentWords`).
  const appointment = sql`'the appointment of ''' || mandataire_id || ''' in ' ||
    coalesce('the role ''' || role || '''', 'an unknown role')`;
  const facts = await db.execute<{ what: string; value: string; ends: boolean }>(sql`
    select 'the appointed_on of ' || ${appointment} as what, appointed_on as value, false as ends
      from proceeding_practitioners where proceeding_id = ${context.id} and appointed_on is not null
    union all
    select 'the ended_on of ' || ${appointment}, ended_on, true
      from proceeding_practitioners where proceeding_id = ${context.id} and ended_on is not null
    union all
    select 'the judgment_date of its notice ''' || id || '''', judgment_date, false
      from proceeding_notices
     where proceeding_id = ${context.id} and withdrawn_by is null and judgment_date is not null`);
  const byDate = (a: { value: string; what: string }, b: { value: string; what: string }) =>
    a.value < b.value ? -1 : a.value > b.value ? 1 : a.what < b.what ? -1 : 1;
  const errors: FieldError[] = [];
  const before = opening ? facts.filter((f) => endsBefore(f.value, opening)).sort(byDate)[0] : undefined;
  if (before) {
    errors.push({ in: 'body', name: 'date', message: `${opening} must not be after ${before.what} (${before.value})` });
  }
  const after = closing
    ? facts
        .filter((f) => !f.ends && endsBefore(closing, f.value))
        .sort(byDate)
        .at(-1)
    : undefined;
  if (after) {
    const message = `${closing} must not be before ${after.what} (${after.value})`;
    errors.push({ in: 'body', name: 'closed_on', message });
  }
  return errors;
}

export const proceedingWrites = defineWrites('Proceeding', proceedingFields, {
  target: { name: 'proceeding', tableName: 'proceedings', citationColumn: 'proceeding_id' },
  // Its links a citation may name besides its fields (citations/fields.ts).
  links: ['practitioners', 'sites'],
  defaults: {},
  // Judgments pronounced: none to come; the closing one not before the opening one (and both against the links and
  // notices they bound: `movedPastItsFacts`).
  dates: [{ field: 'date' }, { field: 'closed_on', ends: 'date' }],
  fromRow: (row) => ({
    company_name: row.company_name as string,
    company_description: row.company_description as string | null,
    operator: row.operator_id as string | null,
    kind: row.kind as (typeof proceedingKinds)[number],
    date: row.date as string | null,
    court: row.court as string | null,
    acquirer: row.acquirer_id as string | null,
    closed_on: row.closed_on as string | null,
    closure_nature: row.closure_nature as string | null,
    notes: row.notes as string | null,
  }),
  async toColumns(db: Db, input, context) {
    const reference = { value: input.operator, tableName: 'operators', label: 'operator' };
    const errors = [
      ...(await knownReference(db, context, { ...reference, field: 'operator' })),
      ...(await knownReference(db, context, { ...reference, field: 'acquirer', value: input.acquirer })),
      ...(await movedPastItsFacts(db, context, input)),
    ];
    const { operator, acquirer, ...rest } = input;
    const kept = (value: string | null, column: string) =>
      referenceKept(db, context, { value, column, tableName: 'operators' });
    const columns = {
      ...rest,
      operator_id: await kept(operator, 'operator_id'),
      acquirer_id: await kept(acquirer, 'acquirer_id'),
    };
    return { errors, columns };
  },
  references: [
    { field: 'operator', kind: 'operator', tableName: 'operators' },
    { field: 'acquirer', kind: 'operator', tableName: 'operators' },
  ],
  idWords: (input) => `${input.company_name} ${input.kind.replaceAll('_', ' ')} ${input.date ?? ''}`,
  nameField: { field: 'company_name', column: 'company_name' },
  describeWords: (input) =>
    `of '${sameWords(input.company_name)}' (${[input.kind.replaceAll('_', ' '), input.date].filter(Boolean).join(', ')})`,
  async moveReferences(db, from, to) {
    // Every column of the link moved: its notice, dates and powers, and its end when a later judgment replaced them.
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote, notice_id,
                                            appointed_on, powers, ended_notice_id, ended_on, ended_quote)
      select ${to}, mandataire_id, role, source_id, quote, notice_id, appointed_on, powers, ended_notice_id, ended_on,
             ended_quote
        from proceeding_practitioners where proceeding_id = ${from}
      on conflict do nothing`);
    await db.execute(sql`
      insert into proceeding_sites (proceeding_id, site_id) select ${to}, site_id from proceeding_sites where proceeding_id = ${from}
      on conflict do nothing`);
  },
});
