// Applies the SQL migrations of migrations/ from code. An advisory lock makes
// concurrent starts safe: the first process migrates, the others wait and find
// nothing left to do.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

const MIGRATION_LOCK = 7_311_042_001;

/**
 * Applies the pending migrations, then `afterwards` (what the code installs over the tables) under the same
 * lock and on the same connection. src/database.ts `prepareDatabase` is what starts call.
 */
export async function runMigrations(url: string, afterwards?: (sql: postgres.Sql) => Promise<void>): Promise<void> {
  // One connection, so the session-level lock and the migrations share it.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
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
