// Production runs compiled JavaScript: `npm run build` type-checks src/ and
// bundles it into dist/ (scripts/build.mjs) with the reference communes the
// bundle reads (the same as the sources make), and `node dist/server.js`, as
// `npm start` runs it, finds the migrations, seed-data/ and the geography from
// dist/: on an empty database it migrates, loads the seed, answers /health,
// /ready and a detail, serves the web page with its assets (public/) and the
// docs page with its package's, and stops on SIGTERM with exit code 0.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/db/embedded.js';
import { type CompactReference, compactReference } from '../src/geo/index.js';
import { testDatabase } from './setup/database.js';

const { url } = await testDatabase({ empty: true });
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

describe('npm run build, then node dist/server.js', () => {
  it('builds dist/ and serves from it', { timeout: 240_000 }, async () => {
    await promisify(execFile)('npm', ['run', 'build', '--silent'], { timeout: 200_000 });
    expect(existsSync('dist/server.js')).toBe(true);
    // Tests are not built.
    expect(existsSync('dist/tests')).toBe(false);
    // The reference communes the bundle reads at start: those the sources make from the package, keys included.
    const reference = JSON.parse(readFileSync('dist/reference-communes.json', 'utf8')) as CompactReference;
    expect(reference).toEqual(compactReference());

    const port = await freePort();
    const lines: string[] = [];
    child = spawn(process.execPath, [path.resolve('dist/server.js')], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        MEILI_HOST: inject('meiliHost'),
        MEILI_API_KEY: inject('meiliApiKey'),
        MEILI_INDEX: `test_build_${port}`,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (c: Buffer) => lines.push(c.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let ready = 0;
    while (ready !== 200) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`not ready:\n${lines.join('')}`);
      ready = await fetch(`${base}/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // The seed, loaded from seed-data/ by the compiled loader, and a place resolved from the geography.
    const site = await fetch(`${base}/v1/sites/ipg-roubaix`);
    expect(site.status).toBe(200);
    expect(await site.json()).toMatchObject({
      id: 'ipg-roubaix',
      code_commune: '59512',
      region_name: 'Hauts-de-France',
    });
    const page = await fetch(`${base}/sites/ipg-roubaix`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>IPG Roubaix</h1>');
    const css = await fetch(`${base}/assets/plateau.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    // The docs page's assets, which its package finds next to its own code (bundled, from node_modules).
    const docsCss = await fetch(`${base}/docs/static/swagger-ui.css`);
    expect(docsCss.status).toBe(200);
    expect(docsCss.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const logo = await fetch(`${base}/docs/static/logo.svg`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
