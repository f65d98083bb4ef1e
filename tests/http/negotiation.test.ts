// Content negotiation on every route: 406 problem+json when `Accept` excludes every media type the route answers
// with (the API's JSON, an export's format, the pages' HTML, the results' CSV and Atom feed, /openapi.json), q-values
// and wildcards read as RFC 9110 says; and the OpenAPI document lists the 406 where it can happen.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../setup/app.js';

let app: App;

beforeAll(async () => {
  ({ app } = await testApp({ searchIndex: true }));
});

const get = (url: string, accept?: string, method: 'GET' | 'HEAD' = 'GET') =>
  app.inject({ method, url, headers: accept === undefined ? {} : { accept } });

describe('406 when Accept excludes what the route answers with', () => {
  it.each([
    ['/v1/sites/ipg-roubaix', 'application/xml', 'application/json'],
    ['/v1/sites?limit=1', 'text/html', 'application/json'],
    ['/v1/search?q=ipg', 'application/json;q=0, text/plain', 'application/json'],
    ['/openapi.json', 'image/png', 'application/json'],
    ['/v1/sites/export?format=csv', 'application/json', 'text/csv'],
    ['/v1/sites/export?format=jsonl', 'text/csv', 'application/x-ndjson'],
    ['/health', 'text/csv', 'application/json'],
    ['/recherche?q=ipg', 'application/json', 'text/html'],
    ['/sites/ipg-roubaix', 'application/json', 'text/html'],
    ['/recherche.atom?q=ipg', 'text/html', 'application/atom+xml'],
    ['/recherche.csv?q=ipg', 'application/atom+xml', 'text/csv'],
  ])('%s with Accept: %s is a 406 naming %s', async (url, accept, type) => {
    for (const method of ['GET', 'HEAD'] as const) {
      const response = await get(url, accept, method);
      expect(response.statusCode, `${method} ${url}`).toBe(406);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      if (method === 'GET') {
        const body = response.json();
        expect(body.code).toBe('not_acceptable');
        expect(body.status).toBe(406);
        expect(body.detail).toBe(`This answers ${type}, which the request's Accept header (${accept}) excludes.`);
      }
    }
  });

  it.each([
    ['/v1/sites/ipg-roubaix', undefined, 'application/json'],
    ['/v1/sites/ipg-roubaix', '', 'application/json'],
    ['/v1/sites/ipg-roubaix', '*/*', 'application/json'],
    ['/v1/sites/ipg-roubaix', 'application/*;q=0.5, text/html', 'application/json'],
    ['/v1/sites/ipg-roubaix', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json'],
    ['/v1/sites/export?format=csv', 'text/csv', 'text/csv'],
    ['/v1/sites/export?format=jsonl', 'application/x-ndjson, text/csv;q=0.1', 'application/x-ndjson'],
    ['/recherche?q=ipg', 'text/html', 'text/html'],
    ['/recherche.atom?q=ipg', 'application/atom+xml', 'application/atom+xml'],
    ['/openapi.json', 'application/json', 'application/json'],
  ])('%s with Accept %j answers %s', async (url, accept, type) => {
    const response = await get(url, accept);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(`${type}; charset=utf-8`);
  });

  it('still sends other errors as problem+json (a 400 before the 406, a 404)', async () => {
    const bad = await get('/v1/sites?colour=blue', 'application/xml');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const missing = await get('/v1/sites/no-such-site', 'application/problem+json');
    expect(missing.statusCode).toBe(406);
    const unknown = await get('/v1/nowhere', 'application/xml');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
  });

  it('lists 406 in the OpenAPI document wherever a body is answered, and nowhere else', async () => {
    const document = (await get('/openapi.json')).json();
    const operations = Object.entries(document.paths as Record<string, Record<string, { responses: object }>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
      .filter(({ op }) => op && typeof op === 'object' && 'responses' in op);
    const answersBody = (responses: Record<string, { content?: object }>) =>
      Object.entries(responses).some(([status, r]) => /^2/.test(status) && r.content);
    const missing = operations.filter(({ method, op }) => method !== 'head' && answersBody(op.responses as never));
    expect(missing.filter(({ op }) => !('406' in op.responses)).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    // Those without a body to negotiate (deletes, link removals: 204) do not list it.
    const bodiless = operations.filter(({ method, op }) => method !== 'head' && !answersBody(op.responses as never));
    expect(bodiless.length).toBeGreaterThan(0);
    expect(bodiless.filter(({ op }) => '406' in op.responses)).toEqual([]);
    expect(document.paths['/v1/sites/{id}'].head.responses['406']).toBeDefined();
    const exported = document.paths['/v1/sites/export'].get.responses['406'];
    expect(JSON.stringify(exported)).toContain('application/problem+json');
  });
});
