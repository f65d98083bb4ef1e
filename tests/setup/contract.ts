// The response contract: every answer the suite receives is checked against the
// committed OpenAPI document (openapi/openapi.json), the way a partner's typed
// client or a validating proxy would read it: the status is declared for the
// operation, the media type is one the status declares, the declared headers
// are there and well-formed and no other header of ours is sent, and the body
// matches its schema (JSON Schema 2020-12, checked by ajv with its formats).
//
// On by default: every mismatch fails the request that showed it (the test
// sees a thrown error naming method, url, status and what does not match).
// CONTRACT_CHECK_LOG=<file> appends the mismatches to that file as JSON lines
// instead, to survey a whole run; CONTRACT_CHECK=0 checks nothing. The docs
// page (/docs) is not checked: it is a page about the document, not in it; nor
// is the web page (src/pages/: HTML, its assets, the Atom and CSV of searches),
// served outside /v1 and outside the document's paths. A JSON answer there (a
// problem+json 404 to a client asking for JSON) is still checked.
import { appendFileSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import type { App } from '../../src/app.js';
import { openapiPath } from '../../src/paths.js';

/** What part of the contract a response breaks. */
export type MismatchKind = 'operation' | 'status' | 'media-type' | 'header' | 'body';

/** One way a response differs from the document, in words a reader can act on. */
export interface Mismatch {
  kind: MismatchKind;
  message: string;
}

/** A response as `app.inject` gives it: enough to check it against the document. */
export interface ResponseToCheck {
  method: string;
  url: string;
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export type Schema = Record<string, unknown>;
interface Header {
  schema?: Schema;
  required?: boolean;
  $ref?: string;
}
interface MediaType {
  schema?: Schema;
}
interface Response {
  content?: Record<string, MediaType>;
  headers?: Record<string, Header>;
  $ref?: string;
}
export interface Operation {
  operationId?: string;
  parameters?: ({ in: string; name: string; required?: boolean; schema?: Schema } & Record<string, unknown>)[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses: Record<string, Response>;
  security?: unknown[];
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, Schema>;
    headers?: Record<string, Header>;
    responses?: Record<string, Response>;
  };
}

/** The committed document, read once. */
export const openapi: OpenApiDocument = JSON.parse(readFileSync(openapiPath, 'utf8'));

/**
 * Headers every response may carry without the document naming them: the transport's own, the security headers
 * (helmet) and CORS. Any other header the server sends is part of the contract and must be declared.
 */
export const transportHeaders = [
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'content-encoding',
  'content-security-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];
const isTransportHeader = (name: string) => transportHeaders.includes(name) || name.startsWith('access-control-');

const mediaTypeOf = (headers: ResponseToCheck['headers']) =>
  String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();

/**
 * The path of a request URL as the router sees it: without query or fragment, dot segments (`/.`, `/%2e%2e`)
 * resolved the way the URL parser of the client (and of app.inject) resolves them.
 */
const pathOf = (url: string) => new URL(url, 'http://localhost').pathname;

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const isJsonLines = (mediaType: string) => ['application/x-ndjson', 'application/jsonl'].includes(mediaType);

function declaredMediaType(content: Record<string, MediaType>, mediaType: string): MediaType | undefined {
  const [type] = mediaType.split('/');
  const key = Object.keys(content).find((k) => k.toLowerCase() === mediaType || k === `${type}/*` || k === '*/*');
  return key === undefined ? undefined : content[key];
}

const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');

let documents = 0;

/** The contract one OpenAPI 3.1 document states, and the check of responses against it. */
export class Contract {
  readonly document: OpenApiDocument;
  private readonly documentId = `openapi-${++documents}.json`;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false });
  private readonly compiled = new WeakMap<Schema, ValidateFunction>();
  private readonly compiledByText = new Map<string, ValidateFunction>();
  private readonly operations: {
    template: string;
    methods: Record<string, Operation>;
    regex: RegExp;
    literals: number;
  }[];

  constructor(document: OpenApiDocument) {
    this.document = document;
    formatsPlugin.default(this.ajv);
    this.ajv.addSchema({ ...document, $id: this.documentId } as Schema, this.documentId);
    this.operations = Object.entries(document.paths).map(([template, methods]) => {
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return {
        template,
        methods,
        regex: new RegExp(`^${pattern}/?$`),
        // Literal segments win over parameters: /v1/sites/export before /v1/sites/{id}.
        literals: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
      };
    });
  }

  /** A schema of the document made self-standing: its `#/…` references point into the document given to ajv. */
  private anchored(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.anchored(item));
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        key === '$ref' && typeof child === 'string' && child.startsWith('#/')
          ? `${this.documentId}${child}`
          : this.anchored(child),
      ]),
    );
  }

  /** The validator of one schema of the document (or of a copy of one), compiled once. */
  validatorOf(schema: Schema): ValidateFunction {
    const known = this.compiled.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    const validate = this.compiledByText.get(text) ?? this.ajv.compile(this.anchored(schema) as Schema);
    this.compiledByText.set(text, validate);
    this.compiled.set(schema, validate);
    return validate;
  }

  /** Follows a `#/components/<group>/<name>` reference of the document. */
  resolve<T extends { $ref?: string }>(value: T): T {
    if (!value.$ref?.startsWith('#/')) return value;
    let target: unknown = this.document;
    for (const part of value.$ref.slice(2).split('/')) target = (target as Record<string, unknown>)?.[part];
    return (target as T) ?? value;
  }

  /** The document's operation for a method and a request URL (query ignored), if it declares one. */
  findOperation(method: string, url: string): { template: string; method: string; operation: Operation } | undefined {
    const path = pathOf(url);
    const matches = this.operations.filter((o) => o.regex.test(path)).sort((a, b) => b.literals - a.literals);
    for (const match of matches) {
      const operation = match.methods[method.toLowerCase()];
      if (operation) return { template: match.template, method: method.toUpperCase(), operation };
    }
    return undefined;
  }

  /** A URL of the web page: outside /v1 and no path of the document (`/`, `/recherche`, `/sites/{id}`…). */
  isPage(url: string): boolean {
    const path = pathOf(url);
    return !/^\/v1(\/|$)/.test(path) && !this.operations.some((o) => o.regex.test(path));
  }

  /** Every way a response differs from what the document declares for its operation; none when it matches. */
  checkResponse(response: ResponseToCheck): Mismatch[] {
    const { method, url, statusCode } = response;
    // The docs page (Swagger UI's HTML and assets) is a page about the document, not an operation of it.
    if (/^\/docs(\/|\?|$)/.test(url)) return [];
    const found = this.findOperation(method, url);
    // The web page's answers (HTML, its assets, Atom, CSV, redirects) are not operations; its JSON ones are checked.
    if (!found && this.isPage(url) && !isJson(mediaTypeOf(response.headers))) return [];
    if (!found) return this.checkUndeclared(response);
    const responses = found.operation.responses;
    const declaredResponse =
      responses[String(statusCode)] ?? responses[`${Math.floor(statusCode / 100)}XX`] ?? responses.default;
    if (!declaredResponse) {
      return [
        { kind: 'status', message: `status ${statusCode} is not declared (declared: ${Object.keys(responses)})` },
      ];
    }
    const declared = this.resolve(declaredResponse);
    const mismatches = this.checkHeaders(response, declared.headers ?? {});
    const mediaType = mediaTypeOf(response.headers);
    const content = declared.content ?? {};
    // Node's server sends no body to a HEAD request, whatever the handler wrote (app.inject keeps it).
    if (response.body.length === 0 || method === 'HEAD') return mismatches;
    if (Object.keys(content).length === 0) {
      mismatches.push({
        kind: 'media-type',
        message: `a ${mediaType || 'body'} is sent, the status declares no content`,
      });
      return mismatches;
    }
    const media = declaredMediaType(content, mediaType);
    if (!media) {
      mismatches.push({
        kind: 'media-type',
        message: `${mediaType || 'no content-type'} is sent, declared: ${Object.keys(content).join(', ')}`,
      });
      // A JSON body under another JSON media type is still checked against the declared JSON schema.
      const json = Object.entries(content).find(([key]) => isJson(key.toLowerCase()));
      if (json && isJson(mediaType)) mismatches.push(...this.checkBody(mediaType, json[1], response.body));
      return mismatches;
    }
    mismatches.push(...this.checkBody(mediaType, media, response.body));
    return mismatches;
  }

  /** A path the document does not know, or a method it lacks there: only a problem saying so fits. */
  private checkUndeclared(response: ResponseToCheck): Mismatch[] {
    const { method, url, statusCode } = response;
    const path = pathOf(url);
    const mismatches: Mismatch[] = [];
    if (statusCode < 400) {
      const known = this.operations.some((o) => o.regex.test(path));
      const message = known
        ? `${method} of this path is answered but not declared`
        : 'this path is answered but not declared';
      mismatches.push({ kind: 'operation', message });
    }
    const problemSchema = this.document.components?.schemas?.Problem;
    if (statusCode >= 400 && problemSchema && method !== 'HEAD') {
      const mediaType = mediaTypeOf(response.headers);
      if (mediaType !== 'application/problem+json') {
        mismatches.push({ kind: 'media-type', message: `an error of an undeclared route is ${mediaType}` });
      } else mismatches.push(...this.checkBody(mediaType, { schema: problemSchema }, response.body));
    }
    return mismatches;
  }

  private checkBody(mediaType: string, declared: MediaType, body: string): Mismatch[] {
    if (!declared.schema) return [];
    const validate = this.validatorOf(declared.schema);
    const fail = (what: string) => [{ kind: 'body' as const, message: `${what}: ${describeErrors(validate)}` }];
    if (isJson(mediaType)) {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return [{ kind: 'body', message: `the ${mediaType} body is not JSON: ${body.slice(0, 80)}` }];
      }
      return validate(value) ? [] : fail('the body does not match its schema');
    }
    if (isJsonLines(mediaType) && (declared.schema as { type?: unknown }).type !== 'string') {
      const lines = body.split('\n').filter((line) => line.trim() !== '');
      for (const [index, line] of lines.entries()) {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          return [{ kind: 'body', message: `line ${index + 1} is not JSON: ${line.slice(0, 80)}` }];
        }
        if (!validate(value)) return fail(`line ${index + 1} does not match its schema`);
      }
      return [];
    }
    return validate(body) ? [] : fail(`the ${mediaType} body does not match its schema`);
  }

  private checkHeaders(response: ResponseToCheck, declared: Record<string, Header>): Mismatch[] {
    const mismatches: Mismatch[] = [];
    const named = Object.fromEntries(
      Object.entries(declared).map(([name, header]) => [name.toLowerCase(), this.resolve(header)]),
    );
    for (const [name, header] of Object.entries(named)) {
      const value = response.headers[name];
      if (value === undefined) {
        if (header.required) mismatches.push({ kind: 'header', message: `the required header ${name} is missing` });
        continue;
      }
      if (!header.schema) continue;
      const validate = this.validatorOf(header.schema);
      const text = String(value);
      // Header values are text; a header declared as a number is checked as the number it writes.
      if (!validate(text) && !(/^-?\d+(\.\d+)?$/.test(text) && validate(Number(text)))) {
        mismatches.push({ kind: 'header', message: `header ${name}: '${text}' ${describeErrors(validate)}` });
      }
    }
    for (const name of Object.keys(response.headers)) {
      if (!isTransportHeader(name) && !(name in named)) {
        mismatches.push({ kind: 'header', message: `header ${name} is sent but not declared` });
      }
    }
    return mismatches;
  }
}

