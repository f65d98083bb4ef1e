// The browser tests' harness (tests/pages/): Debian's Chromium driven by
// playwright-core, one browser per test file, against the app listening on a
// free port over the file's own database clone. A missing Chromium fails the
// file with a message saying how to install it: the page is not tested
// without a browser.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { testApp } from './app.js';
import { closeAfterUse } from './database.js';

/** Where Chromium is (Debian's package); CHROMIUM_PATH names another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the screenshots go: scratch/ is ignored by git and kept by CI as artefacts. */
export const screenshotFolder = path.resolve('scratch/screenshots');

/** axe-core's script, injected into pages under test. */
export const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Starts Chromium for this file (closed after it); throws, naming the fix, when it is not installed. */
export async function launchBrowser(executablePath = chromiumPath): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}: the browser tests of tests/pages/ need it. ` +
        'Install it with `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  closeAfterUse(() => browser.close());
  return browser;
}

/** The app over this file's database clone and its own search index, listening on a free port of 127.0.0.1. */
export async function listeningApp() {
  const built = await testApp({ searchIndex: true });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = built.app.server.address() as AddressInfo;
  return { ...built, base: `http://127.0.0.1:${port}` };
}

/** Fails the test on any dialog, page error or console error of the page (a script that ran, a CSP refusal). */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { problems };
}

/** Saves a screenshot of the whole page under scratch/screenshots/<name>-<width>.png. */
export async function screenshot(page: Page, name: string) {
  await mkdir(screenshotFolder, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.join(screenshotFolder, `${name}-${width}.png`), fullPage: true });
}

/** The WCAG 2.1 A and AA violations axe-core finds on the page, as `rule: selectors` lines (none expected). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    return result.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/** The paths of the hits of the results page shown. */
export const hitPaths = (page: Page) =>
  page.$$eval('a.hit-name', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

export { expect };
