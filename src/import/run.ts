// A bulk import in two passes over the file: first every row is checked and
// each bad one reported with its line; then, when none is bad (or with
// skipInvalid), the good rows are applied through the write envelope in
// batches, all in one transaction: a failure applies nothing.
import type { Db } from '../db/client.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import type { Actor } from '../keys/api-keys.js';
import { applyWrites, type WriteOp, type WriteResult } from '../writes/envelope.js';
import type { KindWritesSpec } from '../writes/kind-writes.js';
import type { WriteContext } from '../writes/transaction.js';
import { detectEncoding, type FileEncoding } from './encoding.js';
import { type CsvLayout, csvLayout, type ImportFormat, readRows, type SourceRow } from './read.js';

/** Rows written per call of the write envelope. */
const applyBatchSize = 500;

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
  /** The write of a checked row: a create for a new id, an update otherwise. */
  toOp(row: Row): WriteOp;
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
}

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Rows written per call of the write envelope (500). */
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

export async function runImport<Row>(db: Db, importer: Importer<Row>, options: ImportOptions): Promise<ImportSummary> {
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  // Rows naming entries the file creates, and the ids of the rows rejected (by line).
  const dependents: { line: number; key: string; raw: string; on: { field: string; id: string }[] }[] = [];
  const rejectedIds = new Map<string, number>();
  let rows = 0;
  const rowError = async (row: SourceRow): Promise<FieldError[] | null> => {
    if (!row.record) return [{ in: 'row', name: 'row', message: row.error ?? 'cannot be read' }];
    const result = await importer.validate(row.record);
    if (!result.ok) return result.errors;
    const key = importer.keyOf(result.value);
    const first = seen.get(key);
    if (first !== undefined) return [{ in: 'row', name: 'id', message: `'${key}' already appears at line ${first}` }];
    seen.set(key, row.line);
    const on = importer.dependsOn(result.value);
    if (on.length) dependents.push({ line: row.line, key, raw: row.raw, on });
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

  const layout = options.format === 'csv' ? await csvLayout(options.file) : undefined;
  const encoding = layout?.encoding ?? (await detectEncoding(options.file));
  const read = () => readRows(options.file, options.format, { layout, encoding });
  for await (const row of read()) if (row.record) importer.plan(row.record);
  for await (const row of read()) {
    rows++;
    const errors = await rowError(row);
    if (errors) {
      rejected.push({ line: row.line, errors, raw: row.raw });
      const id = row.record?.id;
      if (typeof id === 'string' && !seen.has(id)) rejectedIds.set(id, row.line);
    }
    if (rows % 1000 === 0) options.onProgress?.(rows, 'check');
  }
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
  };
  if (rejected.length && !options.skipInvalid) return summary;

  const bad = new Set(rejected.map((r) => r.line));
  try {
    await db.transaction(async (tx) => {
      const ctx: WriteContext = { db: tx as unknown as Db, actor: options.actor };
      let batch: { line: number; op: WriteOp }[] = [];
      let done = 0;
      const flush = async () => {
        if (!batch.length) return;
        let results: WriteResult[];
        try {
          results = await applyWrites(
            ctx,
            importer.spec,
            batch.map((b) => b.op),
          );
        } catch (error) {
          const index = error instanceof DomainError ? (error.op ?? 0) : 0;
          throw new ImportApplyError(batch[index]!.line, error);
        }
        for (const r of results)
          summary[r.outcome === 'created' ? 'created' : r.outcome === 'updated' ? 'updated' : 'unchanged']++;
        done += batch.length;
        options.onProgress?.(done, 'apply');
        batch = [];
      };
      // A row naming an entry the file creates further down waits until that entry is queued.
      const queued = new Set<string>();
      let waiting: { line: number; row: Row }[] = [];
      const waits = (row: Row) => importer.dependsOn(row).some(({ id }) => !queued.has(id));
      const queue = async (line: number, row: Row) => {
        batch.push({ line, op: importer.toOp(row) });
        queued.add(importer.keyOf(row));
        if (batch.length >= (options.batchSize ?? applyBatchSize)) await flush();
      };
      for await (const row of read()) {
        if (bad.has(row.line) || !row.record) continue;
        const result = await importer.validate(row.record);
        if (!result.ok)
          throw new ImportApplyError(
            row.line,
            new Error('passed the checks but fails them now: the file or the data changed during the import'),
          );
        if (waits(result.value)) waiting.push({ line: row.line, row: result.value });
        else await queue(row.line, result.value);
      }
      while (waiting.length) {
        const ready = waiting.filter((w) => !waits(w.row));
        // Rows that name each other in a cycle go as they are: the kind's rules refuse them.
        for (const w of ready.length ? ready : waiting) await queue(w.line, w.row);
        waiting = ready.length ? waiting.filter((w) => !ready.includes(w)) : [];
      }
      await flush();
      if (options.dryRun) throw new DryRunRollback();
    });
    summary.applied = !options.dryRun;
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return summary;
}
