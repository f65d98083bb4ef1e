// The liveness and readiness probes, which no rate limit or load shedding
// applies to: an orchestrator must see the process as it is, not be refused.
import type { FastifyRequest } from 'fastify';

const probeRoutes = new Set(['/health', '/ready']);

/** Whether the request is for `/health` or `/ready` (modules/health/routes.ts). */
export function isProbe(request: FastifyRequest): boolean {
  return probeRoutes.has(request.routeOptions.url ?? '');
}
