import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { databaseMigratedBefore } from '../setup/database.js';

describe('migration 0036 (no [ND] stored as a value)', () => {
  it('names each row holding the mask, changes nothing, and applies once they are corrected', async () => {
    const { url, database } = await databaseMigratedBefore('0036');
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
