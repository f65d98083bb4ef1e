// Reads stay public; writes need an API key sent as a bearer token. The key
// that made a request is its actor, recorded with every change. A route that
// needs a key says so once, `config: { scope: 'write' }`: this plugin then
// checks the key before the body is read and documents the bearer scheme, and
// lists the route in `app.routeTable` (what the auth matrix test walks).
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../http/problems.js';
import { type Actor, allows, authenticate, type Scope } from '../keys/api-keys.js';

/** A registered route: its method, its URL (`/v1/sites/:id`), its operation id, and the scope it needs, if any. */
export interface RouteEntry {
  method: string;
  url: string;
  operationId: string | undefined;
  scope: Scope | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** A hook (run before the body is read) that lets through only a valid, unrevoked key with this scope. */
    requireKey(scope: Scope): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Every route registered, in order, with the scope of API key it needs. */
    routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** The scope of API key the route needs; none for a public read. */
    scope?: Scope;
  }
}

const challenge = { 'www-authenticate': 'Bearer realm="plateau"' };

/** The OpenAPI security requirement of a route that needs a key (the `apiKey` scheme, plugins/openapi.ts). */
const bearerSecurity = [{ apiKey: [] }];

export default fp(
  async function authPlugin(app: FastifyInstance) {
    app.decorateRequest('actor', null);
    app.decorate('requireKey', (scope: Scope) => async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header) {
        throw new AppError('unauthorized', 'This request needs an API key: send it as `Authorization: Bearer <key>`.', {
          headers: challenge,
        });
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new AppError('unauthorized', 'The Authorization header must be `Bearer <key>`.', { headers: challenge });
      }
      const result = await authenticate(app.database.db, match[1]!);
      if (!result.ok && result.reason === 'unknown') {
        throw new AppError('unauthorized', 'This API key is not known.', { headers: challenge });
      }
      if (!result.ok) throw new AppError('forbidden', 'This API key has been revoked.');
      if (!allows(result.actor.scope, scope)) {
        throw new AppError(
          'forbidden',
          `This API key has the scope '${result.actor.scope}'; this request needs '${scope}'.`,
        );
      }
      request.actor = result.actor;
    });

    const routeTable: RouteEntry[] = [];
    app.decorate('routeTable', routeTable);
    app.addHook('onRoute', (route) => {
      const scope = route.config?.scope ?? null;
      if (scope) {
        // After the hooks put there before (plugins/db.ts's guard: a key is read from the database).
        route.onRequest = [...[route.onRequest ?? []].flat(), app.requireKey(scope) as onRequestHookHandler];
        route.schema = { ...route.schema, security: bearerSecurity };
      }
      for (const method of ([] as string[]).concat(route.method)) {
        routeTable.push({ method, url: route.url, operationId: route.schema?.operationId, scope });
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
