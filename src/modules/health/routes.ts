import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appliedMigrationCount, expectedMigrationCount } from '../../db/migrate.js';
import { json, listProblems } from '../../http/responses.js';
import { noQuery } from '../../http/schemas.js';
import { outboxLag } from '../../search/outbox.js';

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
      search: z.object({
        status: z
          .enum(['up', 'down'])
          .meta({ description: 'Down means search answers from PostgreSQL, marked degraded.' }),
        outbox_pending: z.number().int().nullable().meta({ description: 'Changes not yet in the search index.' }),
        outbox_oldest_age_seconds: z.number().nullable().meta({ description: 'Age of the oldest change waiting.' }),
      }),
    }),
  })
  .meta({ id: 'Readiness' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  // The migrations this code was started with (not what lies on disk later).
  const expected = await expectedMigrationCount();

  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        operationId: 'getHealth',
        summary: 'The process is up',
        querystring: noQuery,
        response: { 200: health, ...listProblems },
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
        summary: 'The database is reachable and its migrations applied; the search engine state and lag',
        description:
          'Answers 503 with the same body when the database check fails. A search engine that is down does not make the API unready: search then answers from PostgreSQL.',
        querystring: noQuery,
        response: {
          200: readiness,
          ...listProblems,
          503: json('Not ready: the readiness, its database check down (or, from the server, a problem).', readiness),
        },
      },
    },
    async (request, reply) => {
      let applied: number | null = null;
      try {
        applied = await appliedMigrationCount(app.database.sql);
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
      }
      const ready = applied !== null && applied >= expected;
      const [searchUp, lag] = await Promise.all([
        app.directorySearch.engine.isAvailable(),
        ready ? outboxLag(app.database.db).catch(() => null) : null,
      ]);
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        checks: {
          database: {
            status: applied === null ? 'down' : 'up',
            migrations_applied: applied,
            migrations_expected: expected,
          },
          search: {
            status: searchUp ? 'up' : 'down',
            outbox_pending: lag?.pending ?? null,
            outbox_oldest_age_seconds: lag?.oldest_age_seconds ?? null,
          },
        },
      });
    },
  );
};
