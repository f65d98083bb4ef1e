// The planner's statistics after a bulk import (src/db/statistics.ts): the row and page counts of every table
// written refreshed at once, the columns of its keys analysed, and the rest left to autovacuum's ANALYZE, which a
// partial one does not postpone (its count of rows changed since the last whole ANALYZE kept).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bulkRows, refreshStatistics } from '../../src/db/statistics.js';
import { testDatabase } from '../setup/database.js';

const { database } = await testDatabase();
const { db } = database;

/** What PostgreSQL holds of `sites`' statistics: its counts, the columns analysed, its changes since an ANALYZE. */
async function sitesStatistics() {
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const [row] = await db.execute<{ reltuples: number; columns: string[] | null; changed: number }>(sql`
    select c.reltuples::float8 as reltuples,
           (select array_agg(attname::text order by attname) from pg_stats s
             where s.schemaname = current_schema() and s.tablename = 'sites') as columns,
           (select n_mod_since_analyze::int from pg_stat_user_tables where relname = 'sites') as changed
      from pg_class c where c.oid = 'sites'::regclass`);
  return row!;
}

describe('refreshStatistics', () => {
  it('refreshes the counts and the keys of the tables written, and leaves their other columns to autovacuum', async () => {
    // Autovacuum kept off this table, and the statistics of the template's rows cleared: what follows is ours only.
    await db.execute(sql`alter table sites set (autovacuum_enabled = false)`);
    await db.execute(sql`delete from pg_statistic where starelid = 'sites'::regclass`);
    // Inserted on one connection, whose count of changed rows is then sent to the statistics at once.
    const connection = await database.sql.reserve();
    try {
      // Copies of a seeded site under new ids (setup/bulk-sites.ts analyses the table itself).
      await connection`
        insert into sites
        select (jsonb_populate_record(null::sites, to_jsonb(s) || jsonb_build_object('id', 'stat-site-' || g,
                  'siret', null))).*
          from (select * from sites order by id limit 1) s, generate_series(1, ${bulkRows}) g`;
      await connection`select pg_stat_force_next_flush()`;
    } finally {
      connection.release();
    }
    const before = await sitesStatistics();
    await refreshStatistics(db, ['sites', 'citations'], bulkRows - 1);
    // Fewer rows than a bulk import's: nothing analysed.
    expect(await sitesStatistics()).toEqual(before);
    await refreshStatistics(db, ['sites', 'citations'], bulkRows);
    const after = await sitesStatistics();
    const seeded = Number((await db.execute<{ n: number }>(sql`select count(*)::int as n from sites`))[0]!.n);
    expect(after.reltuples).toBe(seeded);
    // The primary key and the foreign key (the operator), not the names nor the communes.
    expect(after.columns).toEqual(['id', 'operator_id']);
    expect(after.changed).toBeGreaterThanOrEqual(bulkRows);
  });
});
