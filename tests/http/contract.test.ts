// The contract check the suite runs on its responses (setup/contract.ts) finds
// each kind of mismatch: on a small document written here, so that what it
// catches does not depend on the state of openapi/openapi.json, and on the
// committed document's operations.
import { describe, expect, it } from 'vitest';
import { Contract, findOperation, type OpenApiDocument, type ResponseToCheck } from '../setup/contract.js';

const problem = {
  type: 'object',
  properties: { status: { type: 'integer' }, code: { type: 'string' } },
  required: ['status', 'code'],
  additionalProperties: false,
};

const document: OpenApiDocument = {
  paths: {
    '/v1/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          200: {
            headers: {
              etag: { required: true, schema: { type: 'string', pattern: '^"v\\d+"$' } },
              'x-request-id': { schema: { type: 'string' } },
            },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          304: { headers: { etag: { required: true, schema: { type: 'string' } } } },
          404: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/v1/things/export': {
      get: {
        operationId: 'exportThings',
        responses: {
          200: {
            headers: { 'retry-after': { $ref: '#/components/headers/RetryAfter' } },
            content: {
              'application/x-ndjson': { schema: { $ref: '#/components/schemas/Thing' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
        required: ['id'],
      },
      Problem: problem,
    },
    headers: { RetryAfter: { schema: { type: 'integer', minimum: 0 } } },
  },
};

const contract = new Contract(document);

const response = (overrides: Partial<ResponseToCheck>): ResponseToCheck => ({
  method: 'GET',
  url: '/v1/things/a',
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"v1"', 'content-length': '10' },
  body: '{"id":"a","at":"2026-01-02T03:04:05Z"}',
  ...overrides,
});

describe('the contract check', () => {
  it('accepts a response as declared, $refs, formats and charset included', () => {
    expect(contract.checkResponse(response({}))).toEqual([]);
    expect(contract.checkResponse(response({ statusCode: 304, headers: { etag: '"v1"' }, body: '' }))).toEqual([]);
  });

  it('finds the operation by its path, literal segments first, the query aside', () => {
    expect(contract.findOperation('GET', '/v1/things/export?format=csv')?.operation.operationId).toBe('exportThings');
    expect(contract.findOperation('get', '/v1/things/x%2Fy/')?.operation.operationId).toBe('getThing');
    expect(contract.findOperation('DELETE', '/v1/things/a')).toBeUndefined();
    // What the client sends for these is the list's path: `.` resolved, the fragment left out.
    expect(contract.findOperation('GET', '/v1/things/.')).toBeUndefined();
    expect(contract.findOperation('GET', '/v1/things/#x')).toBeUndefined();
    expect(contract.findOperation('GET', '/v1/things/b/../export')?.operation.operationId).toBe('exportThings');
    expect(findOperation('GET', '/v1/sites/export?format=csv')?.operation.operationId).toBe('exportSites');
    expect(findOperation('GET', '/v1/sites/ipg-roubaix')?.operation.operationId).toBe('getSite');
  });

  it('names a status the operation does not declare', () => {
    expect(contract.checkResponse(response({ statusCode: 410, body: '' }))).toEqual([
      { kind: 'status', message: 'status 410 is not declared (declared: 200,304,404)' },
    ]);
  });

  it('names a media type the status does not declare, and still checks a JSON body against the JSON schema', () => {
    const mismatches = contract.checkResponse(
      response({
        statusCode: 404,
        headers: { 'content-type': 'application/json' },
        body: '{"status":404,"code":"not_found","detail":"x"}',
      }),
    );
    expect(mismatches.map((m) => m.kind)).toEqual(['media-type', 'body']);
    expect(mismatches[0]!.message).toBe('application/json is sent, declared: application/problem+json');
    expect(mismatches[1]!.message).toMatch(/additionalProperty.*detail/);
  });

  it('names a body that does not match its schema, and a body where none is declared', () => {
    expect(contract.checkResponse(response({ body: '{"at":"yesterday"}' })).map((m) => m.kind)).toEqual(['body']);
    expect(contract.checkResponse(response({ body: '{"id":' }))[0]!.message).toMatch(/is not JSON/);
    expect(
      contract.checkResponse(
        response({ statusCode: 304, headers: { etag: '"v1"', 'content-type': 'text/plain' }, body: 'x' }),
      ),
    ).toEqual([{ kind: 'media-type', message: 'a text/plain is sent, the status declares no content' }]);
  });

  it('checks each line of JSON lines, and text bodies against their schema', () => {
    const lines = (body: string) =>
      contract.checkResponse(
        response({ url: '/v1/things/export', headers: { 'content-type': 'application/x-ndjson' }, body }),
      );
    expect(lines('{"id":"a"}\n{"id":"b"}\n')).toEqual([]);
    expect(lines('{"id":"a"}\n{"name":"b"}\n')[0]!.message).toMatch(/^line 2 does not match its schema/);
    const csv = response({ url: '/v1/things/export', headers: { 'content-type': 'text/csv' }, body: 'id\na\n' });
    expect(contract.checkResponse(csv)).toEqual([]);
  });

  it('names a required header missing, a header of the wrong form, and a header sent but not declared', () => {
    const headers = { 'content-type': 'application/json', etag: 'v1', 'x-surprise': '1', 'x-request-id': 'r' };
    expect(contract.checkResponse(response({ headers: { 'content-type': 'application/json' } }))).toEqual([
      { kind: 'header', message: 'the required header etag is missing' },
    ]);
    expect(contract.checkResponse(response({ headers })).map((m) => m.message)).toEqual([
      expect.stringMatching(/^header etag: 'v1' .*pattern/),
      'header x-surprise is sent but not declared',
    ]);
    const retry = (value: string) =>
      contract.checkResponse(
        response({
          url: '/v1/things/export',
          headers: { 'content-type': 'text/csv', 'retry-after': value },
          body: 'id',
        }),
      );
    expect(retry('5')).toEqual([]);
    expect(retry('soon').map((m) => m.kind)).toEqual(['header']);
  });

  it('expects a problem from a route the document does not declare, and names a success there', () => {
    const undeclared = (statusCode: number, type: string, body: string) =>
      contract.checkResponse(response({ method: 'DELETE', statusCode, headers: { 'content-type': type }, body }));
    expect(undeclared(405, 'application/problem+json', '{"status":405,"code":"method_not_allowed"}')).toEqual([]);
    expect(undeclared(405, 'text/html', '<p>no</p>')).toEqual([
      { kind: 'media-type', message: 'an error of an undeclared route is text/html' },
    ]);
    expect(undeclared(204, '', '')).toEqual([
      { kind: 'operation', message: 'DELETE of this path is answered but not declared' },
    ]);
    expect(contract.checkResponse(response({ url: '/openapi.json' }))).toEqual([
      { kind: 'operation', message: 'this path is answered but not declared' },
    ]);
  });

  it('leaves the web page out (outside /v1 and the document, not JSON), but for its JSON answers', () => {
    const html = { 'content-type': 'text/html; charset=utf-8' };
    expect(contract.checkResponse(response({ url: '/recherche?q=x', headers: html, body: '<p>x</p>' }))).toEqual([]);
    expect(contract.checkResponse(response({ url: '/v1/recherche', headers: html, body: '<p>x</p>' }))).toEqual([
      { kind: 'operation', message: 'this path is answered but not declared' },
    ]);
    expect(
      contract.checkResponse(
        response({ url: '/nulle-part', statusCode: 404, headers: { 'content-type': 'text/html' }, body: '<p>x</p>' }),
      ),
    ).toEqual([]);
    expect(
      contract.checkResponse(
        response({
          url: '/nulle-part',
          statusCode: 404,
          headers: { 'content-type': 'application/problem+json' },
          body: '{}',
        }),
      ),
    ).toEqual([expect.objectContaining({ kind: 'body' })]);
  });
});
