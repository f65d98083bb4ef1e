// Every error leaves as RFC 9457 application/problem+json. Validation errors
// name each bad parameter; 5xx bodies say nothing of the internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldError, invalidParameters, UnavailableError } from '../domain/errors.js';
import {
  AppError,
  type ErrorCode,
  errorCodes,
  fromDomainError,
  problemContentType,
  problemTypeBase,
} from '../http/problems.js';

const locations: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'header' };

/** The zod issues of a failed request validation, as one entry per bad parameter. */
function fieldErrors(
  error: FastifyError & {
    validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[];
  },
): FieldError[] {
  const where = locations[error.validationContext ?? ''] ?? 'request';
  return error.validation.flatMap((issue) => {
    const name = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      return (issue.params.keys as string[]).map((key) => ({
        in: where,
        name: name ? `${name}.${key}` : key,
        message: where === 'query' ? 'is not a known parameter' : 'is not a known field',
      }));
    }
    return [{ in: where, name: name || where, message: issue.message ?? 'is invalid' }];
  });
}

/**
 * Errors of postgres.js, of the network and of PostgreSQL that mean the database cannot be reached now (it is down,
 * starting, restarting or overloaded): answered 503 with Retry-After, never 500. A socket cut under a query surfaces
 * as whichever of these the operating system saw first (EPIPE when a write found it closed, ECONNRESET, postgres.js's
 * CONNECTION_CLOSED…), so each is listed.
 */
