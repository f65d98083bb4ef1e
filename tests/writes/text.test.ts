// Text the directory keeps (verify30 fault 16): no control character but tab and line break, no DEL, C1 control,
// U+FFFE or U+FFFF, and a line break only in the fields of several lines (domain/text.ts), refused as the NUL
// character is, through every door: the API's bodies and sub-resources, its query parameters, `npm run import`,
// `import:practitioners`, `import:bodacc` (a nature included). And what a CLI prints of a file: escaped, never obeyed.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { bounded, visible } from '../../src/domain/text.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { createKey } from '../../src/keys/api-keys.js';
import { findKind } from '../../src/kinds.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { actor, source } from '../setup/import.js';

let app: App;
let db: Db;
let databaseUrl: string;
let key: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  key = (await createKey(db, { name: 'Texte test', scope: 'write' })).key;
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-text-'));
});

const citation = { source, quote: 'IPG Contacts Services est une deuxième entité', fields: ['name'] };
const newSite = (overrides: Record<string, unknown> = {}) => ({
  name: 'Plateau Texte Orléans',
  commune: 'Orléans',
  status: 'open',
  citations: [citation],
  ...overrides,
});

function send(method: 'POST' | 'PATCH', url: string, body: unknown) {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, 'if-match': '*' },
    payload: body as object,
  });
}

const control = (point: string, name?: string) =>
  `must not contain the control character U+${point}${name ? ` (${name})` : ''}`;
const oneLine = 'must be one line: it must not contain a line break (U+000A)';

describe('the API refuses text with control characters, naming the field (400)', () => {
  it.each([
    ['Esc\u001b[31mRed', control('001B', 'ESC')],
    ['Ctl\u0001Char', control('0001', 'SOH')],
    ['Vtab\u000bX', control('000B', 'VT')],
    ['Bell\u0007', control('0007', 'BEL')],
    ['Carriage\rReturn', control('000D', 'CR')],
    ['Del\u007fX', control('007F', 'DEL')],
    ['Next\u0085Line', control('0085')],
    ['Csi\u009b2J', control('009B')],
    ['Nonchar\ufffeX', 'must not contain U+FFFE, which is not a character'],
    ['Nonchar\uffffX', 'must not contain U+FFFF, which is not a character'],
    ['Two\nLines', oneLine],
  ])('a site named %j', async (name, message) => {
    const response = await send('POST', '/v1/sites', newSite({ name }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual([{ in: 'body', name: 'name', message }]);
  });

  it.each([
    ['POST', '/v1/sites', newSite({ citations: [{ ...citation, quote: 'q\u0002z' }] }), 'citations.0.quote', '0002'],
    ['POST', '/v1/sites', newSite({ aliases: ['ok', 'a\u001bb'] }), 'aliases.1', '001B'],
    ['PATCH', '/v1/sites/ipg-roubaix', { notes: 'n\u0003', citations: [citation] }, 'notes', '0003'],
    ['POST', '/v1/operators', { name: 'Op\u001b]0;pwned\u0007', citations: [citation] }, 'name', '001B'],
    [
      'POST',
      '/v1/sites/ipg-roubaix/headcounts',
      { kind: 'agents', value: 2, citation: { source, quote: 'x\u0004' } },
      'citation.quote',
      '0004',
    ],
    [
      'POST',
      '/v1/clubs/cprc-rhone-alpes/officers',
      {
        person: { name: 'Anne\u001bX' },
        title: 'présidente',
        citation: { source, quote: 'IPG Contacts Services est une deuxième entité' },
      },
      'person.name',
      '001B',
    ],
  ] as const)('%s %s: %s', async (method, url, body, name, point) => {
    const response = await send(method, url, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        in: 'body',
        name,
        message: control(point, { '0002': 'STX', '0003': 'ETX', '0004': 'EOT', '001B': 'ESC' }[point]),
      },
    ]);
  });

  it('refuses a line break in a one-line field of a sub-resource, takes one (CR LF read as LF) and a tab in a quote and in notes', async () => {
    const title = await send('POST', '/v1/clubs/cprc-rhone-alpes/officers', {
      person: { name: 'Anne Texte' },
      title: 'prési\ndente',
      citation: { source, quote: 'IPG Contacts Services est une deuxième entité' },
    });
    expect(title.json().errors).toEqual([{ in: 'body', name: 'title', message: oneLine }]);
    // Over two lines as the article has them.
    const quote = 'à Paris les affaires continuent\nChristian Dumolin';
    const created = await send(
      'POST',
      '/v1/sites',
      newSite({ id: 'texte-lignes', citations: [{ ...citation, quote }] }),
    );
    expect(created.statusCode).toBe(201);
    // A Windows line end (CR LF) is a line break, kept as LF.
    const notes = 'Ligne un\r\n\tLigne deux';
    expect(
      (await send('PATCH', '/v1/sites/texte-lignes', { notes, citations: [{ ...citation, fields: ['notes'] }] }))
        .statusCode,
    ).toBe(200);
    const { body } = await getJson(app, '/v1/sites/texte-lignes');
    expect(body.notes).toBe('Ligne un\n\tLigne deux');
  });

  it.each([
    ['/v1/sites?q=Esc%1B%5B31m', 'q', control('001B', 'ESC')],
    ['/v1/sites?commune=Orl%0Aeans', 'commune', oneLine],
    ['/v1/search?q=a%7Fb', 'q', control('007F', 'DEL')],
  ])('a query parameter: %s', async (url, name, message) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'query', name, message }]);
  });
});

