// A merged entry's id stands for its survivor wherever an id is taken, as its detail answers 308 to it (fault 14):
// list and search filters, the page's saved URLs, references in writes and a merge's `into`.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson } from '../setup/app.js';
import { exampleCitations, type Send, anyVersion as star, testWriter } from '../setup/writer.js';

let app: App;
let send: Send;
const citations = exampleCitations('merged', 'Merged');

beforeAll(async () => {
  ({ app, send } = await testWriter());
  for (const name of ['Op Merged A', 'Op Merged F', 'Op Merged G']) {
    const created = await send('POST', '/v1/operators', { name, kind: 'outsourcer', citations });
    expect(created.statusCode, created.body).toBe(201);
  }
  const site = await send('POST', '/v1/sites', {
    name: 'Site of F',
    operator: 'op-merged-f',
    commune: 'Lens',
    citations,
  });
  expect(site.statusCode, site.body).toBe(201);
  const sub = await send('POST', '/v1/operators', {
    name: 'Op Merged Sub',
    kind: 'outsourcer',
    parent: 'op-merged-f',
    citations,
  });
  expect(sub.statusCode, sub.body).toBe(201);
  const merged = await send('POST', '/v1/operators/op-merged-f/merge', { into: 'op-merged-a', citations }, star);
  expect(merged.statusCode, merged.body).toBe(200);
});

describe('a merged id in filters', () => {
  it.each([
    ['/v1/sites?operator=op-merged-f', ['site-of-f-lens']],
    ['/v1/operators?parent=op-merged-f', ['op-merged-sub']],
    ['/v1/proceedings?operator=op-merged-f', []],
  ])('%s filters on the survivor', async (url, ids) => {
    const response = await getJson(app, url);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.map((e: { id: string }) => e.id)).toEqual(ids);
  });

  it('keeps a saved page URL working: 308 to the same search of the survivor', async () => {
    const page = await app.inject({ method: 'GET', url: '/recherche?q=site&operator=op-merged-f' });
    expect(page.statusCode).toBe(308);
    expect(page.headers.location).toBe('/recherche?q=site&operator=op-merged-a');
    expect((await app.inject({ method: 'GET', url: page.headers.location as string })).statusCode).toBe(200);
  });

  it('still refuses an id that never existed', async () => {
    const response = await getJson(app, '/v1/sites?operator=op-never');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ in: 'query', name: 'operator', message: "unknown operator 'op-never'" }]);
  });
});

describe('a merged id in writes', () => {
  it('stores the survivor for a reference to a merged entry', async () => {
    const proceeding = await send('POST', '/v1/proceedings', {
      company_name: 'Test SA',
      kind: 'liquidation_judiciaire',
      operator: 'op-merged-f',
      citations,
    });
    expect(proceeding.statusCode, proceeding.body).toBe(201);
    expect(proceeding.json().operator).toMatchObject({ id: 'op-merged-a' });
    const site = await send('POST', '/v1/sites', {
      name: 'Later site',
      operator: 'op-merged-f',
      commune: 'Lens',
      citations,
    });
    expect(site.statusCode, site.body).toBe(201);
    expect(site.json().operator).toMatchObject({ id: 'op-merged-a' });
  });

  it('merges into the survivor of a merged `into`', async () => {
    const merged = await send('POST', '/v1/operators/op-merged-g/merge', { into: 'op-merged-f', citations }, star);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().id).toBe('op-merged-a');
  });
});
