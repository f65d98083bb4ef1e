// How the routes' schemas become the OpenAPI document, so that it says what the
// server does: each response with its media type (problems as
// application/problem+json, exports as text/csv and application/x-ndjson) and
// headers (./responses.ts); the answers any route may give, whatever it is
// (400 for a malformed URL, 429, 431, 500, 503, 413 and 415 for a body, the
// x-request-id header), added here once; HEAD operations without a body;
// fields and headers the parser lets through missing but a client must send
// (domain/document-marks.ts) listed as required; integers parsed from their text
// (listing/pagination.ts `wholeNumber`) without the text's pattern. plugins/openapi.ts hands
// `documentRoute` and `documentObject` to @fastify/swagger.
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requiredInDocument } from '../domain/document-marks.js';
import { declaredMediaTypes } from './negotiation.js';
import { errorCodes, problemContentType } from './problems.js';
import { type DeclaredResponse, headers, problem } from './responses.js';
import { connectionProblemSchema, problemSchema } from './schemas.js';

type Json = Record<string, unknown>;
type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** The key under which a route's responses, as the document gives them, reach `documentObject`. */
const responsesKey = 'x-plateau-responses';

const requiredMark = Object.keys(requiredInDocument)[0]!;

/** What a status means when the route says nothing more (a bare zod schema). */
const defaultDescriptions: Record<string, string> = {
  200: 'OK.',
  201: 'Created.',
  204: 'Done; no content.',
};

/** The answers of the server itself, which any route may give. */
const serviceResponses = {
  400: problem('A parameter is malformed or unknown, or the URL itself; `errors` names each one.'),
  429: problem(
    'Too many requests from this client or key: wait as `Retry-After` says.',
    headers(['retry-after'], ['ratelimit-policy', 'ratelimit']),
  ),
  500: problem('A fault of ours; the body says nothing more, `request_id` finds it in the logs.'),
  503: problem('The database or the server is overloaded or unreachable now: retry after `Retry-After`.', {
    ...headers([], ['retry-after']),
  }),
} satisfies Record<number, DeclaredResponse>;

/** 431, answered before the request is read: no request id, the connection then closes. */
const headersTooLarge = {
  description: 'The request line or headers are too large.',
  content: { 'application/problem+json': { schema: connectionProblemSchema } },
} satisfies DeclaredResponse;

/** 406, to a request whose Accept excludes every media type the route answers with. */
const notAcceptable = (types: string[]) =>
  problem(`The request's Accept header excludes ${types.join(' and ')}, what this route answers with.`);

/** A route reading a body: too large, or not JSON. */
const bodyResponses = {
  413: problem('The body is larger than this route accepts.'),
  415: problem('The body is not sent as application/json.'),
};

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A zod schema as the document writes it (`output` for what the server sends). */
function toJson(input: TransformInput, schema: z.ZodType): Json {
  const { schema: transformed } = jsonSchemaTransform({ ...input, schema: { response: { 200: schema } } }) as {
    schema: { response: Record<string, Json> };
  };
  // A schema without a component id comes with JSON Schema's own keywords, which OpenAPI's do not take.
  const { $schema: _, $id: __, ...json } = transformed.response[200]!;
  return json;
}

function isZod(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/** One declared response (a bare zod schema is a JSON body; a null one, no body), as the document gives it. */
function documentResponse(input: TransformInput, status: string, declared: unknown): Json {
  // A bare problem schema is still a problem body.
  if (declared === problemSchema) return documentResponse(input, status, problem('A problem: see `detail`.'));
  if (isZod(declared)) {
    const { description, ...body } = toJson(input, declared);
    const text = (description as string | undefined) ?? defaultDescriptions[status] ?? 'OK.';
    if (body.type === 'null') return { description: text };
    return { description: text, content: { 'application/json': { schema: body } } };
  }
  const response = declared as DeclaredResponse;
  return {
    description: response.description,
    ...(response.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, header]) => {
              const { description, ...schema } = toJson(input, header.schema);
              return [name, { ...(description ? { description } : {}), required: header.required ?? false, schema }];
            }),
          ),
        }
      : {}),
    ...(response.content
      ? {
          content: Object.fromEntries(
            Object.entries(response.content).map(([type, media]) => [type, { schema: toJson(input, media.schema) }]),
          ),
        }
      : {}),
  };
}

/** A route's own answer for a status, with the server's for the same status: both media types, its headers optional. */
function alsoServed(own: Json, server: Json): Json {
  const content = { ...(server.content as Json | undefined), ...(own.content as Json | undefined) };
  const serverHeaders = Object.entries((server.headers ?? {}) as Record<string, Json>).map(([name, header]) => [
    name,
    { ...header, required: false },
  ]);
  const headers = { ...Object.fromEntries(serverHeaders), ...(own.headers as Json | undefined) };
  return {
    ...own,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(Object.keys(content).length ? { content } : {}),
  };
}

/** The x-request-id header every answer of a routed request carries. */
function withRequestId(input: TransformInput, response: Json): Json {
  const requestId = documentResponse(input, '200', { description: '', headers: headers(['x-request-id']) }).headers;
  return { ...response, headers: { ...(response.headers as Json | undefined), ...(requestId as Json) } };
}

/**
 * @fastify/swagger's `transform`: the route's parameters and body through the zod type provider's transform, and
 * its responses as the document gives them (see the top of this file), handed on to `documentObject`.
 */
