// The API protects itself (src/plugins/protection.ts and the plugins it
// registers): security headers, CORS, rate limits, load shedding, compression,
// body limits and the JSON body parser, through app.inject; the Node server's
// timeouts through real sockets.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { testApp, testSearchOptions } from '../setup/app.js';
import { createOperator } from '../setup/factories.js';

let app: App;
let db: Db;
let databaseUrl: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
});

/** Another app over this file's database, with its own protections; closed after the file. */
const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});
async function protectedApp(protection: AppOptions['protection']): Promise<App> {
  const built = await buildApp({ databaseUrl, logLevel: 'silent', search: testSearchOptions(), protection });
  apps.push(built);
  await built.ready();
  return built;
}

async function writeKey(): Promise<string> {
  return (await createKey(db, { name: `protection ${Math.random()}`, scope: 'write' })).key;
}

const citation = { source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'IPG Contacts Services' };

const problemType = /^application\/problem\+json/;

describe('security headers', () => {
  const apiPolicy = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

  it.each([
    ['a list', '/v1/sites', 200],
    ['a detail', '/v1/operators/koramic', 200],
    ['a 404 problem', '/v1/sites/no-such-site', 404],
    ['a 400 problem', '/v1/sites?colour=blue', 400],
    ['an unknown route', '/v1/nothing/here', 404],
    ['the health probe', '/health', 200],
    ['the OpenAPI document', '/openapi.json', 200],
  ])('are on %s (%s)', async (_, url, status) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'content-security-policy': apiPolicy,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'cross-origin',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('give the docs page a policy that lets Swagger UI load its own scripts, styles and images, and nothing else', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const policy = String(page.headers['content-security-policy']);
    const directives = Object.fromEntries(
      policy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", 'https:', "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
    });
    // Served over plain HTTP too: the page's assets must not be sent to an HTTPS port.
    expect(directives).not.toHaveProperty('upgrade-insecure-requests');

    // Every script is a file of this origin (no inline script, which script-src 'self' would block), and loads.
    const html = page.body;
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="\.\/static\//);
      expect(inline!.trim()).toBe('');
    }
    for (const asset of assets) {
      expect(asset).toMatch(/^\.\/static\//);
      const loaded = await app.inject({ method: 'GET', url: `/docs/${asset.slice(2)}` });
      expect(loaded.statusCode, asset).toBe(200);
      expect(loaded.headers['content-security-policy']).toBe(policy);
    }
    // The initializer fetches the document from this origin (connect-src falls back to default-src 'self').
    const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain("resolveUrl('./json')");
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('CORS', () => {
  const journal = 'https://journal.example.org';
  const stranger = 'https://stranger.example.net';
  let cors: App;
  beforeAll(async () => {
    cors = await protectedApp({ corsOrigins: [journal] });
  });

  it('lets a page of any origin read, and read the headers that matter', async () => {
    const response = await cors.inject({ method: 'GET', url: '/v1/operators/koramic', headers: { origin: stranger } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(response.headers['access-control-expose-headers']).split(', ')).toEqual(
      expect.arrayContaining(['etag', 'retry-after', 'ratelimit', 'ratelimit-policy', 'x-request-id', 'location']),
    );
  });

  it('answers the preflight of a read from any origin', async () => {
    const response = await cors.inject({
      method: 'OPTIONS',
      url: '/v1/sites',
      headers: {
        origin: stranger,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-request-id',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-max-age': '600',
    });
    expect(String(response.headers['access-control-allow-headers'])).toContain('x-request-id');
  });

  it.each(['POST', 'PATCH', 'DELETE'])('answers the preflight of a %s from a listed origin', async (method) => {
    const response = await cors.inject({
      method: 'OPTIONS',
      url: '/v1/operators/koramic',
      headers: {
        origin: journal,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization, content-type, if-match',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': journal,
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'authorization, content-type, if-match, if-none-match, x-request-id',
    });
    expect(String(response.headers.vary)).toMatch(/origin/i);
  });

  it.each(['POST', 'PATCH', 'DELETE'])(
    'refuses the preflight of a %s from another origin: 403 problem',
    async (method) => {
      const response = await cors.inject({
        method: 'OPTIONS',
        url: '/v1/operators/koramic',
        headers: { origin: stranger, 'access-control-request-method': method },
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(problemType);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.json()).toEqual({
        type: '/problems/forbidden',
        title: 'Forbidden',
        status: 403,
        detail: `Pages of ${stranger} may read this API but not write to it.`,
        instance: '/v1/operators/koramic',
        code: 'forbidden',
        request_id: response.headers['x-request-id'],
      });
    },
  );

  it('refuses the write itself from another origin, even with a good key, and writes nothing', async () => {
    const key = await writeKey();
    const response = await cors.inject({
      method: 'POST',
      url: '/v1/operators',
      headers: { origin: stranger, authorization: `Bearer ${key}` },
      payload: { id: 'cors-stranger-operator', name: 'Opérateur venu d’ailleurs', citations: [citation] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'forbidden',
      detail: `Pages of ${stranger} may read this API but not write to it.`,
    });
    expect((await cors.inject({ method: 'GET', url: '/v1/operators/cors-stranger-operator' })).statusCode).toBe(404);
  });

  it('accepts a write from a listed origin, and one from the API’s own host (the docs page)', async () => {
    const key = await writeKey();
    const fromJournal = await cors.inject({
      method: 'POST',
      url: '/v1/operators',
      headers: { origin: journal, authorization: `Bearer ${key}` },
      payload: { id: 'cors-journal-operator', name: 'Opérateur du journal', citations: [citation] },
    });
    expect(fromJournal.statusCode).toBe(201);
    expect(fromJournal.headers['access-control-allow-origin']).toBe(journal);

    const fromDocs = await cors.inject({
      method: 'POST',
      url: '/v1/operators',
      headers: { host: 'plateau.example.org', origin: 'https://plateau.example.org', authorization: `Bearer ${key}` },
      payload: { id: 'cors-docs-operator', name: 'Opérateur essayé depuis la documentation', citations: [citation] },
    });
    expect(fromDocs.statusCode).toBe(201);
  });

  it('leaves a bare OPTIONS (no Origin) to the routes: 405 with Allow', async () => {
    const response = await cors.inject({ method: 'OPTIONS', url: '/v1/sites' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expect(response.headers['content-type']).toMatch(problemType);
  });

  it('leaves an OPTIONS with an Origin but no method asked (no preflight) to the routes: a 405 problem', async () => {
    const response = await cors.inject({
      method: 'OPTIONS',
      url: '/v1/sites',
      headers: { origin: 'https://journal.example' },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expect(response.headers['content-type']).toMatch(problemType);
  });

  it('sends no CORS header to a request without an Origin, but says the answer varies with it', async () => {
    const response = await cors.inject({ method: 'GET', url: '/v1/sites' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(response.headers.vary).toBe('Origin');
  });

  it('gives a read from another origin exactly the read headers, and no preflight ones', async () => {
    const response = await cors.inject({ method: 'GET', url: '/v1/search?q=koramic', headers: { origin: stranger } });
    expect(response.statusCode).toBe(200);
    expect(response.headers.vary).toBe('Origin');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toBe(
      'etag, location, content-location, content-disposition, retry-after, ratelimit, ratelimit-policy, ' +
        'www-authenticate, allow, x-request-id, x-export-generated-at, x-export-filters',
    );
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
    expect(response.headers['access-control-max-age']).toBeUndefined();
  });

  it('answers a preflight with an empty 204 that says its length, varying with the origin', async () => {
    const response = await cors.inject({
      method: 'OPTIONS',
      url: '/v1/search',
      headers: { origin: stranger, 'access-control-request-method': 'GET' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['content-length']).toBe('0');
    expect(response.headers.vary).toBe('Origin');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-headers']).toBe(
      'authorization, content-type, if-match, if-none-match, x-request-id',
    );
  });

  it('answers a listed origin’s reads with *, and names it in the preflight of its writes', async () => {
    const response = await cors.inject({ method: 'GET', url: '/v1/sites', headers: { origin: journal } });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const write = await cors.inject({
      method: 'OPTIONS',
      url: '/v1/sites',
      headers: { origin: journal, 'access-control-request-method': 'PUT' },
    });
    expect(write.headers['access-control-allow-origin']).toBe(journal);
    expect(write.headers.vary).toBe('Origin');
  });
});

describe('rate limits', () => {
  let limited: App;
  beforeAll(async () => {
    limited = await protectedApp({ rateLimits: { readsPerMinute: 3, writesPerMinute: 2 } });
  });
  const from = (remoteAddress: string, url = '/v1/sources', headers: Record<string, string> = {}) =>
    limited.inject({ method: 'GET', url, remoteAddress, headers });

  it('counts reads per client address and says where it stands (IETF RateLimit fields); 429 past the quota', async () => {
    for (const remaining of [2, 1, 0]) {
      const response = await from('192.0.2.1');
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-policy']).toBe('"reads";q=3;w=60');
      expect(response.headers.ratelimit).toMatch(new RegExp(`^"reads";r=${remaining};t=(60|59)$`));
    }
    // From a page of another origin, which may read the refusal and its headers.
    const refused = await from('192.0.2.1', '/v1/sites?status=open', { origin: 'https://stranger.example.net' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(problemType);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toBe(`"reads";r=0;t=${wait}`);
    expect(refused.headers['ratelimit-policy']).toBe('"reads";q=3;w=60');
    expect(refused.json()).toEqual({
      type: '/problems/too_many_requests',
      title: 'Too many requests',
      status: 429,
      detail: `More than 3 requests from this address in 60 seconds; try again in ${wait} s.`,
      instance: '/v1/sites?status=open',
      code: 'too_many_requests',
      request_id: refused.headers['x-request-id'],
    });
    // Security and CORS headers are on refusals too.
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(String(refused.headers['access-control-expose-headers'])).toContain('retry-after');

    // Another address has its own count.
    expect((await from('192.0.2.2')).statusCode).toBe(200);
  });

  it('counts unknown routes and errors as reads of the address', async () => {
    for (let i = 0; i < 3; i++) expect((await from('192.0.2.3', '/nothing')).statusCode).toBe(404);
    expect((await from('192.0.2.3', '/v1/sources')).statusCode).toBe(429);
  });

  it('never counts or refuses the probes', async () => {
    for (let i = 0; i < 3; i++) await from('192.0.2.4');
    expect((await from('192.0.2.4')).statusCode).toBe(429);
    for (const url of ['/health', '/ready', '/health', '/ready']) {
      const response = await from('192.0.2.4', url);
      expect(response.statusCode).toBe(200);
      expect(response.headers.ratelimit).toBeUndefined();
    }
  });

  it('counts writes per API key, not per address, once the key is known good', async () => {
    const [first, second] = [await writeKey(), await writeKey()];
    const remove = (key: string, remoteAddress: string) =>
      limited.inject({
        method: 'DELETE',
        url: '/v1/operators/no-such-operator',
        headers: { authorization: `Bearer ${key}`, 'if-match': '"v1"' },
        remoteAddress,
      });
    for (const [remaining, address] of [
      [1, '198.51.100.1'],
      [0, '198.51.100.2'],
    ] as const) {
      const response = await remove(first, address);
      expect(response.statusCode).toBe(404);
      expect(response.headers['ratelimit-policy']).toBe('"writes";q=2;w=60');
      expect(response.headers.ratelimit).toMatch(new RegExp(`^"writes";r=${remaining};t=(60|59)$`));
    }
    // The same key from a third address is over its quota.
    const refused = await remove(first, '198.51.100.3');
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    expect(refused.json()).toMatchObject({
      status: 429,
      code: 'too_many_requests',
      detail: `More than 2 writes with this API key in 60 seconds; try again in ${wait} s.`,
    });
    // Another key from the same address writes on.
    expect((await remove(second, '198.51.100.3')).statusCode).toBe(404);
    // A write without a key is refused for that, and counts nothing.
    const anonymous = await limited.inject({ method: 'DELETE', url: '/v1/operators/x', remoteAddress: '198.51.100.3' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers.ratelimit).toBeUndefined();
    // Writes are not reads: the address still has its three reads.
    expect((await from('198.51.100.3')).headers.ratelimit).toMatch(/^"reads";r=2;/);
  });

  it('counts by the forwarded address only behind a trusted proxy', async () => {
    const behindProxy = await protectedApp({ rateLimits: { readsPerMinute: 1, writesPerMinute: 1 }, trustProxy: true });
    const via = (client: string) =>
      behindProxy.inject({ method: 'GET', url: '/v1/sources', headers: { 'x-forwarded-for': client } });
    expect((await via('203.0.113.1')).statusCode).toBe(200);
    expect((await via('203.0.113.2')).statusCode).toBe(200);
    expect((await via('203.0.113.1')).statusCode).toBe(429);

    // Not trusted (the default): the header is ignored, every request is the proxy's.
    const direct = await protectedApp({ rateLimits: { readsPerMinute: 1, writesPerMinute: 1 } });
    const spoofed = (client: string) =>
      direct.inject({ method: 'GET', url: '/v1/sources', headers: { 'x-forwarded-for': client } });
    expect((await spoofed('203.0.113.1')).statusCode).toBe(200);
    expect((await spoofed('203.0.113.2')).statusCode).toBe(429);
  });

  it('is off in an app built without limits (the rest of the suite)', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await app.inject({ method: 'GET', url: '/v1/sources' });
      expect(response.statusCode).toBe(200);
      expect(response.headers.ratelimit).toBeUndefined();
    }
  });
});

describe('load shedding', () => {
  const shed = (response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, url: string) => {
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(problemType);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({
      type: '/problems/service_unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The server is overloaded at the moment; try again shortly.',
      instance: url,
      code: 'service_unavailable',
      request_id: response.headers['x-request-id'],
    });
  };

  it('answers 503 with Retry-After while the heap is over its threshold, and still answers the probes', async () => {
    // A threshold of a few bytes: always over it once measured.
    const full = await protectedApp({
      loadShedding: { maxEventLoopDelayMs: 0, maxHeapUsedFraction: 1e-9, sampleIntervalMs: 20 },
    });
    await sleep(100);
    shed(await full.inject({ method: 'GET', url: '/v1/sites' }), '/v1/sites');
    const key = await writeKey();
    shed(
      await full.inject({
        method: 'POST',
        url: '/v1/operators',
        headers: { authorization: `Bearer ${key}` },
        payload: { name: 'Opérateur refusé', citations: [citation] },
      }),
      '/v1/operators',
    );
    expect((await full.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await full.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    // Answered, not shed; degraded: this app's search index is not built, so its searches answer from PostgreSQL.
    expect(ready.json().status).toBe('degraded');
  });

  it('answers 503 while the event loop is saturated, then serves again once it is not', async () => {
    const busy = await protectedApp({
      loadShedding: { maxEventLoopDelayMs: 100, maxHeapUsedFraction: 0, sampleIntervalMs: 100 },
    });
    const sources = () => busy.inject({ method: 'GET', url: '/v1/sources' });
    await sleep(250);
    expect((await sources()).statusCode).toBe(200);
    // Saturation: 300 ms of synchronous work again and again, requests answered in between.
    // (Not one long block: a sample taken right after it can reset the delay histogram before it records the block.)
    const hog = setInterval(() => {
      const until = performance.now() + 300;
      while (performance.now() < until) {
        // busy
      }
    }, 1);
    let refused: Awaited<ReturnType<typeof sources>>;
    try {
      refused = await sources();
      for (let waited = 0; refused.statusCode !== 503 && waited < 5000; waited += 20) {
        await sleep(20);
        refused = await sources();
      }
    } finally {
      clearInterval(hog);
    }
    shed(refused, '/v1/sources');
    expect((await busy.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    let status = 503;
    for (let waited = 0; status === 503 && waited < 5000; waited += 100) {
      await sleep(100);
      status = (await sources()).statusCode;
    }
    expect(status).toBe(200);
  });

  it('is off in an app built without it (the rest of the suite)', () => {
    expect(app.hasDecorator('isUnderPressure')).toBe(false);
  });
});

describe('compression', () => {
  const decoders = { gzip: gunzipSync, br: brotliDecompressSync };

  it.each(Object.keys(decoders) as (keyof typeof decoders)[])('compresses JSON with %s', async (encoding) => {
    const plain = await app.inject({ method: 'GET', url: '/v1/operators?limit=100' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const packed = await app.inject({
      method: 'GET',
      url: '/v1/operators?limit=100',
      headers: { 'accept-encoding': encoding },
    });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(String(packed.headers.vary)).toMatch(/accept-encoding/i);
    const body = decoders[encoding](packed.rawPayload);
    expect(body.length).toBeGreaterThan(packed.rawPayload.length);
    expect(JSON.parse(body.toString())).toEqual(plain.json());
  });

  it.each([
    ['csv', 'text/csv; charset=utf-8'],
    ['jsonl', 'application/x-ndjson; charset=utf-8'],
  ])('compresses the %s export as it streams', async (format, type) => {
    const url = `/v1/sites/export?format=${format}`;
    const plain = await app.inject({ method: 'GET', url });
    const packed = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-type']).toBe(type);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="plateau-sites-.+\\.${format}"$`),
    );
    // The export's time stamp differs between the two calls; the rows do not.
    const rows = (text: string) => text.split('\n').filter((line) => !line.includes('generated'));
    expect(rows(gunzipSync(packed.rawPayload).toString())).toEqual(rows(plain.body));
  });

  it('leaves a small answer as it is', async () => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('request bodies', () => {
  it('accepts a DELETE with content-type: application/json and no body', async () => {
    const key = await writeKey();
    const operator = await createOperator(db);
    const response = await app.inject({
      method: 'DELETE',
      url: `/v1/operators/${operator.id}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'if-match': '"v1"' },
    });
    expect(response.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/operators/${operator.id}` })).statusCode).toBe(410);
  });

  it('says which body is missing when a POST with content-type: application/json has none', async () => {
    const key = await writeKey();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/operators',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      type: '/problems/invalid_parameters',
      title: 'Invalid parameters',
      status: 400,
      detail: 'Invalid parameter: body.',
      instance: '/v1/operators',
      code: 'invalid_parameters',
      request_id: response.headers['x-request-id'],
      errors: [{ in: 'body', name: 'body', message: 'is empty: an object is needed' }],
    });
  });

  it('still refuses malformed JSON and prototype poisoning: 400 problems naming what is wrong', async () => {
    const key = await writeKey();
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/operators',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload,
      });
    const broken = await post('{"name":');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ status: 400, code: 'bad_request' });
    const poisoned = await post('{"__proto__":{"admin":true},"name":"x"}');
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json()).toMatchObject({
      status: 400,
      code: 'invalid_parameters',
      errors: [{ in: 'body', name: '__proto__', message: 'is not a known field' }],
    });
  });

  it('refuses a JSON write over 1 MiB with a 413 problem, before reading it', async () => {
    const key = await writeKey();
    const name = 'x'.repeat(1024 * 1024);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/operators',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name, citations: [citation] }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(problemType);
    expect(response.json()).toEqual({
      type: '/problems/payload_too_large',
      title: 'Payload too large',
      status: 413,
      detail: 'The body is larger than this route takes: at most 1048576 bytes.',
      instance: '/v1/operators',
      code: 'payload_too_large',
      request_id: response.headers['x-request-id'],
    });
  });

  it('takes its limit from the configuration', async () => {
    const small = await protectedApp({ bodyLimit: 200 });
    const key = await writeKey();
    const post = (name: string) =>
      small.inject({
        method: 'POST',
        url: '/v1/operators',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ id: 'petit-operateur', name, citations: [citation] }),
      });
    expect((await post('x'.repeat(200))).statusCode).toBe(413);
    expect((await post('Petit opérateur')).statusCode).toBe(201);
  });
});

describe('timeouts of the Node server (real sockets)', () => {
  let port: number;
  let key: string;
  beforeAll(async () => {
    const served = await protectedApp({
      timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 300, idleMs: 5000 },
    });
    await served.listen({ port: 0, host: '127.0.0.1' });
    port = (served.server.address() as net.AddressInfo).port;
    key = await writeKey();
  });

  /**
   * Connects, writes `head`, then one character of `rest` every `everyMs`;
   * resolves when the server closes the connection (or after 10 s): what it
   * answered, and when it closed, from the first byte sent.
   */
  function slowClient(head: string, rest: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      let started = 0;
      const drip = setInterval(() => {
        if (sent < rest.length && socket.writable) socket.write(rest[sent++]!);
      }, everyMs);
      const giveUp = setTimeout(() => socket.destroy(), 10_000);
      socket.on('connect', () => {
        started = performance.now();
        socket.write(head);
      });
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      // A write racing the server's close may fail; the close is what is measured.
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(drip);
        clearTimeout(giveUp);
        resolve({ answer, closedAfterMs: performance.now() - started });
      });
    });
  }

  const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('cuts off a client that sends its headers one byte at a time, with a 408 problem', async () => {
    // 200 header bytes at one every 50 ms would take 10 s.
    const { answer, closedAfterMs } = await slowClient(
      'GET /v1/sources HTTP/1.1\r\nHost: localhost\r\n',
      `x-slow: ${'a'.repeat(200)}\r\n\r\n`,
      50,
    );
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(closedAfterMs).toBeLessThan(2000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json; charset=utf-8\r\n/);
    expect(problemOf(answer)).toEqual({
      type: '/problems/bad_request',
      title: 'Request timeout',
      status: 408,
      detail: 'The request did not arrive in time; the connection is closed.',
      code: 'bad_request',
    });
  });

  it('cuts off a request body trickled in, with a 408 problem', async () => {
    const body = JSON.stringify({ name: 'Opérateur au compte-gouttes', citations: [citation] });
    const { answer, closedAfterMs } = await slowClient(
      [
        'POST /v1/operators HTTP/1.1',
        'Host: localhost',
        `Authorization: Bearer ${key}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        '',
      ].join('\r\n'),
      body,
      100,
    );
    expect(closedAfterMs).toBeGreaterThanOrEqual(550);
    expect(closedAfterMs).toBeLessThan(2500);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(problemOf(answer)).toMatchObject({ status: 408, title: 'Request timeout' });
  });

  it('closes the connection of a write refused before its body is read, not at the request timeout', async () => {
    const { answer, closedAfterMs } = await slowClient(
      'POST /v1/operators HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
      '{'.repeat(100),
      100,
    );
    // One answer, the refusal, and the connection closed with it: no 408 later on.
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(closedAfterMs).toBeLessThan(550);
  });

  it('closes a keep-alive connection left idle', async () => {
    const { answer, closedAfterMs } = await slowClient('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n', '', 1000);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/\r\nconnection: keep-alive\r\n/i);
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it('still serves a client that sends in time', async () => {
    const { answer } = await slowClient(
      'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      '',
      1000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain('{"status":"ok"}');
  });
});
