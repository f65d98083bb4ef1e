// Writing sites through the API: keys, sources, validation, concurrency,
// history, tombstones, merges, headcounts, and the search index following.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey, revokeKey } from '../../src/keys/api-keys.js';
import { aliasRules } from '../setup/aliases.js';
import { getJson, hitIds, testApp } from '../setup/app.js';

let app: App;
let db: Db;
const keys: Record<'write' | 'admin' | 'revoked', string> = { write: '', admin: '', revoked: '' };

beforeAll(async () => {
  ({ app, db } = await testApp({ searchIndex: true }));
  keys.write = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
  keys.admin = (await createKey(db, { name: 'Admin test', scope: 'admin' })).key;
  const revoked = await createKey(db, { name: 'Ancienne clé', scope: 'write' });
  await revokeKey(db, revoked.id);
  keys.revoked = revoked.key;
});

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const citation = { source, quote: 'IPG Contacts Services est une deuxième entité', fields: ['name'] };

function send(method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${keys.write}`, ...headers },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

const newSite = (overrides: Record<string, unknown> = {}) => ({
  name: 'IPG Contacts Services Orléans',
  operator: 'ipg-contacts-services',
  commune: 'Orléans',
  status: 'open',
  citations: [citation],
  ...overrides,
});

describe('who may write', () => {
  it.each([
    ['no key', {}, 401, 'unauthorized'],
    ['a malformed header', { authorization: 'Token abc' }, 401, 'unauthorized'],
    ['an unknown key', { authorization: 'Bearer plt_nope_nope' }, 401, 'unauthorized'],
    ['a revoked key', () => ({ authorization: `Bearer ${keys.revoked}` }), 403, 'forbidden'],
  ] as const)('refuses %s', async (_, headers, status, code) => {
    const h = typeof headers === 'function' ? headers() : headers;
    const response = await app.inject({ method: 'POST', url: '/v1/sites', headers: { ...h }, payload: newSite() });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json().code).toBe(code);
    if (status === 401) expect(response.headers['www-authenticate']).toBe('Bearer realm="plateau"');
  });

  it('lets write and admin keys in, and records which key wrote', async () => {
    const byAdmin = await app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${keys.admin}` },
      payload: newSite({ name: 'Plateau Admin Tours', commune: 'Tours' }),
    });
    expect(byAdmin.statusCode).toBe(201);
    const history = await getJson(app, `/v1/sites/${byAdmin.json().id}/history`);
    expect(history.body.data[0]).toMatchObject({ action: 'create', actor: 'Admin test' });
  });
});