export function documentRoute(input: TransformInput) {
  const schema = input.schema as (FastifySchema & { hide?: boolean; response?: Record<string, unknown> }) | undefined;
  if (!schema || schema.hide) return jsonSchemaTransform(input);
  const { response = {}, ...rest } = schema;
  const method = ([] as string[]).concat((input.route as { method: string | string[] }).method)[0]!;
  // Probes (plugins/probes.ts) are neither rate limited nor shed.
  const probe = (input.route as { config?: { probe?: boolean } }).config?.probe === true;
  const service: Record<string, unknown> = {
    ...serviceResponses,
    ...(probe ? { 429: undefined, 503: undefined } : {}),
    ...(bodyMethods.has(method) ? bodyResponses : {}),
  };
  // A route that answers with a body answers 406 to an Accept that excludes its media types (./negotiation.ts).
  const produces = declaredMediaTypes(schema);
  const negotiated = produces.length ? { 406: notAcceptable(produces) } : {};
  const declared: Record<string, unknown> = { ...service, 431: headersTooLarge, ...negotiated, ...response };
  const responses: Record<string, Json> = {};
  for (const status of Object.keys(declared).sort()) {
    const value = declared[status];
    if (value === undefined) continue;
    let answer = documentResponse(input, status, value);
    // A status the route answers itself that the server may also answer (/ready's 503): both bodies.
    if (service[status] && response[status])
      answer = alsoServed(answer, documentResponse(input, status, service[status]));
    if (value !== headersTooLarge) answer = withRequestId(input, answer);
    // A HEAD answers as its GET without the body.
    if (method === 'HEAD') answer = Object.fromEntries(Object.entries(answer).filter(([key]) => key !== 'content'));
    responses[status] = answer;
  }
  const transformed = jsonSchemaTransform({ ...input, schema: rest });
  return { ...transformed, schema: { ...transformed.schema, [responsesKey]: responses } };
}

/**
 * Walks the document: lists as required the properties and parameters marked required in it (and drops the mark);
 * gives a number parsed from its text (`wholeNumber`, `radius_km`) as the number it is, without the text's pattern.
 */
function settle(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) settle(item);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Json;
  const properties = node.properties as Record<string, Json | undefined> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (property?.[requiredMark] === true) node.required = [...new Set([...((node.required as string[]) ?? []), name])];
  }
  if (node.in && (node.schema as Json | undefined)?.[requiredMark] === true) node.required = true;
  delete node[requiredMark];
  if ((node.type === 'integer' || node.type === 'number') && typeof node.pattern === 'string') delete node.pattern;
  for (const child of Object.values(node)) settle(child);
}

/** `Bad request` → `BadRequest`: the name of a problem response among the components, from its status's title. */
function problemName(status: string): string | undefined {
  const title =
    status === '431'
      ? 'Request header fields too large'
      : Object.values(errorCodes).find((c) => String(c.status) === status)?.title;
  return title?.replace(/(^|\s)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}

/**
 * Problem responses written once among the components and referred to: each status's problem response (and its
 * HEAD variant, without the body) under its title; one that differs from the first of its status stays inline.
 */
function sharedProblems() {
  const byName = new Map<string, { json: string; response: Json }>();
  return {
    share(status: string, response: Json): Json {
      const content = response.content as Json | undefined;
      if (content && !(problemContentType in content)) return response;
      const base = problemName(status);
      // Without a body: a problem's answer to HEAD (a 204, 304 or 308 stays where it is).
      if (!base || (!content && !/^[45]/.test(status))) return response;
      const name = content ? base : `${base}WithoutBody`;
      const json = JSON.stringify(response);
      const known = byName.get(name);
      if (known && known.json !== json) return response;
      byName.set(name, { json, response });
      return { $ref: `#/components/responses/${name}` };
    },
    components(): Json {
      return Object.fromEntries([...byName.keys()].sort().map((name) => [name, byName.get(name)!.response]));
    },
  };
}

/** `x-request-id` → `XRequestId`, `etag` → `Etag`: the name of a header among the components. */
const componentName = (header: string) =>
  header.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/**
 * @fastify/swagger's `transformObject` (after the zod type provider's): each operation's responses as
 * `documentRoute` gave them, each header written once among the components, required marks lifted.
 */
export function documentObject(document: Json): Json {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Json>>;
  const components = (document.components ?? {}) as Json;
  const shared: Record<string, Json> = {};
  const problems = sharedProblems();
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (!operation || typeof operation !== 'object' || !(responsesKey in operation)) continue;
      const responses = operation[responsesKey] as Record<string, Json>;
      for (const response of Object.values(responses)) {
        const sent = response.headers as Record<string, Json> | undefined;
        for (const [name, header] of Object.entries(sent ?? {})) {
          const key = `${componentName(name)}${header.required ? '' : 'Optional'}`;
          shared[key] = header;
          sent![name] = { $ref: `#/components/headers/${key}` };
        }
      }
      operation.responses = Object.fromEntries(
        Object.entries(responses).map(([status, response]) => [status, problems.share(status, response)]),
      );
      delete operation[responsesKey];
    }
  }
  const headerNames = Object.keys(shared).sort();
  document.components = {
    ...components,
    responses: problems.components(),
    headers: Object.fromEntries(headerNames.map((n) => [n, shared[n]])),
  };
  settle(document);
  return document;
}
