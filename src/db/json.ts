// JSON built by PostgreSQL, so that an entry and everything listed with it
// come back in one row of one round trip: objects whose values read as the
// API shows them (timestamps as ISO 8601 text, like Date.toISOString), lists
// aggregated in their order, and the statement compiled once and prepared on
// each connection rather than rebuilt per request.
import { is, type SQL, sql } from 'drizzle-orm';
import { type PgColumn, PgDialect, PgTimestamp } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Db } from './client.js';

/** A value of a JSON object built in SQL: a column (timestamps become ISO text) or any expression. */
export type JsonValue = PgColumn | SQL;

/** The entry a one-row statement reads: its `$1`, the id of the request (compared as text). */
export const requestedId = sql.raw('$1');

/**
 * A timestamp with time zone as `Date.toISOString()` writes it (`2026-11-29T15:03:48.123Z`): UTC, milliseconds
 * (PostgreSQL's microseconds truncated, as JavaScript's Date does).
 */
export function isoText(value: SQL | PgColumn): SQL {
  return sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A column as the API shows it in JSON: a timestamp as ISO text, any other as itself. */
function shown(value: JsonValue): SQL | PgColumn {
  return is(value, PgTimestamp) ? isoText(value) : value;
}

/**
 * `json_build_object` of these keys, in this order. PostgreSQL takes 100 arguments a call: more than 50 keys
 * throw when the statement is built (at start).
 */
export function jsonObject(fields: Record<string, JsonValue>): SQL {
  const entries = Object.entries(fields);
  if (entries.length > 50) throw new Error(`jsonObject: ${entries.length} keys; PostgreSQL takes 50 at most`);
  return sql`json_build_object(${sql.join(
    entries.map(([key, value]) => sql`${sql.raw(`'${key.replace(/'/g, "''")}'`)}, ${shown(value)}`),
    sql`, `,
  )})`;
}

/**
 * A JSON list of the objects `fields` of the rows `from` gives (a `from … where …` clause), in `order`; `[]`
 * when there is none.
 */
export function jsonList(fields: Record<string, JsonValue>, from: SQL, order: SQL): SQL {
  return sql`(select coalesce(json_agg(${jsonObject(fields)} order by ${order}), '[]'::json) ${from})`;
}

/** An entry's JSON as PostgreSQL wrote it, sent as is, and its version (none for an entry without versions). */
export interface EntryJson {
  json: string;
  version?: number;
}

/**
 * The snapshot a statement reads under, as `pg_current_snapshot()` writes it (`xmin:xmax:xip,…`), or null on a hot
 * standby (in recovery), where that text does not tell snapshots apart (snapshot-cache.ts says why). An SQL expression
 * to select beside the rows.
 */
export const statementSnapshot = 'case when pg_is_in_recovery() then null else pg_current_snapshot()::text end';

/** An entry as read by one statement, with the snapshot it was read under (null: it may not be kept). */
export type SnapshotRead = EntryJson & { snapshot?: string | null };

/**
 * Where a read tells the snapshot it read under (snapshot-cache.ts): set by a read of one statement, left unset by a
 * read of several (its entry is then never kept).
 */
export interface SnapshotSeen {
  snapshot?: string | null;
}

/** A compiled statement whose `$1` is an entry's id, giving one JSON value (or no row). */
export interface OneRow<Row> {
  /** Its text, as PostgreSQL receives it (benchmarks read the same rows with it). */
  readonly text: string;
  /**
   * Runs it for `id` on the pool under `db` (prepared on each connection once): the row's `json` parsed, with its
   * `version` when the statement gives one, or null. The snapshot it read under is set in `seen` (when found), for a
   * caller that read nothing else.
   */
  run(db: Db, id: string, seen?: SnapshotSeen): Promise<Row | null>;
  /**
   * Runs it for `id`: the row's JSON as PostgreSQL wrote it (not parsed), its `version` column when the statement
   * gives one, and the snapshot it read under (`snapshot`, snapshot-cache.ts), or null. A read that sends the entry
   * as it is needs no parse nor serialisation.
   */
  runJson(db: Db, id: string): Promise<SnapshotRead | null>;
}

const dialect = new PgDialect();

/**
 * Compiles once a statement of one column named `json` (read as text: `::text`), optionally followed by `version`, and
 * at most one row, whose only parameter is the id (`requestedId`). It runs through postgres.js as a prepared
 * statement: one round trip per request, no query rebuilt. Throws at start if the statement holds other parameters
 * (values must be inlined or be `$1`).
 */
export function oneRow<Row>(statement: SQL): OneRow<Row> {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  if (params.length) throw new Error(`oneRow: the statement holds ${params.length} parameters; only $1 is allowed`);
  // The same statement, so the same snapshot, gives the snapshot its rows were read under.
  const withSnapshot = `select entry.*, ${statementSnapshot} as snapshot from (${text}) as entry`;
  const runJson = async (db: Db, id: string): Promise<SnapshotRead | null> => {
    // drizzle keeps its postgres.js pool as `$client` (its type leaves it out of PostgresJsDatabase).
    const client = (db as Db & { $client: postgres.Sql }).$client;
    const [row] = await client.unsafe<SnapshotRead[]>(withSnapshot, [id], { prepare: true });
    return row ?? null;
  };
  return {
    text,
    runJson,
    async run(db, id, seen) {
      const row = await runJson(db, id);
      if (!row) return null;
      if (seen) seen.snapshot = row.snapshot ?? null;
      const entry = JSON.parse(row.json) as Row;
      return row.version === undefined ? entry : (Object.assign(entry as object, { version: row.version }) as Row);
    },
  };
}