/** The contract of the committed document, openapi/openapi.json. */
export const contract = new Contract(openapi);

/** The validator of one schema of the committed document. */
export const validatorOf = (schema: Schema) => contract.validatorOf(schema);

/** The committed document's operation for a method and URL. */
export const findOperation = (method: string, url: string) => contract.findOperation(method, url);

/** Every way a response differs from the committed document. */
export const checkResponse = (response: ResponseToCheck) => contract.checkResponse(response);

/** Is this a URL of the web page (outside /v1 and the committed document's paths)? */
export const isPageUrl = (url: string) => contract.isPage(url);

/** `METHOD url → status: what does not match`, one line per mismatch. */
export function describeMismatches(response: ResponseToCheck, mismatches: Mismatch[]): string {
  const where = `${response.method} ${response.url} → ${response.statusCode}`;
  return mismatches.map((m) => `${where}: [${m.kind}] ${m.message}`).join('\n');
}

/** Whether the suite checks its responses against the document: `fail`, `log` (to a file) or `off`. */
export const contractCheck: 'fail' | 'log' | 'off' = process.env.CONTRACT_CHECK_LOG
  ? 'log'
  : process.env.CONTRACT_CHECK === '0'
    ? 'off'
    : 'fail';

/** The contract check of one response, as the switch says: a thrown error, a logged line, or nothing. */
export function enforceContract(response: ResponseToCheck): void {
  if (contractCheck === 'off') return;
  const mismatches = checkResponse(response);
  if (mismatches.length === 0) return;
  if (contractCheck === 'log') {
    const lines = mismatches.map((m) =>
      JSON.stringify({
        method: response.method,
        url: response.url.slice(0, 300),
        status: response.statusCode,
        operation: findOperation(response.method, response.url)?.operation.operationId ?? null,
        ...m,
      }),
    );
    appendFileSync(process.env.CONTRACT_CHECK_LOG!, `${lines.join('\n')}\n`);
    return;
  }
  throw new Error(`The response does not match openapi/openapi.json:\n${describeMismatches(response, mismatches)}`);
}

