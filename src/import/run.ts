// A bulk import: one pass notes the ids the file creates, one pass checks
// every row once (a chunk at a time) and streams it with COPY into a staging
// table, each bad one reported with its line; repeated ids and rows naming a
// bad row are found there with SQL. Then, when none is bad (or with
// skipInvalid), the staged rows are read back in batches, entries named by
// other rows first, and applied through the write envelope (set-based
// bookkeeping: rows, citations, history, search outbox), all in one
// transaction: a failure applies nothing. Memory holds a chunk of rows and the
// first few bad ones (every bad one goes to `onRejected` as it is found),
// whatever the size of the file.
import type { Db } from '../db/client.js';
import { lostSession, postgresRefusal } from '../db/errors.js';
import { bookkeepingTables, refreshStatistics } from '../db/statistics.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import type { Actor } from '../keys/api-keys.js';
import { applyWrites, type WriteOp, type WriteResult } from '../writes/envelope.js';
import type { KindWritesSpec, KnownReferences } from '../writes/kind-writes.js';
import type { WriteContext } from '../writes/transaction.js';
import { importCommitted } from './committed.js';
import { shadowDirectory } from './dry-run.js';
import { detectEncoding, type FileEncoding } from './encoding.js';
import {
  type CsvLayout,
  csvLayout,
  type ImportFormat,
  maxRowBytes,
  type RowPlace,
  readRows,
  rowByLine,
  type SourceRow,
} from './read.js';
import { keptRejections, Rejections } from './rejections.js';
import { clientOf, ImportStaging, ImportStagingError, type StagedWrite } from './staging.js';

export { ImportStagingError } from './staging.js';

/** Rows written per call of the write envelope. */
const applyBatchSize = 2_000;

export interface Importer<Row> {
  /** The kind's plural, as `--kind` names it. */
  kind: string;
  /** Its writes, for the envelope. */
  spec: KindWritesSpec<never>;
  /**
   * Notes an entry the file holds, before any row is checked: rows may name entries the file creates. Absent when
   * no row names an entry of the file (the file is then read once, not twice).
   */
  plan?(record: Record<string, unknown>): void;
  validate(record: Record<string, unknown>): Promise<{ ok: true; value: Row } | { ok: false; errors: FieldError[] }>;
  keyOf(row: Row): string;
  /** The entries the file creates that a checked row names, by field (a parent group): they are written first. */
  dependsOn(row: Row): { field: string; id: string }[];
  /**
   * The write of a checked row: a create for a new id, an update otherwise. An importer of several kinds
   * (`specs`) names the kind of each write (`kind`).
   */
  toOp(row: Row): WriteOp | KindOp;
  /** The writes of each kind, by name, for an importer whose rows are of several kinds (an open-data file). */
  specs?: Record<string, KindWritesSpec<never>>;
  /** References found while checking, reused when applying. */
  known?: KnownReferences;
  /**
   * Looks up, in a few queries, what checking these rows needs, before each is validated: while the chunk before is
   * still being checked, so without changing what its checks see; resolves to the function that makes it what they
   * see, called right before these rows are checked. With it, rows are read a chunk or two (500 rows each) ahead of
   * their checks; without, each is checked as soon as it is read.
   */
  lookup?(records: Record<string, unknown>[]): Promise<() => void>;
  /**
   * The refusal of the row `line` that writes the entry of `key` an earlier row (`first`) already writes (both
   * numbered as the rows are), in the words of the file: an importer whose keys or row numbers are its own (several
   * files, internal ids) names the user's identifier and the file's line. By default « 'key' already appears at
   * line first ».
   */
  repeated?(key: string, first: number, line: number): FieldError;
}

/** A write of one of the kinds of an importer of several kinds (`Importer.specs`). */
export interface KindOp {
  kind: string;
  op: WriteOp;
}

export interface Rejected {
  line: number;
  errors: FieldError[];
  raw: string;
}

/** How many rejected rows a summary keeps (`ImportSummary.rejected`); every one goes to `onRejected`. */
export { keptRejections };

