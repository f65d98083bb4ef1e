// A bulk import: one pass notes the ids the file creates, one pass checks
// every row (once) and streams the good ones with COPY into a staging table,
// each bad one reported with its line; then, when none is bad (or with
// skipInvalid), the staged rows are read back in batches, entries named by
// other rows first, and applied through the write envelope (set-based
// bookkeeping: rows, citations, history, search outbox), all in one
// transaction: a failure applies nothing. Memory holds ids, not rows.
import type { Db } from '../db/client.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import type { Actor } from '../keys/api-keys.js';
import { applyWrites, type WriteOp, type WriteResult } from '../writes/envelope.js';
import type { KindWritesSpec, KnownReferences } from '../writes/kind-writes.js';
import type { WriteContext } from '../writes/transaction.js';
import { detectEncoding, type FileEncoding } from './encoding.js';
import { type CsvLayout, csvLayout, type ImportFormat, readRows, type SourceRow } from './read.js';
import { ImportStaging, type StagedWrite } from './staging.js';

/** Rows written per call of the write envelope. */
const applyBatchSize = 2_000;

export interface Importer<Row> {
  /** The kind's plural, as `--kind` names it. */
  kind: string;
  /** Its writes, for the envelope. */
  spec: KindWritesSpec<never>;
  /** Notes an entry the file holds, before any row is checked: rows may name entries the file creates. */
  plan(record: Record<string, unknown>): void;
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

export interface ImportSummary {
  /** The character encoding the file was read in (told from its bytes). */
  encoding: FileEncoding;
  /** How a CSV file is written (its separator and columns, to write its rejected rows alike); null for JSON. */
  layout: CsvLayout | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
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
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Rows written per call of the write envelope (2,000). */
  batchSize?: number;
  actor: Actor;
  /** Called every so many rows, with the rows done and the phase. */
  onProgress?: (done: number, phase: 'check' | 'apply') => void;
}

class DryRunRollback extends Error {}

/** A row that passed the checks but failed when applied: nothing was applied. */
export class ImportApplyError extends Error {
  constructor(
    readonly line: number,
    cause: unknown,
  ) {
    super(`line ${line}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Imports a file of one kind. Checks every row once (the API's rules) and
 * stages the good ones; applies nothing when one is bad, unless
 * `skipInvalid` (the good ones are applied, the bad ones returned). All rows
 * are applied in one transaction (`dryRun` rolls it back). Throws
 * ImportApplyError, naming the line, when a checked row fails when applied.
 */
export async function runImport<Row>(db: Db, importer: Importer<Row>, options: ImportOptions): Promise<ImportSummary> {
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  // Rows naming entries the file creates, and the ids of the rows rejected (by line).
  const dependents: { line: number; key: string; raw: string; on: { field: string; id: string }[] }[] = [];
  const rejectedIds = new Map<string, number>();
  let rows = 0;
  const staging = await ImportStaging.create(db);
  try {
    /** The row's errors, or null when it is good: then its write is staged. */
    const check = async (row: SourceRow): Promise<FieldError[] | null> => {
      if (!row.record) return [{ in: 'row', name: 'row', message: row.error ?? 'cannot be read' }];
      const result = await importer.validate(row.record);
      if (!result.ok) return result.errors;
      const key = importer.keyOf(result.value);
      const first = seen.get(key);
      if (first !== undefined) return [{ in: 'row', name: 'id', message: `'${key}' already appears at line ${first}` }];
      seen.set(key, row.line);
      const on = importer.dependsOn(result.value);
      if (on.length) dependents.push({ line: row.line, key, raw: row.raw, on });
      await staging.write(row.line, importer.toOp(result.value));
      return null;
    };
    /** Rejects the rows that name an entry whose own row is rejected, and so on down. */
    const rejectDependents = () => {
      for (const id of seen.keys()) rejectedIds.delete(id);
      for (let grew = true; grew; ) {
        grew = false;
        for (const d of dependents) {
          const on = d.on.find(({ id }) => rejectedIds.has(id));
          if (!on || rejectedIds.has(d.key)) continue;
          const message = `names '${on.id}', whose row (line ${rejectedIds.get(on.id)}) is rejected`;
          rejected.push({ line: d.line, errors: [{ in: 'row', name: on.field, message }], raw: d.raw });
          rejectedIds.set(d.key, d.line);
          grew = true;
        }
      }
      rejected.sort((a, b) => a.line - b.line);
    };

    const given = options.rows;
    const layout = !given && options.format === 'csv' ? await csvLayout(options.file) : undefined;
    const encoding = given ? 'utf-8' : (layout?.encoding ?? (await detectEncoding(options.file)));
    const read = given ?? (() => readRows(options.file, options.format, { layout, encoding }));
    for await (const row of read()) if (row.record) importer.plan(row.record);
    for await (const row of read()) {
      rows++;
      const errors = await check(row);
      if (errors) {
        rejected.push({ line: row.line, errors, raw: row.raw });
        const id = row.record?.id;
        if (typeof id === 'string' && !seen.has(id)) rejectedIds.set(id, row.line);
      }
      if (rows % 1000 === 0) options.onProgress?.(rows, 'check');
    }
    await staging.finish();
    rejectDependents();
    const summary: ImportSummary = {
      encoding,
      layout: layout ?? null,
      rows,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected,
      applied: false,
      byKind: {},
    };
    if (rejected.length && !options.skipInvalid) return summary;
    await staging.order(
      rejected.map((r) => r.line),
      waves(dependents, seen),
    );

    try {
      await db.transaction(async (tx) => {
        const ctx: WriteContext = { db: tx as unknown as Db, actor: options.actor, known: importer.known };
        await options.prepare?.(ctx.db);
        let done = 0;
        for await (const batch of staging.batches(options.batchSize ?? applyBatchSize)) {
          // Consecutive writes of one kind go to the envelope together.
          for (const run of kindRuns(batch)) {
            const spec = run.kind ? importer.specs?.[run.kind] : importer.spec;
            if (!spec) throw new ImportApplyError(run.writes[0]!.line, new Error(`no writes for kind '${run.kind}'`));
            let results: WriteResult[];
            try {
              results = await applyWrites(
                ctx,
                spec,
                run.writes.map((b) => b.op),
              );
            } catch (error) {
              const index = error instanceof DomainError ? (error.op ?? 0) : 0;
              throw new ImportApplyError(run.writes[index]!.line, error);
            }
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
          options.onProgress?.(done, 'apply');
        }
        if (options.dryRun) throw new DryRunRollback();
      });
      summary.applied = !options.dryRun;
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return summary;
  } finally {
    await staging.drop();
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

/**
 * The order in which rows naming entries the file creates are applied: a row
 * whose entries are all applied before it (earlier lines) keeps its place
 * (wave 0); one that names an entry further down waits for it: wave 1 after
 * every row of wave 0, wave 2 after wave 1… Rows that name each other in a
 * cycle go last as they are: the kind's rules refuse them. By line.
 */
function waves(
  dependents: { line: number; key: string; on: { id: string }[] }[],
  lineOf: ReadonlyMap<string, number>,
): Map<number, number> {
  const wave = new Map<number, number>();
  const waiting = new Set<string>();
  let pending: typeof dependents = [];
  for (const d of [...dependents].sort((a, b) => a.line - b.line)) {
    const later = d.on.some(({ id }) => (lineOf.get(id) ?? 0) > d.line || waiting.has(id));
    if (!later) continue;
    waiting.add(d.key);
    pending.push(d);
  }
  for (let n = 1; pending.length; n++) {
    const ready = pending.filter((d) => !d.on.some(({ id }) => waiting.has(id)));
    const going = ready.length ? ready : pending;
    for (const d of going) wave.set(d.line, n);
    for (const d of going) waiting.delete(d.key);
    pending = ready.length ? pending.filter((d) => !ready.includes(d)) : [];
  }
  return wave;
}
