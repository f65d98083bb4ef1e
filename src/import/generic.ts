// Importing any kind through its API body: rows as the create body takes
// them, or as the export writes them (flat CSV columns, nested JSON; computed
// columns ignored). Checks that need the database (an unknown operator…) are
// made when the row is applied: one such failure applies nothing.
import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { columnsOf } from '../listing/export.js';
import type { WriteContext } from '../writes/bookkeeping.js';
import type { Importer, Outcome } from './run.js';

export interface KindWrites {
  kind: string;
  table: PgTable & { id: PgColumn };
  createBody: z.ZodObject;
  summary: z.ZodObject;
  /** Export columns that name another entry (`operator_id`) and the body field they fill (`operator`). */
  references?: Record<string, string>;
  /** Export columns renamed in the body (`served_region_as_printed` → `region`). */
  renamed?: Record<string, string>;
  /** Checks that need the database (references…), made on every row before anything is applied. */
  check?(db: Db, row: Record<string, unknown>): Promise<{ name: string; message: string }[]>;
  create(ctx: WriteContext, body: never): Promise<unknown>;
  update(
    ctx: WriteContext,
    id: string,
    patch: never,
    ifMatch: string,
    options: { confirm: false },
  ): Promise<{ changed: string[] }>;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    inner = (inner instanceof z.ZodDefault ? inner.unwrap() : inner.unwrap()) as z.ZodType;
  }
  return inner;
}

/** A CSV cell (text) read as the body field expects: numbers, lists (« a | b »), booleans, objects. */
function coerce(schema: z.ZodType, value: unknown): unknown {
  const inner = unwrap(schema);
  if (value === null && inner instanceof z.ZodArray) return [];
  if (typeof value !== 'string') return value;
  if (inner instanceof z.ZodNumber) return value.trim() === '' ? null : Number(value);
  if (inner instanceof z.ZodArray)
    return value
      .split('|')
      .map((v) => v.trim())
      .filter(Boolean);
  if (inner instanceof z.ZodBoolean) return value === 'true' ? true : value === 'false' ? false : value;
  if (inner instanceof z.ZodObject) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

export async function genericImporter(
  db: Db,
  writes: KindWrites,
): Promise<Importer<Record<string, unknown> & { id: string }>> {
  const shape = writes.createBody.shape as Record<string, z.ZodType>;
  const computed = new Set(columnsOf(writes.summary).filter((c) => !(c in shape)));
  const references = writes.references ?? {};
  const renamed = writes.renamed ?? {};
  const referenceFields = new Set(Object.values(references));
  const existing = new Set<string>();
  const knownSources = new Set((await db.select({ id: sources.id }).from(sources)).map((r) => r.id));
  // Object fields the CSV export flattens (hotline → hotline_phone, hotline_opened_on…), to gather back.
  const objectFields = Object.entries(shape).flatMap(([key, schema]) => {
    const inner = unwrap(schema);
    return inner instanceof z.ZodObject ? [{ key, parts: Object.keys(inner.shape as object) }] : [];
  });
  const flattened = new Set(objectFields.flatMap(({ key, parts }) => parts.map((p) => `${key}_${p}`)));

  return {
    kind: writes.kind,
    async validate(input) {
      const record: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(input)) if (!flattened.has(key)) record[key] = value;
      for (const { key, parts } of objectFields) {
        if (!parts.some((p) => `${key}_${p}` in input)) continue;
        const values = Object.fromEntries(parts.map((p) => [p, input[`${key}_${p}`] ?? null]));
        const inner = unwrap(shape[key]!) as z.ZodObject;
        record[key] = Object.values(values).every((v) => v === null)
          ? null
          : Object.fromEntries(
              Object.entries(values).map(([p, v]) => [p, coerce((inner.shape as Record<string, z.ZodType>)[p]!, v)]),
            );
      }
      const body: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) {
        if (key in references) body[references[key]!] = value;
        else if (key in renamed) body[renamed[key]!] = value;
        else if (referenceFields.has(key) && value && typeof value === 'object' && 'id' in value)
          body[key] = (value as { id: unknown }).id;
        else if (key in shape) body[key] = value;
        else if (
          key === 'citation_source' ||
          key === 'citation_quote' ||
          key === 'citation_fields' ||
          computed.has(key)
        )
          continue;
        else return { ok: false, errors: [{ in: 'row', name: key, message: 'is not a column of this kind' }] };
      }
      if (record.citation_source || record.citation_quote) {
        const fields =
          typeof record.citation_fields === 'string'
            ? record.citation_fields
                .split('|')
                .map((f) => f.trim())
                .filter(Boolean)
            : [];
        body.citations = [{ source: record.citation_source, quote: record.citation_quote, fields }];
      }
      for (const [key, value] of Object.entries(body)) if (shape[key]) body[key] = coerce(shape[key], value);
      const parsed = writes.createBody.safeParse(body);
      if (!parsed.success)
        return {
          ok: false,
          errors: parsed.error.issues.map((i) => ({ in: 'row', name: i.path.join('.') || 'row', message: i.message })),
        };
      const row = parsed.data as Record<string, unknown>;
      if (typeof row.id !== 'string')
        return {
          ok: false,
          errors: [
            {
              in: 'row',
              name: 'id',
              message: 'is required: it is the key that makes importing the same file twice change nothing',
            },
          ],
        };
      const problems = (await writes.check?.(db, row)) ?? [];
      for (const c of (row.citations as { source: unknown }[] | undefined) ?? []) {
        if (typeof c.source === 'string' && !knownSources.has(c.source))
          problems.push({ name: 'citation_source', message: `unknown source '${c.source}'` });
      }
      if (problems.length)
        return { ok: false, errors: problems.map((p) => ({ in: 'row', name: p.name, message: p.message })) };
      return { ok: true, value: row as Record<string, unknown> & { id: string } };
    },
    keyOf: (row) => row.id,
    async apply(ctx, row): Promise<Outcome> {
      if (!existing.has(row.id)) {
        const [found] = await ctx.db
          .select({ id: writes.table.id })
          .from(writes.table)
          .where(inArray(writes.table.id, [row.id]));
        if (!found) {
          await writes.create(ctx, row as never);
          existing.add(row.id);
          return 'created';
        }
        existing.add(row.id);
      }
      const { id, ...patch } = row;
      const { changed } = await writes.update(ctx, id, patch as never, '*', { confirm: false });
      return changed.length ? 'updated' : 'unchanged';
    },
  };
}
