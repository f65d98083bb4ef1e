// Rate limits (@fastify/rate-limit, counted in this process): reads per client
// address, writes per API key, each over a fixed window of one minute. Every
// counted answer says where the client stands in the `RateLimit-Policy` and
// `RateLimit` fields of the IETF draft (draft-ietf-httpapi-ratelimit-headers);
// over the limit, a 429 problem with `Retry-After`. The probes are not counted.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../http/problems.js';

/** Requests per minute; 0 turns a limit off. */
export interface RateLimits {
  /** Reads (and every request that needs no key), per client address. */
  readsPerMinute: number;
  /** Writes, per API key (counted once the key is known good, before the body is read). */
  writesPerMinute: number;
}

const windowSeconds = 60;

type Policy = { name: 'reads' | 'writes'; quota: number };

/** Counts the request against its policy, sets the draft's fields, and throws a 429 past the quota. */
async function count(
  limiter: ReturnType<FastifyInstance['createRateLimit']>,
  policy: Policy,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const state = await limiter(request);
  if (state.isAllowed) return;
  reply.header('ratelimit-policy', `"${policy.name}";q=${policy.quota};w=${windowSeconds}`);
  reply.header('ratelimit', `"${policy.name}";r=${state.remaining};t=${state.ttlInSeconds}`);
  if (!state.isExceeded) return;
  const what = policy.name === 'reads' ? 'requests from this address' : 'writes with this API key';
  throw new AppError(
    'too_many_requests',
    `More than ${policy.quota} ${what} in ${windowSeconds} seconds; try again in ${state.ttlInSeconds} s.`,
    { headers: { 'retry-after': String(state.ttlInSeconds) } },
  );
}

export default fp(
  async function rateLimitsPlugin(app: FastifyInstance, limits: RateLimits) {
    // The plugin's counters and stores only; the hooks below decide what counts where.
    await app.register(rateLimit, { global: false });
    const options = { timeWindow: windowSeconds * 1000, cache: 10_000 };

    if (limits.readsPerMinute > 0) {
      const policy: Policy = { name: 'reads', quota: limits.readsPerMinute };
      // The default key: the client's address (an IPv6 address by its /64).
      const limiter = app.createRateLimit({ ...options, max: policy.quota });
      app.addHook('onRequest', async (request, reply) => {
        const { config } = request.routeOptions;
        if (config.scope || config.probe) return;
        await count(limiter, policy, request, reply);
      });
    }

    if (limits.writesPerMinute > 0) {
      const policy: Policy = { name: 'writes', quota: limits.writesPerMinute };
      const limiter = app.createRateLimit({
        ...options,
        max: policy.quota,
        keyGenerator: (request) => `key:${request.actor?.keyId ?? request.actor?.name}`,
      });
      // After the route's own onRequest hooks (plugins/auth.ts has named the key), before the body is read; on the
      // routes that need a key only, so that a read runs no hook of it.
      const countWrite: preParsingHookHandler = (request, reply, _payload, done) => {
        if (!request.actor) return done();
        count(limiter, policy, request, reply).then(() => done(), done);
      };
      app.addHook('onRoute', (route) => {
        if (route.config?.scope) route.preParsing = [...[route.preParsing ?? []].flat(), countWrite];
      });
    }
  },
  { name: 'rate-limits', dependencies: ['errors'] },
);
