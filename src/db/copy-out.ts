// Rows that PostgreSQL writes itself, passed on as its bytes: `COPY (select …)
// TO STDOUT` of a query of one text column, on a connection of its own. COPY
// takes no parameters: their values go into the transaction's settings first,
// written by PostgreSQL, and the query reads them back; no value is ever
// spliced into the statement's text.
import type { Readable } from 'node:stream';
import type postgres from 'postgres';
import { within } from './watch.js';

/** How long each step of ending an abandoned COPY (the cancel, then its end) may take, in ms. */
const cleanupMs = 5_000;

/** The transaction-local setting holding the value of a copied query's `$n`. */
const setting = (n: number) => `plateau.copy.p${n}`;

/**
 * A query's text with each `$n` read from the setting `plateau.copy.p<n>`, as `types[n - 1]` (a type name as
 * PostgreSQL's `format_type` writes it), once per statement (a subquery: an InitPlan, not once per row). String
 * literals (E'' ones too) and quoted names are left as they are. Throws on a `$n` without its type.
 */
export function parametersFromSettings(text: string, types: readonly string[]): string {
  return text.replace(/[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, n?: string) => {
    if (n === undefined) return match;
    const type = types[Number(n) - 1];
    if (!type) throw new Error(`copy: $${n} has no type`);
    return `(select current_setting('${setting(Number(n))}')::${type})`;
  });
}

/** How COPY's binary format starts: `PGCOPY\n\377\r\n\0`, then flags and its header extension's length (4 bytes each). */
const signature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The values of a binary COPY of one column, as the bytes PostgreSQL sent (text in UTF-8), gathered into chunks
 * of about `chunkBytes` (a null value gives nothing). Throws on data that is not COPY's binary format of one
 * column, or that ends before its trailer.
 */
export async function* binaryValues(data: AsyncIterable<Buffer>, chunkBytes = 64 * 1024): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  let started = false;
  let ended = false;
  let values: Buffer[] = [];
  let size = 0;
  for await (const chunk of data) {
    const bytes = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    if (!started && bytes.length >= 19) {
      if (!bytes.subarray(0, 11).equals(signature)) throw new Error('copy: not the binary format');
      const header = 19 + bytes.readUInt32BE(15);
      if (bytes.length >= header) [at, started] = [header, true];
    }
    // Each row: its number of columns (2 bytes, -1 for the trailer), then the value's length (4 bytes) and bytes.
    while (started && !ended && bytes.length - at >= 2) {
      const columns = bytes.readInt16BE(at);
      if (columns === -1) [at, ended] = [at + 2, true];
      else if (columns !== 1) throw new Error(`copy: rows of ${columns} columns, not one`);
      else if (bytes.length - at < 6) break;
      else {
        const length = Math.max(bytes.readInt32BE(at + 2), 0);
        if (bytes.length - at < 6 + length) break;
        if (length) values.push(bytes.subarray(at + 6, at + 6 + length));
        [at, size] = [at + 6 + length, size + length];
      }
    }
    rest = bytes.subarray(at);
    if (size >= chunkBytes) {
      yield Buffer.concat(values, size);
      [values, size] = [[], 0];
    }
  }
  if (!ended) throw new Error('copy: the data ended before its trailer');
  if (size) yield Buffer.concat(values, size);
}

/** A query as drizzle's `sqlToQuery` gives it: its text, with `$1`…`$n`, and their values. */
export interface CopiedQuery {
  sql: string;
  params: unknown[];
}

/**
 * Streams the values of `query` (one text column) as PostgreSQL writes them, through
 * `COPY (query) TO STDOUT (FORMAT binary)` on a connection reserved from `sql`, in a read-only transaction without
 * the pool's statement_timeout (a slow reader makes a long COPY) and without JIT (compiling a query of many
 * expressions, such as a CSV line's, took a second of 10,000 rows' 1.5). Its parameters are bound as the types PostgreSQL
 * gives them in the query, turned into text by PostgreSQL into the transaction's settings (`set_config`), and read
 * back by the query (`parametersFromSettings`). Stopped early (its reader gone), it cancels the COPY from another
 * connection of `sql`, waits for its end (each step bounded by `cleanupMs`) and releases the connection; PostgreSQL's
 * errors are thrown. `sql` must have a connection to spare for that cancel: an export's own client of two
 * (export-connections.ts), never the API's pool, whose connections other requests may all hold.
 */
export async function* copyOut(sql: postgres.Sql, query: CopiedQuery): AsyncGenerator<Buffer> {
  const connection = await sql.reserve();
  let stream: Readable | undefined;
  let finished = false;
  let pid: number | undefined;
  try {
    await connection`begin read only`;
    const [session] = await connection<{ pid: number }[]>`
      select pg_backend_pid() as pid, set_config('statement_timeout', '0', true), set_config('jit', 'off', true)`;
    pid = session?.pid;
    let text = query.sql;
    if (query.params.length) {
      const params = query.params as postgres.ParameterOrJSON<never>[];
      const { types } = await connection.unsafe(query.sql, params).describe();
      // Without a type modifier: `character` alone would read as char(1) and cut `FR` to `F`; `bpchar` does not.
      const named = await connection<{ name: string }[]>`
        select format_type(t, -1) as name from unnest(${types}::oid[]) with ordinality as p(t, n) order by n`;
      const names = named.map((t) => t.name);
      const given = names.map((type, i) => `set_config('${setting(i + 1)}', ($${i + 1}::${type})::text, true)`);
      await connection.unsafe(`select ${given.join(', ')}`, params);
      text = parametersFromSettings(query.sql, names);
    }
    const copying = await connection.unsafe(`copy (${text}) to stdout with (format binary)`).readable();
    stream = copying;
    // postgres.js reads the socket on as the stream is read: a stream destroyed unread would hold the connection.
    yield* binaryValues(copying.iterator({ destroyOnReturn: false }));
    finished = true;
  } finally {
    if (stream && !finished && !stream.destroyed && !stream.readableEnded) {
      // Cancelled from another connection, the COPY ends with an error once what was sent is read (and dropped).
      // A cancel that comes after it ended reaches a connection waiting for a command, which ignores it.
      const ended = new Promise((resolve) =>
        stream
          ?.once('close', resolve)
          .on('error', () => {})
          .resume(),
      );
      // Bounded: a server that no longer answers leaves the connection to be cut by its owner (export-connections.ts).
      await within(cleanupMs, sql`select pg_cancel_backend(${pid ?? 0})`, 'no answer to the cancel').catch(() => {});
      await within(cleanupMs, ended, 'the COPY did not end').catch(() => {});
    }
    // postgres.js (3.4.9) pauses its socket when the stream's buffer is full and resumes it only when the stream
    // asks for more (`_read`): a COPY whose end came while it was full never asks again, and the connection would
    // never read another answer. Asking once more resumes the socket.
    (stream as (Readable & { _read(size: number): void }) | undefined)?._read(0);
    await connection`rollback`.catch(() => {});
    connection.release();
  }
}
