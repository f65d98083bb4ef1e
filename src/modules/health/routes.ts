import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../lib/schemas.js';
import { appliedMigrationCount, expectedMigrationCount } from '../../db/migrate.js';

const health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.object({
        status: z.enum(['up', 'down']),
        migrations_applied: z.number().int().nullable(),
        migrations_expected: z.number().int(),
      }),
    }),
  })
  .meta({ id: 'Readiness' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        operationId: 'getHealth',
        summary: 'The process is up',
        querystring: z.strictObject({}),
        response: { 200: health, 400: problemSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['service'],
        operationId: 'getReadiness',
        summary: 'The database is reachable and its migrations applied',
        description: 'Answers 503 with the same body when a check fails.',
        querystring: z.strictObject({}),
        response: { 200: readiness, 400: problemSchema, 503: readiness },
      },
    },
    async (request, reply) => {
      const expected = await expectedMigrationCount();
      let applied: number | null = null;
      try {
        applied = await appliedMigrationCount(app.database.sql);
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
      }
      const ready = applied !== null && applied >= expected;
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        checks: {
          database: { status: applied === null ? 'down' : 'up', migrations_applied: applied, migrations_expected: expected },
        },
      });
    },
  );
};
