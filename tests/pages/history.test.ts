// An entry's history on the web page: the entry's page (and a deleted entry's) shows its latest changes and links to
// the whole history, whose page walks every change once, page by page as the JSON history gives them. An entry of a
// long life (an establishment re-imported from each Sirene stock for years) must not put its whole history in one
// page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { createSite, testSource, uniqueId } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;

beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const page = (url: string) => app.inject({ method: 'GET', url });
const citations = [{ source: testSource, quote: 'Une fiche de test' }];

/** A site created, then renamed `renames` times through the API (`Nom 1` … `Nom N`): 1 + renames changes. */
const communes = ['Roubaix', 'Lille', 'Lens', 'Arras', 'Douai', 'Calais', 'Amiens', 'Beauvais'];
let made = 0;
async function siteWithChanges(renames: number) {
  // Each in a commune of its own: « Nom 1 » twice in one commune would be one site (a rename's duplicate, 409).
  const site = await createSite(db, { name: 'Nom 0', commune: communes[made++ % communes.length]! });
  for (let n = 1; n <= renames; n++) {
    const renamed = await send(
      'PATCH',
      `/v1/sites/${site.id}`,
      { name: `Nom ${n}`, citations },
      { 'if-match': `"v${n}"` },
    );
    expect(renamed.statusCode).toBe(200);
  }
  return site.id;
}

/** The change numbers of a page's history list, in the page's order (`id="modification-N"`). */
const changeNumbers = (html: string) => [...html.matchAll(/id="modification-(\d+)"/g)].map((m) => Number(m[1]));

/** The `href` of the link with this `rel` (HTML-escaped `&` read back). */
const relLink = (html: string, rel: string) =>
  html.match(new RegExp(`<a href="([^"]+)" rel="${rel}"`))?.[1]?.replaceAll('&amp;', '&');

describe("an entry's page shows its latest changes, the rest one link away", () => {
  let id: string;
  let all: number[];
  beforeAll(async () => {
    id = await siteWithChanges(24);
    const json = (await getJson(app, `/v1/sites/${id}/history?limit=100`)).body;
    all = json.data.map((c: { id: number }) => c.id);
  });

  it('shows the 20 latest of 25 changes, newest first, numbered from 25, and links to the whole history', async () => {
    expect(all).toHaveLength(25);
    const response = await page(`/sites/${id}`);
    expect(response.statusCode).toBe(200);
    expect(changeNumbers(response.body)).toEqual(all.slice(5).reverse());
    expect(response.body).toContain('<ol class="history" reversed start="25">');
    expect(response.body).toContain(
      `Les 20 dernières modifications sur 25 : <a href="/sites/${id}/history">voir les 25 modifications</a>`,
    );
  });

  it('walks the whole history page by page, oldest first, each change once, as the JSON gives it', async () => {
    const seen: number[] = [];
    let url: string | undefined = `/sites/${id}/history?limit=10`;
    let pages = 0;
    while (url) {
      const response = await page(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<h1>Historique de « Nom 24 »</h1>');
      expect(response.body).toContain('<h2 id="historique">25 modifications</h2>');
      seen.push(...changeNumbers(response.body));
      url = relLink(response.body, 'next');
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    // The first page's changes, the creation first.
    const first = await page(`/sites/${id}/history`);
    expect(first.body).toMatch(/<ul class="history">\s*<li id="modification-\d+"><p><strong>Création<\/strong>/);
    expect(first.body).toContain(`<a href="/v1/sites/${id}/history" type="application/json">`);
  });

  it('a short history is shown whole, without the link', async () => {
    const short = await siteWithChanges(2);
    const response = await page(`/sites/${short}`);
    expect(changeNumbers(response.body)).toHaveLength(3);
    expect(response.body).not.toContain(`/sites/${short}/history`);
  });

  it("a deleted entry's page shows its latest changes and its whole history stays readable", async () => {
    const gone = await siteWithChanges(21);
    expect((await send('DELETE', `/v1/sites/${gone}`, undefined, { 'if-match': '"v22"' })).statusCode).toBe(204);
    const response = await page(`/sites/${gone}`);
    expect(response.statusCode).toBe(410);
    expect(changeNumbers(response.body)).toHaveLength(20);
    expect(response.body).toContain('<strong>Suppression</strong>');
    expect(response.body).toContain(`voir les 23 modifications`);
    const history = await page(`/sites/${gone}/history?limit=100`);
    expect(history.statusCode).toBe(200);
    expect(changeNumbers(history.body)).toHaveLength(23);
    expect(history.body).toContain('<h1>Historique de « Nom 21 »</h1>');
  });

  it('answers a bad address in French: unknown id 404, bad limit or forged cursor 400', async () => {
    const unknown = await page(`/operators/${uniqueId('inconnu')}/history`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('n’a l’identifiant');
    const badLimit = await page(`/sites/${id}/history?limit=0`);
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.body).toContain('Résultats par page : un nombre entier de 1 à 100');
    const forged = await page(`/sites/${id}/history?cursor=abc`);
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Position dans la liste : cette position ne vient pas de cette liste');
    // Another entry's cursor is not this one's.
    const other = await getJson(app, `/v1/sites/${id}/history?limit=1`);
    const short = await siteWithChanges(1);
    const crossed = await page(`/sites/${short}/history?cursor=${encodeURIComponent(other.body.next_cursor)}`);
    expect(crossed.statusCode).toBe(400);
    expect((await page('/sites/NOT%20AN%20ID/history')).statusCode).toBe(400);
  });
});
