// Reads stay public; writes need an API key sent as a bearer token. The key
// that made a request is its actor, recorded with every change.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../http/problems.js';
import { type Actor, allows, authenticate, type Scope } from '../keys/api-keys.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** A hook (run before the body is read) that lets through only a valid, unrevoked key with this scope. */
    requireKey(scope: Scope): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const challenge = { 'www-authenticate': 'Bearer realm="plateau"' };

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
  },
  { name: 'auth', dependencies: ['db'] },
);
