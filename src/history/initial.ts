// The first entry of every entry's history: its state as loaded (by the seed,
// or before history existed), with the citations it carried.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { KindDefinition } from '../kind.js';

/**
 * Records a `create` by `seed` for every entry of `kinds` that has no history
 * yet, one set-based insert per kind, in the order given (the registry's:
 * operators first, since the other kinds refer to them). Returns how many.
 */
export async function recordInitialHistory(
  db: Db,
  kinds: readonly Pick<KindDefinition, 'name' | 'tableName' | 'citationColumn'>[],
): Promise<number> {
  let recorded = 0;
  for (const kind of kinds) {
    const inserted = await db.execute(sql`
      insert into changes (entity_kind, entity_id, action, actor, after, citations)
      select ${kind.name}, t.id, 'create', 'seed', to_jsonb(t),
             coalesce((select jsonb_agg(jsonb_build_object('source_id', c.source_id, 'quote', c.quote,
                                                           'fields', c.fields) order by c.id)
                         from citations c where c.${sql.identifier(kind.citationColumn)} = t.id), '[]'::jsonb)
        from ${sql.identifier(kind.tableName)} t
       where not exists (select 1 from changes ch where ch.entity_kind = ${kind.name} and ch.entity_id = t.id)
       order by t.id`);
    recorded += inserted.count;
  }
  return recorded;
}
