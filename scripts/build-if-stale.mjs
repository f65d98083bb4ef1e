// `npm start`'s first step: compiles src/ into dist/ (`tsc -b tsconfig.build.json`) only when dist/ is older
// than what it is built from. `tsc -b` finds an up-to-date build by itself, but loading the compiler to find it
// costs most of a second of every start; comparing modification times costs a few milliseconds. Plain JavaScript,
// since it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written by tsc at the end of every build (tsconfig.build.json `tsBuildInfoFile`). */
const buildInfo = path.join(root, 'dist/.tsbuildinfo');

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

/** Why dist/ must be built again, or null when it is newer than src/ and the compiler's settings. */
function staleness() {
  let built;
  try {
    built = statSync(buildInfo).mtimeMs;
    statSync(path.join(root, 'dist/server.js'));
  } catch {
    return 'dist/ is not built';
  }
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map(
    (file) => statSync(path.join(root, file)).mtimeMs,
  );
  return Math.max(newestUnder(path.join(root, 'src')), ...inputs) > built ? 'src/ changed since the last build' : null;
}

const reason = staleness();
if (reason) {
  process.stderr.write(`${reason}: compiling src/ into dist/ (tsc)\n`);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const { status } = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  process.exit(status ?? 1);
}
