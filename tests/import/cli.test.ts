// npm run import as a user runs it, in its own node, against a real database: checks before applying, applies all
// or nothing, upserts by id, says what it did and refuses bad arguments. Where the test is of the import's logic rather
// than of the command (a second import, an update), it calls runImport in this process, as the CLI does; more of
// runImport itself: import.test.ts.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator } from '../setup/factories.js';
import { actor, good, header, quote, importCli as runImportCli, sitesLike, source } from '../setup/import.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-'));
});

const importCli = (...args: string[]) => runImportCli(databaseUrl, ...args);
/** The importer of sites, as `--kind sites` makes it. */
const importer = () => kindImporter(db, findKind('sites')!);
const count = (prefix: string) => sitesLike(db, prefix);

describe('npm run import', () => {
  it('applies nothing when a row is bad, and names each bad row with its line and reason', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        header,
        good('imp-a-tours', 'Tours'),
        `imp-a-nowhere;Plateau Nulle Part;ipg-contacts-services;Atlantis;open;;${source};IPG Contacts Services est une deuxième entité`,
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
        `imp-b-bad;Plateau;;Atlantis;open;;${source};IPG Contacts Services est une deuxième entité`,
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
    // The second time in this process, through the function the CLI calls (its printed summary is read above).
    expect(await runImport(db, await importer(), { file, format: 'csv', actor })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
      applied: true,
    });
    expect((await getJson(app, '/v1/sites/imp-c-tours/history')).body.data).toEqual(historyBefore);
  }, 120_000);

  it('updates changed rows, with their source', async () => {
    const file = path.join(dir, 'update.jsonl');
    const row = {
      id: 'imp-c-blois',
      name: 'Plateau Blois Centre',
      citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité' }],
    };
    await writeFile(file, `${JSON.stringify(row)}\n`);
    // Through the function the CLI calls, in this process.
    expect(await runImport(db, await importer(), { file, format: 'jsonl', actor })).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 0,
      applied: true,
    });
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
    [['x.txt', '--kind', 'sites'], 1, 'x.txt: no such file'],
    [['x.csv', '--kind', 'people'], 2, '--kind must be one of: sites, operators, clubs, mandataires, proceedings'],
    [[], 2, 'no file given'],
  ])('refuses %j', (args, status, message) => {
    const run = importCli(...args.map((a) => (a.endsWith('.csv') || a.endsWith('.txt') ? path.join(dir, a) : a)));
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
  });

  it('refuses a file whose name does not end in .csv, .json or .jsonl, with its usage', async () => {
    const file = path.join(dir, 'x.txt');
    await writeFile(file, header);
    const run = importCli(file, '--kind', 'sites');
    expect(run.stderr).toMatch(new RegExp(`^${file}: the file must end in \\.csv, \\.json or \\.jsonl\nusage: `));
    expect(run.status).toBe(2);
  });

  it('names a directory as README says, whatever its name (data), before its name is found not to end in .csv', async () => {
    const folder = path.join(dir, 'data');
    await mkdir(folder, { recursive: true });
    const run = importCli(folder, '--kind', 'sites');
    expect(run.stderr).toBe(`${folder}: is a directory, not a file\n`);
    expect(run.status).toBe(1);
  });

  it('names a path that is a directory, and exits 1', async () => {
    const folder = path.join(dir, 'folder.csv');
    await mkdir(folder, { recursive: true });
    const run = importCli(folder, '--kind', 'sites');
    expect(run.stderr).toBe(`${folder}: is a directory, not a file\n`);
    expect(run.status).toBe(1);
  });
});

