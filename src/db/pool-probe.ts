// Whether the API's pool gives a connection now. A pool whose every connection
// is held (long statements, or a lock waited on) is not a database that is
// down: the database watch (watch.ts) probes on a connection of its own and
// says whether PostgreSQL answers; this says whether the pool does.
import type postgres from 'postgres';
import { within } from './watch.js';

/**
 * Probes the pool `sql` with `select 1`, one probe queued at a time whoever asks: a pool with no connection to give
 * would otherwise gather a probe per caller in its queue.
 */
export class PoolProbe {
  private pending: Promise<unknown> | undefined;

  constructor(private readonly sql: postgres.Sql) {}

  /** True when a `select 1` sent through the pool (or the one already on its way) answers within `ms`. */
  answers(ms: number): Promise<boolean> {
    this.pending ??= Promise.resolve(this.sql`select 1`).finally(() => {
      this.pending = undefined;
    });
    return within(ms, this.pending, 'the pool gave no connection in time').then(
      () => true,
      () => false,
    );
  }
}
