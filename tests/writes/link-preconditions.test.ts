// The conditional headers of a link write (an officer of a club, a practitioner of a proceeding, a headcount of a
// site or an operator): a link changes its entry (its version, its ETag), so If-Match and If-None-Match hold for it as
// for a change (writes/envelope.ts `lockEntry`): a stale ETag is a 412 and nothing is applied; the current one, or none
// (not required), applies it and the ETag changes. Against a real database.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { createOperator, createSite, testSource } from '../setup/factories.js';
import { type Send, writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const citation = { source: testSource, quote: 'Une fiche de test des liens' };

/** The ETag a read of `path` gives, and its version (`"v3"`). */
async function etagOf(path: string) {
  const etag = (await app.inject({ method: 'GET', url: path })).headers.etag as string;
  return { etag, version: `"${/^"(v\d+)-/.exec(etag)?.[1]}"` };
}

/** A link route: the entry it changes, how a link is added (giving what removes it), how it is removed. */
interface LinkRoute {
  entry: () => Promise<string>;
  add: (entry: string, headers: Record<string, string>) => ReturnType<Send>;
  removal: (entry: string, added: ReturnType<Send> extends Promise<infer R> ? R : never) => string;
}

const headcount = { kind: 'employees', value: 32, as_of: '2017-04', citation };
const routes: Record<string, LinkRoute> = {
  'a headcount of a site': {
    entry: async () => `/v1/sites/${(await createSite(db)).id}`,
    add: (entry, headers) => send('POST', `${entry}/headcounts`, headcount, headers),
    removal: (entry, added) => `${entry}/headcounts/${added.json().headcount_id}`,
  },
  'a headcount of an operator': {
    entry: async () => `/v1/operators/${(await createOperator(db)).id}`,
    add: (entry, headers) => send('POST', `${entry}/headcounts`, headcount, headers),
    removal: (entry, added) => `${entry}/headcounts/${added.json().headcount_id}`,
  },
  'an officer of a club': {
    entry: async () => '/v1/clubs/amarc',
    add: (entry, headers) =>
      send('POST', `${entry}/officers`, { person: 'fabrice-mabru', title: 'trésorier', citation }, headers),
    removal: (entry, added) => `${entry}/officers/${added.json().role_id}`,
  },
  'a practitioner of a proceeding': {
    entry: async () => '/v1/proceedings/ipg-depot-de-bilan-2017',
    add: (entry, headers) =>
      send('POST', `${entry}/practitioners`, { mandataire: 'abitbol', role: 'liquidateur', citation }, headers),
    removal: (entry) => `${entry}/practitioners/abitbol`,
  },
};

const told = (response: { statusCode: number; json: () => Record<string, unknown> }) => {
  const { code, detail } = response.json();
  return { status: response.statusCode, code, detail };
};

describe.each(Object.keys(routes))('%s', (name) => {
  const route = routes[name]!;

  it('added and removed with a stale If-Match: 412, nothing applied; with the current one: applied, ETag changed', async () => {
    const entry = await route.entry();
    const first = await etagOf(entry);
    const stale = '"v0-aaaaaaaaaaaaaaaa"';
    expect(told(await route.add(entry, { 'if-match': stale }))).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail: `The entry has changed since "v0": it is now ${first.version}. Read it again, then retry.`,
    });
    expect((await etagOf(entry)).etag).toBe(first.etag);

    const added = await route.add(entry, { 'if-match': first.etag });
    expect([201, 204]).toContain(added.statusCode);
    const second = await etagOf(entry);
    expect(second.etag).not.toBe(first.etag);

    // The ETag read before the link was added is stale now: the removal is refused, the link stays.
    const removal = route.removal(entry, added);
    expect(told(await send('DELETE', removal, undefined, { 'if-match': first.etag }))).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail: `The entry has changed since ${first.version}: it is now ${second.version}. Read it again, then retry.`,
    });
    expect((await etagOf(entry)).etag).toBe(second.etag);

    expect((await send('DELETE', removal, undefined, { 'if-match': second.etag })).statusCode).toBe(204);
    expect((await etagOf(entry)).etag).not.toBe(second.etag);
  });

  it('with If-None-Match naming the current version: 412, nothing applied; without any header: applied', async () => {
    const entry = await route.entry();
    const { etag, version } = await etagOf(entry);
    expect(told(await route.add(entry, { 'if-none-match': etag }))).toEqual({
      status: 412,
      code: 'precondition_failed',
      detail: `If-None-Match names the entry's current version, ${version}: the write is made only at another one.`,
    });
    expect((await etagOf(entry)).etag).toBe(etag);
    const added = await route.add(entry, {});
    expect([201, 204]).toContain(added.statusCode);
    expect((await send('DELETE', route.removal(entry, added))).statusCode).toBe(204);
  });
});
