// npm run import, end to end against a real database: checks before applying,
// applies all or nothing, upserts by id, round-trips the exports.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { prepareDatabase } from '../../src/database.js';
import type { Db } from '../../src/db/client.js';
import { sites, sources as sourcesTable } from '../../src/db/schema/index.js';
import { geography } from '../../src/geo/index.js';
import { kindImporter } from '../../src/import/importer.js';
import { ImportApplyError, type Importer, ImportStagingError, runImport } from '../../src/import/run.js';
import { clientOf, stagingLockClass } from '../../src/import/staging.js';
import { findKind } from '../../src/kinds.js';
import { listCell, listOfCell, neutralised, unneutralised } from '../../src/listing/export.js';
import { readSeed } from '../../src/seed/load.js';
import { getJson, testApp, testSearchOptions } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';
import { createOperator } from '../setup/factories.js';

/** The importer of a kind, by its plural. */
const importerOf = (plural: string) => kindImporter(db, findKind(plural)!);

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-'));
});

function importCli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const header = 'id;name;operator_id;commune;status;closed_on;citation_source;citation_quote';
const good = (id: string, commune: string) =>
  `${id};Plateau ${commune};ipg-contacts-services;${commune};open;;${source};IPG Contacts Services est une deuxième entité`;

const count = async (prefix: string) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(sites)
        .where(sql`${sites.id} like ${`${prefix}%`}`)
    )[0]!.n,
  );

describe('npm run import', () => {
  it('applies nothing when a row is bad, and names each bad row with its line and reason', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        header,
        good('imp-a-tours', 'Tours'),
        `imp-a-nowhere;Plateau Nulle Part;ipg-contacts-services;Atlantis;open;;${source};x`,
        good('imp-a-blois', 'Blois'),
        'imp-a-closed;Plateau Fermé;;Blois;closed;;;',
      ].join('\r\n'),
    );
    const run = importCli(file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("line 3: commune: no commune is named 'Atlantis'");
    expect(run.stderr).toContain(
      'line 5: closed_on: is required for a closed site (or status_as_of, when the closure was reported)',
    );
    expect(run.stderr).toContain(
      'line 5: citations: a new site needs a source and a quote (citation_source, citation_quote)',
    );
    expect(run.stdout).toContain('sites: 4 rows — 0 created, 0 updated, 0 unchanged, 2 rejected (nothing applied');
    expect(await count('imp-a-')).toBe(0);
  }, 60_000);

  it('with --skip-invalid applies the good rows and writes the bad ones to a file', async () => {
    const file = path.join(dir, 'mixed.csv');
    await writeFile(
      file,
      [
        header,
        good('imp-b-tours', 'Tours'),
        `imp-b-bad;Plateau;;Atlantis;open;;${source};x`,
        good('imp-b-blois', 'Blois'),
      ].join('\r\n'),
    );
    const run = importCli(file, '--kind', 'sites', '--skip-invalid');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('sites: 3 rows — 2 created, 0 updated, 0 unchanged, 1 rejected');
    const rejected = await readFile(path.join(dir, 'mixed.rejected.csv'), 'utf8');
    expect(rejected.split('\n').filter(Boolean)).toEqual([`\uFEFF${header}`, expect.stringMatching(/^imp-b-bad;/)]);
    expect(await count('imp-b-')).toBe(2);
  }, 60_000);

  it('changes nothing when the same file is imported twice, and --dry-run changes nothing at all', async () => {
    const file = path.join(dir, 'twice.csv');
    await writeFile(file, [header, good('imp-c-tours', 'Tours'), good('imp-c-blois', 'Blois')].join('\n'));
    expect(importCli(file, '--kind', 'sites', '--dry-run').stdout).toContain(
      '2 created, 0 updated, 0 unchanged, 0 rejected (dry run: nothing applied)',
    );
    expect(await count('imp-c-')).toBe(0);
    expect(importCli(file, '--kind', 'sites').stdout).toContain('2 created, 0 updated, 0 unchanged');
    const historyBefore = (await getJson(app, '/v1/sites/imp-c-tours/history')).body.data;
    expect(historyBefore).toEqual([expect.objectContaining({ action: 'create', actor: 'import twice.csv' })]);
    expect(importCli(file, '--kind', 'sites').stdout).toContain('0 created, 0 updated, 2 unchanged');
    expect((await getJson(app, '/v1/sites/imp-c-tours/history')).body.data).toEqual(historyBefore);
  }, 60_000);

  it('updates changed rows, with their source', async () => {
    const file = path.join(dir, 'update.jsonl');
    const row = {
      id: 'imp-c-blois',
      name: 'Plateau Blois Centre',
      citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité' }],
    };
    await writeFile(file, `${JSON.stringify(row)}\n`);
    expect(importCli(file, '--kind', 'sites').stdout).toContain('0 created, 1 updated, 0 unchanged');
    expect((await getJson(app, '/v1/sites/imp-c-blois')).body.name).toBe('Plateau Blois Centre');
  }, 60_000);

  it('checks on its worker thread the operators rows name, a chunk at a time: each unknown one at its line', async () => {
    // Rows checked on the CLI's worker thread; the operators they name looked up together for each chunk of rows.
    const operators = [await createOperator(db), await createOperator(db)];
    const rows = Array.from({ length: 1200 }, (_, i) => {
      const operator = i === 700 ? 'pas-un-operateur-connu' : operators[i % 2]!.id;
      return `imp-w-${i};Plateau ${i};${operator};Tours;open;;${source};IPG Contacts Services est une deuxième entité`;
    });
    const file = path.join(dir, 'worker.csv');
    await writeFile(file, [header, ...rows].join('\n'));
    const run = importCli(file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("line 702: operator: unknown operator 'pas-un-operateur-connu'");
    expect(run.stderr.match(/^line /gm)).toHaveLength(1);
    expect(run.stdout).toContain('sites: 1200 rows — 0 created, 0 updated, 0 unchanged, 1 rejected (nothing applied');
    expect(await count('imp-w-')).toBe(0);
    const fixed = path.join(dir, 'worker-fixed.csv');
    await writeFile(fixed, [header, ...rows.filter((_, i) => i !== 700)].join('\n'));
    expect(importCli(fixed, '--kind', 'sites').stdout).toContain('1199 created, 0 updated, 0 unchanged, 0 rejected');
    expect(await count('imp-w-')).toBe(1199);
  }, 120_000);

  it('fails as a whole when its worker thread cannot read the file, saying why', async () => {
    const file = path.join(dir, 'unreadable.csv');
    await writeFile(
      file,
      [header, good('imp-x-tours', 'Tours'), 'imp-x-bad;"Plateau ouvert;;Tours;open;;;'].join('\n'),
    );
    const run = importCli(file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`import failed, nothing applied: ${file}: `);
    expect(await count('imp-x-')).toBe(0);
  }, 60_000);

  it.each([
    [['nofile.csv', '--kind', 'sites'], 1, 'nofile.csv: no such file'],
    [['x.txt', '--kind', 'sites'], 2, 'the file must end in .csv, .json or .jsonl'],
    [['x.csv', '--kind', 'people'], 2, '--kind must be one of: sites, operators, clubs, mandataires, proceedings'],
    [[], 2, 'no file given'],
  ])('refuses %j', (args, status, message) => {
    const run = importCli(...args.map((a) => (a.endsWith('.csv') || a.endsWith('.txt') ? path.join(dir, a) : a)));
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
  });

  it('names a path that is a directory, and exits 1', async () => {
    const folder = path.join(dir, 'folder.csv');
    await mkdir(folder, { recursive: true });
    const run = importCli(folder, '--kind', 'sites');
    expect(run.stderr).toBe(`${folder}: is a directory, not a file\n`);
    expect(run.status).toBe(1);
  });
});

