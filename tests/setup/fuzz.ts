// Requests generated from the OpenAPI document (openapi/openapi.json) for the
// fuzz test (tests/http/fuzz.test.ts): for every operation, valid requests
// (parameters and bodies drawn from their schemas, with ids, names and codes
// taken from the directory itself so that many reach the database) and hostile
// ones (wrong types, out-of-range integers, NUL and control characters, lone
// surrogates, very long strings, unknown fields and parameters, duplicated
// parameters, malformed JSON, wrong content types, bad ids, encoded slashes,
// missing or bad keys and If-Match). A request is plain data, so fast-check can
// print, replay and shrink it.
import fc from 'fast-check';
import type { App } from '../../src/app.js';
import { type OpenApiDocument, type Operation, openapi, validatorOf } from './contract.js';

type Schema = Record<string, unknown>;

/** Who the request says it is: no key, a key of a scope, or a bad Authorization header. */
export type FuzzAuth = 'none' | 'write' | 'admin' | 'unknown' | 'malformed' | 'lowercase';

/** A generated request: everything but the key and the current ETag, which the sender fills in. */
export interface FuzzRequest {
  /** The operationId, or `route` for a method or path the document may not have. */
  operation: string;
  method: string;
  /** Path and query, percent-encoded as sent. */
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The payload's bytes as given when they are not UTF-8 (latin-1 encoded in `payload`). */
  binaryPayload?: boolean;
  auth: FuzzAuth;
  /** `current`: the entry's ETag as read just before; otherwise the header's value, or none. */
  ifMatch: 'current' | 'absent' | { value: string };
  /** How many identical copies are sent at once (races on one id). */
  copies: number;
  /** Whether the request was made wrong on purpose (else every part of it follows the document). */
  hostile: boolean;
}

/** Values the directory holds, by field name (`commune`, `id:sites`, `headcounts.id`…), to make valid requests. */
export type Dictionary = Map<string, (string | number)[]> & {
  /** Entries of each kind as their list shows them (`sites` → rows), to build coherent bodies from. */
  rows?: Map<string, Record<string, unknown>[]>;
};

function remember(dictionary: Map<string, Set<string | number>>, key: string, value: unknown) {
  if (typeof value !== 'string' && typeof value !== 'number') return;
  if (typeof value === 'string' && (value.length === 0 || value.length > 200)) return;
  // Times of the run (created_at…) are no value a request would send in another field.
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !key.endsWith('_at')) return;
  const values = dictionary.get(key) ?? new Set();
  dictionary.set(key, values);
  if (values.size < 60) values.add(value);
}

/** Keeps every value of `value` under its field name, and under `<plural>:<name>` for the entries' own fields. */
function collect(dictionary: Map<string, Set<string | number>>, value: unknown, plural: string, parent = '') {
  if (Array.isArray(value)) {
    for (const item of value) collect(dictionary, item, plural, parent);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    remember(dictionary, key, child);
    if (parent) remember(dictionary, `${parent}.${key}`, child);
    else remember(dictionary, `${plural}:${key}`, child);
    collect(dictionary, child, plural, key);
  }
}

/**
 * Reads the directory through the API (every list, a few entries of each, a page cursor of each list, the change
 * feed) and keeps its values by field name, for the generators to draw valid requests from.
 */
export async function readDictionary(app: App, document: OpenApiDocument = openapi): Promise<Dictionary> {
  const dictionary = new Map<string, Set<string | number>>();
  const rows = new Map<string, Record<string, unknown>[]>();
  const lists = Object.entries(document.paths).filter(
    ([path, methods]) => methods.get && /^\/v1\/[a-z]+$/.test(path) && path !== '/v1/search',
  );
  for (const [path] of lists) {
    const plural = path.split('/')[2]!;
    const page = (await app.inject({ method: 'GET', url: `${path}?limit=100` })).json();
    const first = (await app.inject({ method: 'GET', url: `${path}?limit=1` })).json();
    remember(dictionary, 'cursor', first.next_cursor);
    remember(dictionary, 'since', first.next_since);
    if (!document.paths[`${path}/{id}`]) continue;
    for (const row of page.data ?? []) remember(dictionary, `id:${plural}`, row.id);
    rows.set(plural, page.data ?? []);
    collect(dictionary, page.data, plural);
    for (const row of (page.data ?? []).slice(0, 8)) {
      collect(dictionary, (await app.inject({ method: 'GET', url: `${path}/${row.id}` })).json(), plural);
    }
  }
  return Object.assign(new Map([...dictionary].map(([key, values]) => [key, [...values]])), { rows });
}

