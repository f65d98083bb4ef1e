// One entry per real thing: the same étude written with another legal form (« SELAS Rhône Mandataires » for the
// « SELARL Rhône Mandataires » a BODACC notice made, the same partner and city) is no second firm made silently: the
// firm is matched by its name with the form aside (first or last), and another form is a doubt, reported, nothing
// linked nor created (bodacc/matching.ts `firm`; fault 07 of issue 11's hostile check, its files
// tests/fixtures/practitioners/firm-other-form.csv and tests/fixtures/bodacc/firm-selarl.csv, firm-selas.csv).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testDatabase } from '../setup/database.js';

const actor = { keyId: null, name: 'firm legal form test' };

const firms = async (db: Db) =>
  [
    ...(await db.execute<{ id: string; members: string[] }>(sql`
      select f.id, array(select m.id from mandataires m where m.firm_id = f.id order by m.id) as members
        from mandataires f where f.kind = 'firm' and f.id like '%rhone%' order by f.id`)),
  ].map((f) => [f.id, f.members]);

describe('a firm written with another legal form', () => {
  it('import:practitioners: the row is reported as uncertain, no second firm made', async () => {
    const { db } = (await testDatabase()).database;
    await importBodacc(db, { file: 'tests/fixtures/bodacc/firm-selarl.csv', actor });
    expect(await firms(db)).toEqual([['selarl-rhone-mandataires', ['gilles-brun']]]);
    const report = await importPractitioners(db, { file: 'tests/fixtures/practitioners/firm-other-form.csv', actor });
    expect([report.uncertain, report.firms, report.practitioners]).toEqual([
      [
        {
          line: 2,
          name: 'SELAS Rhône Mandataires',
          reason:
            "'SELAS Rhône Mandataires' may be 'SELARL Rhône Mandataires' (selarl-rhone-mandataires): the same name with another legal form",
        },
      ],
      { created: 0, updated: 0, unchanged: 0 },
      { created: 0, updated: 0, unchanged: 0 },
    ]);
    expect(await firms(db)).toEqual([['selarl-rhone-mandataires', ['gilles-brun']]]);
  });

  it('import:bodacc: the designation is reported, linked to nothing, no second firm made', async () => {
    const { db } = (await testDatabase()).database;
    await importBodacc(db, { file: 'tests/fixtures/bodacc/firm-selarl.csv', actor });
    const report = await importBodacc(db, { file: 'tests/fixtures/bodacc/firm-selas.csv', actor });
    expect(report.uncertain).toEqual([
      {
        line: 2,
        notice: 'A202400601021',
        field: 'jugement.complementJugement',
        quote:
          'désignant liquidateur SELAS Rhône Mandataires prise en la personne de Me Gilles Brun 10 rue de la Charité 69002 Lyon',
        reason:
          "'SELAS Rhône Mandataires' may be 'SELARL Rhône Mandataires' (selarl-rhone-mandataires): the same name with another legal form",
      },
    ]);
    expect(report.practitioners).toMatchObject({ linked: 0, created: 0, firmsCreated: 0 });
    expect(await firms(db)).toEqual([['selarl-rhone-mandataires', ['gilles-brun']]]);
  });
});
