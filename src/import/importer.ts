// Importing any kind through its API body: rows as the create body takes
// them, or as the export writes them (flat CSV columns, nested JSON; computed
// columns ignored), checked with the API's rules and written through the
// write envelope.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { citingStated } from '../citations/fields.js';
import type { CitationInput } from '../citations/input.js';
import { heldRecordFaults, recordFaults } from '../citations/records.js';
import type { Db } from '../db/client.js';
import { shown } from '../db/withheld.js';
import type { FieldError } from '../domain/errors.js';
import { issueInWords } from '../domain/issues.js';
import { repeatedKey } from '../domain/repeated-keys.js';
import { refusedText, toNfc } from '../domain/text.js';
import { isRouteSegment } from '../domain/vocabulary.js';
import { tombstoneOf } from '../history/read.js';
import { columnsOf, listOfCell } from '../listing/export.js';
import { laterThanSources } from '../writes/dates.js';
import {
  changedWords,
  duplicateError,
  duplicateMessage,
  identifiedApart,
  identifierHeld,
  previewUpdate,
  sharedHolders,
  unsupportedRefusal,
  type WriteOp,
} from '../writes/envelope.js';
import {
  DuplicateCandidates,
  nameKey,
  nameLookup,
  refusalOf,
  routeSegmentRefusal,
  withheldRefusal,
} from '../writes/ids.js';
import { type KindWrites, KnownReferences } from '../writes/kind-writes.js';
import { SequenceWords } from '../writes/sequence.js';
import type { KindIdentifier } from '../writes/spec.js';
import { CitedSources, type RowCitation } from './citations.js';
import { ownRecord } from './read.js';
import type { Importer } from './run.js';

/** What the importer needs of a kind (its registry entry satisfies it). */
export interface ImportableKind {
  name: string;
  plural: string;
  tableName: string;
  writes: KindWrites;
  /** The summary of an entry, as exports write it: its columns are the import's columns. */
  summary: z.ZodObject;
  importColumns?: {
    /** Export columns that name another entry (`operator_id`) and the body field they fill (`operator`). */
    references?: Record<string, string>;
    /** Export columns renamed in the body (`served_region_as_printed` → `region`). */
    renamed?: Record<string, string>;
    /** Export columns that, when set, stand for a body field in place of its own column (`commune_as_written`). */
    overrides?: Record<string, string>;
    /**
     * Body fields of `references` that name an entry of this same kind (a parent group, a firm): a row may name an
     * entry the file creates further down, which is then written first.
     */
    ownKind?: readonly string[];
  };
}

/** A checked row: the create body, with its id. */
export type ImportRow = Record<string, unknown> & { id: string };

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
  // Text that is no number stays as written, for the refusal to quote it.
  if (inner instanceof z.ZodNumber)
    return value.trim() === '' ? null : Number.isNaN(Number(value)) ? value : Number(value);
  if (inner instanceof z.ZodArray) return listOfCell(value);
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

const rowError = (name: string, message: string): FieldError => ({ in: 'row', name, message });

/**
 * The table each of these columns of `tableName` refers to, by its foreign key (`operator_id` → `operators`), from
 * PostgreSQL's catalogue; a column without one is left out.
 */
async function referencedTables(db: Db, tableName: string, columns: string[]): Promise<Map<string, string>> {
  if (!columns.length) return new Map();
  const rows = await db.execute<{ column: string; table: string }>(sql`
    select a.attname as column, f.relname as table
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_class f on f.oid = c.confrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and cardinality(c.conkey) = 1 and t.relname = ${tableName}
       and t.relnamespace = to_regnamespace(current_schema())
       and a.attname = any(${sql.param(columns)})`);
  return new Map(rows.map((r) => [r.column, r.table]));
}

/**
 * Which ids of a kind have a row, which have a row withheld from the public (db/withheld.ts; not counted as
 * stored: a row of the file may not change it), and which belonged to an entry since deleted or merged (ids are
 * never reused). Looked up a chunk of rows at a time (`lookup`, as runImport does), so that memory stays flat;
 * checked without, a row's id is looked up alone (after a lookup) or every id of the table is loaded once
 * (`loadAll`; an open-data importer, a kind whose rows name their own kind). `showing`: withheld ids the import
 * shows again before its rows are applied, stored to it.
 */
class StoredIds {
  private stored = new Set<string>();
  /** The stored rows of the chunk being checked, by id (`lookup`). */
  private rows = new Map<string, Record<string, unknown>>();
  private gone = new Set<string>();
  private hidden = new Set<string>();
  private covered = new Set<string>();
  private whole = false;
  private chunked = false;

