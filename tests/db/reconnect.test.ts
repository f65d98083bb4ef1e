// A connection whose server process ended while a query ran (PostgreSQL killed and restarted, a backend
// terminated) is opened again for the next query, which gets its own answer: not the error the dead
// process sent before it closed (postgres.js replayed it; patched in patches/, porsager/postgres#1223). The fault
// suite saw it as an export failing 15 s after the bundled PostgreSQL had restarted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/client.js';
import { testDatabase } from '../setup/database.js';

describe('a pool connection whose backend was terminated mid-query', () => {
  let url: string;
  let admin: Database;
  let pool: Database;

  beforeAll(async () => {
    ({ url, database: admin } = await testDatabase({ empty: true }));
    pool = connect(url, { max: 1 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  /** Runs a long query on the pool's one connection and terminates its backend; the query's error. */
  async function terminateMidQuery(): Promise<unknown> {
    const [session] = await pool.sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const running = pool.sql`select pg_sleep(30)`.then(
      () => null,
      (error: unknown) => error,
    );
    await expect
      .poll(async () => {
        const [row] = await admin.sql<{ state: string }[]>`
          select state from pg_stat_activity where pid = ${session?.pid ?? 0}`;
        return row?.state;
      })
      .toBe('active');
    await admin.sql`select pg_terminate_backend(${session?.pid ?? 0})`;
    return running;
  }

  it('answers the next query on a new connection', async () => {
    const error = await terminateMidQuery();
    expect(error).toBeInstanceOf(Error);
    const [row] = await pool.sql<{ answer: number }[]>`select 42 as answer`;
    expect(row?.answer).toBe(42);
  });

  it('gives a reserved connection (an export’s) that answers', async () => {
    await terminateMidQuery();
    const reserved = await pool.sql.reserve();
    try {
      const [row] = await reserved<{ answer: number }[]>`select 43 as answer`;
      expect(row?.answer).toBe(43);
    } finally {
      reserved.release();
    }
  });
});
