// A request the API cannot take is told so in the API's words, naming what is wrong and where: a body that is not
// UTF-8 (never stored with U+FFFD in place of its bytes), JSON that breaks, a `__proto__` key, a body of another type
// or too large, a path parameter too long or not percent-encoded UTF-8; never a library's own words (Fastify's
// parser, router, content-type and body-limit refusals). verify9 faults 02, 03 and 04; against a real database.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { testApp } from '../setup/app.js';
import { openapi } from '../setup/contract.js';
import { createSite } from '../setup/factories.js';
import { anyVersion, exampleCitations } from '../setup/writer.js';

let app: App;
let siteId: string;
let key: string;
beforeAll(async () => {
  let db: Db;
  ({ app, db } = await testApp());
  siteId = (await createSite(db, { notes: 'as it was' })).id;
  key = (await createKey(db, { name: 'refusals', scope: 'write' })).key;
});

/** A PATCH of the site with these bytes as its body (`content-type` as given). */
const patchBytes = (payload: Buffer | string, contentType = 'application/json') =>
  app.inject({
    method: 'PATCH',
    url: `/v1/sites/${siteId}`,
    headers: { authorization: `Bearer ${key}`, 'if-match': '*', 'content-type': contentType },
    payload,
  });

/** The problem's code, detail and errors of a response. */
const told = (response: { statusCode: number; json: () => Record<string, unknown> }) => {
  const { code, detail, errors } = response.json();
  return { status: response.statusCode, code, detail, ...(errors ? { errors } : {}) };
};

const notesNow = async () => (await app.inject({ method: 'GET', url: `/v1/sites/${siteId}` })).json().notes;

/** `{"notes":"bad <bytes> bytes", citations}` as bytes. */
const notesWith = (bytes: number[]) => {
  const cited = JSON.stringify(exampleCitations('refusals', 'Refusals')).slice(0, -1);
  return Buffer.concat([
    Buffer.from('{"notes":"bad '),
    Buffer.from(bytes),
    Buffer.from(` bytes","citations":${cited}]}`),
  ]);
};

const notUtf8 = (byte: string, offset: number) => ({
  status: 400,
  code: 'bad_request',
  detail:
    'The body is not UTF-8 text, which JSON must be (RFC 8259), whatever charset Content-Type names: its byte ' +
    `${byte} at offset ${offset} is no part of a UTF-8 character.`,
});

describe('a body that is not UTF-8 (fault 02)', () => {
  it.each([
    ['FF FE', [0xff, 0xfe], '0xFF'],
    ['a lead byte cut short, C3 28', [0xc3, 0x28], '0xC3'],
    ['an encoded surrogate, ED A0 80', [0xed, 0xa0, 0x80], '0xED'],
    ['an overlong slash, C0 AF', [0xc0, 0xaf], '0xC0'],
    ['Latin-1 é, E9', [0xe9], '0xE9'],
  ])('%s: 400 naming the byte and where it stands, nothing stored', async (_, bytes, byte) => {
    expect(told(await patchBytes(notesWith(bytes)))).toEqual(notUtf8(byte, 14));
    expect(await notesNow()).toBe('as it was');
  });

  it('whatever charset Content-Type names', async () => {
    const response = await patchBytes(notesWith([0xe9]), 'application/json; charset=iso-8859-1');
    expect(told(response)).toEqual(notUtf8('0xE9', 14));
  });

  it('is counted in bytes past a U+FFFD the client wrote as UTF-8', async () => {
    expect(told(await patchBytes(notesWith([0xef, 0xbf, 0xbd, 0xff])))).toEqual(notUtf8('0xFF', 17));
  });

  it('on a create too: nothing created', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: body,
    });
    expect(told(response)).toEqual(notUtf8('0xE9', 12));
  });

  it('takes UTF-8, a U+FFFD written as such, and a byte-order mark before the JSON', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const response = await patchBytes(Buffer.concat([bom, notesWith([0xc3, 0xa9, 0xef, 0xbf, 0xbd])]));
    expect(response.statusCode, response.body).toBe(200);
    expect(await notesNow()).toBe('bad é\uFFFD bytes');
  });
});

