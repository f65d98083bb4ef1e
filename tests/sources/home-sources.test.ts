// The home page lists the sources the directory's facts come from: a source no fact cites any more (its entry
// deleted) is no longer listed there, though it stays reachable by its id (cited_by_total 0), as the history cites it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  const started = await testApp();
  app = started.app;
  send = await writer(app, started.db);
});

const home = async () => (await app.inject({ method: 'GET', url: '/' })).body;

describe('the sources of the home page', () => {
  it('leave out a source whose only citing entry was deleted; it stays readable by id', async () => {
    const source = { url: 'https://example.org/only-once', title: 'Article cité une fois', outlet: 'Outlet' };
    const created = await send('POST', '/v1/sites', {
      name: 'Xss2',
      operator: 'ipg',
      commune: 'Lille',
      status: 'open',
      citations: [{ source, quote: 'les mots de l’article' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const sourceId = created.json().citations[0].source_id;
    expect(await home()).toContain('Article cité une fois');
    expect((await send('DELETE', '/v1/sites/xss2-lille', undefined, { 'if-match': '*' })).statusCode).toBe(204);
    const detail = await getJson(app, `/v1/sources/${sourceId}`);
    expect([detail.status, detail.body.cited_by_total]).toEqual([200, 0]);
    const page = await home();
    expect(page).not.toContain('Article cité une fois');
    // The seed's articles, cited, are still there.
    expect(page).toContain('Fin de partie pour le centre d’appels IPG');
  });
});
