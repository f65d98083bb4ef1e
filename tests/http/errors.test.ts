import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { cursorKeysOf } from '../../src/listing/cursor-keys.js';
import { encodeCursor } from '../../src/listing/pagination.js';
import { getJson, testApp } from '../setup/app.js';
import { openapi } from '../setup/contract.js';

let app: App;
let adminKey: string;
beforeAll(async () => {
  let db: Db;
  ({ app, db } = await testApp());
  adminKey = (await createKey(db, { name: 'errors admin', scope: 'admin' })).key;
});

/** The exact problem+json body expected, given the request id the response carried. */
async function expectProblem(
  url: string,
  expected: {
    status: number;
    code: string;
    title: string;
    detail: string;
    errors?: { in: string; name: string; message: string }[];
  },
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET',
) {
  const response = await app.inject({ method, url });
  expect(response.statusCode).toBe(expected.status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const requestId = response.headers['x-request-id'];
  expect(requestId).toEqual(expect.any(String));
  expect(response.json()).toEqual({
    type: `/problems/${expected.code}`,
    title: expected.title,
    status: expected.status,
    detail: expected.detail,
    instance: url,
    code: expected.code,
    request_id: requestId,
    ...(expected.errors ? { errors: expected.errors } : {}),
  });
  return response;
}

const invalid = (errors: { in: string; name: string; message: string }[]) => ({
  status: 400,
  code: 'invalid_parameters',
  title: 'Invalid parameters',
  detail: `Invalid ${new Set(errors.map((e) => e.name)).size > 1 ? 'parameters' : 'parameter'}: ${[...new Set(errors.map((e) => e.name))].join(', ')}.`,
  errors,
});

describe('bad query parameters', () => {
  it('names an unknown parameter', async () => {
    await expectProblem(
      '/v1/sites?colour=blue',
      invalid([{ in: 'query', name: 'colour', message: 'is not a known parameter' }]),
    );
  });

  it('names every bad parameter at once', async () => {
    await expectProblem(
      '/v1/sites?status=open,shut&region=Atlantide&limit=0',
      invalid([
        { in: 'query', name: 'region', message: "unknown region 'Atlantide'" },
        {
          in: 'query',
          name: 'status',
          message: "'shut' is not one of planned, open, closed, relocated",
        },
        { in: 'query', name: 'limit', message: 'must be a whole number from 1 to 100' },
      ]),
    );
  });

  it.each([
    ['limit=101', 'limit', 'must be a whole number from 1 to 100'],
    ['limit=ten', 'limit', 'must be a whole number from 1 to 100'],
    ['limit=2.5', 'limit', 'must be a whole number from 1 to 100'],
    ['limit=1e2', 'limit', 'must be a whole number from 1 to 100'],
    ['limit=0x10', 'limit', 'must be a whole number from 1 to 100'],
    ['limit=5&limit=6', 'limit', 'must be given once'],
    ['departement=999', 'departement', "unknown département code '999'"],
    ['code_commune=99999', 'code_commune', "unknown INSEE commune code '99999'"],
    ['code_postal=8000', 'code_postal', "unknown postal code '8000'"],
    ['code_postal=00000', 'code_postal', "unknown postal code '00000'"],
    ['country=France', 'country', "'France' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)"],
    ['operator=Not%20A%20Slug', 'operator', 'must be a slug: lower-case letters, digits and single hyphens'],
    ['operator=nobody-knows', 'operator', "unknown operator 'nobody-knows'"],
    [
      'sort=size',
      'sort',
      "'size' is not one of name, -name, commune, -commune, opened_on, -opened_on, created_at, -created_at, updated_at, -updated_at, distance, -distance",
    ],
  ])('rejects %s on /v1/sites', async (query, name, message) => {
    await expectProblem(`/v1/sites?${query}`, invalid([{ in: 'query', name, message }]));
  });

  it.each([
    [
      '/v1/operators?kind=bakery',
      'kind',
      "'bakery' is not one of outsourcer, in_house, holding, group, vendor, telecom_operator, trade_body, public_body, media",
    ],
    ['/v1/operators?parent=no-such-group', 'parent', "unknown parent 'no-such-group'"],
    ['/v1/clubs?status=sleeping', 'status', "'sleeping' is not one of active, dormant, defunct, unreachable"],
    ['/v1/clubs?region=Narnia', 'region', "unknown region 'Narnia'"],
    [
      '/v1/mandataires?profession=notaire',
      'profession',
      "'notaire' is not one of administrateur_judiciaire, mandataire_judiciaire",
    ],
    ['/v1/mandataires?firm=etude-inconnue', 'firm', "unknown firm 'etude-inconnue'"],
    [
      '/v1/proceedings?kind=faillite',
      'kind',
      "'faillite' is not one of sauvegarde, redressement_judiciaire, liquidation_judiciaire, depot_de_bilan, reprise_a_la_barre, en_difficulte",
    ],
    ['/v1/proceedings?mandataire=nobody', 'mandataire', "unknown mandataire 'nobody'"],
    ['/v1/sources?outlet=x', 'outlet', 'is not a known parameter'],
  ])('rejects %s', async (url, name, message) => {
    await expectProblem(url, invalid([{ in: 'query', name, message }]));
  });
});

describe('a query string that is not percent-encoded UTF-8 (verify30, doubt of fault 06)', () => {
  // Which fault it is, named: a broken escape, or bytes that are no UTF-8 (a Latin-1 link), one rule (percentFault).
  const brokenEscape = (written: string) =>
    `must be percent-encoded UTF-8: '${written}' is a '%' not followed by two hexadecimal digits`;
  const bytes = (written: string) =>
    `must be percent-encoded UTF-8: the bytes ${written} are no UTF-8 text (a link written in another encoding, such as Latin-1?)`;

  it.each([
    ['/v1/search?q=%C3%28', 'q', bytes('%C3%28')],
    ['/v1/search?q=%FF', 'q', bytes('%FF')],
    ['/v1/search?q=%E9', 'q', bytes('%E9')],
    ['/v1/search?q=%zz', 'q', brokenEscape('%zz')],
    ['/v1/search?q=100%', 'q', brokenEscape('%')],
    ['/v1/search?q=caf%C3%A9&region=%ZZ', 'region', brokenEscape('%ZZ')],
    ['/v1/sites?commune=caf%E9', 'commune', bytes('%E9')],
    ['/v1/operators?q=%ED%A0%80', 'q', bytes('%ED%A0%80')],
    ['/v1/proceedings?tribunal=%C3', 'tribunal', bytes('%C3')],
    ['/v1/sites/export?format=csv&q=%C0%AF', 'q', bytes('%C0%AF')],
    ['/v1/changes?cursor=%FF', 'cursor', bytes('%FF')],
    ['/v1/sites/teleperformance-lens?x=%FF', 'x', bytes('%FF')],
    ['/v1/search?colour%FF=blue', 'colour%FF', bytes('%FF')],
  ])('%s is a 400 naming %s and its fault', async (url, name, message) => {
    await expectProblem(url, invalid([{ in: 'query', name, message }]));
  });

  it('takes UTF-8 percent-encoded, and a + as a space', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/search?q=caf%C3%A9+lens&region=Hauts-de-France' });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('bad cursors', () => {
  it('rejects a cursor that is not one of ours', async () => {
    await expectProblem(
      '/v1/sites?cursor=not-a-cursor',
      invalid([{ in: 'query', name: 'cursor', message: 'is not a cursor returned by this API' }]),
    );
  });

  it('rejects a cursor signed with our key carrying a value of the wrong type', async () => {
    const forged = encodeCursor(
      { s: 'created_at', v: "'; drop table sites; --", i: 'x' },
      { list: 'sites', filters: {}, keys: await cursorKeysOf(app.database.db) },
    );
    await expectProblem(
      `/v1/sites?sort=created_at&cursor=${forged}`,
      invalid([{ in: 'query', name: 'cursor', message: 'is not a cursor returned by this API' }]),
    );
  });

  it('rejects a cursor made for another sort', async () => {
    const first = await getJson(app, '/v1/sites?limit=2&sort=name');
    await expectProblem(
      `/v1/sites?limit=2&sort=-name&cursor=${first.body.next_cursor}`,
      invalid([{ in: 'query', name: 'cursor', message: "was made for sort 'name', not '-name'" }]),
    );
  });

  const notOurs = 'is not a cursor returned by this API';
  const otherFilters = 'was made with other filters: keep those of the first page, or start again without a cursor';
  it.each([
    // Base64 decoding skips characters outside its alphabet: the cursor must still be refused.
    ['with extra characters', '/v1/sites?limit=2', (c: string) => `/v1/sites?limit=2&cursor=${c}!!`, notOurs],
    ['with an extra base64 character', '/v1/sites?limit=2', (c: string) => `/v1/sites?limit=2&cursor=${c}A`, notOurs],
    ['with base64 padding', '/v1/sites?limit=2', (c: string) => `/v1/sites?limit=2&cursor=${c}%3D`, notOurs],
    [
      'made for another endpoint',
      '/v1/operators?limit=2&sort=name',
      (c: string) => `/v1/sites?limit=2&sort=name&cursor=${c}`,
      'was made for the list of operators, not of sites',
    ],
    [
      'made for a search list',
      '/v1/sites?limit=2&q=amiens&sort=name',
      (c: string) => `/v1/sites?limit=2&sort=name&cursor=${c}`,
      'was made for the list of sites (search), not of sites',
    ],
    [
      'made for other filters',
      '/v1/sites?limit=2&status=open',
      (c: string) => `/v1/sites?limit=2&status=closed&cursor=${c}`,
      otherFilters,
    ],
    [
      'made without the filter given now',
      '/v1/sites?limit=2',
      (c: string) => `/v1/sites?limit=2&region=Picardie&cursor=${c}`,
      otherFilters,
    ],
    [
      'made for another search',
      '/v1/sites?limit=2&q=amiens',
      (c: string) => `/v1/sites?limit=2&q=roubaix&cursor=${c}`,
      otherFilters,
    ],
  ])('rejects a cursor %s', async (_, firstUrl, nextUrl, message) => {
    const first = await getJson(app, firstUrl);
    expect(first.body.next_cursor, firstUrl).toEqual(expect.any(String));
    await expectProblem(nextUrl(first.body.next_cursor), invalid([{ in: 'query', name: 'cursor', message }]));
  });

  it('accepts the same filters written in another order, and pages to the end', async () => {
    const first = await getJson(app, '/v1/sites?limit=2&status=open,closed&region=Picardie,Bretagne');
    const next = await getJson(
      app,
      `/v1/sites?region=Bretagne,Picardie&status=closed,open&limit=2&cursor=${first.body.next_cursor}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.data.map((s: { id: string }) => s.id)).not.toContain(first.body.data[0].id);
  });
});

/** Every operation the document declares, with its query and path parameters, the value put into one of them. */
const parameterCases = Object.entries(openapi.paths).flatMap(([path, operations]) =>
  Object.entries(operations).flatMap(([method, operation]) =>
    (operation.parameters ?? [])
      .filter((p) => p.in === 'query' || p.in === 'path')
      .flatMap((parameter) =>
        ['%00', 'a%00b'].map((value) => ({
          secured: (operation.security?.length ?? 0) > 0,
          label: `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}=${value}`,
          method: method.toUpperCase() as 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE',
          parameter,
          url:
            path.replace(/\{(\w+)\}/g, (_, name: string) => (name === parameter.name ? value : 'x')) +
            (parameter.in === 'query' ? `?${parameter.name}=${value}` : ''),
        })),
      ),
  ),
);

describe('text PostgreSQL cannot store, in any parameter', () => {
  it('covers the document', () => {
    expect(parameterCases.map((c) => c.label)).toContain('GET /v1/proceedings query tribunal=%00');
    expect(parameterCases.length).toBeGreaterThan(200);
  });

  // A NUL reaching PostgreSQL was a 500 (« invalid byte sequence for encoding UTF8: 0x00 »), or an export cut short.
  it.each(parameterCases)('$label: 400 naming the parameter', async ({ method, parameter, url, secured }) => {
    const headers = secured ? { authorization: `Bearer ${adminKey}` } : {};
    const response = await app.inject({ method, url, headers });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    if (method === 'HEAD') return;
    expect(response.json().errors).toEqual([
      { in: parameter.in, name: parameter.name, message: 'must not contain the NUL character' },
    ]);
  });

  it('answers the filter of a list, its export and search exactly', async () => {
    const tribunal = invalid([{ in: 'query', name: 'tribunal', message: 'must not contain the NUL character' }]);
    await expectProblem('/v1/proceedings?tribunal=%00', tribunal);
    await expectProblem('/v1/proceedings?tribunal=a%00b', tribunal);
    await expectProblem('/v1/proceedings/export?format=jsonl&tribunal=%00', tribunal);
    await expectProblem('/v1/proceedings/export?format=csv&tribunal=a%00b', tribunal);
    await expectProblem('/v1/search?tribunal=%00', tribunal);
  });
});

describe('bad ids and routes', () => {
  it.each(['sites', 'operators', 'clubs', 'mandataires', 'proceedings', 'sources'])(
    'answers 400 to a malformed %s id',
    async (kind) => {
      await expectProblem(
        `/v1/${kind}/Not_A_Slug`,
        invalid([{ in: 'path', name: 'id', message: 'must be a slug: lower-case letters, digits and single hyphens' }]),
      );
    },
  );

  it.each([
    ['sites', 'site'],
    ['operators', 'operator'],
    ['clubs', 'club'],
    ['mandataires', 'mandataire'],
    ['proceedings', 'proceeding'],
    ['sources', 'source'],
  ])('answers 404 to an unknown %s id', async (kind, singular) => {
    await expectProblem(`/v1/${kind}/does-not-exist`, {
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: `No ${singular} has the id 'does-not-exist'.`,
    });
  });

  it('answers 404 to an unknown route', async () => {
    await expectProblem('/v1/planets', {
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: 'No route GET /v1/planets.',
    });
  });

  it('answers 405 with Allow to a method the route does not have', async () => {
    const response = await expectProblem(
      '/v1/sites/ipg-roubaix',
      {
        status: 405,
        code: 'method_not_allowed',
        title: 'Method not allowed',
        detail: 'PUT is not allowed on /v1/sites/ipg-roubaix; allowed: GET, HEAD, PATCH, DELETE.',
      },
      'PUT',
    );
    expect(response.headers.allow).toBe('GET, HEAD, PATCH, DELETE');
  });
});

describe('request ids', () => {
  it('echoes a caller’s request id and makes one otherwise', async () => {
    const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'journalist-42' } });
    expect(given.headers['x-request-id']).toBe('journalist-42');
    const made = await app.inject({ method: 'GET', url: '/health' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('forged cursors', () => {
  const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
  const refused = invalid([{ in: 'query', name: 'cursor', message: 'is not a cursor returned by this API' }]);

  it.each([
    ['a NUL in the value', '/v1/sites', { s: 'name', v: '\u0000', i: 'b' }],
    ['a NUL in the id', '/v1/sites', { s: 'name', v: 'a', i: '\u0000' }],
    ['an impossible date', '/v1/sites?sort=created_at', { s: 'created_at', v: '2017-13-45 99:99:99Z', i: 'x' }],
    ['the 30th of February', '/v1/sites?sort=created_at', { s: 'created_at', v: '2017-02-30 10:00:00Z', i: 'x' }],
    ['year zero', '/v1/sites?sort=created_at', { s: 'created_at', v: '0000-01-01 00:00:00Z', i: 'x' }],
    ['an offset past 15 hours', '/v1/sites?sort=created_at', { s: 'created_at', v: '2017-01-01 00:00:00+99', i: 'x' }],
    ['a number beyond 32 bits', '/v1/clubs?sort=member_count', { s: 'member_count', v: 9999999999, i: '' }],
    ['a nested object', '/v1/sites', { s: 'name', v: { a: 1 }, i: 'x' }],
    ['a search page below 1', '/v1/sites?q=amiens', { s: 'search:relevance', v: -3, i: '' }],
    ['a search page of 0', '/v1/sites?q=amiens', { s: 'search:relevance', v: 0, i: '' }],
  ])('with %s is a 400', async (_, path, payload) => {
    const url = `${path}${path.includes('?') ? '&' : '?'}cursor=${forge(payload)}`;
    await expectProblem(url, refused);
  });
});

describe('errors raised before routing', () => {
  it('answers a malformed URL with a problem naming its parameter', async () => {
    const message = "must be percent-encoded UTF-8: '%zz' is a '%' not followed by two hexadecimal digits";
    await expectProblem('/v1/sites/%zz', invalid([{ in: 'path', name: 'id', message }]));
  });

  it('serves ids up to their full length', async () => {
    const id = 'a'.repeat(120);
    await expectProblem(`/v1/sites/${id}`, {
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: `No site has the id '${id}'.`,
    });
  });

  it('refuses query parameters on a detail', async () => {
    await expectProblem(
      '/v1/sites/ipg-roubaix?x=1',
      invalid([{ in: 'query', name: 'x', message: 'is not a known parameter' }]),
    );
  });
});

describe('request ids that are not sane', () => {
  it.each(['bad id!', '<script>', 'x'.repeat(500)])('replaces %s with a fresh one', async (given) => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': given } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('an empty cursor', () => {
  it('is refused, not read as the first page', async () => {
    const response = await getJson(app, '/v1/sites?cursor=');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { in: 'query', name: 'cursor', message: 'is empty: omit it for the first page' },
    ]);
  });
});
