import { buildApp } from './app.js';

/**
 * The OpenAPI document the API serves. Building the app connects to no
 * server (the pools connect on first use), so none is needed.
 */
export async function openapiDocument(): Promise<unknown> {
  const app = await buildApp({
    databaseUrl: 'postgres://openapi@127.0.0.1:1/none',
    logLevel: 'silent',
    search: { host: 'http://127.0.0.1:1', apiKey: undefined, indexName: 'openapi', runIndexer: false },
  });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
