// The servers Plateau works with: those named by the environment, else the
// bundled ones of the data folder. A bundled engine another live Plateau
// process owns (the API while a CLI runs) is reused; one whose owner was
// killed (an orphan) is stopped, then a fresh one is started and supervised
// by this process. The API and the CLIs share this.
import path from 'node:path';
import type { Config } from './config.js';
import {
  findEmbeddedPostgres,
  postgresOwnedElsewhere,
  startEmbeddedPostgres,
  stopOrphanedPostgres,
} from './db/embedded.js';
import type { RuntimeRecord } from './engines/processes.js';
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

/**
 * Starts (or finds) the two engines; resolves once both answer. `onAddresses` is told where they will answer as soon
 * as that is decided: for a bundled PostgreSQL, once its port is chosen, before its cluster is created and the
 * server started (most of a first start), so that what needs only the addresses (an app whose pools connect lazily)
 * is built meanwhile. It is not told when an engine fails to start first. `onLaunched` is told once what is left of
 * the engines' start runs in their own processes (PostgreSQL's initdb creating the cluster, or its server starting;
 * Meilisearch answering), at once for servers of the environment or reused ones: until then each step of their start
 * needs a turn of this process's event loop, so that work of its own begun earlier (loading the API's modules, about
 * a second of CPU) would put off initdb by as much. Not told when an engine fails first.
 */
export async function startServices(
  config: Config,
  log: ServiceLog,
  options: {
    search?: boolean;
    warn?: ServiceLog;
    onAddresses?: (addresses: ServiceAddresses) => void;
    onLaunched?: () => void;
  } = {},
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
  let postgresLaunched: () => void = () => {};
  const postgresRuns = new Promise<void>((resolve) => {
    postgresLaunched = resolve;
  });
  let urlDecided: (url: string) => void = () => {};
  const decidedUrl = new Promise<string>((resolve) => {
    urlDecided = resolve;
  });
  const postgresUrl = async (): Promise<string> => {
    if (config.databaseUrl) return config.databaseUrl;
    const reused = await reuseEngine('PostgreSQL', config, log, postgresOwnedElsewhere, async () => {
      const found = await findEmbeddedPostgres(config.dataDir);
      if (found?.ownerRunning) return { value: found.url };
      if (!found) return null;
      warn('stopping the bundled PostgreSQL a killed Plateau process left running', { pid: found.pid });
      await stopOrphanedPostgres(config.dataDir, found);
      return 'orphan stopped';
    });
    if (reused) return reused;
    log('starting the bundled PostgreSQL', { data_dir: config.dataDir });
    const pg = await startEmbeddedPostgres(config.dataDir, {
      onNotice: (msg) => log(msg),
      log: supervisorLog,
      onUrl: urlDecided,
      onLaunched: postgresLaunched,
    });
    supervisors.postgres = pg.supervisor;
    stops.push(() => pg.stop());
    return pg.url;
  };
  const meilisearch = async (): Promise<{ host: string; apiKey: string | undefined }> => {
    if (config.meiliHost) return { host: config.meiliHost, apiKey: config.meiliApiKey };
    const reused = await reuseEngine('Meilisearch', config, log, meilisearchOwnedElsewhere, async () => {
      const found = await findEmbeddedMeilisearch(config.dataDir);
      if (found?.ownerRunning) return { value: { host: found.host, apiKey: found.apiKey } };
      if (!found) return null;
      warn('stopping the bundled Meilisearch a killed Plateau process left running', { pid: found.pid });
      await stopOrphanedMeilisearch(config.dataDir, found);
      return 'orphan stopped';
    });
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
      postgresLaunched();
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
  Promise.all([postgresRuns, starting[1]]).then(
    () => options.onLaunched?.(),
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
 * The bundled engine of the data folder to reuse, or null when this process is to start its own. `find` gives the
 * engine a live Plateau process owns and that answers (`{ value }`), stops an orphan (`'orphan stopped'`), or finds
 * nothing usable (null). While another live process owns the engine (`ownedElsewhere`: the API, beside a CLI), this
 * process never starts a second one on the same folder: it waits up to `ENGINE_WAIT_SECONDS` for the owner's engine
 * to answer (its supervisor may be restarting it), then throws an error naming the engine, its pid, its owner and
 * what to do, having changed nothing.
 */
async function reuseEngine<T>(
  engine: 'PostgreSQL' | 'Meilisearch',
  config: Config,
  log: ServiceLog,
  ownedElsewhere: (dataDir: string) => Promise<RuntimeRecord | null>,
  find: () => Promise<{ value: T } | 'orphan stopped' | null>,
): Promise<T | null> {
  const deadline = Date.now() + config.engineWaitSeconds * 1000;
  let said = false;
  for (;;) {
    const found = await find();
    if (found === 'orphan stopped') return null;
    if (found) return found.value;
    const owned = await ownedElsewhere(config.dataDir);
    if (!owned) return null;
    if (Date.now() > deadline) throw new Error(silentEngine(engine, config, owned));
    if (!said) log(`waiting for the running Plateau to bring its bundled ${engine} back`, { pid: owned.pid });
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What a CLI says when the engine another live process owns did not answer in time. */
function silentEngine(engine: string, config: Config, owned: RuntimeRecord): string {
  const log = path.join(config.dataDir, engine === 'PostgreSQL' ? 'postgres.log' : 'meilisearch.log');
  return (
    `the bundled ${engine} of ${config.dataDir} (pid ${owned.pid}) did not answer within ${config.engineWaitSeconds} s; ` +
    `it belongs to the running Plateau process ${owned.owner.pid}, so no second ${engine} was started on that folder ` +
    `and nothing was changed. Wait until it answers (see ${log}; a stopped process resumes with kill -CONT ${owned.pid}) ` +
    `and run this command again, or stop Plateau (pid ${owned.owner.pid}) first; ENGINE_WAIT_SECONDS sets the wait`
  );
}
