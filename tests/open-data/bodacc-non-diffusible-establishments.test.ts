// A natural person (a sole trader: his company bears his name) one of whose establishments Sirene says is not to be
// published (statutDiffusionEtablissement P: its SIRET in sirene_non_diffusible, his legal unit's SIREN not) is left
// out of the BODACC import as a non-diffusible SIREN is: no operator, proceeding or notice of his, counted in the
// report (`nonDiffusible.byEstablishment`). A legal person's establishment P hides nothing of the company. Natural:
// `typePersonne` « pp » in the notice, a person named by `nom` alone when the notice does not say, or legal category
// 1000 in Sirene. Against a real PostgreSQL.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testDatabase } from '../setup/database.js';
import { createOperator } from '../setup/factories.js';

const actor = { keyId: null, name: 'import:bodacc test' };

let dir: string;
let file: string;

/** The fixture's one notice (nd-bodacc.csv) made the notice `id` of SIREN `siren` naming `person` (its JSON). */
function notice(template: string, id: string, siren: string, name: string, person: string): string {
  const spaced = `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`;
  const [before, after] = template.split(/"\{""personne"".*?\}\}"/) as [string, string];
  return `${before}"${person.replaceAll('"', '""').replace('SIREN', spaced)}"${after}`
    .replaceAll('A202504014101', id)
    .replaceAll('877 777 771', spaced)
    .replaceAll('877777771', siren)
    .replaceAll('PERSONNE PHYSIQUE ND', name);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-nd-establishments-'));
  const [header, template] = (await readFile('tests/fixtures/bodacc/corrections/nd-bodacc.csv', 'utf8')).split('\n');
  const registration = '"numeroImmatriculation": {"codeRCS": "RCS", "numeroIdentification": "SIREN"}';
  const rows = [
    // 871 111 118: a natural person (pp), an establishment of whom is P.
    notice(
      template!,
      'A202504014201',
      '871111118',
      'DURAND Lucie',
      `{"personne": {"typePersonne": "pp", "nom": "DURAND", "prenom": "Lucie", ${registration}}}`,
    ),
    // 872 222 229: a legal person (pm), an establishment of which is P: imported.
    notice(
      template!,
      'A202504014202',
      '872222229',
      'CENTRE EXEMPLE APPELS',
      `{"personne": {"typePersonne": "pm", "denomination": "CENTRE EXEMPLE APPELS", ${registration}}}`,
    ),
    // 873 333 330: a person named by nom alone (no typePersonne), an establishment of whom is P.
    notice(
      template!,
      'A202504014203',
      '873333330',
      'MARTIN Paul',
      `{"personne": {"nom": "MARTIN", "prenom": "Paul", ${registration}}}`,
    ),
    // 874 444 441: a natural person (pp) whose establishments are all published: imported.
    notice(
      template!,
      'A202504014204',
      '874444441',
      'LEROY Anne',
      `{"personne": {"typePersonne": "pp", "nom": "LEROY", "prenom": "Anne", ${registration}}}`,
    ),
    // 875 555 559: a trade name the notice says is a legal person, Sirene's legal category 1000: a natural person.
    notice(
      template!,
      'A202504014205',
      '875555559',
      'LEBLANC SERVICES',
      `{"personne": {"typePersonne": "pm", "denomination": "LEBLANC SERVICES", ${registration}}}`,
    ),
  ];
  file = path.join(dir, 'nd-establishments.csv');
  await writeFile(file, `${header}\n${rows.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a natural person an establishment of whom Sirene says is not to be published', () => {
  it('is left out, counted; a legal person and a published natural person are imported', async () => {
    const { db } = (await testDatabase()).database;
    await createOperator(db, {
      id: 'leblanc-services',
      name: 'LEBLANC SERVICES',
      siren: '875555559',
      legal_category: '1000',
    });
    await db.execute(sql`
      insert into sirene_non_diffusible (id)
      values ('87111111800018'), ('87222222900017'), ('87333333000017'), ('87555555900017')`);
    const report = await importBodacc(db, { file, actor });
    expect(report.file.rejected).toEqual([]);
    expect(report.notices).toEqual({
      read: 5,
      created: 2,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      withoutCompany: 0,
      nonDiffusible: 3,
    });
    expect(report.nonDiffusible).toEqual({ sirens: 3, notices: 3, byEstablishment: 3 });
    const operators = await db.execute<{ siren: string; name: string }>(sql`
      select siren, name from operators where siren like '87%' order by siren`);
    expect(operators).toEqual([
      { siren: '872222229', name: 'CENTRE EXEMPLE APPELS' },
      { siren: '874444441', name: 'Anne LEROY' },
      { siren: '875555559', name: 'LEBLANC SERVICES' },
    ]);
    const proceedings = await db.execute<{ company_name: string }>(sql`
      select company_name from proceedings where id like 'bodacc-%' order by company_name`);
    expect(proceedings).toEqual([{ company_name: 'Anne LEROY' }, { company_name: 'CENTRE EXEMPLE APPELS' }]);
    const [stored] = await db.execute(sql`
      select (select count(*)::int from sources where id like 'bodacc-%') as sources,
             (select count(*)::int from proceeding_notices) as notices,
             (select count(*)::int from changes
               where after::text ilike any (array['%Lucie DURAND%', '%Paul MARTIN%'])) as names`);
    // The two notices imported, each its source; the persons' names nowhere.
    expect(stored).toEqual({ sources: 2, notices: 2, names: 0 });
  });
});
