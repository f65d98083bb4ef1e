import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { databaseMigratedBefore } from '../setup/database.js';

describe('migration 0031 (a practitioner’s role one of the vocabulary)', () => {
  it('maps the roles written in words, refuses naming those it cannot map, and applies once they are set', async () => {
    const { url, database } = await databaseMigratedBefore('0031');
    await database.db.execute(sql`
      insert into sources (id, title) values ('s', 'S');
      insert into proceedings (id, company_name, kind) values ('p1', 'P1', 'en_difficulte'), ('p2', 'P2', 'en_difficulte');
      insert into mandataires (id, name, kind) values ('rousselet', 'R', 'practitioner'), ('abitbol', 'A', 'practitioner'),
        ('meynet', 'M', 'practitioner');
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote) values
        ('p1', 'rousselet', 'Liquidateur', 's', 'q'), ('p1', 'abitbol', 'administrateur judiciaire', 's', 'q'),
        ('p1', 'meynet', 'pilote', 's', 'q'), ('p2', 'rousselet', 'liquidateur', 's', 'q'),
        ('p2', 'abitbol', 'Commissaire à l''exécution du plan', 's', 'q'), ('p2', 'meynet', null, 's', 'q')`);
    await expect(runMigrations(url)).rejects.toThrow(
      "migration 0031 (a practitioner's role one of liquidateur, mandataire_judiciaire, administrateur_judiciaire, " +
        "commissaire_execution_plan) cannot apply: no role of the vocabulary for 'pilote' (proceeding p1, mandataire " +
        'meynet). Set each to one of them, or to null when unknown (UPDATE proceeding_practitioners SET role = … WHERE ' +
        'proceeding_id = … AND mandataire_id = …), then start again: nothing was migrated',
    );
    const roles = async () =>
      (
        await database.db.execute<{ p: string; m: string; role: string | null }>(sql`
          select proceeding_id as p, mandataire_id as m, role from proceeding_practitioners order by 1, 2`)
      ).map((r) => `${r.p} ${r.m} ${r.role}`);
    expect(await roles()).toContain('p1 rousselet Liquidateur');
    await database.db.execute(sql`update proceeding_practitioners set role = null where role = 'pilote'`);
    await runMigrations(url);
    expect(await roles()).toEqual([
      'p1 abitbol administrateur_judiciaire',
      'p1 meynet null',
      'p1 rousselet liquidateur',
      'p2 abitbol commissaire_execution_plan',
      'p2 meynet null',
      'p2 rousselet liquidateur',
    ]);
    const indexed = await database.db.execute<{ id: string }>(sql`
      select distinct entity_id as id from search_outbox where entity_kind = 'mandataire' order by 1`);
    expect(indexed.map((r) => r.id)).toEqual(['abitbol', 'rousselet']);
    await expect(
      database.db.execute(sql`
        update proceeding_practitioners set role = 'Liquidateur' where proceeding_id = 'p2' and mandataire_id = 'meynet'`),
    ).rejects.toMatchObject({ cause: { constraint_name: 'proceeding_practitioners_role' } });
  });
});

describe('migration 0044 (one appointment per practitioner and role)', () => {
  it('keeps every link, then takes a second role of the same practitioner and refuses the same role twice', async () => {
    const { url, database } = await databaseMigratedBefore('0044');
    await database.db.execute(sql`
      insert into sources (id, title) values ('s', 'S');
      insert into proceedings (id, company_name, kind) values ('p1', 'P1', 'redressement_judiciaire');
      insert into mandataires (id, name, kind) values ('martin', 'M', 'practitioner'), ('abitbol', 'A', 'practitioner');
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote, notice_id,
                                            appointed_on, ended_on) values
        ('p1', 'martin', 'mandataire_judiciaire', 's', 'désignant mandataire judiciaire', 'A1', '2026-03-20', null),
        ('p1', 'abitbol', null, 's', 'q', null, null, '2026-04')`);
    const rows = () =>
      database.db.execute(sql`
        select proceeding_id, mandataire_id, role, source_id, quote, notice_id, appointed_on, ended_on
          from proceeding_practitioners order by mandataire_id, role nulls first`);
    const before = [...(await rows())];
    await runMigrations(url);
    expect([...(await rows())]).toEqual(before);
    await database.db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote, appointed_on)
      values ('p1', 'martin', 'liquidateur', 's', 'désignant liquidateur', '2026-06-05')`);
    expect((await rows()).map((r) => `${r.mandataire_id} ${r.role} ${r.appointed_on}`)).toEqual([
      'abitbol null null',
      'martin liquidateur 2026-06-05',
      'martin mandataire_judiciaire 2026-03-20',
    ]);
    const constraint = { cause: { constraint_name: 'proceeding_practitioners_appointment' } };
    await expect(
      database.db.execute(sql`
        insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
        values ('p1', 'martin', 'liquidateur', 's', 'q')`),
    ).rejects.toMatchObject(constraint);
    // An unknown role is one role of its own: not twice either.
    await expect(
      database.db.execute(sql`
        insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
        values ('p1', 'abitbol', null, 's', 'q')`),
    ).rejects.toMatchObject(constraint);
  });
});
