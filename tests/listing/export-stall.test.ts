// Export clients that stop reading (verify48 fault 02): twenty clients that
// never read their export took every connection of the pool, left their
// sessions « idle in transaction » after they closed, hung every other read and
// made /ready say the database was down. Real sockets that never read (paused),
// against the real PostgreSQL: exports hold connections of their own, a bounded
// number of them (the next ones 503 at once); a client that leaves, or reads
// nothing for the stall bound, ends its COPY or cursor and its session; a read
// that waits for a pool with no connection to give gets a 503, and /ready tells
// busy from down.
import { connect, type Socket } from 'node:net';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../setup/app.js';
import { insertSites } from '../setup/bulk-sites.js';

let app: App;
let address: URL;
let sql: postgres.Sql;
const maxConcurrentExports = 3;

beforeAll(async () => {
  // A stall bound far longer than the tests: here the clients leave; the test of the bound builds its own app.
  // The rows below are inserted in one statement, under the load of other test files: no statement timeout.
  ({ app } = await testApp({ app: { maxConcurrentExports, exportStallMs: 600_000, statementTimeoutMs: 300_000 } }));
  sql = app.database.sql;
  // Enough rows that an export does not fit in the sockets' buffers: a client that reads nothing stalls it.
  await insertSites(sql, 20_000, 'stall');
  address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
}, 300_000);

const opened: Socket[] = [];
afterAll(() => {
  for (const socket of opened) socket.destroy();
});

/** Sends a GET on a socket of its own and never reads the answer (the socket paused). */
async function stalledClient(path: string, server = address): Promise<Socket> {
  const socket = connect(Number(server.port), server.hostname);
  opened.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  return socket;
}

/** The sessions of exports (their own connections) and any session of the database left idle in a transaction. */
async function sessions() {
  return sql<{ exports: number; idle_in_transaction: number }[]>`
    select count(*) filter (where application_name = 'plateau-export')::int as exports,
           count(*) filter (where state like 'idle in transaction%')::int as idle_in_transaction
      from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid()`.then(
    ([row]) => row ?? { exports: -1, idle_in_transaction: -1 },
  );
}

