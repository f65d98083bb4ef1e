// What the Node server accepts from a connection: how long a client may take
// to send its headers and its whole request, how long an idle connection stays
// open, how large a body may be, and the raw answer to a request that cannot
// be read at all (400, 408, 431: sent straight to the socket, there is no
// request to route). These are options of the Fastify constructor; the plugin
// closes the connection of a request refused before its body was read.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorCodes, problemContentType, problemTypeBase } from '../http/problems.js';

/** The Node server's timeouts, in milliseconds (README's configuration table). */
export interface Timeouts {
  /** From the first byte of a request to the end of its headers (Node `headersTimeout`). */
  headersMs: number;
  /** From the first byte of a request to the end of its body (Node `requestTimeout`): a body trickled in is cut off. */
  requestMs: number;
  /** An idle keep-alive connection between two requests (Node `keepAliveTimeout`). */
  keepAliveMs: number;
  /** A connection on which nothing moves, either way, during a request (Node `server.timeout`). */
  idleMs: number;
}

export const timeoutDefaults: Timeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 60_000 };

/**
 * How often Node looks for requests past their headers or request timeout: a
 * fraction of the shorter one, so that a slow client is cut off close to the
 * time set rather than up to Node's default 30 s later.
 */
function checkingInterval(timeouts: Timeouts): number {
  return Math.min(1000, Math.max(50, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4)));
}

/** The Fastify constructor's options for these limits. */
export function serverOptions(protection: { timeouts: Timeouts; bodyLimit: number; trustProxy: boolean | string[] }) {
  const { timeouts } = protection;
  return {
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    bodyLimit: protection.bodyLimit,
    trustProxy: protection.trustProxy,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: checkingInterval(timeouts),
    },
    clientErrorHandler,
  } satisfies FastifyHttpOptions<Server>;
}

const unreadable: Record<string, { status: number; reason: string; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    title: 'Request header fields too large',
    detail: 'The request line or headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    title: 'Request timeout',
    detail: 'The request did not arrive in time; the connection is closed.',
  },
};

const badRequest = {
  status: 400,
  reason: 'Bad Request',
  title: errorCodes.bad_request.title,
  detail: 'The request could not be read.',
};

/**
 * Answers a request Node could not read (malformed, headers too large, too
 * slow) with a problem body, then closes the connection. Nothing is written
 * when an answer has already started on it.
 */
function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err: error }, 'unreadable request');
  // Node's own handler looks at the same field: a response already on its way cannot get another.
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  const answer = unreadable[error.code ?? ''] ?? badRequest;
  const body = JSON.stringify({
    type: `${problemTypeBase}bad_request`,
    title: answer.title,
    status: answer.status,
    detail: answer.detail,
    code: 'bad_request',
  });
  const head = [
    `HTTP/1.1 ${answer.status} ${answer.reason}`,
    `content-type: ${problemContentType}; charset=utf-8`,
    `content-length: ${Buffer.byteLength(body)}`,
    'x-content-type-options: nosniff',
    'connection: close',
  ];
  // end() alone would leave the socket half-open while a slow client keeps sending.
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/**
 * After a refusal sent before the request's body was read (no key, a limit,
 * too large), the connection is closed rather than kept for a next request:
 * Node would otherwise read and discard the rest of the body, and a client
 * trickling it in would hold the connection until the request timeout.
 */
export default fp(
  async function connectionsPlugin(app: FastifyInstance) {
    app.addHook('onSend', (request, reply, payload, done) => {
      // `complete` is false until Node has read the whole request (app.inject's requests have none).
      if (reply.statusCode >= 400 && request.raw.complete === false) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'connections' },
);
