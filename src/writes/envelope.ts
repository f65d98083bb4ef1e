// The one write path. Every create, change, delete, merge and link of every
// kind, from every caller (HTTP routes, bulk imports, the seed loader), goes
// through `applyWrites`: it locks the rows, checks their versions, snapshots
// them before and after, stores the citations, and records the history
// entries and the search outbox events, all in the caller's transaction (or
// one of its own). It takes a batch of operations and does its bookkeeping
// with set-based SQL, so one row and a million rows run the same code.
// The kind only validates and maps fields (see ./kind-writes.ts).
import { type SQL, sql } from 'drizzle-orm';
import { citedFieldErrors, isWorkedOut } from '../citations/fields.js';
import {
  type CitationInput,
  requireCitations,
  resolveCitations,
  type SavedCitation,
  storeCitations,
} from '../citations/input.js';
import { heldRecordFaults, recordFaults } from '../citations/records.js';
import { type Db, executePrepared } from '../db/client.js';
import { survivorsOf } from '../db/survivors.js';
import { shown } from '../db/withheld.js';
import { DomainError, type FieldError, unprocessable } from '../domain/errors.js';
import { tombstoneOf } from '../history/read.js';
import { laterThanSources } from './dates.js';
import { DuplicateCandidates, duplicateOf, missingEntries, nameKey, refusalOf, reserveIds, sameWords } from './ids.js';
import { factsLacked, identifiersApart, identifiersTaken, mergedCitationFields } from './merges.js';
import { type ChangeRecord, recordChanges, snapshotRows } from './records.js';
import { SequenceWords } from './sequence.js';
import type {
  ColumnsContext,
  Dependents,
  KindIdentifier,
  KindWritesSpec,
  KnownReferences,
  WriteTarget,
} from './spec.js';
import {
  changedFields,
  checkPreconditions,
  inTransaction,
  type Preconditions,
  StatementPipeline,
  type WriteContext,
} from './transaction.js';

/** One operation of a batch. Inputs are the API's fields, already parsed by the kind's body schemas. */
export type WriteOp =
  | {
      action: 'create';
      id?: string | undefined;
      input: Record<string, unknown>;
      citations?: CitationInput[];
      /**
       * The columns of `input` as the kind's `toColumns` gave them when the caller checked it (an import checks every
       * row first, `checkColumns`): stored as they are, not computed again. With `id` only.
       */
      columns?: Record<string, unknown>;
      /** Citations of links changed with the entry (see `recorded` of updates). */
      recorded?: SavedCitation[];
      /**
       * Whether a create with an `id` is refused when its words are another entry's (`duplicateRefusal`), as one
       * without is always: the API's creates. `npm run import` checks its rows' words itself (`duplicateError`); the
       * open-data imports and the seed, whose entries are matched by their identifiers, do not ask it.
       */
      sameWordsRefused?: boolean;
      /** Whether its quotes are checked against the records the directory holds (`heldRecords`): the API's writes. */
      recordsHeld?: boolean;
    }
  | {
      action: 'update';
      id: string;
      patch: Record<string, unknown>;
      citations?: CitationInput[] | undefined;
      /** The client's If-Match; `*` when the caller (an import) does not check versions. */
      ifMatch: string | undefined;
      /** The client's If-None-Match, if any (`checkPreconditions`). */
      ifNoneMatch?: string | undefined;
      /** With citations and no change, record a confirmation (true by default; imports say false). */
      confirm?: boolean;
      /**
       * Citations of links of the entry changed in the same transaction (a proceeding's practitioners, stored with
       * their own source and quote): recorded in this write's history entry, beside its own citations, not stored
       * again, so that an import records one history entry per entry.
       */
      recorded?: SavedCitation[];
      /** Whether its quotes are checked against the records the directory holds (`heldRecords`): the API's writes. */
      recordsHeld?: boolean;
    }
  | {
      action: 'delete';
      id: string;
      ifMatch: string | undefined;
      ifNoneMatch?: string | undefined;
      /**
       * Citations of what removed the entry (an import's correction: the notice annulling the one it came from),
       * recorded in its history entry; a delete stores no citation otherwise.
       */
      recorded?: SavedCitation[];
    }
  | {
      action: 'merge';
      id: string;
      into: string;
      citations?: CitationInput[];
      ifMatch: string | undefined;
      ifNoneMatch?: string | undefined;
      /** Whether its quotes are checked against the records the directory holds (`heldRecords`): the API's writes. */
      recordsHeld?: boolean;
    }
  /** A link added or removed elsewhere (an officer, a headcount): recorded in the entry's history. */
  | { action: 'touch'; id: string; citations: SavedCitation[] };

export interface WriteResult {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'deleted' | 'merged' | 'touched';
  /** The API fields whose value changed (updates). */
  changed: string[];
}

type Row = Record<string, unknown> & { id: string; version: number };

/**
 * Rows of the kind's table with these ids, locked until the transaction ends (`lock`, by default), or as they stand
 * now without a lock; a withheld entry has none (410). A change keeps its entry's id, so its lock is `for no key
 * update`: the `for key share` of another transaction's foreign-key check (a bulk import's row naming the entry as
 * its operator, firm, proceeding…) does not hold it. Only the entries `removing` names (a delete, the merged entry of
 * a merge: their row goes) are locked `for update`, the lock their `delete` takes anyway (verify44 fault 04).
 */
async function lockRows(
  db: Db,
  target: WriteTarget,
  ids: string[],
  lock = true,
  removing: ReadonlySet<string> = new Set(),
): Promise<Map<string, Row>> {
  if (!ids.length) return new Map();
  const table = sql.identifier(target.tableName);
  const select = (some: string[]) => sql`select * from ${table} where id = any(${sql.param(some)})
    and ${shown(target.tableName)}`;
  if (!lock) return new Map([...(await executePrepared<Row>(db, select(ids)))].map((r) => [r.id, r]));
  const kept = ids.filter((id) => !removing.has(id));
  const gone = ids.filter((id) => removing.has(id));
  const rows = [
    ...(kept.length ? await executePrepared<Row>(db, sql`${select(kept)} order by id for no key update`) : []),
    ...(gone.length ? await executePrepared<Row>(db, sql`${select(gone)} order by id for update`) : []),
  ];
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Refuses, before any lock is waited for, the ops whose If-Match no version of their entry will ever match: none sent
 * (428), a weak tag or one of a version other than the entry's now (412; a version only grows, and a write holding
 * the entry can only make it newer). Read from `seen`, the rows as they stand (`lockRows` without a lock): a request
 * that can never succeed is answered at once, not after waiting for an import holding the entry (409). If-None-Match
 * and an If-Match that holds now are checked again once the entry is locked.
 */
function refuseHopeless(ops: WriteOp[], seen: Map<string, Row>): void {
  for (const [i, op] of ops.entries()) {
    if (op.action === 'create' || op.action === 'touch') continue;
    const row = seen.get(op.id);
    // An entry not found is refused as such first (`refuseMissing`: 404, 410).
    if (!row) continue;
    try {
      checkPreconditions(op.ifMatch, undefined, row.version);
    } catch (error) {
      throw atOp(error, i);
    }
  }
}

