// A journalist's path through the page, in Chromium, with JavaScript and
// without: a misspelt name to its entry, a fact's quote to its source page; a
// source's citations read page by page; a search narrowed with a facet and the filter removed (and the back button);
// the results exported as CSV; the Atom feed of a search showing a change made
// through the API a moment before; a merged id followed to its survivor.
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { sources } from '../../src/db/schema/index.js';
import { hitPaths, launchBrowser, listeningApp, watchPage } from '../setup/browser.js';
import { createSite, uniqueId } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let browser: Browser;
let app: App;
let db: Db;
let base: string;
let send: Awaited<ReturnType<typeof writer>>;
const source = 'en-contact-2017-04-26-fin-de-partie-ipg';

beforeAll(async () => {
  [browser, { app, db, base }] = await Promise.all([launchBrowser(), listeningApp()]);
  send = await writer(app, db);
});

/**
 * A source 130 citations cite, « Citation 1 » to « Citation 130 », alternately of two sites: `shown(from, to)`, the
 * quotes of that part of its list (latest first) as a page shows them, grouped by site where its first comes.
 */
const manyCited = {
  source: uniqueId('stock-de-citations'),
  shown(from: number, to: number) {
    const latestFirst = Array.from({ length: 130 }, (_, i) => 130 - i).slice(from, to);
    const bySite = [0, 1].map((site) => latestFirst.filter((n) => n % 2 === site));
    return (latestFirst[0]! % 2 === 0 ? bySite : bySite.reverse()).flat().map((n) => `« Citation ${n} »`);
  },
};

beforeAll(async () => {
  const sites = [(await createSite(db)).id, (await createSite(db)).id];
  await db.insert(sources).values({ id: manyCited.source, title: 'Stock de citations' });
  await db.execute(sql`
    insert into citations (source_id, quote, fields, site_id)
    select ${manyCited.source}, 'Citation ' || g, '{name}', (array[${sites[0]}, ${sites[1]}]::varchar[])[1 + g % 2]
      from generate_series(1, 130) g order by g`);
});

/** The quotes of the citations page shown, and of each next one, following « Suivantes → » to the last. */
async function citationsShown(page: Page): Promise<string[]> {
  const quotes: string[] = [];
  for (let pages = 0; pages < 50; pages++) {
    quotes.push(
      ...(await page.locator('.cited-entry blockquote').allTextContents()).map((q) => q.replace(/^« | »$/g, '')),
    );
    const next = page.getByRole('link', { name: 'Suivantes →' });
    if (!(await next.count())) break;
    await next.click();
    await page.waitForURL(/\?cursor=/);
  }
  return quotes;
}

let context: BrowserContext | undefined;
let watched: { problems: string[] } = { problems: [] };
afterEach(async () => {
  await context?.close();
  context = undefined;
  expect(watched.problems).toEqual([]);
});

async function open(javaScript: boolean): Promise<Page> {
  context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL: base, acceptDownloads: true });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  watched = watchPage(page);
  return page;
}

