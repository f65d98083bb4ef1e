// The responses each sort of route declares, by status, with their media type
// and headers, in the shape Fastify and OpenAPI share: `{ description, content:
// { 'application/json': { schema } }, headers }`. Every error is an RFC 9457
// problem body (`application/problem+json`, schemas.ts `problemSchema`). A
// route spreads the map of its sort next to its success response:
// `{ 200: entryFound(siteDetail), ...detailProblems }`. The answers every route
// may give whatever it is (429, 431, 500, 503, the x-request-id header) are
// added to the document by ./document.ts.
import { z } from 'zod';
import { problemContentType } from './problems.js';
import { problemSchema } from './schemas.js';

/** A response header as the document declares it: its schema (a description in its meta), and whether it is always sent. */
export interface DeclaredHeader {
  schema: z.ZodType;
  required?: boolean;
}

/** A response as a route declares it: what it means, its body by media type (none for 304, 308), its headers. */
export interface DeclaredResponse {
  description: string;
  content?: Record<string, { schema: z.ZodType }>;
  headers?: Record<string, DeclaredHeader>;
}

/** The headers the API sends, by name as they are sent (lower case), each described once. */
export const responseHeaders = {
  etag: z.string().meta({
    description:
      'The version of the entry and a digest of what the body shows (`"v3-Kq9…"`): it changes when the entry or ' +
      'anything shown with it changes. For If-None-Match (304) and If-Match (which compares the version).',
  }),
  location: z.string().meta({ description: 'Where the entry lives (a created one, or the survivor of a merge).' }),
  'content-location': z.string().meta({ description: 'Where the entry answered lives: the survivor of the merge.' }),
  'www-authenticate': z.string().meta({ description: 'The scheme to send the API key with: `Bearer`.' }),
  'retry-after': z.string().meta({ description: 'Seconds to wait before trying again.' }),
  'ratelimit-policy': z.string().meta({ description: 'The limit that applies: requests per window (IETF RateLimit).' }),
  ratelimit: z.string().meta({ description: 'What is left of the limit, and when it resets (IETF RateLimit).' }),
  'content-disposition': z.string().meta({
    description: 'attachment; the file name carries the kind and the export time (`plateau-sites-<time>.csv`).',
  }),
  'x-export-generated-at': z.string().meta({ format: 'date-time', description: 'When the export was made.' }),
  'x-export-filters': z.string().meta({ description: 'The filters of the export, as a query string.' }),
  'x-request-id': z.string().meta({ description: 'The id of the request (yours when sent), in the log lines too.' }),
} as const;

type HeaderName = keyof typeof responseHeaders;

/** Declares headers by name: `always` ones are sent with every response of the status, `sometimes` ones may be. */
export function headers(always: HeaderName[], sometimes: HeaderName[] = []): Record<string, DeclaredHeader> {
  return Object.fromEntries([
    ...always.map((name) => [name, { schema: responseHeaders[name], required: true }]),
    ...sometimes.map((name) => [name, { schema: responseHeaders[name] }]),
  ]);
}

/** A JSON body answered with `status` meaning `description`, and these headers. */
export function json(description: string, schema: z.ZodType, sent: Record<string, DeclaredHeader> = {}) {
  return {
    description,
    content: { 'application/json': { schema } },
    ...(Object.keys(sent).length ? { headers: sent } : {}),
  } satisfies DeclaredResponse;
}

/** 204: done, no body (a null body is what Fastify is handed, and sends nothing). */
export function noContent(description: string) {
  return z.null().meta({ description });
}

/** A response without a body that carries headers (304, 308): never serialized, so no schema. */
export function noBody(description: string, sent: Record<string, DeclaredHeader>) {
  return { description, headers: sent } satisfies DeclaredResponse;
}

/** A problem response: an RFC 9457 body as application/problem+json, and its headers. */
export function problem(description: string, sent: Record<string, DeclaredHeader> = {}) {
  return {
    description,
    content: { [problemContentType]: { schema: problemSchema } },
    ...(Object.keys(sent).length ? { headers: sent } : {}),
  } satisfies DeclaredResponse;
}

/** Each problem status a route may declare, described once. */
export const problems = {
  400: problem('A parameter or the body is malformed or unknown; `errors` names each one.'),
  401: problem('No API key, or an unknown one.', headers(['www-authenticate'])),
  403: problem('A revoked API key, or one without the scope this request needs.'),
  404: problem('No such entry (or link).'),
  409: problem(
    'The id asked for is taken, or the change conflicts with the entry as it stands, or another write holds the ' +
      'entry (a bulk import running).',
  ),
  410: problem(
    'The entry was deleted, or merged into another (then named in `Location`); its history remains. Or it is ' +
      'withheld: a source (INSEE’s Sirene) says it may not be published; neither it nor its history is shown. Or ' +
      'it is withdrawn: the BODACC notices it was made of were withdrawn by corrections; its history is shown.',
    headers([], ['location']),
  ),
  412: problem(
    'If-Match names an older version (read the entry again) or a weak tag (compared strongly, W/ matches no ' +
      'version); or If-None-Match names the current version, or *.',
  ),
  413: problem('The body is larger than this route accepts.'),
  415: problem('The body is not sent as application/json.'),
  422: problem(
    'The body is well-formed but states something invalid (no source, unknown place…); `errors` names each.',
  ),
  428: problem('If-Match is missing: send the ETag of the entry as last read.'),
} as const;

/** A route that reads a body: too large (413), or not JSON (415). */
const bodyProblems = { 413: problems[413], 415: problems[415] };

/** A list or an export: a bad parameter. */
export const listProblems = { 400: problems[400] };

/** One entry by id: a bad id, none, or one deleted (410); a merged one redirects (308, see entries.ts). */
export const detailProblems = { 400: problems[400], 404: problems[404], 410: problems[410] };

/** An entry's history: a bad id, or none ever. */
export const historyProblems = { 400: problems[400], 404: problems[404] };

/** A create: auth, the body, an id already taken. */
export const createProblems = {
  400: problems[400],
  401: problems[401],
  403: problems[403],
  409: problems[409],
  ...bodyProblems,
  422: problems[422],
};

/** A change, delete or merge: auth, the body, the entry's state and the If-Match precondition. */
export const writeProblems = {
  ...createProblems,
  404: problems[404],
  410: problems[410],
  412: problems[412],
  428: problems[428],
};

/**
 * Adding or removing a link (an officer, a practitioner, a headcount): as a write, If-Match optional (no 428), but
 * honoured when sent (412).
 */
export const linkProblems = { ...createProblems, 404: problems[404], 410: problems[410], 412: problems[412] };