describe('runImport', () => {
  it('round-trips an export: exported sites imported again change nothing', async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const exported = await app.inject({ method: 'GET', url: `/v1/sites/export?format=${format}` });
      const file = path.join(dir, `export.${format}`);
      await writeFile(file, exported.body);
      const summary = await runImport(db, await importerOf('sites'), {
        file,
        format,
        actor: { keyId: null, name: 'test', scope: 'write' },
      });
      expect(summary.rejected, format).toEqual([]);
      expect(summary.created + summary.updated, format).toBe(0);
      expect(summary.unchanged, format).toBe(summary.rows);
      expect(summary.rows).toBe((await getJson(app, '/v1/sites?limit=1')).body.total);
    }
  });

  it('round-trips list cells whose items hold « | » or look like formulas (a CSV list cell is then JSON)', async () => {
    const aliases = ['@alias', 'a | b', 'Plateau [Amiens]'];
    await createOperator(db, { id: 'pipes-in-aliases', name: 'Pipes in aliases', aliases });
    const exported = await app.inject({ method: 'GET', url: '/v1/operators/export?format=csv' });
    expect(exported.body).toContain('"[""@alias"",""a | b"",""Plateau [Amiens]""]"');
    const file = path.join(dir, 'pipes.csv');
    await writeFile(file, exported.body);
    const summary = await runImport(db, await importerOf('operators'), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary.rejected).toEqual([]);
    expect(summary.created + summary.updated).toBe(0);
    expect((await getJson(app, '/v1/operators/pipes-in-aliases')).body.aliases).toEqual(aliases);
    // Written by hand, « | » still separates items; a plain list still exports as text.
    expect(listOfCell('Webhelp | Armatis|')).toEqual(['Webhelp', 'Armatis']);
    expect(listOfCell('[pas du JSON')).toEqual(['[pas du JSON']);
    expect(listCell(['Webhelp', 'Armatis'])).toBe('Webhelp | Armatis');
  });

  it.each(['operators', 'clubs', 'mandataires', 'proceedings'])('round-trips the export of %s', async (kind) => {
    for (const format of ['csv', 'jsonl'] as const) {
      const exported = await app.inject({ method: 'GET', url: `/v1/${kind}/export?format=${format}` });
      const file = path.join(dir, `export-${kind}.${format}`);
      await writeFile(file, exported.body);
      const summary = await runImport(db, await importerOf(kind), {
        file,
        format,
        actor: { keyId: null, name: 'test', scope: 'write' },
      });
      expect(summary.rejected, `${kind} ${format}`).toEqual([]);
      expect(summary.unchanged, `${kind} ${format}`).toBe(summary.rows);
    }
  });

  it('creates and updates operators from CSV, and rejects unknown columns', async () => {
    const file = path.join(dir, 'operators.csv');
    await writeFile(
      file,
      [
        'id;name;kind;aliases;siren;citation_source;citation_quote',
        `imp-op-un;Opérateur Un;outsourcer;Op Un | OPU;732829320;${source};IPG Contacts Services est une deuxième entité`,
      ].join('\n'),
    );
    const summary = await runImport(db, await importerOf('operators'), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary).toMatchObject({ created: 1, rejected: [] });
    expect((await getJson(app, '/v1/operators/imp-op-un')).body).toMatchObject({
      aliases: ['Op Un', 'OPU'],
      siren: '732829320',
      kind: 'outsourcer',
    });
    const bad = path.join(dir, 'operators-bad.csv');
    await writeFile(bad, 'id;name;colour\nimp-op-deux;Deux;bleu\n');
    const refused = await runImport(db, await importerOf('operators'), {
      file: bad,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(refused.rejected[0]!.errors).toEqual([
      { in: 'row', name: 'colour', message: 'is not a column of this kind' },
    ]);
  });

  it('checks references of every kind before applying anything', async () => {
    const file = path.join(dir, 'proceedings.csv');
    await writeFile(
      file,
      [
        'id;company_name;kind;operator_id;citation_source;citation_quote',
        `imp-pr-un;Une SA;sauvegarde;ipg;${source};x`,
        `imp-pr-deux;Deux SA;sauvegarde;nobody-op;${source};x`,
        `imp-pr-trois;Trois SA;sauvegarde;ipg;no-such-article;x`,
      ].join('\n'),
    );
    const summary = await runImport(db, await importerOf('proceedings'), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [3, [{ in: 'row', name: 'operator', message: "unknown operator 'nobody-op'" }]],
      [4, [{ in: 'row', name: 'citation_source', message: "unknown source 'no-such-article'" }]],
    ]);
    expect(summary.applied).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/v1/proceedings/imp-pr-un' })).statusCode).toBe(404);
  });

  it('rejects a repeated id and unreadable lines', async () => {
    const file = path.join(dir, 'dup.jsonl');
    const row = { id: 'imp-d-one', name: 'Plateau Un', commune: 'Tours', citations: [{ source, quote: 'x' }] };
    await writeFile(file, `${JSON.stringify(row)}\n{not json\n${JSON.stringify(row)}\n`);
    const summary = await runImport(db, await importerOf('sites'), {
      file,
      format: 'jsonl',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary.rejected.map((r) => [r.line, r.errors[0]!.name])).toEqual([
      [2, 'row'],
      [3, 'id'],
    ]);
    expect(summary.rejected[1]!.errors[0]!.message).toBe("'imp-d-one' already appears at line 1");
    expect(summary.applied).toBe(false);
    expect((await db.select().from(sites).where(eq(sites.id, 'imp-d-one'))).length).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('rejects, at its line, a row PostgreSQL could not store (a NUL character, a lone surrogate, an integer too large)', async () => {
    const file = path.join(dir, 'unstorable.jsonl');
    const good = { id: 'imp-e-one', name: 'Plateau Un', commune: 'Tours', citations: [{ source, quote: 'x' }] };
    const rows = [
      good,
      { ...good, id: 'imp-e-two', notes: 'a\u0000b' },
      { ...good, id: 'imp-e-three', name: 'a\ud800' },
    ];
    const club = { id: 'imp-e-club', name: 'Club', kind: 'regional_club', member_count: 3000000000 };
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const clubs = path.join(dir, 'unstorable-clubs.jsonl');
    await writeFile(clubs, JSON.stringify({ ...club, citations: [{ source, quote: 'x' }] }));
    const actor = { keyId: null, name: 'test', scope: 'write' } as const;
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'jsonl', actor });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'notes', message: 'must not contain the NUL character' }]],
      [3, [{ in: 'row', name: 'name', message: 'must be Unicode text: it holds half of a surrogate pair' }]],
    ]);
    const refused = await runImport(db, await importerOf('clubs'), { file: clubs, format: 'jsonl', actor });
    expect(refused.rejected.map((r) => [r.line, r.errors[0]!.name, r.errors[0]!.message])).toEqual([
      [1, 'member_count', 'must be at most 2147483647'],
    ]);
    expect(summary.applied || refused.applied).toBe(false);
  });

  it('words the refusal of a cell in plain words, with its line, field and limit (text too long, wrong type, unknown value, bad date, NUL)', async () => {
    const actor = { keyId: null, name: 'test', scope: 'write' } as const;
    const file = path.join(dir, 'worded.csv');
    const row = (id: string, cells: Partial<Record<string, string>>) =>
      [id, cells.name ?? 'Plateau Dit', 'Tours', cells.status ?? 'open', cells.opened_on ?? '', cells.annee ?? '']
        .concat([cells.notes ?? '', cells.aliases ?? '', source, 'IPG'])
        .join(';');
    await writeFile(
      file,
      [
        'id;name;commune;status;opened_on;annee_effectifs;notes;aliases;citation_source;citation_quote',
        row('imp-w-long', { name: 'P'.repeat(301) }),
        row('imp-w-type', { annee: 'deux mille' }),
        row('imp-w-enum', { status: 'ouvert' }),
        row('imp-w-date', { opened_on: '26/04/2017' }),
        row('imp-w-nul', { notes: 'a\u0000b' }),
        row('imp-w-range', { annee: '2200' }),
        row('imp-w-many', { aliases: Array.from({ length: 51 }, (_, n) => `Nom ${n}`).join(' | ') }),
      ].join('\n'),
    );
    const refused = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(refused.applied).toBe(false);
    expect(refused.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'name', message: 'is 301 characters long: must be at most 300' }]],
      [3, [{ in: 'row', name: 'annee_effectifs', message: "must be a number, not 'deux mille'" }]],
      [4, [{ in: 'row', name: 'status', message: "'ouvert' is not one of planned, open, closed, relocated" }]],
      [
        5,
        [
          {
            in: 'row',
            name: 'opened_on',
            message: 'must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD',
          },
        ],
      ],
      [6, [{ in: 'row', name: 'notes', message: 'must not contain the NUL character' }]],
      [7, [{ in: 'row', name: 'annee_effectifs', message: 'is 2200: must be at most 2100' }]],
      [8, [{ in: 'row', name: 'aliases', message: 'names 51: must name at most 50' }]],
    ]);
    // JSON keeps its types: a number or an object where text goes, true where a status goes.
    const jsonFile = path.join(dir, 'worded.jsonl');
    const cited = { citations: [{ source, quote: 'IPG' }] };
    await writeFile(
      jsonFile,
      [
        { id: 'imp-w-number', name: 12, commune: 'Tours', ...cited },
        { id: 'imp-w-object', name: { fr: 'Plateau' }, commune: 'Tours', ...cited },
        { id: 'imp-w-boolean', name: 'Plateau', status: true, commune: 'Tours', ...cited },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const json = await runImport(db, await importerOf('sites'), { file: jsonFile, format: 'jsonl', actor });
    expect(json.rejected.map((r) => [r.line, r.errors])).toEqual([
      [1, [{ in: 'row', name: 'name', message: 'must be text, not 12' }]],
      [2, [{ in: 'row', name: 'name', message: 'must be text, not an object' }]],
      [3, [{ in: 'row', name: 'status', message: 'true is not one of planned, open, closed, relocated' }]],
    ]);
    // What the CLI prints: the line, the field, what is wrong and the limit.
    const run = importCli(file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('line 2: name: is 301 characters long: must be at most 300\n');
    expect(run.stderr).toContain("line 4: status: 'ouvert' is not one of planned, open, closed, relocated\n");
  });

  it('takes fields as people write them: NFC names, spaced SIRETs and phones, ISO countries; refuses dates that do not exist', async () => {
    const actor = { keyId: null, name: 'test', scope: 'write' } as const;
    const sitesFile = path.join(dir, 'written.csv');
    await writeFile(
      sitesFile,
      [
        'id;name;commune;country;siret;opened_on;citation_source;citation_quote',
        `imp-f-one;Cafe\u0301 Vendo\u0302me;Tours;fr;356 000 000 00048;2017-02-28;${source};IPG`,
        `imp-f-two;Plateau Deux;Tours;FR;;2017-02-30;${source};IPG`,
        `imp-f-three;Plateau Trois;;UK;;;${source};IPG`,
      ].join('\n'),
    );
    const refused = await runImport(db, await importerOf('sites'), { file: sitesFile, format: 'csv', actor });
    expect(refused.applied).toBe(false);
    expect(refused.rejected.map((r) => [r.line, r.errors])).toEqual([
      [3, [{ in: 'row', name: 'opened_on', message: "'2017-02-30' is not a date of the calendar" }]],
      [
        4,
        [
          {
            in: 'row',
            name: 'country',
            message: "'UK' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)",
          },
        ],
      ],
    ]);
    await writeFile(sitesFile, (await readFile(sitesFile, 'utf8')).split('\n').slice(0, 2).join('\n'));
    const applied = await runImport(db, await importerOf('sites'), { file: sitesFile, format: 'csv', actor });
    expect(applied.rejected).toEqual([]);
    const site = (await getJson(app, '/v1/sites/imp-f-one')).body;
    expect(site).toMatchObject({ name: 'Café Vendôme', country: 'FR', siret: '35600000000048' });
    const mandatairesFile = path.join(dir, 'written-mandataires.jsonl');
    const firm = { id: 'imp-f-firm', name: 'E\u0301tude Re\u0301union', kind: 'firm', phone: '0262 30 12 34' };
    await writeFile(mandatairesFile, JSON.stringify({ ...firm, citations: [{ source, quote: 'IPG' }] }));
    const phones = await runImport(db, await importerOf('mandataires'), {
      file: mandatairesFile,
      format: 'jsonl',
      actor,
    });
    expect(phones.rejected).toEqual([]);
    expect((await getJson(app, '/v1/mandataires/imp-f-firm')).body).toMatchObject({
      name: 'Étude Réunion',
      phone: '+262262301234',
      phone_national: '0262 30 12 34',
    });
  });
});

