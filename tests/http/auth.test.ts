// The auth matrix of every write endpoint, as a hand-written list. It is to be
// replaced by a table generated from the route table (see tests/README.md).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey, revokeKey } from '../../src/keys/api-keys.js';
import { testApp } from '../setup/app.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

describe('the auth matrix', () => {
  const endpoints = [
    ['POST', '/v1/sites'],
    ['PATCH', '/v1/sites/ipg-roubaix'],
    ['DELETE', '/v1/sites/ipg-roubaix'],
    ['POST', '/v1/sites/ipg-roubaix/merge'],
    ['POST', '/v1/operators'],
    ['PATCH', '/v1/operators/koramic'],
    ['DELETE', '/v1/operators/koramic'],
    ['POST', '/v1/clubs'],
    ['PATCH', '/v1/clubs/afrc'],
    ['DELETE', '/v1/clubs/afrc'],
    ['POST', '/v1/mandataires'],
    ['PATCH', '/v1/mandataires/cnajmj'],
    ['DELETE', '/v1/mandataires/cnajmj'],
    ['POST', '/v1/proceedings'],
    ['PATCH', '/v1/proceedings/mavic-en-difficulte-2020'],
    ['DELETE', '/v1/proceedings/mavic-en-difficulte-2020'],
  ] as const;

  it.each(endpoints)('%s %s: no key 401, bad key 401, revoked 403, write key passes auth', async (method, url) => {
    const { key: revoked, id } = await createKey(db, { name: 'revoked', scope: 'write' });
    await revokeKey(db, id);
    const { key: good } = await createKey(db, { name: 'good', scope: 'write' });
    const call = (headers: Record<string, string>) => app.inject({ method, url, headers, payload: {} });
    expect((await call({})).statusCode).toBe(401);
    expect((await call({ authorization: 'Bearer plt_00000000_nope' })).statusCode).toBe(401);
    expect((await call({ authorization: `Bearer ${revoked}` })).statusCode).toBe(403);
    // Past authentication, the empty body or the missing If-Match is what gets refused.
    expect([400, 422, 428]).toContain((await call({ authorization: `Bearer ${good}` })).statusCode);
  });
});
