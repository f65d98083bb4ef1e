// Creating, changing and deleting sites: transport-independent functions,
// each one transaction holding the row, its citations, its history entry and
// its search outbox event. The HTTP routes and the import call these.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citationsInput, requireCitations, saveCitations } from '../../citations/input.js';
import type { Db } from '../../db/client.js';
import { citations, headcounts, operators, siteClients, sites } from '../../db/schema/index.js';
import { type FieldError, unprocessable } from '../../domain/errors.js';
import { isValidSiret } from '../../domain/identifiers.js';
import { placeFieldNames, placeInputFields, resolvePlace } from '../../domain/place-input.js';
import { siteStatuses } from '../../domain/vocabulary.js';
import { partialDate, slugSchema } from '../../http/schemas.js';
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

const siteFields = {
  name: z.string().trim().min(1).max(300),
  operator: slugSchema.nullable().meta({ description: 'Id of the operator that runs the site.' }),
  siret: z
    .string()
    .regex(/^\d{14}$/, { error: 'must be 14 digits' })
    .nullable()
    .meta({ description: 'The establishment’s SIRET.' }),
  ...placeInputFields,
  status: z.enum(siteStatuses).nullable(),
  status_as_of: partialDate.nullable(),
  opened_on: partialDate.nullable(),
  closed_on: partialDate.nullable(),
  notes: z.string().trim().min(1).max(5000).nullable(),
};

export const siteCreateBody = z
  .strictObject({
    id: slugSchema.optional().meta({ description: 'A stable id; made from the name when absent.' }),
    ...siteFields,
    operator: siteFields.operator.default(null),
    siret: siteFields.siret.default(null),
    country: siteFields.country.default('FR'),
    address: siteFields.address.default(null),
    commune: siteFields.commune.default(null),
    departement: siteFields.departement.default(null),
    code_commune: siteFields.code_commune.default(null),
    code_postal: siteFields.code_postal.default(null),
    status: siteFields.status.default(null),
    status_as_of: siteFields.status_as_of.default(null),
    opened_on: siteFields.opened_on.default(null),
    closed_on: siteFields.closed_on.default(null),
    notes: siteFields.notes.default(null),
    citations: citationsInput.optional(),
  })
  .meta({ id: 'SiteCreate' });
export type SiteCreate = z.infer<typeof siteCreateBody>;

export const sitePatchBody = z
  .strictObject({
    ...Object.fromEntries(Object.entries(siteFields).map(([k, v]) => [k, v.optional()])),
    citations: citationsInput.optional(),
  } as { [K in keyof typeof siteFields]: z.ZodOptional<(typeof siteFields)[K]> } & {
    citations: z.ZodOptional<typeof citationsInput>;
  })
  .meta({
    id: 'SitePatch',
    description:
      'The fields to change. Place fields (country, address, commune, departement, code_commune, code_postal) are replaced together.',
  });
export type SitePatch = z.infer<typeof sitePatchBody>;

type SiteRow = typeof sites.$inferSelect;
type SiteValues = Omit<SiteRow, 'id' | 'version' | 'created_at' | 'updated_at'>;

/** Rules between fields: a closed site has a closing date; an open one has none; dates in order. */
export function checkSiret(siret: string | null | undefined): FieldError[] {
  return siret && !isValidSiret(siret)
    ? [{ in: 'body', name: 'siret', message: `${siret} is not a valid SIRET (its check digit is wrong)` }]
    : [];
}

export function checkStatus(
  values: Pick<SiteValues, 'status' | 'status_as_of' | 'opened_on' | 'closed_on'>,
): FieldError[] {
  const errors: FieldError[] = [];
  // When the source gives no closing date, the date the closure was reported stands for it.
  if (values.status === 'closed' && !values.closed_on && !values.status_as_of) {
    errors.push({
      in: 'body',
      name: 'closed_on',
      message: 'is required for a closed site (or status_as_of, when the closure was reported)',
    });
  }
  if ((values.status === 'open' || values.status === 'planned') && values.closed_on) {
    errors.push({ in: 'body', name: 'closed_on', message: `must be null for a site that is ${values.status}` });
  }
  if (values.opened_on && values.closed_on && values.closed_on < values.opened_on.slice(0, values.closed_on.length)) {
    errors.push({ in: 'body', name: 'closed_on', message: 'must not be before opened_on' });
  }
  return errors;
}

