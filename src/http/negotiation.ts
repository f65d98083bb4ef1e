// Content negotiation: a request whose `Accept` excludes every media type its route answers with gets 406
// `not_acceptable` (problem+json, which every error is sent as whatever the request accepts). What a route answers
// with is read from its declared success responses (a bare zod schema is JSON), or given in its config (`produces`:
// the pages' HTML, the Atom feed, an export's format as its `format` parameter says). `Accept` is read by
// `negotiator` (q-values, `*/*`, `type/*`, `q=0` excluding); no `Accept`, or an empty one, accepts anything.
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import Negotiator from 'negotiator';
import { z } from 'zod';
import { AppError } from './problems.js';
import type { DeclaredResponse } from './responses.js';

/** The media types a route answers with: a list, or a function of the validated request (an export's `format`). */
export type Produces = readonly string[] | ((request: FastifyRequest) => readonly string[]);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route answers with when it succeeds; read from its response schemas when not given. */
    produces?: Produces;
  }
}

/** The media types of one declared response: a bare zod schema is JSON (none when its body is null). */
function mediaTypesOf(declared: unknown): string[] {
  if (declared instanceof z.ZodType) return declared instanceof z.ZodNull ? [] : ['application/json'];
  return Object.keys((declared as DeclaredResponse | undefined)?.content ?? {});
}

/**
 * The media types a route's success responses (2xx) declare, in the order declared: `['application/json']` for
 * most, `['text/csv', 'application/x-ndjson']` for an export; empty when none has a body (204) or the route
 * declares no response (then `Accept` is not checked).
 */
export function declaredMediaTypes(schema: { response?: Record<string, unknown> } | undefined): string[] {
  const responses = Object.entries(schema?.response ?? {}).filter(([status]) => /^2/.test(status));
  return [...new Set(responses.flatMap(([, declared]) => mediaTypesOf(declared)))];
}

/** `onRoute`: the media types a route answers with, from its config or its response schemas, kept in its config. */
export function recordProduces(route: RouteOptions): void {
  if (route.config?.produces) return;
  const produces = declaredMediaTypes(route.schema as { response?: Record<string, unknown> } | undefined);
  if (produces.length) route.config = { ...route.config, produces };
}

/** Whether an `Accept` header takes one of `types` (no header, or an empty one, takes anything). */
export function accepts(accept: string | undefined, types: readonly string[]): boolean {
  if (!accept?.trim()) return true;
  return new Negotiator({ headers: { accept } }).mediaTypes([...types]).length > 0;
}

/**
 * `preHandler` (after validation, so that an export's `format` is known): 406 when the request's `Accept` excludes
 * every media type its route answers with, naming them.
 */
export function checkAccept(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  const produces = request.routeOptions.config?.produces;
  const types = typeof produces === 'function' ? produces(request) : produces;
  const accept = request.headers.accept;
  if (!types || accepts(accept, types)) {
    done();
    return;
  }
  done(
    new AppError(
      'not_acceptable',
      `This answers ${types.join(' or ')}, which the request's Accept header (${accept}) excludes.`,
    ),
  );
}
