// `defineWrites` turns what a kind provides to be written (./spec.ts) into its
// request bodies and its create / update / delete / merge functions, all
// through the one envelope.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { citingStated } from '../citations/fields.js';
import { type CitationInput, citationsInput } from '../citations/input.js';
import type { Db } from '../db/client.js';
import { survivorsOf } from '../db/survivors.js';
import { requiredInDocument } from '../domain/document-marks.js';
import type { FieldError } from '../domain/errors.js';
import { slugSchema } from '../domain/fields.js';
import type { PlaceField } from '../domain/place-input.js';
import { maskedText } from '../domain/text.js';
import { closedBeforeFacts, dateErrors } from './dates.js';
import { applyWrites, type WriteResult } from './envelope.js';
import type { SequenceWords } from './sequence.js';
import type { ColumnsContext, KindWritesSpec, KnownReferences } from './spec.js';
import type { WriteContext } from './transaction.js';

export type { ColumnsContext, KindWritesSpec, WriteTarget } from './spec.js';
export { KnownReferences } from './spec.js';

type Citations = { citations?: CitationInput[] | undefined };

// Optional to the parser, so that a write without a source is refused with a 422 naming `citations` (the write
// envelope's rule; a PATCH that changes nothing needs none), required in the document.
const citationsField = citationsInput.optional().meta({ ...requiredInDocument });

/**
 * The bodies and write functions of a kind. `fields` are the writable fields
 * as the API takes them; `name` names the OpenAPI components (`SiteCreate`…).
 */
export function defineWrites<Shape extends z.ZodRawShape>(
  name: string,
  fields: Shape,
  given: KindWritesSpec<z.output<z.ZodObject<Shape>>>,
  docs: { patch?: string } = {},
) {
  type Input = z.output<z.ZodObject<Shape>>;
  // A field that may be null defaults to null; the kind gives the other defaults (country FR, empty lists).
  const nullable = Object.entries(fields).filter(([, v]) => (v as z.ZodType).safeParse(null).success);
  const spec: KindWritesSpec<Input> & { citable: readonly string[] } = {
    ...given,
    defaults: { ...Object.fromEntries(nullable.map(([k]) => [k, null])), ...given.defaults },
    citable: [...Object.keys(fields), ...(given.links ?? [])],
    // INSEE's mask refused in every text sent, and the kind's dates checked after its own rules, whoever writes (API, `npm run import`, open-data imports).
    async toColumns(db, sent, context) {
      const input = await survivingReferences(db, given.references ?? [], sent, context);
      const mapped = await given.toColumns(db, input, context);
      const errors = [
        ...maskedErrors(input, context.sent),
        ...(await nonDiffusibleErrors(db, input, context)),
        ...mapped.errors,
        ...dateErrors(given.dates ?? [], input, context.sent),
        ...(await closedBeforeHeadcounts(db, given, input, context)),
      ];
      return { ...mapped, errors };
    },
  };
  const singular = spec.target.name;
  const withDefaults = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      k in spec.defaults ? (v as z.ZodType).default(spec.defaults[k as keyof Input & string] as never) : v,
    ]),
  ) as Shape;
  const createBody = z
    .strictObject({
      id: slugSchema.optional().meta({
        description: 'A stable id; made from the name when absent. Never a path of the routes (`export`).',
      }),
      ...withDefaults,
      citations: citationsField,
    })
    .meta({ id: `${name}Create` });
  const patchBody = z
    .strictObject({
      ...(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as unknown as {
        [K in keyof Shape]: z.ZodOptional<Shape[K]>;
      }),
      citations: citationsField,
    })
    .meta({ id: `${name}Patch`, description: docs.patch ?? 'The fields to change.' });
  const mergeBody = z
    .strictObject({
      into: slugSchema.meta({ description: `The id of the ${singular} that survives.` }),
      citations: citationsField,
    })
    .meta({
      id: `${name}Merge`,
      description: `Merge a duplicate into the ${singular} that survives; the duplicate’s id then redirects (308) to it.`,
    });
  type Create = Input & { id?: string | undefined } & Citations;
  type Patch = Partial<Input> & Citations;
  const one = async (ctx: WriteContext, op: Parameters<typeof applyWrites>[2][number]): Promise<WriteResult> =>
    (await applyWrites(ctx, spec, [op]))[0]!;

  return {
    spec,
    createBody,
    patchBody,
    mergeBody,
    /**
     * Creates an entry with its citations; its id is the one asked for or one made from its words. A citation without
     * `fields` supports every attribute the create states (citations/fields.ts `citingStated`, as a row of `npm run
     * import` without `citation_fields`).
     * Words another entry has (the name, once normalised) are a 409 naming it, with an id asked for or without
     * (envelope.ts `duplicateRefusal`).
     */
    async create(ctx: WriteContext, body: Create): Promise<{ id: string }> {
      const { id, citations, ...input } = body;
      const stated = citingStated(spec.citable, input, citations ?? []);
      return one(ctx, { action: 'create', id, input, citations: stated, sameWordsRefused: true, recordsHeld: true });
    },
    /**
     * Changes the fields given; `confirm: false` (imports) records nothing when no field changes. `ifMatch` and
     * `options.ifNoneMatch` as the client sent them (transaction.ts `checkPreconditions`).
     */
    async update(
      ctx: WriteContext,
      id: string,
      body: Patch,
      ifMatch: string | undefined,
      options: { confirm?: boolean; ifNoneMatch?: string | undefined } = {},
    ): Promise<{ changed: string[] }> {
      const { citations, ...patch } = body;
      const { confirm = true, ifNoneMatch } = options;
      return one(ctx, { action: 'update', id, patch, citations, ifMatch, ifNoneMatch, confirm, recordsHeld: true });
    },
    /** Deletes an entry; its history stays and its id answers 410 from then on. */
    async remove(ctx: WriteContext, id: string, ifMatch: string | undefined, ifNoneMatch?: string): Promise<void> {
      await one(ctx, { action: 'delete', id, ifMatch, ifNoneMatch });
    },
    /**
     * Merges a duplicate into the survivor; the duplicate's id answers 308 from then on. Gives the survivor's id: `into`,
     * or its own survivor when it was merged already (db/survivors.ts).
     */
    async merge(
      ctx: WriteContext,
      id: string,
      body: { into: string } & Citations,
      ifMatch: string | undefined,
      ifNoneMatch?: string,
    ): Promise<{ into: string }> {
      const { into, citations = [] } = body;
      const result = await one(ctx, { action: 'merge', id, into, citations, ifMatch, ifNoneMatch, recordsHeld: true });
      return { into: result.id };
    },
    /**
     * The rules a create would check against the database, without writing (imports check every row first).
     * `creating`: entries of this kind the same import creates, by id, which references may name; `placeFields`:
     * the place fields the file has (`ColumnsContext.placeFields`), when not all of the API's.
     */
    async check(
      db: Db,
      body: Create,
      creating: ReadonlyMap<string, Record<string, unknown>> = new Map(),
      known?: KnownReferences,
      placeFields?: readonly PlaceField[],
    ): Promise<FieldError[]> {
      return (await this.checkColumns(db, body, creating, known, undefined, placeFields)).errors;
    },
    /**
     * `check`, with the columns the create would store (meaningless when there are errors): an import hands them to
     * the envelope with its create (`WriteOp.columns`), so that each row is mapped once.
     */
    async checkColumns(
      db: Db,
      body: Create,
      creating: ReadonlyMap<string, Record<string, unknown>> = new Map(),
      known?: KnownReferences,
      sequence?: SequenceWords,
      placeFields?: readonly PlaceField[],
    ): Promise<{ columns: Record<string, unknown>; errors: FieldError[] }> {
      const { id, citations: _, ...input } = body;
      const sent = new Set(Object.keys(input));
      const context = { id: id ?? null, sent, row: null, creating, target: spec.target, known, sequence, placeFields };
      return spec.toColumns(db, input as Input, context);
    },
  };
}