/**
 * Whether an op is a change made whatever the entry's version (an import's, `ifMatch: '*'`, no If-None-Match): its
 * entry is locked only if it changes it (`applyBatch`), so that a row of a file that changes nothing holds nothing.
 */
const heldIfChanged = (op: WriteOp): boolean =>
  op.action === 'update' && op.ifMatch === '*' && op.ifNoneMatch === undefined;

/** Where a citation's quote stands in a write's body. */
const quoteAt = (n: number) => `citations.${n}.quote`;

/**
 * Refuses (422 at `citations.N.quote`) an API write's quotes that contradict a record the directory holds or stored
 * for the entry `id` (citations/records.ts `heldRecordFaults`: an earlier quote of the same stock edition, a BODACC
 * notice), each citation's fields read against `input`, the entry as the write leaves it (a change's every field, not
 * only those it sends: a quote of a notice naming `kind` beside the `court` a PATCH changes states that kind of the
 * entry). Asked by the op (`recordsHeld`): not the imports', whose rows are checked before (`npm run import`) or read
 * the record itself (the open-data imports).
 */
async function heldRecords(
  db: Db,
  target: WriteTarget,
  id: string | null,
  citations: readonly CitationInput[],
  input: Record<string, unknown>,
): Promise<void> {
  const faults = await heldRecordFaults(db, target, id, citations, input, quoteAt);
  if (faults.length) throw unprocessable(faults);
}

/** The refusal for an op whose id has no row: 410 (deleted, or merged with its survivor), or 404. */
async function refuseMissing(db: Db, target: WriteTarget, ops: WriteOp[], rows: Map<string, Row>) {
  const index = ops.findIndex((op) => op.action !== 'create' && !rows.has(op.id));
  if (index < 0) return;
  throw atOp((await missingEntries(db, target.name, [ops[index]!.id as string]))[0], index);
}

/**
 * Locks the row of an entry for the rest of the transaction, or refuses: 404,
 * or 410 for a deleted or merged id. Links (an officer, a headcount, a
 * practitioner) check their entry this way before they are written. A link
 * changes its entry (its version, its ETag), so the conditional headers its
 * request sent (`preconditions`) hold for it as for a change of the entry
 * (`checkPreconditions`: If-Match compared strongly, If-None-Match weakly; 412),
 * but neither is required: without If-Match, any version.
 */
export async function lockEntry(
  db: Db,
  target: WriteTarget,
  id: string,
  preconditions: Preconditions = {},
): Promise<void> {
  const { ifMatch: given } = preconditions;
  // An If-Match that no version will match is answered before the lock is waited for (`refuseHopeless`).
  if (given !== undefined) {
    const seen = (await lockRows(db, target, [id], false)).get(id);
    if (seen) checkPreconditions(given, undefined, seen.version);
  }
  const row = (await lockRows(db, target, [id])).get(id);
  if (!row) throw (await missingEntries(db, target.name, [id]))[0];
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined || ifNoneMatch !== undefined) checkPreconditions(ifMatch ?? '*', ifNoneMatch, row.version);
}

/**
 * Records links added to or removed from entries (each with the citation of
 * the link, or the citations of the links changed at once) in their history,
 * bumping their version, through the same bookkeeping as every write.
 */
export async function recordLinks(
  ctx: WriteContext,
  target: WriteTarget,
  links: { id: string; citation: SavedCitation | SavedCitation[] }[],
): Promise<void> {
  // Touches read nothing of the kind's field rules: its target is enough.
  const spec = { target } as KindWritesSpec<never>;
  await applyWrites(
    ctx,
    spec,
    links.map((l) => ({ action: 'touch', id: l.id, citations: [l.citation].flat() })),
  );
}

/**
 * The refusal (409) of deleting an entry still referred to (`dependents`), or null when nothing refers to it. It
 * counts only the entries the public may see; those withheld from it refuse the delete too, in words that say
 * neither how many they are nor what they are (« entries not shown to the public »): a merge moves them with the
 * others.
 */
export function stillReferenced(kind: string, id: string, dependents: readonly Dependents[]): DomainError | null {
  const shownOnes = dependents.filter((d) => d.shown > 0).map((d) => `${d.shown} ${d.label}`);
  const hidden = dependents.some((d) => d.withheld > 0);
  if (!shownOnes.length && !hidden) return null;
  const hiddenOnes = 'entries not shown to the public';
  const referrers = !hidden
    ? shownOnes.join(', ')
    : shownOnes.length
      ? `${shownOnes.join(', ')} and by ${hiddenOnes}`
      : hiddenOnes;
  return new DomainError(
    'conflict',
    `The ${kind} '${id}' is still referenced by ${referrers}: ` +
      (hidden
        ? `it cannot be deleted while they are; merge it into another ${kind} instead.`
        : `change or delete them first, or merge it into another ${kind}.`),
  );
}

/** Marks a refusal with the index of the operation refused, for callers of batches (imports name its line). */
function atOp(error: unknown, index: number): unknown {
  if (error instanceof DomainError) error.op ??= index;
  return error;
}

/**
 * Fields as they stand after a patch. Sending one field of a group (the place
 * fields) replaces the whole group: its other fields fall back to their
 * create defaults rather than to the stored values (except those it keeps).
 * A fact changed without the date dating it (`datedBy`) leaves that date null.
 */
function patched<Input>(spec: KindWritesSpec<Input>, row: Row, patch: Record<string, unknown>): Input {
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const defaults = spec.defaults as Record<string, unknown>;
  const reset = (spec.groups ?? [])
    .filter((group) => [...group.replaced, ...(group.kept ?? [])].some((f) => f in given))
    .flatMap((group) => group.replaced.filter((f) => !(f in given)).map((f) => [f, defaults[f] ?? null]));
  const stored = spec.fromRow(row) as Record<string, unknown>;
  // A fact changed without its date: the date of the fact stored before is not this one's (`datedBy`).
  const undated = Object.entries(spec.datedBy ?? {})
    .filter(([fact, date]) => fact in given && !(date in given))
    .filter(([fact]) => JSON.stringify(given[fact]) !== JSON.stringify(stored[fact]))
    .map(([, date]) => [date, null]);
  return { ...stored, ...Object.fromEntries(reset), ...Object.fromEntries(undated), ...given } as Input;
}

/**
 * Inserts or updates rows from their columns, one statement for the whole batch, sent on `pipeline` (an insert that
 * finds an id taken is refused there, 409).
 */
