import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { testApp } from './app.js';

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

/** What `writer` gives: sends a write with its key. */
export type Send = Awaited<ReturnType<typeof writer>>;

/** The app over a fresh copy of the seeded database (testApp) and a writer with a fresh key of `write` scope. */
export async function testWriter(): Promise<Awaited<ReturnType<typeof testApp>> & { send: Send }> {
  const built = await testApp();
  return { ...built, send: await writer(built.app, built.db) };
}

/** `If-Match: *`: a change or merge made whatever the entry's version. */
export const anyVersion = { 'if-match': '*' };

/** Citations of an invented source of its own, `https://x.example/<slug>`, quoted 'q': where the source is not tested. */
export const exampleCitations = (slug: string, title: string) => [
  { source: { url: `https://x.example/${slug}`, title, outlet: 'O' }, quote: 'q' },
];