describe('a body that is not JSON, or holds a key no body has (fault 03)', () => {
  const notJson = (what: string) => ({
    status: 400,
    code: 'bad_request',
    detail: `The body is not valid JSON: ${what}.`,
  });
  const unknownField = (name: string) => ({
    status: 400,
    code: 'invalid_parameters',
    detail: `Invalid parameter: ${name}.`,
    errors: [{ in: 'body', name, message: 'is not a known field' }],
  });

  it.each([
    ['{"__proto__":"x"}', '__proto__'],
    ['{"__proto__":{"x":1}}', '__proto__'],
    ['{"notes":"n","citations":[{"source":"s","quote":"q","__proto__":{}}]}', 'citations.0.__proto__'],
    ['{"constructor":{"prototype":{"x":1}}}', 'constructor'],
    ['{"constructor":"x"}', 'constructor'],
  ])('%s: the field named, as any unknown one', async (body, name) => {
    expect(told(await patchBytes(body))).toEqual(unknownField(name));
  });

  it.each([
    ['{"notes": "x",}', "line 1, column 15: unexpected token '}'"],
    ['{"notes": "x', 'line 1, column 13: it ends before its value does'],
    ['{"notes":\n  tru}', 'line 2, column 3: expected a value'],
    ['{"notes":"x"} {}', 'line 1, column 15: unexpected characters'],
    ['  ', 'it holds no value, only white space'],
  ])('%j: where it breaks', async (body, what) => {
    expect(told(await patchBytes(body))).toEqual(notJson(what));
  });

  // Which of two values the client meant cannot be told (JSON.parse keeps the last): refused as `npm run import`
  // refuses such a row, the key named by its path, nothing changed.
  it.each([
    ['{"notes":"first","notes":"second"}', 'notes'],
    ['{"notes":"n","citations":[{"source":"s","quote":"xx","quote":"q"}]}', 'citations.0.quote'],
    ['{"notes":"n","n\\u006ftes":"m"}', 'notes'],
  ])('%s: a key given twice, named', async (body, name) => {
    const before = await notesNow();
    expect(told(await patchBytes(body))).toEqual({
      status: 400,
      code: 'invalid_parameters',
      detail: `Invalid parameter: ${name}.`,
      errors: [{ in: 'body', name, message: 'is given twice in this body' }],
    });
    expect(await notesNow()).toBe(before);
  });

  it('takes the same words twice inside values and in two objects of a list', async () => {
    const citations = exampleCitations('refusals', 'Refusals');
    const body = JSON.stringify({ notes: '"notes":"x","notes":"y"', citations: [...citations, ...citations] });
    expect((await patchBytes(body)).statusCode).toBe(200);
    expect(await notesNow()).toBe('"notes":"x","notes":"y"');
  });

  it('a body of another type, in words: 415 naming it', async () => {
    expect(told(await patchBytes('{"notes":"x"}', 'text/plain; charset=utf-8'))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
      detail: "The body must be JSON sent as application/json, not as 'text/plain'.",
    });
  });

  it('a body over the limit, in words: 413 naming the limit', async () => {
    const response = await patchBytes(JSON.stringify({ notes: 'a'.repeat(1024 * 1024) }));
    expect(told(response)).toEqual({
      status: 413,
      code: 'payload_too_large',
      detail: 'The body is larger than this route takes: at most 1048576 bytes.',
    });
  });
});

/** Every operation of the document with a path parameter, that parameter given `value`, the others a slug. */
const pathCases = (value: string) =>
  Object.entries(openapi.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) =>
      (operation.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((parameter) => ({
          label: `${method.toUpperCase()} ${path} ${parameter.name}`,
          method: method.toUpperCase() as 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE',
          name: parameter.name,
          url: path.replace(/\{(\w+)\}/g, (_, name: string) => (name === parameter.name ? value : 'x')),
        })),
    ),
  );

describe('a path parameter too long or not percent-encoded UTF-8 (fault 04)', () => {
  const tooLong = invalidId('must be at most 120 characters');
  function invalidId(message: string) {
    return {
      status: 400,
      code: 'invalid_parameters',
      detail: 'Invalid parameter: id.',
      errors: [{ in: 'path', name: 'id', message }],
    };
  }

  it.each([121, 200, 201, 250, 1000, 10_000])('an id of %i characters: named with its limit', async (n) => {
    const response = await app.inject({ method: 'GET', url: `/v1/sites/${'a'.repeat(n)}` });
    expect(told(response)).toEqual(tooLong);
  });

  it.each(['/v1/operators/%s', '/v1/sites/%s/history', '/v1/clubs/%s/merge'])('%s alike', async (pattern) => {
    const url = pattern.replace('%s', 'a'.repeat(1000));
    const method = url.endsWith('merge') ? 'POST' : 'GET';
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...anyVersion } });
    expect(told(response)).toEqual(tooLong);
  });

  it.each(pathCases('a'.repeat(5000)))('$label: 5,000 characters refused naming it', async ({ method, name, url }) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...anyVersion } });
    expect(response.statusCode, response.body).toBe(400);
    if (method === 'HEAD') return;
    expect(response.json().code).toBe('invalid_parameters');
    // The route's other parameters, given 'x', may be refused too (a link's uuid).
    const named = response.json().errors.map((e: { in: string; name: string }) => [e.in, e.name]);
    expect(named).toContainEqual(['path', name]);
  });

  // Which fault it is, named as a query parameter's (percentFault).
  const latin = (written: string) =>
    `must be percent-encoded UTF-8: the bytes ${written} are no UTF-8 text (a link written in another encoding, such as Latin-1?)`;
  it.each([
    ['/v1/sites/%FF', latin('%FF')],
    ['/v1/sites/%zz', "must be percent-encoded UTF-8: '%zz' is a '%' not followed by two hexadecimal digits"],
    ['/v1/sites/caf%E9/history', latin('%E9')],
    ['/v1/sources/%C3%28', latin('%C3%28')],
  ])('%s: the id named as a query parameter would be, with its fault', async (url, message) => {
    expect(told(await app.inject({ method: 'GET', url }))).toEqual(invalidId(message));
  });

  it.each(pathCases('%FF'))('$label: %FF refused naming it', async ({ method, name, url }) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...anyVersion } });
    expect(response.statusCode, response.body).toBe(400);
    if (method === 'HEAD') return;
    expect(response.json().errors).toEqual([{ in: 'path', name, message: latin('%FF') }]);
  });

  it('a fixed segment of the path malformed: the path named', async () => {
    expect(told(await app.inject({ method: 'GET', url: `/v1/sites/${siteId}/histor%FF` }))).toEqual({
      status: 400,
      code: 'bad_request',
      detail:
        'The path must be percent-encoded UTF-8: the bytes %FF are no UTF-8 text (a link written in another encoding, ' +
        'such as Latin-1?).',
    });
  });
});
