// The conditional headers of a write (RFC 9110 §13.2.2) on every change, delete and merge: If-Match compared
// strongly (a weak W/ tag never matches: verify9 fault 05), If-None-Match compared weakly and refusing a write to the
// version it names or to any with `*`, a value that is no entity-tag list refused naming its header, If-Unmodified-
// Since ignored beside If-Match as the RFC says. Against a real database; nothing refused is applied.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { exampleCitations, type Send, writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const citations = exampleCitations('preconditions', 'Preconditions');

/** The ETag a read of `/v1/<plural>/<id>` gives, and its version (`"v3"`). */
async function etagOf(plural: string, id: string) {
  const etag = (await app.inject({ method: 'GET', url: `/v1/${plural}/${id}` })).headers.etag as string;
  return { etag, version: `"${/^"(v\d+)-/.exec(etag)?.[1]}"` };
}

/** Each write of an entry: how it is sent with these headers. */
const writes = {
  change: (plural: string, id: string, headers: Record<string, string>) =>
    send('PATCH', `/v1/${plural}/${id}`, { notes: 'changed under a weak validator', citations }, headers),
  delete: (plural: string, id: string, headers: Record<string, string>) =>
    send('DELETE', `/v1/${plural}/${id}`, undefined, headers),
  merge: async (plural: string, id: string, headers: Record<string, string>) =>
    send('POST', `/v1/${plural}/${id}/merge`, { into: (await createSite(db)).id, citations }, headers),
};

const told = (response: { statusCode: number; json: () => Record<string, unknown> }) => {
  const { code, detail, errors } = response.json();
  return { status: response.statusCode, code, detail, ...(errors ? { errors } : {}) };
};

describe.each(Object.keys(writes) as (keyof typeof writes)[])('a %s of a site', (write) => {
  it('with If-Match: W/"<its ETag>": 412, nothing applied', async () => {
    const { id } = await createSite(db);
    const { etag, version } = await etagOf('sites', id);
    expect(told(await writes[write]('sites', id, { 'if-match': `W/${etag}` }))).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail:
        `If-Match is compared strongly (RFC 9110): W/${version} is a weak tag, which matches no version. Send the ` +
        'ETag as a read of the entry gives it, without W/.',
    });
    expect((await etagOf('sites', id)).etag).toBe(etag);
  });

  it.each([
    ['*', 'If-None-Match: * asks that the entry not exist, and it does.'],
    ['<its ETag>', "If-None-Match names the entry's current version, %v: the write is made only at another one."],
    ['W/<its ETag>', "If-None-Match names the entry's current version, %v: the write is made only at another one."],
  ])('with its If-Match and If-None-Match: %s: 412, nothing applied', async (given, detail) => {
    const { id } = await createSite(db);
    const { etag, version } = await etagOf('sites', id);
    const ifNoneMatch = given === '*' ? '*' : given.replace('<its ETag>', etag);
    const response = await writes[write]('sites', id, { 'if-match': etag, 'if-none-match': ifNoneMatch });
    expect(told(response)).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail: detail.replace('%v', version),
    });
    expect((await etagOf('sites', id)).etag).toBe(etag);
  });

  it('with its ETag among weak ones, If-None-Match of another version and If-Unmodified-Since of old: applied', async () => {
    const { id } = await createSite(db);
    const { etag } = await etagOf('sites', id);
    const response = await writes[write]('sites', id, {
      'if-match': `W/${etag}, ${etag}`,
      'if-none-match': '"v99-aaaaaaaaaaaaaaaa", W/"v98"',
      'if-unmodified-since': 'Sat, 01 Jan 2000 00:00:00 GMT',
    });
    expect(response.statusCode, response.body).toBe(write === 'delete' ? 204 : 200);
  });

  // verify12 fault 05: RFC 9110 §5.6.1.2, empty list elements are ignored, leading ones too; a 412 names the tags.
  it.each([', <its ETag>', '<its ETag>,', ' ,, <its ETag> ,,'])(
    'with If-Match: %s (empty elements): applied',
    async (given) => {
      const { id } = await createSite(db);
      const { etag } = await etagOf('sites', id);
      const response = await writes[write]('sites', id, { 'if-match': given.replace('<its ETag>', etag) });
      expect(response.statusCode, response.body).toBe(write === 'delete' ? 204 : 200);
    },
  );

  it('with a stale If-Match among empty elements: 412 naming the tags alone, nothing applied', async () => {
    const { id } = await createSite(db);
    const { etag, version } = await etagOf('sites', id);
    const stale = '"v0-aaaaaaaaaaaaaaaa"';
    expect(told(await writes[write]('sites', id, { 'if-match': `,${stale},, W/"x",` }))).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail: `The entry has changed since "v0", W/"x": it is now ${version}. Read it again, then retry.`,
    });
    expect(told(await writes[write]('sites', id, { 'if-match': etag, 'if-none-match': `, ${etag}` }))).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail: `If-None-Match names the entry's current version, ${version}: the write is made only at another one.`,
    });
    expect((await etagOf('sites', id)).etag).toBe(etag);
  });

  it.each([
    ['if-match', 'v1-abc'],
    ['if-match', '"v1", v2'],
    ['if-none-match', 'W/v1'],
    ['if-match', ','],
    ['if-match', ', ,'],
  ])('with %s: %s (no entity tags): 400 naming the header', async (header, value) => {
    const { id } = await createSite(db);
    const { etag } = await etagOf('sites', id);
    const response = await writes[write]('sites', id, { 'if-match': etag, [header]: value });
    expect(told(response)).toEqual({
      status: 400,
      code: 'invalid_parameters',
      detail: `Invalid parameter: ${header}.`,
      errors: [
        {
          in: 'header',
          name: header,
          message: 'must be * or entity tags in double quotes, as ETag gives them ("v3-…"), separated by commas',
        },
      ],
    });
    expect((await etagOf('sites', id)).etag).toBe(etag);
  });
});

describe('every kind', () => {
  it.each(['sites', 'operators', 'clubs', 'mandataires', 'proceedings'])(
    'a delete of one of its %s under a weak If-Match: 412, nothing applied',
    async (plural) => {
      const listed = (await app.inject({ method: 'GET', url: `/v1/${plural}?limit=1` })).json();
      const id = listed.data[0].id as string;
      const { etag } = await etagOf(plural, id);
      const response = await writes.delete(plural, id, { 'if-match': `W/${etag}` });
      expect([response.statusCode, response.json().code]).toEqual([412, 'precondition_failed']);
      expect((await etagOf(plural, id)).etag).toBe(etag);
    },
  );
});
