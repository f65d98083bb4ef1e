// No 500, ever, on input: requests generated from the OpenAPI document, valid
// and hostile (see setup/fuzz.ts), sent to every operation through app.inject,
// with and without a write key. Fails on any 5xx, on any error that is not an
// application/problem+json problem body (but a GET of the web page's, outside
// /v1 and the document, which is an HTML page), on any body that does not match its
// declared schema, and on any status, media type or header the document does
// not declare (setup/contract.ts; CONTRACT_CHECK=0 keeps only the body check).
//
// FUZZ_RUNS requests (CI: 2,500; `npm run fuzz`: 20,000), from FUZZ_SEED (fixed,
// printed with a failure so it can be replayed); fast-check shrinks a failing
// request to a smallest one. FUZZ_SURVEY=1 keeps going past failures and lists
// them all, by kind. The file writes into its own clone of the database.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { testApp } from '../setup/app.js';
import {
  checkResponse,
  contractCheck,
  decoded,
  enforceContract,
  isPageUrl,
  openapi,
  validatorOf,
} from '../setup/contract.js';
import { type Dictionary, type FuzzRequest, fuzzRequests, readDictionary } from '../setup/fuzz.js';

const runs = Number(process.env.FUZZ_RUNS ?? 2500);
const seed = Number(process.env.FUZZ_SEED ?? 20_260_429);
const survey = process.env.FUZZ_SURVEY === '1';

let app: App;
let db: Db;
let dictionary: Dictionary;
const keys: Record<'write' | 'admin', string> = { write: '', admin: '' };

beforeAll(async () => {
  ({ app, db } = await testApp({ searchIndex: true }));
  dictionary = await readDictionary(app);
  keys.write = (await createKey(db, { name: 'fuzz write', scope: 'write' })).key;
  keys.admin = (await createKey(db, { name: 'fuzz admin', scope: 'admin' })).key;
});

/** Responses by status, and every failure seen (in survey mode). */
const statuses = new Map<number, number>();
const failures = new Map<string, { count: number; example: string }>();
const operationsSent = new Map<string, number>();
const operationTime = new Map<string, number>();
let sent = 0;

afterAll(() => {
  const byClass = new Map<string, number>();
  for (const [status, count] of statuses) {
    const name = `${Math.floor(status / 100)}xx`;
    byClass.set(name, (byClass.get(name) ?? 0) + count);
  }
  const classes = ['2xx', '3xx', '4xx', '5xx'].map((c) => `${c} ${byClass.get(c) ?? 0}`).join(', ');
  const detail = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
  console.log(
    `fuzz: ${sent} requests, seed ${seed}: ${classes} (5xx: ${byClass.get('5xx') ?? 0})\n  ${detail.join(', ')}`,
  );
  if (survey) {
    const slowest = [...operationTime].sort(([, a], [, b]) => b - a).slice(0, 8);
    console.log(
      `  slowest: ${slowest.map(([o, ms]) => `${o} ${Math.round(ms)} ms / ${operationsSent.get(o)}`).join(', ')}`,
    );
  }
  if (failures.size > 0) {
    console.log(
      [...failures].map(([kind, { count, example }]) => `  ${count} × ${kind}\n      e.g. ${example}`).join('\n'),
    );
  }
});

const authorization: Record<FuzzRequest['auth'], () => string | undefined> = {
  none: () => undefined,
  write: () => `Bearer ${keys.write}`,
  admin: () => `Bearer ${keys.admin}`,
  unknown: () => 'Bearer plt_00000000_nothing',
  malformed: () => `Basic ${'x'.repeat(300)}`,
  lowercase: () => `bearer ${keys.write}`,
};

/** The entry a write names (`/v1/sites/x` of `/v1/sites/x/merge?…`), read for its current ETag. */
async function currentEtag(url: string): Promise<string | undefined> {
  const entry = /^\/v1\/[a-z]+\/[^/?]+/.exec(url)?.[0];
  if (!entry) return undefined;
  const response = await app.inject({ method: 'GET', url: entry });
  const etag = response.headers.etag;
  return typeof etag === 'string' ? etag : undefined;
}

const problemSchema = openapi.components?.schemas?.Problem;
const validProblem = problemSchema ? validatorOf(problemSchema) : () => true;

/** What is wrong with one response: nothing, or the kind of fault (a key to group them by) and its words. */
function faultOf(request: FuzzRequest, response: Awaited<ReturnType<App['inject']>>): string | undefined {
  const status = response.statusCode;
  // The body as sent before compression (the fuzz asks for gzip and br too); null for an encoding Node cannot read.
  const text = decoded(response.rawPayload, response.headers['content-encoding']);
  if (status >= 500) return `${status} on ${request.operation}: ${(text ?? '').slice(0, 300)}`;
  if (text === null) return undefined;
  // A GET of a URL outside the API (not /v1, not in the document) is the web page's: its errors are HTML pages.
  if (status >= 400 && request.method === 'GET' && isPageUrl(request.url)) {
    const type = String(response.headers['content-type'] ?? '');
    return type === 'text/html; charset=utf-8' ? undefined : `${status} on ${request.operation} (a page) is ${type}`;
  }
  if (status >= 400 && request.method !== 'HEAD') {
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) return `${status} on ${request.operation} is ${type}`;
    let body: { status?: unknown } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      return `${status} on ${request.operation}: the problem body is not JSON`;
    }
    if (!validProblem(body) || body?.status !== status) {
      return `${status} on ${request.operation}: not a problem body of this status: ${text.slice(0, 200)}`;
    }
  }
  // A body that does not match its declared schema always fails; the rest of the contract (statuses, media types,
  // headers) fails too unless CONTRACT_CHECK=0, or is logged with CONTRACT_CHECK_LOG.
  const checked = { method: request.method, url: request.url, statusCode: status, headers: response.headers };
  const mismatches = checkResponse({ ...checked, body: text });
  if (contractCheck === 'log') enforceContract({ ...checked, body: text });
  const failing = contractCheck === 'fail' ? mismatches : mismatches.filter((m) => m.kind === 'body');
  if (failing.length > 0) return `contract of ${request.operation} ${status}: ${failing[0]!.message}`;
  return undefined;
}

