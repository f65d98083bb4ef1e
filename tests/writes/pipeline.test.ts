// Statements sent without waiting (src/writes/transaction.ts, StatementPipeline), as the write envelope sends a
// batch's rows, citations, history and outbox: PostgreSQL runs them in the order sent, `done` throws the first
// failure in that order (not the « transaction is aborted » of those after it), and the transaction leaves nothing.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { StatementPipeline } from '../../src/writes/transaction.js';
import { testDatabase } from '../setup/database.js';

const { database } = await testDatabase();
const db = database.db;

const sourceRow = (id: string) =>
  sql`insert into sources (id, title, outlet, url) values (${id}, 'Titre', 'Média', ${`https://example.org/${id}`})`;
const stored = async (ids: string[]) =>
  (await db.execute<{ id: string }>(sql`select id from sources where id = any(${sql.param(ids)}) order by id`)).map(
    (r) => r.id,
  );

/**
 * What `send` sends on a pipeline in a transaction, once `done`, then the transaction rolled back (`rollback`) or
 * committed: the error the transaction ends with, if any.
 */
const sendAll = (send: (pipeline: StatementPipeline, tx: Db) => void, rollback = false) =>
  db
    .transaction(async (txDb) => {
      const pipeline = new StatementPipeline();
      send(pipeline, txDb as unknown as Db);
      await pipeline.done();
      if (rollback) throw new Error('rolled back');
    })
    .then(
      () => null,
      (error: unknown) => error,
    );

describe('StatementPipeline', () => {
  it('runs the statements in the order sent, each seeing the last', async () => {
    const seen: number[] = [];
    const ended = await sendAll((pipeline, tx) => {
      pipeline.execute(tx, sourceRow('pipeline-a'));
      pipeline.execute(tx, sourceRow('pipeline-b'));
      pipeline.execute<{ n: number }>(
        tx,
        sql`select count(*)::int as n from sources where id in ('pipeline-a', 'pipeline-b')`,
        (rows) => seen.push(rows[0]!.n),
      );
    }, true);
    expect((ended as Error).message).toBe('rolled back');
    expect(seen).toEqual([2]);
    expect(await stored(['pipeline-a', 'pipeline-b'])).toEqual([]);
  });

  it('throws the first failure in the order sent; the transaction writes nothing', async () => {
    const failure = await sendAll((pipeline, tx) => {
      pipeline.execute(tx, sourceRow('pipeline-c'));
      pipeline.execute(tx, sourceRow('pipeline-c')); // the same id again: a unique violation
      pipeline.execute(tx, sourceRow('pipeline-d')); // fails only because the transaction is aborted
    });
    const codes = (e: unknown): unknown[] =>
      e && typeof e === 'object' ? [(e as { code?: unknown }).code, ...codes((e as { cause?: unknown }).cause)] : [];
    expect(codes(failure)).toContain('23505');
    expect(await stored(['pipeline-c', 'pipeline-d'])).toEqual([]);
  });

  it('runs a statement sent again with other parameters (prepared once) with those parameters', async () => {
    const seen: string[][] = [];
    const count = (ids: string[]) =>
      sql`select id from jsonb_to_recordset(${JSON.stringify(ids.map((id) => ({ id })))}::jsonb) as r(id text)
           where id = any(${sql.param(ids)}) order by id`;
    const ended = await sendAll((pipeline, tx) => {
      for (const ids of [['a'], ['b', 'c'], [], ['d']]) {
        pipeline.execute<{ id: string }>(tx, count(ids), (rows) => seen.push(rows.map((r) => r.id)));
      }
    });
    expect(ended).toBeNull();
    expect(seen).toEqual([['a'], ['b', 'c'], [], ['d']]);
  });

  it('throws a refusal of a result (onResult) before the failures of the statements after it', async () => {
    const failure = await sendAll((pipeline, tx) => {
      pipeline.execute(tx, sourceRow('pipeline-e'), () => {
        throw new Error('refused');
      });
      pipeline.execute(tx, sql`select 1 / 0`);
    });
    expect((failure as Error).message).toBe('refused');
    expect(await stored(['pipeline-e'])).toEqual([]);
  });
});