/**
 * The refusal (422 at the field: `name`, `aliases.3`, `hotline.notes`) of a text sent that is INSEE's mask, alone or
 * among other words (`[ND]`, « SELARL [ND] », domain/text.ts `maskedText`): a value not published is unknown (null),
 * never stored as a value nor as part of one. Only the fields sent are read: what is stored was checked when it was
 * written.
 */
export function maskedErrors(input: object, sent: ReadonlySet<string>): FieldError[] {
  const given = Object.fromEntries([...sent].map((field) => [field, (input as Record<string, unknown>)[field]]));
  const found = maskedText(given, true);
  return found ? [{ in: 'body', name: found.path, message: found.message }] : [];
}

/** The fields of Sirene's identifiers, in every kind that has them: a site's and a firm's SIRET, an operator's SIREN. */
const sireneIdentifierFields = ['siret', 'siren'] as const;

/**
 * A stored entry's end (`spec.closedBy`: a site's `closed_on`, an operator's `ceased_on`) sent before the date of one of
 * its headcounts: 422 naming the end and the latest such figure (`closedBeforeFacts`: « 2017-04 must not be before the
 * as_of of its headcount 12 (2019) »). A create has no figure yet. An import that lists such conflicts itself
 * (`KnownReferences.listsClosingsBeforeFigures`: Sirene's closures beside the articles' figures) is not refused.
 */
