// The repository's folders that Plateau reads at run time, found from this module's place. Run from the sources
// (tsx, vitest) it is src/paths.ts; in production it is part of the one bundled dist/server.js (`npm run build`,
// scripts/build.mjs): both sit one level under the repository's top, so `..` is the top either way. Nothing else
// finds a folder from its own import.meta.url (a module's place in dist/ is not its place in src/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The top of the repository (where package.json is), an absolute path. */
export const projectRoot = path.resolve(here, '..');

/** seed-data/: the first content of the directory (src/seed/). */
export const seedFolder = path.join(projectRoot, 'seed-data');
/** migrations/: the SQL migrations drizzle-kit generates (src/db/migrate.ts). */
export const migrationsFolder = path.join(projectRoot, 'migrations');
/** public/: the web page's assets (src/pages/). */
export const publicFolder = path.join(projectRoot, 'public');
/** openapi/openapi.json: the committed OpenAPI document (`npm run openapi`). */
export const openapiPath = path.join(projectRoot, 'openapi', 'openapi.json');
/**
 * dist/reference-communes.json, the reference communes with their name keys written by the build from the bundle's
 * own code (scripts/build.mjs, src/geo/): when this code runs from that bundle; null when it runs from the sources
 * (whose code may differ from the bundle's).
 */
export const bundledReferencePath =
  path.basename(here) === 'dist' ? path.join(projectRoot, 'dist', 'reference-communes.json') : null;
