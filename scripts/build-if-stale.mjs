// `npm start`'s first step (scripts/start.mjs): builds dist/ (`npm run build`: tsc's type-check, then esbuild's
// bundle, scripts/build.mjs) only when dist/server.js is older than what it is built from. Loading the compiler to
// find an up-to-date build costs most of a second of every start; comparing modification times costs a few
// milliseconds. Plain JavaScript, since it runs before anything is compiled.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written last by a build that succeeded (scripts/build.mjs `bundlePath`). */
const bundle = path.join(root, 'dist/server.js');

/**
 * The latest modification time under `dir`, folders included: a file added, removed or renamed changes its
 * folder's time, an edited file its own.
 */
function newestUnder(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Why dist/ must be built again, or null when its bundle is newer than src/, patches/, the settings and the packages. */
function staleness() {
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return 'dist/ is not built';
  }
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.mjs'].map(
    (file) => statSync(path.join(root, file)).mtimeMs,
  );
  // patches/: the fixes applied to packages at install (patch-package), bundled with them.
  const sources = [newestUnder(path.join(root, 'src')), newestUnder(path.join(root, 'patches'))];
  return Math.max(...sources, ...inputs) > built ? 'src/ changed since the last build' : null;
}

/**
 * Builds dist/ when it is stale, saying why on stderr; the exit code to give: 0 when dist/server.js is up to date
 * (built now or before), else the build's.
 */
export async function buildIfStale() {
  const reason = staleness();
  if (!reason) return 0;
  process.stderr.write(`${reason}: type-checking src/ (tsc) and bundling it into dist/ (esbuild)\n`);
  const { build } = await import('./build.mjs');
  return build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await buildIfStale();
