// The search hot path's HTTP client (src/search/http-client.ts) against real HTTP servers of node:http: every way
// a server may frame an answer, a kept connection the server closed meanwhile, a server that never answers, and
// more requests at once than connections.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpConnectionError, HttpPool } from '../../src/search/http-client.js';

const servers: http.Server[] = [];
const pools: HttpPool[] = [];

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A server on a free port of 127.0.0.1; its origin, and the connections it accepted. */
async function serve(handler: http.RequestListener, options: http.ServerOptions = {}) {
  const server = http.createServer(options, handler);
  servers.push(server);
  let connections = 0;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, connections: () => connections };
}

function pool(origin: string, connections = 4, timeoutMs = 2_000) {
  const made = new HttpPool(origin, { connections, timeoutMs, headers: { authorization: 'Bearer secret' } });
  pools.push(made);
  return made;
}

/** The request's method, path, authorization and body, as the server read them. */
async function echo(request: http.IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return JSON.stringify([request.method, request.url, request.headers.authorization, body]);
}

describe('HttpPool', () => {
  it('reads answers framed by length, by chunks and by the close of the connection, in UTF-8', async () => {
    const { origin } = await serve(async (request, response) => {
      const text = `${await echo(request)} « Vendôme »`;
      if (request.url === '/length') response.setHeader('content-length', Buffer.byteLength(text));
      if (request.url === '/close') {
        response.useChunkedEncodingByDefault = false;
        response.shouldKeepAlive = false;
      }
      response.statusCode = request.url === '/length' ? 200 : 404;
      if (request.url === '/chunks') {
        response.write(text.slice(0, 5));
        setTimeout(() => response.end(text.slice(5)), 20);
      } else response.end(text);
    });
    const client = pool(origin);
    expect(await client.request('POST', '/length', '{"q":"é"}')).toEqual({
      status: 200,
      text: '["POST","/length","Bearer secret","{\\"q\\":\\"é\\"}"] « Vendôme »',
    });
    expect(await client.request('GET', '/chunks')).toEqual({
      status: 404,
      text: '["GET","/chunks","Bearer secret",""] « Vendôme »',
    });
    expect(await client.request('GET', '/close')).toEqual({
      status: 404,
      text: '["GET","/close","Bearer secret",""] « Vendôme »',
    });
  });

  it('keeps the connection between requests, and sends again a request whose kept connection the server closed', async () => {
    const { server, origin, connections } = await serve(async (request, response) => response.end(await echo(request)));
    const client = pool(origin, 1);
    expect((await client.request('GET', '/a')).text).toBe('["GET","/a","Bearer secret",""]');
    expect((await client.request('GET', '/b')).text).toBe('["GET","/b","Bearer secret",""]');
    expect(connections()).toBe(1);
    // The server drops its idle connection (as a keep-alive timeout does) while the pool still keeps it.
    server.closeIdleConnections();
    expect((await client.request('POST', '/c', '{}')).text).toBe('["POST","/c","Bearer secret","{}"]');
    expect(connections()).toBe(2);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const { origin } = await serve(() => {});
    const client = pool(origin, 1, 200);
    await expect(client.request('GET', '/health')).rejects.toThrow(HttpConnectionError);
    await expect(client.request('GET', '/health')).rejects.toThrow('GET /health: no answer within 200 ms');
  });

  it('fails a request when nothing listens', async () => {
    const { server, origin } = await serve(() => {});
    server.close();
    await expect(pool(origin).request('GET', '/health')).rejects.toThrow(HttpConnectionError);
  });

  it('answers more requests at once than it has connections, opening no more than its connections', async () => {
    const { origin, connections } = await serve(async (request, response) => {
      const text = await echo(request);
      setTimeout(() => response.end(text), 5);
    });
    const client = pool(origin, 3);
    const paths = Array.from({ length: 20 }, (_, i) => `/n${i}`);
    const answers = await Promise.all(paths.map((p) => client.request('GET', p)));
    expect(answers.map((a) => JSON.parse(a.text)[1])).toEqual(paths);
    expect(connections()).toBe(3);
  });
});

describe('HttpPool in a process of its own', () => {
  it('lets the process exit once its requests are answered, with its connection kept', async () => {
    const { origin, connections } = await serve((_request, response) => response.end('{}'));
    const script = `
      import { HttpPool } from ${JSON.stringify(new URL('../../src/search/http-client.ts', import.meta.url).pathname)};
      const pool = new HttpPool(${JSON.stringify(origin)}, { connections: 1, timeoutMs: 2000, headers: {} });
      console.log((await pool.request('GET', '/a')).text);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const [code] = await once(child, 'exit');
    expect([code, output.trim(), connections()]).toEqual([0, '{}', 1]);
  });
});