const actor = { keyId: null, name: 'test', scope: 'write' } as const;
const quote = 'IPG Contacts Services est une deuxième entité';

describe('files as spreadsheets write them', () => {
  const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  const rows = (prefix: string) => [
    header,
    `${prefix}-senart;Plateau Sénart — Évry;ipg-contacts-services;Évry-Courcouronnes;open;;${source};${quote}`,
    `${prefix}-orleans;Plateau Orléans;ipg-contacts-services;Orléans;open;;${source};${quote}`,
  ];
  const stored = async (prefix: string) =>
    (await db.select({ id: sites.id, name: sites.name, commune: sites.commune }).from(sites))
      .filter((s) => s.id.startsWith(`${prefix}-`))
      .sort((a, b) => a.id.localeCompare(b.id));
  const expected = (prefix: string) => [
    { id: `${prefix}-orleans`, name: 'Plateau Orléans', commune: 'Orléans' },
    { id: `${prefix}-senart`, name: 'Plateau Sénart — Évry', commune: 'Évry-Courcouronnes' },
  ];

  it.each([
    ['Windows-1252, as Excel saves « CSV »', 'enc-a', 'windows-1252', (t: string) => iconv.encode(t, 'windows-1252')],
    ['UTF-8 with a byte-order mark', 'enc-b', 'utf-8', (t: string) => Buffer.from(`\uFEFF${t}`)],
    ['UTF-8 without a byte-order mark', 'enc-c', 'utf-8', (t: string) => Buffer.from(t)],
    [
      'UTF-16 with its mark, as Excel saves « Unicode text »',
      'enc-d',
      'utf-16le',
      (t: string) => {
        return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(t, 'utf-16le')]);
      },
    ],
  ])('reads %s: names and quotes stored as written, the encoding said', async (_, prefix, encoding, encode) => {
    const file = path.join(dir, `${prefix}.csv`);
    await writeFile(file, encode(csv(rows(prefix))));
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(summary).toMatchObject({ encoding, rows: 2, created: 2, rejected: [] });
    expect(await stored(prefix)).toEqual(expected(prefix));
    const cited = await db.execute<{ quote: string }>(
      sql`select quote from citations where site_id = ${`${prefix}-senart`}`,
    );
    expect(cited.map((c) => c.quote)).toEqual([quote]);
  });

  it.each([
    ['JSON lines in Windows-1252', 'jsonl', 'windows-1252', (t: string) => iconv.encode(t, 'windows-1252')],
    ['a JSON array in UTF-8 with a byte-order mark', 'json', 'utf-8', (t: string) => Buffer.from(`\uFEFF${t}`)],
  ] as const)('reads %s as well', async (_, format, encoding, encode) => {
    const prefix = `enc-${format}`;
    const bodies = expected(prefix).map((e) => ({
      ...e,
      operator: 'ipg-contacts-services',
      status: 'open',
      citations: [{ source, quote }],
    }));
    const text = format === 'json' ? JSON.stringify(bodies) : bodies.map((b) => JSON.stringify(b)).join('\r\n');
    const file = path.join(dir, `${prefix}.${format}`);
    await writeFile(file, encode(text));
    const summary = await runImport(db, await importerOf('sites'), { file, format, actor });
    expect(summary).toMatchObject({ encoding, rows: 2, created: 2, rejected: [] });
    expect(await stored(prefix)).toEqual(expected(prefix));
  });

  it('tells Windows-1252 from its first accent even far into the file, and commas from semicolons', async () => {
    const file = path.join(dir, 'enc-far.csv');
    const filler = Array.from({ length: 2000 }, (_, i) => `enc-far-${i},Plateau ${i},Tours,open,${source},IPG`);
    const text = [
      'id,name,commune,status,citation_source,citation_quote',
      ...filler,
      `enc-far-last,Plateau Orléans,Orléans,open,${source},${quote}`,
    ].join('\n');
    const bytes = iconv.encode(text, 'windows-1252');
    expect(bytes.length).toBeGreaterThan(65_536 * 2);
    await writeFile(file, bytes);
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, dryRun: true });
    expect(summary).toMatchObject({ encoding: 'windows-1252', rows: 2001, created: 2001, rejected: [] });
    const { readRows, csvLayout } = await import('../../src/import/read.js');
    expect((await csvLayout(file)).delimiter).toBe(',');
    let last: Record<string, unknown> | null = null;
    for await (const row of readRows(file, 'csv')) last = row.record;
    expect(last).toMatchObject({ name: 'Plateau Orléans', citation_quote: quote });
  });

  it('says the encoding in the summary of npm run import, and never stores « deuxi�me entit� »', async () => {
    const file = path.join(dir, 'enc-cli.csv');
    await writeFile(file, iconv.encode(csv(rows('enc-cli')), 'windows-1252'));
    const run = importCli(file, '--kind', 'sites');
    expect(run.stdout).toBe('encoding: windows-1252\nsites: 2 rows — 2 created, 0 updated, 0 unchanged, 0 rejected\n');
    const quotes = await db.execute<{ quote: string }>(sql`select quote from citations where site_id like 'enc-cli-%'`);
    expect(quotes.map((q) => q.quote)).toEqual([quote, quote]);
    expect(await stored('enc-cli')).toEqual(expected('enc-cli'));
  }, 60_000);

  it('skips lines of separators only, tolerates trailing separators, and names the line where a row starts', async () => {
    const file = path.join(dir, 'layout.csv');
    const lines = [
      `${header};;`, // 1: the header, with trailing separators
      `sep-a;Plateau A;ipg-contacts-services;Tours;open;;${source};${quote};;;`, // 2
      ';;;;;;;;;', // 3: separators only
      `sep-b;Plateau B;ipg-contacts-services;Tours;open;;${source};"${quote},`, // 4: a quoted cell…
      'sur deux lignes";', // 5: …over two lines
      '', // 6
      `sep-c;Plateau C;;Atlantis;open;;${source};x;;`, // 7: bad
      `sep-d;"Plateau`, // 8: a bad row starting here…
      'D";;Tours;closed;;;', // 9: …ends here
      ';;;', // 10
      `sep-e;Plateau E;;Tours;open;;${source};x;en trop`, // 11: a cell beyond the last column
      `sep-f;Plateau F;ipg-contacts-services;Tours;open`, // 12: the empty cells at the end left out
    ];
    await writeFile(file, lines.join('\r\n'));
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(summary.rows).toBe(6);
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [7, [{ in: 'row', name: 'commune', message: "no commune is named 'Atlantis'" }]],
      [
        8,
        [
          {
            in: 'row',
            name: 'citations',
            message: 'a new site needs a source and a quote (citation_source, citation_quote)',
          },
          {
            in: 'row',
            name: 'closed_on',
            message: 'is required for a closed site (or status_as_of, when the closure was reported)',
          },
        ],
      ],
      [11, [{ in: 'row', name: 'row', message: 'has 9 cells where the header names 8 columns' }]],
      [
        12,
        [
          {
            in: 'row',
            name: 'citations',
            message: 'a new site needs a source and a quote (citation_source, citation_quote)',
          },
        ],
      ],
    ]);
    const good = await runImport(db, await importerOf('sites'), {
      file,
      format: 'csv',
      actor,
      skipInvalid: true,
    });
    expect(good).toMatchObject({ created: 2, applied: true });
    expect((await getJson(app, '/v1/sites/sep-b')).body.name).toBe('Plateau B');
    expect(
      (await db.execute<{ quote: string }>(sql`select quote from citations where site_id = 'sep-b'`))[0]!.quote,
    ).toBe(`${quote},\r\nsur deux lignes`);
  });

  it('says how it is used with --help, and exits 0', () => {
    const run = importCli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run import -- <file.csv\|file.json\|file.jsonl> --kind sites\|operators/);
    expect(run.stdout).toContain('--skip-invalid  apply the good rows');
  });

  it('refuses a header row with a column without a name', async () => {
    const file = path.join(dir, 'noname.csv');
    await writeFile(file, 'id;;name\nx;y;z\n');
    await expect(runImport(db, await importerOf('sites'), { file, format: 'csv', actor })).rejects.toThrow(
      `${file}: column 2 of the header row has no name`,
    );
  });
});

