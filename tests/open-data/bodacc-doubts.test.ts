// npm run import:bodacc on notices a tester found mishandled (tests/fixtures/bodacc/doubts/): a judgment dated after
// its own notice's publication, a SIREN with a wrong check digit, a namesake of a practitioner the same file created,
// a proceeding known only by its clôture.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';

const fixture = (name: string) => `tests/fixtures/bodacc/doubts/${name}`;
const actor = { keyId: null, name: 'import:bodacc test' };
const run = (on: Db, file: string, dryRun = false) => importBodacc(on, { file, actor, dryRun });

describe('a judgment dated after its own notice', () => {
  it('is reported as not read and the date left unknown', async () => {
    const { db } = (await testDatabase()).database;
    const report = await run(db, fixture('json-judgment-after-parution.json'));
    expect(listedLines(report).filter((l) => l.includes('judgment date not read'))).toEqual([
      'line 2: A20240405017: jugement.date: judgment date not read: « 2024-12-01 », after its publication (2024-04-20)',
    ]);
    const rows = await db.execute(sql`
      select p.date, n.judgment_date, n.judgment_date_as_written from proceedings p
        join proceeding_notices n on n.proceeding_id = p.id where p.id = 'bodacc-a20240405017'`);
    expect([...rows]).toEqual([{ date: null, judgment_date: null, judgment_date_as_written: '2024-12-01' }]);
  });
});

describe('a SIREN with a wrong check digit', () => {
  it('is reported as malformed with its line, notice and value, not as a person without a SIREN', async () => {
    const { db } = (await testDatabase()).database;
    const report = await run(db, fixture('json-siren-badcheck2.json'));
    expect(report.file.personsWithoutSiren).toBe(0);
    expect(listedLines(report)).toContain(
      "line 2: A20240405090: listepersonnes.personne.0.numeroImmatriculation.numeroIdentification: '941 000 102' is not a valid SIREN (its check digit is wrong): no company made of it (the notice is imported)",
    );
  });
});

describe('a namesake of a practitioner created earlier in the same file', () => {
  it('is reported with the id of the entry created, and a second import of the file changes nothing', async () => {
    const { db } = (await testDatabase()).database;
    const first = await run(db, fixture('p5d.csv'));
    expect(first.uncertain.map((u) => u.reason)).toEqual([
      "'Ines Roussel' of SCP Roussel Nord, Lille may be 'Ines Roussel' (ines-roussel) of SELARL MJ Isère, Lyon: the same name, another firm and another city",
    ]);
    const [stored] = await db.execute<{ unlinked: string }>(sql`
      select designations->0->>'unlinked' as unlinked from proceeding_notices where id = 'A202401005005'`);
    expect(stored!.unlinked).toBe(first.uncertain[0]!.reason);
    const dry = await run(db, fixture('p5d.csv'), true);
    expect(dry.notices).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const again = await run(db, fixture('p5d.csv'));
    expect(again.notices).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
  });

  it('never prints a placeholder id in the report', async () => {
    const { db } = (await testDatabase()).database;
    const lines = listedLines(await run(db, fixture('names.csv')));
    expect(lines.filter((l) => l.includes('new:'))).toEqual([]);
    expect(lines.filter((l) => l.includes('A202409009106'))).toEqual([
      expect.stringContaining(
        "line 8: A202409009106: jugement.complementJugement: uncertain, nothing linked: 'Marc LECLERC-DUVAL' may be 'Marc Leclerc' (marc-leclerc): the names only partly match",
      ),
    ]);
  });
});

describe('a proceeding known only by its clôture', () => {
  it("cites its kind by the complement's sentence that names it, not by a nature that does not", async () => {
    const { db } = (await testDatabase()).database;
    await run(db, fixture('corr.csv'));
    const rows = await db.execute(sql`
      select p.kind, c.quote, c.fields from proceedings p join citations c on c.proceeding_id = p.id
       where p.id = 'bodacc-a202401503004' and 'kind' = any(c.fields)`);
    expect([...rows]).toEqual([
      {
        kind: 'liquidation_judiciaire',
        quote: "Jugement prononçant la clôture de la procédure de liquidation judiciaire pour insuffisance d'actif.",
        fields: ['kind'],
      },
    ]);
  });
});
