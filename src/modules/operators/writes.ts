// Creating, changing and deleting operators, each in one transaction with its
// citations, history entry and search outbox event.
import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citationsInput, requireCitations, saveCitations } from '../../citations/input.js';
import type { Db } from '../../db/client.js';
import {
  citations,
  clubAffiliations,
  headcounts,
  operators,
  proceedings,
  roles,
  siteClients,
  sites,
} from '../../db/schema/index.js';
import { DomainError, type FieldError, unprocessable } from '../../domain/errors.js';
import { isValidSiren } from '../../domain/identifiers.js';
import { operatorKinds } from '../../domain/vocabulary.js';
import { slugSchema, websiteSchema } from '../../http/schemas.js';
import {
  changedFields,
  checkIfMatch,
  inTransaction,
  missingEntry,
  newId,
  recordChange,
  snapshotRow,
  type WriteContext,
} from '../../writes/bookkeeping.js';

const operatorFields = {
  name: z.string().trim().min(1).max(300),
  aliases: z.array(z.string().trim().min(1).max(300)).max(50),
  kind: z.enum(operatorKinds).nullable(),
  parent: slugSchema.nullable().meta({ description: 'Id of the parent group.' }),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code in capitals, such as FR' })
    .nullable(),
  siren: z
    .string()
    .regex(/^\d{9}$/, { error: 'must be 9 digits' })
    .nullable(),
  website: websiteSchema.nullable(),
  description: z.string().trim().min(1).max(5000).nullable(),
};

export const operatorCreateBody = z
  .strictObject({
    id: slugSchema.optional().meta({ description: 'A stable id; made from the name when absent.' }),
    name: operatorFields.name,
    aliases: operatorFields.aliases.default([]),
    kind: operatorFields.kind.default(null),
    parent: operatorFields.parent.default(null),
    country: operatorFields.country.default(null),
    siren: operatorFields.siren.default(null),
    website: operatorFields.website.default(null),
    description: operatorFields.description.default(null),
    citations: citationsInput.optional(),
  })
  .meta({ id: 'OperatorCreate' });
export type OperatorCreate = z.infer<typeof operatorCreateBody>;

export const operatorPatchBody = z
  .strictObject({
    ...Object.fromEntries(Object.entries(operatorFields).map(([k, v]) => [k, v.optional()])),
    citations: citationsInput.optional(),
  } as { [K in keyof typeof operatorFields]: z.ZodOptional<(typeof operatorFields)[K]> } & {
    citations: z.ZodOptional<typeof citationsInput>;
  })
  .meta({ id: 'OperatorPatch', description: 'The fields to change.' });
export type OperatorPatch = z.infer<typeof operatorPatchBody>;

type OperatorRow = typeof operators.$inferSelect;

/** The parent exists and is not the operator itself nor one of its own subsidiaries. */
async function checkParent(db: Db, id: string | null, parent: string | null): Promise<FieldError[]> {
  if (!parent) return [];
  if (parent === id) return [{ in: 'body', name: 'parent', message: 'cannot be the operator itself' }];
  const [found] = await db.select({ id: operators.id }).from(operators).where(eq(operators.id, parent));
  if (!found) return [{ in: 'body', name: 'parent', message: `unknown operator '${parent}'` }];
  if (id) {
    const [cycle] = await db.execute<{ found: boolean }>(sql`
      with recursive up(id) as (select ${parent}::varchar union select o.parent_id from operators o join up on o.id = up.id where o.parent_id is not null)
      select exists(select 1 from up where id = ${id}) as found`);
    if (cycle?.found)
      return [
        {
          in: 'body',
          name: 'parent',
          message: `'${parent}' belongs to this operator's own group: that would make a cycle`,
        },
      ];
  }
  return [];
}

function checkSiren(siren: string | null): FieldError[] {
  return siren && !isValidSiren(siren)
    ? [{ in: 'body', name: 'siren', message: `${siren} is not a valid SIREN (its check digit is wrong)` }]
    : [];
}

/** The rules a create or an import row is checked against. */
export async function checkOperator(
  db: Db,
  input: { id?: string; siren: string | null; parent: string | null },
): Promise<FieldError[]> {
  return [...checkSiren(input.siren), ...(await checkParent(db, input.id ?? null, input.parent))];
}