describe('rows naming other rows of the file', () => {
  it('writes a parent further down the file first, and rejects the rows whose parent is rejected', async () => {
    const file = path.join(dir, 'groups.csv');
    await writeFile(
      file,
      [
        'id;name;parent_id;siren;citation_source;citation_quote',
        `ref-a-petite-fille;Petite-fille;ref-b-fille;;${source};IPG`,
        `ref-b-fille;Fille;ref-c-groupe;;${source};IPG`,
        `ref-c-groupe;Groupe\u0000;;;${source};IPG`,
        `ref-d-fille;Autre fille;ref-e-groupe;;${source};IPG`,
        `ref-e-groupe;Autre groupe;;;${source};IPG`,
      ].join('\n'),
    );
    const summary = await runImport(db, await importerOf('operators'), {
      file,
      format: 'csv',
      actor,
      skipInvalid: true,
      batchSize: 1,
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'parent', message: "names 'ref-b-fille', whose row (line 3) is rejected" }]],
      [3, [{ in: 'row', name: 'parent', message: "names 'ref-c-groupe', whose row (line 4) is rejected" }]],
      [4, [{ in: 'row', name: 'name', message: 'must not contain the NUL character' }]],
    ]);
    expect(summary).toMatchObject({ created: 2, applied: true });
    expect((await getJson(app, '/v1/operators/ref-d-fille')).body.parent).toMatchObject({ id: 'ref-e-groupe' });
    expect((await app.inject({ method: 'GET', url: '/v1/operators/ref-b-fille' })).statusCode).toBe(404);
  });
});

