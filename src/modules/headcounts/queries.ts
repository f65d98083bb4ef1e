// The dated headcount figures of a site or an operator, each with its source.
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { headcounts } from '../../db/schema/index.js';

/** The figures of one entry, oldest first; `owner` is the headcounts column of its kind (`site_id`). */
export function headcountsOf(db: Db, owner: string, id: string) {
  return db
    .select({
      id: headcounts.id,
      kind: headcounts.kind,
      value: headcounts.value,
      as_of: headcounts.as_of,
      note: headcounts.note,
      source_id: headcounts.source_id,
      quote: headcounts.quote,
    })
    .from(headcounts)
    .where(sql`${headcounts}.${sql.identifier(owner)} = ${id}`)
    .orderBy(asc(headcounts.as_of), asc(headcounts.id));
}