describe('POST /v1/sites', () => {
  it('creates a site with its place from reference data, its citation, an ETag and a Location', async () => {
    const response = await send('POST', '/v1/sites', newSite());
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      id: 'ipg-contacts-services-orleans-orleans',
      name: 'IPG Contacts Services Orléans',
      operator: { id: 'ipg-contacts-services', name: 'IPG Contacts Services' },
      commune: 'Orléans',
      code_commune: '45234',
      departement_code: '45',
      region_name: 'Centre-Val de Loire',
      former_region_name: 'Centre',
      status: 'open',
    });
    expect(body.citations).toEqual([
      {
        source_id: source,
        source_title: expect.any(String),
        source_published_on: '2017-04-26',
        quote: citation.quote,
        fields: ['name'],
        added_at: expect.any(String),
      },
    ]);
    expect(response.headers.location).toBe(`/v1/sites/${body.id}`);
    expect(response.headers.etag).toMatch(/^"v1-[\w-]{16}"$/);
  });

  it('refuses a site without a source with a 422 that says so', async () => {
    const response = await send('POST', '/v1/sites', newSite({ citations: [] }));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'unprocessable',
      detail: 'A new site must carry at least one citation: a source and a verbatim quote.',
      errors: [{ in: 'body', name: 'citations', message: 'at least one citation is required' }],
    });
  });

  it.each([
    [{ commune: 'Atlantis' }, 'commune', "no commune is named 'Atlantis'"],
    [{ commune: null, code_commune: '99999' }, 'code_commune', "unknown INSEE commune code '99999'"],
    [
      { code_commune: '80021', commune: 'Abbeville' },
      'commune',
      "'Abbeville' is not the name of commune 80021 (Amiens)",
    ],
    [
      { commune: 'Amiens', code_postal: '80100' },
      'code_postal',
      '80100 is not a postal code of Amiens (80000, 80080, 80090)',
    ],
    [{ commune: 'Amiens', departement: '59' }, 'departement', 'commune 80021 (Amiens) is in département 80, not 59'],
    [{ country: 'MA', commune: 'Rabat', code_postal: '10000' }, 'code_postal', 'is only for places in France'],
    [
      { status: 'closed' },
      'closed_on',
      'is required for a closed site (or status_as_of, when the closure was reported)',
    ],
    [{ status: 'open', closed_on: '2020' }, 'closed_on', 'must be null for a site that is open'],
    [
      { status: 'closed', opened_on: '2019-05', closed_on: '2018' },
      'closed_on',
      '2018 must not be before opened_on (2019-05)',
    ],
    [{ operator: 'nobody-runs-it' }, 'operator', "unknown operator 'nobody-runs-it'"],
    [{ siret: '73282932000075' }, 'siret', '73282932000075 is not a valid SIRET (its check digit is wrong)'],
  ])('refuses %j with a 422 naming %s', async (overrides, name, message) => {
    const response = await send('POST', '/v1/sites', newSite(overrides));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ in: 'body', name, message }]);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ opened_on: '2019-13' }, 'opened_on'],
    [{ status: 'shut' }, 'status'],
    [{ colour: 'blue' }, 'colour'],
    [{ citations: [{ source: 'not a slug', quote: 'x' }] }, 'citations.0.source'],
    [{ citations: [{ source: { url: 'ftp://x', title: 't', outlet: 'o' }, quote: 'x' }] }, 'citations.0.source.url'],
  ])('refuses a malformed body %j with a 400 naming %s', async (overrides, name) => {
    const response = await send('POST', '/v1/sites', newSite(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { name: string }) => e.name)).toContain(name);
    expect(response.json().errors[0].in).toBe('body');
  });

  it('refuses an unknown source, and accepts a new one described in full', async () => {
    const unknown = await send(
      'POST',
      '/v1/sites',
      newSite({ name: 'Plateau Caen', commune: 'Caen', citations: [{ source: 'no-such-article', quote: 'x' }] }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toBe(
      "No source has the id 'no-such-article'; give a known source id or a new source.",
    );
    const fresh = await send(
      'POST',
      '/v1/sites',
      newSite({
        name: 'Plateau Caen',
        commune: 'Caen',
        citations: [
          {
            source: {
              url: 'https://example.org/caen',
              title: 'Un plateau à Caen',
              outlet: 'Ouest Éco',
              published_on: '2024-03-02',
            },
            quote: 'un plateau à Caen',
          },
        ],
      }),
    );
    expect(fresh.statusCode).toBe(201);
    const sourceId = fresh.json().citations[0].source_id;
    expect(sourceId).toBe('ouest-eco-2024-03-02-un-plateau-a-caen');
    expect((await getJson(app, `/v1/sources/${sourceId}`)).body).toMatchObject({
      outlet: 'Ouest Éco',
      url: 'https://example.org/caen',
    });
  });

  it('refuses an id already taken, and one that belonged to a deleted site', async () => {
    expect((await send('POST', '/v1/sites', newSite({ id: 'ipg-roubaix' }))).statusCode).toBe(409);
  });

  it('keeps a valid SIRET (La Poste’s rule included), found by search exactly', async () => {
    const created = await send(
      'POST',
      '/v1/sites',
      newSite({ name: 'Plateau Postal Tours', commune: 'Tours', siret: '35600000049837' }),
    );
    expect(created.statusCode).toBe(201);
    expect(created.json().siret).toBe('35600000049837');
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=356%20000%20000%2049837')).body)).toContain(
      `site:${created.json().id}`,
    );
  });

  it('is found by search once the indexer has run', async () => {
    const created = (
      await send('POST', '/v1/sites', newSite({ name: 'Plateau Vierzon Renaissance', commune: 'Vierzon' }))
    ).json();
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=Vierzon%20Renaissance')).body)).toContain(`site:${created.id}`);
  });
});