describe('a change needs its source', () => {
  it('refuses, at its line and before applying anything, a row that changes an entry without a citation', async () => {
    const file = path.join(dir, 'change-unsourced.csv');
    await writeFile(
      file,
      [
        'id;name;commune;status',
        'ipg-roubaix;IPG Roubaix;Roubaix;closed',
        'keyyo-abbeville;Keyyo Abbeville renommé;Abbeville;open',
      ].join('\n'),
    );
    const before = (await getJson(app, '/v1/sites/keyyo-abbeville')).body;
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        3,
        [
          {
            in: 'row',
            name: 'citations',
            message:
              'changes name: a change needs a source and a quote ' +
              '(citation_source, citation_quote, or the citations column of the export)',
          },
        ],
      ],
    ]);
    expect(summary.applied).toBe(false);
    expect((await getJson(app, '/v1/sites/keyyo-abbeville')).body).toEqual(before);
  });

  it('applies a change whose row carries its citations, as the export writes them', async () => {
    const exported = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv&region=Picardie' });
    const [head, ...lines] = exported.body.slice(1).split('\r\n').filter(Boolean);
    const row = lines.find((l) => l.startsWith('keyyo-abbeville;'))!;
    const file = path.join(dir, 'change-sourced.csv');
    await writeFile(
      file,
      `\uFEFF${head}\r\n${row.replace('keyyo-abbeville;Keyyo Abbeville;', 'keyyo-abbeville;Keyyo à Abbeville;')}\r\n`,
    );
    expect(row).toContain('keyyo-abbeville;Keyyo Abbeville;');
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(summary).toMatchObject({ updated: 1, rejected: [], applied: true });
    const history = (await getJson(app, '/v1/sites/keyyo-abbeville/history')).body.data;
    expect(history.at(-1)).toMatchObject({ action: 'update', after: { name: 'Keyyo à Abbeville' } });
  });
});

