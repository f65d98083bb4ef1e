// Migration 0036: INSEE's mask `[ND]` is refused by every write from now on; a value an earlier write stored is not
// guessed away: the migration stops, naming each table, row and column, and applies once they are corrected.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { migrationsFolder } from '../../src/paths.js';
import { testDatabase } from '../setup/database.js';

const journal = JSON.parse(await readFile(path.resolve('migrations/meta/_journal.json'), 'utf8'));
const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

describe('migration 0036 (no [ND] stored as a value)', () => {
  it('names each row holding the mask, changes nothing, and applies once they are corrected', async () => {
    const { url, database } = await testDatabase({ empty: true });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'plateau-migrations-'));
    folders.push(folder);
    const before = journal.entries.filter((e: { tag: string }) => e.tag < '0036');
    await mkdir(path.join(folder, 'meta'));
    await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
    for (const { tag } of before) await cp(path.join(migrationsFolder, `${tag}.sql`), path.join(folder, `${tag}.sql`));
    await runMigrations(url, undefined, folder);
    await database.db.execute(sql`
      insert into operators (id, name, aliases) values ('op-a', 'Op A', '{"Autre", " [nd] "}');
      insert into sites (id, name, notes) values ('site-a', '[ND]', 'Une note'), ('site-b', 'Site B', '[ND]')`);
    await expect(runMigrations(url)).rejects.toThrow(
      "INSEE's mask [ND] (a value not published) is stored as a value in: operators op-a: aliases; sites site-a: name; " +
        'sites site-b: notes',
    );
    await database.db.execute(sql`
      update operators set aliases = '{"Autre"}' where id = 'op-a';
      update sites set name = 'ALLO NORD' where id = 'site-a';
      update sites set notes = null where id = 'site-b'`);
    await runMigrations(url);
    const names = await database.db.execute<{ id: string; name: string }>(sql`select id, name from sites order by id`);
    expect([...names]).toEqual([
      { id: 'site-a', name: 'ALLO NORD' },
      { id: 'site-b', name: 'Site B' },
    ]);
  });
});