export interface ImportSummary {
  /** The character encoding the file was read in (told from its bytes). */
  encoding: FileEncoding;
  /** How a CSV file is written (its separator and columns, to write its rejected rows alike); null for JSON. */
  layout: CsvLayout | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** How many rows were rejected. */
  rejectedRows: number;
  /**
   * The first rows rejected (at most `keptRejections`, 100: those found first), in the order of lines: a file of a
   * million bad rows is not held in memory. Every rejected row goes to `ImportOptions.onRejected` as it is found.
   */
  rejected: Rejected[];
  applied: boolean;
  /** The same counts by kind, for an importer of several kinds. */
  byKind: Record<string, { created: number; updated: number; unchanged: number }>;
}

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  /** The rows to import, when not read from `file` (an open-data file, read and filtered by its own reader). */
  rows?: () => AsyncIterable<SourceRow>;
  /** Writes made first in the import's transaction, rolled back with it (the source of an open-data edition). */
  prepare?: (db: Db) => Promise<void>;
  /**
   * Writes made last in the import's transaction, once every row is applied, rolled back with it (an open-data
   * edition's citations that the new one replaces, its source dropped when nothing cites it).
   */
  finish?: (db: Db) => Promise<void>;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /**
   * Told each rejected row (its line, errors and text) as soon as it is found, awaited before the next row: the rows
   * refused by their checks in the order of the file, then those refused once every row is checked (a repeated id, a
   * row naming a refused row) in the order of the file. Where a CLI reports them and writes them out, so that memory
   * does not grow with their number (the summary keeps the first few only).
   */
  onRejected?: (row: Rejected) => void | Promise<void>;
  /**
   * How the messages name a row by its key (read.ts `RowPlace`): « line 12 » by default, « row 3 (line 1) » in a
   * JSON array whose elements share lines (`jsonRowPlaces`).
   */
  place?: RowPlace;
  /** Rows written per call of the write envelope (2,000). */
  batchSize?: number;
  actor: Actor;
  /** The import withholds, itself, what Sirene says is not to be published (`WriteContext.withholdsNonDiffusible`). */
  withholdsNonDiffusible?: boolean;
  /** Called every so many rows, with the rows done and the phase. */
  onProgress?: (done: number, phase: 'check' | 'apply') => void;
  /**
   * Checks the file's rows elsewhere (a worker thread, `checkInWorker`), given how the file is read; the checks are
   * then those of that other importer (of the same kind), and this one's only applies. Not with `rows`.
   */
  checked?: (read: ReadSetup) => AsyncIterable<CheckedRow[]>;
}

/** How the file is read: what `readRows` needs besides the file (told once, before the rows are checked). */
export interface ReadSetup {
  file: string;
  format: ImportFormat;
  layout: CsvLayout | undefined;
  encoding: FileEncoding;
}

/**
 * A row once checked, in the order of the file: a refused one (`errors`, its text, the id it gave) or a good one
 * (the key of its entry, the entries of the file it names, its write). Plain data, to cross from a worker thread.
 */
export type CheckedRow =
  | { line: number; errors: FieldError[]; raw: string; key: string | null }
  | { line: number; errors?: undefined; key: string; names: { field: string; id: string }[]; op: WriteOp | KindOp };

/** Rows checked per message of `checkRows`' batches. */
const checkedBatchSize = 250;

/**
 * The text a chunk of rows read ahead (their `raw`), or a batch of checked rows (the refused ones' `raw`), holds at
 * most before it goes on, in characters: with rows up to `maxRowBytes` long, 500 rows would hold 500 MiB.
 */
const heldText = 4 * maxRowBytes;

/**
 * Reads the rows (`read`, twice when the importer plans) and checks each once, a chunk at a time (its look-ups made
 * first), in the order of the file: batches of checked rows, as `runImport` stages and applies them.
 */