/** The dictionary keys a parameter or field of this name draws from. */
function dictionaryKeys(name: string, plural: string): string[] {
  switch (name) {
    case 'id':
    case 'into':
      return [`id:${plural}`];
    case 'operator':
      return ['id:operators'];
    case 'parent':
      return ['id:operators', 'id:mandataires'];
    case 'firm':
    case 'mandataire':
      return ['id:mandataires'];
    case 'source':
      return ['id:sources'];
    case 'person':
      return ['person_id'];
    case 'headcountId':
      return ['headcounts.id'];
    case 'roleId':
      return ['role_id'];
    case 'departement':
      return ['departement', 'departement_code', 'departement_name'];
    case 'region':
      return ['region_code', 'region_name', 'former_region_name'];
    case 'category':
      return ['kind'];
    case 'since':
      return ['since', 'changes.id'];
    default:
      return [name];
  }
}

/** Values a parameter's description lists (`One of: name, -name`, `Status: planned, open`, `` `32` ``). */
function describedValues(description: unknown): string[] {
  if (typeof description !== 'string') return [];
  const values = [...description.matchAll(/`([^`]{1,60})`/g)].map((m) => m[1]!);
  const listed = /:\s*([\w-]+(?:,\s*[\w-]+)+)\./.exec(description);
  if (listed) values.push(...listed[1]!.split(/,\s*/));
  return values;
}

const resolveRef = (schema: Schema): Schema => {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = openapi;
  for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown>)?.[part];
  return resolveRef((target as Schema) ?? {});
};

// ---- Hostile values ----

const int32 = 2 ** 31;
/** Numbers a 32-bit column, a JavaScript number or a JSON parser may choke on. */
export const hostileNumbers = [
  int32 - 1,
  int32,
  -int32 - 1,
  -1,
  0,
  -0,
  1.5,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  1e308,
  Number.MIN_VALUE,
];

/** Text a column, a regex, a URL or an encoder may choke on. */
export const hostileTexts = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\u0001\u0008\u000b\u001f\u007f',
  '\t\r\n',
  '\ud800',
  'a\udc00b',
  '\udbff\udfff',
  '\ufeff',
  '\u202etxt',
  '\u200b',
  'e\u0301',
  'Ａｍｉｅｎｓ',
  '😀',
  "' OR 1=1 --",
  '"); drop table sites; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%',
  '\u0024{x}',
  '\\',
  'NaN',
  'null',
  'undefined',
  'true',
  '-0',
  '1e309',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '0x10',
  '__proto__',
  'constructor',
  'a,b,,c,',
  ',',
  '*',
  'ä'.repeat(10),
];

const longText = fc
  .constantFrom(300, 501, 1001, 5001, 20_000)
  .chain((n) => fc.constantFrom('a', 'é', '😀', 'a ', '\u0000').map((unit) => unit.repeat(n)));

/** A hostile string: a listed one, random text of any code unit (lone surrogates included), or a very long one. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileTexts) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('\ud800', '\udfff', 'a', '\u0000', '\u001b'), maxLength: 8 }),
  },
  { weight: 1, arbitrary: longText },
);

/** A JSON value of the wrong kind, or a number or text out of every range. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constantFrom(...hostileNumbers) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { a: { b: { c: [] } } }, [1, 'a']) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Payloads that are not the JSON they claim to be, or JSON no schema expects. */
export const hostilePayloads = [
  '',
  '{',
  '{"name":',
  '{"name": "a"',
  'null',
  '[]',
  '"text"',
  '42',
  '{"a":1}{"b":2}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"name":"\\ud800"}',
  '{"name":"a\\u0000b"}',
  '{"name": NaN}',
  "{'name': 'a'}",
  '\u0000',
  // Nested deeper than a recursive walk of the body can go.
  `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
  `{"name":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
  `{"citations":[${'['.repeat(100_000)}"\u0000"${']'.repeat(100_000)}]}`,
];

/** Bytes that are not UTF-8 (sent as they are). */
export const invalidUtf8Payloads = [
  Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]).toString('latin1'),
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('latin1'),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]).toString('latin1'),
];

/** Content types of a body that is not (only) JSON. */
export const hostileContentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/merge-patch+json',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/jsonx',
  'application/json, text/plain',
  '*/*',
];

/** Percent-encodings a URL decoder may choke on, sent as they are. */
export const rawUrlPieces = [
  '%',
  '%zz',
  '%00',
  '%2F',
  '%2f..%2f',
  '%252F',
  '%C0%AF',
  '%FF',
  '%ED%A0%80',
  '%E9',
  '+',
  '..',
  '.',
  '%2e%2e',
  ';',
  '#',
  '?',
];

/**
 * Percent-encodes text as a URL carries it; a lone surrogate (which encodeURIComponent refuses) is written as the
 * three bytes its WTF-8 form has, which is what a careless client would send.
 */
export function encodeText(text: string): string {
  let encoded = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else encoded += encodeURIComponent(text[i]!);
  }
  return encoded;
}

// ---- Valid values, from the schemas ----

interface Context {
  dictionary: Dictionary;
  /** The kind of the path (`sites`), for fields such as `id` and `into`. */
  plural: string;
}

/** A value of the schema; for a field whose name the dictionary knows, mostly one the directory holds. */
export function schemaValue(raw: Schema, name: string, context: Context, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(raw);
  const generated = generatedValueOf(schema, name, context, depth);
  if (schema.anyOf || schema.oneOf || describedValues(schema.description).length > 0) return generated;
  const { dictionary, plural } = context;
  const known = dictionaryKeys(name, plural).flatMap(
    (key) => dictionary.get(`${plural}:${key}`) ?? dictionary.get(key) ?? [],
  );
  if (known.length === 0) return generated;
  // Only the values the schema accepts (a departement code, not its name, where a code is asked).
  const valid = validatorOf(schema);
  const fits = [...new Set(known.flatMap((v) => [v, String(v)]))].filter((v) => valid(v));
  if (fits.length === 0) return generated;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fits) }, { weight: 1, arbitrary: generated });
}

function generatedValueOf(schema: Schema, name: string, context: Context, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaValue(s, name, context, depth + 1)));
  if (Array.isArray(schema.allOf)) return schemaValue((schema.allOf as Schema[])[0]!, name, context, depth + 1);
  if (Array.isArray(schema.type)) {
    return fc.oneof(
      ...(schema.type as string[]).map((type) => generatedValueOf({ ...schema, type }, name, context, depth)),
    );
  }
  switch (schema.type) {
    case 'string':
      return stringOf(schema, name);
    case 'integer':
      return fc.integer({
        min: Math.max(Number(schema.minimum ?? -int32), Number.MIN_SAFE_INTEGER),
        max: Math.min(Number(schema.maximum ?? int32 - 1), Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      // An empty list is rarely what a valid request carries (a write needs its citations); hostile ones send [].
      const minLength = Math.max(Number(schema.minItems ?? 0), 1);
      return fc.array(schemaValue(items, name, context, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(Number(schema.maxItems ?? 3), 3)),
      });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, child]) => [key, schemaValue(child, key, context, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

const matchingArbitraries = new Map<string, fc.Arbitrary<string>>();
/** Strings matching a pattern; fast-check takes tens of milliseconds to build each, so one per pattern. */
function matching(pattern: string): fc.Arbitrary<string> {
  const known = matchingArbitraries.get(pattern);
  if (known) return known;
  const arbitrary = fc.stringMatching(new RegExp(pattern));
  matchingArbitraries.set(pattern, arbitrary);
  return arbitrary;
}

function stringOf(schema: Schema, name: string): fc.Arbitrary<string> {
  const described = describedValues(schema.description);
  const maxLength = Math.min(Number(schema.maxLength ?? 40), 40);
  const minLength = Math.min(Number(schema.minLength ?? 0), maxLength);
  let arbitrary: fc.Arbitrary<string>;
  if (schema.format === 'uri') arbitrary = fc.webUrl();
  else if (schema.format === 'date')
    arbitrary = fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (schema.format === 'date-time') arbitrary = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  else if (typeof schema.pattern === 'string') {
    const maxLength = Number(schema.maxLength ?? 1e9);
    arbitrary = matching(schema.pattern).filter((s) => s.length <= maxLength);
  } else if (name === 'q') arbitrary = fc.lorem({ maxCount: 6, mode: 'words' });
  else arbitrary = fc.string({ minLength, maxLength, unit: 'grapheme' });
  if (described.length === 0) return arbitrary;
  const several = /comma-separated/.test(String(schema.description));
  const listed = fc
    .uniqueArray(fc.constantFrom(...described), { minLength: 1, maxLength: several ? 3 : 1 })
    .map((v) => v.join(','));
  return fc.oneof({ weight: 6, arbitrary: listed }, { weight: 1, arbitrary });
}

// ---- Requests ----

type Parameter = NonNullable<Operation['parameters']>[number];

const encodeValue = (value: unknown) => encodeText(typeof value === 'string' ? value : JSON.stringify(value));

/** A path or query value, percent-encoded: a valid one mostly, else hostile text or a raw URL piece. */
function parameterValue(parameter: Parameter, context: Context, hostile: boolean): fc.Arbitrary<string> {
  const valid = schemaValue({ ...parameter.schema, description: parameter.description }, parameter.name, context);
  if (!hostile) return valid.map(encodeValue);
  return fc.oneof(
    { weight: 6, arbitrary: valid.map(encodeValue) },
    { weight: 2, arbitrary: hostileText.map(encodeText) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileNumbers).map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...rawUrlPieces) },
    { weight: 1, arbitrary: fc.constantFrom(...rawUrlPieces).map((piece) => `a${piece}b`) },
  );
}

/** The query string: each declared parameter present or not, plus unknown or repeated ones. */
function queryOf(parameters: Parameter[], context: Context, hostile: boolean): fc.Arbitrary<string> {
  const pairs = parameters.map((parameter) =>
    parameterValue(parameter, context, hostile).chain((value): fc.Arbitrary<readonly string[][]> => {
      const once = [[parameter.name, value]];
      const none: string[][] = [];
      if (parameter.required && !hostile) return fc.constant(once);
      if (parameter.required) return fc.oneof({ weight: 9, arbitrary: fc.constant(once) }, fc.constant(none));
      if (!hostile)
        return fc.oneof({ weight: 3, arbitrary: fc.constant(none) }, { weight: 2, arbitrary: fc.constant(once) });
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(none) },
        { weight: 2, arbitrary: fc.constant(once) },
        // A repeated parameter: the same name twice.
        { weight: 1, arbitrary: fc.constant([...once, ...once]) },
      );
    }),
  );
  const extras = fc.array(
    fc.oneof(
      fc.tuple(fc.constantFrom('colour', 'limit[]', 'LIMIT', '__proto__', 'a%00b', ''), hostileText.map(encodeText)),
      fc.tuple(hostileText.map(encodeText), fc.constant('1')),
    ),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...pairs), hostile ? fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, extras) : fc.constant([]))
    .map(([declared, extra]) => {
      const all = [...(declared as string[][][]).flat(), ...(extra as string[][])];
      return all.length === 0 ? '' : `?${all.map(([k, v]) => `${k}=${v}`).join('&')}`;
    });
}

/**
 * A body of the schema; half the time its fields are those of an entry of the directory (the commune, code and
 * département of one place, a status with its dates), which the rules across fields then accept.
 */
function coherentBody(raw: Schema, context: Context): fc.Arbitrary<unknown> {
  const generated = schemaValue(raw, '', context);
  const schema = resolveRef(raw);
  const properties = schema.properties as Record<string, Schema> | undefined;
  const rows = context.dictionary.rows?.get(context.plural) ?? [];
  if (!properties || rows.length === 0) return generated;
  const fromRow = fc.tuple(generated, fc.constantFrom(...rows)).map(([value, row]) => {
    const fields = Object.entries(row).filter(
      ([key, field]) => key !== 'id' && properties[key] && validatorOf(properties[key])(field),
    );
    return { ...(value as object), ...Object.fromEntries(fields) };
  });
  return fc.oneof(generated, fromRow);
}

/** A JSON body of the schema, changed in one way or not at all. */
function bodyOf(
  schema: Schema,
  context: Context,
  hostile: boolean,
): fc.Arbitrary<{ payload: string; binary: boolean }> {
  const valid = coherentBody(schema, context);
  if (!hostile) return valid.map((v) => ({ payload: JSON.stringify(v), binary: false }));
  const mutated = fc.tuple(valid, fc.nat(), hostileValue, hostileText).map(([value, index, bad, badKey]) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return bad;
    const copy = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    switch (index % 4) {
      case 0:
        if (keys.length > 0) copy[keys[index % keys.length]!] = bad;
        return copy;
      case 1:
        copy[index % 2 ? 'unknown_field' : badKey] = bad;
        return copy;
      case 2:
        if (keys.length > 0) delete copy[keys[index % keys.length]!];
        return copy;
      default:
        return Array.isArray(bad) ? bad : [copy];
    }
  });
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((v) => ({ payload: JSON.stringify(v), binary: false })) },
    { weight: 6, arbitrary: mutated.map((v) => ({ payload: JSON.stringify(v) ?? 'null', binary: false })) },
    { weight: 1, arbitrary: fc.constantFrom(...hostilePayloads).map((payload) => ({ payload, binary: false })) },
    { weight: 1, arbitrary: fc.constantFrom(...invalidUtf8Payloads).map((payload) => ({ payload, binary: true })) },
  );
}

const authOf = (secured: boolean, hostile: boolean): fc.Arbitrary<FuzzAuth> => {
  if (!hostile) return fc.constant(secured ? 'write' : 'none');
  if (!secured)
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant<FuzzAuth>('none') },
      fc.constantFrom<FuzzAuth>('write', 'malformed'),
    );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<FuzzAuth>('write') },
    { weight: 2, arbitrary: fc.constant<FuzzAuth>('admin') },
    { weight: 1, arbitrary: fc.constantFrom<FuzzAuth>('none', 'unknown', 'malformed', 'lowercase') },
  );
};

const ifMatchOf: fc.Arbitrary<FuzzRequest['ifMatch']> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('current' as const) },
  { weight: 1, arbitrary: fc.constant('absent' as const) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('*', 'W/"v1"', '"v1"', 'v1', '"v0"', '"v-1"', '"v2147483648"', '"v99999999999999999999"', '"', '')
      .map((value) => ({ value })),
  },
  { weight: 1, arbitrary: hostileText.filter((t) => /^[\x20-\x7e]*$/.test(t)).map((value) => ({ value })) },
);

/** Headers a client may add: conditions, negotiation, an origin. */
const otherHeaders: fc.Arbitrary<Record<string, string>> = fc
  .constantFrom(
    ['if-none-match', '"v1"'],
    ['if-none-match', '*'],
    ['if-none-match', 'W/"v1", "v2"'],
    ['if-none-match', '"v99999999999999999999"'],
    ['accept', 'text/csv'],
    ['accept', 'application/xml'],
    ['accept', '*/*;q=0'],
    ['accept-encoding', 'gzip, br'],
    ['origin', 'https://example.org'],
    ['content-length', '0'],
    ['transfer-encoding', 'chunked'],
  )
  .map(([name, value]) => ({ [name!]: value! }));

/** Every operation of the document as a generator of requests to it. */
export function operationRequests(dictionary: Dictionary, document: OpenApiDocument = openapi) {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) =>
      fc.oneof(
        { weight: 3, arbitrary: requestsTo(template, method, operation, dictionary, false) },
        { weight: 2, arbitrary: requestsTo(template, method, operation, dictionary, true) },
      ),
    ),
  );
}

/** Requests to one operation: valid ones, or (`hostile`) ones wrong in one or several ways. */
function requestsTo(
  template: string,
  method: string,
  operation: Operation,
  dictionary: Dictionary,
  hostile: boolean,
): fc.Arbitrary<FuzzRequest> {
  const context: Context = { dictionary, plural: template.split('/')[2] ?? '' };
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const path = fc
    .tuple(...pathParameters.map((p) => parameterValue(p, context, hostile)))
    .map((values) =>
      pathParameters.reduce(
        (url, parameter, index) => url.replace(`{${parameter.name}}`, (values as string[])[index]!),
        template,
      ),
    );
  const query = queryOf(
    parameters.filter((p) => p.in === 'query'),
    context,
    hostile,
  );
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const contentType = hostile
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant<string | undefined>('application/json') },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: fc.constantFrom(...hostileContentTypes) },
      )
    : fc.constant<string | undefined>('application/json');
  const noBody = hostile
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        // A body where none is expected (a DELETE with a JSON content type, a GET with a body).
        fc.constant([{ payload: '', binary: false }, 'application/json'] as const),
        fc.constant([{ payload: '{"a":1}', binary: false }, 'application/json'] as const),
      )
    : fc.constant(undefined);
  const body = bodySchema ? fc.tuple(bodyOf(bodySchema, context, hostile), contentType) : noBody;
  const usesIfMatch = parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
  const ifMatch: fc.Arbitrary<FuzzRequest['ifMatch']> = !usesIfMatch
    ? fc.constant('absent')
    : hostile
      ? ifMatchOf
      : fc.constant('current');
  const isCreate = method === 'post' && !template.includes('{');
  return fc
    .record({
      path,
      query,
      body,
      auth: authOf(operation.security !== undefined, hostile),
      ifMatch,
      copies: isCreate && hostile ? fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, fc.constant(4)) : fc.constant(1),
      requestId: hostile
        ? fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, hostileText)
        : fc.constant(undefined),
      extra: hostile ? fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, otherHeaders) : fc.constant({}),
    })
    .map(({ path, query, body, auth, ifMatch, copies, requestId, extra }): FuzzRequest => {
      const headers: Record<string, string> = { ...extra };
      if (body?.[1]) headers['content-type'] = body[1];
      if (requestId !== undefined && /^[\x20-\x7e]*$/.test(requestId)) headers['x-request-id'] = requestId;
      return {
        operation: operation.operationId ?? `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        url: `${path}${query}`,
        headers,
        ...(body ? { payload: body[0].payload, binaryPayload: body[0].binary } : {}),
        auth,
        ifMatch,
        copies,
        hostile,
      };
    });
}

