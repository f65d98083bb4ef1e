// Starts Plateau: the bundled PostgreSQL and Meilisearch unless DATABASE_URL
// and MEILI_HOST are set, the migrations and the search entries view, the seed
// on an empty database, then the API and its search indexer. SIGINT/SIGTERM
// close everything in order.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { prepareDatabase } from './database.js';
import { connect } from './db/client.js';
import { startServices } from './runtime.js';
import { seedIfEmpty } from './seed/load.js';

function log(level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level: level === 'info' ? 30 : 50, time: Date.now(), msg, ...extra });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

async function main() {
  const config = loadConfig();
  const services = await startServices(config, (msg, extra) => log('info', msg, extra));
  const { databaseUrl } = services;

  try {
    await prepareDatabase(databaseUrl);
    if (config.seedOnStart) {
      const database = connect(databaseUrl, { max: 1 });
      try {
        if (await seedIfEmpty(database.db)) log('info', 'loaded seed-data/ into the empty database');
      } finally {
        await database.close();
      }
    }
    const app = await buildApp({
      databaseUrl,
      logLevel: config.logLevel,
      protection: config.protection,
      search: {
        host: services.meiliHost,
        apiKey: services.meiliApiKey,
        indexName: config.meiliIndex,
        runIndexer: true,
      },
    });
    app.addHook('onClose', services.stop);

    let closing = false;
    const close = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      try {
        await app.close();
        process.exit(0);
      } catch (error) {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    };
    process.on('SIGINT', () => void close('SIGINT'));
    process.on('SIGTERM', () => void close('SIGTERM'));

    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await services.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    log('error', 'Plateau could not start', {
      err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    });
  }
  process.exit(1);
});
