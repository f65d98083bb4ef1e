// Applies the SQL migrations of migrations/ from code, with drizzle's
// bookkeeping (drizzle.__drizzle_migrations: each file's sha256 and journal
// time) but in one round trip: every pending statement sent as one simple
// query, which PostgreSQL runs as one transaction. drizzle's own migrator sends
// each of the ~200 statements of an empty database separately, a second of a
// fresh start. An advisory lock makes concurrent starts safe: the first process
// migrates, the others wait and find nothing left to do.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { migrationsFolder } from '../paths.js';

const MIGRATION_LOCK = 7_311_042_001;

/**
 * Applies the pending migrations, then `afterwards` (what the code installs over the tables) under the same
 * lock and on the same connection. src/database.ts `prepareDatabase` is what starts call. Pending are the
 * journal's migrations younger than the last one applied, as drizzle-kit's migrator decides; they and their
 * bookkeeping rows go in one transaction, so a failing statement leaves the database as it was. `folder` is
 * migrations/ but in tests.
 */
export async function runMigrations(
  url: string,
  afterwards?: (sql: postgres.Sql) => Promise<void>,
  folder = migrationsFolder,
): Promise<void> {
  // One connection, so the session-level lock and the migrations share it; no type lookup when it opens (a round
  // trip of its own: nothing here reads arrays).
  const sql = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });
  try {
    // The lock, the bookkeeping table and the last migration applied in one round trip (a simple query: the
    // lock's statement runs first, so the rest is read under it).
    const results = (await sql.unsafe(`
      select pg_advisory_lock(${MIGRATION_LOCK});
      create schema if not exists drizzle;
      create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint);
      select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`)) as unknown as {
      created_at: string;
    }[][];
    try {
      const last = results.at(-1)?.[0];
      const pending = readMigrationFiles({ migrationsFolder: folder }).filter(
        (m) => !last || Number(last.created_at) < m.folderMillis,
      );
      if (pending.length) {
        // Without parameters, postgres.js sends a simple query: several statements, one implicit transaction.
        const statements = pending.flatMap((m) => [
          ...m.sql,
          `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${m.hash}', ${m.folderMillis})`,
        ]);
        await sql.unsafe(statements.join('\n;\n'));
      }
      await afterwards?.(sql);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Number of migrations the code ships (drizzle's journal). */
export async function expectedMigrationCount(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Number of migrations applied to the database, 0 when none ever ran. */
export async function appliedMigrationCount(sql: postgres.Sql): Promise<number> {
  const [table] = await sql<
    { exists: boolean }[]
  >`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
  if (!table?.exists) return 0;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return row?.n ?? 0;
}
