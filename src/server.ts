// Starts Plateau: the bundled PostgreSQL and Meilisearch unless DATABASE_URL
// and MEILI_HOST are set (supervised, orphans of a killed run stopped first),
// the migrations and the search entries view, the seed on an empty database,
// then the API and its search indexer. Stopping goes through src/shutdown.ts.
import type { App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { type ServiceAddresses, startServices } from './runtime.js';
import { Shutdown } from './shutdown.js';

const levels = { debug: 20, info: 30, warn: 40, error: 50 } as const;

function log(level: keyof typeof levels, msg: string, extra: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level: levels[level], time: Date.now(), msg, ...extra });
  (level === 'info' || level === 'debug' ? process.stdout : process.stderr).write(`${line}\n`);
}

/**
 * Where the start's time goes: each phase's end, in ms since the process began (`performance.now()`, module
 * loading included), and the CPU time the process had used by then (user and system, ms: on a shared machine the
 * wall times vary with the load, the CPU much less), logged as one debug line `start timeline` once the API
 * listens and the search index it began building on a fresh data folder is swapped in (`search index built`; the
 * line waits for it), scripts/bench/start.ts prints it.
 */
const timeline: Record<string, number> = {};
const cpuTimeline: Record<string, number> = {};
const mark = (phase: string) => {
  timeline[phase] = Math.round(performance.now());
  const { user, system } = process.cpuUsage();
  cpuTimeline[phase] = Math.round((user + system) / 1000);
};

/**
 * Closes the API: no new connection, running requests (exports included) finish within `graceMs` (or until
 * `hurry`), then those still open are cut; then the app's own teardown (indexer drained, pools closed).
 */
async function closeApp(app: App, graceMs: number, hurry: Promise<void>) {
  const closing = app.close();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), graceMs);
  });
  const first = await Promise.race([
    closing.then(() => 'closed' as const),
    expired,
    hurry.then(() => 'expired' as const),
  ]);
  clearTimeout(timer);
  if (first === 'expired') {
    app.log.warn({ grace_ms: graceMs }, 'closing the connections still open');
    app.server.closeAllConnections();
  }
  await closing;
}

/**
 * What the start needs once the engines answer: the API's modules (the bundle's chunks other than server.js's) and,
 * when the seed is loaded on start, seed-data/ read and checked (its places need the reference geography: about a
 * third of a second of CPU, the search settings need it later too). Begun while the bundled engines start (other
 * processes), rather than before or after them; the seed is awaited only when the database is migrated. Read once the
 * engines answer instead, while PostgreSQL migrates, the seed's slices held up each of the migrations' round trips
 * (scripts/bench/results/README.md).
 */
async function loadTheRest(seedOnStart: boolean) {
  const [{ buildApp }, { prepareDatabase }, { readCheckedSeed, seedIfEmpty }] = await Promise.all([
    import('./app.js'),
    import('./database.js'),
    import('./seed/load.js'),
  ]);
  mark('modules loaded');
  const seed = seedOnStart ? readCheckedSeed() : null;
  seed?.then(
    () => mark('seed read and checked'),
    () => {}, // awaited by seedIfEmpty, where a failure stops the start
  );
  return { buildApp, prepareDatabase, seedIfEmpty, seed };
}

