// End to end against the real database: BODACC notices naming practitioners whose surnames hold particles create
// one entry per person (never one per first name), a first name alone links no one and is reported, the designations
// « a nommé la SELARL X, mandataire judiciaire, en la personne de Me Y » are linked; then the practitioners' CSV
// finds those entries by the same names, its mojibake repaired as BODACC's, and a stray quote refused in words.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { ImportFileError } from '../../src/import/read.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'practitioner names test' };
const header =
  'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;code_postal;' +
  'commune;cour_d_appel;bureaux_annexes;telephone;email;site\n';
let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-names-'));
});

/** The practitioners (not firms) whose name holds `word`, as id and name. */
const practitionersNamed = async (word: string) =>
  (
    await db.execute<{ id: string; name: string }>(
      sql`select id, name from mandataires where kind = 'practitioner' and name ilike ${`%${word}%`} order by id`,
    )
  ).map((r) => ({ ...r }));

/** The company and role of each proceeding a practitioner's entry lists, sorted. */
const appointments = async (id: string) =>
  (await getJson(app, `/v1/mandataires/${id}`)).body.proceedings
    .map((p: { company_name: string; role: string }) => [p.company_name, p.role])
    .sort();

describe('practitioners with particles, from BODACC then from their own list', () => {
  it('creates one entry per whole name, links no first name alone, and reads the role between firm and person', async () => {
    const report = await importBodacc(db, { file: 'tests/fixtures/bodacc/practitioner-names.csv', actor });
    expect(await practitionersNamed('antoine')).toEqual([
      { id: 'antoine-de-la-tour', name: 'Antoine de la Tour' },
      { id: 'antoine-des-roches', name: 'Antoine des Roches' },
    ]);
    // « Maître DE LA TOUR Antoine » (another firm, the same city) is the same person.
    expect(await appointments('antoine-de-la-tour')).toEqual([
      ['PART TROIS', 'liquidateur'],
      ['PART UN', 'liquidateur'],
    ]);
    expect(report.uncertain).toEqual([
      {
        line: 5,
        notice: 'A202503043104',
        field: 'jugement.complementJugement',
        quote: 'désignant liquidateur Me Antoine 2 rue C 69001 Lyon',
        reason: "'Antoine' is one name only (a first name or a surname alone)",
      },
    ]);
    expect(report.practitioners).toMatchObject({ unlinked: 1, unread: 0 });
    expect(await appointments('bruno-vasseur')).toEqual([
      ['QUALITE', 'mandataire_judiciaire'],
      ['WORDINGS2', 'mandataire_judiciaire'],
    ]);
    expect((await getJson(app, '/v1/mandataires/bruno-vasseur')).body.firm).toMatchObject({ name: 'SELARL Lambda' });
    expect(await appointments('camille-faure')).toEqual([['WORDINGS2', 'administrateur_judiciaire']]);
  }, 120_000);

  it('finds « de la Tour ; Antoine » of the list in the entry the notices made', async () => {
    const file = path.join(dir, 'match.csv');
    await writeFile(
      file,
      `${header}de la Tour;Antoine;MJ;https://www.cnajmj.fr/annuaire/;2026-11-04;Tour;SELARL;;1 rue A;69001;Lyon;Lyon;;;;\n`,
    );
    const report = await importPractitioners(db, { file, actor });
    expect(report).toMatchObject({ rejected: [], uncertain: [], applied: true });
    expect(report.practitioners.created).toBe(0);
    expect(await practitionersNamed('tour')).toEqual([{ id: 'antoine-de-la-tour', name: 'Antoine de la Tour' }]);
  }, 60_000);

  it('repairs mojibake in the list as in BODACC: the right file after it changes nothing', async () => {
    const damaged = path.join(dir, 'mojibake.csv');
    const right = path.join(dir, 'right.csv');
    const row = (nom: string, prenom: string, firm: string) =>
      `${nom};${prenom};MJ;https://www.cnajmj.fr/annuaire/;2026-11-03;${firm};SELARL;;1 rue Thiers;38000;Grenoble;Grenoble;;;;\n`;
    await writeFile(damaged, header + row('LefÃ¨bvre', 'ZoÃ©', 'Ã‰tude LefÃ¨bvre'));
    await writeFile(right, header + row('Lefèbvre', 'Zoé', 'Étude Lefèbvre'));
    const first = await importPractitioners(db, { file: damaged, actor });
    expect(first).toMatchObject({ rejected: [], practitioners: { created: 1 }, firms: { created: 1 } });
    const { body } = await getJson(app, '/v1/mandataires/zoe-lefebvre');
    expect(body).toMatchObject({ name: 'Zoé Lefèbvre', firm: { name: 'SELARL Étude Lefèbvre' } });
    const second = await importPractitioners(db, { file: right, actor });
    expect(second).toMatchObject({
      rejected: [],
      practitioners: { created: 0, updated: 0, unchanged: 1 },
      firms: { created: 0, updated: 0, unchanged: 1 },
    });
  }, 60_000);

  it('refuses a stray quote in words: line, column and its name, what is wrong; nothing applied', async () => {
    const file = path.join(dir, 'quote.csv');
    await writeFile(
      file,
      `${header}Roux;Anne;MJ;https://www.cnajmj.fr/annuaire/;2026-11-03;=HYPERLINK("x");SELARL;;;;;;;;;\n`,
    );
    const before = await practitionersNamed('roux');
    await expect(importPractitioners(db, { file, actor })).rejects.toThrow(
      new ImportFileError(
        `${file}: line 2, column 6 (structure): a double quote inside a cell that does not start with one (after ` +
          `'=HYPERLINK('): a cell holding quotes must be enclosed in double quotes, its own quotes doubled`,
      ),
    );
    expect(await practitionersNamed('roux')).toEqual(before);
  });
});