const unavailableCodes = new Set([
  // Node's sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTCONN',
  'EAI_AGAIN', // the database's host name could not be looked up for now
  // postgres.js
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // PostgreSQL's SQLSTATE: connection exceptions (class 08, but 08P01, a protocol violation: a fault of ours)…
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007',
  // …and the server shutting down, starting or overloaded
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

/** Whether `error` or one of its causes (drizzle wraps the driver's error in `cause`) has a code of `codes`. */
function hasCode(error: unknown, codes: ReadonlySet<string>): boolean {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
  }
  return false;
}

/** PostgreSQL's lock_not_available: a lock waited for past the API's `lock_timeout` (plugins/db.ts). */
const lockNotAvailable = new Set(['55P03']);
/** PostgreSQL's query_canceled: the API's statement_timeout ran out. */
const statementTimedOut = new Set(['57014']);

/**
 * Fastify's own refusals of a request's body, in the API's words rather than its own (« Unsupported Media Type »,
 * « Request body is too large »): the type it was sent as, the limit of the route (`request`'s), a length that is
 * not its Content-Length. Null for any other error.
 */
function bodyRefusal(error: FastifyError, request: FastifyRequest | undefined): AppError | null {
  if (error.statusCode === 415) {
    const type = request?.headers['content-type']?.split(';')[0]?.trim().slice(0, 100);
    return new AppError(
      'unsupported_media_type',
      type
        ? `The body must be JSON sent as application/json, not as '${type}'.`
        : 'The body must be JSON sent as application/json: Content-Type is missing.',
    );
  }
  if (error.statusCode === 413) {
    const limit = request?.routeOptions.bodyLimit;
    return new AppError(
      'payload_too_large',
      `The body is larger than this route takes${limit ? `: at most ${limit} bytes` : ''}.`,
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new AppError('bad_request', 'The body is not as long as its Content-Length header says.');
  }
  return null;
}

/**
 * The problem an error raised while answering `request` stands for (a 500 for anything unforeseen); a refusal of
 * Fastify's in the API's words (`bodyRefusal`).
 */
export function toAppError(error: FastifyError, request?: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof UnavailableError) {
    return new AppError('service_unavailable', error.message, {
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    });
  }
  if (hasCode(error, lockNotAvailable)) {
    return new AppError(
      'conflict',
      'The entry is held by another write that has not ended (a bulk import holds the entries it changes until it ' +
        'commits, all at once): try again once it has ended.',
    );
  }
  if (hasCode(error, statementTimedOut)) {
    return new AppError(
      'service_unavailable',
      'The database took longer than the API waits for a statement (DATABASE_STATEMENT_TIMEOUT_SECONDS); try again ' +
        'shortly.',
      { headers: { 'retry-after': '5' } },
    );
  }
  if (hasCode(error, unavailableCodes)) {
    return new AppError('service_unavailable', 'The database cannot be reached at the moment; try again shortly.', {
      headers: { 'retry-after': '5' },
    });
  }
  if (hasZodFastifySchemaValidationErrors(error))
    return fromDomainError(invalidParameters(fieldErrors(error as never)));
  const status = error.statusCode ?? 500;
  // Errors fastify raises itself on a bad request (wrong content type, too large…).
  const refused = bodyRefusal(error, request);
  if (refused) return refused;
  if (status === 406) return new AppError('not_acceptable', error.message);
  if (status === 429) return new AppError('too_many_requests', error.message);
  if (status >= 400 && status < 500) return new AppError('bad_request', error.message);
  return new AppError(
    status === 503 ? 'service_unavailable' : 'internal_error',
    'The server could not answer. The request id helps the operators find out why.',
  );
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const body = {
    type: `${problemTypeBase}${error.code}`,
    title: errorCodes[error.code].title,
    status: error.status,
    detail: error.message,
    instance: request.url,
    code: error.code,
    request_id: request.id,
    ...(error.errors ? { errors: error.errors } : {}),
  };
  return reply
    .code(error.status)
    .headers(error.headers)
    .type(`${problemContentType}; charset=utf-8`)
    .serializer(JSON.stringify)
    .send(body);
}

export function problem(code: ErrorCode, detail: string): AppError {
  return new AppError(code, detail);
}

/** What the errors plugin is given: who answers unknown URLs that are not the API's (the web page's 404). */
export interface ErrorsOptions {
  /**
   * Sends the answer to an unknown URL when it is the web page's to answer (src/pages/ decides: not under /v1, and
   * a client that does not prefer JSON), and returns true; false leaves it a problem+json 404.
   */
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => boolean;
}

export default fp(
  async function errorsPlugin(app: FastifyInstance, options: ErrorsOptions) {
    // Known routes, to tell an unknown path (404) from a wrong method (405). An unknown path is told by one expression
    // of every route's pattern (made at the first unknown URL after a route was added), not a test of each.
    const routes: { url: string; pattern: RegExp; methods: string[] }[] = [];
    let anyRoute: RegExp | undefined;
    app.addHook('onRoute', (route) => {
      const url = route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+');
      routes.push({ url, pattern: new RegExp(`^${url}/?$`), methods: ([] as string[]).concat(route.method) });
      anyRoute = undefined;
    });
    const allowedMethods = (url: string) => {
      const path = url.split('?')[0] ?? url;
      anyRoute ??= new RegExp(`^(?:${routes.map((r) => r.url).join('|')})/?$`);
      if (!anyRoute.test(path)) return [];
      return [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    };

    app.setErrorHandler((error: FastifyError, request, reply) => {
      const appError = toAppError(error, request);
      if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: appError.code, detail: appError.message }, 'request refused');
      return sendProblem(request, reply, appError);
    });

    app.setNotFoundHandler((request, reply) => {
      const allowed = allowedMethods(request.url);
      if (allowed.length > 0) {
        const error = new AppError(
          'method_not_allowed',
          `${request.method} is not allowed on ${request.url.split('?')[0]}; allowed: ${allowed.join(', ')}.`,
          {
            headers: { allow: allowed.join(', ') },
          },
        );
        return sendProblem(request, reply, error);
      }
      if (options.notFoundPage?.(request, reply)) return reply;
      return sendProblem(
        request,
        reply,
        new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
      );
    });
  },
  { name: 'errors' },
);