describe('the imports refuse them at their line and field', () => {
  it('npm run import: a row of JSON lines, its cells and the citations of a CSV cell of JSON', async () => {
    const file = path.join(dir, 'sites.jsonl');
    const row = {
      id: 'texte-imp-a',
      name: 'Plateau Un',
      commune: 'Tours',
      citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité' }],
    };
    await writeFile(
      file,
      [
        row,
        { ...row, id: 'texte-imp-b', name: 'Esc\u001b[2JName' },
        { ...row, id: 'texte-imp-c', citations: [{ source, quote: 'q\u0002z' }] },
        { ...row, id: 'texte-imp-d', name: 'Deux\nlignes' },
        { ...row, id: 'texte-imp-e', name: 'Plateau Cinq', notes: 'Deux\nlignes' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const summary = await runImport(db, await kindImporter(db, findKind('sites')!), {
      file,
      format: 'jsonl',
      actor,
      dryRun: true,
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'name', message: control('001B', 'ESC') }]],
      [3, [{ in: 'row', name: 'citations.0.quote', message: control('0002', 'STX') }]],
      [4, [{ in: 'row', name: 'name', message: oneLine }]],
    ]);
    const csv = path.join(dir, 'sites.csv');
    await writeFile(
      csv,
      'id;name;commune;status;citations\n' +
        `texte-imp-f;Plateau F;Tours;open;"[{""source"": ""${source}"", ""quote"": ""q\\u001bz""}]"\n`,
    );
    const fromCsv = await runImport(db, await kindImporter(db, findKind('sites')!), {
      file: csv,
      format: 'csv',
      actor,
      dryRun: true,
    });
    expect(fromCsv.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'citations.0.quote', message: control('001B', 'ESC') }]],
    ]);
  });

  it('import:practitioners: a name with ESC or a line break', async () => {
    const fixture = await readFile('tests/fixtures/practitioners/practitioners.csv', 'utf8');
    const header = fixture.split('\n')[0]!;
    const row = (nom: string) =>
      header
        .split(';')
        .map(
          (c) =>
            ({
              nom,
              prenom: 'Anne',
              profession: 'MJ',
              source_url: 'https://www.cnajmj.fr/annuaire/',
              date_releve: '2026-11-02',
            })[c] ?? '',
        )
        .join(';');
    const file = path.join(dir, 'practitioners.csv');
    await writeFile(file, [header, row('Roux\u001b[2J'), row('"Roux\nBis"'), row('Roux\u0085'), ''].join('\n'));
    const report = await importPractitioners(db, { file, actor, dryRun: true });
    expect(report.rejected).toEqual([
      { line: 2, errors: [{ field: 'nom', message: control('001B', 'ESC') }] },
      { line: 3, errors: [{ field: 'nom', message: oneLine }] },
      { line: 5, errors: [{ field: 'nom', message: control('0085') }] },
    ]);
  });

  it("import:bodacc: a judgment's nature with ESC (JSON lines, escaped or raw in a CSV cell), refused at its line", async () => {
    const lines = (await readFile('tests/fixtures/bodacc/annonces-commerciales.jsonl', 'utf8')).trim().split('\n');
    const base = JSON.parse(lines[0]!) as Record<string, unknown>;
    const judgment = JSON.parse(String(base.jugement)) as Record<string, string>;
    const nature = 'Jugement \u001b[2J\u001b[31mINJECTED\u001b[0m\u001b]0;pwned\u0007 inédit';
    const file = path.join(dir, 'esc.jsonl');
    await writeFile(
      file,
      [
        { ...base, id: 'A202499990001', jugement: JSON.stringify({ ...judgment, nature }) },
        { ...base, id: 'A202499990002', tribunal: 'Greffe\u0085 de Lille' },
        { ...base, id: 'A202499990003', jugement: JSON.stringify({ ...judgment, complementJugement: 'Un\nDeux' }) },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const report = await importBodacc(db, { file, actor, dryRun: true });
    expect(report.file.rejected).toEqual([
      { line: 1, errors: [{ field: 'jugement.nature', message: control('001B', 'ESC') }] },
      { line: 2, errors: [{ field: 'tribunal', message: control('0085') }] },
    ]);
    expect(report.unknownNatures).toEqual([]);
  });
});