  constructor(
    private readonly db: Db,
    private readonly kind: ImportableKind,
    private readonly showing: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * Looks up these ids without changing what `has` and `ended` answer (the chunk before may still be being checked);
   * resolves to the function that makes them the ids looked up, forgetting the last chunk's.
   */
  async lookup(ids: string[]): Promise<(() => void) & { rows: ReadonlyMap<string, Record<string, unknown>> }> {
    // The stored rows of the chunk, read together: a row changing an entry is checked against it without a query of
    // its own (`row`), as a file re-imported unchanged has thousands.
    const table = sql.identifier(this.kind.tableName);
    const rows = ids.length
      ? await this.db.execute<Record<string, unknown> & { id: string }>(
          sql`select * from ${table} where id = any(${sql.param(ids)})`,
        )
      : [];
    const found = this.whole ? null : await this.query(ids);
    const byId = new Map([...rows].map((r) => [r.id, r]));
    const use = () => {
      this.rows = byId;
      if (!found) return;
      this.chunked = true;
      this.stored = found.stored;
      this.gone = found.gone;
      this.hidden = found.hidden;
      this.covered = new Set(ids);
    };
    // The rows read, before they are made the chunk's (`use`): the chunk's other look-ups read from them.
    return Object.assign(use, { rows: byId as ReadonlyMap<string, Record<string, unknown>> });
  }

  /** The stored row of `id` as the chunk's look-up read it (`lookup`), or undefined when it did not. */
  row(id: string): Record<string, unknown> | undefined {
    return this.rows.get(id);
  }

  /** Every id of the table, and every id it had, once. */
  async loadAll(): Promise<void> {
    const table = sql.identifier(this.kind.tableName);
    const rows = await this.db.execute<{ id: string; shown: boolean }>(
      sql`select id, ${shown(this.kind.tableName)} as shown from ${table}`,
    );
    for (const r of rows) (r.shown || this.showing.has(r.id) ? this.stored : this.hidden).add(r.id);
    const ended = await this.db.execute<{ id: string }>(
      sql`select distinct entity_id as id from changes where entity_kind = ${this.kind.name}`,
    );
    for (const r of ended) if (!this.stored.has(r.id) && !this.hidden.has(r.id)) this.gone.add(r.id);
    this.whole = true;
  }

  /** Which of these ids have a row shown, which a row withheld, and which had one. */
  private async query(ids: string[]): Promise<{ stored: Set<string>; gone: Set<string>; hidden: Set<string> }> {
    const stored = new Set<string>();
    const gone = new Set<string>();
    const hidden = new Set<string>();
    if (!ids.length) return { stored, gone, hidden };
    const rows = await this.db.execute<{ id: string; stored: boolean; shown: boolean; gone: boolean }>(sql`
      select i.id, t.id is not null as stored, coalesce(${shown(this.kind.tableName, 't')}, false) as shown,
             exists (select 1 from changes c where c.entity_kind = ${this.kind.name} and c.entity_id = i.id) as gone
        from unnest(${sql.param(ids)}::text[]) as i(id)
        left join ${sql.identifier(this.kind.tableName)} t on t.id = i.id`);
    for (const r of rows) {
      if (r.stored) (r.shown || this.showing.has(r.id) ? stored : hidden).add(r.id);
      else if (r.gone) gone.add(r.id);
    }
    return { stored, gone, hidden };
  }

  private async add(ids: string[]): Promise<void> {
    for (const id of ids) this.covered.add(id);
    const found = await this.query(ids);
    for (const id of found.stored) this.stored.add(id);
    for (const id of found.gone) this.gone.add(id);
    for (const id of found.hidden) this.hidden.add(id);
  }

  private async cover(id: string): Promise<void> {
    if (this.whole || this.covered.has(id)) return;
    await (this.chunked ? this.add([id]) : this.loadAll());
  }

  /** Whether an entry has this id. */
  async has(id: string): Promise<boolean> {
    await this.cover(id);
    return this.stored.has(id);
  }

  /** Whether this id is an entry's withheld from the public (and not shown again by this import). */
  async withheld(id: string): Promise<boolean> {
    await this.cover(id);
    return this.hidden.has(id);
  }

  /** Whether this id belonged to an entry since deleted or merged. */
  async ended(id: string): Promise<boolean> {
    await this.cover(id);
    return this.gone.has(id);
  }

  /**
   * Why an ended id (`ended`) may not be taken by a row, in the words its detail answers (writes/ids.ts `refusalOf`):
   * merged into '<survivor>', deleted, withdrawn, or withheld when merged into an entry withheld since (its survivor
   * then not named).
   */
  async endOf(id: string): Promise<string> {
    const tombstone = await tombstoneOf(this.db, this.kind.name, id);
    const end = tombstone ? refusalOf(this.kind.name, id, tombstone).message : `The ${this.kind.name} '${id}' ended.`;
    const survivor = tombstone?.action === 'merge' ? `: a row with the id '${tombstone.merged_into}' changes it` : '';
    return `${end} Ids are never reused${survivor}.`;
  }

  /** Whether an entry has this id, as last looked up (or created by this import meanwhile). */
  known(id: string): boolean {
    return this.stored.has(id);
  }

  /** An id this import creates: a later row with it changes the entry. */
  created(id: string): void {
    this.stored.add(id);
  }
}

/**
 * The kind's `identifiers` (an operator's SIREN, a site's SIRET) the rows give, as the API checks them (`identifierTaken`
 * of writes/envelope.ts): held by one shown entry each, so a row giving one another shown entry holds, or an earlier
 * row of the file gives, is refused in the check, with the API's words. The holders of a chunk's identifiers are
 * looked up with its ids (`lookup`, one query per identifier), or, for an importer that checks a row as soon as it is
 * read (no chunk looked up: the open-data importers, `kindImporter`'s `validate`), for a batch of rows about to be
 * checked (`kindImporter`'s `lookAhead`), else with the row at its check; the identifiers the file's checked rows
 * claimed are kept to the end of the file (a number per row that gives one: about 80 bytes).
 */
class IdentifierHolders {
  /** The holder of each identifier (`field` NUL value): its id, and its kind when another (`sharedWith`). */
  private held = new Map<string, { id: string; kind?: string }>();
  /** The identifiers (`field` NUL value) the last look-up answered for, held or not. */
  private covered = new Set<string>();
  /** The holder each identifier a checked row gave or changed away from has after it (null: none). */
  private readonly claimed = new Map<string, string | null>();

