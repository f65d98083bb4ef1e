// Whether PostgreSQL answers now. A frozen server (SIGSTOP, a stuck disk)
// accepts connections and never replies, so errors alone do not tell: a probe
// runs `select 1` every second on a connection of its own, bounded by a short
// timeout, and the API turns requests away with a 503 while it fails.
import postgres from 'postgres';

export interface DatabaseWatchOptions {
  /** Between two probes, in ms. */
  intervalMs?: number;
  /** A probe that takes longer fails, in ms. */
  timeoutMs?: number;
  /** Told when the state changes. */
  onChange?: (state: DatabaseState, detail: string | undefined) => void;
}

export type DatabaseState = 'up' | 'down';

/**
 * Runs `work`, or rejects after `ms` with `message`. Work that fails after the time is up fails unheard (a probe's
 * query rejected when its connection is dropped): an unhandled rejection would stop the process.
 */
export async function within<T>(ms: number, work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => {});
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Probes the database at `url` until `stop()`. `state` is `up` until a probe fails (an error, or no answer within
 * `timeoutMs`), then `down` until one succeeds. A probe that timed out drops its connection, so that the next one
 * does not queue behind it.
 */
export class DatabaseWatch {
  state: DatabaseState = 'up';
  private sql: postgres.Sql | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly intervalMs: number;
  readonly timeoutMs: number;

  constructor(
    private readonly url: string,
    private readonly options: DatabaseWatchOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 1_500;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number) {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.probe();
      this.schedule(this.intervalMs);
    }, delay);
    this.timer.unref();
  }

  private recheckRun: Promise<boolean> | undefined;

  /**
   * While `down`, one probe shared by every caller (requests arriving together wait on the same one): a database
   * that came back is used at once, not at the next periodic probe.
   */
  recheck(): Promise<boolean> {
    if (this.state === 'up') return Promise.resolve(true);
    this.recheckRun ??= this.probe().finally(() => {
      this.recheckRun = undefined;
    });
    return this.recheckRun;
  }

  /**
   * Runs `work` on the watch's own connection (not the API's pool, whose connections may all be held): for checks
   * that must say whether PostgreSQL answers, not whether the pool has a connection to spare (/ready). Unbounded:
   * the caller bounds it.
   */
  run<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
    return work(this.client());
  }

  private client(): postgres.Sql {
    this.sql ??= postgres(this.url, {
      max: 1,
      onnotice: () => {},
      connect_timeout: Math.ceil(this.timeoutMs / 1000) + 1,
      idle_timeout: 0,
      // `select 1` needs no array types; and a connection dropped by a timeout while it fetched them would reject
      // that internal query with nobody to hear it (an unhandled rejection stops the process).
      fetch_types: false,
      connection: { application_name: 'plateau-watch' },
    });
    return this.sql;
  }

  /** One probe now; true when the database answered in time. Updates `state`. */
  async probe(): Promise<boolean> {
    const sql = this.client();
    try {
      await within(this.timeoutMs, sql`select 1`, `no answer within ${this.timeoutMs} ms`);
      this.set('up', undefined);
      return true;
    } catch (error) {
      this.sql = undefined;
      void sql.end({ timeout: 0 }).catch(() => {});
      this.set('down', error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private set(state: DatabaseState, detail: string | undefined) {
    if (state === this.state) return;
    this.state = state;
    this.options.onChange?.(state, detail);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sql?.end({ timeout: 1 }).catch(() => {});
    this.sql = undefined;
  }
}