export async function* checkRows<Row>(
  importer: Importer<Row>,
  read: () => AsyncIterable<SourceRow>,
): AsyncGenerator<CheckedRow[]> {
  if (importer.plan) for await (const row of read()) if (row.record) importer.plan(row.record);
  const checkOne = async (row: SourceRow): Promise<CheckedRow> => {
    if (!row.record) {
      const errors = [{ in: 'row' as const, name: row.errorField ?? 'row', message: row.error ?? 'cannot be read' }];
      return { line: row.line, errors, raw: row.raw, key: null };
    }
    const result = await importer.validate(row.record);
    if (!result.ok) {
      const id = row.record.id;
      return { line: row.line, errors: result.errors, raw: row.raw, key: typeof id === 'string' ? id : null };
    }
    const value = result.value;
    const names = importer.dependsOn(value);
    return { line: row.line, key: importer.keyOf(value), names, op: importer.toOp(value) };
  };
  // Without a lookup, each row is checked as soon as it is read: an importer's own rows may depend on the checks
  // of the rows before them (Sirene's commune centres on the sites it has not placed).
  if (!importer.lookup) {
    for await (const row of read()) yield [await checkOne(row)];
    return;
  }
  const lookup = importer.lookup.bind(importer);
  // A chunk's look-ups are sent as soon as it is read, and run while the chunk before it is checked.
  const lookedUp = (rows: SourceRow[]) => {
    const ready = lookup(rows.flatMap((r) => (r.record ? [r.record] : [])));
    ready.catch(() => {});
    return { rows, ready };
  };
  let checked: CheckedRow[] = [];
  let checkedText = 0;
  async function* checkChunk(chunk: { rows: SourceRow[]; ready: Promise<() => void> }) {
    (await chunk.ready)();
    for (const r of chunk.rows) {
      const row = await checkOne(r);
      checked.push(row);
      checkedText += row.errors ? row.raw.length : 0;
      if (checkedText >= heldText) {
        yield checked;
        checked = [];
        checkedText = 0;
      }
    }
    if (checked.length >= checkedBatchSize) {
      yield checked;
      checked = [];
      checkedText = 0;
    }
  }
  let ahead: ReturnType<typeof lookedUp> | null = null;
  let chunk: SourceRow[] = [];
  let chunkText = 0;
  for await (const row of read()) {
    chunk.push(row);
    chunkText += row.raw.length;
    if (chunk.length < checkChunkSize && chunkText < heldText) continue;
    const next = lookedUp(chunk);
    chunk = [];
    chunkText = 0;
    if (ahead) yield* checkChunk(ahead);
    ahead = next;
  }
  if (ahead) yield* checkChunk(ahead);
  if (chunk.length) yield* checkChunk(lookedUp(chunk));
  if (checked.length) yield checked;
}

class DryRunRollback extends Error {}

/** A row that passed the checks but failed when applied: nothing was applied. */
export class ImportApplyError extends Error {
  constructor(
    readonly line: number,
    cause: unknown,
    place: RowPlace = rowByLine,
  ) {
    super(`${place(line)}: ${reasonOf(cause)}`, { cause });
  }
}

