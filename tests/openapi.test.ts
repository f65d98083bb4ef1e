// The OpenAPI document: committed up to date, and telling what the server does (each answer's status, media
// type, headers and body as declared; what a client must send, required), shown by the instances issue 8 names.
// Then README's typed-client examples, type-checked against a client generated from it and run against a server.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import type { Db } from '../src/db/client.js';
import { createKey } from '../src/keys/api-keys.js';
import { siteWrites } from '../src/modules/sites/writes.js';
import { openapiDocument } from '../src/openapi-document.js';
import { openapiPath } from '../src/paths.js';
import { testApp } from './setup/app.js';
import { createSite } from './setup/factories.js';
import { feedCaughtUp } from './setup/feed.js';
import { writer } from './setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

describe('OpenAPI document', () => {
  it('is committed up to date: run `npm run openapi` after changing a route or schema', async () => {
    const committed = JSON.parse(await readFile(openapiPath, 'utf8'));
    expect(committed).toEqual(await openapiDocument());
  });

  it('is served at /openapi.json as OpenAPI 3.1, describing every route', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      (p) => Object.values(p).map((o) => o.operationId),
    );
    for (const kind of ['Site', 'Operator', 'Club', 'Mandataire', 'Proceeding', 'Source']) {
      expect(operations).toContain(`list${kind}s`);
      expect(operations).toContain(`get${kind}`);
    }
    expect(operations).toContain('getHealth');
    expect(operations).toContain('getReadiness');
  });

  it('documents the list filters and the problem responses', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const listSites = document.paths['/v1/sites'].get;
    const names = listSites.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'region',
        'departement',
        'code_commune',
        'code_postal',
        'country',
        'status',
        'operator',
        'sort',
        'limit',
        'cursor',
      ]),
    );
    const badRequest = document.components.responses[listSites.responses['400'].$ref.split('/').at(-1)];
    expect(badRequest.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
  });

  it('serves a docs page at /docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    const page =
      response.statusCode === 302
        ? await app.inject({ method: 'GET', url: response.headers.location as string })
        : response;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: the document's JSON, walked freely.
type Json = Record<string, any>;
const committed: Json = JSON.parse(await readFile(openapiPath, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its default export is the plugin itself.
(formats as unknown as (ajv: Ajv2020) => void)(ajv);
ajv.addSchema(committed, 'doc');

/** A `$ref` of the document, followed. */
function resolve(node: Json): Json {
  if (!node.$ref) return node;
  return resolve(
    node.$ref
      .slice(2)
      .split('/')
      .reduce((at: Json, key: string) => at[key], committed),
  );
}

/** The operation of the document a request reaches: its method on the path template its URL matches. */
function operationOf(method: string, url: string): Json {
  const path = url.split('?')[0]!;
  const template = Object.keys(committed.paths).find((t) =>
    new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  expect(template, `${method} ${path} is in the document`).toBeDefined();
  const operation = committed.paths[template!][method.toLowerCase()];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  return operation;
}

/**
 * Checks an answer against the document: its status is declared for its operation, its media type is one declared
 * for that status (none when none is), each header declared required is sent, and its body is valid.
 */
function expectDeclared(method: string, url: string, response: LightMyRequestResponse | Answer) {
  const status = String(response.statusCode);
  const declared = operationOf(method, url).responses[status];
  expect(declared, `${method} ${url} declares ${status}`).toBeDefined();
  const answer = resolve(declared);
  const headers = response.headers as Record<string, unknown>;
  for (const [name, header] of Object.entries((answer.headers ?? {}) as Json)) {
    if (resolve(header).required) expect(headers[name], `${status} sends ${name}`).toBeDefined();
  }
  const mediaType = String(headers['content-type'] ?? '').split(';')[0]!;
  if (!answer.content) {
    expect(response.body, `${status} has no body`).toBe('');
    return;
  }
  expect(Object.keys(answer.content), `${status} is declared as ${mediaType}`).toContain(mediaType);
  const schema = JSON.parse(JSON.stringify(answer.content[mediaType].schema).replaceAll('"#/', '"doc#/'));
  const body = /^application\/(.+\+)?json$/.test(mediaType) ? JSON.parse(response.body) : response.body;
  const validate = ajv.compile(schema);
  expect(validate(body) ? [] : validate.errors, `${status} body matches`).toEqual([]);
}

/** The address of the test app served on a port of its own (listening once). */
let served: string | undefined;
async function listening(): Promise<string> {
  served ??= await app.listen({ port: 0, host: '127.0.0.1' });
  return served;
}

/** An answer read from a socket. */
interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const citations = [{ source, quote: 'IPG Contacts Services est une deuxième entité', fields: [] }];
const actor = { name: 'test', keyId: null };

describe('the document tells what the server does', () => {
  it.each([
    ['a bad parameter (400)', '/v1/sites?status=shut&colour=blue', 400],
    ['no such entry (404)', '/v1/sites/no-such-site', 404],
    ['a list', '/v1/sites?region=Hauts-de-France&limit=2', 200],
    ['an entry, with its ETag', '/v1/sites/ipg-roubaix', 200],
    ['its history', '/v1/sites/ipg-roubaix/history', 200],
    ['a source, which has no version (no ETag)', '/v1/sources/en-contact-2017-04-26-fin-de-partie-ipg', 200],
    ['an export as CSV', '/v1/sites/export?format=csv&region=Hauts-de-France', 200],
    ['an export as JSON lines', '/v1/operators/export?format=jsonl', 200],
    ['the change feed', '/v1/changes?limit=2', 200],
    ['a search', '/v1/search?q=ipg&page=1&limit=2', 200],
    ['this document', '/openapi.json', 200],
    ['health', '/health', 200],
  ])('GET: %s', async (_, url, status) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expectDeclared('GET', url, response);
  });

  it('HEAD: every GET answers it without the body, as declared', async () => {
    for (const url of ['/v1/sites/ipg-roubaix', '/v1/sites?limit=1', '/v1/sites/export?format=csv', '/openapi.json']) {
      const response = await app.inject({ method: 'HEAD', url });
      expect(response.statusCode).toBe(200);
      expectDeclared('HEAD', url, response);
    }
  });

  it('304 to If-None-Match with the current ETag', async () => {
    const etag = (await app.inject({ method: 'GET', url: '/v1/sites/ipg-roubaix' })).headers.etag as string;
    const response = await app.inject({
      method: 'GET',
      url: '/v1/sites/ipg-roubaix',
      headers: { 'if-none-match': etag },
    });
    expect(response.statusCode).toBe(304);
    expectDeclared('GET', '/v1/sites/ipg-roubaix', response);
  });

  it('308 for a merged id, 410 for a deleted one, and 410 with Location to a write on the merged one', async () => {
    const [duplicate, survivor, deleted] = [await createSite(db), await createSite(db), await createSite(db)];
    await siteWrites.merge({ db, actor }, duplicate.id, { into: survivor.id, citations }, '"v1"');
    await siteWrites.remove({ db, actor }, deleted.id, '"v1"');
    const merged = await app.inject({ method: 'GET', url: `/v1/sites/${duplicate.id}` });
    expect([merged.statusCode, merged.headers.location]).toEqual([308, `/v1/sites/${survivor.id}`]);
    expectDeclared('GET', `/v1/sites/${duplicate.id}`, merged);
    const gone = await app.inject({ method: 'GET', url: `/v1/sites/${deleted.id}` });
    expect(gone.statusCode).toBe(410);
    expectDeclared('GET', `/v1/sites/${deleted.id}`, gone);
    const write = await send(
      'PATCH',
      `/v1/sites/${duplicate.id}`,
      { status: 'closed', citations },
      { 'if-match': '"v1"' },
    );
    expect([write.statusCode, write.headers.location]).toEqual([410, `/v1/sites/${survivor.id}`]);
    expectDeclared('PATCH', `/v1/sites/${duplicate.id}`, write);
  });

  it('201 with Location and ETag; 200 with ETag; 204; 428 without If-Match; 422 without citations', async () => {
    const body = { name: 'Site du contrat', commune: 'Amiens', status: 'open', citations };
    const created = await send('POST', '/v1/sites', body);
    expect(created.statusCode).toBe(201);
    expectDeclared('POST', '/v1/sites', created);
    const url = created.headers.location as string;
    const unsourced = await send('PATCH', url, { status: 'closed' }, { 'if-match': created.headers.etag as string });
    expect(unsourced.statusCode).toBe(422);
    expectDeclared('PATCH', url, unsourced);
    const noIfMatch = await send('PATCH', url, { status: 'planned', citations });
    expect(noIfMatch.statusCode).toBe(428);
    expectDeclared('PATCH', url, noIfMatch);
    const changed = await send('PATCH', url, { status: 'planned', citations }, { 'if-match': '"v1"' });
    expect(changed.statusCode).toBe(200);
    expectDeclared('PATCH', url, changed);
    const stale = await send('DELETE', url, undefined, { 'if-match': '"v1"' });
    expect(stale.statusCode).toBe(412);
    expectDeclared('DELETE', url, stale);
    const removed = await send('DELETE', url, undefined, { 'if-match': changed.headers.etag as string });
    expect(removed.statusCode).toBe(204);
    expectDeclared('DELETE', url, removed);
    const noSource = await send('POST', '/v1/sites', { ...body, citations: undefined });
    expect(noSource.statusCode).toBe(422);
    expectDeclared('POST', '/v1/sites', noSource);
  });

  it('401 with WWW-Authenticate; 413 for a body too large; 415 for a body not JSON', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/v1/sites', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expectDeclared('POST', '/v1/sites', anonymous);
    const large = await send('POST', '/v1/sites', { name: 'x'.repeat(2 * 1024 * 1024), citations });
    expect(large.statusCode).toBe(413);
    expectDeclared('POST', '/v1/sites', large);
    const { key } = await createKey(db, { name: 'Contrat', scope: 'write' });
    const textual = await app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: '<site name="Site"/>',
    });
    expect(textual.statusCode).toBe(415);
    expectDeclared('POST', '/v1/sites', textual);
    // Plain text too: Fastify's own text/plain parser is removed (plugins/json-body.ts).
    const plain = await app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(plain.statusCode).toBe(415);
    expect(plain.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('503 with Retry-After when the database cannot be reached', async () => {
    const cut = await buildApp({
      databaseUrl: 'postgres://plateau@127.0.0.1:1/none',
      logLevel: 'silent',
      search: { host: 'http://127.0.0.1:1', apiKey: undefined, indexName: 'cut', runIndexer: false },
    });
    try {
      const response = await cut.inject({ method: 'GET', url: '/v1/sites/ipg-roubaix' });
      expect(response.statusCode).toBe(503);
      expectDeclared('GET', '/v1/sites/ipg-roubaix', response);
    } finally {
      await cut.close();
    }
  });

  it('431 for headers too large, answered before the request is read', async () => {
    const address = await listening();
    const answer = await new Promise<Answer>((done, fail) => {
      const call = httpRequest(`${address}/v1/sites`, { headers: { 'x-padding': 'x'.repeat(20_000) } }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => done({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
      });
      call.on('error', fail);
      call.end();
    });
    expect(answer.statusCode).toBe(431);
    expectDeclared('GET', '/v1/sites', answer);
  });

  it('declares If-Match required where its absence is a 428, citations where theirs is a 422', () => {
    for (const kind of ['sites', 'operators', 'clubs', 'mandataires', 'proceedings']) {
      const entry = committed.paths[`/v1/${kind}/{id}`];
      for (const operation of [entry.patch, entry.delete, committed.paths[`/v1/${kind}/{id}/merge`].post]) {
        const ifMatch = operation.parameters.find((p: Json) => p.name === 'if-match');
        expect([operation.operationId, ifMatch.required]).toEqual([operation.operationId, true]);
        expect(Object.keys(operation.responses)).toContain('428');
      }
      for (const operation of [
        committed.paths[`/v1/${kind}`].post,
        entry.patch,
        committed.paths[`/v1/${kind}/{id}/merge`].post,
      ]) {
        const body = resolve(operation.requestBody.content['application/json'].schema);
        expect([operation.operationId, body.required]).toEqual([
          operation.operationId,
          expect.arrayContaining(['citations']),
        ]);
      }
      expect(Object.keys(committed.paths[`/v1/${kind}`].post.responses)).not.toContain('428');
    }
  });

  it('types limit, page and since as the integers they are parsed as', () => {
    const parameter = (path: string, name: string) =>
      committed.paths[path].get.parameters.find((p: Json) => p.name === name).schema;
    expect(parameter('/v1/sites', 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(parameter('/v1/search', 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(parameter('/v1/search', 'page')).toMatchObject({ type: 'integer', minimum: 1 });
    expect(parameter('/v1/changes', 'since')).toEqual({
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
    });
  });

  it('declares every error as application/problem+json', () => {
    for (const [path, operations] of Object.entries(committed.paths as Json)) {
      for (const [method, operation] of Object.entries(operations as Json)) {
        for (const [status, declared] of Object.entries((operation as Json).responses as Json)) {
          const content = resolve(declared).content;
          if (Number(status) < 400 || !content || (path === '/ready' && status === '503')) continue;
          expect([method, path, status, Object.keys(content)]).toEqual([
            method,
            path,
            status,
            ['application/problem+json'],
          ]);
        }
      }
    }
  });
});

describe("README's typed client", () => {
  const root = path.resolve(import.meta.dirname, '..');

  it('type-checks against a client generated from the document, and runs against a server', {
    timeout: 90_000,
  }, async () => {
    // scratch/ is ignored by git (and absent from a fresh clone); openapi-fetch resolves from the project's node_modules.
    await mkdir(path.join(root, 'scratch'), { recursive: true });
    const dir = await mkdtemp(path.join(root, 'scratch', 'readme-client-'));
    try {
      await writeFile(
        path.join(dir, 'plateau.d.ts'),
        astToString(await openapiTS(committed as never, { defaultNonNullable: false })),
      );
      const readme = await readFile(path.join(root, 'README.md'), 'utf8');
      const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(blocks.length).toBeGreaterThanOrEqual(3);
      const examples = path.join(dir, 'examples.ts');
      // A change enters the feed once every transaction begun before it has ended, on the whole server (another
      // file's import beside this one holds it back a moment): the feed's block runs once the feed has caught up,
      // as a partner polling the feed would see the write a moment later.
      const feedBlock = blocks.findIndex((block) => block.includes("'/v1/changes'"));
      expect(feedBlock).toBeGreaterThan(0);
      const waitForFeed = 'await (globalThis as unknown as { feedCaughtUp: () => Promise<unknown> }).feedCaughtUp();\n';
      const code = [...blocks.slice(0, feedBlock), waitForFeed, ...blocks.slice(feedBlock)].join('\n');
      await writeFile(examples, code.replaceAll('http://localhost:3000', await listening()));
      (globalThis as unknown as { feedCaughtUp: () => Promise<unknown> }).feedCaughtUp = () => feedCaughtUp(app, db);

      const program = ts.createProgram([examples], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: ['node'],
        skipLibCheck: true,
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${d.file?.fileName ?? ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(errors).toEqual([]);

      const { key } = await createKey(db, { name: 'README', scope: 'write' });
      process.env.PLATEAU_KEY = key;
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      let lines: string[];
      try {
        await import(pathToFileURL(examples).href);
      } finally {
        lines = log.mock.calls.map((args) => args.map(String).join(' '));
        log.mockRestore();
        delete process.env.PLATEAU_KEY;
      }
      const regional = (
        await app.inject({ method: 'GET', url: '/v1/sites?region=Hauts-de-France&status=open&limit=20' })
      )
        .json()
        .data.map((s: Json) => `${s.id} ${s.name} ${s.commune}`);
      expect(lines).toEqual(expect.arrayContaining(regional));
      const closed = (await app.inject({ method: 'GET', url: '/v1/sites?departement=45&status=closed' })).json().data;
      const orleans = closed.find((s: Json) => s.name === 'IPG Contacts Services Orléans');
      expect(orleans).toMatchObject({ commune: 'Orléans', status: 'closed', closed_on: '2017-04' });
      expect(lines).toContain(`site ${orleans.id} update`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
