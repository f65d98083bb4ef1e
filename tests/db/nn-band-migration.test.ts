import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { databaseMigratedBefore } from '../setup/database.js';

describe('migration 0040 (the band NN without a range)', () => {
  it('takes the range 0 to 0 away from NN and its dated figures, and leaves the other bands', async () => {
    const { url, database } = await databaseMigratedBefore('0040');
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
