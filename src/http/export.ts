// A kind's export: every entry its filters select, streamed as CSV (lines that
// PostgreSQL writes, through COPY) or JSON lines (from one server-side cursor),
// not capped like search.
import { Readable } from 'node:stream';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import slugify from 'slugify';
import { z } from 'zod';
import { copyOut } from '../db/copy-out.js';
import { columnPaths, columnsOf, csvLine, exportBatch, exportFormats } from '../listing/export.js';
import type { ExportQuery } from '../listing/export-rows.js';
import { checkFilterIds, filterParams, measuredSummary } from '../listing/query.js';
import type { ListedKind } from './lists.js';
import { AppError } from './problems.js';
import { headers, listProblems } from './responses.js';

/**
 * The batches of a cursor, the next one asked for as soon as one is handed out, so that PostgreSQL reads it
 * while this one is written out (the cursor alone waits to be asked).
 */
async function* aheadByOne<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (let current = await next; !current.done; current = await next) {
      next = iterator.next();
      yield current.value;
    }
  } finally {
    // A client gone mid-export: close the cursor once the batch asked for ahead has come (dropped). postgres.js
    // closes a cursor only between batches: closed while one is on its way, it would wait for ever, connection held.
    const ahead = await Promise.resolve(next).catch(() => ({ done: true }));
    if (!ahead.done) await iterator.return?.();
  }
}

/** Turns an export's drizzle SQL into text and parameters ($1…$n), for the cursor or COPY. */
const dialect = new PgDialect();

/** The media type of each export format. */
const formatMediaTypes = { csv: 'text/csv', jsonl: 'application/x-ndjson' } as const satisfies Record<
  (typeof exportFormats)[number],
  string
>;

/** What an export answers with: the media type of the `format` it is asked for (after validation). */
export function exportMediaTypes(request: FastifyRequest): string[] {
  const { format } = request.query as { format: (typeof exportFormats)[number] };
  return [formatMediaTypes[format]];
}

/** The schema of a kind's export: its filters and `format`; the file, or 400. */
export function exportSchema(kind: ListedKind) {
  const measured = kind.filters.flatMap((f) =>
    f.measure ? [` With \`${f.name}\`, each entry also carries \`${f.measure.name}\` (see the list).`] : [],
  );
  return {
    description:
      'The complete result, not capped like search. CSV: a header row, semicolons, UTF-8 with a byte-order ' +
      'mark, cells a spreadsheet would read as formulas neutralised with a leading apostrophe. Entries carry ' +
      'their citations (`citations`: a JSON list of source, quote and fields), so that `npm run import` takes ' +
      'an exported row back without a new source. The export ' +
      'time and the filters used are in the X-Export-Generated-At and X-Export-Filters headers and in the ' +
      `file name.${measured.join('')}`,
    querystring: z.strictObject({
      ...filterParams(kind.filters),
      format: z.enum(exportFormats).meta({ description: 'csv (semicolon-separated, UTF-8 with BOM) or jsonl.' }),
    }),
    response: {
      200: {
        description: 'Every entry the filters select, as `format` asks, as a file to save.',
        content: {
          'text/csv': {
            schema: z.string().meta({ description: 'Semicolon-separated, UTF-8 with BOM, a header row.' }),
          },
          'application/x-ndjson': { schema: z.string().meta({ description: 'One JSON summary a line.' }) },
        },
        headers: headers(['content-disposition', 'x-export-generated-at', 'x-export-filters']),
      },
      ...listProblems,
    },
  };
}

/** A kind as its export reads it: a list, and, for entries that carry citations, their column (`site_id`). */
export type ExportedKind = ListedKind & { citationColumn?: string };

/**
 * The name of an export's file: the kind, each filter and its value (as ASCII words), the time, the format:
 * `plateau-sites-region-picardie-status-open-2026-04-26T10-00-00-000Z.csv`.
 */
export function exportFileName(kind: ListedKind, filters: URLSearchParams, generatedAt: string): string {
  const format = filters.get('format') ?? 'csv';
  const words = [...filters]
    .filter(([name]) => name !== 'format')
    .map(([name, value]) => `${name} ${value.replaceAll(',', ' ')}`);
  const said = slugify(words.join(' '), { lower: true, strict: true }).slice(0, 120).replace(/-+$/, '');
  const stamp = generatedAt.replace(/[:.]/g, '-');
  return `plateau-${kind.plural}${said ? `-${said}` : ''}-${stamp}.${format}`;
}

/**
 * Streams every entry the request's filters select, oldest first, each
 * written as `summary` gives it, with its citations (`citations`: a list of
 * `{ source, quote, fields }`, one cell of JSON in CSV) so that an import
 * takes the row back without a new source; the time and the filters go in
 * headers. The rows come from ONE query, on a connection of its own without the
 * API's statement_timeout: for CSV, lines PostgreSQL writes whole
 * (export-rows.ts) and sends through `COPY … TO STDOUT` (db/copy-out.ts), passed
 * on as they come after our header row; for JSON lines, a server-side cursor
 * read `exportBatch` rows at a time, the next batch fetched while one is written
 * out (at most two in memory). No page is re-counted or re-sorted, and memory
 * stays flat whatever the size. A HEAD request gets the same headers and runs no export.
 */