describe('npm run import of a malformed file: its fault at its line (and column), nothing applied', () => {
  it('refuses a CSV row cut short (a truncated last line), and does not apply the cut value', async () => {
    const file = path.join(dir, 'cut-before.csv');
    await writeFile(file, [header, good('imp-t-tours', 'Tours')].join('\n'));
    expect(importCli(file, '--kind', 'sites').status).toBe(0);
    // The file's last line cut in the middle of its name: 2 cells of 8, no final line break.
    const cut = path.join(dir, 'cut.csv');
    await writeFile(cut, [header, good('imp-t-blois', 'Blois'), 'imp-t-tours;Plateau To'].join('\n'));
    const run = importCli(cut, '--kind', 'sites');
    expect(run.stderr).toBe('line 3: row: is cut short: it has 2 cells where the header names 8 columns\n');
    expect(run.stdout).toContain('sites: 2 rows — 0 created, 0 updated, 0 unchanged, 1 rejected (nothing applied');
    expect(run.status).toBe(1);
    // Read in the database (the API may answer 503 on this loaded machine while its watch of the database waits).
    const [stored] = await db.execute<{ name: string }>(sql`select name from sites where id = 'imp-t-tours'`);
    expect(stored?.name).toBe('Plateau Tours imp-t-tours');
    expect(await count('imp-t-blois')).toBe(0);
  }, 60_000);

  /** A JSON array of `n` sites, one field a line (as `json.dumps(rows, indent=1)` writes it). */
  const jsonArray = (prefix: string, n: number) =>
    JSON.stringify(
      Array.from({ length: n }, (_, i) => ({
        id: `${prefix}${i}`,
        name: `Import ${i}`,
        commune: 'Tours',
        citations: [{ source, quote }],
      })),
      null,
      1,
    );

  it('names the line and column of a syntax error in a JSON array, and applies none of its rows', async () => {
    const file = path.join(dir, 'bad-syntax.json');
    const text = jsonArray('imp-j-', 5).replace('"name": "Import 3",', '"name": "Import 3" "oops",');
    const line = text.split('\n').findIndex((l) => l.includes('"oops"')) + 1;
    expect(line).toBe(37);
    await writeFile(file, text);
    const run = importCli(file, '--kind', 'sites');
    expect(run.stderr).toBe(
      `import failed, nothing applied: ${file}: line 37, column 22: not valid JSON: expected ','\n`,
    );
    expect(run.status).toBe(1);
    expect(await count('imp-j-')).toBe(0);
    // The same file, right: its rows are good.
    await writeFile(file, text.replace(' "oops"', ''));
    expect(importCli(file, '--kind', 'sites', '--dry-run').stdout).toContain(
      'sites: 5 rows — 5 created, 0 updated, 0 unchanged, 0 rejected (dry run: nothing applied)',
    );
  }, 90_000);

  it('names the end of a JSON array cut short', async () => {
    const file = path.join(dir, 'bad-cut.json');
    const text = jsonArray('imp-j-', 5);
    await writeFile(file, text.slice(0, text.indexOf('"Import 3"') + 6));
    const run = importCli(file, '--kind', 'sites');
    expect(run.stderr).toBe(
      `import failed, nothing applied: ${file}: line 37, column 17: the file ends inside its JSON array (truncated file?)\n`,
    );
    expect(run.status).toBe(1);
    expect(await count('imp-j-')).toBe(0);
  }, 60_000);

  it('names the column of a JSON line that does not parse, and a last JSON line cut short', async () => {
    const file = path.join(dir, 'bad-lines.jsonl');
    const row = { id: 'imp-l-tours', name: 'Plateau Tours', commune: 'Tours', citations: [{ source, quote }] };
    await writeFile(
      file,
      `${JSON.stringify(row)}\n{"id": "imp-l-blois",, "name": "x"}\n${JSON.stringify(row).slice(0, 30)}`,
    );
    const run = importCli(file, '--kind', 'sites');
    expect(run.stderr).toBe(
      [
        'line 2: row: is not valid JSON at column 22 (Expected double-quoted property name)',
        'line 3: row: is cut short: the line ends before its JSON object does (truncated file?)',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
    expect(await count('imp-l-')).toBe(0);
  }, 60_000);
});
