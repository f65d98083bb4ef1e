// The dated headcount figures of a site or an operator, each with its source.
import { type SQL, sql } from 'drizzle-orm';
import { jsonList, requestedId } from '../../db/json.js';
import { headcounts } from '../../db/schema/index.js';

/**
 * The figures of the requested entry as a JSON list built by PostgreSQL, oldest first
 * (`as_of`, then the order they were added); `owner` is the headcounts column of its kind (`site_id`). */
export function headcountList(owner: 'site_id' | 'operator_id'): SQL {
  return jsonList(
    {
      id: headcounts.id,
      kind: headcounts.kind,
      value: headcounts.value,
      as_of: headcounts.as_of,
      note: headcounts.note,
      source_id: headcounts.source_id,
      quote: headcounts.quote,
    },
    sql`from ${headcounts} where ${headcounts}.${sql.identifier(owner)} = ${requestedId}`,
    sql`${headcounts.as_of}, ${headcounts.id}`,
  );
}