/** Sends one generated request (all its copies at once); the first fault found, if any. */
async function send(request: FuzzRequest): Promise<string | undefined> {
  const headers = { ...request.headers };
  const auth = authorization[request.auth]();
  if (auth) headers.authorization = auth;
  if (request.ifMatch === 'current') {
    const etag = await currentEtag(request.url);
    if (etag) headers['if-match'] = etag;
  } else if (request.ifMatch !== 'absent') headers['if-match'] = request.ifMatch.value;
  const payload =
    request.payload === undefined
      ? {}
      : { payload: request.binaryPayload ? Buffer.from(request.payload, 'latin1') : request.payload };
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: request.copies }, () =>
      app.inject({ method: request.method as 'GET', url: request.url, headers, ...payload }),
    ),
  );
  operationsSent.set(request.operation, (operationsSent.get(request.operation) ?? 0) + request.copies);
  operationTime.set(request.operation, (operationTime.get(request.operation) ?? 0) + performance.now() - started);
  for (const response of responses) {
    sent++;
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  }
  for (const response of responses) {
    const fault = faultOf(request, response);
    if (fault) return fault;
  }
  return undefined;
}

describe('generated requests to every operation', () => {
  it('never answer 5xx, always answer errors as problem+json', { timeout: 60_000 + runs * 100 }, async () => {
    const requests = fuzzRequests(dictionary);
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const fault = await send(request);
        if (!fault) return;
        if (survey) {
          const kind = fault.replace(/"request_id":"[^"]*"/, '').slice(0, 200);
          const seen = failures.get(kind);
          if (seen) seen.count++;
          else failures.set(kind, { count: 1, example: `${JSON.stringify(request).slice(0, 3000)} → ${fault}` });
          return;
        }
        expect.fail(`${request.method} ${request.url.slice(0, 300)}\n${fault}`);
      }),
      { seed, numRuns: runs, verbose: 1 },
    );
    if (survey) expect([...failures.keys()]).toEqual([]);
  });

  // A short run (FUZZ_RUNS=50 while working on it) need not reach them all.
  it.skipIf(runs < 1000)('reached every operation of the document', () => {
    const operations = Object.values(openapi.paths).flatMap((methods) =>
      Object.values(methods).map((operation) => operation.operationId ?? ''),
    );
    expect(operations.filter((id) => !operationsSent.has(id))).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(runs);
  });
});

describe('the instances the fuzz test found', () => {
  const post = (payload: string, url = '/v1/operators') =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.write}`, 'if-match': '"v1"' },
    });
  const deep = (depth: number, inner: string) => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

  // Seed 7 of the fuzz test sent the first to a merge and to a change (PATCH /v1/sites/keyyo-casablanca): 500.
  it.each([
    [
      'an array nested 5,000 deep',
      '/v1/operators/adm-value/merge',
      deep(5000, ''),
      'body',
      'must be an object, not a list',
    ],
    ['an array nested 200,000 deep', '/v1/operators', deep(200_000, ''), 'body', 'must be an object, not a list'],
    [
      'a name nested 100,000 deep',
      '/v1/operators',
      `{"name":${deep(100_000, '"a"')}}`,
      'name',
      'must be text, not a list',
    ],
    [
      'a name of objects nested 100,000 deep',
      '/v1/operators',
      `{"name":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
      'name',
      'must be text, not an object',
    ],
  ])(
    'a body of %s (%s) is a 400 naming the field, not a 500 (the NUL check recursed)',
    async (_, url, payload, name, expected) => {
      const response = await post(payload, url);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.json()).toEqual({
        type: '/problems/invalid_parameters',
        title: 'Invalid parameters',
        status: 400,
        detail: `Invalid parameter: ${name}.`,
        instance: url,
        code: 'invalid_parameters',
        request_id: response.headers['x-request-id'],
        errors: [{ in: 'body', name, message: expected }],
      });
    },
  );

  it('finds a NUL character however deep it hides', async () => {
    const response = await post(`{"name":"x","aliases":${deep(3, '"a\\u0000"')}}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'aliases.0.0.0', message: 'must not contain the NUL character' },
    ]);
  });

  it('refuses a lone surrogate (half of a UTF-16 pair) with a 400 naming the field, not a 500', async () => {
    // Otherwise a valid create: the write path hands its rows to PostgreSQL as JSON, which refuses `\ud800`.
    const citations = '[{"source":"en-contact-2017-04-26-fin-de-partie-ipg","quote":"IPG"}]';
    const response = await post(`{"name":"Opérateur \\ud800 seul","citations":${citations}}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'name', message: 'must be Unicode text: it holds half of a surrogate pair' },
    ]);
  });
});