  constructor(
    private readonly db: Db,
    private readonly kind: ImportableKind,
    private readonly shape: Record<string, z.ZodType>,
  ) {}

  private get identifiers(): readonly KindIdentifier[] {
    const declared: readonly KindIdentifier[] = this.kind.writes.spec.identifiers ?? [];
    return declared.filter(({ field }) => this.shape[field]);
  }

  /** The identifier `field` as the body's schema reads it (compact digits), or null when it reads none. */
  private valueOf(field: string, value: unknown): string | null {
    const parsed = this.shape[field]!.safeParse(value);
    return parsed.success && typeof parsed.data === 'string' ? parsed.data : null;
  }

  /** Looks up who holds the identifiers these records give; resolves to the function that makes them current. */
  async lookup(records: Record<string, unknown>[]): Promise<() => void> {
    const held = new Map<string, { id: string; kind?: string }>();
    const covered = new Set<string>();
    for (const identifier of this.identifiers) {
      const { field, column } = identifier;
      const values = [...new Set(records.flatMap((r) => this.valueOf(field, r[field]) ?? []))];
      if (!values.length) continue;
      for (const value of values) covered.add(`${field}\u0000${value}`);
      for (const r of await this.db.execute<{ id: string; value: string }>(
        sql`select id, ${sql.identifier(column)} as value from ${sql.identifier(this.kind.tableName)}
             where ${sql.identifier(column)} = any(${sql.param(values)}) and ${shown(this.kind.tableName)}`,
      )) {
        held.set(`${field}\u0000${r.value}`, { id: r.id });
      }
      // Held by an entry of another kind (a firm's SIRET given to a site): the API's 409, in the check.
      for (const [value, holder] of await sharedHolders(this.db, identifier, values)) {
        if (!held.has(`${field}\u0000${value}`)) held.set(`${field}\u0000${value}`, holder);
      }
    }
    return () => {
      this.held = held;
      this.covered = covered;
    };
  }

  /** Whether the last look-up answered for every identifier `record` gives: its check needs no look-up of its own. */
  covers(record: Record<string, unknown>): boolean {
    return this.identifiers.every(({ field }) => {
      const value = this.valueOf(field, record[field]);
      return value === null || this.covered.has(`${field}\u0000${value}`);
    });
  }

  /**
   * What is wrong with the identifiers a checked row (`id`) gives: each held by another entry (as the file's earlier
   * rows leave them: one a row changed away from is free), or given by an earlier row.
   */
  refusals(row: Record<string, unknown> & { id: string }): FieldError[] {
    return this.identifiers.flatMap(({ field, label }) => {
      const value = typeof row[field] === 'string' ? (row[field] as string) : null;
      const key = `${field}\u0000${value}`;
      if (value === null) return [];
      const stored = this.held.get(key);
      if (stored?.kind) return [rowError(field, identifierHeld(value, label, stored.id, stored.kind))];
      const holder = this.claimed.has(key) ? this.claimed.get(key) : stored?.id;
      return holder && holder !== row.id ? [rowError(field, identifierHeld(value, label, holder))] : [];
    });
  }

