// Writes openapi/openapi.json from the routes' zod schemas. Run after any
// change of a route or schema: `npm run openapi`. A test fails while the
// committed file is stale.
import { writeFile } from 'node:fs/promises';
import { openapiDocument } from '../src/openapi-document.js';
import { openapiPath } from '../src/paths.js';

const document = await openapiDocument();
await writeFile(openapiPath, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`wrote ${openapiPath}\n`);