/** Polls `check` every 100 ms until it holds; fails with `what` and the last value after `ms`. */
async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, ms = 120_000) {
  const start = Date.now();
  let value = await read();
  while (!check(value)) {
    if (Date.now() - start > ms) throw new Error(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** A GET over a real connection: status, headers and body. */
async function get(path: string, server = address) {
  const response = await fetch(new URL(path, server), { signal: AbortSignal.timeout(60_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Checks a 503 problem answer, its Retry-After and its whole body. */
function expectUnavailable(
  response: Awaited<ReturnType<typeof get>>,
  instance: string,
  retryAfter: string,
  detail: string,
) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe(retryAfter);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const problem = JSON.parse(response.body);
  expect(problem).toEqual({
    type: '/problems/service_unavailable',
    title: 'Service unavailable',
    status: 503,
    detail,
    instance,
    code: 'service_unavailable',
    request_id: problem.request_id,
  });
}

describe('exports whose clients read nothing', () => {
  it('hold connections of their own, as many as allowed; the next export gets 503 at once; reads and /ready answer', async () => {
    // JSON lines: a cursor waits for its reader whatever the size of the export. A COPY of these 20,000 rows fits in
    // loopback's socket buffers (several MiB) and would end before its client stalls it.
    const clients = [];
    for (let i = 0; i < maxConcurrentExports; i++) {
      clients.push(await stalledClient('/v1/sites/export?format=jsonl'));
    }
    await until('every export stalled on its client', sessions, (s) => s.exports === maxConcurrentExports);
    expectUnavailable(
      await get('/v1/sites/export?format=csv'),
      '/v1/sites/export?format=csv',
      '10',
      '3 exports are streaming at the moment, as many as this server runs at once; try again shortly.',
    );
    // The pool is the API's own: reads answer, the readiness is true.
    expect((await get('/v1/sites?limit=1')).status).toBe(200);
    expect((await get('/v1/sites/stall-1')).status).toBe(200);
    const ready = JSON.parse((await get('/ready')).body);
    expect(ready.checks.database).toMatchObject({ status: 'up', pool: 'free' });
    expect((await sessions()).idle_in_transaction).toBe(0);

    // The clients leave while their sockets' buffers are full: each COPY and cursor ends, its session too.
    for (const client of clients) client.destroy();
    await until('the exports’ sessions ended', sessions, (s) => s.exports === 0);
    expect((await sessions()).idle_in_transaction).toBe(0);
    // Their places are free again: a whole export streams.
    const csv = await get('/v1/sites/export?format=csv&status=open');
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n').length).toBeGreaterThan(2);
  });

  it('are cut off after the stall bound, logged, their COPY or cursor ended', async () => {
    const lines: string[] = [];
    const { app: bounded } = await testApp({
      app: {
        maxConcurrentExports,
        exportStallMs: 2_000,
        statementTimeoutMs: 300_000,
        logLevel: 'warn',
        logStream: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream,
      },
    });
    await insertSites(bounded.database.sql, 20_000, 'stall');
    const server = new URL(await bounded.listen({ port: 0, host: '127.0.0.1' }));
    for (let i = 0; i < 2; i++) await stalledClient('/v1/sites/export?format=jsonl', server);
    const read = () =>
      bounded.database.sql<{ exports: number; idle_in_transaction: number }[]>`
        select count(*) filter (where application_name = 'plateau-export')::int as exports,
               count(*) filter (where state like 'idle in transaction%')::int as idle_in_transaction
          from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.then(
        ([r]) => r ?? { exports: -1, idle_in_transaction: -1 },
      );
    const cut = () => lines.filter((l) => l.includes('export cut off: its client read nothing in time'));
    // The server cuts the connections of the clients that read nothing (logged), and the exports' sessions end.
    // (The clients, reading nothing, never read the end of their connection either.)
    await until(
      'both exports cut off',
      async () => cut().length,
      (n) => n === 2,
    );
    await until('the exports’ sessions ended', read, (s) => s.exports === 0);
    expect((await read()).idle_in_transaction).toBe(0);
    expect((await get('/v1/sites/stall-2', server)).status).toBe(200);
  });
});

describe('an export quiet for longer than the stall bound while its reader keeps up', () => {
  it('is not cut in process (inject): every row arrives (CI fault: the in-process response threw on the timer)', async () => {
    // A bound of 1 ms: the response's timer fires again and again while the export waits on PostgreSQL, its
    // buffers empty. In process, light-my-request's response took no timer without a listener: an uncaught TypeError.
    const { app: quick } = await testApp({
      app: { exportStallMs: 1, statementTimeoutMs: 300_000, logLevel: 'warn' },
    });
    await insertSites(quick.database.sql, 20_000, 'quiet');
    const response = await quick.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl' });
    expect(response.statusCode).toBe(200);
    const ids = response.body
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id: string) => id.startsWith('quiet-')).length).toBe(20_000);
  });
});

describe('a read waiting for a pool with no connection to give', () => {
  it('gets a 503 with Retry-After, not a hang; /ready says the pool is busy, the database up', async () => {
    // Every connection of the API's pool held (10), as long statements or a lock waited on would.
    const held = await Promise.all(Array.from({ length: 10 }, () => sql.reserve()));
    try {
      expectUnavailable(
        await get('/v1/sites/stall-3'),
        '/v1/sites/stall-3',
        '5',
        'Every database connection of this server is in use at the moment; try again shortly.',
      );
      const ready = await get('/ready');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body).checks.database).toMatchObject({ status: 'up', pool: 'busy' });
    } finally {
      for (const connection of held) connection.release();
    }
    expect((await get('/v1/sites/stall-3')).status).toBe(200);
    expect(JSON.parse((await get('/ready')).body).checks.database).toMatchObject({ status: 'up', pool: 'free' });
  });
});