async function main() {
  mark('server module loaded');
  const config = loadConfig();
  const began = Date.now();
  const shutdown = new Shutdown(log);
  shutdown.install();
  // Begun once the engines' start runs in their own processes (PostgreSQL's initdb spawned): begun earlier, the
  // modules' compilation and the app's building would hold up each step of that start which needs this process's
  // event loop (about a dozen before initdb), and so put off the cluster's creation by about as much.
  let launched: () => void = () => {};
  const rest = new Promise<void>((resolve) => {
    launched = resolve;
  }).then(() => loadTheRest(config.seedOnStart));
  rest.catch(() => {}); // awaited below; a failure then stops the start
  // The app is built as soon as the engines' addresses are decided and its modules loaded: for bundled engines,
  // while PostgreSQL creates its cluster and starts (other processes; the app's pools connect lazily, its
  // database watch and indexer begin when it is ready), so that only the migrations and the seed follow the
  // engines' answer.
  let addressesKnown: (addresses: ServiceAddresses) => void = () => {};
  const addresses = new Promise<ServiceAddresses>((resolve) => {
    addressesKnown = resolve;
  });
  const building = Promise.all([addresses, rest]).then(([{ databaseUrl, meiliHost, meiliApiKey }, { buildApp }]) =>
    buildApp({
      databaseUrl,
      logLevel: config.logLevel,
      statementTimeoutMs: config.statementTimeoutSeconds * 1000,
      detailCacheBytes: config.detailCacheBytes,
      maxConcurrentExports: config.maxConcurrentExports,
      exportStallMs: config.exportStallMs,
      protection: config.protection,
      publicUrl: config.publicUrl,
      search: { host: meiliHost, apiKey: meiliApiKey, indexName: config.meiliIndex, runIndexer: true },
    }),
  );
  building.then(
    () => mark('app built'),
    () => {}, // awaited below
  );
  const services = await startServices(config, (msg, extra) => log('info', msg, extra), {
    warn: (msg, extra) => log('warn', msg, extra),
    onAddresses: addressesKnown,
    onLaunched: () => {
      mark('engines launched');
      launched();
    },
  });
  shutdown.add('stop the bundled engines', () => services.stop());
  if (shutdown.shuttingDown) return;
  const { databaseUrl } = services;
  log('info', 'engines answer', { ms: Date.now() - began });
  mark('engines answer');
  const { prepareDatabase, seedIfEmpty, seed } = await rest;
  // Settled once the database is migrated and seeded (or the start given up): what a first search index build
  // waits for before it reads the documents.
  let seeded: (outcome: Error | null) => void = () => {};
  const databaseReady = new Promise<void>((resolve, reject) => {
    seeded = (outcome) => (outcome ? reject(outcome) : resolve());
  });
  databaseReady.catch(() => {}); // the indexer's first pass reports it
  let firstBuild: Promise<unknown> = Promise.resolve();
  building.then(
    (app) => {
      // Registered after the engines' stop, so that it runs before it (last registered first).
      shutdown.add('close the API', (hurry) => closeApp(app, config.shutdownGraceSeconds * 1000, hurry));
      // The pool's first connection (authentication, type lookup) opened while PostgreSQL migrates: the seed and
      // /ready's first check then find it open. A failure here is the seed's or /ready's to report.
      app.database.sql`select 1`.catch(() => {});
      // On a fresh data folder, Meilisearch creates the index and applies its settings while PostgreSQL migrates
      // and the seed loads; its documents follow the seed (Indexer.buildFirst).
      firstBuild = app.directorySearch.indexer.buildFirst(databaseReady).then(
        (built) => built && mark('search index built'),
        () => {}, // the indexer's first pass reports it
      );
    },
    () => {},
  );
  let app: App;
  try {
    await prepareDatabase(databaseUrl);
    log('info', 'database migrated', { ms: Date.now() - began });
    mark('database migrated');
    app = await building;
    // Through the API's own pool: the connection it opens is the one /ready's first check then finds open.
    if (seed && (await seedIfEmpty(app.database.db, seed))) log('info', 'loaded seed-data/ into the empty database');
    mark('seed loaded');
  } catch (error) {
    seeded(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  if (shutdown.shuttingDown) {
    seeded(new Error('the start was given up: Plateau is stopping'));
    return;
  }
  seeded(null);
  await app.listen({ port: config.port, host: config.host });
  mark('listening');
  if (config.logLevel === 'debug' || config.logLevel === 'trace') {
    await firstBuild;
    log('debug', 'start timeline', { ms: timeline, cpu_ms: cpuTimeline });
  }
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    log('error', 'Plateau could not start', {
      err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    });
  }
  process.exit(1);
});
