import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { defaultDetailCacheBytes, defaultExportStallMs, defaultMaxConcurrentExports } from '../config.js';
import { connect, type Database } from '../db/client.js';
import { ExportConnections } from '../db/export-connections.js';
import { PoolProbe } from '../db/pool-probe.js';
import { SnapshotCache } from '../db/snapshot-cache.js';
import { DatabaseWatch } from '../db/watch.js';
import { UnavailableError } from '../domain/errors.js';
import { AppError } from '../http/problems.js';
import { sendProblem } from './errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    /** Whether PostgreSQL answers now (probed every second). */
    databaseWatch: DatabaseWatch;
    /** Entries' JSON kept under the MVCC snapshot they were read under, for the detail routes (db/snapshot-cache.ts). */
    detailCache: SnapshotCache;
    /** Whether the pool gives a connection now (busy is not down). */
    poolProbe: PoolProbe;
    /** The exports' own connections, apart from the pool, and their bounds. */
    exportConnections: ExportConnections;
  }
}

export interface DatabaseOptions {
  databaseUrl: string;
  /** PostgreSQL's statement_timeout on the API's connections, in ms (15 s by default). */
  statementTimeoutMs?: number;
  /** How long a request may wait on a database that stopped answering before its 503, in ms (3 s by default). */
  waitMs?: number;
  /** Bytes of entries' JSON the detail cache may keep (`DETAIL_CACHE_BYTES`; 16 MiB by default; 0 keeps none). */
  detailCacheBytes?: number;
  /** Exports streaming at once (`MAX_CONCURRENT_EXPORTS`; 4 by default); the next ones get 503 at once. */
  maxConcurrentExports?: number;
  /** How long an export may wait on a client that reads nothing, in ms (`EXPORT_STALL_TIMEOUT_MS`; 30 s by default). */
  exportStallMs?: number;
}

/** How long the pool has to answer a `select 1` before a request that waited `waitMs` is told it is busy, in ms. */
const poolProbeMs = 1_000;

/** Seconds a client is told to wait when the database does not answer. */
const retryAfterSeconds = 5;

/** Routes that answer without the database (or, for /ready, bound their own wait), by URL. */
const withoutDatabase = /^\/(health|ready|openapi\.json|docs)(\/|$)/;

/**
 * How long a statement of the API waits for a lock, in ms: a write to an entry another transaction holds (a bulk
 * import, in one transaction, holds every entry it changed until it commits) is refused after it (409, plugins/errors.ts)
 * rather than holding a connection of the pool until the statement timeout.
 */
const lockTimeoutMs = 3_000;

/** The 503 of a request that waited for a connection of the pool while every one was in use. */
function poolBusy(): AppError {
  return new AppError(
    'service_unavailable',
    'Every database connection of this server is in use at the moment; try again shortly.',
    { headers: { 'retry-after': String(retryAfterSeconds) } },
  );
}

function databaseUnavailable(): UnavailableError {
  return new UnavailableError('The database cannot be reached at the moment; try again shortly.', retryAfterSeconds);
}

/**
 * The PostgreSQL connection pool, closed with the app, and the guard around it: while the watch says the
 * database is down, requests that need it get a 503 at once; a request already waiting on it when it stops
 * answering gets its 503 after `waitMs` (a frozen server never answers nor fails), never a hung connection.
 */
export default fp(
  async function dbPlugin(app: FastifyInstance, options: DatabaseOptions) {
    const database = connect(options.databaseUrl, {
      statementTimeoutMs: options.statementTimeoutMs ?? 15_000,
      lockTimeoutMs: lockTimeoutMs,
    });
    const watch = new DatabaseWatch(options.databaseUrl, {
      onChange: (state, detail) =>
        state === 'down'
          ? app.log.warn({ detail }, 'the database does not answer; requests get 503 until it does')
          : app.log.info('the database answers again'),
    });
    const waitMs = options.waitMs ?? 3_000;
    app.decorate('database', database);
    app.decorate('databaseWatch', watch);
    app.decorate('detailCache', new SnapshotCache(database.sql, options.detailCacheBytes ?? defaultDetailCacheBytes));
    const pool = new PoolProbe(database.sql);
    app.decorate('poolProbe', pool);
    app.decorate(
      'exportConnections',
      new ExportConnections(
        options.databaseUrl,
        options.maxConcurrentExports ?? defaultMaxConcurrentExports,
        options.exportStallMs ?? defaultExportStallMs,
      ),
    );
    // Probing from when the app is ready, not built: the server builds it while its PostgreSQL is still starting.
    app.addHook('onReady', async () => watch.start());

    /** Replies the guard answered 503 while their handler still waited on the database. */
    const answeredEarly = new WeakSet<FastifyReply>();

    /**
     * Gives the request its 503 if, after `waitMs`, the database stops answering while it waits, or the pool gives
     * no connection (every one held: its query waits in the pool's queue, which has no bound of its own).
     */
    const guard = (request: FastifyRequest, reply: FastifyReply) => {
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const answerEarly = (problem: AppError) => {
        sendProblem(request, reply, problem);
        answeredEarly.add(reply);
      };
      const check = async () => {
        if (closed || reply.sent || reply.raw.headersSent) return;
        if (watch.state === 'down') {
          request.log.warn('the database stopped answering during the request');
          const error = databaseUnavailable();
          return answerEarly(
            new AppError('service_unavailable', error.message, {
              headers: { 'retry-after': String(error.retryAfterSeconds) },
            }),
          );
        }
        const free = await pool.answers(poolProbeMs);
        if (closed || reply.sent || reply.raw.headersSent) return;
        if (!free && watch.state === 'up') {
          request.log.warn('every connection of the pool is in use: the request is answered 503');
          return answerEarly(poolBusy());
        }
        timer = setTimeout(() => void check(), 500).unref();
      };
      timer = setTimeout(() => void check(), waitMs).unref();
      reply.raw.once('close', () => {
        closed = true;
        clearTimeout(timer);
      });
    };

    // Not async: while the database is up (nearly always), no promise per request.
    const needDatabase = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (watch.state !== 'down') {
        guard(request, reply);
        return done();
      }
      watch.recheck().then(
        (up) => {
          if (!up) return done(databaseUnavailable());
          guard(request, reply);
          done();
        },
        (error: Error) => done(error),
      );
    };
    // On the routes that need the database, chosen once per route; an unknown URL's 404 needs none.
    app.addHook('onRoute', (route) => {
      if (withoutDatabase.test(route.url)) return;
      route.onRequest = [needDatabase, ...[route.onRequest ?? []].flat()];
      // A handler that ends (answers or fails) after the guard's 503 ends unheard: the client has its answer, and
      // Fastify would log it as « Reply was already sent » or « Promise errored, but reply.sent = true was set ».
      const { handler } = route;
      route.handler = function (this: FastifyInstance, request, reply) {
        const answer = handler.call(this, request, reply);
        // A handler that answers synchronously (or later, by itself) is left as it is.
        if (!(answer instanceof Promise)) return answer;
        return answer.then(
          (value) => (answeredEarly.has(reply) ? undefined : value),
          (error: unknown) => {
            if (!answeredEarly.has(reply)) throw error;
            request.log.debug({ err: error }, 'the request ended after its 503');
            return undefined;
          },
        );
      };
    });

    app.addHook('onClose', async () => {
      await watch.stop();
      await database.close();
    });
  },
  { name: 'db' },
);