export async function sendExport(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ExportedKind,
  entries: { exportRows: ExportQuery; summary: z.ZodObject },
) {
  const { format, ...given } = request.query as { format: (typeof exportFormats)[number] } & Record<string, unknown>;
  const { db } = request.server.database;
  await checkFilterIds(db, kind.filters, given);
  const { exportRows } = entries;
  const summary = measuredSummary(entries.summary, kind.filters, given);
  const { citationColumn } = kind;
  const columns = [...columnsOf(summary), ...(citationColumn ? ['citations'] : [])];
  const csv = format === 'csv';
  const query = dialect.sqlToQuery(
    exportRows(given, {
      keys: Object.keys(summary.shape),
      citationColumn,
      // CSV: each row one column, the entry's line, in the columns' order (the citations last, as JSON text).
      paths: csv ? columnPaths(summary).map((c) => c.path) : undefined,
    }),
  );
  const generatedAt = new Date().toISOString();
  const filters = new URLSearchParams(request.url.split('?')[1] ?? '');
  // HEAD: the headers alone. Fastify's HEAD route would read a stream to its end, running the whole export.
  const exported = request.method === 'HEAD' ? Readable.from([]) : exportStream(request, reply, csv, columns, query);
  return reply
    .header('content-type', `${formatMediaTypes[format]}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${exportFileName(kind, filters, generatedAt)}"`)
    .header('x-export-generated-at', generatedAt)
    .header('x-export-filters', filters.toString())
    .send(exported);
}

/** Seconds a client refused for too many exports at once is asked to wait. */
const busyRetryAfterSeconds = 10;

/**
 * The export's rows as a stream, on a client of its own (db/export-connections.ts): refused with a 503 and
 * Retry-After at once when `MAX_CONCURRENT_EXPORTS` already stream, rather than waiting for a connection. A client
 * that reads nothing for `EXPORT_STALL_TIMEOUT_MS` (the response's socket writes nothing, its buffers full) is cut
 * off, logged; a client gone, cut off or finished, the COPY or cursor ends and the export's connections close.
 */
function exportStream(
  request: FastifyRequest,
  reply: FastifyReply,
  csv: boolean,
  columns: string[],
  query: { sql: string; params: unknown[] },
): Readable {
  const exports = request.server.exportConnections;
  const connection = exports.take();
  if (!connection) {
    request.log.warn({ exports: exports.active }, 'export refused: as many exports as allowed are streaming');
    throw new AppError(
      'service_unavailable',
      `${exports.max} exports are streaming at the moment, as many as this server runs at once; try again shortly.`,
      { headers: { 'retry-after': String(busyRetryAfterSeconds) } },
    );
  }
  const { sql } = connection;
  let finished = false;
  async function* csvLines() {
    yield `\uFEFF${csvLine(columns)}`;
    yield* copyOut(sql, query);
    finished = true;
  }
  async function* jsonLines() {
    const reserved = await sql.reserve();
    try {
      const statement = reserved.unsafe(query.sql, query.params as never[]);
      for await (const batch of aheadByOne<unknown[]>(statement.cursor(exportBatch))) {
        let chunk = '';
        for (const row of batch) chunk += `${JSON.stringify(row)}\n`;
        yield chunk;
      }
      finished = true;
    } finally {
      reserved.release();
    }
  }
  const stream = Readable.from(csv ? csvLines() : jsonLines());
  // The socket's idle timer counts what reaches the kernel: a reader that takes nothing stops it. Quiet while the
  // response has room (the export waits on PostgreSQL, not on its reader), the timer is armed again.
  // Armed again with its listener replaced, not added: an in-process response (`inject`, light-my-request) takes no
  // timer without a listener, and Node's would pile one listener up per quiet spell.
  const arm = () => {
    reply.raw.removeListener('timeout', stalled);
    reply.raw.setTimeout(exports.stallMs, stalled);
  };
  const stalled = () => {
    if (!reply.raw.writableNeedDrain) {
      arm();
      return;
    }
    request.log.warn({ stallMs: exports.stallMs }, 'export cut off: its client read nothing in time');
    reply.raw.destroy();
  };
  arm();
  stream.once('close', () => {
    void connection.close(finished);
  });
  // A stream whose end waits on a server that no longer answers would keep its place: the client gone, it is closed
  // after the COPY's own bounded ending (db/copy-out.ts) has had its time.
  reply.raw.once('close', () => {
    setTimeout(() => void connection.close(finished), 15_000).unref();
  });
  return stream;
}
