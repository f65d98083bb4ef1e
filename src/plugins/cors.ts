// Cross-origin requests (@fastify/cors): the directory is public, so a page of
// any origin may read it (`Access-Control-Allow-Origin: *`, no credentials);
// only pages of the origins configured (CORS_ORIGINS) and of this API's own
// host may write. A write, or the preflight of one, from another origin is
// refused with a 403 problem before its key is even looked at.
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../http/problems.js';

const readMethods = ['GET', 'HEAD'];
const writeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Request headers a page may send: the key, the body's type, the conditional and tracing headers. */
const allowedHeaders = ['authorization', 'content-type', 'if-match', 'if-none-match', 'x-request-id'];

/** Response headers a page may read. */
const exposedHeaders = [
  'etag',
  'location',
  'content-location',
  'content-disposition',
  'retry-after',
  'ratelimit',
  'ratelimit-policy',
  'www-authenticate',
  'allow',
  'x-request-id',
  'x-export-generated-at',
  'x-export-filters',
];

/** How long a browser may keep a preflight's answer, in seconds. */
const preflightMaxAge = 600;

/** The options of a request without an Origin, and of a read from any origin: the same for every request. */
const noCors: FastifyCorsOptions = { origin: false };
const readCors: FastifyCorsOptions = {
  origin: '*',
  methods: readMethods,
  allowedHeaders,
  exposedHeaders,
  maxAge: preflightMaxAge,
};

/** The method a request stands for: its own, or for a preflight the one it asks about. */
function intendedMethod(request: FastifyRequest): string {
  const asked = request.headers['access-control-request-method'];
  return request.method === 'OPTIONS' && typeof asked === 'string' ? asked.toUpperCase() : request.method;
}

/** Whether the origin is this API's own host (the docs page trying a write). */
function isOwnHost(origin: string, request: FastifyRequest): boolean {
  try {
    // Both through URL, which drops a default port (`http://localhost` and `Host: localhost:80` agree).
    return new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return false;
  }
}

export default fp(
  async function corsPlugin(app: FastifyInstance, options: { origins: string[] }) {
    const writers = new Set(options.origins);
    const delegator = (request: FastifyRequest): FastifyCorsOptions => {
      const origin = request.headers.origin;
      // Not a cross-origin request (curl, a server): nothing to say. An OPTIONS that names no method is no
      // preflight either, Origin or not: it goes on to the 405 problem of the routes (the library's own answer
      // to it is a text/plain 400).
      if (!origin || (request.method === 'OPTIONS' && !request.headers['access-control-request-method'])) {
        return noCors;
      }
      if (!writeMethods.includes(intendedMethod(request))) return readCors;
      if (writers.has(origin) || isOwnHost(origin, request)) {
        return {
          origin,
          methods: [...readMethods, ...writeMethods],
          allowedHeaders,
          exposedHeaders,
          maxAge: preflightMaxAge,
        };
      }
      throw new AppError('forbidden', `Pages of ${origin} may read this API but not write to it.`);
    };
    await app.register(fastifyCors, {
      // The callback form: no promise per request.
      delegator: (request, answer) => {
        let options: FastifyCorsOptions;
        try {
          options = delegator(request);
        } catch (error) {
          return answer(error as Error);
        }
        answer(null, options);
      },
    });
  },
  { name: 'cors' },
);
