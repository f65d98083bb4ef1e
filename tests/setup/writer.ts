import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';

/** A client that writes with a fresh API key of the given scope. */
export async function writer(app: App, db: Db, name = 'Rédaction test', scope: 'write' | 'admin' = 'write') {
  const { key } = await createKey(db, { name, scope });
  return (method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}