function writeRows(
  db: Db,
  pipeline: StatementPipeline,
  target: WriteTarget,
  rows: Record<string, unknown>[],
  mode: 'insert' | 'update',
): void {
  if (!rows.length) return;
  const table = sql.identifier(target.tableName);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => c !== 'id');
  const values = sql`jsonb_populate_recordset(null::${table}, ${JSON.stringify(rows)}::jsonb)`;
  const list = (prefix: SQL | null) =>
    sql.join(
      columns.map((c) => (prefix ? sql`${prefix}.${sql.identifier(c)}` : sql.identifier(c))),
      sql`, `,
    );
  if (mode === 'insert') {
    // An id taken meanwhile by a concurrent write is skipped here, then refused (409), never a 500.
    pipeline.execute<{ id: string }>(
      db,
      sql`
        insert into ${table} (id, ${list(null)}) select id, ${list(null)} from ${values}
        on conflict (id) do nothing returning id`,
      (inserted) => {
        if (inserted.length === rows.length) return;
        const done = new Set(inserted.map((r) => r.id));
        const taken = rows.find((r) => !done.has(r.id as string))?.id;
        throw new DomainError('conflict', `The id '${taken}' was just taken by another write; send the request again.`);
      },
    );
    return;
  }
  const set = columns.length ? sql`${list(null)}, ` : sql``;
  const from = columns.length ? sql`${list(sql`v`)}, ` : sql``;
  pipeline.execute(
    db,
    sql`
      update ${table} t set (${set}version, updated_at) = (${from}t.version + 1, now())
        from ${values} v where t.id = v.id`,
  );
}

/**
 * Applies a batch of operations on entries of one kind, in one transaction
 * (the caller's when it holds one). All or nothing: the first refused
 * operation throws a DomainError (404, 409, 410, 412, 422, 428) and nothing
 * of the batch is applied. Results come in the order of `ops`.
 */
export async function applyWrites<Input>(
  ctx: WriteContext,
  spec: KindWritesSpec<Input>,
  ops: WriteOp[],
): Promise<WriteResult[]> {
  const { target } = spec;
  for (const [i, op] of ops.entries()) {
    // A citation names attributes of the kind (or its links), each once (citations/fields.ts).
    if (spec.citable && (op.action === 'create' || op.action === 'update' || op.action === 'merge')) {
      const what = `${/^[aeiou]/.test(target.name) ? 'an' : 'a'} ${target.name}`;
      const errors = citedFieldErrors(op.citations ?? [], spec.citable, what);
      if (errors.length) throw atOp(unprocessable(errors), i);
    }
    if (op.action === 'create') requireCitations(op.citations, `A new ${target.name}`);
    if (op.action === 'merge') {
      requireCitations(op.citations, 'A merge');
      if (op.into === op.id) {
        throw unprocessable([{ in: 'body', name: 'into', message: `must be another ${target.name}` }]);
      }
    }
  }
  return inTransaction(ctx.db, (db) => applyBatch(db, ctx, spec, ops)).catch((error: unknown) => {
    throw integrityConflict(error) ?? error;
  });
}

/** PostgreSQL's refusal of a write that another one made impossible meanwhile (a row gone, an id taken): a 409. */
function integrityConflict(error: unknown): DomainError | null {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, detail } = e as { code?: unknown; detail?: unknown };
    if (code === '23503' || code === '23505') {
      return new DomainError(
        'conflict',
        `The write conflicts with another change made meanwhile (${detail}); read the entries again and retry.`,
      );
    }
  }
  return null;
}

/** The columns a create or an update of a batch stores (`i`: the op's index), with the stored row of an update. */
interface Claim {
  i: number;
  id: string;
  columns: Record<string, unknown>;
  row: Record<string, unknown> | null;
}

/**
 * A kind's identifier (`label`: « SIRET ») another entry holds, in the words of the API and of the imports' check: an
 * entry of the same kind by its id, one of another kind (`holderKind`, an identifier `sharedWith` it) by its kind
 * too (« 35600000000048 is already the SIRET of the mandataire 'etude-x' »).
 */
export const identifierHeld = (value: string, label: string, holder: string, holderKind?: string): string =>
  `${value} is already the ${label} of ${holderKind ? `the ${holderKind} ` : ''}'${holder}'`;

/**
 * The entries the public may see of the kinds an identifier is `sharedWith` holding one of `values`: each value with
 * its holder's kind and id. One look-up per kind shared with.
 */
export async function sharedHolders(
  db: Db,
  identifier: KindIdentifier,
  values: readonly string[],
): Promise<Map<string, { kind: string; id: string }>> {
  const holders = new Map<string, { kind: string; id: string }>();
  if (!values.length) return holders;
  for (const other of identifier.sharedWith ?? []) {
    for (const r of await db.execute<{ id: string; value: string }>(
      sql`select id, ${sql.identifier(other.column)} as value from ${sql.identifier(other.tableName)}
           where ${sql.identifier(other.column)} = any(${sql.param([...values])}) and ${shown(other.tableName)}`,
    )) {
      if (!holders.has(r.value)) holders.set(r.value, { kind: other.kind, id: r.id });
    }
  }
  return holders;
}

/**
 * Refuses (409, at the op) a create or an update giving an entry an identifier of the kind's `identifiers` (a
 * site's SIRET) that another entry the public may see holds, or that an earlier op of the batch gives: « siret:
 * 35600000000048 is already the SIRET of 'siret-a' »; one an earlier op changed away from is free (the ops as if made
 * one after the other). Gives, by column, the entries whose identifier a later op of the batch takes: theirs is
 * cleared before the batch's rows are written (`applyBatch`), so that the unique index never sees it twice. An update
 * keeping its stored identifier is not checked again.
 * A withheld entry's identifier is free (db/withheld.ts: a write cannot tell that it exists), as the partial unique
 * index of the table has it. One look-up per identifier for the whole batch.
 */
async function identifierTaken<Input>(
  db: Db,
  spec: KindWritesSpec<Input>,
  claims: Claim[],
): Promise<{ column: string; ids: string[] }[]> {
  const handedOver: { column: string; ids: string[] }[] = [];
  for (const identifier of spec.identifiers ?? []) {
    const { field, column, label } = identifier;
    const claimed = claims.filter(({ columns, row }) => columns[column] != null && columns[column] !== row?.[column]);
    if (!claimed.length) continue;
    const values = claimed.map((c) => String(c.columns[column]));
    // Held by an entry of another kind (a firm holding a site's SIRET): that establishment is already in the directory.
    const elsewhere = await sharedHolders(db, identifier, values);
    for (const [n, claim] of claimed.entries()) {
      const holder = elsewhere.get(values[n]!);
      if (holder) {
        const message = `${field}: ${identifierHeld(values[n]!, label, holder.id, holder.kind)}`;
        throw atOp(new DomainError('conflict', message), claim.i);
      }
    }
    const held = new Map<string, string>();
    for (const r of await db.execute<{ id: string; value: string }>(
      sql`select id, ${sql.identifier(column)} as value from ${sql.identifier(spec.target.tableName)}
           where ${sql.identifier(column)} = any(${sql.param(values)}) and ${shown(spec.target.tableName)}`,
    )) {
      held.set(r.value, r.id);
    }
    // In the order of the ops, as if made one after the other: an identifier an op changes away from (a SIRET moved
    // to another entry) is free for the ops after it, one an op gives is taken.
    const claimedValue = new Map(claimed.map((c, n) => [c, values[n]!]));
    /** The entry each identifier was left by, when an op of the batch changed it away. */
    const leftBy = new Map<string, string>();
    const leavers: string[] = [];
    for (const claim of claims) {
      const value = claimedValue.get(claim);
      if (value !== undefined) {
        const holder = held.get(value);
        if (holder && holder !== claim.id) {
          throw atOp(new DomainError('conflict', `${field}: ${identifierHeld(value, label, holder)}`), claim.i);
        }
        const leaver = leftBy.get(value);
        if (leaver !== undefined && leaver !== claim.id) leavers.push(leaver);
        held.set(value, claim.id);
      }
      const left = claim.row?.[column];
      if (left != null && left !== claim.columns[column] && held.get(String(left)) === claim.id) {
        held.delete(String(left));
        leftBy.set(String(left), claim.id);
      }
    }
    if (leavers.length) handedOver.push({ column, ids: leavers });
  }
  return handedOver;
}

