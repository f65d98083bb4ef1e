// The first entry of every entry's history, recorded in TypeScript from the
// registry: one create by `seed` per entry, operators first, with the
// entry's row and citations, and never twice.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordInitialHistory } from '../../src/history/initial.js';
import { entryKinds } from '../../src/kinds.js';
import { testDatabase } from '../setup/database.js';

describe('initial history', () => {
  it('records one create per entry of every kind, in the registry order, with its row and citations', async () => {
    const { database } = await testDatabase();
    const { db } = database;
    const entries = entryKinds.length;
    await db.execute(sql`delete from changes`);
    const recorded = await recordInitialHistory(db, entryKinds);
    let total = 0;
    let previousLast = 0;
    for (const kind of entryKinds) {
      const table = sql.identifier(kind.tableName);
      const [check] = await db.execute<{ rows: number; changes: number; first: number; last: number; wrong: number }>(
        sql`select (select count(*)::int from ${table}) as rows,
                   count(*)::int as changes, min(ch.id)::int as first, max(ch.id)::int as last,
                   count(*) filter (where ch.action <> 'create' or ch.actor <> 'seed'
                     or ch.after <> (select to_jsonb(t) from ${table} t where t.id = ch.entity_id)
                     or jsonb_array_length(ch.citations) <> (select count(*) from citations c
                          where c.${sql.identifier(kind.citationColumn)} = ch.entity_id))::int as wrong
              from changes ch where ch.entity_kind = ${kind.name}`,
      );
      expect(check!.changes, kind.name).toBe(check!.rows);
      expect(check!.wrong, kind.name).toBe(0);
      expect(check!.first, kind.name).toBeGreaterThan(previousLast);
      previousLast = check!.last;
      total += check!.rows;
    }
    expect(entries).toBeGreaterThan(0);
    expect(recorded).toBe(total);
    expect(await recordInitialHistory(db, entryKinds)).toBe(0);
  });
});