describe('PATCH and DELETE /v1/sites/{id}', () => {
  async function fresh(name: string) {
    return (await send('POST', '/v1/sites', newSite({ name, commune: 'Bourges' }))).json();
  }

  it('needs If-Match (428), refuses a stale one (412), and answers 304 to a current If-None-Match', async () => {
    const site = await fresh('Plateau Bourges Un');
    const noMatch = await send('PATCH', `/v1/sites/${site.id}`, { notes: 'x', citations: [citation] });
    expect(noMatch.statusCode).toBe(428);
    expect(noMatch.json().code).toBe('precondition_required');
    const stale = await send(
      'PATCH',
      `/v1/sites/${site.id}`,
      { notes: 'x', citations: [citation] },
      { 'if-match': '"v7"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('precondition_failed');
    const read = await app.inject({ method: 'GET', url: `/v1/sites/${site.id}` });
    expect(read.headers.etag).toMatch(/^"v1-/);
    const again = await app.inject({
      method: 'GET',
      url: `/v1/sites/${site.id}`,
      headers: { 'if-none-match': read.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('gives an ETag that changes with what the detail shows: a rename of its operator changes it', async () => {
    const operator = (
      await send('POST', '/v1/operators', { name: 'Opérateur Bourges', kind: 'outsourcer', citations: [citation] })
    ).json();
    const site = (
      await send(
        'POST',
        '/v1/sites',
        newSite({ name: 'Plateau Bourges Six', commune: 'Bourges', operator: operator.id }),
      )
    ).json();
    const read = () => app.inject({ method: 'GET', url: `/v1/sites/${site.id}` });
    const before = await read();
    const renamed = await send(
      'PATCH',
      `/v1/operators/${operator.id}`,
      { name: 'Opérateur Bourges Renommé', citations: [citation] },
      { 'if-match': (await app.inject({ method: 'GET', url: `/v1/operators/${operator.id}` })).headers.etag as string },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await read();
    expect(after.json().operator).toEqual({ id: operator.id, name: 'Opérateur Bourges Renommé' });
    // The site itself is still at its first version; what it shows is not.
    expect(after.headers.etag).toMatch(/^"v1-/);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const ifNoneMatch = (etag: string) =>
      app.inject({ method: 'GET', url: `/v1/sites/${site.id}`, headers: { 'if-none-match': etag } });
    expect((await ifNoneMatch(before.headers.etag as string)).statusCode).toBe(200);
    expect((await ifNoneMatch(after.headers.etag as string)).statusCode).toBe(304);
    // A write compares the site's own version: the ETag read before the rename still lets it through.
    const changed = await send(
      'PATCH',
      `/v1/sites/${site.id}`,
      { notes: 'Nouvelle note', citations: [{ ...citation, fields: ['notes'] }] },
      { 'if-match': before.headers.etag as string },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe((await read()).headers.etag);
  });

  it('changes the fields given, with their source, and keeps the trace in the history', async () => {
    const site = await fresh('Plateau Bourges Deux');
    const changed = await send(
      'PATCH',
      `/v1/sites/${site.id}`,
      { status: 'closed', closed_on: '2017-04', citations: [{ source, quote: 'vient de déposer son bilan' }] },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toMatch(/^"v2-/);
    expect(changed.json()).toMatchObject({ status: 'closed', closed_on: '2017-04' });
    const history = (await getJson(app, `/v1/sites/${site.id}/history`)).body.data;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({
      actor: 'Rédaction test',
      changed_fields: ['status', 'closed_on'],
      before: { status: 'open', closed_on: null },
      after: { status: 'closed', closed_on: '2017-04' },
      citations: [{ source_id: source, quote: 'vient de déposer son bilan', fields: ['status', 'closed_on'] }],
    });
  });

  it('shows, for each fact, when it was last confirmed; citing it again confirms it', async () => {
    const site = await fresh('Plateau Bourges Cinq');
    const first = (await getJson(app, `/v1/sites/${site.id}`)).body.last_confirmed.name;
    expect(Date.parse(first)).not.toBeNaN();
    const confirmed = await send(
      'PATCH',
      `/v1/sites/${site.id}`,
      { citations: [{ ...citation, fields: ['name'] }] },
      { 'if-match': '"v1"' },
    );
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().last_confirmed.name > first).toBe(true);
    expect(confirmed.json().citations).toHaveLength(2);
  });

  it('refuses a change without a source (422) and leaves the site as it was', async () => {
    const site = await fresh('Plateau Bourges Trois');
    const response = await send('PATCH', `/v1/sites/${site.id}`, { name: 'Autre nom' }, { 'if-match': '"v1"' });
    expect(response.statusCode).toBe(422);
    const after = await getJson(app, `/v1/sites/${site.id}`);
    expect(after.body.name).toBe('Plateau Bourges Trois');
    expect(after.headers.etag).toMatch(/^"v1-/);
  });

  it('deletes with If-Match, then answers 410 and keeps the history; the id is never reused', async () => {
    const site = await fresh('Plateau Bourges Quatre');
    expect((await send('DELETE', `/v1/sites/${site.id}`)).statusCode).toBe(428);
    const deleted = await send('DELETE', `/v1/sites/${site.id}`, undefined, { 'if-match': '"v1"' });
    expect(deleted.statusCode).toBe(204);
    const gone = await app.inject({ method: 'GET', url: `/v1/sites/${site.id}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('gone');
    const history = (await getJson(app, `/v1/sites/${site.id}/history`)).body.data;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'delete']);
    expect((await send('POST', '/v1/sites', newSite({ id: site.id }))).statusCode).toBe(409);
  });

  it('answers 404 to a write on an unknown site, and 401 before anything without a key', async () => {
    expect(
      (await send('PATCH', '/v1/sites/nowhere-at-all', { notes: 'x', citations: [citation] }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/v1/sites/ipg-roubaix' })).statusCode).toBe(401);
  });

  it('shows the seed load as the first entry of a seeded site’s history', async () => {
    const history = (await getJson(app, '/v1/sites/ipg-roubaix/history')).body.data;
    expect(history[0]).toMatchObject({ action: 'create', actor: 'seed', before: null });
    expect(history[0].citations.length).toBeGreaterThan(0);
  });
});

describe('POST /v1/sites/{id}/merge', () => {
  it('moves a duplicate’s facts to the survivor, and the old id answers 308 to it', async () => {
    const duplicate = (
      await send(
        'POST',
        '/v1/sites',
        newSite({ id: 'ipg-vendome-doublon', name: 'IPG Vendôme (doublon)', commune: 'Vendôme' }),
      )
    ).json();
    const survivorBefore = await getJson(app, '/v1/sites/ipg-contacts-services-vendome');
    const merged = await send(
      'POST',
      `/v1/sites/${duplicate.id}/merge`,
      {
        into: 'ipg-contacts-services-vendome',
        citations: [{ source, quote: 'des sites à Vendôme, Chartres, Paris, Rabat' }],
      },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode).toBe(200);
    expect(merged.json().id).toBe('ipg-contacts-services-vendome');
    expect(merged.json().citations.length).toBe(survivorBefore.body.citations.length + 2);
    // The duplicate's name stays findable: it joins the survivor's other names.
    expect(merged.json().aliases).toEqual([...survivorBefore.body.aliases, 'IPG Vendôme (doublon)']);

    const old = await app.inject({ method: 'GET', url: `/v1/sites/${duplicate.id}` });
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe('/v1/sites/ipg-contacts-services-vendome');
    const history = (await getJson(app, `/v1/sites/${duplicate.id}/history`)).body.data;
    expect(history.at(-1)).toMatchObject({ action: 'merge', merged_into: 'ipg-contacts-services-vendome' });
    expect(
      (await send('PATCH', `/v1/sites/${duplicate.id}`, { notes: 'x', citations: [citation] }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(410);
  });

  it('refuses to merge a site into itself or into an unknown site', async () => {
    const site = (await send('POST', '/v1/sites', newSite({ name: 'Plateau Solo', commune: 'Blois' }))).json();
    const self = await send(
      'POST',
      `/v1/sites/${site.id}/merge`,
      { into: site.id, citations: [citation] },
      { 'if-match': '"v1"' },
    );
    expect(self.statusCode).toBe(422);
    const unknown = await send(
      'POST',
      `/v1/sites/${site.id}/merge`,
      { into: 'nowhere-site', citations: [citation] },
      { 'if-match': '"v1"' },
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ in: 'body', name: 'into', message: "unknown site 'nowhere-site'" }]);
  });
});

describe('headcounts', () => {
  it('adds a dated, sourced figure to a site, refuses a negative one, and removes it', async () => {
    const added = await send('POST', '/v1/sites/keyyo-abbeville/headcounts', {
      kind: 'employees',
      value: 25,
      as_of: '2010',
      citation: { source: 'a-contre-courant-centres-appels-rapatries', quote: 'en créant 11 emplois nouveaux' },
    });
    expect(added.statusCode).toBe(201);
    const { headcount_id } = added.json();
    const site = (await getJson(app, '/v1/sites/keyyo-abbeville')).body;
    expect(site.headcounts).toContainEqual(
      expect.objectContaining({ id: headcount_id, kind: 'employees', value: 25, as_of: '2010' }),
    );
    expect(site.last_confirmed.headcounts).toEqual(expect.any(String));

    const negative = await send('POST', '/v1/operators/koramic/headcounts', {
      kind: 'employees',
      value: -1,
      citation: {
        source: 'en-contact-2017-04-26-fin-de-partie-ipg',
        quote: 'IPG Contacts Services est une deuxième entité',
      },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors).toEqual([{ in: 'body', name: 'value', message: 'must be 0 or more' }]);

    expect((await send('DELETE', `/v1/sites/keyyo-abbeville/headcounts/${headcount_id}`)).statusCode).toBe(204);
    expect((await getJson(app, '/v1/sites/keyyo-abbeville')).body.headcounts).not.toContainEqual(
      expect.objectContaining({ id: headcount_id }),
    );
  });
});

describe('bodies PostgreSQL could not store', () => {
  it.each([
    ['PATCH', '/v1/sites/ipg-roubaix', { notes: 'a\u0000b', citations: [citation] }, 'notes'],
    ['PATCH', '/v1/sites/ipg-roubaix', { citations: [{ ...citation, quote: 'IPG\u0000' }] }, 'citations.0.quote'],
    ['POST', '/v1/operators', { name: 'X\u0000Y', citations: [citation] }, 'name'],
  ] as const)('refuses a NUL character: %s %s', async (method, url, body, name) => {
    const response = await send(method, url, body, { 'if-match': '*' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual([{ in: 'body', name, message: 'must not contain the NUL character' }]);
  });

  it.each([
    ['POST', '/v1/sites/ipg-roubaix/headcounts', { kind: 'agents', value: 2147483648, citation }, 'value'],
    ['PATCH', '/v1/clubs/cprc-rhone-alpes', { member_count: 3000000000, citations: [citation] }, 'member_count'],
    ['PATCH', '/v1/mandataires/cnajmj', { directory_size: 2 ** 53 - 1, citations: [citation] }, 'directory_size'],
  ] as const)('refuses an integer its column cannot hold: %s %s', async (method, url, body, name) => {
    const response = await send(method, url, body, { 'if-match': '*' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ name, message: 'must be at most 2147483647' })]);
  });

  // verify12 fault 06: `0x1` deleted headcount 1, `1e3` was read as 1000, `abc` was told « not NaN ».
  it.each(['0x1', '1e3', 'abc', '99999999999999999999', '2147483648', '-1', '0', '1.0', '+1'])(
    'refuses a path id that is not a row id in decimal digits: headcount and officer %s, nothing deleted',
    async (given) => {
      const before = (await app.inject({ method: 'GET', url: '/v1/sites/ipg-roubaix' })).json().headcounts;
      for (const [url, name] of [
        [`/v1/sites/ipg-roubaix/headcounts/${given}`, 'headcountId'],
        [`/v1/clubs/cprc-rhone-alpes/officers/${given}`, 'roleId'],
      ] as const) {
        const response = await send('DELETE', url, undefined, { 'if-match': '*' });
        expect(response.statusCode).toBe(400);
        expect(response.json().errors).toEqual([
          { in: 'path', name, message: 'must be a whole number from 1 to 2147483647' },
        ]);
      }
      expect((await app.inject({ method: 'GET', url: '/v1/sites/ipg-roubaix' })).json().headcounts).toEqual(before);
    },
  );
});

describe('PATCH of a place', () => {
  const etag = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/v1/sites/${id}` })).headers.etag as string;
  // A quote supporting what each change changes (its fields left empty).
  const patch = async (id: string, fields: Record<string, unknown>) =>
    send(
      'PATCH',
      `/v1/sites/${id}`,
      { ...fields, citations: [{ ...citation, fields: [] }] },
      { 'if-match': await etag(id) },
    );

  it('changes the address alone, and keeps the commune', async () => {
    const created = await send('POST', '/v1/sites', {
      name: 'Plateau Adresse',
      commune: 'Chartres',
      citations: [citation],
    });
    const changed = await patch(created.json().id, { address: '1 rue de la Paix' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ address: '1 rue de la Paix', commune: 'Chartres', code_commune: '28085' });
  });

  it('places a site in a département alone, its commune unknown (the place fields are replaced together)', async () => {
    const created = await send('POST', '/v1/sites', { name: 'Plateau Dept', commune: 'Amiens', citations: [citation] });
    const moved = await patch(created.json().id, { departement: '45' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      commune: null,
      code_commune: null,
      code_postal: null,
      departement_code: '45',
      departement_name: 'Loiret',
      region_code: '24',
      region_name: 'Centre-Val de Loire',
    });
  });

  it('refuses an unknown département code alone', async () => {
    const created = await send('POST', '/v1/sites', {
      name: 'Plateau Dept 2',
      commune: 'Amiens',
      citations: [citation],
    });
    const refused = await patch(created.json().id, { departement: '96' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { in: 'body', name: 'departement', message: "unknown département code '96'" },
    ]);
    expect((await getJson(app, `/v1/sites/${created.json().id}`)).body.commune).toBe('Amiens');
  });
});

describe('merging into an entry that is gone', () => {
  it('merges into where the survivor went (a merged id stands for its survivor, db/survivors.ts)', async () => {
    const make = async (name: string) =>
      (await send('POST', '/v1/sites', { name, commune: 'Chartres', citations: [citation] })).json().id as string;
    const [a, b, c] = [await make('Plateau Fusion A'), await make('Plateau Fusion B'), await make('Plateau Fusion C')];
    const merged = await send(
      'POST',
      `/v1/sites/${b}/merge`,
      { into: c, citations: [citation] },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode).toBe(200);
    const followed = await send(
      'POST',
      `/v1/sites/${a}/merge`,
      { into: b, citations: [citation] },
      { 'if-match': '"v1"' },
    );
    expect(followed.statusCode, followed.body).toBe(200);
    expect(followed.json().id).toBe(c);
  });
});

describe('sites’ aliases', () => {
  aliasRules(
    'sites',
    (o) => newSite({ commune: 'Blois', ...o }),
    () => ({
      send,
      get: (url) => app.inject({ method: 'GET', url }),
    }),
  );
});

describe('GET /v1/sites/{id}/history, page by page', () => {
  let site = '';
  /** The numbers of the site's changes, oldest first, as the changes table holds them. */
  const changeIds = async (id: string) =>
    (
      await db.execute<{ id: string }>(
        sql`select id from changes where entity_kind = 'site' and entity_id = ${id} order by id`,
      )
    ).map((r) => Number(r.id));
  /** Writes note `n` on the site, at version n (the create was version 1). */
  const note = async (n: number) => {
    const changed = await send(
      'PATCH',
      `/v1/sites/${site}`,
      { notes: `Note ${n}`, citations: [{ ...citation, fields: ['notes'] }] },
      { 'if-match': `"v${n}"` },
    );
    expect(changed.statusCode, changed.body).toBe(200);
  };
  const problem = (name: string, message: string, url: string) => ({
    type: '/problems/invalid_parameters',
    title: 'Invalid parameters',
    status: 400,
    detail: `Invalid parameter: ${name}.`,
    instance: url,
    code: 'invalid_parameters',
    errors: [{ in: 'query', name, message }],
  });

  beforeAll(async () => {
    site = (await send('POST', '/v1/sites', newSite({ name: 'Plateau Historique', commune: 'Tours' }))).json().id;
    // 120 changes after its create: 121 in all, more than the largest page (100).
    for (let n = 1; n <= 120; n++) await note(n);
  });

  it('walks 121 changes in pages of 50, oldest first, each once; a change made meanwhile comes at the end', async () => {
    const ids: number[] = [];
    const notes: (string | null)[] = [];
    const pages: { size: number; total: number; limit: number; exact: boolean }[] = [];
    let cursor: string | null = null;
    do {
      const url = `/v1/sites/${site}/history?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await getJson(app, url);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      const body = page.body as {
        data: { id: number; after: { notes: string | null } }[];
        total: number;
        total_exact: boolean;
        limit: number;
        next_cursor: string | null;
      };
      ids.push(...body.data.map((c) => c.id));
      notes.push(...body.data.map((c) => c.after.notes));
      pages.push({ size: body.data.length, total: body.total, limit: body.limit, exact: body.total_exact });
      cursor = body.next_cursor;
      // Between the second page and the last, a 121st change.
      if (pages.length === 2) await note(121);
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([
      { size: 50, total: 121, limit: 50, exact: true },
      { size: 50, total: 121, limit: 50, exact: true },
      // The total is the first page's, carried by the cursor; the change made since is listed.
      { size: 22, total: 121, limit: 50, exact: true },
    ]);
    expect(ids).toEqual(await changeIds(site));
    expect(new Set(ids).size).toBe(122);
    expect(notes).toEqual([null, ...Array.from({ length: 121 }, (_, i) => `Note ${i + 1}`)]);
  });

  it('gives 20 changes by default, at most 100, and the whole history in one page when it fits', async () => {
    const first = (await getJson(app, `/v1/sites/${site}/history`)).body;
    expect(first.data.map((c: { id: number }) => c.id)).toEqual((await changeIds(site)).slice(0, 20));
    expect(first).toMatchObject({ total: 122, total_exact: true, limit: 20 });
    expect(first.next_cursor).toEqual(expect.any(String));
    const hundred = (await getJson(app, `/v1/sites/${site}/history?limit=100`)).body;
    expect(hundred.data).toHaveLength(100);
    const seeded = (await getJson(app, '/v1/sites/ipg-roubaix/history')).body;
    expect(seeded).toMatchObject({ total: seeded.data.length, total_exact: true, limit: 20, next_cursor: null });
  });

  it('refuses a bad limit or cursor with a 400 naming it', async () => {
    const page = (await getJson(app, `/v1/sites/${site}/history?limit=2`)).body;
    const cursor: string = page.next_cursor;
    const other = (
      await send('POST', '/v1/sites', newSite({ name: 'Plateau Autre Histoire', commune: 'Tours' }))
    ).json();
    await send(
      'PATCH',
      `/v1/sites/${other.id}`,
      { notes: 'x', citations: [{ ...citation, fields: ['notes'] }] },
      {
        'if-match': '"v1"',
      },
    );
    const otherCursor = (await getJson(app, `/v1/sites/${other.id}/history?limit=1`)).body.next_cursor;
    const citationsCursor = (await getJson(app, `/v1/sources/${source}/citations?limit=1`)).body.next_cursor;
    const tampered = `${cursor.slice(0, -2)}${cursor.at(-2) === 'A' ? 'B' : 'A'}${cursor.at(-1)}`;
    const whole = 'must be a whole number from 1 to 100';
    const notOurs = 'is not a cursor returned by this API';
    const cases: [string, string, string][] = [
      ['limit=-1', 'limit', whole],
      ['limit=0', 'limit', whole],
      ['limit=101', 'limit', whole],
      ['limit=ten', 'limit', whole],
      ['cursor=', 'cursor', 'is empty: omit it for the first page'],
      [`cursor=${encodeURIComponent(tampered)}`, 'cursor', notOurs],
      [`cursor=${cursor}x`, 'cursor', notOurs],
      [
        `cursor=${encodeURIComponent(otherCursor)}`,
        'cursor',
        `was made for the list of sites/${other.id}/history, not of sites/${site}/history`,
      ],
      [
        `cursor=${encodeURIComponent(citationsCursor)}`,
        'cursor',
        `was made for the list of sources/${source}/citations, not of sites/${site}/history`,
      ],
    ];
    for (const [query, name, message] of cases) {
      const url = `/v1/sites/${site}/history?${query}`;
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const { request_id: _, ...body } = response.json();
      expect(body, url).toEqual(problem(name, message, url));
    }
    // Every kind's history is paged alike (declared once); an unknown id is still a 404.
    const operator = (await getJson(app, '/v1/operators/ipg-contacts-services/history?limit=1')).body;
    expect(operator).toMatchObject({ limit: 1, total_exact: true });
    expect(operator.data).toHaveLength(1);
    const unknown = await getJson(app, '/v1/sites/nulle-part-du-tout/history?limit=5');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe("No site has the id 'nulle-part-du-tout'.");
  });
});
