// The web page through app.inject: what each URL answers (status, media type,
// security headers, content), the search state read from the filters'
// declarations, the CSV and Atom feed of a search, merged and deleted ids, the
// content negotiation of unknown URLs, and the page weight. The browser tests
// (journey.test.ts, quality.test.ts) drive the same pages in Chromium.
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { directoryFilters } from '../../src/modules/search/run.js';
import { pageFacets } from '../../src/pages/search-state.js';
import { recordChanges } from '../../src/search/outbox.js';
import { getJson, offlineApp, testApp, testSearchOptions } from '../setup/app.js';
import { launchBrowser } from '../setup/browser.js';
import { createOperator, createSite, testSource, uniqueId } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let send: Awaited<ReturnType<typeof writer>>;

beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  send = await writer(app, db);
});

const page = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

/** The ids of the hits of a results page, in order (`/sites/ipg-roubaix` links of the hit list). */
function hitLinks(html: string): string[] {
  const list = html.slice(
    html.indexOf('<ol class="hit-list"'),
    html.indexOf('</ol>', html.indexOf('<ol class="hit-list"')),
  );
  return [...list.matchAll(/class="hit-name" href="([^"]+)"/g)].map((m) => m[1]!);
}

describe('every page is HTML in French, with a strict policy and no external asset', () => {
  it('answers the home page: search box named q, examples, counts per kind, sources', async () => {
    const response = await page('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const html = response.body;
    expect(html.startsWith('<!doctype html><html lang="fr">')).toBe(true);
    expect(html).toMatch(
      /<form role="search" action="\/recherche" method="get"[^>]*>.*<input id="q" type="search" name="q"/,
    );
    expect(html).toContain('href="/recherche?q=teleperformence"');
    const sites = (await getJson(app, '/v1/sites?limit=1')).body.total;
    expect(html).toContain(`<a href="/recherche?kind=site"><strong>${sites}</strong> sites</a>`);
    expect(html).toContain('href="/sources/en-contact-2017-04-26-fin-de-partie-ipg"');
    // No inline script nor style, nothing from elsewhere.
    expect(html).not.toMatch(/<script(?![^>]*src="\/assets\/)|<style|style="|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves its CSS and script itself, with cache headers', async () => {
    for (const [file, type] of [
      ['plateau.css', 'text/css; charset=utf-8'],
      ['plateau.js', 'application/javascript; charset=utf-8'],
    ]) {
      const response = await page(`/assets/${file}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['cache-control']).toBe('public, max-age=3600');
      expect(response.headers.etag).toBeTruthy();
    }
  });

  it('keeps the pages out of the OpenAPI document', async () => {
    const paths = Object.keys((await getJson(app, '/openapi.json')).body.paths);
    expect(paths.filter((p) => !p.startsWith('/v1/') && !['/health', '/ready', '/openapi.json'].includes(p))).toEqual(
      [],
    );
  });
});

describe('unknown URLs', () => {
  it('answers the HTML 404 page outside /v1, with a way back to search', async () => {
    for (const accept of [undefined, '*/*', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
      const response = await page('/nulle-part?x=1', accept ? { accept } : {});
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<h1>Page introuvable</h1>');
      expect(response.body).toContain('Aucune page ne se trouve à l’adresse /nulle-part.');
      expect(response.body).toContain('<form role="search" action="/recherche"');
    }
  });

  it('answers problem+json to a client asking for JSON, and under /v1 whatever it asks', async () => {
    const json = await page('/nulle-part', { accept: 'application/json' });
    expect(json.statusCode).toBe(404);
    expect(json.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(json.json()).toMatchObject({ code: 'not_found', detail: 'No route GET /nulle-part.' });
    const api = await page('/v1/planetes', { accept: 'text/html' });
    expect(api.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(api.json()).toMatchObject({ code: 'not_found', detail: 'No route GET /v1/planetes.' });
    const post = await app.inject({ method: 'POST', url: '/recherche' });
    expect(post.statusCode).toBe(405);
    expect(post.json()).toMatchObject({ code: 'method_not_allowed' });
  });
});

describe('results (/recherche)', () => {
  it('finds a misspelt name, with its kind badge, highlight, label and the links of the same query', async () => {
    const html = (await page('/recherche?q=teleperformence')).body;
    expect(html).toContain('<h1>Résultats pour « teleperformence »</h1>');
    expect(html).toContain('<p class="total" role="status">1 résultat</p>');
    expect(html).toContain(
      '<span class="badge badge-operator">Opérateur</span> <a class="hit-name" href="/operators/teleperformance"><mark>Teleperformance</mark></a>',
    );
    expect(html).toContain('<a href="/recherche.csv?q=teleperformence" download>');
    expect(html).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Suivre cette recherche (Atom)" href="/recherche.atom?q=teleperformence"/>',
    );
  });

  it('offers a checkbox for every facet the filters declare, and reads every filter of /v1/search', async () => {
    const filters = directoryFilters(app);
    const html = (await page('/recherche?q=centre')).body;
    for (const { facet, filter } of pageFacets(filters)) {
      const counted = (await getJson(app, `/v1/search?q=centre&facets=${facet}`)).body.facets[facet];
      for (const v of counted.filter((c: { count: number }) => c.count > 0)) {
        expect(html).toContain(`name="${filter}" value="${v.value}"`);
      }
    }
    // Each kind's filter, under its name in search, with the example value the kind declares.
    for (const kind of entryKinds) {
      for (const f of kind.filters) {
        const name = f.declaration.name;
        const url = `/recherche?${f.exampleQuery(name)}`;
        const response = await page(url);
        expect(response.statusCode, url).toBe(200);
        const api = (await getJson(app, `/v1/search?${f.exampleQuery(name)}&limit=20`)).body;
        expect(hitLinks(response.body), url).toEqual(api.data.map((h: { link: string }) => h.link.replace('/v1', '')));
        expect(response.body, url).toContain('aria-label="Retirer le filtre ');
      }
    }
  });

  it('narrows with facets (repeated checkboxes as one list), shows the active filters, each removable', async () => {
    const response = await page('/recherche?q=centre&kind=site&region=32&region=Picardie&page=1');
    expect(response.statusCode).toBe(200);
    const api = (await getJson(app, '/v1/search?q=centre&kind=site&region=32,Picardie')).body;
    expect(hitLinks(response.body)).toEqual(api.data.map((h: { link: string }) => h.link.replace('/v1', '')));
    expect(response.body).toContain(
      '<a href="/recherche?q=centre&amp;region=32%2CPicardie" aria-label="Retirer le filtre Type de fiche : site">',
    );
    expect(response.body).toContain(
      '<a href="/recherche?q=centre&amp;kind=site&amp;region=Picardie" aria-label="Retirer le filtre Région : Hauts-de-France">',
    );
    expect(response.body).toMatch(/name="region" value="32" checked/);
  });

  it('pages and sorts, every state a URL', async () => {
    const first = (await page('/recherche?sort=name&limit=5')).body;
    const api = (await getJson(app, '/v1/search?sort=name&limit=5&page=2')).body;
    expect(first).toContain('<a href="/recherche?sort=name&amp;limit=5&amp;page=2" rel="next">');
    expect(first).toContain('<option value="name" selected>');
    const second = (await page('/recherche?sort=name&limit=5&page=2')).body;
    expect(hitLinks(second)).toEqual(api.data.map((h: { link: string }) => h.link.replace('/v1', '')));
    expect(second).toContain('<span aria-current="page">2</span>');
  });

  it('answers a bad filter value with a 400 page naming it', async () => {
    const response = await page('/recherche?status=ferme&couleur=bleu');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<li>couleur : paramètre inconnu de cette page</li>');
    const value = await page('/recherche?status=ferme');
    expect(value.statusCode).toBe(400);
    expect(value.body).toContain('<li>Statut : « ferme » n’est pas une valeur possible ; valeurs possibles : ');
  });

  it('weighs at most 100 KB with 100 results', async () => {
    const response = await page('/recherche?limit=100');
    expect(response.statusCode).toBe(200);
    expect(hitLinks(response.body)).toHaveLength(Math.min(100, (await getJson(app, '/v1/search')).body.total));
    expect(Buffer.byteLength(response.body)).toBeLessThanOrEqual(100 * 1024);
  });

  it('says when the results come from PostgreSQL, Meilisearch being down', async () => {
    const offline = await offlineApp(app, databaseUrl);
    try {
      const html = (await offline.inject({ method: 'GET', url: '/recherche?q=Roubaix' })).body;
      expect(html).toContain('<p class="notice degraded">Recherche en mode dégradé');
      expect(hitLinks(html)).toContain('/sites/ipg-roubaix');
      expect((await page('/recherche?q=Roubaix')).body).not.toContain('mode dégradé');
    } finally {
      await offline.close();
    }
  });
});

describe('the CSV and the Atom feed of a search', () => {
  it('exports the same entries as the results, as a French spreadsheet reads them', async () => {
    const response = await page('/recherche.csv?q=IPG&kind=site');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="plateau-recherche-[\dTZ-]+\.csv"$/);
    const [header, ...rows] = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('kind;id;name;label;url');
    const api = (await getJson(app, '/v1/search?q=IPG&kind=site&limit=100')).body;
    expect(rows.map((r) => r.split(';').slice(0, 2).join(':'))).toEqual(
      api.data.map((h: { kind: string; id: string }) => `${h.kind}:${h.id}`),
    );
  });

  it('is a valid Atom feed of the changes of the matching entries, newest first, a change just made included', async () => {
    const site = await createSite(db, { name: 'Plateforme Feedtest Amiens', commune: 'Amiens' });
    await app.directorySearch.indexer.runOnce();
    const read = await app.inject({ method: 'GET', url: `/v1/sites/${site.id}` });
    const changed = await send(
      'PATCH',
      `/v1/sites/${site.id}`,
      {
        status: 'closed',
        closed_on: '2017-04',
        citations: [{ source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'Fin de partie' }],
      },
      { 'if-match': read.headers.etag as string },
    );
    expect(changed.statusCode).toBe(200);
    const response = await page('/recherche.atom?q=Feedtest');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['entry', 'link'].includes(name),
    }).parse(response.body);
    const feed = parsed.feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('http://localhost/recherche.atom?q=Feedtest');
    expect(feed.title).toBe('Plateau : « Feedtest »');
    expect(feed.author.name).toBe('Plateau');
    expect(feed.link.map((l: Record<string, string>) => l['@_rel'])).toEqual(['alternate', 'self']);
    expect(feed.entry).toHaveLength(2);
    const [update, create] = feed.entry;
    expect(feed.updated).toBe(update.updated);
    expect(new Date(update.updated) >= new Date(create.updated)).toBe(true);
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(new RegExp(`^http://localhost/sites/${site.id}#modification-\\d+$`));
      expect(entry.link[0]['@_href']).toBe(`http://localhost/sites/${site.id}`);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
    }
    expect(update.title['#text']).toBe('Modification : site « Plateforme Feedtest Amiens » (Statut, Fermeture)');
    expect(update.summary['#text']).toContain('<li>Statut : open → closed</li>');
    expect(update.summary['#text']).toContain('« Fin de partie »');
    expect(create.title['#text']).toBe('Création : site « Plateforme Feedtest Amiens »');
  });
});

describe('entry pages', () => {
  it('answers a page for an entry of every kind, with its citations, history, citation block and JSON link', async () => {
    for (const kind of entryKinds) {
      const [first] = (await getJson(app, `/v1/${kind.plural}?limit=1`)).body.data;
      const response = await page(`/${kind.plural}/${first.id}`);
      expect(response.statusCode, kind.name).toBe(200);
      expect(response.body).toContain(`<a href="/v1/${kind.plural}/${first.id}" type="application/json">`);
      expect(response.body).toContain('<h2 id="historique">Historique des modifications</h2>');
      expect(response.body).toContain(`http://localhost/${kind.plural}/${first.id}`);
      expect(response.body).toContain('<p class="cite" id="texte-citation">');
    }
  });

  it('shows each attribute with its quotes and sources, relations as links, headcounts as a timeline', async () => {
    const html = (await page('/sites/ipg-roubaix')).body;
    expect(html).toContain('<h1>IPG Roubaix</h1>');
    expect(html).toMatch(
      /<dt>Statut<\/dt><dd><span class="value">fermé<\/span><ul class="citations"><li><figure class="quote"><blockquote>« Fin de partie pour le centre d’appels IPG dans le Nord »<\/blockquote><figcaption><a href="\/sources\/en-contact-2017-04-26-fin-de-partie-ipg">/,
    );
    expect(html).toContain('<a href="/operators/ipg">IPG</a>');
    expect(html).toContain('<a href="/proceedings/ipg-depot-de-bilan-2017">IPG</a>');
    expect(html).toContain('<ol class="timeline">');
    expect(html).toContain('<strong>32</strong> salariés');
  });

  it('writes a country by its French name, not its ISO code: attribute, facet and active filter', async () => {
    expect((await page('/operators/nice-systems')).body).toMatch(
      /<dt>Pays<\/dt><dd><span class="value">Israël<\/span>/,
    );
    const results = (await page('/recherche?kind=site&country=MA')).body;
    expect(results).toContain('Pays : Maroc');
    expect(results).toMatch(/<input type="checkbox" id="f-country-MA"[^>]*><label for="f-country-MA">Maroc /);
    expect(results).not.toMatch(/>MA </);
  });

  it('names the opening of a planned site as announced, not as one that took place', async () => {
    // « Elle vient d'annoncer vouloir ouvrir dès juin 2009 un nouveau centre d'appels à Dreux »: nothing says it opened.
    const planned = (await page('/sites/phone-marketing-dreux')).body;
    expect(planned).toMatch(/<dt>Ouverture annoncée<\/dt><dd><span class="value">juin 2009<\/span>/);
    expect(planned).not.toContain('<dt>Ouverture</dt>');
    const open = await createSite(db, { name: 'Site ouvert de test', commune: 'Roubaix', opened_on: '2015-03' });
    expect((await page(`/sites/${open.id}`)).body).toMatch(/<dt>Ouverture<\/dt><dd><span class="value">mars 2015/);
  });

  it('writes the first day of a month « 1er » (« 1er mars 2015 »), the other days as numbers', async () => {
    const first = await createSite(db, { name: 'Site du premier', commune: 'Roubaix', opened_on: '2015-03-01' });
    expect((await page(`/sites/${first.id}`)).body).toMatch(
      /<dt>Ouverture<\/dt><dd><span class="value">1er mars 2015<\/span>/,
    );
    const second = await createSite(db, { name: 'Site du deux', commune: 'Roubaix', opened_on: '2015-03-02' });
    expect((await page(`/sites/${second.id}`)).body).toMatch(
      /<dt>Ouverture<\/dt><dd><span class="value">2 mars 2015<\/span>/,
    );
  });

  it('dates an attribute by its newest source, apart from when its quote was recorded; a derived one by neither', async () => {
    const html = (await page('/sites/ipg-roubaix')).body;
    const recorded = (await getJson(app, '/v1/sites/ipg-roubaix')).body.last_confirmed.status as string;
    // ICU's long date, its first of the month written « 1er » as French writes it (« 1er décembre 2026 à 03:40 »).
    const at = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    })
      .format(new Date(recorded))
      .replace(/^1 /, '1er ');
    const lines = (key: string) => {
      const block = new RegExp(`<div class="attribute" id="attribut-${key}">(.*?)</div>`).exec(html)?.[1] ?? '';
      return [...block.matchAll(/<p class="confirmed">([^<]*)<\/p>/g)].map((m) => m[1]);
    };
    expect(lines('status')).toEqual([`D’après une source du 26 avril 2017 (citation enregistrée le ${at})`]);
    for (const derived of ['code_commune', 'commune_label']) {
      expect(html).toContain(`id="attribut-${derived}"`);
      expect(lines(derived), derived).toEqual([]);
    }
    expect(html).not.toContain('Confirmé par une source');
  });

  it('writes a year as it is and a coordinate with all its decimals', async () => {
    const site = await createSite(db, {
      name: 'Site aux nombres',
      commune: 'Lille',
      tranche_effectifs: '32',
      annee_effectifs: 2024,
      latitude: 50.629212,
      longitude: 3.057256,
      coordinates_precision: 'exact',
    });
    const html = (await page(`/sites/${site.id}`)).body;
    expect(html).toMatch(/<dd><span class="value">2024<\/span>/);
    expect(html).not.toContain('2\u202f024');
    expect(html).toContain('<span class="value">50,629212</span>');
    expect(html).toContain('<span class="value">3,057256</span>');
  });

  it("writes a share as a percentage and a hotline in order: its number, its French dial, its figures' period", async () => {
    const html = (await page('/mandataires/cnajmj')).body;
    const hotline = html.slice(html.indexOf('id="attribut-hotline"'));
    expect(hotline).toContain('<dd>99\u00a0%</dd>');
    expect(hotline).not.toContain('0,99');
    const at = (label: string) => hotline.indexOf(`<dt>${label}</dt>`);
    expect(at('Téléphone')).toBeGreaterThan(-1);
    expect(at('Téléphone')).toBeLessThan(at('Téléphone (format national)'));
    expect(at('Téléphone (format national)')).toBeLessThan(at('Chiffres à partir du'));
    expect(at('Chiffres à partir du')).toBeLessThan(at('Chiffres jusqu’au'));
    // The article dates the hotline's figures (« Du 23 mars au 7 mai 2020 »), not its opening and closing: unknown.
    expect(hotline).toMatch(/<dt>Chiffres à partir du<\/dt><dd>23 mars 2020<\/dd>/);
    expect(hotline).toMatch(/<dt>Chiffres jusqu’au<\/dt><dd>7 mai 2020<\/dd>/);
    expect(at('Ouverture')).toBe(-1);
    expect(at('Fermeture')).toBe(-1);
  });

  it('shows figures that disagree side by side, each with its source', async () => {
    const site = await createSite(db, { name: 'Site aux chiffres divergents' });
    const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
    for (const [value, quote] of [
      [120, 'Les 32 salariés d’IPG'],
      [150, 'Fin de partie'],
    ] as const) {
      const added = await send('POST', `/v1/sites/${site.id}/headcounts`, {
        kind: 'employees',
        value,
        as_of: '2017-04',
        citation: { source, quote },
      });
      expect(added.statusCode).toBe(201);
    }
    const html = (await page(`/sites/${site.id}`)).body;
    expect(html).toContain(
      '<p class="warning">Les sources ne donnent pas le même chiffre :</p><div class="side-by-side">',
    );
    expect(html).toMatch(
      /<strong>120<\/strong> salariés.*« Les 32 salariés d’IPG ».*<strong>150<\/strong> salariés.*« Fin de partie »/,
    );
  });

  it('redirects a merged id to its survivor and shows a deleted entry with its history (410)', async () => {
    const duplicate = await createSite(db, { name: 'Doublon de Roubaix', commune: 'Roubaix' });
    const merged = await send(
      'POST',
      `/v1/sites/${duplicate.id}/merge`,
      {
        into: 'ipg-roubaix',
        citations: [{ source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'IPG à Roubaix' }],
      },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode).toBe(200);
    const redirect = await page(`/sites/${duplicate.id}`);
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe('/sites/ipg-roubaix');

    const gone = await createSite(db, { name: 'Site supprimé de test' });
    expect((await send('DELETE', `/v1/sites/${gone.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
    const response = await page(`/sites/${gone.id}`);
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('<h1>Site supprimé de test : fiche supprimée</h1>');
    expect(response.body).toContain('a été supprimée le ');
    expect(response.body).toContain('<strong>Suppression</strong>');
    expect(response.body).toContain('<strong>Création</strong>');

    const missing = await page(`/operators/${uniqueId('inconnu')}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<h1>Page introuvable</h1>');
  });
});

describe('source pages', () => {
  it('shows the article and every fact quoted from it, grouped by entry', async () => {
    const id = 'en-contact-2017-04-26-fin-de-partie-ipg';
    const api = (await getJson(app, `/v1/sources/${id}`)).body;
    const response = await page(`/sources/${id}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain(`<h1>${api.title}</h1>`);
    expect(html).toContain(`(${api.cited_by_total} citations)`);
    expect(html).toContain('<a href="/sites/ipg-roubaix">IPG Roubaix</a>');
    const articles = html.match(/<article class="cited-entry">/g) ?? [];
    const entries = new Set(
      api.cited_by.map((c: { subject_kind: string; subject_id: string }) => `${c.subject_kind}:${c.subject_id}`),
    );
    expect(articles).toHaveLength(entries.size);
    expect((await page('/sources/nulle-part')).statusCode).toBe(404);
  });
});

describe('the browser tests', () => {
  it('fail, saying how to install Chromium, when it is missing', async () => {
    await expect(launchBrowser('/nulle-part/chromium')).rejects.toThrow(
      'Chromium is missing at /nulle-part/chromium: the browser tests of tests/pages/ need it. ' +
        'Install it with `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary.',
    );
  });
});

describe('what a fresh-clone check found', () => {
  it('answers an id that cannot be one (a NUL, a slash, capitals) with the 400 page, not a 500', async () => {
    for (const url of ['/sites/a%00b', '/operators/a%00b', '/proceedings/%00', '/sources/a%00b', '/clubs/Ab']) {
      const response = await page(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      // A NUL is refused, as in any parameter of any route, before the page's own check of the id.
      expect(response.body, url).toContain(
        url.includes('%00')
          ? '<li>Identifiant : ne doit pas contenir le caractère NUL</li>'
          : 'Cet identifiant n’est pas valide',
      );
    }
  });

  it('keeps the feed well-formed XML when a name holds control characters', async () => {
    // Writes refuse them now (domain/text.ts); a name stored before that rule may still hold some.
    const created = await send('POST', '/v1/operators', {
      name: 'Ctrlfeed opérateur',
      kind: 'outsourcer',
      citations: [{ source: testSource, quote: 'Une fiche de test' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    await db.execute(sql`update operators set name = ${'Ctrlfeed \u0001\b opérateur'} where id = ${id}`);
    await recordChanges(db, 'operator', [id]);
    await app.directorySearch.indexer.runOnce();
    const response = await page('/recherche.atom?q=Ctrlfeed');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/[\u0001\u0008]/);
    const { XMLValidator } = await import('fast-xml-parser');
    expect(XMLValidator.validate(response.body)).toBe(true);
    expect(response.body).toContain('Ctrlfeed  opérateur');
  });

  it('says which link a change of links touched, in the feed (a practitioner appointed)', async () => {
    const linked = await send('POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', {
      mandataire: 'helene-bourbouloux',
      role: 'administrateur_judiciaire',
      citation: {
        source: 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels',
        quote: 'Mavic, Tie-Rack y sont apparues ces dernières semaines',
      },
    });
    expect(linked.statusCode, linked.body).toBe(204);
    await app.directorySearch.indexer.runOnce();
    const xml = (await page('/recherche.atom?q=Mavic&kind=proceeding')).body;
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    const entries = Array.isArray(feed.entry) ? feed.entry : [feed.entry];
    const newest = entries[0];
    expect(String(newest.title['#text'] ?? newest.title)).not.toMatch(/\(\)$/);
    expect(xml).toContain('un lien ajouté, changé ou retiré');
  });

  it('gives permanent URLs on PUBLIC_URL when it is set, whatever Host the request names', async () => {
    const own = (await page('/sites/ipg-roubaix', { host: 'evil.example' })).body;
    expect(own).toContain('http://evil.example/sites/ipg-roubaix');
    const configured = await buildApp({
      databaseUrl,
      logLevel: 'silent',
      publicUrl: 'https://plateau.example.org',
      search: { ...testSearchOptions(), runIndexer: false },
    });
    try {
      const html = (await configured.inject({ url: '/sites/ipg-roubaix', headers: { host: 'evil.example' } })).body;
      expect(html).toContain('https://plateau.example.org/sites/ipg-roubaix');
      expect(html).not.toContain('evil.example');
      const feed = (await configured.inject({ url: '/recherche.atom?q=Roubaix', headers: { host: 'evil.example' } }))
        .body;
      expect(feed).toContain('<id>https://plateau.example.org/recherche.atom?q=Roubaix</id>');
      expect(feed).not.toContain('evil.example');
    } finally {
      await configured.close();
    }
  });

  it('answers the 400 page to a browser for a URL that cannot be read, and problem+json under /v1', async () => {
    for (const url of ['/%', '/sites/%zz', '/recherche%']) {
      const response = await page(url, { accept: 'text/html' });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.body, url).toContain('un caractère « % » doit y être suivi de deux chiffres hexadécimaux');
    }
    // Every `%` followed by two hexadecimal digits, but bytes that are no UTF-8 (Latin-1 « été »): said so (verify41 01).
    for (const [url, bytes] of [
      ['/sites/%E9t%E9', '%E9'],
      ['/sites/%FF', '%FF'],
      ['/recherche/%C3%28x', '%C3%28'],
    ]) {
      const response = await page(url!, { accept: 'text/html' });
      expect(response.statusCode, url).toBe(400);
      expect(response.body, url).toContain(
        `Cette adresse n’est pas valide : les octets ${bytes} n’y forment pas un texte UTF-8 (un lien écrit dans un autre encodage ?).`,
      );
      expect(response.body, url).not.toContain('deux chiffres hexadécimaux');
    }
    const api = await page('/v1/sites/%zz', { accept: 'text/html' });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const json = await page('/%', { accept: 'application/json' });
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('says a page past the last one does not exist and links to the last one', async () => {
    const html = (await page('/recherche?q=Roubaix&page=40')).body;
    expect(html).toContain("Il n'y a pas de page 40 : ces résultats tiennent en 1 page.");
    expect(html).toContain('<a href="/recherche?q=Roubaix">Aller à la dernière page</a>');
  });

  it("tells a merge in the survivor's feed, naming both entries and linking to the survivor", async () => {
    const survivor = await createSite(db, { name: 'Plateforme Fusionfeed Lille', commune: 'Lille' });
    const duplicate = await createSite(db, { name: 'Doublon Fusionfeed', commune: 'Lille' });
    const merged = await send(
      'POST',
      `/v1/sites/${duplicate.id}/merge`,
      {
        into: survivor.id,
        citations: [{ source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'IPG à Roubaix' }],
      },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode, merged.body).toBe(200);
    await app.directorySearch.indexer.runOnce();
    const xml = (await page('/recherche.atom?q=Fusionfeed')).body;
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link'].includes(name) }).parse(
      xml,
    ).feed;
    const merge = feed.entry.find((e: { title: { '#text': string } }) => e.title['#text'].startsWith('Fusion'));
    expect(merge.title['#text']).toBe(
      'Fusion : site « Doublon Fusionfeed » fusionnée dans « Plateforme Fusionfeed Lille »',
    );
    expect(merge.link[0]['@_href']).toBe(`http://localhost/sites/${survivor.id}`);
    expect(merge.summary['#text']).toContain(`a été fusionnée dans <a href="http://localhost/sites/${survivor.id}">`);
  });

  it('shows the 30 most frequent values of a facet, those chosen, and how many more there are', async () => {
    const operators = [];
    for (let i = 0; i < 33; i++) {
      const operator = await createOperator(db, { name: `Facettes Opérateur ${uniqueId('f')}` });
      await createSite(db, { name: `Facettes site ${i}`, operator: operator.id });
      operators.push(operator.id);
    }
    await app.directorySearch.indexer.runOnce();
    const chosen = operators[32]!;
    const html = (await page(`/recherche?q=Facettes&kind=site&operator=${chosen}`)).body;
    const fieldset = html.slice(
      html.indexOf('<legend>Opérateur'),
      html.indexOf('</fieldset>', html.indexOf('<legend>Opérateur')),
    );
    expect((fieldset.match(/type="checkbox"/g) ?? []).length).toBeLessThanOrEqual(31);
    expect(fieldset).toContain(`value="${chosen}" checked`);
    const all = (await page('/recherche?q=Facettes&kind=site')).body;
    const list = all.slice(
      all.indexOf('<legend>Opérateur'),
      all.indexOf('</fieldset>', all.indexOf('<legend>Opérateur')),
    );
    expect((list.match(/type="checkbox"/g) ?? []).length).toBe(30);
    expect(list).toMatch(/et \d+ autres valeurs, moins fréquentes/);
  });
});
