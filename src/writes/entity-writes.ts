// Create, change and delete for a kind described by its fields: each write is
// one transaction holding the row, its citations, its history entry and its
// search outbox event. Used by the kinds whose writes need no more than
// field rules (clubs, mandataires, proceedings).
import { eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { citationsInput, requireCitations, saveCitations } from '../citations/input.js';
import type { Db } from '../db/client.js';
import { DomainError, type FieldError, unprocessable } from '../domain/errors.js';
import { slugSchema } from '../http/schemas.js';
import {
  changedFields,
  checkIfMatch,
  inTransaction,
  missingEntry,
  newId,
  recordChange,
  snapshotRow,
  type WriteContext,
} from './bookkeeping.js';

type TableName = 'clubs' | 'mandataires' | 'proceedings';
type Table = PgTable & { id: PgColumn; version: PgColumn; updated_at: PgColumn };

export interface EntityWriteSpec<Shape extends z.ZodRawShape> {
  kind: string;
  singular: string;
  basePath: string;
  tableName: TableName;
  table: Table;
  /** The writable fields, as the API takes them. */
  fields: Shape;
  /** Values of the optional fields on create. */
  defaults: { [K in keyof Shape]?: z.input<Shape[K]> };
  /** The API fields of an existing row (to apply a patch over). */
  fromRow(row: Record<string, unknown>): z.output<z.ZodObject<Shape>>;
  /** The columns to store, or what is wrong (422), checked against the database where needed. */
  toColumns(
    db: Db,
    input: z.output<z.ZodObject<Shape>>,
    id: string | null,
  ): Promise<{ columns: Record<string, unknown>; errors: FieldError[] }>;
  /** Words an id is made of when the client gives none. */
  idWords(input: z.output<z.ZodObject<Shape>>): string;
  /** What still refers to the entry and forbids deleting it (409). */
  dependents?(db: Db, id: string): Promise<string[]>;
  /** The citation subject column. */
  citationSubject: 'club_id' | 'mandataire_id' | 'proceeding_id';
  /** Moves what refers to a duplicate over to the survivor, before the duplicate is deleted. */
  moveReferences(db: Db, from: string, to: string): Promise<void>;
}

export function entityWrites<Shape extends z.ZodRawShape>(spec: EntityWriteSpec<Shape>) {
  type Input = z.output<z.ZodObject<Shape>>;
  const withDefaults = Object.fromEntries(
    Object.entries(spec.fields).map(([k, v]) => [
      k,
      k in spec.defaults ? (v as z.ZodType).default(spec.defaults[k] as never) : v,
    ]),
  );
  const createBody = z.strictObject({
    id: slugSchema.optional().meta({ description: 'A stable id; made from the name when absent.' }),
    ...withDefaults,
    citations: citationsInput.optional(),
  });
  const patchBody = z.strictObject({
    ...Object.fromEntries(Object.entries(spec.fields).map(([k, v]) => [k, (v as z.ZodType).optional()])),
    citations: citationsInput.optional(),
  });
  type Create = Input & { id?: string; citations?: z.infer<typeof citationsInput> };
  type Patch = Partial<Input> & { citations?: z.infer<typeof citationsInput> };

  async function lock(db: Db, id: string) {
    const [row] = await db
      .select()
      .from(spec.table as PgTable)
      .where(eq(spec.table.id, id))
      .for('update');
    if (row) return row as Record<string, unknown> & { version: number };
    throw await missingEntry(db, spec.kind, spec.singular, spec.basePath, id);
  }

  async function create(ctx: WriteContext, body: Create): Promise<{ id: string }> {
    const { id: wanted, citations, ...input } = body;
    requireCitations(citations, `A new ${spec.singular}`);
    const { columns, errors } = await spec.toColumns(ctx.db, input as Input, wanted ?? null);
    if (errors.length) throw unprocessable(errors);
    return inTransaction(ctx.db, async (db) => {
      const id = await newId(db, spec.table, spec.kind, wanted, spec.idWords(input as Input));
      await db.insert(spec.table as PgTable).values({ id, ...columns } as never);
      const saved = await saveCitations(db, { [spec.citationSubject]: id }, citations);
      await recordChange(
        { ...ctx, db },
        {
          kind: spec.kind,
          id,
          action: 'create',
          before: null,
          after: await snapshotRow(db, spec.tableName, id),
          citations: saved,
        },
      );
      return { id };
    });
  }

  async function update(
    ctx: WriteContext,
    id: string,
    body: Patch,
    ifMatch: string | undefined,
    options: { confirm?: boolean } = {},
  ) {
    return inTransaction(ctx.db, async (db) => {
      const before = await lock(db, id);
      checkIfMatch(ifMatch, before.version);
      const beforeSnapshot = await snapshotRow(db, spec.tableName, id);
      const { citations, ...patch } = body;
      const merged = {
        ...spec.fromRow(before),
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      } as Input;
      const { columns, errors } = await spec.toColumns(db, merged, id);
      if (errors.length) throw unprocessable(errors);
      const changed = changedFields(before, columns);
      if (!changed.length && (!citations?.length || options.confirm === false)) return { changed };
      requireCitations(citations, 'A change');
      await db
        .update(spec.table as PgTable)
        .set({ ...columns, version: sql`${spec.table.version} + 1`, updated_at: sql`now()` } as never)
        .where(eq(spec.table.id, id));
      const saved = await saveCitations(
        db,
        { [spec.citationSubject]: id },
        citations.map((c) => ({ ...c, fields: c.fields.length ? c.fields : changed })),
      );
      await recordChange(
        { ...ctx, db },
        {
          kind: spec.kind,
          id,
          action: 'update',
          before: beforeSnapshot,
          after: await snapshotRow(db, spec.tableName, id),
          citations: saved,
        },
      );
      return { changed };
    });
  }

  async function remove(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
    await inTransaction(ctx.db, async (db) => {
      const before = await lock(db, id);
      checkIfMatch(ifMatch, before.version);
      const still = (await spec.dependents?.(db, id)) ?? [];
      if (still.length) {
        throw new DomainError(
          'conflict',
          `The ${spec.singular} '${id}' is still referenced by ${still.join(', ')}: change or delete them first.`,
        );
      }
      const beforeSnapshot = await snapshotRow(db, spec.tableName, id);
      await db.delete(spec.table as PgTable).where(eq(spec.table.id, id));
      await recordChange(
        { ...ctx, db },
        { kind: spec.kind, id, action: 'delete', before: beforeSnapshot, after: null, citations: [] },
      );
    });
  }

  const mergeBody = z.strictObject({
    into: slugSchema.meta({ description: `The id of the ${spec.singular} that survives.` }),
    citations: citationsInput.optional(),
  });

  /** Merges a duplicate into the survivor: references move over, the duplicate's id answers 308 from then on. */
  async function merge(
    ctx: WriteContext,
    id: string,
    body: { into: string; citations?: z.infer<typeof citationsInput> },
    ifMatch: string | undefined,
  ) {
    const { citations } = body;
    requireCitations(citations, 'A merge');
    if (body.into === id)
      throw unprocessable([{ in: 'body', name: 'into', message: `must be another ${spec.singular}` }]);
    return inTransaction(ctx.db, async (db) => {
      const duplicate = await lock(db, id);
      checkIfMatch(ifMatch, duplicate.version);
      const [survivor] = await db
        .select({ id: spec.table.id })
        .from(spec.table as PgTable)
        .where(eq(spec.table.id, body.into))
        .for('update');
      if (!survivor)
        throw unprocessable([{ in: 'body', name: 'into', message: `unknown ${spec.singular} '${body.into}'` }]);
      const duplicateSnapshot = await snapshotRow(db, spec.tableName, id);
      const survivorBefore = await snapshotRow(db, spec.tableName, body.into);
      await db.execute(
        sql`update citations set ${sql.identifier(spec.citationSubject)} = ${body.into} where ${sql.identifier(spec.citationSubject)} = ${id}`,
      );
      await spec.moveReferences(db, id, body.into);
      await db.delete(spec.table as PgTable).where(eq(spec.table.id, id));
      await db
        .update(spec.table as PgTable)
        .set({ version: sql`${spec.table.version} + 1`, updated_at: sql`now()` } as never)
        .where(eq(spec.table.id, body.into));
      const saved = await saveCitations(db, { [spec.citationSubject]: body.into }, citations);
      await recordChange(
        { ...ctx, db },
        {
          kind: spec.kind,
          id,
          action: 'merge',
          before: duplicateSnapshot,
          after: null,
          citations: saved,
          mergedInto: body.into,
        },
      );
      await recordChange(
        { ...ctx, db },
        {
          kind: spec.kind,
          id: body.into,
          action: 'update',
          before: survivorBefore,
          after: await snapshotRow(db, spec.tableName, body.into),
          citations: saved,
        },
      );
    });
  }

  /** The rules a create would check against the database, without writing (bulk imports check every row first). */
  async function check(db: Db, body: Create): Promise<FieldError[]> {
    const { id, citations: _, ...input } = body;
    return (await spec.toColumns(db, input as Input, id ?? null)).errors;
  }

  return { createBody, patchBody, mergeBody, create, update, remove, merge, check };
}
