// The import (runImport) end to end against a real database: checks before applying, applies all or nothing,
// upserts by id, reads files as spreadsheets write them, round-trips the exports. npm run import's own behaviour
// is in cli.test.ts, a file of 20,000 rows and the staging table in staging.test.ts.
import { existsSync } from 'node:fs';
import { link, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { prepareDatabase } from '../../src/database.js';
import type { Db } from '../../src/db/client.js';
import { sites, sources as sourcesTable } from '../../src/db/schema/index.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { listCell, listOfCell, neutralised, unneutralised } from '../../src/listing/export.js';
import { getJson, testApp, testSearchOptions } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';
import { createOperator } from '../setup/factories.js';
import { actor, good, header, quote, importCli as runImportCli, sitesLike, source } from '../setup/import.js';

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

const importCli = (...args: string[]) => runImportCli(databaseUrl, ...args);
const count = (prefix: string) => sitesLike(db, prefix);

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
        `imp-pr-un;Une SA;sauvegarde;ipg;${source};IPG Contacts Services est une deuxième entité`,
        `imp-pr-deux;Deux SA;sauvegarde;nobody-op;${source};IPG Contacts Services est une deuxième entité`,
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
    const row = { id: 'imp-d-one', name: 'Plateau Un', commune: 'Tours', citations: [{ source, quote }] };
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
    const good = { id: 'imp-e-one', name: 'Plateau Un', commune: 'Tours', citations: [{ source, quote }] };
    const rows = [
      good,
      { ...good, id: 'imp-e-two', notes: 'a\u0000b' },
      { ...good, id: 'imp-e-three', name: 'a\ud800' },
    ];
    const club = { id: 'imp-e-club', name: 'Club', kind: 'regional_club', member_count: 3000000000 };
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const clubs = path.join(dir, 'unstorable-clubs.jsonl');
    await writeFile(clubs, JSON.stringify({ ...club, citations: [{ source, quote }] }));
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
        .concat([cells.notes ?? '', cells.aliases ?? '', source, quote])
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
    const cited = { citations: [{ source, quote }] };
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
        `imp-f-one;Cafe\u0301 Vendo\u0302me;Tours;fr;356 000 000 00048;2017-02-28;${source};IPG Contacts Services est une deuxième entité`,
        `imp-f-two;Plateau Deux;Tours;FR;;2017-02-30;${source};IPG Contacts Services est une deuxième entité`,
        `imp-f-three;Plateau Trois;;UK;;;${source};IPG Contacts Services est une deuxième entité`,
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
    await writeFile(mandatairesFile, JSON.stringify({ ...firm, citations: [{ source, quote }] }));
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

describe('files as spreadsheets write them', () => {
  const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  // Each file's names of its own (its prefix): a create of another entry's words is a duplicate, whatever its id.
  const rows = (prefix: string) => [
    header,
    `${prefix}-senart;Plateau Sénart — Évry ${prefix};ipg-contacts-services;Évry-Courcouronnes;open;;${source};${quote}`,
    `${prefix}-orleans;Plateau Orléans ${prefix};ipg-contacts-services;Orléans;open;;${source};${quote}`,
  ];
  const stored = async (prefix: string) =>
    (await db.select({ id: sites.id, name: sites.name, commune: sites.commune }).from(sites))
      .filter((s) => s.id.startsWith(`${prefix}-`))
      .sort((a, b) => a.id.localeCompare(b.id));
  const expected = (prefix: string) => [
    { id: `${prefix}-orleans`, name: `Plateau Orléans ${prefix}`, commune: 'Orléans' },
    { id: `${prefix}-senart`, name: `Plateau Sénart — Évry ${prefix}`, commune: 'Évry-Courcouronnes' },
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
    const filler = Array.from({ length: 2000 }, (_, i) => `enc-far-${i},Plateau ${i},Tours,open,${source},${quote}`);
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

  it('skips lines of separators only, tolerates trailing separators, refuses rows cut short, and names the line where a row starts', async () => {
    const file = path.join(dir, 'layout.csv');
    const lines = [
      `${header};;`, // 1: the header, with trailing separators
      `sep-a;Plateau A;ipg-contacts-services;Tours;open;;${source};${quote};;;`, // 2
      ';;;;;;;;;', // 3: separators only
      `sep-b;Plateau B;ipg-contacts-services;Tours;open;;${source};"à Paris les affaires continuent`, // 4: a quoted cell…
      'Christian Dumolin";', // 5: …over two lines (as the article's text has them)
      '', // 6
      `sep-c;Plateau C;;Atlantis;open;;${source};IPG Contacts Services est une deuxième entité;;`, // 7: bad
      `sep-d;"Plateau`, // 8: a bad row starting here…
      'D";;Tours;closed;;;', // 9: …ends here
      ';;;', // 10
      `sep-e;Plateau E;;Tours;open;;${source};IPG Contacts Services est une deuxième entité;en trop`, // 11: a cell beyond the last column
      `sep-f;Plateau F;ipg-contacts-services;Tours;open`, // 12: cut short (not read as empty cells)
    ];
    await writeFile(file, lines.join('\r\n'));
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    expect(summary.rows).toBe(6);
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [7, [{ in: 'row', name: 'commune', message: "no commune is named 'Atlantis'" }]],
      // A name over two lines: a quote may hold a line break (line 4's, CR LF read as one), a name may not.
      [8, [{ in: 'row', name: 'name', message: 'must be one line: it must not contain a line break (U+000A)' }]],
      [11, [{ in: 'row', name: 'row', message: 'has 9 cells where the header names 8 columns' }]],
      [12, [{ in: 'row', name: 'row', message: 'is cut short: it has 5 cells where the header names 8 columns' }]],
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
    ).toBe('à Paris les affaires continuent\nChristian Dumolin');
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
        `ref-a-petite-fille;Petite-fille;ref-b-fille;;${source};IPG Contacts Services est une deuxième entité`,
        `ref-b-fille;Fille;ref-c-groupe;;${source};IPG Contacts Services est une deuxième entité`,
        `ref-c-groupe;Groupe\u0000;;;${source};IPG Contacts Services est une deuxième entité`,
        `ref-d-fille;Autre fille;ref-e-groupe;;${source};IPG Contacts Services est une deuxième entité`,
        `ref-e-groupe;Autre groupe;;;${source};IPG Contacts Services est une deuxième entité`,
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
      [
        header,
        good('imp-link-tours', 'Tours'),
        `imp-link-bad;Plateau;;Atlantis;open;;${source};IPG Contacts Services est une deuxième entité`,
      ].join('\n'),
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

  it('refuses a link that appears while the import runs, and a hard link, never writing through them', async () => {
    const { RejectedRows } = await import('../../src/import/rejected.js');
    const rows = (file: string) => {
      const rejected = new RejectedRows(file, 'jsonl', async () => null);
      return rejected.add({ line: 2, errors: [], raw: '{"id":"new"}' }).then(() => rejected);
    };
    const victim = path.join(dir, 'victim2.txt');
    await writeFile(victim, 'précieux\n');
    const soft = path.join(dir, 'soft.rejected.jsonl');
    await symlink(victim, soft);
    await expect((await rows(soft)).keep()).rejects.toThrow(`${soft} is a symbolic link`);
    const hard = path.join(dir, 'hard.rejected.jsonl');
    await link(victim, hard);
    await expect((await rows(hard)).keep()).rejects.toThrow(`${hard} is a hard link to another file`);
    expect(await readFile(victim, 'utf8')).toBe('précieux\n');
    const plain = path.join(dir, 'plain.rejected.jsonl');
    await writeFile(plain, 'an older, longer list of rejected rows\n');
    expect(await (await rows(plain)).keep()).toBe(true);
    expect(await readFile(plain, 'utf8')).toBe('{"id":"new"}\n');
    // What was written before a refusal is removed: nothing is left beside the links.
    expect((await readdir(dir)).filter((f) => f.includes('.partial-'))).toEqual([]);
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
    const cite = [{ source, quote, fields: [] }];
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

    // An empty database: migrated, holding the directory's sources (the tests' own among them) and no entry.
    const { url, database: copy } = await testDatabase({ empty: true });
    await prepareDatabase(url);
    await copy.db.insert(sourcesTable).values(await db.select().from(sourcesTable));
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