/** What to say of an error: PostgreSQL's own message rather than drizzle's « Failed query » around it. */
function reasonOf(error: unknown): string {
  return postgresRefusal(error)?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Rows read, then checked, between two look-ups of what their checks need (`Importer.lookup`). */
const checkChunkSize = 500;

/**
 * Imports a file of one kind. Checks every row once (the API's rules) and
 * stages it; applies nothing when one is bad, unless `skipInvalid` (the good
 * ones are applied, the bad ones returned). All rows are applied in one
 * transaction (`dryRun` rolls it back). Throws ImportStagingError when
 * PostgreSQL refuses a checked row while staging it, and ImportApplyError,
 * naming the line, when a checked row fails when applied: nothing is applied.
 */
export async function runImport<Row>(db: Db, importer: Importer<Row>, options: ImportOptions): Promise<ImportSummary> {
  const summary = await importRows(db, importer, options);
  if (summary?.applied) {
    const specs = importer.specs ? Object.values(importer.specs) : [importer.spec];
    const tables = [...specs.map((spec) => spec.target.tableName), ...bookkeepingTables];
    await refreshStatistics(db, tables, summary.created + summary.updated);
  }
  return summary;
}

/** `runImport` but the statistics' refresh. */
async function importRows<Row>(db: Db, importer: Importer<Row>, options: ImportOptions): Promise<ImportSummary> {
  const eager = !importer.plan && !importer.specs && !options.skipInvalid && poolSize(db) >= 3;
  try {
    // An early apply that PostgreSQL refused is done again the staged way, which names the row refused.
    return (await importOnce(db, importer, options, eager)) ?? (await importOnce(db, importer, options, false))!;
  } catch (error) {
    // The row named as the file's rows are (`options.place`: « row 3 (line 1) » in a minified JSON array).
    const { place } = options;
    if (place && error instanceof ImportApplyError) throw new ImportApplyError(error.line, error.cause, place);
    if (place && error instanceof ImportStagingError && error.line !== null) {
      throw new ImportStagingError(error.line, error.cause, place);
    }
    throw error;
  }
}

/**
 * `runImport`, applying while checking when `eager` (see EarlyApply): then the staging table keeps no writes (only
 * what finds repeated ids), and null is returned when the early apply failed with no row refused.
 */
async function importOnce<Row>(
  db: Db,
  importer: Importer<Row>,
  options: ImportOptions,
  eager: boolean,
): Promise<ImportSummary | null> {
  const rejected = new Rejections<Rejected>(options.onRejected);
  let rows = 0;
  const staging = await ImportStaging.create(db);
  let early: EarlyApply | null = null;
  try {
    /** Stages a checked row: its write when it is good, else the id it gives, for rows naming it. */
    const stage = async (row: CheckedRow): Promise<void> => {
      if (row.errors) {
        void early?.abandon();
        await rejected.add({ line: row.line, errors: row.errors, raw: row.raw });
        if (row.key !== null) await staging.write({ line: row.line, key: row.key, op: null });
        return;
      }
      // Applied early, a write is not read back from staging: only its key is staged.
      await staging.write({ line: row.line, key: row.key, names: row.names, op: early ? true : row.op });
      await early?.add({ line: row.line, op: row.op as WriteOp });
    };

    // Applied while the next rows are checked, when nothing can reorder nor drop a checked row (see EarlyApply).
    early = eager ? new EarlyApply(db, importer, options) : null;
    const given = options.rows;
    const layout = !given && options.format === 'csv' ? await csvLayout(options.file) : undefined;
    const encoding = given ? 'utf-8' : (layout?.encoding ?? (await detectEncoding(options.file)));
    const read = given ?? (() => readRows(options.file, options.format, { layout, encoding }));
    const checked =
      options.checked && !given
        ? options.checked({ file: options.file, format: options.format, layout, encoding })
        : checkRows(importer, read);
    for await (const batch of checked) {
      for (const row of batch) {
        rows++;
        await stage(row);
        if (rows % 1000 === 0) options.onProgress?.(rows, 'check');
      }
    }
    await staging.finish();
    if (await staging.refuseLate()) {
      // Refused once every row was checked (a repeated id, a refused row named): their text is read again, the file
      // and the refusals both in the order of lines.
      const rawAt = rawsInOrder(read);
      try {
        for await (const late of staging.lateRefusals(options.place)) {
          for (const r of late) {
            const error =
              r.repeats && importer.repeated ? importer.repeated(r.repeats.key, r.repeats.first, r.line) : r.error;
            await rejected.add({ line: r.line, errors: [error], raw: await rawAt.next(r.line) });
          }
        }
      } finally {
        await rawAt.close();
      }
    }
    const summary: ImportSummary = {
      encoding,
      layout: layout ?? null,
      rows,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejectedRows: rejected.count,
      rejected: rejected.first(),
      applied: false,
      byKind: {},
    };
    if (early) {
      // Every row checked and none refused: what was applied meanwhile is all of it (nothing else is applied). Else
      // a refused row applies nothing (no --skip-invalid here), and a refused write is applied again, staged.
      const applied = await early.settle(!rejected.count, summary);
      return applied || rejected.count ? summary : null;
    }
    if (rejected.count && !options.skipInvalid) return summary;
    await staging.order();

    try {
      await applyStaged(db, importer, staging, options, { summary });
      summary.applied = !options.dryRun;
      if (summary.applied) importCommitted();
    } catch (error) {
      // PostgreSQL refused a statement of a batch without saying which row: it is found by applying again.
      if (error instanceof FailedRun) await applyStaged(db, importer, staging, options, { locate: error });
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return summary;
  } finally {
    // An early apply left open by an error rolls back (and gives its connection back) first.
    await early?.abandon();
    await staging.drop();
  }
}

/**
 * Whether the writes of a dry run are only checked (writes/transaction.ts `planOnly`: nothing written nor locked, no
 * API write waits for it): a dry run of one kind's file (`npm run import`). An open-data importer's dry run (several
 * kinds, `specs`) applies its writes on a copy of the directory and rolls them back (`shadowDirectory`, dry-run.ts),
 * its sources written first (`prepare`): its later rows read what the earlier ones write.
 */
const planOnly = (importer: Importer<unknown>, options: ImportOptions): boolean =>
  Boolean(options.dryRun && !importer.specs);

/** The write context of an import's transaction `db`: its actor, the references its importer found, its options. */
const importContext = (db: Db, importer: Importer<unknown>, options: ImportOptions): WriteContext => ({
  db,
  actor: options.actor,
  known: importer.known,
  withholdsNonDiffusible: options.withholdsNonDiffusible,
  planOnly: planOnly(importer, options),
});

/** The connections of the pool under a drizzle handle (postgres.js's `max`). */
function poolSize(db: Db): number {
  return (clientOf(db) as unknown as { options?: { max?: number } }).options?.max ?? 1;
}

/** The end of an early apply that is not kept: its transaction rolls back. */
class Abandoned extends Error {}

/**
 * Applies checked rows while the next ones are checked: batches of writes, in the order of lines, through the write
 * envelope in one transaction of its own, each batch handed over as soon as it is full, or a quarter full when the
 * transaction is idle (one batch applied while the next one fills; the check waits when PostgreSQL is behind; what is
 * left to apply after the last row is checked stays small). Only for a file whose rows name no entry of the file and
 * with no refused row skipped: the order is then the lines', the same as the staged apply. Anything else (a refused
 * row, a repeated id found once every row is checked, a write PostgreSQL refuses) abandons it: its transaction rolls
 * back and the import applies from staging as without it, which names the refused row's line. Needs three
 * connections: the staging COPY, this transaction, and the checks' look-ups.
 */
class EarlyApply {
  private batch: { line: number; op: WriteOp }[] = [];
  private waiting: { line: number; op: WriteOp }[] | null = null;
  /** Wakes the transaction when a batch waits or the end is decided; wakes the check when a batch is taken. */
  private wakeApply: (() => void) | null = null;
  private wakeCheck: (() => void) | null = null;
  private ended = false;
  /** The transaction waits for a batch (`next`). */
  private applyIdle = false;
  private keep = false;
  private abandoned = false;
  private readonly counts = { created: 0, updated: 0, unchanged: 0 };
  private readonly done: Promise<void>;

  constructor(
    db: Db,
    private readonly importer: Importer<unknown>,
    private readonly options: ImportOptions,
  ) {
    this.done = db.transaction(async (tx) => {
      const ctx = importContext(tx as unknown as Db, importer, options);
      await options.prepare?.(ctx.db);
      let applied = 0;
      for (let writes = await this.next(); writes; writes = await this.next()) {
        for (const r of await applyWrites(
          ctx,
          importer.spec,
          writes.map((w) => w.op),
        )) {
          this.counts[r.outcome === 'created' ? 'created' : r.outcome === 'updated' ? 'updated' : 'unchanged']++;
        }
        applied += writes.length;
        options.onProgress?.(applied, 'apply');
      }
      if (!this.keep || options.dryRun) throw new Abandoned();
      await options.finish?.(ctx.db);
    });
    this.done.catch(() => {
      this.abandoned = true;
      this.wakeCheck?.();
    });
  }

  /** The next batch to apply, or null once the check is over (or the apply abandoned). */
  private async next(): Promise<{ line: number; op: WriteOp }[] | null> {
    this.applyIdle = true;
    while (!this.waiting && !this.ended && !this.abandoned) await new Promise<void>((r) => (this.wakeApply = r));
    this.applyIdle = false;
    const writes = this.abandoned ? null : this.waiting;
    this.waiting = null;
    this.wakeCheck?.();
    return writes;
  }

  /**
   * Hands a checked row's write over: a full batch, or a quarter of one when the transaction has nothing to do (so that
   * what is left to apply once the last row is checked is small); waits while a full batch is still waiting for it.
   */
  async add(write: { line: number; op: WriteOp }): Promise<void> {
    if (this.abandoned) return;
    this.batch.push(write);
    const size = this.options.batchSize ?? applyBatchSize;
    const idle = this.applyIdle && !this.waiting && this.batch.length >= Math.ceil(size / 4);
    if (this.batch.length < size && !idle) return;
    while (this.waiting && !this.abandoned) await new Promise<void>((r) => (this.wakeCheck = r));
    this.waiting = this.batch;
    this.batch = [];
    this.wakeApply?.();
  }

  /** Gives up (a row is refused): the transaction rolls back, nothing of it stays; resolves once it has. */
  abandon(): Promise<void> {
    this.abandoned = true;
    this.batch = [];
    this.wakeApply?.();
    return this.done.catch(() => {});
  }

  /**
   * Ends it once every row is checked: with `keep` (no row refused), the last batch is applied and the transaction
   * commits (rolls back in a dry run), its counts added to `summary`; true when it applied every row so. False when
   * it was abandoned (or fails now): nothing of it stays, and the rows are to be applied from staging.
   */
  async settle(keep: boolean, summary: ImportSummary): Promise<boolean> {
    if (!keep) void this.abandon();
    else if (!this.abandoned && this.batch.length) {
      while (this.waiting && !this.abandoned) await new Promise<void>((r) => (this.wakeCheck = r));
      this.waiting = this.batch;
      this.batch = [];
    }
    this.keep = keep && !this.abandoned;
    this.ended = true;
    this.wakeApply?.();
    try {
      await this.done;
    } catch (error) {
      // A session ended (an interrupted CLI's, cli/interrupt.ts) is no write PostgreSQL refused: nothing is applied
      // again from staging, which would commit after the interrupt.
      if (lostSession(error)) throw error;
      if (!(error instanceof Abandoned) || !this.keep) return false;
    }
    if (!this.keep) return false;
    Object.assign(summary, this.counts);
    summary.byKind[this.importer.kind] = { ...this.counts };
    summary.applied = !this.options.dryRun;
    if (summary.applied) importCommitted();
    return true;
  }
}

/**
 * The text of rows read again from the file, asked for in the order of lines (`next(line)`): the file is read once,
 * holding one row. '' for a line no row starts at.
 */
function rawsInOrder(read: () => AsyncIterable<SourceRow>): {
  next(line: number): Promise<string>;
  close(): Promise<void>;
} {
  const rows = read()[Symbol.asyncIterator]();
  let held: SourceRow | null = null;
  let done = false;
  return {
    async next(line) {
      while (!done && (!held || held.line < line)) {
        const next = await rows.next();
        if (next.done) done = true;
        else held = next.value;
      }
      return held?.line === line ? held.raw : '';
    },
    async close() {
      await rows.return?.();
    },
  };
}

/** A run of writes that PostgreSQL refused without naming its row (a constraint, a check); `run`: its rank. */
class FailedRun extends Error {
  constructor(
    readonly run: number,
    cause: unknown,
  ) {
    super((cause as Error).message, { cause });
  }
}

/**
 * Applies the staged writes in one transaction, a run of writes of one kind at
 * a time, counted in `summary`. Throws ImportApplyError when the envelope
 * names the row refused, FailedRun when PostgreSQL refused a run without
 * naming it. With `locate` (such a refusal), applies the runs before it
 * again, then finds the refused write of that run (`refusedWrite`) and throws
 * ImportApplyError at its line; nothing stays applied.
 */
async function applyStaged<Row>(
  db: Db,
  importer: Importer<Row>,
  staging: ImportStaging,
  options: ImportOptions,
  mode: { summary: ImportSummary } | { locate: FailedRun },
): Promise<void> {
  const summary = 'summary' in mode ? mode.summary : null;
  const locate = 'locate' in mode ? mode.locate : null;
  await db.transaction(async (tx) => {
    // A dry run that applies its writes applies them on a copy, locking and writing no row of the directory.
    if (options.dryRun && !planOnly(importer, options)) await shadowDirectory(tx as unknown as Db);
    const ctx = importContext(tx as unknown as Db, importer, options);
    await options.prepare?.(ctx.db);
    let done = 0;
    let rank = 0;
    for await (const batch of staging.batches(options.batchSize ?? applyBatchSize)) {
      // Consecutive writes of one kind go to the envelope together.
      for (const run of kindRuns(batch)) {
        const spec = run.kind ? importer.specs?.[run.kind] : importer.spec;
        if (!spec) throw new ImportApplyError(run.writes[0]!.line, new Error(`no writes for kind '${run.kind}'`));
        if (locate && rank === locate.run) {
          throw (
            (await refusedWrite(tx as unknown as Savepoints, ctx, spec, run.writes)) ??
            new ImportApplyError(run.writes[0]!.line, locate.cause)
          );
        }
        let results: WriteResult[];
        try {
          results = await applyWrites(
            ctx,
            spec,
            run.writes.map((w) => w.op),
          );
        } catch (error) {
          if (error instanceof DomainError && error.op !== undefined) {
            throw new ImportApplyError(run.writes[error.op]!.line, error);
          }
          // A session lost (ended by an interrupt) is no refusal to locate by applying again.
          if (lostSession(error)) throw error;
          throw run.writes.length > 1 ? new FailedRun(rank, error) : new ImportApplyError(run.writes[0]!.line, error);
        }
        rank++;
        if (!summary) continue;
        const kindName = run.kind ?? importer.kind;
        summary.byKind[kindName] ??= { created: 0, updated: 0, unchanged: 0 };
        const counts = summary.byKind[kindName];
        for (const r of results) {
          const outcome = r.outcome === 'created' ? 'created' : r.outcome === 'updated' ? 'updated' : 'unchanged';
          summary[outcome]++;
          counts[outcome]++;
        }
      }
      done += batch.length;
      if (summary) options.onProgress?.(done, 'apply');
    }
    // Not reached: the refused run comes again.
    if (locate) throw new ImportApplyError(0, locate.cause);
    await options.finish?.(ctx.db);
    if (options.dryRun) throw new DryRunRollback();
  });
}

/** A transaction that opens savepoints (drizzle's nested transactions). */
type Savepoints = { transaction<T>(work: (sp: unknown) => Promise<T>): Promise<T> };

/**
 * The write of a run that PostgreSQL refuses, found by halves: the first half
 * is applied in a savepoint; kept when it passes (the refusal is further on),
 * rolled back when it fails (the refusal is in it); down to one write. Null
 * when every write passes.
 */
async function refusedWrite(
  tx: Savepoints,
  ctx: WriteContext,
  spec: KindWritesSpec<never>,
  writes: { line: number; op: WriteOp }[],
): Promise<ImportApplyError | null> {
  const apply = (part: { op: WriteOp }[]) =>
    tx.transaction((sp) =>
      applyWrites(
        { ...ctx, db: sp as Db },
        spec,
        part.map((w) => w.op),
      ),
    );
  let from = 0;
  let to = writes.length;
  while (to - from > 1) {
    const middle = Math.floor((from + to) / 2);
    try {
      await apply(writes.slice(from, middle));
      from = middle;
    } catch {
      to = middle;
    }
  }
  try {
    await apply(writes.slice(from, from + 1));
    return null;
  } catch (error) {
    return new ImportApplyError(writes[from]!.line, error);
  }
}

/** A batch cut into runs of consecutive writes of one kind (`KindOp`s), or one run of plain writes. */
function kindRuns(batch: StagedWrite[]): { kind: string | null; writes: { line: number; op: WriteOp }[] }[] {
  const runs: { kind: string | null; writes: { line: number; op: WriteOp }[] }[] = [];
  for (const { line, op } of batch) {
    const tagged = 'kind' in op && 'op' in op ? (op as unknown as KindOp) : null;
    const kind = tagged?.kind ?? null;
    const last = runs.at(-1);
    const write = { line, op: tagged?.op ?? op };
    if (last && last.kind === kind) last.writes.push(write);
    else runs.push({ kind, writes: [write] });
  }
  return runs;
}
