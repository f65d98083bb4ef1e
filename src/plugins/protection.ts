// What the API does to protect itself, gathered in one set of options and one
// plugin that registers the concerns in the order a request meets them:
// security headers, load shedding, CORS, rate limits, compression, the JSON
// body parser, the connection closed after an early refusal. The Node server's
// own limits (timeouts, body size) are options of the Fastify constructor:
// `serverOptions` in plugins/connections.ts.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import compression from './compression.js';
import connections, { type Timeouts, timeoutDefaults } from './connections.js';
import cors from './cors.js';
import jsonBody from './json-body.js';
import loadShedding, { type LoadShedding } from './load-shedding.js';
import rateLimits, { type RateLimits } from './rate-limits.js';
import securityHeaders from './security-headers.js';

/** The protections of one app; src/config.ts reads them from the environment (README's configuration table). */
export interface Protection {
  /** Requests per minute, reads per client address and writes per API key; null: no limit. */
  rateLimits: RateLimits | null;
  /** Origins (`https://example.org`) whose pages may write; every origin may read. */
  corsOrigins: string[];
  /** The Node server's timeouts, in milliseconds. */
  timeouts: Timeouts;
  /** Largest request body, in bytes (413 above it). */
  bodyLimit: number;
  /** 503 while the event loop lags or the heap is nearly full; null: never shed. */
  loadShedding: LoadShedding | null;
  /** Whom to believe for the client's address (`X-Forwarded-For`): every proxy, none, or these addresses/CIDRs. */
  trustProxy: boolean | string[];
}

/**
 * The protections of an app built without any: the configuration's defaults,
 * except rate limits and load shedding, which depend on traffic and load and
 * are on only when given (server.ts always gives the configuration's; tests
 * send thousands of requests from one address on a busy machine).
 */
export const protectionDefaults: Protection = {
  rateLimits: null,
  corsOrigins: [],
  timeouts: timeoutDefaults,
  bodyLimit: 1024 * 1024,
  loadShedding: null,
  trustProxy: false,
};

/** Registers every protection but the server's own limits; before the routes, so that they apply to all. */
export default fp(
  async function protectionPlugin(app: FastifyInstance, protection: Protection) {
    await app.register(securityHeaders);
    if (protection.loadShedding) await app.register(loadShedding, protection.loadShedding);
    await app.register(cors, { origins: protection.corsOrigins });
    if (protection.rateLimits) await app.register(rateLimits, protection.rateLimits);
    await app.register(compression);
    await app.register(jsonBody);
    await app.register(connections);
  },
  { name: 'protection', dependencies: ['errors'] },
);