async function checkOperator(db: Db, operator: string | null): Promise<FieldError[]> {
  if (!operator) return [];
  const [found] = await db.select({ id: operators.id }).from(operators).where(eq(operators.id, operator));
  return found ? [] : [{ in: 'body', name: 'operator', message: `unknown operator '${operator}'` }];
}

export async function createSite(ctx: WriteContext, input: SiteCreate): Promise<SiteRow> {
  requireCitations(input.citations, 'A new site');
  const place = resolvePlace(input);
  const errors = [
    ...(place.ok ? [] : place.errors),
    ...checkStatus(input),
    ...checkSiret(input.siret),
    ...(await checkOperator(ctx.db, input.operator)),
  ];
  if (errors.length || !place.ok) throw unprocessable(errors);
  return inTransaction(ctx.db, async (db) => {
    const id = await newId(db, sites, 'site', input.id, `${input.name} ${place.place.commune ?? ''}`);
    const [row] = await db
      .insert(sites)
      .values({
        id,
        name: input.name,
        operator_id: input.operator,
        siret: input.siret,
        ...place.place,
        status: input.status,
        status_as_of: input.status_as_of,
        opened_on: input.opened_on,
        closed_on: input.closed_on,
        notes: input.notes,
      })
      .returning();
    const saved = await saveCitations(db, { site_id: id }, input.citations!);
    await recordChange(
      { ...ctx, db },
      { kind: 'site', id, action: 'create', before: null, after: await snapshotRow(db, 'sites', id), citations: saved },
    );
    return row!;
  });
}

/** The row of a site for a write; 404, 410 or 308 problems when there is none. */
async function lockSite(db: Db, id: string): Promise<SiteRow> {
  const [row] = await db.select().from(sites).where(eq(sites.id, id)).for('update');
  if (row) return row;
  throw await missingEntry(db, 'site', 'site', '/v1/sites', id);
}

/**
 * Changes the fields given. With citations but no changed field, the facts are
 * confirmed (recorded in the history) unless `confirm` is false, as imports
 * do, so that running one twice changes nothing.
 */
export async function updateSite(
  ctx: WriteContext,
  id: string,
  patch: SitePatch,
  ifMatch: string | undefined,
  options: { confirm?: boolean } = {},
) {
  return inTransaction(ctx.db, async (db) => {
    const before = await lockSite(db, id);
    checkIfMatch(ifMatch, before.version);
    const beforeSnapshot = await snapshotRow(db, 'sites', id);
    const placeGiven = placeFieldNames.some((f) => f in patch);
    const place = placeGiven ? resolvePlace({ ...patch, country: patch.country ?? before.country }) : null;
    const next: SiteValues = {
      name: patch.name ?? before.name,
      operator_id: patch.operator !== undefined ? patch.operator : before.operator_id,
      siret: patch.siret !== undefined ? patch.siret : before.siret,
      ...(place?.ok ? place.place : pickPlace(before)),
      status: patch.status !== undefined ? patch.status : before.status,
      status_as_of: patch.status_as_of !== undefined ? patch.status_as_of : before.status_as_of,
      opened_on: patch.opened_on !== undefined ? patch.opened_on : before.opened_on,
      closed_on: patch.closed_on !== undefined ? patch.closed_on : before.closed_on,
      notes: patch.notes !== undefined ? patch.notes : before.notes,
    };
    const errors = [
      ...(place && !place.ok ? place.errors : []),
      ...checkStatus(next),
      ...(patch.siret !== undefined ? checkSiret(next.siret) : []),
      ...(patch.operator !== undefined ? await checkOperator(db, next.operator_id) : []),
    ];
    if (errors.length) throw unprocessable(errors);
    const changed = changedFields(
      before as unknown as Record<string, unknown>,
      next as unknown as Record<string, unknown>,
    );
    if (!changed.length && (!patch.citations?.length || options.confirm === false)) return { row: before, changed };
    requireCitations(patch.citations, 'A change');
    const [row] = await db
      .update(sites)
      .set({ ...next, version: sql`${sites.version} + 1`, updated_at: sql`now()` })
      .where(eq(sites.id, id))
      .returning();
    const saved = await saveCitations(
      db,
      { site_id: id },
      patch.citations.map((c) => ({ ...c, fields: c.fields.length ? c.fields : changed })),
    );
    await recordChange(
      { ...ctx, db },
      {
        kind: 'site',
        id,
        action: 'update',
        before: beforeSnapshot,
        after: await snapshotRow(db, 'sites', id),
        citations: saved,
      },
    );
    return { row: row!, changed };
  });
}