export async function createOperator(ctx: WriteContext, input: OperatorCreate): Promise<OperatorRow> {
  requireCitations(input.citations, 'A new operator');
  const errors = await checkOperator(ctx.db, input);
  if (errors.length) throw unprocessable(errors);
  return inTransaction(ctx.db, async (db) => {
    const id = await newId(db, operators, 'operator', input.id, input.name);
    const { citations, parent, id: _, ...values } = input;
    const [row] = await db
      .insert(operators)
      .values({ id, ...values, parent_id: parent })
      .returning();
    const saved = await saveCitations(db, { operator_id: id }, citations!);
    await recordChange(
      { ...ctx, db },
      {
        kind: 'operator',
        id,
        action: 'create',
        before: null,
        after: await snapshotRow(db, 'operators', id),
        citations: saved,
      },
    );
    return row!;
  });
}

async function lockOperator(db: Db, id: string): Promise<OperatorRow> {
  const [row] = await db.select().from(operators).where(eq(operators.id, id)).for('update');
  if (row) return row;
  throw await missingEntry(db, 'operator', 'operator', '/v1/operators', id);
}

/** Changes the fields given; `confirm: false` (imports) records nothing when no field changes. */
export async function updateOperator(
  ctx: WriteContext,
  id: string,
  patch: OperatorPatch,
  ifMatch: string | undefined,
  options: { confirm?: boolean } = {},
) {
  return inTransaction(ctx.db, async (db) => {
    const before = await lockOperator(db, id);
    checkIfMatch(ifMatch, before.version);
    const beforeSnapshot = await snapshotRow(db, 'operators', id);
    const { citations, parent, ...fields } = patch;
    const next = {
      name: fields.name ?? before.name,
      aliases: fields.aliases ?? before.aliases,
      kind: fields.kind !== undefined ? fields.kind : before.kind,
      parent_id: parent !== undefined ? parent : before.parent_id,
      country: fields.country !== undefined ? fields.country : before.country,
      siren: fields.siren !== undefined ? fields.siren : before.siren,
      website: fields.website !== undefined ? fields.website : before.website,
      description: fields.description !== undefined ? fields.description : before.description,
    };
    const errors = [
      ...(fields.siren !== undefined ? checkSiren(next.siren) : []),
      ...(parent !== undefined ? await checkParent(db, id, next.parent_id) : []),
    ];
    if (errors.length) throw unprocessable(errors);
    const changed = changedFields(before as unknown as Record<string, unknown>, next);
    if (!changed.length && (!citations?.length || options.confirm === false)) return { row: before, changed };
    requireCitations(citations, 'A change');
    const [row] = await db
      .update(operators)
      .set({ ...next, version: sql`${operators.version} + 1`, updated_at: sql`now()` })
      .where(eq(operators.id, id))
      .returning();
    const saved = await saveCitations(
      db,
      { operator_id: id },
      citations.map((c) => ({ ...c, fields: c.fields.length ? c.fields : changed })),
    );
    await recordChange(
      { ...ctx, db },
      {
        kind: 'operator',
        id,
        action: 'update',
        before: beforeSnapshot,
        after: await snapshotRow(db, 'operators', id),
        citations: saved,
      },
    );
    return { row: row!, changed };
  });
}

/** What still points at an operator, so that deleting it would leave them dangling. */
async function dependents(db: Db, id: string): Promise<string[]> {
  const counts = await Promise.all([
    db.select({ n: count() }).from(sites).where(eq(sites.operator_id, id)),
    db.select({ n: count() }).from(operators).where(eq(operators.parent_id, id)),
    db.select({ n: count() }).from(proceedings).where(eq(proceedings.operator_id, id)),
    db.select({ n: count() }).from(proceedings).where(eq(proceedings.acquirer_id, id)),
    db.select({ n: count() }).from(siteClients).where(eq(siteClients.operator_id, id)),
    db.select({ n: count() }).from(clubAffiliations).where(eq(clubAffiliations.operator_id, id)),
  ]);
  const labels = ['sites', 'subsidiaries', 'proceedings', 'takeovers', 'client links', 'club affiliations'];
  return counts.flatMap(([row], i) => (row && row.n > 0 ? [`${row.n} ${labels[i]}`] : []));
}

