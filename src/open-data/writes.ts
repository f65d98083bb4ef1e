// What the open-data importers share to write through the envelope: create bodies with the kind's defaults, and
// batches of writes of one kind.
import { applyWrites, type WriteOp, type WriteResult } from '../writes/envelope.js';
import type { KindWritesSpec } from '../writes/spec.js';
import type { WriteContext } from '../writes/transaction.js';

/** Writes per call of the write envelope. */
export const batchSize = 2_000;

/** A create body with the kind's defaults, as the API would take it (without its id and citations). */
export function createInput(
  writes: { createBody: { parse(v: unknown): unknown } },
  input: Record<string, unknown>,
): Record<string, unknown> {
  const { id: _, citations: __, ...body } = writes.createBody.parse(input) as Record<string, unknown>;
  return body;
}

/** Applies writes of one kind through the envelope, `batchSize` at a time, in the caller's transaction. */
export async function applyAll(ctx: WriteContext, spec: KindWritesSpec<never>, ops: WriteOp[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let i = 0; i < ops.length; i += batchSize) {
    results.push(...(await applyWrites(ctx, spec, ops.slice(i, i + batchSize))));
  }
  return results;
}
