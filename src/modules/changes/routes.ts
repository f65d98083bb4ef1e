// GET /v1/changes: every create, update, delete and merge across kinds, in
// commit order (their feed `position`, db/change-positions.ts), so that a
// partner can keep an exact copy. Resume with `since`.
import { asc, gt, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { positionChanges } from '../../db/change-positions.js';
import { type Db, executePrepared } from '../../db/client.js';
import { changes } from '../../db/schema/index.js';
import { withholdingKindNames } from '../../db/withheld.js';
import { invalidParameters } from '../../domain/errors.js';
import { historyEntry, toChangeEntry, withoutWithheldData } from '../../history/read.js';
import { listProblems } from '../../http/responses.js';
import { limitParam } from '../../listing/pagination.js';

/**
 * The largest position the feed takes and gives: positions are read as JavaScript numbers, exact up to here, so every
 * `next_since` it answers (a change's position, or the `since` given) is one it takes back.
 */
export const maxChangeId = Number.MAX_SAFE_INTEGER;

const sinceError = 'must be a cursor returned by this endpoint (digits)';

/**
 * The feed's end: the largest position given out (0 when none is), read after the request positioned what it could.
 * A position is given in a transaction committed before its page is answered, and positions are never taken back nor
 * given twice: every `next_since` any API process has answered is at most the end a later request reads, and every
 * change still to come gets a position above it.
 */
async function feedEnd(db: Db): Promise<number> {
  const [row] = await executePrepared<{ end: string }>(
    db,
    sql`select coalesce(max(position), 0)::text as "end" from changes`,
  );
  return Number(row?.end ?? 0);
}

/**
 * Refuses a `since` beyond the feed's end (`end`): no page gave it, and taken back as `next_since` it would pass every
 * change positioned up to it, changes still to come. A 400 naming `since`.
 */
function refuseBeyondEnd(since: number, end: number): void {
  if (since <= end) return;
  throw invalidParameters([
    {
      in: 'query',
      name: 'since',
      message: `is beyond the end of the feed (${end}): must be a next_since this endpoint returned`,
    },
  ]);
}

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
      description:
        'The `next_since` of the previous page; from the beginning when absent. A `since` beyond the end of the ' +
        'feed (the largest position given out) is a 400 naming `since`: no page returned it, and it would skip ' +
        'the changes still to come up to it.',
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
        'entry withheld now (see `withhold`) carry none of its data: `before`, `after` null, no citations, and name ' +
        'it by its pseudonym (`withheld-` and the first 32 hex digits of the SHA-256 of `<kind>:<id>`), as does ' +
        'any change naming it. An ' +
        "entry's changes come in the order they were made, but for one case: a transaction that began writing " +
        'before another and changed the entry after the other committed comes before it. By `id`, which grows ' +
        "along each entry's " +
        'history, skip a change older than the last one applied to the entry.',
    });
}

export const changeRoutes: FastifyPluginAsyncZod = async (app) => {
  const change = changeSchema(app.kinds.map((k) => k.name));
  const withholdingKinds = withholdingKindNames(app.kinds);
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
      // A page with changes starts below them; an empty one must not start beyond the feed's end.
      if (!rows.length) refuseBeyondEnd(since, await feedEnd(app.database.db));
      const page = rows.slice(0, request.query.limit);
      return {
        // An entry withheld now: its changes are listed under its pseudonym, its data is not.
        data: await withoutWithheldData(
          app.database.db,
          page.map((row) => ({ ...toChangeEntry(row), position: row.position! })),
          withholdingKinds,
        ),
        next_since: page.at(-1)?.position ?? since,
        has_more: rows.length > request.query.limit,
      };
    },
  );
};