/**
 * The attributes changed columns are (`parent_id` is `parent`), as a citation without `fields` supports them: those
 * a citation may name (`citable`), the columns worked out from them (a commune's code) left out.
 */
function citedNames<Input>(spec: KindWritesSpec<Input>, columns: string[]): string[] {
  if (!spec.citable) return columns;
  const citable = new Set(spec.citable);
  // A reference's column is its field with `_id`; the place's département is stored as its code.
  const names = columns.map((c) =>
    citable.has(c) ? c : c === 'departement_code' ? 'departement' : c.replace(/_id$/, ''),
  );
  return [...new Set(names.filter((n) => citable.has(n)))];
}

/**
 * The attributes a change states (`changed`, as `citedNames` gives them: a new value, not null nor an empty list, of
 * an attribute a quote gives: `isWorkedOut` ones apart) that none of its citations supports: none names it in its
 * `fields`, and none leaves `fields` empty (which supports every attribute changed). A change's new value needs a
 * quote of that change: the quotes of the old value stop supporting it (`supersededCitations`).
 */
export function unsupportedChanges(
  input: Record<string, unknown>,
  changed: readonly string[],
  citations: readonly { fields: readonly string[] }[],
): string[] {
  if (citations.some((c) => !c.fields.length)) return [];
  const cited = new Set(citations.flatMap((c) => c.fields));
  return changed.filter((field) => {
    const value = input[field];
    const stated = value !== null && value !== undefined && !(Array.isArray(value) && !value.length);
    return stated && !isWorkedOut(field) && !cited.has(field);
  });
}

/** The refusal (422 at `citations`) of a change stating attributes no citation of it supports (`unsupportedChanges`). */
export function unsupportedRefusal(unsupported: readonly string[]): FieldError {
  const message =
    `no citation supports ${unsupported.join(', ')}: name ${unsupported.length > 1 ? 'each' : 'it'} in the fields ` +
    "of a citation of this change (the quotes of the former value do not support the new one), or leave a citation's " +
    'fields empty';
  return { in: 'body', name: 'citations', message };
}

/**
 * The statement taking the attributes changes changed (`changes`: the entry's id and the attributes, `citedNames`)
 * out of the `fields` of the entries' stored citations, so that a quote of a former value neither supports nor
 * confirms (`last_confirmed`) the new one; the citations stay, as the history keeps them. Null when nothing changed.
 * Sent before the change's own citations are stored.
 */
function supersededCitations(column: string, changes: { id: string; fields: string[] }[]): SQL | null {
  const changing = changes.filter((c) => c.fields.length);
  if (!changing.length) return null;
  const subject = sql.identifier(column);
  return sql`
    update citations c
       set fields = array(select f from unnest(c.fields) with ordinality u(f, o) where f <> all(s.fields) order by o)
      from jsonb_to_recordset(${JSON.stringify(changing)}::jsonb) as s(id varchar, fields text[])
     where c.${subject} = s.id and c.fields && s.fields`;
}

/**
 * The columns a merge's survivor changes to take the facts of the duplicate it lacks (`factsLacked`: a `ceased_on`, a
 * position), checked by the kind's rules as a change of the survivor sending them would be. A fact the survivor
 * cannot take (a closing date of a site it says is open, a position out of its commune) refuses the merge, 409
 * naming the facts and why: a merge never drops a sourced fact.
 */
async function survivorTakes<Input>(
  db: Db,
  ctx: WriteContext,
  spec: KindWritesSpec<Input>,
  op: { id: string; into: string },
  duplicate: Row,
  survivor: Row,
  creating: ReadonlyMap<string, unknown>,
): Promise<Record<string, unknown>> {
  const fromRow = spec.fromRow as (row: Record<string, unknown>) => object;
  const taken = factsLacked(fromRow, duplicate, survivor, spec.groups ?? [], [op.id, op.into]);
  if (!Object.keys(taken).length) return {};
  const sent = new Set(Object.keys(taken));
  const context = {
    id: op.into,
    sent,
    row: survivor,
    creating,
    target: spec.target,
    known: ctx.known,
    withholdsNonDiffusible: ctx.withholdsNonDiffusible,
    writesNoticesAlong: ctx.writesNoticesAlong,
  };
  const { columns, errors } = await spec.toColumns(db, patched(spec, survivor, taken), context as ColumnsContext);
  if (errors.length) {
    const why = errors.map((e) => `${e.name}: ${e.message}`).join('; ');
    throw new DomainError(
      'conflict',
      `into: '${op.into}' lacks ${[...sent].join(', ')}, which '${op.id}' states, and cannot take ${
        sent.size > 1 ? 'them' : 'it'
      } (${why}): change either entry first, so that no sourced fact is lost.`,
    );
  }
  return Object.fromEntries(changedFields(survivor, columns).map((c) => [c, columns[c]]));
}

/**
 * The ops with each merge's `into` that names an entry merged meanwhile replaced by its survivor (db/survivors.ts), as
 * every reference a write takes: merging b into a, which was merged into c, merges b into c; into b itself, 422.
 */
async function mergedIntoSurvivors(db: Db, target: WriteTarget, ops: WriteOp[]): Promise<WriteOp[]> {
  const intos = ops.flatMap((op) => (op.action === 'merge' ? [op.into] : []));
  const survivors = await survivorsOf(db, target.name, intos);
  if (!survivors.size) return ops;
  return ops.map((op, i) => {
    if (op.action !== 'merge' || !survivors.has(op.into)) return op;
    const into = survivors.get(op.into)!;
    if (into === op.id) {
      const message = `'${op.into}' was merged into '${into}': must be another ${target.name}`;
      throw atOp(unprocessable([{ in: 'body', name: 'into', message }]), i);
    }
    return { ...op, into };
  });
}

/**
 * `duplicateRefusal` as an error of the row's name field (`name`; a proceeding's `company_name`), or null:
 * `npm run import` reports a create or a change into another entry's words at the row's line with its other bad rows
 * (import/importer.ts, `previewUpdate`), rather than failing when the file is applied.
 */
export async function duplicateError<Input>(
  db: Db,
  spec: KindWritesSpec<Input>,
  input: Input,
  columns: Record<string, unknown>,
  self: string | null,
  sequence?: SequenceWords,
  candidates?: DuplicateCandidates,
): Promise<FieldError | null> {
  const refusal = await duplicateRefusal(db, spec, input, columns, self, false, sequence, candidates);
  return refusal && { in: 'body', name: (spec.nameField ?? { field: 'name' }).field, message: refusal.message };
}

/**
 * Whether two entries' columns (`a`, `b`) hold two different identifiers of the kind (`spec.identifiers`: two SIRETs):
 * two real things of one name, never each other's duplicate, as a merge holds them apart.
 */
