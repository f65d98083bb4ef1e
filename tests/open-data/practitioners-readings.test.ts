// npm run import:practitioners on lists a tester found mishandled (tests/fixtures/practitioners/readings/): a row
// reported « not applied » that still created its firm; a namesake of a practitioner the same file creates; an
// older reading (date_releve) undoing a newer one's facts.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testDatabase } from '../setup/database.js';

const fixture = (name: string) => `tests/fixtures/practitioners/readings/${name}`;
const actor = { keyId: null, name: 'import:practitioners test' };

describe('a row not applied, its practitioner uncertain', () => {
  it('applies nothing, not even its firm, and names the namesake the same file created by its id', async () => {
    const { db } = (await testDatabase()).database;
    const report = await importPractitioners(db, { file: fixture('namesakes.csv'), actor });
    expect(report.uncertain).toEqual([
      {
        line: 3,
        name: 'Gaspard Vidal',
        reason:
          "'Gaspard Vidal' of SCP Vidal Nord, Lille may be 'Gaspard Vidal' (gaspard-vidal) of SELARL MJ Rhône, Lyon: the same name, another firm and another city",
      },
    ]);
    expect(report.firms).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const firms = await db.execute(
      sql`select id from mandataires where kind = 'firm' and (name like '%Vidal%' or name like '%MJ Rhône%') order by id`,
    );
    expect(firms.map((f) => f.id)).toEqual(['selarl-mj-rhone']);
  });
});

describe('readings of two dates', () => {
  it('refuses an older reading of facts a newer one gave, and a newer one supersedes the older citations', async () => {
    const { db } = (await testDatabase()).database;
    const older = 'tests/fixtures/practitioners/practitioners.csv';
    await importPractitioners(db, { file: older, actor });
    const newer = await importPractitioners(db, { file: fixture('newer.csv'), actor });
    expect(newer.applied).toBe(true);
    const again = await importPractitioners(db, { file: older, actor });
    expect(again.applied).toBe(false);
    expect(again.rejected[0]!.errors[0]!.message).toMatch(
      /^2026-11-02 is older than the reading of 2026-11-20 that gave .*: an older reading would undo the newer one's facts$/,
    );
    const rows = await db.execute<{ phone: string; source_id: string }>(sql`
      select m.phone, c.source_id from mandataires m join citations c on c.mandataire_id = m.id
       where m.id = 'helene-bourbouloux' and 'phone' = any(c.fields)`);
    expect(rows.map((r) => [r.phone, r.source_id.replace(/-[0-9a-f]{8}$/, '')])).toEqual([
      ['+33142999999', 'releve-cnajmj-fr-2026-11-20'],
    ]);
  });
});
