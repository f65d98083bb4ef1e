import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';

export const openapiPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi/openapi.json');

/**
 * The OpenAPI document the API serves. Building the app opens no database
 * connection (the pool connects on first query), so no server is needed.
 */
export async function openapiDocument(): Promise<unknown> {
  const app = await buildApp({ databaseUrl: 'postgres://openapi@127.0.0.1:1/none', logLevel: 'silent' });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
