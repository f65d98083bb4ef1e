// Waiting for the change feed to catch up. A change enters the feed once every transaction begun before it has
// ended, on the whole server: another test file's import running beside a test holds its writes back a moment.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';

/**
 * Reads the feed (which positions what has committed) until every change of the database has its position, then
 * gives the position just before the first change of `entityId` when one is named. Fails after `ms`.
 */
export async function feedCaughtUp(app: App, db: Db, entityId?: string, ms = 15_000): Promise<number> {
  for (const deadline = Date.now() + ms; ; await sleep(50)) {
    await app.inject({ method: 'GET', url: '/v1/changes?limit=1' });
    const [row] = await db.execute<{ waiting: boolean; before: string | null }>(sql`
      select exists (select from changes where position is null) as waiting,
             (select min(position) - 1 from changes where entity_id = ${entityId ?? null})::text as before`);
    if (!row!.waiting) return Number(row!.before ?? 0);
    if (Date.now() > deadline) throw new Error(`the change feed did not catch up within ${ms} ms`);
  }
}
