// Ids of entries merged into others: a published id never stops naming its entry. Wherever an id is taken (a
// filter, a saved page URL, a reference in a write, a merge's `into`), a merged one stands for its survivor, as its
// detail answers 308 to it (http/entries.ts `sendMissing`).
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/** How many merges a chain may hold (a merged into b, b into c…): far more than the directory ever made. */
const maxMerges = 50;

/**
 * The survivor of each of `ids` whose entry of `kind` (`site`, `operator`…) was merged into another, following later
 * merges of the survivor (a into b, then b into c: a's survivor is c), by id; ids never merged, or whose last change
 * of state is not a merge (deleted, withheld, shown again), are absent. The survivor may since have been deleted or
 * withheld: the caller checks it as any id it takes. One statement, over the changes' index by entry
 * (`changes_entity_idx`).
 */
export async function survivorsOf(db: Db, kind: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.execute<{ id: string; survivor: string }>(sql`
    with recursive chain(id, current, depth) as (
      select i, i, 0 from unnest(${sql.param([...new Set(ids)])}::text[]) i
      union all
      select chain.id, last.merged_into, chain.depth + 1
        from chain cross join lateral (
          select c.action, c.merged_into from changes c
           where c.entity_kind = ${kind} and c.entity_id = chain.current
             and c.action in ('delete', 'merge', 'withhold', 'withdraw', 'publish')
           order by c.id desc limit 1) last
       -- A withdrawal into another entry (writes/withhold.ts, \`WithdrawalEntry.into\`) ended the entry as a merge.
       where last.action in ('merge', 'withdraw') and last.merged_into is not null and chain.depth < ${maxMerges})
    select distinct on (id) id, current as survivor from chain where depth > 0 order by id, depth desc`);
  return new Map(rows.map((r) => [r.id, r.survivor]));
}
