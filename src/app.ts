import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidParameters } from './domain/errors.js';
import { issueInWords } from './domain/issues.js';
import { isRouteSegment } from './domain/vocabulary.js';
import { checkAccept, recordProduces } from './http/negotiation.js';
import { AppError, fromDomainError } from './http/problems.js';
import { responseSerializerCompiler } from './http/serializers.js';
import { checkRequestText, malformedPathParameter, percentFaultMessage } from './http/text.js';
import { entryKinds } from './kinds.js';
import { changeRoutes } from './modules/changes/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { sourceRoutes } from './modules/sources/routes.js';
import pagesPlugin, { badUrlPage, notFoundPage } from './pages/plugin.js';
import authPlugin from './plugins/auth.js';
import { serverOptions } from './plugins/connections.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin, { sendProblem } from './plugins/errors.js';
import openapiPlugin from './plugins/openapi.js';
import protectionPlugin, { type Protection, protectionDefaults } from './plugins/protection.js';
import searchPlugin, { type SearchOptions } from './plugins/search.js';

export interface AppOptions {
  databaseUrl: string;
  /** PostgreSQL's statement_timeout on the API's connections, in ms (15 s by default). */
  statementTimeoutMs?: number;
  /** Bytes of entries' JSON the detail routes may keep in memory (`DETAIL_CACHE_BYTES`; 16 MiB by default). */
  detailCacheBytes?: number;
  /** Exports streaming at once (`MAX_CONCURRENT_EXPORTS`; 8 by default); the next ones get 503 at once. */
  maxConcurrentExports?: number;
  /** How long an export may wait on a client that reads nothing, in ms (`EXPORT_STALL_TIMEOUT_MS`; 30 s by default). */
  exportStallMs?: number;
  search: SearchOptions;
  logLevel?: string;
  /** Where JSON log lines go; stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Rate limits, CORS, timeouts, load shedding: server.ts gives the configuration's; see `protectionDefaults`. */
  protection?: Partial<Protection>;
  /** The public origin of the pages' permanent URLs (`PUBLIC_URL`); unset: each request's own. */
  publicUrl?: string;
}

const requestIdHeader = 'x-request-id';

export async function buildApp(options: AppOptions) {
  const logger: FastifyServerOptions['logger'] = {
    level: options.logLevel ?? 'info',
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const protection: Protection = { ...protectionDefaults, ...options.protection };
  const app = Fastify({
    logger,
    // Timeouts, body limit, trusted proxies, the raw answer to unreadable requests.
    ...serverOptions(protection),
    // A caller's request id is kept when it looks sane; otherwise a new one is made.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers[requestIdHeader];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    routerOptions: {
      ignoreTrailingSlash: true,
      // Beyond what a request line may hold (Node reads 16 KiB of headers, else 431): a parameter too long is refused
      // by its route's schema, naming it (`id: must be at most 120 characters`), never by the router.
      maxParamLength: 16 * 1024,
    },
    // Errors raised before routing (a malformed URL) get a problem body too, naming the path parameter that is not
    // percent-encoded UTF-8 as a query parameter is (http/text.ts), or the 400 page for a browser.
    frameworkErrors: (error, request, reply) => {
      reply.header(requestIdHeader, request.id);
      if (error.code === 'FST_ERR_BAD_URL' && badUrlPage(request, reply)) return;
      if (error.code !== 'FST_ERR_BAD_URL')
        return sendProblem(request, reply, new AppError('bad_request', error.message));
      const malformed = malformedPathParameter(routeUrls, request.url);
      const message = percentFaultMessage(malformed?.fault ?? { escape: '%' });
      const refusal = malformed?.name
        ? fromDomainError(invalidParameters([{ in: 'path', name: malformed.name, message }]))
        : new AppError('bad_request', `The path ${message}.`);
      return sendProblem(request, reply, refusal);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('kinds', entryKinds);
  // The routes' URLs (`/v1/sites/:id`), to name the parameter of a malformed path.
  const routeUrls = new Set<string>();
  app.addHook('onRoute', (route) => {
    routeUrls.add(route.url);
  });
  // A fixed segment of the routes beside an entry's id (`/v1/sites/export`) must be one no id may take.
  const entryPaths = [...entryKinds.map((k) => `/v1/${k.plural}/`), '/v1/sources/'];
  app.addHook('onRoute', (route) => {
    const prefix = entryPaths.find((p) => route.url.startsWith(p));
    const segment = prefix ? route.url.slice(prefix.length).split('/')[0] : '';
    if (segment && !segment.startsWith(':') && !isRouteSegment(segment)) {
      throw new Error(`${route.url}: '${segment}' could be an id; add it to routeSegments (domain/vocabulary.ts)`);
    }
  });
  // A refused parameter or body in the same words as an import's refused row (« 'xls' is not one of csv, jsonl »),
  // not zod's defaults; a schema that words its own refusal keeps it.
  z.config({ customError: issueInWords });
  app.setValidatorCompiler(validatorCompiler);
  // Response bodies written by fast-json-stringify from the zod schemas' JSON Schema (http/serializers.ts).
  app.setSerializerCompiler(responseSerializerCompiler);
  app.addHook('preValidation', checkRequestText);
  // 406 when `Accept` excludes what a route answers with (http/negotiation.ts); errors are problem+json whatever.
  app.addHook('onRoute', recordProduces);
  app.addHook('preHandler', checkAccept);
  // Hooks on every request take `done` rather than being async: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(requestIdHeader, request.id);
    done();
  });

  // An unknown URL outside /v1 asked for by a browser gets the web page's 404 (src/pages/plugin.tsx `wantsPage`).
  await app.register(errorsPlugin, { notFoundPage });
  await app.register(protectionPlugin, protection);
  await app.register(dbPlugin, {
    databaseUrl: options.databaseUrl,
    statementTimeoutMs: options.statementTimeoutMs,
    detailCacheBytes: options.detailCacheBytes,
    maxConcurrentExports: options.maxConcurrentExports,
    exportStallMs: options.exportStallMs,
  });
  await app.register(authPlugin);
  await app.register(searchPlugin, { ...options.search, databaseUrl: options.databaseUrl });
  await app.register(openapiPlugin);

  await app.register(healthRoutes);
  // Each kind's routes, under /v1/<plural>, in the registry's order; then the modules that are not kinds.
  for (const kind of app.kinds) await app.register(kind.routes, { prefix: `/v1/${kind.plural}`, kind });
  await app.register(sourceRoutes, { prefix: '/v1/sources' });
  await app.register(searchRoutes, { prefix: '/v1/search' });
  await app.register(changeRoutes, { prefix: '/v1/changes' });
  // The web page for journalists (src/pages/): HTML, the Atom feeds and CSV of searches, its assets.
  await app.register(pagesPlugin, { publicUrl: options.publicUrl });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
