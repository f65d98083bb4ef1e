// The connections exports stream from, apart from the API's pool. An export
// holds its connection (and its transaction's snapshot) for as long as its
// client takes to read it: on the pool, a few clients that stop reading would
// hold every connection the other requests need (verify48 fault 02: ten stalled
// exports, every read hung). Each export gets a client of its own, at most
// `max` at once (the next ones are refused at once, a 503), closed after it: one
// connection streams, and a second is opened only to cancel that stream when the
// export's reader leaves (cancelling from the pool would wait for a connection
// that the stalled exports themselves hold).
import postgres from 'postgres';
import { connectTimeoutSeconds } from './client.js';

/** One export's connection: `sql` runs its statements; `close` ends it. */
export interface ExportConnection {
  /**
   * A postgres.js client of at most two connections, opened for this export: one streams (reserved), the other is
   * there to cancel it.
   */
  sql: postgres.Sql;
  /**
   * Closes the client and frees its place. `finished`: the export ran to its end, its connections end politely;
   * otherwise they are given 5 s to end what they ran, then terminated.
   */
  close(finished: boolean): Promise<void>;
}

/** The bounded set of export connections of one API process. */
export class ExportConnections {
  private open = 0;

  /**
   * `max`: exports streaming at once (`MAX_CONCURRENT_EXPORTS`); `stallMs`: how long an export may wait on a client
   * that reads nothing before it is cut (`EXPORT_STALL_TIMEOUT_MS`, applied by http/export.ts).
   */
  constructor(
    private readonly url: string,
    readonly max: number,
    readonly stallMs: number,
  ) {}

  /** Exports streaming now. */
  get active(): number {
    return this.open;
  }

  /**
   * A client for one export, or null when `max` exports already stream (the caller answers 503). Its connections
   * open on their first statement (bounded by `connectTimeoutSeconds`), without the API's statement_timeout: a slow
   * reader makes a long COPY, which the stall bound of the HTTP layer ends instead.
   */
  take(applicationName = 'plateau-export'): ExportConnection | null {
    if (this.open >= this.max) return null;
    this.open++;
    const sql = postgres(this.url, {
      max: 2,
      onnotice: () => {},
      connect_timeout: connectTimeoutSeconds,
      idle_timeout: 0,
      max_lifetime: 0,
      connection: { application_name: applicationName, statement_timeout: 0 },
    });
    let closing: Promise<void> | undefined;
    const close = (finished: boolean) => {
      closing ??= sql
        .end({ timeout: finished ? 1 : 5 })
        .catch(() => {})
        .finally(() => {
          this.open--;
        });
      return closing;
    };
    return { sql, close };
  }
}
