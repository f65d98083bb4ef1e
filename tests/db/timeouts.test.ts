// A database that accepts connections and never answers (as a frozen
// PostgreSQL does) gets 503s within seconds, never hung requests; a statement
// past the statement timeout is cancelled and answered 503.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { within } from '../../src/db/watch.js';
import { testSearchOptions } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';

const unavailable = (instance: string, requestId: unknown) => ({
  type: '/problems/service_unavailable',
  title: 'Service unavailable',
  status: 503,
  detail: 'The database cannot be reached at the moment; try again shortly.',
  instance,
  code: 'service_unavailable',
  request_id: requestId,
});

describe('with a database that never answers', () => {
  let silent: net.Server;
  let app: App;
  const sockets: net.Socket[] = [];
  const logged: string[] = [];

  beforeAll(async () => {
    // Accepts every connection, reads, never writes: PostgreSQL under SIGSTOP.
    silent = net.createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logged.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    app = await buildApp({
      databaseUrl: `postgres://nobody@127.0.0.1:${port}/frozen`,
      logLevel: 'warn',
      logStream,
      search: testSearchOptions(),
    });
    await app.ready();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await app.close();
    silent.close();
  });

  it('answers a list 503 with Retry-After within a few seconds, then at once while it stays silent', async () => {
    let started = Date.now();
    const first = await app.inject({ method: 'GET', url: '/v1/sites' });
    const waited = Date.now() - started;
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('5');
    expect(first.json()).toEqual(unavailable('/v1/sites', first.headers['x-request-id']));
    expect(waited).toBeLessThan(5_000);
    expect(app.databaseWatch.state).toBe('down');
    started = Date.now();
    const next = await app.inject({ method: 'GET', url: '/v1/operators/ipg' });
    expect(next.statusCode).toBe(503);
    expect(next.json()).toEqual(unavailable('/v1/operators/ipg', next.headers['x-request-id']));
    // One bounded probe (1.5 s), not a hung request.
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('drops, without a warning, the answer of a request that had its 503 when the database fails it later', async () => {
    const answered = await app.inject({ method: 'GET', url: '/v1/sites?limit=3' });
    expect(answered.statusCode).toBe(503);
    // The database comes back to the waiting query with a failure: the handler answers late, into a sent reply.
    for (const socket of sockets.splice(0)) socket.destroy();
    await expect
      .poll(() => logged.some((l) => l.includes('the database stopped answering during the request')))
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logged.filter((l) => /already sent|reply.sent/.test(l))).toEqual([]);
  });

  it('says not ready within about 2 s, while /health answers', async () => {
    const started = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', checks: { database: { status: 'down' } } });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('with a statement timeout', () => {
  let app: App;
  beforeAll(async () => {
    const { url } = await testDatabase();
    app = await buildApp({
      databaseUrl: url,
      logLevel: 'silent',
      statementTimeoutMs: 200,
      search: testSearchOptions(),
    });
    // A route that runs past the timeout, as a pathological query would.
    app.get('/v1/slow', async () => {
      await app.database.sql`select pg_sleep(2)`;
      return {};
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('cancels a longer statement (57014) and answers 503 with Retry-After', async () => {
    await expect(app.database.sql`select pg_sleep(2)`).rejects.toMatchObject({ code: '57014' });
    const response = await app.inject({ method: 'GET', url: '/v1/slow' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    // Told as what it is, not as a database out of reach (verify9 fault 07).
    expect(response.json()).toEqual({
      ...unavailable('/v1/slow', response.headers['x-request-id']),
      detail:
        'The database took longer than the API waits for a statement (DATABASE_STATEMENT_TIMEOUT_SECONDS); try again ' +
        'shortly.',
    });
    expect((await app.inject({ method: 'GET', url: '/v1/sites?limit=1' })).statusCode).toBe(200);
  });
});

describe('within', () => {
  it('lets work that fails after its time is up fail unheard: an unhandled rejection would stop the process', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let fail!: (error: Error) => void;
      const work = new Promise((_, reject) => {
        fail = reject;
      });
      await expect(within(10, work, 'no answer within 10 ms')).rejects.toThrow('no answer within 10 ms');
      // What a probe's query does when its connection is dropped after the timeout.
      fail(new Error('write CONNECTION_DESTROYED 127.0.0.1:5432'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
