import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appliedMigrationCount, expectedMigrationCount } from '../../db/migrate.js';
import { within } from '../../db/watch.js';
import { json, listProblems } from '../../http/responses.js';
import { noQuery } from '../../http/schemas.js';
import { compileSerializer } from '../../http/serializers.js';
import { outboxLag } from '../../search/outbox.js';
import { maxAttempts } from '../../search/sync.js';

/** Each check of /ready gives up after this long, in ms: readiness answers quickly even when a server is frozen. */
const checkTimeoutMs = 1_500;

const health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const readiness = z
  .object({
    status: z.enum(['ready', 'degraded', 'not_ready']).meta({
      description:
        'ready: everything answers; degraded: the database answers but the search engine does not, or does not hold ' +
        'the search index yet (its first build, on a fresh data folder or after the index was lost): search answers ' +
        'from PostgreSQL, marked degraded; not_ready: the database does not answer in time or lacks migrations (503).',
    }),
    checks: z.object({
      database: z.object({
        status: z.enum(['up', 'down']).meta({
          description: 'Whether PostgreSQL answers, asked on a connection of its own (not the pool of the requests).',
        }),
        pool: z.enum(['free', 'busy']).meta({
          description:
            'busy: the pool of the requests gave no connection within 1.5 s, every one in use (requests that wait ' +
            'for one get 503 with Retry-After). The database is not down for it, nor the API not ready.',
        }),
        migrations_applied: z.number().int().nullable(),
        migrations_expected: z.number().int(),
      }),
      search: z.object({
        status: z.enum(['up', 'down']).meta({
          description:
            'Down means search answers from PostgreSQL, marked degraded: the search engine does not answer, or ' +
            'the index is not built yet. Up: searches answer from the index, which lags the database by ' +
            '`outbox_pending` changes.',
        }),
        outbox_pending: z.number().int().nullable().meta({ description: 'Changes not yet in the search index.' }),
        outbox_oldest_age_seconds: z.number().nullable().meta({ description: 'Age of the oldest change waiting.' }),
        outbox_failing: z
          .number()
          .int()
          .nullable()
          .meta({
            description:
              'Changes waiting whose indexing failed while the search engine answered: retried one at a time, with ' +
              `backoff, up to ${maxAttempts} times.`,
          }),
        outbox_parked: z
          .number()
          .int()
          .nullable()
          .meta({
            description: `Changes given up on after ${maxAttempts} failures; \`npm run reindex\` retries them.`,
          }),
        last_error: z
          .string()
          .nullable()
          .meta({ description: 'Why the latest failed change failed (null when none failed).' }),
      }),
    }),
  })
  .meta({ id: 'Readiness' });

/**
 * /ready's body: `applied` migrations (null when the database did not answer) against the `expected` ones, whether
 * search answers, and the outbox's lag (null when it was not read).
 */
function readinessBody(
  applied: number | null,
  expected: number,
  poolFree: boolean,
  searchUp: boolean,
  lag: Awaited<ReturnType<typeof outboxLag>> | null,
): z.output<typeof readiness> {
  const ready = applied !== null && applied >= expected;
  return {
    status: ready ? (searchUp ? 'ready' : 'degraded') : 'not_ready',
    checks: {
      database: {
        status: applied === null ? 'down' : 'up',
        pool: poolFree ? 'free' : 'busy',
        migrations_applied: applied,
        migrations_expected: expected,
      },
      search: {
        status: searchUp ? 'up' : 'down',
        outbox_pending: lag?.pending ?? null,
        outbox_oldest_age_seconds: lag?.oldest_age_seconds ?? null,
        outbox_failing: lag?.failing ?? null,
        outbox_parked: lag?.parked ?? null,
        last_error: lag?.last_error ?? null,
      },
    },
  };
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  // The migrations this code was started with (not what lies on disk later).
  const expected = await expectedMigrationCount();
  // A start is over at /ready's first 200: the serializer of its body (and the checks of its nullable fields it
  // compiles on first use, tens of ms) is made ready with the app, while the database migrates, by writing once
  // the body /ready gives when nothing answers, rather than on that 200.
  compileSerializer(readiness)(readinessBody(null, expected, false, false, null));

  app.get(
    '/health',
    {
      config: { probe: true },
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
      config: { probe: true },
      schema: {
        tags: ['service'],
        operationId: 'getReadiness',
        summary: 'The database is reachable and its migrations applied; the search engine state and lag',
        description:
          'Answers 503 with the same body when the database check fails or takes longer than 1.5 s. A search engine ' +
          'that is down makes the API degraded, not unready: search then answers from PostgreSQL. Every check is ' +
          'bounded, so this answers within about 2 s whatever the state of the servers.',
        querystring: noQuery,
        response: {
          200: readiness,
          ...listProblems,
          503: json('Not ready: the readiness, its database check down (or, from the server, a problem).', readiness),
        },
      },
    },
    async (request, reply) => {
      const { engine, service } = app.directorySearch;
      // The migrations are counted on the database watch's own connection: a pool whose every connection is held
      // (verify48 fault 02) is busy, not down; the pool is probed apart.
      const [applied, poolFree, searchUp] = await Promise.all([
        within(checkTimeoutMs, app.databaseWatch.run(appliedMigrationCount), 'no answer in time').catch((error) => {
          request.log.warn({ err: error }, 'readiness: the database does not answer');
          return null;
        }),
        app.poolProbe.answers(checkTimeoutMs),
        // Searches go to Meilisearch only when it answers now with the index they read. A failed check (refused, an
        // error, no answer in time: a frozen engine) sends searches to PostgreSQL at once, rather than each waiting
        // out its own bound; a check that finds it answering brings them back at once, as the service's probe would
        // at its next turn (a first start is over when its index is swapped in, not up to a second later).
        // Meilisearch answering is not enough: until the index searches read is built (a fresh data folder's first
        // build, an index wiped) they answer from PostgreSQL, and so does /ready say (verify44 fault 02).
        within(checkTimeoutMs, engine.servingState(), 'no answer in time')
          .catch(() => 'down' as const)
          .then((state) => {
            service.observed(state, 'the health check of /ready');
            return state === 'up' && service.engineAvailable;
          }),
      ]);
      const ready = applied !== null && applied >= expected;
      const lag =
        ready && poolFree
          ? await within(checkTimeoutMs, outboxLag(app.database.db, maxAttempts), 'no answer').catch(() => null)
          : null;
      return reply.code(ready ? 200 : 503).send(readinessBody(applied, expected, poolFree, searchUp, lag));
    },
  );
};