export const identifiedApart = (
  spec: Pick<KindWritesSpec<unknown>, 'identifiers'>,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): boolean =>
  (spec.identifiers ?? []).some(({ column }) => a[column] != null && b[column] != null && a[column] !== b[column]);

/**
 * The refusal (409) of an entry whose words (`idWords`, once normalised: `sameWords`) are those of another entry the
 * public may see (`duplicateOf`), but one holding another identifier (`identifiedApart`: two SIRETs are two
 * establishments), naming it: « A site named 'Name' in Lens exists: 'name-lens-2'. » A create is told to change them;
 * a change (`self`: the entry changed, never its own duplicate) to merge the two instead. Null when none has them.
 * With `lock`, the words are looked up under their advisory lock (ids.ts `lockWords`). The envelope throws it.
 * Within a sequence of writes (`sequence`: a batch, an import's file), the entries are as its earlier writes leave
 * them: a stored entry it renamed no longer has its stored words, and an entry it gave these words has them (named
 * with `sequence.where`). `candidates`: the stored entries a batch's words may duplicate, read together
 * (`duplicateCandidates`), so that a batch asks no query a row.
 */
async function duplicateRefusal<Input>(
  db: Db,
  spec: KindWritesSpec<Input>,
  input: Input,
  columns: Record<string, unknown>,
  self: string | null,
  lock = false,
  sequence?: SequenceWords,
  candidates?: DuplicateCandidates,
): Promise<DomainError | null> {
  const { target } = spec;
  const apart = (row: Record<string, unknown>) =>
    identifiedApart(spec, columns, row) || Boolean(sequence?.moved(row.id as string));
  const nameField = spec.nameField ?? { field: 'name', column: 'name' };
  const name = (input as Record<string, unknown>)[nameField.field];
  const existing = await duplicateOf(db, target, spec.idWords(input), (row) => spec.idWords(spec.fromRow(row)), {
    ...(typeof name === 'string' ? { named: { column: nameField.column, value: name } } : {}),
    ...(self ? { except: self } : {}),
    apart,
    lock,
    candidates,
  });
  if (existing) return new DomainError('conflict', duplicateMessage(spec, input, existing, self));
  const earlier = sequence
    ?.holders(nameKey(spec.idWords(input)))
    .find((h) => h.id !== self && !identifiedApart(spec, columns, h.identifiers));
  return earlier ? new DomainError('conflict', duplicateMessage(spec, input, earlier.id, self, sequence?.where)) : null;
}

/**
 * The words of a refused duplicate: « A site named 'Name' in Lens exists: 'name-lens'. » and the remedy, to change
 * the words (a create) or to merge the two (a change of `self`). `existing` is the entry that has them; `where`, how
 * it is known when it is not stored yet (« an earlier row of the file »).
 */
export function duplicateMessage<Input>(
  spec: KindWritesSpec<Input>,
  input: Input,
  existing: string,
  self: string | null,
  where?: string,
): string {
  const { target } = spec;
  const name = (input as Record<string, unknown>)[(spec.nameField ?? { field: 'name' }).field];
  const article = /^[aeiou]/.test(target.name) ? 'An' : 'A';
  const words = spec.describeWords?.(input) ?? `named '${sameWords(String(name ?? ''))}'`;
  const remedy = self
    ? `Merge the two instead ('${self}' into '${existing}'), or give another name.`
    : 'Change it, or give another name.';
  return `${article} ${target.name} ${words} exists: '${existing}'${where ? ` (${where})` : ''}. ${remedy}`;
}

/**
 * What a merge states of its survivor (`row`, `taken`: the columns it takes): the fields whose value the merge changes,
 * and its identifiers (`spec.identifiers`: a SIRET), by field, as a citation of the merge supports them.
 */
function mergeStates<Input>(
  spec: KindWritesSpec<Input>,
  row: Record<string, unknown>,
  taken: Record<string, unknown>,
): Record<string, unknown> {
  const before = spec.fromRow(row) as Record<string, unknown>;
  const after = spec.fromRow({ ...row, ...taken }) as Record<string, unknown>;
  const identifiers = new Set((spec.identifiers ?? []).map((i) => i.field));
  return Object.fromEntries(
    Object.entries(after).filter(([k, v]) => identifiers.has(k) || JSON.stringify(v) !== JSON.stringify(before[k])),
  );
}

/**
 * Records the values of the kind's `sequenceFields` a write gives the entry `id` (an operator's parent group, a
 * mandataire's firm and kind), for the checks of the writes after it in the batch (`ColumnsContext.sequence`).
 */
function referFields(
  spec: { sequenceFields?: readonly string[] },
  sequence: SequenceWords,
  id: string,
  input: Record<string, unknown>,
): void {
  for (const field of spec.sequenceFields ?? [])
    if (field in input) sequence.refer(id, field, typeof input[field] === 'string' ? input[field] : null);
}

/**
 * The words (`idWords`) and name (`nameField`) a write gives its entry, as `duplicateRefusal` looks them up: a
 * create's input, a change's patched row (`patched`). Null when it cannot tell them (an input its checks will refuse).
 */
export function wordsLookedUp<Input>(
  spec: KindWritesSpec<Input>,
  input: Input,
): { words: string; name?: string | undefined } | null {
  try {
    const name = (input as Record<string, unknown>)[(spec.nameField ?? { field: 'name' }).field];
    return { words: spec.idWords(input), ...(typeof name === 'string' ? { name } : {}) };
  } catch {
    return null;
  }
}

/**
 * The words and name (`wordsLookedUp`) a patch gives a stored entry (`row`) when they are not its own, as a change's
 * duplicate check looks them up (`previewUpdate`, `applyBatch`); null when they stay, or cannot be told.
 */
export function changedWords<Input>(
  spec: KindWritesSpec<Input>,
  row: Record<string, unknown>,
  patch: Record<string, unknown>,
): { words: string; name?: string | undefined } | null {
  try {
    const after = wordsLookedUp(spec, patched(spec, row as Row, patch));
    const before = wordsLookedUp(spec, spec.fromRow(row));
    return after && (!before || nameKey(after.words) !== nameKey(before.words)) ? after : null;
  } catch {
    return null;
  }
}

/**
 * The stored entries the words of a batch's creates and changes may duplicate (ids.ts `DuplicateCandidates`), read in
 * one query: a change's words when they are not its stored row's (`rows`), a create's when it is checked here.
 */
async function duplicateCandidates<Input>(
  db: Db,
  spec: KindWritesSpec<Input>,
  ops: WriteOp[],
  rows: ReadonlyMap<string, Row>,
): Promise<DuplicateCandidates | undefined> {
  const wanted = ops.flatMap((op) => {
    // A create is checked here when it has no id or asks (`sameWordsRefused`), as `applyBatch` checks it.
    if (op.action === 'create')
      return !op.id || op.sameWordsRefused ? [wordsLookedUp(spec, op.input as Input) ?? []].flat() : [];
    const row = op.action === 'update' ? rows.get(op.id) : undefined;
    return op.action === 'update' && row ? [changedWords(spec, row, op.patch) ?? []].flat() : [];
  });
  if (wanted.length < 2) return undefined;
  const nameColumn = (spec.nameField ?? { column: 'name' }).column;
  return DuplicateCandidates.read(db, spec.target, nameColumn, wanted);
}

