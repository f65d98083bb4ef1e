// npm run import:practitioners, two rows of one file naming one practitioner (the same entry, or the same one to
// create), whatever their firms: the later is refused at its line (« this practitioner already appears at line 2 »)
// and nothing applied, or reported uncertain when matching says it may be someone else (another firm and another
// city) and the rest applied. Never an internal « No mandataire has the id … » refusing the file without a line
// (fault 03 of issue 11's hostile check, /tmp/verify40), nor a known practitioner changed twice, the second row
// silently taking the first's firm.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { runCli } from '../setup/cli.js';
import { testDatabase } from '../setup/database.js';

const actor = { keyId: null, name: 'import:practitioners repeated test' };
const fixture = (name: string) => `tests/fixtures/practitioners/repeated/${name}.csv`;
const header =
  'prenom;nom;date_releve;source_url;profession;commune;code_postal;adresse;structure;forme_juridique;siret_structure;cour_d_appel;bureaux_annexes;telephone;email;site';
const kernevez =
  'Ewen;Kernévez;2026-11-22;https://www.cnajmj.fr/annuaire/;MJ;Brest;29200;3 rue de Siam;Kernévez;SELARL;;Rennes;;;;';

const people = async (db: Db) => [
  ...(await db.execute(sql`
    select m.id, m.firm_id, m.commune, m.secondary_offices from mandataires m
     where m.name in ('Hortense Verdier', 'Ewen Kernévez') order by m.id`)),
];
const changes = async (db: Db) =>
  Number((await db.execute<{ n: number }>(sql`select count(*)::int as n from changes`))[0]!.n);
const repeated = { line: 3, errors: [{ field: 'nom', message: 'this practitioner already appears at line 2' }] };

/** A database where Ewen Kernévez of SELARL Kernévez, at Brest, is known (the list read once). */
async function withKernevez(): Promise<Db> {
  const { db } = (await testDatabase()).database;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-repeated-'));
  const file = path.join(dir, 'kernevez.csv');
  await writeFile(file, `${header}\n${kernevez}\n`);
  expect((await importPractitioners(db, { file, actor })).practitioners.created).toBe(1);
  return db;
}

describe('import:practitioners, one practitioner on two rows', () => {
  it.each([
    ['dup', 'a new one with two firms'],
    ['same-row-twice', 'a new one, the same row twice'],
    ['twice-nofirm', 'a new one without firm, the second with an office'],
  ])('%s (%s): the second refused at its line, nothing applied, in a dry run as in a real one', async (name) => {
    const { db } = (await testDatabase()).database;
    const before = await changes(db);
    for (const dryRun of [true, false]) {
      const report = await importPractitioners(db, { file: fixture(name), actor, dryRun });
      expect(report.rejected).toEqual([repeated]);
      expect(report.rejectedRows).toBe(1);
      expect(report.applied).toBe(false);
    }
    expect(await people(db)).toEqual([]);
    expect(await changes(db)).toBe(before);
  });

  it.each([
    ['known-two-firms', 'with two firms'],
    ['known-twice', 'the second with an office'],
  ])('a known one %s: the second refused at its line, the entry unchanged', async (name) => {
    const db = await withKernevez();
    const before = await people(db);
    expect(before).toEqual([
      { id: 'ewen-kernevez', firm_id: 'selarl-kernevez', commune: 'Brest', secondary_offices: [] },
    ]);
    const count = await changes(db);
    const report = await importPractitioners(db, { file: fixture(name), actor });
    expect(report.rejected).toEqual([repeated]);
    expect(report.practitioners).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(report.applied).toBe(false);
    expect(await people(db)).toEqual(before);
    expect(await changes(db)).toBe(count);
  });

  it('a new one with another firm and another city: the second reported uncertain, the first created', async () => {
    const { db } = (await testDatabase()).database;
    const report = await importPractitioners(db, { file: fixture('new-two-firms-two-cities'), actor });
    expect(report.rejected).toEqual([]);
    expect(report.uncertain).toEqual([
      {
        line: 3,
        name: 'Hortense Verdier',
        reason:
          "'Hortense Verdier' of SELARL Ouest Mandataires, Saint-Nazaire may be 'Hortense Verdier' (hortense-verdier) of SELARL Verdier-Mandataires, Nantes: the same name, another firm and another city",
      },
    ]);
    expect(report.practitioners).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(report.firms).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(report.applied).toBe(true);
    expect(await people(db)).toEqual([
      { id: 'hortense-verdier', firm_id: 'selarl-verdier-mandataires', commune: 'Nantes', secondary_offices: [] },
    ]);
  });

  it('the command names the line, in a dry run as in a real one (no internal error)', async () => {
    const { url: databaseUrl } = await testDatabase();
    for (const args of [[fixture('dup'), '--dry-run'], [fixture('dup')]]) {
      const run = runCli('import-practitioners.ts', args, { DATABASE_URL: databaseUrl });
      expect(run.stderr).toBe('line 3: nom: this practitioner already appears at line 2\n');
      expect(run.stdout).toBe(
        `rows: 2, 1 of them refused\n${args.length > 1 ? '(dry run: nothing applied)\n' : 'nothing applied: fix the rows above\n'}`,
      );
      expect(run.status).toBe(1);
    }
  }, 60_000);
});
