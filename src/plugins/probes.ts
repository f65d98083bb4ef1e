// The liveness and readiness probes, which no rate limit or load shedding
// applies to: an orchestrator must see the process as it is, not be refused.
// A route is a probe when its options say `config: { probe: true }` (modules/health/routes.ts);
// the OpenAPI document then declares neither 429 nor the server's own 503 for it (http/document.ts).
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A liveness or readiness probe: never rate limited nor shed. */
    probe?: boolean;
  }
}

/** Whether the request is for a probe (`/health`, `/ready`). */
export function isProbe(request: FastifyRequest): boolean {
  return request.routeOptions.config.probe === true;
}