function pickPlace(row: SiteRow) {
  const {
    country,
    address,
    commune,
    code_commune,
    code_postal,
    departement_code,
    departement_name,
    region_code,
    region_name,
    former_region_name,
  } = row;
  return {
    country,
    address,
    commune,
    code_commune,
    code_postal,
    departement_code,
    departement_name,
    region_code,
    region_name,
    former_region_name,
  };
}

export async function deleteSite(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    const before = await lockSite(db, id);
    checkIfMatch(ifMatch, before.version);
    const beforeSnapshot = await snapshotRow(db, 'sites', id);
    await db.delete(sites).where(eq(sites.id, id));
    await recordChange(
      { ...ctx, db },
      { kind: 'site', id, action: 'delete', before: beforeSnapshot, after: null, citations: [] },
    );
  });
}

export const siteMergeBody = z
  .strictObject({
    into: slugSchema.meta({ description: 'The id of the site that survives.' }),
    citations: citationsInput.optional(),
  })
  .meta({
    id: 'SiteMerge',
    description: 'Merge a duplicate into the site that survives; the duplicate’s id then redirects (308) to it.',
  });
export type SiteMerge = z.infer<typeof siteMergeBody>;

/**
 * Merges a duplicate into the surviving site: its citations, headcounts,
 * clients and proceedings move over, the duplicate is deleted, and its id
 * answers 308 to the survivor from then on.
 */
export async function mergeSite(ctx: WriteContext, id: string, input: SiteMerge, ifMatch: string | undefined) {
  requireCitations(input.citations, 'A merge');
  if (input.into === id) throw unprocessable([{ in: 'body', name: 'into', message: 'must be another site' }]);
  return inTransaction(ctx.db, async (db) => {
    const duplicate = await lockSite(db, id);
    checkIfMatch(ifMatch, duplicate.version);
    const [survivor] = await db.select().from(sites).where(eq(sites.id, input.into)).for('update');
    if (!survivor) throw unprocessable([{ in: 'body', name: 'into', message: `unknown site '${input.into}'` }]);
    const duplicateSnapshot = await snapshotRow(db, 'sites', id);
    const survivorBefore = await snapshotRow(db, 'sites', input.into);
    await db.update(citations).set({ site_id: input.into }).where(eq(citations.site_id, id));
    await db.update(headcounts).set({ site_id: input.into }).where(eq(headcounts.site_id, id));
    await db.update(siteClients).set({ site_id: input.into }).where(eq(siteClients.site_id, id));
    await db.execute(sql`
      insert into proceeding_sites (proceeding_id, site_id)
      select proceeding_id, ${input.into} from proceeding_sites where site_id = ${id}
      on conflict do nothing`);
    await db.delete(sites).where(eq(sites.id, id));
    await db
      .update(sites)
      .set({ version: sql`${sites.version} + 1`, updated_at: sql`now()` })
      .where(eq(sites.id, input.into));
    const saved = await saveCitations(db, { site_id: input.into }, input.citations!);
    await recordChange(
      { ...ctx, db },
      {
        kind: 'site',
        id,
        action: 'merge',
        before: duplicateSnapshot,
        after: null,
        citations: saved,
        mergedInto: input.into,
      },
    );
    await recordChange(
      { ...ctx, db },
      {
        kind: 'site',
        id: input.into,
        action: 'update',
        before: survivorBefore,
        after: await snapshotRow(db, 'sites', input.into),
        citations: saved,
      },
    );
    return survivor;
  });
}
