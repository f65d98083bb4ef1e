import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { openapiDocument, openapiPath } from '../src/openapi-document.js';
import { testApp } from './setup/app.js';

let app: App;
beforeAll(async () => {
  ({ app } = await testApp());
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
    expect(listSites.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/Problem');
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