describe('what the CLIs print of a file is escaped', () => {
  it('visible and bounded write control characters, bidirectional controls and half pairs as escapes', () => {
    expect(visible('a\u001b[2J\u0007\tb\nc\u009b\u202ed\ud800')).toBe(
      'a\\u001b[2J\\u0007\\u0009b\\u000ac\\u009b\\u202ed\\ud800',
    );
    expect(visible(visible('\u001b'))).toBe('\\u001b');
    expect(bounded(`\u001b${'x'.repeat(300)}`)).toBe(`\\u001b${'x'.repeat(199)}…`);
  });

  it('npm run import:bodacc prints the line refused, and npm run import a column named with ESC, escaped', async () => {
    const [header, first] = (await readFile('tests/fixtures/bodacc/annonces-commerciales.csv', 'utf8')).split('\n');
    const file = path.join(dir, 'esc.csv');
    await writeFile(
      file,
      [
        header,
        first!
          .replace(/^A202400151101;/, 'A202499990101;')
          .replace(
            '""nature"": ""Jugement d\'ouverture d\'une procédure de redressement judiciaire""',
            '""nature"": ""Jugement \\u001b[2J\\u001b[31mINJECTED\\u001b[0m\\u001b]0;pwned\\u0007 inédit""',
          ),
      ].join('\n'),
    );
    const bodacc = runCli('import-bodacc.ts', [file, '--dry-run'], { DATABASE_URL: databaseUrl });
    expect(bodacc.stderr).toBe(`line 2: jugement.nature: ${control('001B', 'ESC')}\n`);
    expect(bodacc.status).toBe(1);

    const sites = path.join(dir, 'column.csv');
    await writeFile(sites, 'id;name;x\u001b[2Jy\nt-1;Plateau;1\n');
    const run = runCli('import.ts', [sites, '--kind', 'sites', '--dry-run'], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toBe(`line 2: x\\u001b[2Jy: ${control('001B', 'ESC')}\n`);
    expect(run.stderr + run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  }, 60_000);
});
