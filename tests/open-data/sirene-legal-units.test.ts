// An establishment is imported only when the legal units file given (`--unites-legales`) vouches for its SIREN:
// the unit's row says whether the establishment may be published (a unit marked P hides its establishments), its
// name and its operator. One whose SIREN has no row there, or whose unit's row is refused, is left out and reported
// with its line and SIREN, never linked to an operator found otherwise; nothing of it is written.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { importFixtures, legalUnits, stockCsv } from '../setup/sirene.js';

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-units-'));
});

/** A copy of the legal units' fixture whose rows of `siren` are dropped, or changed by `edit`. */
async function unitsWith(
  name: string,
  siren: string,
  edit: ((cells: string[], column: (c: string) => number) => string[]) | null,
) {
  const lines = (await readFile(legalUnits, 'utf8')).trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const column = (c: string) => header.indexOf(c);
  const out = lines.flatMap((line, n) => {
    if (n === 0 || !line.startsWith(`${siren},`)) return [line];
    return edit ? [edit(line.split(','), column).join(',')] : [];
  });
  const file = path.join(dir, name);
  await writeFile(file, `${out.join('\n')}\n`);
  return file;
}

const siteOf = async (siret: string) =>
  db.execute<{ id: string; operator_id: string | null }>(sql`select id, operator_id from sites where siret = ${siret}`);

describe('establishments whose legal unit the legal units file does not vouch for', () => {
  it('leaves out an establishment whose SIREN has no row in --unites-legales, with its line and SIREN', async () => {
    // CALLWEB (798765434) left out of the legal units: its establishment CALLWEB AMIENS is line 9 of the stock.
    const file = await unitsWith('units-without-callweb.csv', '798765434', null);
    const report = await importFixtures(db, stockCsv, { legalUnits: file, dryRun: true });
    expect(report.rejected).toEqual([
      {
        file: 'StockEtablissement_utf8.csv',
        line: 9,
        errors: [
          {
            in: 'row',
            name: 'siren',
            message:
              'SIREN 798765434 has no row in units-without-callweb.csv (--unites-legales): whether its legal unit ' +
              'may be published, its name and its operator are unknown (the two files are not of one edition?)',
          },
        ],
      },
    ]);
    expect(report.sites).toMatchObject({ created: 5 });
  });

  it('applies the others and writes nothing of it: no site of its SIRET, no operator of its SIREN', async () => {
    const file = await unitsWith('units-without-callweb-2.csv', '798765434', null);
    const report = await importFixtures(db, stockCsv, { legalUnits: file });
    expect(report.applied).toBe(true);
    expect(await siteOf('79876543400013')).toEqual([]);
    const operators = await db.execute(sql`select id from operators where siren = '798765434'`);
    expect(operators).toEqual([]);
    // The site of the articles its enseigne names keeps no SIRET and no operator of Sirene.
    const [callweb] = await db.execute<{ siret: string | null }>(
      sql`select siret from sites where id = 'callweb-amiens'`,
    );
    expect(callweb).toEqual({ siret: null });
  });

  it("leaves out an establishment whose legal unit's row is refused, naming that row", async () => {
    const file = await unitsWith('units-bad-accueil.csv', '833333339', (cells, column) => {
      cells[column('categorieJuridiqueUniteLegale')] = '57X0';
      return cells;
    });
    const report = await importFixtures(db, stockCsv, { legalUnits: file, dryRun: true });
    const rows = report.rejected.map((r) => ({ file: r.file, line: r.line, names: r.errors.map((e) => e.name) }));
    expect(rows).toEqual([
      { file: 'units-bad-accueil.csv', line: 7, names: ['categorieJuridiqueUniteLegale'] },
      { file: 'StockEtablissement_utf8.csv', line: 8, names: ['siren'] },
    ]);
    expect(report.rejected[1]!.errors[0]!.message).toBe(
      "its legal unit's row, units-bad-accueil.csv line 7 (SIREN 833333339), is refused",
    );
  });
});
