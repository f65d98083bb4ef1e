// The servers Plateau works with: those named by the environment, else the
// bundled ones of the data folder (reused when another Plateau process
// already runs them, started otherwise). The API and the CLIs share this.
import type { Config } from './config.js';
import { runningEmbeddedPostgres, startEmbeddedPostgres } from './db/embedded.js';
import { runningEmbeddedMeilisearch, startEmbeddedMeilisearch } from './search/embedded.js';

export interface Services {
  databaseUrl: string;
  /** Empty when started with `search: false`. */
  meiliHost: string;
  meiliApiKey: string | undefined;
  /** Stops what this process started, in reverse order. */
  stop(): Promise<void>;
}

export async function startServices(
  config: Config,
  log: (msg: string, extra?: Record<string, unknown>) => void,
  options: { search?: boolean } = {},
): Promise<Services> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    stops.length = 0;
  };
  try {
    let databaseUrl = config.databaseUrl ?? (await runningEmbeddedPostgres(config.dataDir));
    if (!databaseUrl) {
      log('starting the bundled PostgreSQL', { data_dir: config.dataDir });
      const pg = await startEmbeddedPostgres(config.dataDir, { onNotice: (msg) => log(msg) });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    if (options.search === false) return { databaseUrl, meiliHost: '', meiliApiKey: undefined, stop };
    let meili = config.meiliHost
      ? { host: config.meiliHost, apiKey: config.meiliApiKey }
      : await runningEmbeddedMeilisearch(config.dataDir);
    if (!meili) {
      log('starting the bundled Meilisearch', { data_dir: config.dataDir });
      const started = await startEmbeddedMeilisearch(config.dataDir, {
        maxIndexingMemory: config.meiliMaxIndexingMemory,
      });
      stops.push(() => started.stop());
      meili = started;
    }
    return { databaseUrl, meiliHost: meili.host, meiliApiKey: meili.apiKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
