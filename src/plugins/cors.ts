// Cross-origin requests (@fastify/cors): the directory is public, so a page of
// any origin may read it (`Access-Control-Allow-Origin: *`, no credentials);
// only pages of the origins configured (CORS_ORIGINS) and of this API's own
// host may write. A write, or the preflight of one, from another origin is
// refused with a 403 problem before its key is even looked at. The headers are
// those @fastify/cors sent with these options (Vary: Origin on every answer,
// the preflight's 204), made once rather than for each request.
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

/** The headers of a cross-origin answer: the origin allowed, what it may read, and for a preflight what it may send. */
interface Answer {
  origin: string;
  preflight: [string, string][];
}

/** What every origin gets for a read: any origin (`*`), the read methods. */
const readAnswer = answerFor('*', readMethods);

function answerFor(origin: string, methods: string[]): Answer {
  return {
    origin,
    preflight: [
      ['access-control-allow-methods', methods.join(', ')],
      ['access-control-allow-headers', allowedHeaders.join(', ')],
      ['access-control-max-age', String(preflightMaxAge)],
    ],
  };
}

const exposed = exposedHeaders.join(', ');

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

declare module 'fastify' {
  interface FastifyRequest {
    /** A CORS preflight, answered by the onRequest hook (the OPTIONS route only lets Fastify accept it). */
    corsPreflightEnabled?: boolean;
  }
}

/**
 * The headers @fastify/cors sets with a delegator giving these options, set by one hook whose answers are made once:
 * the plugin normalised its options and looked the route's up on every request, most of which carry no Origin.
 */
export default fp(
  async function corsPlugin(app: FastifyInstance, options: { origins: string[] }) {
    const writers = new Set(options.origins);
    const writeAnswers = new Map<string, Answer>();
    const answer = (request: FastifyRequest, origin: string): Answer => {
      if (!writeMethods.includes(intendedMethod(request))) return readAnswer;
      if (writers.has(origin) || isOwnHost(origin, request)) {
        let kept = writeAnswers.get(origin);
        if (!kept) {
          kept = answerFor(origin, [...readMethods, ...writeMethods]);
          if (writers.has(origin)) writeAnswers.set(origin, kept);
        }
        return kept;
      }
      throw new AppError('forbidden', `Pages of ${origin} may read this API but not write to it.`);
    };

    app.addHook('onRequest', (request, reply, done) => {
      // The answer depends on the Origin: caches must keep one per origin.
      reply.header('vary', 'Origin');
      const origin = request.headers.origin;
      // Not a cross-origin request (curl, a server): nothing to say.
      if (!origin) return done();
      let given: Answer;
      try {
        given = answer(request, origin);
      } catch (error) {
        return done(error as Error);
      }
      reply.header('access-control-allow-origin', given.origin);
      reply.header('access-control-expose-headers', exposed);
      if (request.method !== 'OPTIONS') return done();
      if (!request.headers['access-control-request-method']) {
        reply.code(400).type('text/plain').send('Invalid Preflight Request');
        return;
      }
      request.corsPreflightEnabled = true;
      for (const [name, value] of given.preflight) reply.header(name, value);
      // Safari needs content-length 0 on a 204, or waits for a body.
      reply.code(204).header('content-length', '0').send();
    });

    // Lets Fastify accept a preflight (the hook answers it); an OPTIONS that is not one goes on to the 405 of the routes.
    app.options('*', { schema: { hide: true } }, (request, reply) => {
      if (!request.corsPreflightEnabled) return reply.callNotFound();
      return reply.send();
    });
  },
  { name: 'cors' },
);
