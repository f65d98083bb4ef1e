// The servers Plateau works with: those named by the environment, else the
// bundled ones of the data folder. A bundled engine another live Plateau
// process owns (the API while a CLI runs) is reused; one whose owner was
// killed (an orphan) is stopped, then a fresh one is started and supervised
// by this process. The API and the CLIs share this.
import type { Config } from './config.js';
import { findEmbeddedPostgres, startEmbeddedPostgres, stopOrphanedPostgres } from './db/embedded.js';
import type { Supervisor } from './engines/supervisor.js';
import {
  findEmbeddedMeilisearch,
  meilisearchOwnedElsewhere,
  startEmbeddedMeilisearch,
  stopOrphanedMeilisearch,
} from './search/embedded.js';

export interface Services {
  databaseUrl: string;
  /** Empty when started with `search: false`. */
  meiliHost: string;
  meiliApiKey: string | undefined;
  /** The supervisors of the engines this process started (none for servers of the environment or reused ones). */
  supervisors: { postgres?: Supervisor; meilisearch?: Supervisor };
  /** Stops what this process started, in reverse order. */
  stop(): Promise<void>;
}

export type ServiceLog = (msg: string, extra?: Record<string, unknown>) => void;

/** Where the servers will answer, known before they do (see startServices' `onAddresses`). */
export interface ServiceAddresses {
  databaseUrl: string;
  /** Empty when started with `search: false`. */
  meiliHost: string;
  meiliApiKey: string | undefined;
}

/** How long a CLI waits for the API's supervisor to bring back a Meilisearch it owns. */
const waitForOwnerMs = 30_000;

/**
 * Starts (or finds) the two engines; resolves once both answer. `onAddresses` is told where they will answer as soon
 * as that is decided: for a bundled PostgreSQL, once its port is chosen, before its cluster is created and the
 * server started (most of a first start), so that what needs only the addresses (an app whose pools connect lazily)
 * is built meanwhile. It is not told when an engine fails to start first.
 */
export async function startServices(
  config: Config,
  log: ServiceLog,
  options: { search?: boolean; warn?: ServiceLog; onAddresses?: (addresses: ServiceAddresses) => void } = {},
): Promise<Services> {
  const warn = options.warn ?? log;
  const supervisorLog = { info: log, warn };
  const stops: (() => Promise<void>)[] = [];
  const supervisors: Services['supervisors'] = {};
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    stops.length = 0;
  };
  // Engines this process started are stopped even when it exits without calling stop() (a crash).
  const onExit = () => {
    supervisors.meilisearch?.killNow('SIGTERM');
    supervisors.postgres?.killNow('SIGINT');
  };
  process.once('exit', onExit);
  stops.push(async () => {
    process.removeListener('exit', onExit);
  });
  let urlDecided: (url: string) => void = () => {};
  const decidedUrl = new Promise<string>((resolve) => {
    urlDecided = resolve;
  });
  const postgresUrl = async (): Promise<string> => {
    if (config.databaseUrl) return config.databaseUrl;
    const found = await findEmbeddedPostgres(config.dataDir);
    if (found?.ownerRunning) return found.url;
    if (found) {
      warn('stopping the bundled PostgreSQL a killed Plateau process left running', { pid: found.pid });
      await stopOrphanedPostgres(config.dataDir, found);
    }
    log('starting the bundled PostgreSQL', { data_dir: config.dataDir });
    const pg = await startEmbeddedPostgres(config.dataDir, {
      onNotice: (msg) => log(msg),
      log: supervisorLog,
      onUrl: urlDecided,
    });
    supervisors.postgres = pg.supervisor;
    stops.push(() => pg.stop());
    return pg.url;
  };
  const meilisearch = async (): Promise<{ host: string; apiKey: string | undefined }> => {
    if (config.meiliHost) return { host: config.meiliHost, apiKey: config.meiliApiKey };
    const reused = await reuseMeilisearch(config.dataDir, log, warn);
    if (reused) return reused;
    log('starting the bundled Meilisearch', { data_dir: config.dataDir });
    const started = await startEmbeddedMeilisearch(config.dataDir, {
      maxIndexingMemory: config.meiliMaxIndexingMemory,
      log: supervisorLog,
    });
    supervisors.meilisearch = started.supervisor;
    stops.push(() => started.stop());
    return started;
  };
  // The two engines start side by side (each takes most of a second on an empty folder); when one fails, the
  // other is stopped once it has started.
  const starting = [
    postgresUrl().then((url) => {
      urlDecided(url);
      return url;
    }),
    options.search === false ? Promise.resolve(null) : meilisearch(),
  ] as const;
  // Meilisearch answers well before a new cluster is created: its own start is waited for, not PostgreSQL's.
  Promise.all([decidedUrl, starting[1]]).then(
    ([databaseUrl, search]) =>
      options.onAddresses?.({ databaseUrl, meiliHost: search?.host ?? '', meiliApiKey: search?.apiKey }),
    () => {}, // the failure is thrown below
  );
  const [pg, meili] = await Promise.allSettled(starting);
  if (pg.status === 'rejected' || meili.status === 'rejected') {
    await stop();
    throw pg.status === 'rejected' ? pg.reason : (meili as PromiseRejectedResult).reason;
  }
  return {
    databaseUrl: pg.value,
    meiliHost: meili.value?.host ?? '',
    meiliApiKey: meili.value?.apiKey,
    supervisors,
    stop,
  };
}

/**
 * The bundled Meilisearch to reuse: the one a live Plateau process owns (waiting a while for its supervisor when
 * it is being restarted), or null after stopping an orphan.
 */
async function reuseMeilisearch(dataDir: string, log: ServiceLog, warn: ServiceLog) {
  const deadline = Date.now() + waitForOwnerMs;
  let said = false;
  for (;;) {
    const found = await findEmbeddedMeilisearch(dataDir);
    if (found?.ownerRunning) return { host: found.host, apiKey: found.apiKey };
    if (found) {
      warn('stopping the bundled Meilisearch a killed Plateau process left running', { pid: found.pid });
      await stopOrphanedMeilisearch(dataDir, found);
      return null;
    }
    if (!(await meilisearchOwnedElsewhere(dataDir)) || Date.now() > deadline) return null;
    if (!said) log('waiting for the running Plateau to bring its bundled Meilisearch back');
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
