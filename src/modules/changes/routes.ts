// GET /v1/changes: every create, update, delete and merge across kinds, in
// commit order (their feed `position`, db/change-positions.ts), so that a
// partner can keep an exact copy. Resume with `since`.
import { asc, gt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { positionChanges } from '../../db/change-positions.js';
import { changes } from '../../db/schema/index.js';
import { historyEntry, toChangeEntry, withoutWithheldData } from '../../history/read.js';
import { listProblems } from '../../http/responses.js';
import { limitParam } from '../../listing/pagination.js';

/**
 * The largest position the feed takes and gives: positions are read as JavaScript numbers, exact up to here, so every
 * `next_since` it answers (a change's position, or the `since` given) is one it takes back.
 */
export const maxChangeId = Number.MAX_SAFE_INTEGER;

const sinceError = 'must be a cursor returned by this endpoint (digits)';

const changesQuery = z.strictObject({
  since: z
    .string()
    .regex(/^\d{1,16}$/, { error: sinceError })
    .transform(Number)
    .refine((n) => n <= maxChangeId, { error: sinceError })
    .optional()
    .meta({
      type: 'integer',
      minimum: 0,
      maximum: maxChangeId,
      description: 'The `next_since` of the previous page; from the beginning when absent.',
    }),
  limit: limitParam,
});

/** One change of an entry of one of these kinds (their names). */
function changeSchema(kindNames: readonly string[]) {
  return historyEntry
    .extend({
      entity_kind: z.enum(kindNames as [string, ...string[]]),
      entity_id: z.string(),
      position: z.number().int().min(1).max(maxChangeId).meta({
        description:
          'Its place in the feed, in the order changes were committed; the last one of a page is its `next_since`.',
      }),
    })
    .meta({
      id: 'Change',
      description:
        'One change; `after` is null for a delete (the tombstone), `merged_into` set for a merge. The changes of an ' +
        'entry withheld now (see `withhold`) carry none of its data: `before`, `after` null, no citations. An ' +
        "entry's changes come in the order they were made, but for one case: a transaction that began writing " +
        'before another and changed the entry after the other committed comes before it. By `id`, which grows ' +
        "along each entry's " +
        'history, skip a change older than the last one applied to the entry.',
    });
}

export const changeRoutes: FastifyPluginAsyncZod = async (app) => {
  const change = changeSchema(app.kinds.map((k) => k.name));
  app.get(
    '/',
    {
      schema: {
        tags: ['changes'],
        operationId: 'listChanges',
        summary: 'Every change across kinds, in order, to keep a copy in sync',
        querystring: changesQuery,
        response: {
          200: z
            .object({
              data: z.array(change),
              next_since: z.number().int().min(0).max(maxChangeId).meta({
                description: 'Pass as `since` to get what comes after; the same when nothing new came.',
              }),
              has_more: z.boolean(),
            })
            .meta({ id: 'ChangePage' }),
          ...listProblems,
        },
      },
    },
    async (request) => {
      const since = request.query.since ?? 0;
      // The changes committed since the last page are positioned first; those of a transaction still running (or
      // begun before one still running) wait, so that no `next_since` ever passes a change still to come.
      await positionChanges(app.database.db);
      const rows = await app.database.db
        .select()
        .from(changes)
        .where(gt(changes.position, since))
        .orderBy(asc(changes.position))
        .limit(request.query.limit + 1);
      const page = rows.slice(0, request.query.limit);
      return {
        // An entry withheld now: its changes are listed, its data is not.
        data: await withoutWithheldData(
          app.database.db,
          page.map((row) => ({ ...toChangeEntry(row), position: row.position! })),
        ),
        next_since: page.at(-1)?.position ?? since,
        has_more: rows.length > request.query.limit,
      };
    },
  );
};