/** The body of applyWrites, in its transaction. */
async function applyBatch<Input>(
  db: Db,
  ctx: WriteContext,
  spec: KindWritesSpec<Input>,
  ops: WriteOp[],
  lockAll = false,
): Promise<WriteResult[]> {
  const { target } = spec;
  const asked = ops;
  ops = await mergedIntoSurvivors(db, target, ops);
  const existingIds = ops.flatMap((op) => (op.action === 'create' ? [] : [op.id]));
  const intos = ops.flatMap((op) => (op.action === 'merge' ? [op.into] : []));
  const named = [...new Set([...existingIds, ...intos])];
  // The rows as they stand, unlocked: what can never succeed is refused without waiting (`refuseHopeless`), and an
  // import's change (`heldIfChanged`) locks its entry only once it is found to change it.
  const rows = await lockRows(db, target, named, false);
  refuseHopeless(ops, rows);
  const lazy = lockAll ? new Set<string>() : new Set(ops.flatMap((op) => (heldIfChanged(op) ? [op.id as string] : [])));
  for (const op of ops) if (!heldIfChanged(op) && op.action !== 'create') lazy.delete(op.id);
  for (const id of intos) lazy.delete(id);
  // A dry run (`planOnly`) locks nothing: the rows as read stand.
  const locked = ctx.planOnly
    ? new Map<string, Row>()
    : await lockRows(
        db,
        target,
        named.filter((id) => !lazy.has(id)),
        true,
        new Set(ops.flatMap((op) => (op.action === 'delete' || op.action === 'merge' ? [op.id] : []))),
      );
  for (const id of named) {
    if (ctx.planOnly) break;
    if (lazy.has(id)) continue;
    const row = locked.get(id);
    if (row) rows.set(id, row);
    else rows.delete(id);
  }
  await refuseMissing(db, target, ops, rows);
  for (const [i, op] of ops.entries()) {
    if (op.action === 'merge' && !rows.has(op.into)) {
      // A survivor deleted or merged meanwhile is named as such (its own survivor included); a withheld one as an
      // unknown id, as every reference to a withheld entry is (`knownReference`, rules.ts), by the id the client sent:
      // never the withheld survivor an id it sent was merged into.
      const ended = await tombstoneOf(db, target.name, op.into);
      const sent = (asked[i] as typeof op).into;
      const message =
        ended && ended.action !== 'withhold'
          ? refusalOf(target.name, op.into, ended).message
          : `unknown ${target.name} '${sent}'`;
      throw atOp(unprocessable([{ in: 'body', name: 'into', message }]), i);
    }
    try {
      if (op.action !== 'create' && op.action !== 'touch')
        checkPreconditions(op.ifMatch, op.ifNoneMatch, rows.get(op.id)!.version);
    } catch (error) {
      throw atOp(error, i);
    }
  }

  // A write of one entry (the API's) checks duplicate words under their lock (ids.ts `lockWords`), so that two at the
  // same instant cannot both give their words to two entries. Not a batch of many (an import's, one transaction for
  // the whole file): it would hold a lock per entry renamed, past PostgreSQL's lock table; imports run one at a time.
  const wordsLocked = ops.length === 1 && !ctx.planOnly;
  // The batch's writes are checked as if made one after the other: an op's words against the entries as the ops
  // before it leave them (a name an earlier op frees by a rename is free, one it gives is taken).
  const sequence = new SequenceWords(spec.identifiers);
  const wordsOf = (input: Input) => nameKey(spec.idWords(input));

  // Validation and mapping: the kind's own code.
  const results: WriteResult[] = [];
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const citationsOf = new Map<number, CitationInput[]>();
  const survivorOf = new Map<number, Record<string, unknown>>();
  // What each create and change states, for its dates against its sources' (once they are resolved).
  const statedOf = new Map<number, { input: Input; sent: ReadonlySet<string> }>();
  // The attributes each change changes, which the quotes of their former values stop supporting.
  const superseded: { id: string; fields: string[] }[] = [];
  const claims: Claim[] = [];
  const creates = ops.flatMap((op, i) => (op.action === 'create' ? [{ op, i }] : []));
  const ids = await reserveIds(
    db,
    target,
    // The words only make an id when none is given (they may cost a place resolution).
    creates.map(({ op }) => (op.id ? { wanted: op.id, words: '' } : { words: spec.idWords(op.input as Input) })),
  );
  const creating = new Map(creates.map(({ op }, n) => [ids[n]!, op.input]));
  const createIndex = new Map(creates.map(({ i }, n) => [i, n]));
  // The stored entries the batch's words may duplicate, read together (a write alone locks its words and reads them).
  const candidates = wordsLocked ? undefined : await duplicateCandidates(db, spec, ops, rows);
  for (const [i, op] of ops.entries()) {
    try {
      if (op.action === 'create') {
        const id = ids[createIndex.get(i)!]!;
        // A data set's record supports only what its quote states (citations/records.ts).
        const unstated = recordFaults(target.tableName, op.citations!, op.input, quoteAt);
        if (unstated.length) throw unprocessable(unstated);
        if (op.recordsHeld) await heldRecords(db, target, null, op.citations!, op.input);
        if (op.columns && op.id) {
          // An import's create checked with its row: checked again only when it asks (a name its file freed).
          if (op.sameWordsRefused) {
            const refusal = await duplicateRefusal(
              db,
              spec,
              op.input as Input,
              op.columns,
              null,
              false,
              sequence,
              candidates,
            );
            if (refusal) throw refusal;
          }
          sequence.give(id, () => wordsOf(op.input as Input), op.columns);
          referFields(spec, sequence, id, op.input);
          inserts.push({ id, ...op.columns });
          claims.push({ i, id, columns: op.columns, row: null });
          citationsOf.set(i, op.citations!);
          results.push({ id, outcome: 'created', changed: [] });
          continue;
        }
        const sent = new Set(Object.keys(op.input));
        const { columns, errors } = await spec.toColumns(db, op.input as Input, {
          id: op.id ?? null,
          sent,
          row: null,
          creating,
          target,
          known: ctx.known,
          withholdsNonDiffusible: ctx.withholdsNonDiffusible,
          writesNoticesAlong: ctx.writesNoticesAlong,
          sequence,
        });
        if (errors.length) throw unprocessable(errors);
        statedOf.set(i, { input: op.input as Input, sent });
        // A create whose words (the name, once normalised) are an existing entry's is that entry again, whatever its id.
        if (!op.id || op.sameWordsRefused) {
          const refusal = await duplicateRefusal(
            db,
            spec,
            op.input as Input,
            columns,
            null,
            wordsLocked,
            sequence,
            candidates,
          );
          if (refusal) throw refusal;
        }
        sequence.give(id, () => wordsOf(op.input as Input), columns);
        referFields(spec, sequence, id, op.input);
        inserts.push({ id, ...columns });
        claims.push({ i, id, columns, row: null });
        citationsOf.set(i, op.citations!);
        results.push({ id, outcome: 'created', changed: [] });
      } else if (op.action === 'update') {
        const row = rows.get(op.id)!;
        const sent = new Set(Object.keys(op.patch).filter((k) => op.patch[k] !== undefined));
        const input = patched(spec, row, op.patch);
        const { columns, errors } = await spec.toColumns(db, input, {
          id: op.id,
          sent,
          row,
          creating,
          target,
          known: ctx.known,
          withholdsNonDiffusible: ctx.withholdsNonDiffusible,
          writesNoticesAlong: ctx.writesNoticesAlong,
          sequence,
        });
        if (errors.length) throw unprocessable(errors);
        const changed = changedFields(row, columns);
        statedOf.set(i, { input, sent });
        // A change giving the entry another's words (a rename, a site moved to another commune) makes the duplicate
        // a create is refused: the same 409.
        const wordsBefore = wordsOf(spec.fromRow(row));
        const wordsAfter = changed.length ? wordsOf(input) : wordsBefore;
        if (wordsAfter !== wordsBefore) {
          const refusal = await duplicateRefusal(db, spec, input, columns, op.id, wordsLocked, sequence, candidates);
          if (refusal) throw refusal;
        }
        sequence.give(op.id, wordsAfter, columns, wordsBefore);
        referFields(spec, sequence, op.id, input as Record<string, unknown>);
        if (!changed.length && !op.recorded?.length && (!op.citations?.length || op.confirm === false)) {
          results.push({ id: op.id, outcome: 'unchanged', changed });
          continue;
        }
        requireCitations(op.citations, 'A change');
        const supported = citedNames(spec, changed);
        const unsupported = unsupportedChanges(input as Record<string, unknown>, supported, op.citations);
        if (unsupported.length) throw unprocessable([unsupportedRefusal(unsupported)]);
        const citing = op.citations.map((c) => ({ ...c, fields: c.fields.length ? c.fields : supported }));
        const unstated = recordFaults(target.tableName, citing, input as Record<string, unknown>, quoteAt);
        if (unstated.length) throw unprocessable(unstated);
        if (op.recordsHeld) {
          // A citation naming no field is read for each field the change sends or changes; one naming its fields,
          // for those, against the entry as the change leaves it (a `kind` it names and the PATCH does not send).
          const read = op.citations.map((c) =>
            c.fields.length ? c : { ...c, fields: [...new Set([...sent, ...supported])] },
          );
          await heldRecords(db, target, op.id, read, input as Record<string, unknown>);
        }
        superseded.push({ id: op.id, fields: supported });
        updates.push({ id: op.id, ...columns });
        claims.push({ i, id: op.id, columns, row });
        citationsOf.set(i, citing);
        results.push({ id: op.id, outcome: 'updated', changed });
      } else if (op.action === 'delete') {
        const refusal = stillReferenced(target.name, op.id, (await spec.dependents?.(db, op.id)) ?? []);
        if (refusal) throw refusal;
        sequence.end(op.id);
        results.push({ id: op.id, outcome: 'deleted', changed: [] });
      } else if (op.action === 'merge') {
        const [duplicate, survivor] = [rows.get(op.id)!, rows.get(op.into)!];
        const refusal =
          identifiersApart(spec.identifiers ?? [], duplicate, survivor) ??
          (await spec.checkMerge?.(db, op.id, op.into));
        if (refusal) throw new DomainError('conflict', refusal);
        // The survivor's new columns, worked out now: what they cannot be (too many aliases) refuses the op. A
        // survivor without the duplicate's identifier, or any fact of it, takes it (`survivorTakes`).
        survivorOf.set(i, {
          ...identifiersTaken(spec.identifiers ?? [], duplicate, survivor),
          ...(await survivorTakes(db, ctx, spec, op, duplicate, survivor, creating)),
          ...spec.survivorColumns?.(duplicate, survivor),
        });
        // A data set's record supports only what its quote states of the survivor (citations/records.ts): what the
        // merge gives it, and its identifiers, which the record must be of.
        const states = mergeStates(spec, survivor, survivorOf.get(i)!);
        const unstated = recordFaults(target.tableName, op.citations!, states, quoteAt);
        if (unstated.length) throw unprocessable(unstated);
        if (op.recordsHeld) await heldRecords(db, target, op.into, op.citations!, states);
        citationsOf.set(i, op.citations!);
        sequence.end(op.id);
        results.push({ id: op.into, outcome: 'merged', changed: [] });
      } else {
        results.push({ id: op.id, outcome: 'touched', changed: [] });
      }
    } catch (error) {
      throw atOp(error, i);
    }
  }

  // The entries of changes made whatever their version, locked now that they are found to change: one changed by
  // another write since it was read is worked out again, every entry of the batch locked first.
  const changing = ops.flatMap((op, i) =>
    lazy.has(op.id as string) && results[i]!.outcome === 'updated' ? [op.id as string] : [],
  );
  if (changing.length && !ctx.planOnly) {
    const held = await lockRows(db, target, changing);
    if (changing.some((id) => held.get(id)?.version !== rows.get(id)!.version)) {
      return applyBatch(db, ctx, spec, asked, true);
    }
  }

  const handedOver = await identifierTaken(db, spec, claims);
  if (ctx.planOnly) {
    // A dry run: checked, nothing written; what its creates make is found by the batches after.
    for (const r of results) if (r.outcome === 'created') ctx.known?.add(target.tableName, r.id);
    return results;
  }

  // Bookkeeping, set-based: snapshots, sources, then rows, citations, history and outbox sent one after the other
  // without waiting for each (the next one's rows are built while PostgreSQL writes the last), awaited together.
  const touchedIds = ops.flatMap((op) => (op.action === 'touch' ? [op.id] : []));
  // Snapshots of the entries written only: a row of a file that changes nothing is not read again.
  const written = ops.flatMap((op, i) =>
    results[i]!.outcome === 'unchanged' || op.action === 'create'
      ? []
      : op.action === 'merge'
        ? [op.id, op.into]
        : [op.id],
  );
  const before = await snapshotRows(
    db,
    target,
    [...new Set(written)].filter((id) => rows.has(id)),
  );
  // Sources checked and created before any row is written: a refusal here writes nothing.
  const { lists: saved, publishedOn } = await resolveCitations(
    db,
    [...citationsOf].map(([i, list]) => ({ key: i, list })),
  );
  // A fact is not dated after the sources that state it were published (writes/dates.ts; an import's checked create,
  // `columns`, was checked with its row).
  for (const [i, list] of saved) {
    const stated = statedOf.get(i);
    if (!stated) continue;
    const cited = list.map((c) => ({ ...c, published_on: publishedOn.get(c.source_id) ?? null }));
    const errors = laterThanSources(spec.dates ?? [], stated.input, stated.sent, cited);
    if (errors.length) throw atOp(unprocessable(errors), i);
  }
  const pipeline = new StatementPipeline();
  // Identifiers that change hands within the batch leave their former entries first: the table's unique index checks
  // each row as written, and the new holder may be written before the old one.
  for (const { column, ids } of handedOver) {
    pipeline.execute(
      db,
      sql`update ${sql.identifier(target.tableName)} set ${sql.identifier(column)} = null
           where id = any(${sql.param(ids)})`,
    );
  }
  writeRows(db, pipeline, target, inserts, 'insert');
  // An id taken meanwhile is refused (409) before anything else of the batch is sent: a refusal leaves nothing of
  // the batch written, even in a caller's transaction that would go on.
  if (inserts.length) await pipeline.done();
  writeRows(db, pipeline, target, updates, 'update');
  writeRows(
    db,
    pipeline,
    target,
    touchedIds.map((id) => ({ id })),
    'update',
  );
  if (ops.some((op) => op.action === 'merge')) await pipeline.done();
  for (const [i, op] of ops.entries()) {
    if (op.action !== 'merge') continue;
    await spec.moveReferences(db, op.id, op.into);
    const column = sql.identifier(target.citationColumn);
    // The duplicate's citations move over supporting only what the survivor holds too (`mergedCitationFields`).
    const { dropped, nameAsAlias } = mergedCitationFields(
      spec.fromRow as (row: Record<string, unknown>) => object,
      rows.get(op.id)!,
      {
        ...rows.get(op.into)!,
        ...survivorOf.get(i),
      },
    );
    await db.execute(sql`
      update citations c set ${column} = ${op.into}, fields = coalesce((
        select array_agg(k.field order by k.n) from (
          select distinct on (m.field) m.field, m.n from (
            select case when u.field = 'name' and ${nameAsAlias} then 'aliases' else u.field end as field, u.n
              from unnest(c.fields) with ordinality as u(field, n)
             where u.field <> all(${sql.param(dropped)}::text[])) m
           order by m.field, m.n) k), '{}')
       where ${column} = ${op.id}`);
    await db.execute(sql`delete from ${sql.identifier(target.tableName)} where id = ${op.id}`);
    writeRows(db, pipeline, target, [{ id: op.into, ...survivorOf.get(i) }], 'update');
    await pipeline.done();
  }
  const deleted = ops.flatMap((op) => (op.action === 'delete' ? [op.id] : []));
  if (deleted.length) {
    pipeline.execute(db, sql`delete from ${sql.identifier(target.tableName)} where id = any(${sql.param(deleted)})`);
  }
  const supersede = supersededCitations(target.citationColumn, superseded);
  if (supersede) pipeline.execute(db, supersede);
  const lists = [...saved].map(([i, list]) => {
    const op = ops[i]!;
    // An import's change confirms nothing: a citation it gives again is not stored twice.
    return { subject: results[i]!.id, list, merges: op.action === 'update' && op.confirm === false, op: i };
  });
  // Without a merging list, the citations are stored by the history's statement, which records them from the same
  // rows (`recordChanges`): sent once, not twice.
  const together = !lists.some((l) => l.merges);
  const storing = together ? null : storeCitations(target.citationColumn, lists);
  if (storing) pipeline.execute(db, storing);
  const records: ChangeRecord[] = [];
  for (const [i, op] of ops.entries()) {
    const result = results[i]!;
    if (result.outcome === 'unchanged') continue;
    const own = op.action === 'touch' ? op.citations : together ? [] : (saved.get(i) ?? []);
    const cited =
      op.action === 'create' || op.action === 'update' || op.action === 'delete'
        ? [...own, ...(op.recorded ?? [])]
        : own;
    // Stored together: the op's stored citations come first in its history, from the statement's rows.
    const stored = together && op.action !== 'touch' ? { op: i } : {};
    if (op.action === 'merge') {
      const dup = before.get(op.id) ?? null;
      records.push({
        id: op.id,
        action: 'merge',
        before: dup,
        after: null,
        citations: cited,
        mergedInto: op.into,
        ...stored,
      });
      records.push({ id: op.into, action: 'update', before: before.get(op.into) ?? null, citations: cited, ...stored });
      continue;
    }
    const action = op.action === 'create' ? 'create' : op.action === 'delete' ? 'delete' : 'update';
    records.push({ id: result.id, action, before: before.get(result.id) ?? null, citations: cited, ...stored });
  }
  recordChanges(
    db,
    pipeline,
    ctx.actor,
    target,
    records,
    together ? { subjectColumn: target.citationColumn, lists } : undefined,
  );
  await pipeline.done();
  return results;
}