/** Requests outside the operations: other methods on known paths, HEAD, unknown paths, the document itself. */
export function routeRequests(dictionary: Dictionary, document: OpenApiDocument = openapi): fc.Arbitrary<FuzzRequest> {
  const ids = dictionary.get('id:sites') ?? ['ipg-roubaix'];
  const paths = Object.keys(document.paths).map((template) =>
    template.replace(/\{[^}]+\}/g, (_, offset) => String(ids[offset % ids.length])),
  );
  const url = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...paths) },
    fc.constantFrom(
      '/',
      '/v1',
      '/v1/',
      '/v2/sites',
      '/openapi.json',
      '/docs',
      '/docs/json',
      '/v1/sites/',
      '//v1//sites',
    ),
    fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...rawUrlPieces)).map(([p, piece]) => `${p}/${piece}`),
    fc.tuple(fc.constantFrom(...paths), hostileText).map(([p, text]) => `${p}/${encodeText(text)}`),
  );
  return fc
    .record({
      method: fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'),
      url,
      auth: fc.constantFrom<FuzzAuth>('none', 'write'),
    })
    .map(({ method, url, auth }) => ({
      operation: 'route',
      method,
      url,
      headers: {},
      auth,
      ifMatch: 'absent' as const,
      copies: 1,
      hostile: true,
    }));
}

/** Any request: to an operation of the document (most of the time), or around them. */
export function fuzzRequests(dictionary: Dictionary, document: OpenApiDocument = openapi): fc.Arbitrary<FuzzRequest> {
  const operations = operationRequests(dictionary, document);
  return fc.oneof(
    { weight: 10, arbitrary: fc.oneof(...operations) },
    { weight: 1, arbitrary: routeRequests(dictionary, document) },
  );
}