async function closedBeforeHeadcounts<Input>(
  db: Db,
  spec: KindWritesSpec<Input>,
  input: Input,
  context: ColumnsContext,
): Promise<FieldError[]> {
  const field = spec.closedBy;
  if (!field || !context.id || !context.row || !context.sent.has(field)) return [];
  if (context.known?.listsClosingsBeforeFigures) return [];
  const end = (input as Record<string, unknown>)[field] as string | null;
  if (end === null) return [];
  // A bulk import (`known`) writes no headcount: the entries holding a dated one are read once for all its rows, and
  // only theirs are read again, rather than one query for each row that closes an entry.
  const column = spec.target.citationColumn;
  if (context.known) {
    let dated = context.known.recall('headcounts:dated', column) as Set<string> | undefined;
    if (!dated) {
      const rows = await db.execute<{ id: string }>(sql`
        select distinct ${sql.identifier(column)} as id from headcounts
         where ${sql.identifier(column)} is not null and as_of is not null`);
      dated = new Set(rows.map((r) => r.id));
      context.known.remember('headcounts:dated', column, dated);
    }
    if (!dated.has(context.id)) return [];
  }
  const figures = await db.execute<{ id: number; as_of: string }>(sql`
    select id, as_of from headcounts
     where ${sql.identifier(column)} = ${context.id} and as_of is not null`);
  const facts = figures.map((f) => ({ what: `the as_of of its headcount ${f.id}`, value: f.as_of }));
  return closedBeforeFacts(field, end, facts);
}

/**
 * The refusal (422 at the field) of a SIRET or SIREN sent that Sirene says is not to be published (statutDiffusion P,
 * remembered by `npm run import:sirene` in `sirene_non_diffusible`), or a SIRET whose legal unit's SIREN it says so
 * of: an entry under it would show the public what INSEE withholds (« siret: is non-diffusible in Sirene
 * (statutDiffusion P, SIREN 913000071): not to be published »). Whoever writes (the API, batches, `npm run import`,
 * BODACC), but the imports that withhold such entries themselves (`withholdsNonDiffusible`: the Sirene import, the
 * practitioners' list). Only the fields sent are read; one query of the table's primary key.
 */
async function nonDiffusibleErrors(db: Db, input: object, context: ColumnsContext): Promise<FieldError[]> {
  if (context.withholdsNonDiffusible || context.known?.withholdsNonDiffusible) return [];
  const sent = sireneIdentifierFields.flatMap((field) => {
    const value = (input as Record<string, unknown>)[field];
    return context.sent.has(field) && typeof value === 'string' ? [{ field, value: value.replace(/\s/g, '') }] : [];
  });
  if (!sent.length) return [];
  const ids = sent.flatMap(({ value }) => (value.length === 14 ? [value, value.slice(0, 9)] : [value]));
  const hidden = await nonDiffusibleAmong(db, ids, context.known);
  return sent.flatMap(({ field, value }): FieldError[] => {
    const said = hidden.has(value)
      ? `${field.toUpperCase()} ${value}`
      : hidden.has(value.slice(0, 9))
        ? `SIREN ${value.slice(0, 9)}`
        : null;
    if (!said) return [];
    const message = `is non-diffusible in Sirene (statutDiffusion P, ${said}): not to be published`;
    return [{ in: 'body', name: field, message }];
  });
}

/**
 * Which of `ids` Sirene says are not to be published (`sirene_non_diffusible`): looked up, or, in a bulk import
 * (`known`), read whole once for the import (as the BODACC import reads it) rather than once per row.
 */
async function nonDiffusibleAmong(db: Db, ids: string[], known: KnownReferences | undefined): Promise<Set<string>> {
  if (!known) {
    const rows = await db.execute<{ id: string }>(
      sql`select id from sirene_non_diffusible where id = any(${sql.param(ids)}::text[])`,
    );
    return new Set(rows.map((r) => r.id));
  }
  let all = known.recall('sirene_non_diffusible', '*') as Set<string> | undefined;
  if (!all) {
    const rows = await db.execute<{ id: string }>(sql`select id from sirene_non_diffusible`);
    all = new Set(rows.map((r) => r.id));
    known.remember('sirene_non_diffusible', '*', all);
  }
  return new Set(ids.filter((id) => all.has(id)));
}

/**
 * `input` with each reference sent (`references` of the spec) that names a merged entry replaced by its survivor
 * (db/survivors.ts): « operator: op-f » written after op-f was merged into op-a is op-a, as `/v1/operators/op-f`
 * answers 308 to it. An id an import already found (`known`) or creates is not looked up.
 */
async function survivingReferences<Input>(
  db: Db,
  references: NonNullable<KindWritesSpec<Input>['references']>,
  input: Input,
  context: ColumnsContext,
): Promise<Input> {
  let resolved = input;
  for (const { field, kind, tableName } of references) {
    const value = (input as Record<string, unknown>)[field];
    if (typeof value !== 'string' || !context.sent.has(field) || context.known?.has(tableName, value)) continue;
    if (tableName === context.target.tableName && context.creating.has(value)) continue;
    const survivor = (await survivorsOf(db, kind, [value])).get(value);
    if (survivor) resolved = { ...resolved, [field]: survivor };
  }
  return resolved;
}

/** The write functions and bodies of a kind, as `defineWrites` makes them. */
export type KindWrites = ReturnType<typeof defineWrites>;
