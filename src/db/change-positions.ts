// The change feed's order: each change's `position`, given in commit order. A change's id is handed out when it is
// inserted but the row is seen at commit, so a long transaction (an import) commits ids below those a short one
// committed meanwhile; a feed read by id would have handed out a cursor past them. Positions are given only to the
// rows whose transaction is certainly finished (its id below the oldest still running), by one sequencer at a time.
import { sql } from 'drizzle-orm';
import { type Db, executePrepared } from './client.js';

const POSITIONS_LOCK = 7_311_042_005;

/** The most changes one call positions: more than a feed page (100), few enough for one short statement. */
export const positionBatch = 5_000;

/** A change row whose transaction has ended (committed, since the row is seen) before any still running began. */
const finished = sql`txid < pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * Gives a feed position to the changes (at most `positionBatch`) whose transactions have certainly ended and that have
 * none yet, in the order of their transaction ids then their ids, above every position given; returns how many.
 * Cheap when none waits (one look at the partial index `changes_unpositioned_idx`). Under a transaction advisory lock,
 * taken before the statement that reads the largest position, so that two API processes never give one twice nor
 * interleave. A change of a transaction still running, or begun before one still running, waits for it: during a long
 * import, the changes committed meanwhile come into the feed once it ends.
 */
export async function positionChanges(db: Db): Promise<number> {
  // The oldest row still to position, through the partial index whatever the statistics say (ordered, one row).
  const [waiting] = await executePrepared<{ waiting: boolean | null }>(
    db,
    sql`select (select txid from changes where position is null order by txid, id limit 1)
               < pg_snapshot_xmin(pg_current_snapshot()) as waiting`,
  );
  if (!waiting?.waiting) return 0;
  return db.transaction(async (tx) => {
    await executePrepared(tx, sql`select pg_advisory_xact_lock(${POSITIONS_LOCK}::bigint)`);
    // A statement of its own, after the lock: its snapshot sees the positions the previous holder committed.
    const rows = await executePrepared<{ n: string }>(
      tx,
      sql`
        with due as (
          select id, row_number() over (order by txid, id) as n
            from changes
           where position is null and ${finished}
           order by txid, id
           limit ${positionBatch}),
        positioned as (
          update changes c
             set position = (select coalesce(max(position), 0) from changes) + due.n
            from due
           where c.id = due.id
          returning 1)
        select count(*)::text as n from positioned`,
    );
    return Number(rows[0]?.n ?? 0);
  });
}

/** Positions every change that can be (`positionChanges` batch after batch): the background loop's pass. */
export async function positionAllChanges(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await positionChanges(db);
    total += n;
    if (n < positionBatch) return total;
  }
}
