// The page's qualities in Chromium: no WCAG 2.1 A or AA violation (axe-core) on
// every page type, a layout that fits a phone (375 px) and a desktop (1280 px)
// with screenshots of both kept under scratch/screenshots/, hostile text from
// the data shown as text and never run, and use with the keyboard alone.
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { accessibilityViolations, launchBrowser, listeningApp, screenshot, watchPage } from '../setup/browser.js';
import { createOperator, createSite } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let browser: Browser;
let app: App;
let db: Db;
let base: string;
let send: Awaited<ReturnType<typeof writer>>;
/** Every page type, by name: home, results, each kind's entry, source, its citations, 404, 410, 400. */
const pages: Record<string, string> = {};

beforeAll(async () => {
  [browser, { app, db, base }] = await Promise.all([launchBrowser(), listeningApp()]);
  send = await writer(app, db);
  pages.accueil = '/';
  pages.resultats = '/recherche?q=centre&kind=site,operator';
  for (const kind of entryKinds) {
    const [first] = (await app.inject({ method: 'GET', url: `/v1/${kind.plural}?limit=1` })).json().data;
    pages[kind.name] = `/${kind.plural}/${first.id}`;
  }
  pages.source = '/sources/en-contact-2017-04-26-fin-de-partie-ipg';
  pages.citations = '/sources/en-contact-2017-04-26-fin-de-partie-ipg/citations?limit=2';
  pages.erreur404 = '/nulle-part';
  pages.erreur400 = '/recherche?status=ferme';
  const gone = await createSite(db, { name: 'Site supprimé' });
  expect((await send('DELETE', `/v1/sites/${gone.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
  pages.erreur410 = `/sites/${gone.id}`;
});

describe('accessibility and layout', () => {
  // axe-core is injected as an inline script, which the pages' policy forbids: its context bypasses it; another
  // context loads each page under its policy, to see that nothing it loads is refused.
  let axeContext: BrowserContext;
  let strictContext: BrowserContext;
  beforeAll(async () => {
    axeContext = await browser.newContext({ baseURL: base, bypassCSP: true });
    strictContext = await browser.newContext({ baseURL: base });
  });
  afterAll(async () => {
    await axeContext.close();
    await strictContext.close();
  });

  const pageTypes = [
    'accueil',
    'resultats',
    ...entryKinds.map((k) => k.name),
    'source',
    'citations',
    'erreur404',
    'erreur400',
    'erreur410',
  ];
  it.each(pageTypes)('%s: no WCAG 2.1 AA violation, fits 375 px and 1280 px, loads without errors', async (name) => {
    const path = pages[name]!;
    const expected = name.startsWith('erreur') ? Number(name.slice(-3)) : 200;
    const checked = await strictContext.newPage();
    const watched = watchPage(checked);
    // The page as served (its CSP applies): no refused asset, no script error (the 4xx itself aside).
    expect((await checked.goto(path))?.status(), path).toBe(expected);
    expect(
      watched.problems.filter((p) => !p.includes(`status of ${expected}`)),
      path,
    ).toEqual([]);
    await checked.close();
    const page = await axeContext.newPage();
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(path);
      // axe once per page, on the phone's layout; the desktop's differs by its CSS grid only.
      if (width === 375) expect(await accessibilityViolations(page), `${path} at ${width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, `${path} is wider than ${width} px`).toBeLessThanOrEqual(width);
      await screenshot(page, name);
    }
    await page.close();
  });
});