export async function deleteOperator(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    const before = await lockOperator(db, id);
    checkIfMatch(ifMatch, before.version);
    const beforeSnapshot = await snapshotRow(db, 'operators', id);
    const still = await dependents(db, id);
    if (still.length) {
      throw new DomainError(
        'conflict',
        `The operator '${id}' is still referenced by ${still.join(', ')}: change or delete them first, or merge it into another operator.`,
      );
    }
    await db.delete(operators).where(eq(operators.id, id));
    await recordChange(
      { ...ctx, db },
      { kind: 'operator', id, action: 'delete', before: beforeSnapshot, after: null, citations: [] },
    );
  });
}

export const operatorMergeBody = z
  .strictObject({
    into: slugSchema.meta({ description: 'The id of the operator that survives.' }),
    citations: citationsInput.optional(),
  })
  .meta({
    id: 'OperatorMerge',
    description: 'Merge a duplicate into the operator that survives; the duplicate’s id then redirects (308) to it.',
  });
export type OperatorMerge = z.infer<typeof operatorMergeBody>;

/**
 * Merges a duplicate operator into the survivor: everything that referred to
 * the duplicate (sites, subsidiaries, proceedings, roles, headcounts,
 * citations…) now refers to the survivor, whose aliases gain the duplicate's
 * names; the duplicate's id answers 308 to the survivor from then on.
 */
export async function mergeOperator(ctx: WriteContext, id: string, input: OperatorMerge, ifMatch: string | undefined) {
  requireCitations(input.citations, 'A merge');
  if (input.into === id) throw unprocessable([{ in: 'body', name: 'into', message: 'must be another operator' }]);
  return inTransaction(ctx.db, async (db) => {
    const duplicate = await lockOperator(db, id);
    checkIfMatch(ifMatch, duplicate.version);
    const [survivor] = await db.select().from(operators).where(eq(operators.id, input.into)).for('update');
    if (!survivor) throw unprocessable([{ in: 'body', name: 'into', message: `unknown operator '${input.into}'` }]);
    const duplicateSnapshot = await snapshotRow(db, 'operators', id);
    const survivorBefore = await snapshotRow(db, 'operators', input.into);
    const to = input.into;
    await db.update(sites).set({ operator_id: to }).where(eq(sites.operator_id, id));
    await db
      .update(operators)
      .set({ parent_id: to })
      .where(sql`${operators.parent_id} = ${id} and ${operators.id} <> ${to}`);
    await db.update(proceedings).set({ operator_id: to }).where(eq(proceedings.operator_id, id));
    await db.update(proceedings).set({ acquirer_id: to }).where(eq(proceedings.acquirer_id, id));
    await db.update(siteClients).set({ operator_id: to }).where(eq(siteClients.operator_id, id));
    await db.update(clubAffiliations).set({ operator_id: to }).where(eq(clubAffiliations.operator_id, id));
    await db.update(roles).set({ operator_id: to }).where(eq(roles.operator_id, id));
    await db.update(headcounts).set({ operator_id: to }).where(eq(headcounts.operator_id, id));
    await db.update(citations).set({ operator_id: to }).where(eq(citations.operator_id, id));
    const aliases = [...new Set([...survivor.aliases, duplicate.name, ...duplicate.aliases])].filter(
      (a) => a !== survivor.name,
    );
    // A survivor that was the duplicate's subsidiary takes over its parent.
    const parent = survivor.parent_id === id ? duplicate.parent_id : survivor.parent_id;
    await db.delete(operators).where(eq(operators.id, id));
    await db
      .update(operators)
      .set({ aliases, parent_id: parent, version: sql`${operators.version} + 1`, updated_at: sql`now()` })
      .where(eq(operators.id, to));
    const saved = await saveCitations(db, { operator_id: to }, input.citations!);
    await recordChange(
      { ...ctx, db },
      {
        kind: 'operator',
        id,
        action: 'merge',
        before: duplicateSnapshot,
        after: null,
        citations: saved,
        mergedInto: to,
      },
    );
    await recordChange(
      { ...ctx, db },
      {
        kind: 'operator',
        id: to,
        action: 'update',
        before: survivorBefore,
        after: await snapshotRow(db, 'operators', to),
        citations: saved,
      },
    );
    return survivor;
  });
}
