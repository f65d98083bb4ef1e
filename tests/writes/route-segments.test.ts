// Ids are made from names, and a kind's routes have fixed segments beside its ids (`/v1/sites/export`): no entry
// takes one as its id, or its URL would be that route (GET answered about `format`, `Location` leading nowhere).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createKey } from '../../src/keys/api-keys.js';
import { getJson, testApp } from '../setup/app.js';

let app: App;
let key = '';
beforeAll(async () => {
  const { app: built, db } = await testApp();
  app = built;
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
});

const citations = [{ source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'IPG Contacts Services' }];
const bodies: [string, Record<string, unknown>][] = [
  ['sites', { name: 'Export', status: 'open', citations }],
  ['operators', { name: 'Export', kind: 'outsourcer', citations }],
];

const post = (plural: string, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/v1/${plural}`, headers: { authorization: `Bearer ${key}` }, payload: body });

describe('an entry named « Export »', () => {
  it.each(bodies)('in %s takes the id export-2, whose detail answers', async (plural, body) => {
    const created = await post(plural, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().id).toBe('export-2');
    expect(created.headers.location).toBe(`/v1/${plural}/export-2`);
    const detail = await getJson(app, `/v1/${plural}/export-2`);
    expect(detail.status).toBe(200);
    expect(detail.body.name).toBe('Export');
  });

  it.each(bodies)('in %s cannot be given the id export: a 422 naming id', async (plural, body) => {
    const refused = await post(plural, { ...body, id: 'export' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        in: 'body',
        name: 'id',
        message: "'export' is the path of a route of every kind (/v1/<kind>/export), not an id",
      },
    ]);
  });
});
