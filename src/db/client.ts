import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Db = PostgresJsDatabase<typeof schema>;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Connections in the pool (10 by default). */
  max?: number;
  /**
   * PostgreSQL's `statement_timeout` on every connection, in ms: a statement running longer is cancelled by the
   * server (error 57014). Unset (no limit) by default: migrations, imports and rebuilds run long on purpose.
   */
  statementTimeoutMs?: number;
  /**
   * Never close a connection for idleness or age (no idle timeout, no maximum lifetime): for a pool whose one
   * connection holds a session's advisory lock (the indexer's), which closing it would release. A connection the
   * server drops is still replaced.
   */
  keepOpen?: boolean;
}

/** Seconds to open a connection (TCP and authentication) before giving up: a frozen server fails fast. */
export const connectTimeoutSeconds = 3;

/**
 * A postgres.js pool with drizzle over it. Connections give up opening after `connectTimeoutSeconds`, close after
 * a minute idle and are renewed after half an hour, so that a restarted server is reached by fresh connections.
 */
export function connect(url: string, options: ConnectOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: connectTimeoutSeconds,
    // 0 turns a timer off (postgres.js).
    idle_timeout: options.keepOpen ? 0 : 60,
    max_lifetime: options.keepOpen ? 0 : 30 * 60,
    connection: {
      application_name: 'plateau',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
