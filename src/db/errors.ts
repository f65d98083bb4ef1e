// What PostgreSQL said when it refused a statement, apart from drizzle's « Failed query: … params: … » around it
// (the statement and every value it was sent: kilobytes of SQL and JSON, for a debug log, never for a person).

/** The fields of postgres.js's PostgresError that tell what PostgreSQL refused. */
export interface PostgresRefusal {
  message: string;
  /** SQLSTATE, such as `22P05` (a text PostgreSQL cannot hold) or `23505` (a unique key taken). */
  code: string;
  detail?: string | undefined;
}

/**
 * The PostgreSQL error `error` is, or wraps (drizzle's DrizzleQueryError holds it as its `cause`), found by its
 * SQLSTATE `code` and `severity` within a few causes; null for any other error.
 */
export function postgresRefusal(error: unknown): PostgresRefusal | null {
  let e = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, severity, message } = e as { code?: unknown; severity?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof severity === 'string' && typeof message === 'string')
      return e as PostgresRefusal;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** postgres.js's own codes for a connection it closed or lost (its `Errors.connection`). */
const clientConnectionCodes = new Set(['CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECTION_CLOSED']);

/**
 * Whether `error` (or an error it wraps, within a few causes) is the loss of its session rather than a refusal of a
 * statement: the pool ended by the client (postgres.js `CONNECTION_*`), a connection exception (SQLSTATE class 08) or
 * the session terminated by the server (class 57P: `pg_terminate_backend`, a shutdown). Work that fails so is not to
 * be tried again: its session was ended on purpose (an interrupted CLI, cli/interrupt.ts) or the server is gone.
 */
export function lostSession(error: unknown): boolean {
  let e = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && (clientConnectionCodes.has(code) || /^(08|57P)/.test(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
