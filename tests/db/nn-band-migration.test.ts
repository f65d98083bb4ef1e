// Migration 0040: Sirene's band `NN` gives no range, but a site's range read from it was stored as 0 to 0 employees
// (fault 02 of issue 11's hostile check). The range, derived from the code, is derived again (none); a dated figure of
// `NN` goes; every other band is left as it is.
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

describe('migration 0040 (the band NN without a range)', () => {
  it('takes the range 0 to 0 away from NN and its dated figures, and leaves the other bands', async () => {
    const { url, database } = await testDatabase({ empty: true });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'plateau-migrations-'));
    folders.push(folder);
    const before = journal.entries.filter((e: { tag: string }) => e.tag < '0040');
    await mkdir(path.join(folder, 'meta'));
    await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
    for (const { tag } of before) await cp(path.join(migrationsFolder, `${tag}.sql`), path.join(folder, `${tag}.sql`));
    await runMigrations(url, undefined, folder);
    await database.db.execute(sql`
      insert into sources (id, title) values ('s', 'S');
      insert into sites (id, name, tranche_effectifs, effectifs_min, effectifs_max, annee_effectifs) values
        ('nn', 'NN', 'NN', 0, 0, null), ('zero', 'Zero', '00', 0, 0, 2024), ('band', 'Band', '12', 20, 49, 2023);
      insert into headcount_bands (site_id, tranche_effectifs, effectifs_min, effectifs_max, year, source_id, quote)
        values ('nn', 'NN', 0, 0, 2024, 's', 'q'), ('zero', '00', 0, 0, 2024, 's', 'q'), ('band', '12', 20, 49, 2023, 's', 'q')`);
    await runMigrations(url);
    const sites = await database.db.execute(sql`
      select id, tranche_effectifs, effectifs_min, effectifs_max, annee_effectifs from sites order by id`);
    expect([...sites]).toEqual([
      { id: 'band', tranche_effectifs: '12', effectifs_min: 20, effectifs_max: 49, annee_effectifs: 2023 },
      { id: 'nn', tranche_effectifs: 'NN', effectifs_min: null, effectifs_max: null, annee_effectifs: null },
      { id: 'zero', tranche_effectifs: '00', effectifs_min: 0, effectifs_max: 0, annee_effectifs: 2024 },
    ]);
    const bands = await database.db.execute(sql`select site_id, tranche_effectifs from headcount_bands order by 1`);
    expect([...bands]).toEqual([
      { site_id: 'band', tranche_effectifs: '12' },
      { site_id: 'zero', tranche_effectifs: '00' },
    ]);
  });
});