describe('the rejected rows file', () => {
  it('is never written through a symbolic link, dry run or not', async () => {
    const file = path.join(dir, 'linked.csv');
    await writeFile(
      file,
      [header, good('imp-link-tours', 'Tours'), `imp-link-bad;Plateau;;Atlantis;open;;${source};x`].join('\n'),
    );
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'précieux\n');
    await symlink(victim, path.join(dir, 'linked.rejected.csv'));
    const run = importCli(file, '--kind', 'sites', '--skip-invalid');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `import refused, nothing applied: ${path.join(dir, 'linked.rejected.csv')} is a symbolic link: the rejected rows ` +
        'are not written through it; remove it or choose another file name\n',
    );
    const dry = importCli(file, '--kind', 'sites', '--skip-invalid', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 rejected (dry run: nothing applied)');
    expect(await readFile(victim, 'utf8')).toBe('précieux\n');
    expect(await count('imp-link-')).toBe(0);
  }, 60_000);

  it('refuses a link that appears while the import runs, and a hard link', async () => {
    const { writeRejected } = await import('../../src/import/rejected.js');
    const victim = path.join(dir, 'victim2.txt');
    await writeFile(victim, 'précieux\n');
    const soft = path.join(dir, 'soft.rejected.csv');
    await symlink(victim, soft);
    await expect(writeRejected(soft, 'x')).rejects.toThrow(`${soft} is a symbolic link`);
    const hard = path.join(dir, 'hard.rejected.csv');
    await link(victim, hard);
    await expect(writeRejected(hard, 'x')).rejects.toThrow(`${hard} is a hard link to another file`);
    expect(await readFile(victim, 'utf8')).toBe('précieux\n');
    const plain = path.join(dir, 'plain.rejected.csv');
    await writeFile(plain, 'an older, longer list of rejected rows\n');
    await writeRejected(plain, 'new\n');
    expect(await readFile(plain, 'utf8')).toBe('new\n');
  });
});

describe('export → import is exact', () => {
  const kindsInOrder = ['operators', 'mandataires', 'clubs', 'sites', 'proceedings'];
  const entries = async (on: App, kind: string) =>
    (await on.inject({ method: 'GET', url: `/v1/${kind}/export?format=jsonl` })).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .map(({ created_at: _c, updated_at: _u, ...entry }) => entry)
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const changes = async (on: Db) =>
    Number((await on.execute<{ n: number }>(sql`select count(*)::int as n from changes`))[0]!.n);

  it('neutralises formula-like cells on export and takes them back unchanged on import', async () => {
    for (const text of ['=1+2', '+Contact Amiens', '-Plateau', '@Plateau', '\tx', '\rx', "'=déjà", "''+x"]) {
      expect(unneutralised(neutralised(text)), JSON.stringify(text)).toBe(text);
      expect(neutralised(text).startsWith("'"), JSON.stringify(text)).toBe(true);
    }
    for (const text of ["'Apostrophe", 'Plateau', "l'=x", '']) {
      expect(neutralised(text)).toBe(text);
      expect(unneutralised(text)).toBe(text);
    }
  });

  it('for every kind: exported all, imported into an empty database, gives the same entries and facts', async () => {
    // Entries an export must carry exactly: formula-like names, and references to entries further down the file.
    const ctx = { db, actor: { name: 'test', keyId: null } };
    const cite = [{ source, quote: 'IPG', fields: [] }];
    const writes = (kind: string) => findKind(kind)!.writes;
    await writes('sites').create(ctx, {
      ...writes('sites').createBody.parse({ id: 'rt-plus', name: '+Contact Amiens', commune: 'Amiens' }),
      notes: "'=déjà neutralisé",
      citations: cite,
    });
    await writes('sites').create(ctx, {
      ...writes('sites').createBody.parse({ id: 'rt-egal', name: '=HYPERLINK("x")', commune: 'Amiens' }),
      notes: '-5 @SUM(A1)',
      citations: cite,
    });
    await writes('operators').create(ctx, {
      ...writes('operators').createBody.parse({ id: 'rt-a-filiale', name: 'Filiale' }),
      citations: cite,
    });
    await writes('operators').create(ctx, {
      ...writes('operators').createBody.parse({ id: 'rt-b-groupe', name: 'Groupe' }),
      citations: cite,
    });
    await writes('operators').update(ctx, 'rt-a-filiale', { parent: 'rt-b-groupe', citations: cite }, '*');
    await writes('mandataires').create(ctx, {
      ...writes('mandataires').createBody.parse({ id: 'rt-a-praticien', name: 'Me Praticien', kind: 'practitioner' }),
      citations: cite,
    });
    await writes('mandataires').create(ctx, {
      ...writes('mandataires').createBody.parse({ id: 'rt-b-etude', name: 'Étude', kind: 'firm' }),
      citations: cite,
    });
    await writes('mandataires').update(ctx, 'rt-a-praticien', { firm: 'rt-b-etude', citations: cite }, '*');

    // An empty database: migrated, holding the directory's sources and no entry.
    const { url, database: copy } = await testDatabase({ empty: true });
    await prepareDatabase(url);
    await copy.db.insert(sourcesTable).values((await readSeed()).sources);
    const copyApp = await buildApp({ databaseUrl: url, logLevel: 'silent', search: testSearchOptions() });
    await copyApp.ready();
    try {
      for (const kind of kindsInOrder) {
        const exported = await app.inject({ method: 'GET', url: `/v1/${kind}/export?format=csv` });
        const file = path.join(dir, `round-trip-${kind}.csv`);
        await writeFile(file, exported.body);
        // Small batches: an entry named by a row above it is written in a later batch than that row.
        const summary = await runImport(copy.db, await kindImporter(copy.db, findKind(kind)!), {
          file,
          format: 'csv',
          actor,
          batchSize: 3,
        });
        expect(summary.rejected, kind).toEqual([]);
        expect(summary.created, kind).toBe(summary.rows);
      }
      for (const kind of kindsInOrder) {
        expect(await entries(copyApp, kind), kind).toEqual(await entries(app, kind));
      }
      expect((await getJson(copyApp, '/v1/sites/rt-plus')).body).toMatchObject({
        name: '+Contact Amiens',
        notes: "'=déjà neutralisé",
      });
      expect((await getJson(copyApp, '/v1/operators/rt-a-filiale')).body.parent).toMatchObject({ id: 'rt-b-groupe' });

      // No new change: the exports of either side imported again, as CSV or JSON lines, change nothing.
      const before = [await changes(db), await changes(copy.db)];
      for (const kind of kindsInOrder) {
        for (const format of ['csv', 'jsonl'] as const) {
          for (const [from, to] of [
            [app, copy.db],
            [copyApp, db],
          ] as const) {
            const exported = await from.inject({ method: 'GET', url: `/v1/${kind}/export?format=${format}` });
            const file = path.join(dir, `round-trip-again-${kind}.${format}`);
            await writeFile(file, exported.body);
            const summary = await runImport(to, await kindImporter(to, findKind(kind)!), { file, format, actor });
            expect(summary.rejected, `${kind} ${format}`).toEqual([]);
            expect(summary.unchanged, `${kind} ${format}`).toBe(summary.rows);
          }
        }
      }
      expect([await changes(db), await changes(copy.db)]).toEqual(before);
    } finally {
      await copyApp.close();
    }
  }, 60_000);
});

