import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { aliasRules } from '../setup/aliases.js';
import { getJson, hitIds, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  const { app: a, db } = await testApp({ searchIndex: true });
  app = a;
  send = await writer(app, db);
});

const citation = {
  source: 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels',
  quote: 'Teleperformance, le leader mondial des centres d’appels',
};
const newOperator = (overrides: Record<string, unknown> = {}) => ({
  name: 'Téléperformance Grand Est',
  kind: 'outsourcer',
  citations: [citation],
  ...overrides,
});

describe('operators written through the API', () => {
  it('creates an operator with a valid SIREN and a parent', async () => {
    const response = await send(
      'POST',
      '/v1/operators',
      newOperator({ siren: '732829320', parent: 'teleperformance', country: 'FR' }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      id: 'teleperformance-grand-est',
      siren: '732829320',
      parent: { id: 'teleperformance', name: 'Teleperformance' },
    });
    expect((await getJson(app, '/v1/operators/teleperformance')).body.subsidiaries).toContainEqual({
      id: 'teleperformance-grand-est',
      name: 'Téléperformance Grand Est',
    });
  });

  it.each([
    [{ siren: '732829321' }, 'siren', '732829321 is not a valid SIREN (its check digit is wrong)'],
    [{ parent: 'no-such-group' }, 'parent', "unknown operator 'no-such-group'"],
  ])('refuses %j with a 422', async (overrides, name, message) => {
    const response = await send('POST', '/v1/operators', newOperator({ name: `Autre ${name}`, ...overrides }));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ in: 'body', name, message }]);
  });

  it('refuses a parent that would make a cycle', async () => {
    const koramic = await app.inject({ method: 'GET', url: '/v1/operators/koramic' });
    const response = await send(
      'PATCH',
      '/v1/operators/koramic',
      { parent: 'ipg', citations: [citation] },
      { 'if-match': koramic.headers.etag as string },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'parent', message: "'ipg' belongs to this operator's own group: that would make a cycle" },
    ]);
  });

  it('renaming an operator reaches the search documents of its sites', async () => {
    const comdata = await app.inject({ method: 'GET', url: '/v1/operators/comdata' });
    const renamed = await send(
      'PATCH',
      '/v1/operators/comdata',
      { name: 'Comdata Picardie Renommée', citations: [citation] },
      { 'if-match': comdata.headers.etag as string },
    );
    expect(renamed.statusCode).toBe(200);
    expect(renamed.headers.etag).toMatch(/^"v2-/);
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=Picardie%20Renomm%C3%A9e&kind=site')).body)).toEqual([
      'site:comdata-amiens',
    ]);
  });

  it('will not delete an operator that still runs sites, and deletes one that runs none', async () => {
    const ipg = await app.inject({ method: 'GET', url: '/v1/operators/ipg-contacts-services' });
    const refused = await send('DELETE', '/v1/operators/ipg-contacts-services', undefined, {
      'if-match': ipg.headers.etag as string,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/still referenced by 4 sites/);

    const created = (await send('POST', '/v1/operators', newOperator({ name: 'Éphémère SAS' }))).json();
    const deleted = await send('DELETE', `/v1/operators/${created.id}`, undefined, { 'if-match': '"v1"' });
    expect(deleted.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/operators/${created.id}` })).statusCode).toBe(410);
  });
});

describe('POST /v1/operators/{id}/merge', () => {
  it('moves everything to the survivor, keeps the duplicate’s name as an alias, and redirects its id', async () => {
    const duplicate = (
      await send('POST', '/v1/operators', newOperator({ id: 'ipg-cs-doublon', name: 'IPG CS (doublon)' }))
    ).json();
    const site = await send('POST', '/v1/sites', {
      name: 'Plateau du doublon',
      operator: duplicate.id,
      commune: 'Chartres',
      citations: [citation],
    });
    expect(site.statusCode).toBe(201);
    const merged = await send(
      'POST',
      `/v1/operators/${duplicate.id}/merge`,
      { into: 'ipg-contacts-services', citations: [citation] },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode).toBe(200);
    expect(merged.json().aliases).toContain('IPG CS (doublon)');
    expect(merged.json().sites.map((s: { id: string }) => s.id)).toContain(site.json().id);
    const old = await app.inject({ method: 'GET', url: `/v1/operators/${duplicate.id}` });
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe('/v1/operators/ipg-contacts-services');
    expect((await getJson(app, `/v1/sites/${site.json().id}`)).body.operator).toEqual({
      id: 'ipg-contacts-services',
      name: 'IPG Contacts Services',
    });
  });
});

describe('a chain of merges', () => {
  it('answers every merged id with one 308 straight to the surviving id, never a chain of redirects', async () => {
    // a into b, b into c, c into d: each of a, b and c answers 308 to d (before: a → b → c → d, three hops).
    const ids = ['chain-a', 'chain-b', 'chain-c', 'chain-d'];
    for (const id of ids) {
      expect((await send('POST', '/v1/operators', newOperator({ id, name: `Chaîne ${id}` }))).statusCode).toBe(201);
    }
    for (const [from, into] of [
      ['chain-a', 'chain-b'],
      ['chain-b', 'chain-c'],
      ['chain-c', 'chain-d'],
    ]) {
      const merged = await send(
        'POST',
        `/v1/operators/${from}/merge`,
        { into, citations: [citation] },
        { 'if-match': '*' },
      );
      expect(merged.statusCode).toBe(200);
    }
    const answers = [];
    for (const id of ids.slice(0, 3)) {
      const answer = await app.inject({ method: 'GET', url: `/v1/operators/${id}` });
      answers.push([id, answer.statusCode, answer.headers.location]);
    }
    expect(answers).toEqual([
      ['chain-a', 308, '/v1/operators/chain-d'],
      ['chain-b', 308, '/v1/operators/chain-d'],
      ['chain-c', 308, '/v1/operators/chain-d'],
    ]);
    expect((await app.inject({ method: 'GET', url: '/v1/operators/chain-d' })).statusCode).toBe(200);
  });
});

describe('writes that race or tangle', () => {
  it('answers concurrent creates of the same operator with one 201 and 409s, never a 500', async () => {
    for (const body of [newOperator({ name: 'Race x' }), newOperator({ id: 'race-explicit', name: 'Race y' })]) {
      const answers = await Promise.all([1, 2, 3, 4].map(() => send('POST', '/v1/operators', body)));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
      for (const refused of answers.filter((a) => a.statusCode === 409)) {
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.json().code).toBe('conflict');
      }
    }
  });

  it('refuses to merge a group into its own subsidiary, with a 409 that says why', async () => {
    const group = (await send('POST', '/v1/operators', newOperator({ name: 'Groupe Fusion' }))).json();
    const subsidiary = (
      await send('POST', '/v1/operators', newOperator({ name: 'Filiale Fusion', parent: group.id }))
    ).json();
    const refused = await send(
      'POST',
      `/v1/operators/${group.id}/merge`,
      { into: subsidiary.id, citations: [citation] },
      { 'if-match': '"v1"' },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      `'${subsidiary.id}' belongs to the group of '${group.id}': merging a group into its own subsidiary would ` +
        `leave it its own parent. Merge '${subsidiary.id}' into '${group.id}' instead, or change its parent first.`,
    );
    expect((await getJson(app, `/v1/operators/${group.id}`)).status).toBe(200);
  });
});

describe('operators’ aliases', () => {
  aliasRules('operators', newOperator, () => ({ send, get: (url) => app.inject({ method: 'GET', url }) }));
});
