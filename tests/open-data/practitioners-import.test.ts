// npm run import:practitioners, end to end against a real database: the user's list of practitioners (from the
// profession's directory) completes or creates practitioners and their firms, each fact citing the page read on
// its date; the same file twice changes nothing; a bad row and nothing is applied.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { ImportFileError, rowTooLong } from '../../src/import/read.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';
import { expectPathsNamed, runCli } from '../setup/cli.js';

const fixture = 'tests/fixtures/practitioners/practitioners.csv';
const actor = { keyId: null, name: 'import:practitioners test' };
let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-practitioners-'));
});

const changes = async () =>
  Number((await db.execute<{ n: number }>(sql`select count(*)::int as n from changes`))[0]!.n);

describe('npm run import:practitioners', () => {
  it('refuses the whole file when a row is bad, naming each line and column', async () => {
    const text = await readFile(fixture, 'utf8');
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      `${text}Roux;Anne;XX;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;;;Atlantis;;;;pas-un-email;\n` +
        'Petit;Marc;MJ;ftp://x;2026-02-30;Petit;SELARL;812 345 676 00001;;;;;;;;\n',
    );
    const before = await changes();
    const report = await importPractitioners(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      {
        line: 5,
        errors: [
          { field: 'profession', message: 'must be AJ or MJ' },
          { field: 'email', message: 'must be an e-mail address' },
          { field: 'commune', message: "no commune is named 'Atlantis'" },
        ],
      },
      {
        line: 6,
        errors: [
          { field: 'source_url', message: 'must be the http(s) address of the page read' },
          { field: 'date_releve', message: 'must be the date of reading, YYYY-MM-DD' },
          { field: 'siret_structure', message: '81234567600001 is not a valid SIRET (14 digits, check digit)' },
        ],
      },
    ]);
    expect(await changes()).toBe(before);
    // The command counts the rows and those refused, not what it never worked out (« 0 created » of nothing).
    const run = runCli('import-practitioners.ts', [file], { DATABASE_URL: databaseUrl });
    expect(run.stdout).toBe('rows: 5, 2 of them refused\nnothing applied: fix the rows above\n');
    expect(run.status).toBe(1);
    expect(await changes()).toBe(before);
  }, 60_000);

  it('refuses a date of reading of a year no one meant (1800), as the BODACC reads it as no date', async () => {
    // A verifier's file: date_releve 1800-02-10, accepted (« practitioners: 1 created ») where 2030 was refused.
    const before = await changes();
    const report = await importPractitioners(db, {
      file: 'tests/fixtures/practitioners/year-no-one-meant.csv',
      actor,
      dryRun: true,
    });
    expect(report.rejected).toEqual([
      {
        line: 2,
        errors: [{ field: 'date_releve', message: '1800-02-10 is not a date: a year no one meant (from 1900 on)' }],
      },
    ]);
    expect(report.applied).toBe(false);
    expect(await changes()).toBe(before);
  });

  it('cites for a practitioner it creates only the fields its row gives, not those of its empty cells', async () => {
    const file = path.join(dir, 'few-cells.csv');
    const header = (await readFile(fixture, 'utf8')).split('\n')[0]!;
    await writeFile(file, `${header}\nNoel;Anne;mj;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;;;;;;;;\n`);
    const report = await importPractitioners(db, { file, actor });
    expect(report).toMatchObject({ applied: true, rejected: [], practitioners: { created: 1 } });
    const [cited] = await db.execute<{ id: string; fields: string[]; quote: string }>(sql`
      select m.id, c.fields, c.quote from citations c join mandataires m on m.id = c.mandataire_id
       where m.name = 'Anne Noel'`);
    // Its kind too: a row's `nom` names a practitioner (citations/records.ts).
    expect([...cited!.fields].sort()).toEqual(['kind', 'name', 'profession']);
    expect(cited!.quote).toBe('Noel ; Anne ; mj');
  });

  it('tells every error of a row at once, the reference checks included (a verifier found them in rounds)', async () => {
    const file = path.join(dir, 'every-error.csv');
    await writeFile(
      file,
      'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;code_postal;' +
        'commune;cour_d_appel;bureaux_annexes;telephone;email;site\n' +
        'Moreau;Lise;MJ;https://x.example;2026-11-03;Moreau;SELARL;123 456 789 00000;1 rue X;13001;Lyon;;;12;' +
        'pas-un-email;javascript:alert(1)\n',
    );
    const report = await importPractitioners(db, { file, actor });
    expect(report.rejected).toEqual([
      {
        line: 2,
        errors: [
          { field: 'siret_structure', message: '12345678900000 is not a valid SIRET (14 digits, check digit)' },
          { field: 'site', message: 'must be an http(s) URL or a domain name' },
          { field: 'email', message: 'must be an e-mail address' },
          {
            field: 'code_postal',
            message:
              '13001 is not a postal code of Lyon (69001, 69002, 69003, 69004, 69005, 69006, 69007, 69008, 69009)',
          },
          { field: 'telephone', message: "'12' is not a phone number" },
        ],
      },
    ]);
  });

  it('completes a known practitioner, creates the others and their firms; an uncertain name is reported', async () => {
    const report = await importPractitioners(db, { file: fixture, actor });
    expect(report).toMatchObject({
      rows: 3,
      rejected: [],
      applied: true,
      practitioners: { created: 1, updated: 1, unchanged: 0 },
      firms: { created: 2, updated: 0, unchanged: 0 },
      uncertain: [
        {
          line: 4,
          name: 'Frédéric Abitbol',
          reason: "'Frédéric Abitbol' may be 'Abitbol' (abitbol): the names only partly match",
        },
      ],
    });
    const { body } = await getJson(app, '/v1/mandataires/helene-bourbouloux');
    expect(body).toMatchObject({
      profession: 'administrateur_judiciaire',
      firm: { id: 'selarl-fhb', name: 'SELARL FHB' },
      address: '7 rue Royale',
      code_postal: '75008',
      commune: 'Paris',
      phone: '+33142000000',
      email: 'contact@fhb.example',
      website: 'https://www.fhb.example',
      court_of_appeal: 'Paris',
      secondary_offices: ['Lyon', 'Marseille'],
    });
    expect(body.citations.at(-1)).toMatchObject({
      source_id: expect.stringMatching(/^releve-cnajmj-fr-2026-11-02-[0-9a-f]{8}$/),
      quote:
        'Bourbouloux ; Hélène ; AJ ; FHB ; SELARL ; 812 345 676 00009 ; 7 rue Royale ; 75008 ; Paris ; Paris ; ' +
        'Lyon|Marseille ; 01 42 00 00 00 ; contact@fhb.example ; https://www.fhb.example',
    });
    const firm = await getJson(app, '/v1/mandataires/selarl-fhb');
    expect(firm.body).toMatchObject({ kind: 'firm', siret: '81234567600009' });
    expect(firm.body.members).toEqual([{ id: 'helene-bourbouloux', name: 'Hélène Bourbouloux' }]);
    const fontanel = await getJson(app, '/v1/mandataires/claire-fontanel');
    expect(fontanel.body).toMatchObject({
      kind: 'practitioner',
      profession: 'mandataire_judiciaire',
      firm: { id: 'selarl-mandataires-associes-vallee', name: 'SELARL Mandataires Associés Vallée' },
      commune: 'Lyon',
      code_postal: '69002',
    });
    expect((await getJson(app, '/v1/mandataires/frederic-abitbol')).status).toBe(404);
  });

  it('lists its reading among the public data on the home page, dated in French, not among the press', async () => {
    const source = (await getJson(app, '/v1/mandataires/helene-bourbouloux')).body.citations.at(-1).source_id;
    const { body } = await getJson(app, `/v1/sources/${source}`);
    expect(body.title).toBe(
      'Annuaire des administrateurs et mandataires judiciaires (www.cnajmj.fr), relevé du 2 novembre 2026',
    );
    expect([body.publisher, body.licence]).toEqual([null, null]);
    const home = (await app.inject({ method: 'GET', url: '/' })).body;
    const press = home.slice(home.indexOf('<h3 id="articles">'), home.indexOf('<h3 id="donnees">'));
    const data = home.slice(home.indexOf('<h3 id="donnees">'));
    expect(press).toContain('href="/sources/en-contact-2017-04-26-fin-de-partie-ipg"');
    expect(press).not.toContain(`/sources/${source}`);
    expect(data).toContain(`href="/sources/${source}"`);
  });

  it('changes nothing when imported again', async () => {
    const before = await changes();
    const report = await importPractitioners(db, { file: fixture, actor });
    expect(report.practitioners).toEqual({ created: 0, updated: 0, unchanged: 2 });
    // Both firms the file names, counted once each (the first run created them).
    expect(report.firms).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await changes()).toBe(before);
  });

  it('refuses a row cut short, naming its line, and applies nothing; an empty cell keeps what is known', async () => {
    const file = path.join(dir, 'short.csv');
    const header = (await readFile(fixture, 'utf8')).split('\n')[0]!;
    const full = 'Bourbouloux;Hélène;AJ;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;;;;;;;;';
    await writeFile(file, `${header}\n${full}\nBourbouloux;Hélène;AJ;https://www.cnajmj.fr/annuaire/;2026-11-02\n`);
    const before = await changes();
    const report = await importPractitioners(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      {
        line: 3,
        errors: [{ field: 'row', message: 'is cut short: it has 5 cells where the header names 16 columns' }],
      },
    ]);
    expect(await changes()).toBe(before);
    // The whole row alone: its empty cells (bureaux_annexes among them) change nothing.
    await writeFile(file, `${header}\n${full}\n`);
    const again = await importPractitioners(db, { file, actor });
    expect(again).toMatchObject({ applied: true, practitioners: { created: 0, updated: 0, unchanged: 1 } });
    expect((await getJson(app, '/v1/mandataires/helene-bourbouloux')).body.secondary_offices).toEqual([
      'Lyon',
      'Marseille',
    ]);
    expect(await changes()).toBe(before);
  });

  it('refuses a row of many short lines past 1 MiB at its line (issue 9), the row after it at its own; applies nothing', async () => {
    const file = path.join(dir, 'short-lines.csv');
    const lines = 1_100_000;
    const header = (await readFile(fixture, 'utf8')).split('\n')[0]!;
    const row = 'Bourbouloux;Hélène;AJ;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;';
    await writeFile(file, `${header}\n${row}"${'ab\n'.repeat(lines)}";;;;;;;\n${row};;;;;;pas-un-email;\n`);
    const before = await changes();
    const report = await importPractitioners(db, { file, actor });
    expect(report).toMatchObject({ rows: 2, applied: false });
    expect(report.rejected).toEqual([
      { line: 2, errors: [{ field: 'row', message: rowTooLong }] },
      { line: lines + 3, errors: [{ field: 'email', message: 'must be an e-mail address' }] },
    ]);
    expect(await changes()).toBe(before);
  });

  it("checks every cell: a NUL, INSEE's mask [ND], a cell too long, a name too long, each named by line and column in words", async () => {
    const file = path.join(dir, 'cells.csv');
    const header = (await readFile(fixture, 'utf8')).split('\n')[0]!;
    const row = (cells: Record<string, string>) =>
      header
        .split(';')
        .map(
          (c) =>
            ({ profession: 'MJ', source_url: 'https://www.cnajmj.fr/annuaire/', date_releve: '2026-11-02' })[c] ??
            cells[c] ??
            '',
        )
        .join(';');
    await writeFile(
      file,
      [
        header,
        row({ nom: 'Nul', prenom: 'Ann\u0000e' }),
        row({ nom: 'Long', prenom: 'Anne', structure: 'x'.repeat(3_000) }),
        row({ nom: 'N'.repeat(200), prenom: 'P'.repeat(200) }),
        row({ nom: 'Forme', prenom: 'Anne', structure: 'S'.repeat(296), forme_juridique: 'SELARL' }),
        row({ nom: 'Masque', prenom: 'Nadia', adresse: '[ND]', cour_d_appel: ' [nd] ' }),
        '',
      ].join('\n'),
    );
    const before = await changes();
    const report = await importPractitioners(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      { line: 2, errors: [{ field: 'prenom', message: 'must not contain the NUL character' }] },
      { line: 3, errors: [{ field: 'structure', message: 'is 3000 characters long: must be at most 300' }] },
      { line: 4, errors: [{ field: 'nom', message: 'with prenom, makes a name longer than 300 characters' }] },
      { line: 5, errors: [{ field: 'structure', message: 'is 303 characters long: must be at most 300' }] },
      {
        line: 6,
        errors: ['adresse', 'cour_d_appel'].map((field) => ({
          field,
          message: 'is masked ([ND]): a value not published is unknown; leave the cell empty',
        })),
      },
    ]);
    expect(await changes()).toBe(before);
  });

  it('gives a page read its publisher and licence as the rows give them, null when they do not (never guessed)', async () => {
    const sources = async () => [
      ...(await db.execute<Record<string, unknown>>(
        sql`select url, published_as_printed, publisher, licence from sources where id like 'releve-%' order by id`,
      )),
    ];
    // The fixture names neither.
    expect(await sources()).toEqual([
      { url: 'https://www.cnajmj.fr/annuaire/', published_as_printed: null, publisher: null, licence: null },
    ]);
    const header = (await readFile('templates/practitioners.csv', 'utf8')).trim();
    const file = path.join(dir, 'publisher.csv');
    const publisher = 'Conseil national des administrateurs judiciaires et des mandataires judiciaires';
    await writeFile(
      file,
      `${header}\nVasseur;Odile;MJ;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;;;;;;;;;${publisher};\n`,
    );
    const report = await importPractitioners(db, { file, actor });
    expect(report).toMatchObject({ rejected: [], applied: true, practitioners: { created: 1 } });
    expect(await sources()).toEqual([
      { url: 'https://www.cnajmj.fr/annuaire/', published_as_printed: null, publisher, licence: null },
    ]);
    // The source's words stay out of the quote: it is the practitioner's row as read.
    const { body } = await getJson(app, '/v1/mandataires/odile-vasseur');
    expect(body.citations.map((c: { quote: string }) => c.quote)).toEqual(['Vasseur ; Odile ; MJ']);
  });

  it('names a path that is a directory or no file, and exits 1', () => {
    expectPathsNamed('import-practitioners.ts', dir);
  }, 30_000);

  it('refuses a file that lacks a required column or has one the template lacks', async () => {
    const file = path.join(dir, 'columns.csv');
    await writeFile(file, 'nom;prenom;profession;source_url;date_releve;fax\nA;B;MJ;https://x.example;2026-01-01;1\n');
    await expect(importPractitioners(db, { file, actor })).rejects.toThrow(ImportFileError);
    await expect(importPractitioners(db, { file, actor })).rejects.toThrow(
      "line 1 names column(s) the template does not have: 'fax'",
    );
    await writeFile(file, 'nom;prenom;profession\nA;B;MJ\n');
    await expect(importPractitioners(db, { file, actor })).rejects.toThrow(
      "line 1 lacks the column(s) 'source_url', 'date_releve'",
    );
  });
});