describe('a file of 20,000 rows', () => {
  const rowsOf = 20_000;
  const quote = 'IPG Contacts Services est une deuxième entité';
  const communes = [...geography().communes.values()];
  /** A CSV of `rowsOf` new sites `<prefix><n>` in real communes; the row of index `bad` names no operator that exists. */
  async function bulkFile(prefix: string, bad?: number): Promise<string> {
    const file = path.join(dir, `${prefix}bulk.csv`);
    const lines = ['id;name;operator_id;code_commune;status;citation_source;citation_quote'];
    for (let i = 0; i < rowsOf; i++) {
      const c = communes[(i * 7919) % communes.length]!;
      const operator = i === bad ? 'pas-un-operateur' : 'ipg-contacts-services';
      lines.push(`${prefix}${i};Plateau ${c.name} ${i};${operator};${c.code};open;${source};${quote}`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  }
  /** What the import leaves, for rows whose id starts with `prefix`: rows and the transactions that wrote them. */
  const written = async (prefix: string) => {
    const like = `${prefix}%`;
    const [row] = await db.execute<{
      sites: number;
      writers: number;
      history: number;
      citations: number;
      outbox: number;
    }>(sql`
      select (select count(*)::int from sites where id like ${like}) as sites,
             (select count(distinct xmin::text)::int from sites where id like ${like}) as writers,
             (select count(*)::int from changes where entity_kind = 'site' and entity_id like ${like}) as history,
             (select count(*)::int from citations where site_id like ${like}) as citations,
             (select count(*)::int from search_outbox where entity_kind = 'site' and entity_id like ${like}) as outbox`);
    return row!;
  };

  /** How many times PostgreSQL has analysed each table the import writes, by hand or by autovacuum. */
  const analyses = async () =>
    Object.fromEntries(
      (
        await db.execute<{ relname: string; analyses: number }>(sql`
          select relname, (analyze_count + autoanalyze_count)::int as analyses from pg_stat_user_tables
           where relname in ('sites', 'citations', 'changes', 'search_outbox', 'sources')`)
      ).map((r) => [r.relname, r.analyses]),
    );

  it('applies every row, its citation, history entry and outbox event, in one transaction', async () => {
    const file = await bulkFile('bulk-a-');
    const analysedBefore = await analyses();
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    // The planner's statistics refreshed at once: the indexer's first query sees 20,000 more sites, not the old count.
    const analysedAfter = await analyses();
    for (const table of ['sites', 'citations', 'changes', 'search_outbox', 'sources']) {
      expect(analysedAfter[table], table).toBeGreaterThan(analysedBefore[table] ?? 0);
    }
    expect(summary).toMatchObject({
      rows: rowsOf,
      created: rowsOf,
      updated: 0,
      unchanged: 0,
      rejected: [],
      applied: true,
    });
    expect(await written('bulk-a-')).toEqual({
      sites: rowsOf,
      writers: 1,
      history: rowsOf,
      citations: rowsOf,
      outbox: rowsOf,
    });
    const last = communes[((rowsOf - 1) * 7919) % communes.length]!;
    expect((await getJson(app, `/v1/sites/bulk-a-${rowsOf - 1}`)).body).toMatchObject({
      name: `Plateau ${last.name} ${rowsOf - 1}`,
      code_commune: last.code,
      operator: { id: 'ipg-contacts-services' },
    });

    // A re-run that changes nothing is tested on a small file above (a 20,000-row re-run adds two minutes to CI).
  }, 240_000);

  it('applies nothing when one row is bad', async () => {
    const bad = 15_000;
    const file = await bulkFile('bulk-b-', bad);
    const refusal = [
      { line: bad + 2, errors: [{ in: 'row', name: 'operator', message: "unknown operator 'pas-un-operateur'" }] },
    ];
    const refused = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(refused).toMatchObject({ rows: rowsOf, created: 0, applied: false });
    expect(refused.rejected.map(({ line, errors }) => ({ line, errors }))).toEqual(refusal);
    expect(await written('bulk-b-')).toEqual({ sites: 0, writers: 0, history: 0, citations: 0, outbox: 0 });

    // --skip-invalid (the other rows applied, the bad one written aside) is tested on a small file above.
  }, 240_000);

  it('applies nothing when PostgreSQL refuses one row when applied, and names that row', async () => {
    // A rule the checks do not know, as a constraint added by hand would be: PostgreSQL refuses the row itself.
    await db.execute(sql`alter table sites add constraint test_refused_name check (name <> 'Plateau refusé')`);
    try {
      const bad = 15_000;
      const file = await bulkFile('bulk-c-');
      const text = (await readFile(file, 'utf8')).split('\n');
      text[bad + 1] = text[bad + 1]!.replace(/;Plateau [^;]*;/, ';Plateau refusé;');
      await writeFile(file, text.join('\n'));
      const refused = runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
      await expect(refused).rejects.toThrow(ImportApplyError);
      await expect(refused).rejects.toMatchObject({
        line: bad + 2,
        message: `line ${bad + 2}: new row for relation "sites" violates check constraint "test_refused_name"`,
      });
      expect(await written('bulk-c-')).toEqual({ sites: 0, writers: 0, history: 0, citations: 0, outbox: 0 });
    } finally {
      await db.execute(sql`alter table sites drop constraint test_refused_name`);
    }
  }, 240_000);

  it('applies nothing when an id comes again after the batches holding it were applied, and names the repeat', async () => {
    // Batches of 100: the rows are applied while the next ones are checked; the repeat is found once all are checked.
    const file = path.join(dir, 'repeat-late.csv');
    const lines = ['id;name;operator_id;code_commune;status;citation_source;citation_quote'];
    for (let i = 0; i < 300; i++) {
      const c = communes[(i * 7919) % communes.length]!;
      const id = i === 250 ? 'bulk-d-3' : `bulk-d-${i}`;
      lines.push(`${id};Plateau ${c.name} ${i};ipg-contacts-services;${c.code};open;${source};${quote}`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, batchSize: 100 });
    expect(summary).toMatchObject({ rows: 300, created: 0, applied: false });
    expect(summary.rejected.map(({ line, errors }) => ({ line, errors }))).toEqual([
      { line: 252, errors: [{ in: 'row', name: 'id', message: "'bulk-d-3' already appears at line 5" }] },
    ]);
    expect(await written('bulk-d-')).toEqual({ sites: 0, writers: 0, history: 0, citations: 0, outbox: 0 });

    // Without the repeat, every row is applied in one transaction, in batches of 100.
    lines[251] = lines[251]!.replace('bulk-d-3;', 'bulk-d-250;');
    await writeFile(file, `${lines.join('\n')}\n`);
    const applied = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, batchSize: 100 });
    expect(applied).toMatchObject({ rows: 300, created: 300, updated: 0, unchanged: 0, rejected: [], applied: true });
    expect(await written('bulk-d-')).toEqual({ sites: 300, writers: 1, history: 300, citations: 300, outbox: 300 });
  }, 120_000);

  it('leaves no staging table behind', async () => {
    const [left] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_tables where tablename like 'import_staging_%'`,
    );
    expect(left!.n).toBe(0);
  });

  it('drops the staging table an import killed left behind, and leaves a running import’s alone', async () => {
    const tables = async () =>
      (
        await db.execute<{ name: string }>(
          sql`select tablename as name from pg_tables where starts_with(tablename, 'import_staging_') order by 1`,
        )
      ).map((r) => r.name);
    const file = path.join(dir, 'staging-leftovers.csv');
    await writeFile(file, 'id;name;commune;citation_source;citation_quote\nleft-1;Reste;Lille;;\n');
    // A killed import's table: its session, and so its lock, gone; a running import's: its lock held.
    await db.execute(sql`create unlogged table import_staging_999999_deadbeef (line int)`);
    const running = 'import_staging_999998_cafecafe';
    await db.execute(sql`create unlogged table ${sql.identifier(running)} (line int)`);
    const session = await clientOf(db).reserve();
    try {
      await session`select pg_advisory_lock(${stagingLockClass}, hashtext(${running}))`;
      await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, dryRun: true });
      expect(await tables()).toEqual([running]);
    } finally {
      await session`select pg_advisory_unlock(${stagingLockClass}, hashtext(${running}))`;
      session.release();
    }
    await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, dryRun: true });
    expect(await tables()).toEqual([]);
  });
});

describe('a row PostgreSQL refuses while it is staged', () => {
  /** An importer that takes every row as it is: a text with a NUL character reaches the staging table. */
  const careless: Importer<{ id: string; name: string }> = {
    kind: 'sites',
    spec: findKind('sites')!.writes.spec as never,
    plan() {},
    validate: async (record) => ({ ok: true, value: record as { id: string; name: string } }),
    keyOf: (row) => row.id,
    dependsOn: () => [],
    toOp: (row) => ({ action: 'create', id: row.id, input: { name: row.name }, citations: [] }),
  };
  const rowsOf = (count: number, bad: number) =>
    async function* () {
      for (let i = 0; i < count; i++) {
        const name = i === bad ? 'Plateau\u0000' : `Plateau ${i}`;
        yield { line: i + 2, record: { id: `staged-${i}`, name }, raw: '' };
      }
    };
  const stagingTables = async () =>
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_tables where tablename like 'import_staging_%'`,
      )
    )[0]!.n;

  it.each([
    ['the last row of a small file (refused once the COPY has ended)', 3, 2],
    ['an early row of a large file (refused while rows are still sent)', 50_000, 10],
  ])(
    "fails with PostgreSQL's reason and the line, and drops the staging table: %s",
    async (_, size, bad) => {
      const run = runImport(db, careless, { file: 'rows', format: 'csv', rows: rowsOf(size, bad), actor });
      await expect(run).rejects.toThrow(ImportStagingError);
      await expect(run).rejects.toMatchObject({
        line: bad + 2,
        message: `PostgreSQL refused a checked row while staging it (line ${bad + 2}): unsupported Unicode escape sequence`,
      });
      expect(await stagingTables()).toBe(0);
      expect(await count('staged-')).toBe(0);
    },
    120_000,
  );
});