describe('hostile text from the data', () => {
  const hostile = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">';

  it('is shown as text on every page and never runs', async () => {
    const operator = await createOperator(db, { name: `Opérateur ${hostile}` });
    const site = await createSite(db, { name: `Site piégé ${hostile}`, operator: operator.id });
    // Values the API refuses, put in as an old import might have left them.
    await db.execute(sql`update operators set website = 'javascript:window.__pwned=3' where id = ${operator.id}`);
    await db.execute(
      sql`update sources set url = 'javascript:window.__pwned=4', title = ${`Article ${hostile}`}
           where id = 'en-contact-2017-04-26-fin-de-partie-ipg'`,
    );
    await db.execute(sql`update citations set quote = ${`Citation ${hostile}`} where site_id = ${site.id}`);
    await app.directorySearch.indexer.runOnce();

    const context = await browser.newContext({ baseURL: base });
    context.setDefaultTimeout(5000);
    try {
      const page = await context.newPage();
      const watched = watchPage(page);
      for (const path of [
        '/recherche?q=pi%C3%A9g%C3%A9',
        `/sites/${site.id}`,
        `/operators/${operator.id}`,
        '/sources/en-contact-2017-04-26-fin-de-partie-ipg',
        '/sources/en-contact-2017-04-26-fin-de-partie-ipg/citations',
        `/recherche?q=${encodeURIComponent(hostile)}`,
      ]) {
        expect((await page.goto(path))?.status(), path).toBe(200);
        const dom = await page.evaluate(() => ({
          pwned: (window as unknown as { __pwned?: number }).__pwned,
          inlineScripts: document.querySelectorAll('script:not([src])').length,
          images: document.querySelectorAll('img').length,
          handlers: [...document.querySelectorAll('*')].filter((e) =>
            [...e.attributes].some((a) => a.name.startsWith('on')),
          ).length,
          scriptLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
          external: [...document.querySelectorAll('a.external')].map((a) => a.getAttribute('rel')),
        }));
        expect(dom, path).toEqual({
          pwned: undefined,
          inlineScripts: 0,
          images: 0,
          handlers: 0,
          scriptLinks: 0,
          external: dom.external.map(() => 'noopener noreferrer'),
        });
      }
      await page.goto('/recherche?q=pi%C3%A9g%C3%A9');
      expect(await page.locator('a.hit-name').allTextContents()).toContain(`Site piégé ${hostile}`);
      await page.goto(`/sites/${site.id}`);
      expect(await page.locator('h1').textContent()).toBe(`Site piégé ${hostile}`);
      expect(await page.locator('blockquote', { hasText: 'Citation' }).first().textContent()).toBe(
        `« Citation ${hostile} »`,
      );
      await page.goto(`/operators/${operator.id}`);
      expect(await page.locator('#attribut-website dd .value').textContent()).toBe('javascript:window.__pwned=3');
      expect(watched.problems).toEqual([]);

      // The feed's text is HTML for readers: escaped, so that it reads as the name and runs nothing.
      const feed = new XMLParser({ isArray: (name) => name === 'entry' }).parse(
        await (await page.request.get('/recherche.atom?q=pi%C3%A9g%C3%A9')).text(),
      ).feed;
      const titles = feed.entry.map((e: { title: string }) => e.title).join('\n');
      expect(titles).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=');
      expect(titles).not.toContain('<script>');
      expect(feed.entry.map((e: { summary: string }) => e.summary).join('\n')).not.toMatch(/<script|<img/);
    } finally {
      await context.close();
    }
  });
});

describe('the keyboard alone', () => {
  it('skips to the content, searches, opens a result, narrows with a facet', async () => {
    const context = await browser.newContext({ baseURL: base });
    context.setDefaultTimeout(5000);
    try {
      const page = await context.newPage();
      await page.goto('/');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
      // Tab to the search box, type, send.
      for (
        let i = 0;
        i < 20 && (await page.evaluate(() => document.activeElement?.getAttribute('name'))) !== 'q';
        i++
      ) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.type('IPG Roubaix');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/recherche\?q=IPG\+Roubaix$/);
      // A facet box: Space ticks it, and it applies.
      const kindBox = page.getByRole('checkbox', { name: /^site \(\d+\)$/ });
      for (let i = 0; i < 80 && !(await kindBox.evaluate((e) => e === document.activeElement)); i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Space');
      await page.waitForURL(/kind=site/);
      // « / » goes to the search box; Tab on to the first result, Enter opens it.
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
      for (
        let i = 0;
        i < 60 && !(await page.evaluate(() => document.activeElement?.classList.contains('hit-name')));
        i++
      ) {
        await page.keyboard.press('Tab');
      }
      const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      expect(href).toMatch(/^\/sites\//);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}${href}`);
      expect(await page.locator('h1').textContent()).toBeTruthy();
    } finally {
      await context.close();
    }
  });
});
