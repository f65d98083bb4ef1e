// Migrations are applied from code, once, under an advisory lock.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { testDatabase } from '../setup/database.js';

describe('migrations', () => {
  it('apply once when two processes start together', async () => {
    const { url, database } = await testDatabase({ empty: true });
    await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    const [row] = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(await readFile(path.resolve('migrations/meta/_journal.json'), 'utf8'));
    expect(row!.n).toBe(journal.entries.length);
  });
});