/** The options of `app.inject` the check reads. */
interface InjectOptions {
  method?: string;
  url?: string;
}

/** The body as sent before compression (gzip, br, deflate), or null when Node cannot decode it (zstd on Node 20). */
export function decoded(payload: Buffer, encoding: string | string[] | number | undefined): string | null {
  switch (String(encoding ?? 'identity')) {
    case 'identity':
      return payload.toString('utf8');
    case 'gzip':
      return gunzipSync(payload).toString('utf8');
    case 'br':
      return brotliDecompressSync(payload).toString('utf8');
    case 'deflate':
      return inflateSync(payload).toString('utf8');
    default:
      return null;
  }
}

/**
 * Makes `app.inject` check every response it returns against the document (see `contractCheck`); the chained
 * and callback forms of inject are left as they are. Returns the same app.
 */
export function withContractCheck<T extends App>(app: T): T {
  if (contractCheck === 'off') return app;
  const inject = app.inject.bind(app) as (...args: unknown[]) => unknown;
  const checked = async (options: InjectOptions | string) => {
    const response = await (inject(options) as ReturnType<App['inject']>);
    const method = typeof options === 'string' ? 'GET' : String(options.method ?? 'GET').toUpperCase();
    const url = typeof options === 'string' ? options : String(options.url ?? '/');
    // The docs page (Swagger UI's HTML and assets) is a page about the document, not an operation of it.
    if (!/^\/docs(\/|\?|$)/.test(url)) {
      const body = decoded(response.rawPayload, response.headers['content-encoding']);
      if (body !== null)
        enforceContract({ method, url, statusCode: response.statusCode, headers: response.headers, body });
    }
    return response;
  };
  Object.defineProperty(app, 'inject', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => (args.length === 1 ? checked(args[0] as InjectOptions) : inject(...args)),
  });
  return app;
}