for (const javaScript of [true, false]) {
  describe(javaScript ? 'with JavaScript' : 'without JavaScript', () => {
    it('goes from a misspelt name to the entry, from a quote to its source page', async () => {
      const page = await open(javaScript);
      await page.goto('/');
      await page.getByRole('searchbox', { name: 'Rechercher une entreprise' }).fill('teleperformence');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/recherche?q=teleperformence`);
      await page.getByRole('link', { name: 'Teleperformance', exact: true }).click();
      await page.waitForURL(`${base}/operators/teleperformance`);
      expect(await page.locator('h1').textContent()).toBe('Teleperformance');
      const quote = page.locator('#attribut-name figure.quote').first();
      const quoted = (await quote.locator('blockquote').textContent())!.replace(/^« | »$/g, '');
      const title = await quote.locator('figcaption a').first().textContent();
      await quote.locator('figcaption a').first().click();
      await page.waitForURL(/\/sources\//);
      expect(await page.locator('h1').textContent()).toBe(title);
      const quotes = (await page.locator('.cited-entry blockquote').allTextContents()).map((q) =>
        q.replace(/^« | »$/g, ''),
      );
      // The page shows a source's latest 20 citations; the others are on the page of all of them, which it links to.
      const more = page.getByRole('link', { name: /^Voir les .* citations$/ });
      if (await more.count()) {
        await more.click();
        await page.waitForURL(/\/sources\/[^/]+\/citations$/);
        quotes.push(...(await citationsShown(page)));
      }
      expect(quotes).toContain(quoted);
    });

    it('reads every citation of a source, page by page, from the source’s page', async () => {
      const page = await open(javaScript);
      await page.goto(`/sources/${manyCited.source}`);
      expect(await page.locator('p.more').textContent()).toContain('Fiche limitée à 20 citations sur 130');
      await page.getByRole('link', { name: 'Voir les 130 citations', exact: true }).click();
      await page.waitForURL(`${base}/sources/${manyCited.source}/citations`);
      expect(await page.locator('h1').textContent()).toBe('Toutes les citations de « Stock de citations »');
      expect(await page.locator('h2#citations').textContent()).toBe('130 citations');
      const first = await page.locator('.cited-entry blockquote').allTextContents();
      expect(first).toEqual(manyCited.shown(0, 100));
      await page.getByRole('link', { name: 'Suivantes →' }).click();
      await page.waitForURL(new RegExp(`/sources/${manyCited.source}/citations\\?cursor=`));
      const second = await page.locator('.cited-entry blockquote').allTextContents();
      expect(second).toEqual(manyCited.shown(100, 130));
      expect(new Set([...first, ...second]).size).toBe(130);
      expect(await page.getByRole('link', { name: 'Suivantes →' }).count()).toBe(0);
      await page.getByRole('link', { name: '← Début de la liste' }).click();
      await page.waitForURL(`${base}/sources/${manyCited.source}/citations`);
      expect(await page.locator('.cited-entry blockquote').allTextContents()).toEqual(first);
      await page.getByRole('link', { name: 'Retour à la source' }).click();
      await page.waitForURL(`${base}/sources/${manyCited.source}`);
    });

    it('narrows a search with a facet, removes the filter, and the back button returns to it', async () => {
      const page = await open(javaScript);
      await page.goto('/recherche?q=centre');
      const all = await hitPaths(page);
      expect(all.some((p) => !p.startsWith('/sites/'))).toBe(true);
      await page.getByRole('checkbox', { name: /^site \(\d+\)$/ }).check();
      // With JavaScript the box applies at once; without, the form's button sends it.
      if (!javaScript) await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
      await page.waitForURL(`${base}/recherche?q=centre&kind=site`);
      const sites = await hitPaths(page);
      expect(sites.length).toBeGreaterThan(0);
      expect(sites.every((p) => p.startsWith('/sites/'))).toBe(true);
      expect(await page.locator('.hit .badge').allTextContents()).toEqual(sites.map(() => 'Site'));
      await page.getByRole('link', { name: 'Retirer le filtre Type de fiche : site' }).click();
      await page.waitForURL(`${base}/recherche?q=centre`);
      expect(await hitPaths(page)).toEqual(all);
      await page.goBack();
      await page.waitForURL(`${base}/recherche?q=centre&kind=site`);
      expect(await hitPaths(page)).toEqual(sites);
    });

    it('exports the results as a CSV holding the same entries', async () => {
      const page = await open(javaScript);
      await page.goto('/recherche?q=IPG&limit=100');
      const shown = await hitPaths(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Exporter ces résultats (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^plateau-recherche-.*\.csv$/);
      const text = await readFile((await download.path())!, 'utf8');
      const rows = text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1);
      expect(rows.map((r) => new URL(r.split(';').at(-1)!).pathname)).toEqual(shown);
    });

    it('finds in the Atom feed of a search a change made through the API a moment before', async () => {
      const site = await createSite(db, { name: `Plateforme Veille ${javaScript ? 'Avec' : 'Sans'} Script` });
      await app.directorySearch.indexer.runOnce();
      const etag = (await app.inject({ method: 'GET', url: `/v1/sites/${site.id}` })).headers.etag as string;
      const changed = await send(
        'PATCH',
        `/v1/sites/${site.id}`,
        { notes: 'Fermeture annoncée', citations: [{ source, quote: 'Fin de partie' }] },
        { 'if-match': etag },
      );
      expect(changed.statusCode).toBe(200);
      const page = await open(javaScript);
      await page.goto(`/recherche?q=${encodeURIComponent(site.name)}`);
      const feedHref = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
      expect(feedHref).toBe(
        await page.getByRole('link', { name: 'Suivre cette recherche (flux Atom)' }).getAttribute('href'),
      );
      const response = await page.request.get(feedHref!);
      expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
      const feed = new XMLParser({ isArray: (name) => name === 'entry' }).parse(await response.text()).feed;
      expect(feed.entry[0].title).toBe(`Modification : site « ${site.name} » (Notes)`);
      expect(feed.entry[0].summary).toContain('Notes : ∅ → Fermeture annoncée');
    });

    it('follows a merged id to its survivor', async () => {
      const duplicate = await createSite(db, { name: 'Doublon IPG Roubaix', commune: 'Roubaix' });
      const merged = await send(
        'POST',
        `/v1/sites/${duplicate.id}/merge`,
        { into: 'ipg-roubaix', citations: [{ source, quote: 'IPG à Roubaix' }] },
        { 'if-match': '"v1"' },
      );
      expect(merged.statusCode).toBe(200);
      const page = await open(javaScript);
      const response = await page.goto(`/sites/${duplicate.id}`);
      expect(page.url()).toBe(`${base}/sites/ipg-roubaix`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('IPG Roubaix');
      // The survivor's history shows the change that took the duplicate's facts in, with its source.
      expect(await page.locator('ol.history > li').first().textContent()).toContain('« IPG à Roubaix »');
    });
  });
}