  /**
   * Records the identifiers of a row found good: a later row of the file may not give them to another entry; and those
   * its entry's stored row (`before`, a change's) held and it changes, free for a later row (null: held by none).
   */
  claim(row: Record<string, unknown> & { id: string }, before?: Record<string, unknown>): void {
    for (const { field, column } of this.identifiers) {
      const value = row[field];
      const left = before?.[column];
      if (typeof left === 'string' && value !== undefined && value !== left) {
        this.claimed.set(`${field}\u0000${left}`, null);
      }
      const key = `${field}\u0000${value}`;
      if (typeof value === 'string' && value !== left && this.claimed.get(key) == null) this.claimed.set(key, row.id);
    }
  }
}

/**
 * What is wrong with the identifiers each of `rows` (checked bodies of `kind`, each with its entry's id) gives: the
 * refusals of `npm run import`'s check (an identifier another shown entry holds, named by its id, and by its kind when
 * of another: « 35600000000048 is already the SIRET of the site 'x' »), for an importer that builds its own writes
 * (the practitioners' list). Rows of the file giving one identifier to two entries are the caller's to tell: it
 * names them by their lines. A row's errors are `[]` when none; one look-up per identifier for all the rows.
 */
export async function identifierRefusals(
  db: Db,
  kind: ImportableKind,
  rows: readonly ImportRow[],
): Promise<FieldError[][]> {
  const holders = new IdentifierHolders(db, kind, kind.writes.createBody.shape as Record<string, z.ZodType>);
  (await holders.lookup([...rows]))();
  return rows.map((row) => holders.refusals(row));
}

/**
 * The importer of a kind: reads a record (a CSV row, a JSON object) as its
 * create body (a new id) or as a change of the columns it gives (a known
 * id), checks it with the same rules as the API (references and sources
 * included; a change needs its source), and turns it into a write of the
 * envelope: a create, or an update (`confirm: false`). `sources` are ids of
 * sources the import creates itself, before its rows are applied (with their publication date, when rows' dates are
 * to be checked against it: writes/dates.ts). An entry withheld from the public
 * (db/withheld.ts) is as its detail says, 410: a row of its id is refused with those words, and a row naming it is
 * refused as naming an unknown id; but for those of `shownAgain` (table and id), which the import shows again
 * itself before its rows are applied (Sirene's `prepare`): rows may change them and name them.
 */
export async function kindImporter(
  db: Db,
  kind: ImportableKind,
  options: {
    sources?: readonly (string | { id: string; published_on: string | null })[];
    shownAgain?: readonly { tableName: string; id: string }[];
    /** The import withholds, itself, what Sirene says is not to be published (`WriteContext.withholdsNonDiffusible`). */
    withholdsNonDiffusible?: boolean;
    /** The import lists, itself, the ends it states before other sources' figures (`KnownReferences`). */
    listsClosingsBeforeFigures?: boolean;
  } = {},
): Promise<
  Importer<ImportRow> & {
    /**
     * For an importer that checks each row as soon as it is read (no `lookup` of chunks: the open-data importers),
     * looks up at once who holds the identifiers of a batch of rows about to be checked (bodies of the kind, or just
     * their identifier fields: `{ siret }`), one query per identifier for the batch instead of one per row; a row it
     * did not answer for is looked up at its check. What a refused row is told (its line, the holder) is unchanged.
     */
    lookAhead(records: Record<string, unknown>[]): Promise<void>;
  }
> {
  const { createBody } = kind.writes;
  const updateBody = kind.writes.patchBody.extend({ id: createBody.shape.id });
  const shape = createBody.shape as Record<string, z.ZodType>;
  const computed = new Set(columnsOf(kind.summary).filter((c) => !Object.hasOwn(shape, c)));
  const references = kind.importColumns?.references ?? {};
  const renamed = kind.importColumns?.renamed ?? {};
  const referenceFields = new Set(Object.values(references));
  const shownAgain = options.shownAgain ?? [];
  const stored = new StoredIds(
    db,
    kind,
    new Set(shownAgain.flatMap((e) => (e.tableName === kind.tableName ? [e.id] : []))),
  );
  const referenced = await referencedTables(db, kind.tableName, Object.keys(references));
  const selfReferencing = Boolean(kind.importColumns?.ownKind?.length);
  // Rows that name their own kind are planned against every stored id (few: operators, firms).
  if (selfReferencing) await stored.loadAll();
  // The sources rows may cite, checked as the envelope checks them; those the import itself writes first
  // (`ImportOptions.prepare`) count as known.
  const sources = await CitedSources.load(db, options.sources);
  // Object fields the CSV export flattens (hotline → hotline_phone, hotline_opened_on…), to gather back.
  const objectFields = Object.entries(shape).flatMap(([key, schema]) => {
    const inner = unwrap(schema);
    return inner instanceof z.ZodObject ? [{ key, parts: Object.keys(inner.shape as object) }] : [];
  });
  const flattened = new Set(objectFields.flatMap(({ key, parts }) => parts.map((p) => `${key}_${p}`)));

  /**
   * The record as the create body takes it, or the column that is not one. Columns are looked up as own keys only
   * (`Object.hasOwn`, records without a prototype): `constructor`, `toString` or `__proto__` is an unknown column by
   * its name, as `colour` is.
   */
  function bodyOf(input: Record<string, unknown>): Record<string, unknown> | FieldError {
    const record = ownRecord([]);
    for (const [key, value] of Object.entries(input)) if (!flattened.has(key)) record[key] = value;
    for (const { key, parts } of objectFields) {
      if (!parts.some((p) => Object.hasOwn(input, `${key}_${p}`))) continue;
      const values = Object.fromEntries(parts.map((p) => [p, input[`${key}_${p}`] ?? null]));
      const inner = unwrap(shape[key]!) as z.ZodObject;
      record[key] = Object.values(values).every((v) => v === null)
        ? null
        : Object.fromEntries(
            Object.entries(values).map(([p, v]) => [p, coerce((inner.shape as Record<string, z.ZodType>)[p]!, v)]),
          );
    }
    const body = ownRecord([]);
    const citationColumns = new Set(['citation_source', 'citation_quote', 'citation_fields']);
    for (const [key, value] of Object.entries(record)) {
      if (Object.hasOwn(references, key)) body[references[key]!] = value;
      else if (Object.hasOwn(renamed, key)) body[renamed[key]!] = value;
      else if (referenceFields.has(key) && value && typeof value === 'object' && 'id' in value)
        body[key] = (value as { id: unknown }).id;
      else if (Object.hasOwn(shape, key)) body[key] = value;
      else if (!citationColumns.has(key) && !computed.has(key)) return rowError(key, 'is not a column of this kind');
    }
    for (const [column, field] of Object.entries(kind.importColumns?.overrides ?? {})) {
      if (record[column] !== null && record[column] !== undefined && record[column] !== '')
        body[field] = record[column];
    }
    if (typeof body.citations === 'string') {
      // The export writes an entry's citations as one cell of JSON.
      const written = body.citations;
      try {
        body.citations = JSON.parse(written);
      } catch {
        return rowError('citations', 'must be a JSON list of citations: [{"source", "quote", "fields"}]');
      }
      // A key given twice in the cell (domain/repeated-keys.ts): which value the keeper meant cannot be told.
      const twice = repeatedKey(written);
      if (twice !== null) return rowError(`citations.${twice}`, 'is given twice in this cell');
    }
    // The citations that leave their fields unsaid (a cell's without a `fields` key; the export writes one, an empty
    // list for a quote that supports nothing): on a create, they support what the row states (`citingStated`).
    const unsaid = new Set<number>();
    if (Array.isArray(body.citations)) {
      for (const [n, c] of body.citations.entries()) if (c && typeof c === 'object' && !('fields' in c)) unsaid.add(n);
    }
    if (record.citation_source || record.citation_quote) {
      // No `citation_fields`: the citation supports what a new row states, as a citation of the API without `fields`
      // (`citingStated`, in `validate`), or what a changing row changes (the write envelope's rule for a change).
      const fields = typeof record.citation_fields === 'string' ? listOfCell(record.citation_fields) : [];
      const cited = { source: record.citation_source, quote: record.citation_quote, fields };
      body.citations = Array.isArray(body.citations) ? [...body.citations, cited] : [cited];
      if (!fields.length) unsaid.add((body.citations as unknown[]).length - 1);
    }
    if (unsaid.size) fieldsUnsaid.set(body, unsaid);
    for (const [key, value] of Object.entries(body)) {
      if (!shape[key] || key === 'citations') continue;
      // A JSON cell of an object (a hotline) naming a key twice, as a citations cell above.
      const twice = typeof value === 'string' && unwrap(shape[key]) instanceof z.ZodObject ? repeatedKey(value) : null;
      if (twice !== null) return rowError(`${key}.${twice}`, 'is given twice in this cell');
      body[key] = coerce(shape[key], value);
    }
    return body;
  }

  /** The citations of each row's body that leave their fields unsaid, by their index (`bodyOf`). */
  const fieldsUnsaid = new WeakMap<Record<string, unknown>, Set<number>>();
  // Entries the file creates, by id, with what the checks of rows naming them read (a firm's kind).
  const known = new KnownReferences(options.withholdsNonDiffusible, options.listsClosingsBeforeFigures);
  for (const e of shownAgain) known.add(e.tableName, e.id);
  const planned = new Map<string, Record<string, unknown>>();
  // The columns of each checked create, until its write is made (`toOp`, right after the check).
  const checkedColumns = new WeakMap<ImportRow, Record<string, unknown>>();
  const referencesOf = (row: Record<string, unknown>) =>
    [...referenceFields].flatMap((field) =>
      typeof row[field] === 'string' ? [{ field, id: row[field] as string }] : [],
    );

  const holders = new IdentifierHolders(db, kind, shape);
  const { spec } = kind.writes;
  const nameField = (spec.nameField ?? { field: 'name' }).field;
  /**
   * The words (`idWords`, once normalised: `nameKey`) the file's good rows give their entries so far (writes/
   * sequence.ts): a later row creating or renaming an entry into them is the same duplicate as one of a stored
   * entry's words (the API's 409), refused at its line, unless the two hold two identifiers (`identifiedApart`); the
   * stored words of an entry an earlier row renamed are free, as they are to API writes made one after the other.
   */
  const fileWords = new SequenceWords(spec.identifiers, 'an earlier row of the file');
  /** The creates that take words an earlier row freed by a rename: the envelope checks them again when applied. */
  const takesFreed = new WeakSet<ImportRow>();
  /**
   * The stored entries the names of the chunk being checked may duplicate (`names`: those names, NFC), read by their
   * names' lookup key (`nameLookup`, its index) in one query a chunk (`lookup`), as `duplicateOf` finds them one by
   * one: a create's words are compared with theirs without a query a row.
   */
  let namedChunk: { names: Set<string>; rows: Record<string, unknown>[] } | null = null;
  const nameColumn = (spec.nameField ?? { column: 'name' }).column;
  const lookupNamed = async (records: Record<string, unknown>[]) => {
    const names = [
      ...new Set(records.flatMap((r) => (typeof r[nameField] === 'string' ? [r[nameField].normalize('NFC')] : []))),
    ].filter((name) => !name.includes('\u0000')); // PostgreSQL takes no NUL: its row is refused at its check.
    const table = kind.tableName;
    const rows = names.length
      ? await db.execute<Record<string, unknown>>(
          sql`select * from ${sql.identifier(table)}
               where ${nameLookup(nameColumn)} = any(array(
                       select regexp_replace(lower(n collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')
                         from unnest(${sql.param(names)}::text[]) n))
                 and ${shown(table)}`,
        )
      : [];
    return () => {
      namedChunk = { names: new Set(names), rows: [...rows] };
    };
  };
  /** The refusal of a create whose words a stored entry has: from the chunk's entries when they cover its name. */
  const storedDuplicate = async (input: Record<string, unknown>, columns: Record<string, unknown>) => {
    const name = input[nameField];
    if (typeof name !== 'string' || !namedChunk?.names.has(name)) {
      return duplicateError(db, spec, input as never, columns, null, fileWords);
    }
    const words = wordsOf(input);
    const existing = namedChunk.rows.find(
      (r) =>
        wordsOf(spec.fromRow(r as never) as Record<string, unknown>) === words &&
        !identifiedApart(spec, columns, r) &&
        !fileWords.moved(r.id as string),
    );
    return existing ? rowError(nameField, duplicateMessage(spec, input as never, existing.id as string, null)) : null;
  };
  const wordsOf = (input: Record<string, unknown>) => nameKey(spec.idWords(input as never));
  const takenInFile = (id: string, input: Record<string, unknown>, columns: Record<string, unknown>) => {
    const earlier = fileWords
      .holders(wordsOf(input))
      .find((e) => e.id !== id && !identifiedApart(spec, columns, e.identifiers));
    if (!earlier) return null;
    return rowError(nameField, duplicateMessage(spec, input as never, earlier.id, null, fileWords.where));
  };
  /**
   * The entries the file creates whose row is checked good (`checkedPlanned`), and those whose row waits (`waiting`):
   * a row naming an entry the file creates further down, or one whose row waits, is applied after the rows that
   * follow it (staging.ts `order`), so the words and identifiers it leaves are not free for them (`waits`).
   */
  const checkedPlanned = new Set<string>();
  const waiting = new Set<string>();
  const waits = (row: ImportRow) =>
    referencesOf(row).some(
      ({ id }) => id !== row.id && planned.has(id) && (!checkedPlanned.has(id) || waiting.has(id)),
    );
  /**
   * The stored entries the words the chunk's changes give may duplicate (writes/ids.ts `DuplicateCandidates`), read in
   * one query a chunk: a rename is checked without a query a row (`previewUpdate`). Each change's words are worked out
   * from its row as its check parses it; a row they miss (refused by its check) is looked up by `duplicateOf` itself.
   */
  let chunkCandidates: DuplicateCandidates | undefined;
  const changedWordsCandidates = async (
    records: Record<string, unknown>[],
    rows: ReadonlyMap<string, Record<string, unknown>>,
  ): Promise<DuplicateCandidates | undefined> => {
    const wanted = records.flatMap((record) => {
      const row = typeof record.id === 'string' ? rows.get(record.id) : undefined;
      if (!row) return [];
      const body = bodyOf(toNfc(record));
      const parsed = 'in' in body && 'message' in body ? null : updateBody.safeParse(body);
      if (!parsed?.success) return [];
      const { id: _id, citations: _citations, ...patch } = parsed.data as Record<string, unknown>;
      return [changedWords(spec, row, patch) ?? []].flat();
    });
    return wanted.length ? DuplicateCandidates.read(db, spec.target, nameColumn, wanted) : undefined;
  };
  /** Whether the import path looks rows up a chunk at a time (`lookup`); else each row's holders at its check. */
  let chunked = false;

  return {
    kind: kind.plural,
    spec: kind.writes.spec,
    known,
    async lookup(records) {
      chunked = true;
      const storedIds = stored.lookup(records.flatMap((r) => (typeof r.id === 'string' ? [r.id] : [])));
      storedIds.catch(() => {});
      const heldIdentifiers = holders.lookup(records);
      heldIdentifiers.catch(() => {});
      // The entries the rows name, looked up together: the checks then find them known, one query for the chunk
      // rather than one per entry named.
      for (const [column, field] of Object.entries(references)) {
        const table = referenced.get(column);
        if (!table) continue;
        const ids = new Set<string>();
        for (const r of records) {
          for (const value of [r[column], r[field]]) {
            const id = value && typeof value === 'object' && 'id' in value ? value.id : value;
            if (typeof id === 'string' && id !== '' && !known.has(table, id)) ids.add(id);
          }
        }
        if (!ids.size) continue;
        // A withheld entry is not found: the row's check refuses it as an unknown id.
        const found = await db.execute<{ id: string }>(
          sql`select id from ${sql.identifier(table)} where id = any(${sql.param([...ids])}) and ${shown(table)}`,
        );
        for (const r of found) known.add(table, r.id);
      }
      const useNamed = options.sources ? null : await lookupNamed(records);
      const [useStored, useHeld] = [await storedIds, await heldIdentifiers];
      const candidates = await changedWordsCandidates(records, useStored.rows);
      return () => {
        useStored();
        useHeld();
        useNamed?.();
        chunkCandidates = candidates;
      };
    },
    // Only a kind whose rows may name entries of their own kind needs to know the file's new ids (a first pass).
    ...(selfReferencing
      ? {
          plan(input: Record<string, unknown>) {
            if (typeof input.id !== 'string' || stored.known(input.id) || planned.has(input.id)) return;
            planned.set(input.id, typeof input.kind === 'string' ? { kind: input.kind } : {});
          },
        }
      : {}),
    dependsOn: (row) => referencesOf(row).filter(({ id }) => planned.has(id) && id !== row.id),
    async validate(raw) {
      /**
       * The words (`wordsOf`) the row gives its entry if it is good (a create, or a change of them), its columns as it
       * leaves them, and the stored words a change leaves (`left`).
       */
      let claimedWords: { id: string; columns: Record<string, unknown>; words: string; left?: string } | null = null;
      /** A change's stored row, whose identifiers it may free. */
      let before: Record<string, unknown> | undefined;
      // Text as the API takes it: in Unicode NFC (domain/text.ts).
      const input = toNfc(raw);
      // Text the directory keeps (domain/text.ts), as the API checks a body: the cells as written, naming their
      // column, then the body they make (a citations cell's JSON read, naming `citations.0.quote`).
      const refusedCell = refusedText(input);
      if (refusedCell) return { ok: false, errors: [rowError(refusedCell.path, refusedCell.message)] };
      if (typeof input.citation_source === 'string' && /^https?:\/\//i.test(input.citation_source.trim())) {
        const message =
          'is a URL, not the id of a source: cite a known source by its id, or describe a new one in the ' +
          'citations column ([{"source": {"url", "title", "outlet", "published_on"}, "quote", "fields"}])';
        return { ok: false, errors: [rowError('citation_source', message)] };
      }
      const body = bodyOf(input);
      if ('in' in body && 'message' in body) return { ok: false, errors: [body as FieldError] };
      const refusedField = refusedText(body);
      if (refusedField) return { ok: false, errors: [rowError(refusedField.path, refusedField.message)] };
      // A withheld entry's id answers as its detail does: it may not be changed, nor taken by a new entry.
      if (typeof body.id === 'string' && (await stored.withheld(body.id))) {
        return { ok: false, errors: [rowError('id', withheldRefusal(kind.name, body.id).message)] };
      }
      // So does an id whose entry ended (deleted, merged), whatever else its row holds or lacks: a row changing one
      // column of it is no create lacking its name, nor is a whole row one to check further.
      if (typeof body.id === 'string' && (await stored.ended(body.id))) {
        return { ok: false, errors: [rowError('id', await stored.endOf(body.id))] };
      }
      // A row for a known id changes the columns it gives (as a PATCH); a new one is a whole create.
      const update = typeof body.id === 'string' && (await stored.has(body.id));
      // Refusals in words, by field path (`hotline.phone`, `aliases.3`): the one error map of the imports.
      const parsed = (update ? updateBody : createBody).safeParse(body, { error: issueInWords });
      const idRequired = 'is required: it is the key that makes importing the same file twice change nothing';
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i: z.core.$ZodIssue) => rowError(i.path.join('.') || 'row', i.message));
        // A row without its id is told so with its cells' other errors, not once they are right.
        if (body.id === undefined && !errors.some((e: FieldError) => e.name === 'id'))
          errors.unshift(rowError('id', idRequired));
        return { ok: false, errors };
      }
      const row = parsed.data as Record<string, unknown> & {
        citations?: { source: unknown; quote: string; fields: string[] }[];
      };
      const errors: FieldError[] = [];
      if (typeof row.id !== 'string') return { ok: false, errors: [rowError('id', idRequired)] };
      // A new row's citation leaving its fields unsaid supports every attribute the row states, as the API's create.
      const unsaid = fieldsUnsaid.get(body as Record<string, unknown>);
      if (!update && unsaid && row.citations) {
        const { id: _, citations: __, ...stated } = row;
        const citable = kind.writes.spec.citable;
        row.citations = row.citations.map((c, n) => (unsaid.has(n) ? citingStated(citable, stated, [c])[0]! : c));
      }
      if (!update && isRouteSegment(row.id)) {
        errors.push(rowError('id', routeSegmentRefusal(row.id)));
      } else if (!update && !row.citations?.length) {
        const message = `a new ${kind.name} needs a source and a quote (citation_source, citation_quote)`;
        errors.push(rowError('citations', message));
      }
      // Its sources and quotes, as the envelope checks them (a quote of a held text, a new source's description).
      const rowCitations = (row.citations ?? []) as RowCitation[];
      const fromColumns = Boolean(input.citation_source || input.citation_quote);
      const citationPart = (n: number, part: string) =>
        fromColumns && n === rowCitations.length - 1 ? `citation_${part}` : `citations.${n}.${part}`;
      const cited = await sources.check(rowCitations, citationPart);
      /** The row's citations, each without fields given those a change supports. */
      const withSupported = (supported: readonly string[]) =>
        rowCitations.map((c) => (c.fields.length ? c : { ...c, fields: supported }));
      // A data set's record supports only what its quote states (citations/records.ts), as the envelope checks it.
      const unstated = (input: Record<string, unknown>, fieldsOf: (c: RowCitation) => readonly string[]) =>
        recordFaults(
          kind.writes.spec.target.tableName,
          rowCitations.map((c) => ({ ...c, fields: fieldsOf(c) })),
          input,
          (n) => citationPart(n, 'quote'),
        ).map((e) => ({ ...e, in: 'row' as const }));
      errors.push(...cited.errors);
      const dates = kind.writes.spec.dates ?? [];
      if (update) {
        // The rules of a change, against the stored entry; and a change needs its source.
        const { id, citations, ...patch } = row;
        const { spec } = kind.writes;
        // Its words against the entries as the file's earlier rows leave them (`fileWords`).
        const preview = await previewUpdate(db, spec, id as string, patch, planned, known, citations, fileWords, {
          row: stored.row(id as string),
          candidates: chunkCandidates,
        });
        errors.push(...(preview?.errors ?? []).map((e: FieldError) => ({ ...e, in: 'row' })));
        before = preview?.row;
        if (preview?.words && !preview.errors.length && preview.words.after !== preview.words.before) {
          const { after, before: left } = preview.words;
          claimedWords = { id: id as string, columns: preview.columns, words: after, left };
        }
        // Each attribute it changes supported by a citation of the row (the envelope's rule).
        if (preview?.unsupported.length) errors.push({ ...unsupportedRefusal(preview.unsupported), in: 'row' });
        if (preview && !preview.errors.length) {
          // `npm run import`'s rows, not an open-data import's own (`options.sources`), which reads the record itself.
          if (!options.sources) {
            const at = (n: number) => citationPart(n, 'quote');
            const { target } = kind.writes.spec;
            const input = preview.input as Record<string, unknown>;
            const held = await heldRecordFaults(db, target, id as string, withSupported(preview.supported), input, at);
            errors.push(...held.map((e) => ({ ...e, in: 'row' as const })));
          }
          const supported = preview.supported;
          errors.push(
            ...unstated(preview.input as Record<string, unknown>, (c) => (c.fields.length ? c.fields : supported)),
          );
        }
        if (preview && !errors.length) {
          // Its dates not after its sources' (writes/dates.ts), checked as the envelope does, once the rest is good:
          // a citation without fields supports what it changes.
          const supporting = cited.cited.map((c) => (c.fields.length ? c : { ...c, fields: preview.supported }));
          const sent = new Set(Object.keys(patch).filter((k) => patch[k] !== undefined));
          const late = laterThanSources(dates, preview.input, sent, supporting);
          errors.push(...late.map((e) => ({ ...e, in: 'row' })));
        }
        if (!citations?.length && preview?.changed.length) {
          const message =
            `changes ${preview.changed.join(', ')}: a change needs a source and a quote ` +
            '(citation_source, citation_quote, or the citations column of the export)';
          errors.push(rowError('citations', message));
        }
      } else {
        const { id: _id, citations: _citations, ...stated } = row;
        errors.push(...unstated(stated, (c) => c.fields));
        if (!options.sources) {
          const at = (n: number) => citationPart(n, 'quote');
          const held = await heldRecordFaults(db, kind.writes.spec.target, null, rowCitations, stated, at);
          errors.push(...held.map((e) => ({ ...e, in: 'row' as const })));
        }
        // Its parent group against the groups as the earlier rows leave them (`fileWords`: a cycle through them).
        const checked = await kind.writes.checkColumns(db, row as never, planned, known, fileWords);
        errors.push(...checked.errors.map((e: FieldError) => ({ ...e, in: 'row' })));
        // Words another entry has, stored or given by an earlier row, are a duplicate, whatever the row's id (the
        // API's 409, `duplicateError`); not for an open-data import's rows, matched to entries by their identifiers.
        if (!checked.errors.length && !options.sources) {
          const duplicate =
            (await storedDuplicate(stated, checked.columns)) ?? takenInFile(row.id, stated, checked.columns);
          if (duplicate) errors.push({ ...duplicate, in: 'row' });
          else claimedWords = { id: row.id, columns: checked.columns, words: wordsOf(stated) };
        }
        if (!errors.length) {
          // Its dates not after its sources' (writes/dates.ts), as the envelope checks a create, once the rest is good.
          const { id: _, citations: __, ...input } = row;
          const late = laterThanSources(dates, input, new Set(Object.keys(input)), cited.cited);
          errors.push(...late.map((e) => ({ ...e, in: 'row' })));
        }
        // The columns the check computed are written as they are: the envelope does not compute them again.
        if (!errors.length) checkedColumns.set(row as ImportRow, checked.columns);
      }
      // An identifier another entry holds, or an earlier row gives (the API's 409): the row refused, not the file.
      if (!chunked && !holders.covers(row)) (await holders.lookup([row]))();
      errors.push(...holders.refusals(row as ImportRow));
      if (errors.length) return { ok: false, errors };
      const later = selfReferencing && waits(row as ImportRow);
      if (planned.has(row.id)) {
        checkedPlanned.add(row.id);
        if (later) waiting.add(row.id);
      }
      holders.claim(row as ImportRow, later ? undefined : before);
      // The entries of its own kind it names (a parent group), for the rows after it (a cycle through this one).
      // And what else of it later rows' checks read (`sequenceFields`: a mandataire's kind, whether it is a firm).
      for (const field of new Set([...(kind.importColumns?.ownKind ?? []), ...(spec.sequenceFields ?? [])])) {
        if (field in row || !update) fileWords.refer(row.id, field, typeof row[field] === 'string' ? row[field] : null);
      }
      if (claimedWords) {
        const { id, columns, words, left } = claimedWords;
        if (left === undefined && fileWords.freed(words)) takesFreed.add(row as ImportRow);
        if (later) fileWords.giveLater(id, words, columns);
        else fileWords.give(id, words, columns, left);
      }
      sources.claim(rowCitations);
      return { ok: true, value: row as ImportRow };
    },
    async lookAhead(records) {
      (await holders.lookup(records))();
    },
    keyOf: (row) => row.id,
    toOp(row): WriteOp {
      const { id, citations, ...fields } = row as ImportRow & { citations?: CitationInput[] };
      if (stored.known(id)) return { action: 'update', id, patch: fields, citations, ifMatch: '*', confirm: false };
      stored.created(id);
      const columns = checkedColumns.get(row);
      // A create taking words an earlier row frees is checked again when applied: should that row not be (a repeated
      // id, refused once every row is checked; applied in a later wave), the words are not freed.
      const again = takesFreed.has(row) ? { sameWordsRefused: true } : {};
      return {
        action: 'create',
        id,
        input: fields,
        citations: citations ?? [],
        ...(columns ? { columns } : {}),
        ...again,
      };
    },
  };
}
