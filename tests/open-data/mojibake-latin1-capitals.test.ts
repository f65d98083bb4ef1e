// Text decoded as Latin-1 upstream turns a capital accented letter into « Ã » and a C1 control (« É » C3 89 →
// « Ã\u0089 »): the import repairs it as it repairs Windows-1252's damage, instead of refusing the row (and with it
// the whole file) for its control character. Faults 03 (BODACC) and 04 (practitioners' list) of issue 11's seventh
// hostile check (/tmp/verify49); tests/fixtures/bodacc/faults/latin1-capitals.csv is the tester's file as written.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { repairedCell } from '../../src/import/encoding.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'latin-1 mojibake test' };
let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

describe('repairedCell', () => {
  it.each([
    ['SOCIÃ\u0089TÃ\u0089 Ã\u0089COUTE Ã\u008eLE', null],
    ['GREFFE DU TRIBUNAL DE COMMERCE DE NÃ\u008eMES', null],
    ['clÃ´ture', null],
    // A C1 control that stands for no letter stays refused, as does any other control character.
    ['SOCIETE \u0089', 'must not contain the control character U+0089'],
    ['Ã\u0089TUDE\u001b[2J', 'must not contain the control character U+001B (ESC)'],
    // A clean-looking run that repairs into a character the directory does not keep is refused, as it would be
    // stored (verify50 01: « Â… » was stored as U+0085, « â€® » as U+202E, « â€‹ » as U+200B).
    ['Verifdeux Â…', 'must not contain the control character U+0085, once its mojibake is repaired'],
    ['VERIFBIDI â€®LIVE SAS', 'must not contain U+202E'],
    ['Verifquatorzeâ€‹x', 'must not contain U+200B'],
  ])('%j → %j', (cell, refusal) => {
    const found = repairedCell(cell, 300).refusal;
    if (refusal === null) expect(found).toBeNull();
    else expect(found).toContain(refusal);
  });
});

describe('npm run import:bodacc, on an export whose capitals were damaged through Latin-1', () => {
  it('imports both notices, their court, company and practitioner repaired', async () => {
    const report = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/latin1-capitals.csv',
      actor,
      dryRun: false,
    });
    expect(report.applied).toBe(true);
    expect(report.notices).toMatchObject({ read: 2, created: 2 });
    const { body } = await getJson(app, '/v1/proceedings/bodacc-a202600500601');
    expect(body).toMatchObject({ court: 'Tribunal de commerce de Nîmes', kind: 'liquidation_judiciaire' });
    const operator = await getJson(app, `/v1/operators/${body.operator.id}`);
    expect(operator.body.name).toBe('SOCIÉTÉ ÉCOUTE ÎLE');
    expect(body.practitioners.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['Hélène Émery', 'liquidateur'],
    ]);
    const closed = await getJson(app, '/v1/proceedings/bodacc-a202600510602');
    expect(closed.status).toBe(200);
  });
});

describe('a damaged run that repairs into a character the directory does not keep (verify50 01)', () => {
  it('refuses the practitioners’ row and the BODACC notice at their line, nothing applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-repaired-control-'));
    const practitioners = path.join(dir, 'practitioners.csv');
    await writeFile(
      practitioners,
      'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;' +
        'code_postal;commune;cour_d_appel;bureaux_annexes;telephone;email;site\n' +
        'Verifunâ€®LIVE;Odile;MJ;https://www.cnajmj.fr/annuaire/;2026-11-03;;;;;;;;;;;\n',
    );
    const report = await importPractitioners(db, { file: practitioners, actor });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      {
        line: 2,
        errors: [
          {
            field: 'nom',
            message: expect.stringContaining('must not contain U+202E') as unknown as string,
          },
        ],
      },
    ]);
    const bodacc = path.join(dir, 'bodacc.csv');
    const fixture = await readFile('tests/fixtures/bodacc/faults/latin1-capitals.csv', 'utf8');
    await writeFile(bodacc, fixture.replaceAll('Ã\u0089COUTE Ã\u008eLE', 'VERIFNELÂ…'));
    const notices = await importBodacc(db, { file: bodacc, actor, dryRun: false });
    expect(notices.applied).toBe(false);
    expect((await getJson(app, '/v1/operators?q=verifnel')).body.total).toBe(0);
  });
});

describe('npm run import:practitioners, on a row whose capitals were damaged through Latin-1', () => {
  it('stores the names repaired', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-latin1-'));
    const file = path.join(dir, 'practitioners.csv');
    await writeFile(
      file,
      'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;' +
        'code_postal;commune;cour_d_appel;bureaux_annexes;telephone;email;site\n' +
        'Ã\u0089VRARD;AnaÃ¯s;MJ;https://www.cnajmj.fr/annuaire/;2026-11-03;Ã\u0089tude Ã\u0089vrard;SELARL;;' +
        '3 boulevard Gambetta;30000;NÃ®mes;Nîmes;;;;\n',
    );
    const report = await importPractitioners(db, { file, actor });
    expect(report).toMatchObject({ applied: true, rejected: [], practitioners: { created: 1 } });
    const { status, body } = await getJson(app, '/v1/mandataires/anais-evrard');
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'Anaïs Évrard', firm: { name: 'SELARL Étude Évrard' } });
  });
});
