// npm run reindex: builds a fresh search index from Postgres, checks its
// document count, swaps it in atomically, then applies what the outbox holds.
// Works on the same data as `npm start`, whether or not the API is running.
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import { startServices } from '../runtime.js';
import { SearchEngine } from '../search/engine.js';
import { drainOutbox, indexerConnection, rebuildIndex } from '../search/sync.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const config = loadConfig();
  const services = await startServices(config, (msg) => say(msg));
  try {
    await prepareDatabase(services.databaseUrl);
    const engine = new SearchEngine({
      host: services.meiliHost,
      apiKey: services.meiliApiKey,
      indexName: config.meiliIndex,
    });
    const connection = indexerConnection(services.databaseUrl);
    try {
      const started = Date.now();
      const result = await rebuildIndex(connection, engine);
      say(
        `rebuilt index '${result.index}': ${result.documents} documents, swapped in after ${Date.now() - started} ms`,
      );
      const applied = await drainOutbox(connection, engine);
      say(`applied ${applied} pending change${applied === 1 ? '' : 's'} from the outbox`);
    } finally {
      await connection.close();
    }
  } finally {
    await services.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reindex failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
