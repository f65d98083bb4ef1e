// The CLIs of src/cli/ compiled once per run (global.ts) for the tests that run them in their own node (cli.ts).
// Started under tsx, each run resolved and compiled about a thousand modules through tsx's hooks: 2 to 4 seconds
// before the CLI's first line, some fifty times a run. Bundled here with esbuild (src/ in one file per CLI and
// shared chunks, node_modules loaded by Node as they are), a run starts in about half that, or less. The code
// run is src/ as it is at the start of the run, compiled as `npm run build` compiles it (scripts/build.mjs,
// whose bundle is what `npm run <cli>` runs); `build.test.ts` checks that build itself.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../src/paths.js';

/** The prefix of the run's bundle folder at the top of the repository (ignored by git, removed after the run). */
export const cliBundlePrefix = '.cli-bundle-';

/**
 * Bundles every file of src/cli/ as `<folder>/cli-<name>.js` (import.ts's worker thread finds
 * `cli-import-check.js` beside it, as in dist/), in a new folder one level under the repository's top, as dist/ is:
 * src/paths.ts finds the repository at `..` of the code. Returns the folder.
 */
export async function bundleClis(): Promise<string> {
  const esbuild = await import('esbuild');
  const folder = await mkdtemp(path.join(projectRoot, cliBundlePrefix));
  const cli = path.join(projectRoot, 'src/cli');
  const entries = readdirSync(cli).filter((f) => f.endsWith('.ts'));
  try {
    await esbuild.build({
      absWorkingDir: projectRoot,
      entryPoints: Object.fromEntries(entries.map((f) => [`cli-${f.replace(/\.ts$/, '')}`, path.join(cli, f)])),
      outdir: folder,
      bundle: true,
      splitting: true,
      // node_modules as they are: no CommonJS file of a package needs its place rewritten (build.mjs's ownPlace).
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
  } catch (error) {
    await removeCliBundle(folder);
    throw error;
  } finally {
    await esbuild.stop();
  }
  return folder;
}

/** Removes a folder `bundleClis` made. */
export async function removeCliBundle(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}
