import { DrizzleQueryError, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
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
  /** PostgreSQL's `application_name` of the pool's sessions (`plateau` by default): a CLI's own, to end them on Ctrl-C. */
  applicationName?: string;
  /** Connections in the pool (10 by default). */
  max?: number;
  /**
   * PostgreSQL's `statement_timeout` on every connection, in ms: a statement running longer is cancelled by the
   * server (error 57014). Unset (no limit) by default: migrations, imports and rebuilds run long on purpose.
   */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL's `lock_timeout` on every connection, in ms: a statement waiting longer for a lock (a row another
   * transaction changes: a bulk import's, held until it commits) fails (error 55P03). Unset (no limit) by default.
   */
  lockTimeoutMs?: number;
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
      application_name: options.applicationName ?? 'plateau',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
    },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/** Turns drizzle's SQL into its text and parameters (`$1`…), as `db.execute` does. */
const dialect = new PgDialect();

/**
 * Runs a statement as a prepared statement of the connection `db` runs on (its transaction's, in a transaction), and
 * gives its rows. drizzle's `db.execute` runs unnamed statements, which postgres.js sends in two round trips when they
 * have parameters (the statement described first, its parameters sent once their types are known), the connection
 * taking no other statement meanwhile; a prepared statement is described once per connection, then sent at once with
 * its parameters, behind the statements before it. For the statements of bulk writes, run again batch after batch
 * with the same text: a statement whose text changes each time (values written into it) would be prepared each time.
 * A refusal is thrown as drizzle's `DrizzleQueryError`, PostgreSQL's error as its cause.
 */
export function executePrepared<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const { client } = db._.session as unknown as { client: postgres.Sql };
  // A refusal wrapped as drizzle's own (« Failed query: … params: … », PostgreSQL's error as its cause), as from
  // `db.execute`: callers and the CLIs' logs read both alike.
  return client.unsafe<T[]>(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).catch((error) => {
    throw new DrizzleQueryError(text, params, error as Error);
  });
}
