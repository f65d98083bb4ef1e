// The repository's folders that Plateau reads at run time, found from this module's place. Run from the sources
// (tsx, vitest) it is src/paths.ts; in production it is part of the one bundled dist/server.js (`npm run build`,
// scripts/build.mjs): both sit one level under the repository's top, so `..` is the top either way. Nothing else
// finds a folder from its own import.meta.url (a module's place in dist/ is not its place in src/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The top of the repository (where package.json is), an absolute path. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** seed-data/: the first content of the directory (src/seed/). */
export const seedFolder = path.join(projectRoot, 'seed-data');
/** migrations/: the SQL migrations drizzle-kit generates (src/db/migrate.ts). */
export const migrationsFolder = path.join(projectRoot, 'migrations');
/** public/: the web page's assets (src/pages/). */
export const publicFolder = path.join(projectRoot, 'public');
/** openapi/openapi.json: the committed OpenAPI document (`npm run openapi`). */
export const openapiPath = path.join(projectRoot, 'openapi', 'openapi.json');