/**
 * What a patch would do to a stored entry, without writing or locking
 * anything: the API fields it would change, or what is wrong with it, the
 * entry as patched (`input`) and the attributes a citation without `fields`
 * supports (`supported`, those changed). Null when no entry has the id.
 * Imports check their rows this way before applying any (a change without a
 * source is refused at its line); `creating`: entries the same import
 * creates, which references may name; `citations`: the change's, to tell the
 * attributes it changes that none of them supports (`unsupported`,
 * `unsupportedChanges`); `sequence`: the words the import's earlier rows
 * gave their entries, against which a rename is checked (`duplicateRefusal`); `given.row`: the stored row, when the
 * caller has read it already (an import reads a chunk's rows together), else read here; `given.candidates`: the
 * entries its words may duplicate, when read with a chunk's (`DuplicateCandidates`).
 */
export async function previewUpdate<Input>(
  db: Db,
  spec: KindWritesSpec<Input>,
  id: string,
  patch: Record<string, unknown>,
  creating: ReadonlyMap<string, Record<string, unknown>> = new Map(),
  known?: KnownReferences,
  citations: readonly { fields: readonly string[] }[] = [],
  sequence?: SequenceWords,
  given: { row?: Record<string, unknown> | undefined; candidates?: DuplicateCandidates | undefined } = {},
): Promise<{
  changed: string[];
  errors: FieldError[];
  input: Input;
  /** The columns of the entry as the change leaves it (meaningless when there are errors). */
  columns: Record<string, unknown>;
  supported: string[];
  unsupported: string[];
  /** The stored row. */
  row: Record<string, unknown>;
  /** The words (`nameKey` of `idWords`) of the entry before and after the change, when it changes anything. */
  words: { before: string; after: string } | null;
} | null> {
  const { target } = spec;
  const row =
    (given.row as Row | undefined) ??
    (await db.execute<Row>(sql`select * from ${sql.identifier(target.tableName)} where id = ${id}`))[0];
  if (!row) return null;
  const sent = new Set(Object.keys(patch).filter((k) => patch[k] !== undefined));
  const context = { id, sent, row, creating, target, known, sequence };
  const input = patched(spec, row, patch);
  const { columns, errors } = await spec.toColumns(db, input, context);
  const changed = errors.length ? [] : changedFields(row, columns);
  // A change into another entry's words is refused as the envelope will (`duplicateRefusal`): an error of the change's
  // name, so that an import reports it at its line with the other bad rows rather than failing when applied.
  const words = changed.length
    ? { before: nameKey(spec.idWords(spec.fromRow(row))), after: nameKey(spec.idWords(input)) }
    : null;
  if (words && words.after !== words.before) {
    const duplicate = await duplicateError(db, spec, input, columns, id, sequence, given.candidates);
    if (duplicate) errors.push(duplicate);
  }
  const supported = citedNames(spec, changed);
  const unsupported = citations.length
    ? unsupportedChanges(input as Record<string, unknown>, supported, citations)
    : [];
  return { changed, errors, input, columns, supported, unsupported, row, words };
}
