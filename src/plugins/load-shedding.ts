// Load shedding (@fastify/under-pressure): while the event loop lags or the
// heap is nearly full, requests get a quick 503 with Retry-After instead of
// waiting in a queue that only grows. The probes are always answered.
import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../http/problems.js';
import { isProbe } from './probes.js';

/** When to shed; a threshold of 0 is never reached. */
export interface LoadShedding {
  /** Mean event-loop delay over a sample, in milliseconds. */
  maxEventLoopDelayMs: number;
  /** Heap used, as a fraction (0 to 1) of the V8 heap limit (`--max-old-space-size`). */
  maxHeapUsedFraction: number;
  /** How often the process is measured, in milliseconds; 1000 unless given (tests measure more often). */
  sampleIntervalMs?: number;
}

/** Seconds a shed client is asked to wait. */
const retryAfterSeconds = 5;

export default fp(
  async function loadSheddingPlugin(app: FastifyInstance, options: LoadShedding) {
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelayMs,
      maxHeapUsedBytes: Math.floor(options.maxHeapUsedFraction * getHeapStatistics().heap_size_limit),
      sampleInterval: options.sampleIntervalMs ?? 1000,
      // Returning nothing lets the request through; throwing answers it with a problem body.
      pressureHandler: async (request, _reply, type) => {
        if (isProbe(request)) return;
        request.log.warn({ pressure: type }, 'load shed');
        throw new AppError('service_unavailable', 'The server is overloaded at the moment; try again shortly.', {
          headers: { 'retry-after': String(retryAfterSeconds) },
        });
      },
    });
  },
  { name: 'load-shedding' },
);
