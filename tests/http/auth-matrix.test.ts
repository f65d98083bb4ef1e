// The auth matrix, generated from the route table the app keeps as it
// registers its routes (app.routeTable): every route that needs a key is tried
// with none, an unknown one, a revoked one and a key of each scope; every other
// route is tried without a key. A route is covered the day it is registered.
import { describe, expect, it } from 'vitest';
import { allows, createKey, revokeKey, type Scope, scopes } from '../../src/keys/api-keys.js';
import type { RouteEntry } from '../../src/plugins/auth.js';
import { testApp } from '../setup/app.js';

// Built at collection time: the routes are the test cases.
const { app, db } = await testApp();

const keyed = app.routeTable.filter((r): r is RouteEntry & { scope: Scope } => r.scope !== null);
const open = app.routeTable.filter((r) => r.scope === null);
const label = (r: RouteEntry) => `${r.method} ${r.url}`;

/** The route's URL with every path parameter naming nothing that exists, so that nothing is written. */
const urlOf = (r: RouteEntry) => r.url.replace(/:\w+/g, '424242').replace('*', 'nothing');

const call = (r: RouteEntry, headers: Record<string, string> = {}) =>
  app.inject({ method: r.method as 'GET', url: urlOf(r), headers, ...(r.method === 'GET' ? {} : { payload: {} }) });

const challenge = 'Bearer realm="plateau"';

describe('the route table', () => {
  it('lists the write routes of every kind and their links', () => {
    const ids = keyed.map((r) => r.operationId);
    for (const kind of app.kinds) {
      const name = kind.name[0]!.toUpperCase() + kind.name.slice(1);
      expect(ids).toEqual(expect.arrayContaining([`create${name}`, `update${name}`, `delete${name}`, `merge${name}`]));
    }
    expect(ids).toEqual(expect.arrayContaining(['addClubOfficer', 'addProceedingPractitioner', 'addSiteHeadcount']));
  });

  it('has no route that changes anything without a key', () => {
    expect(open.filter((r) => !['GET', 'HEAD'].includes(r.method)).map(label)).toEqual([]);
  });

  it('is what the OpenAPI document says: the routes that need a key declare the bearer scheme', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const secured = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>)
      .flatMap((path) => Object.values(path))
      .filter((operation) => 'security' in operation)
      .map((operation) => operation.operationId);
    expect(secured.sort()).toEqual(keyed.map((r) => r.operationId).sort());
  });
});

describe.each(keyed.map((r) => [label(r), r] as const))('%s', (_, route) => {
  it('refuses a request without a key: 401 problem with a Bearer challenge', async () => {
    const response = await call(route);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe(challenge);
    expect(response.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses an unknown key: 401 with a Bearer challenge', async () => {
    const response = await call(route, { authorization: 'Bearer plt_00000000_nope' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(challenge);
  });

  it('refuses a revoked key: 403', async () => {
    const { key, id } = await createKey(db, { name: 'revoked', scope: route.scope });
    await revokeKey(db, id);
    const response = await call(route, { authorization: `Bearer ${key}` });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it.each(scopes)('with a %s key: past authentication when the scope allows, else 403', async (scope) => {
    const { key } = await createKey(db, { name: `a ${scope} key`, scope });
    const response = await call(route, { authorization: `Bearer ${key}` });
    // Past authentication, the empty body, the missing If-Match or the unknown id is what gets refused.
    if (allows(scope, route.scope)) expect([401, 403]).not.toContain(response.statusCode);
    else expect(response.statusCode).toBe(403);
  });
});

describe('the routes that need no key', () => {
  it.each(open.map((r) => [label(r), r] as const))('%s answers without one', async (_, route) => {
    expect([401, 403]).not.toContain((await call(route)).statusCode);
  });
});
