// How the import reads a file, whatever its kind of fault: lines of two encodings each decoded right, columns named
// as Object.prototype's members reported by their name, a JSON array's rows named by the line where they start.
// (The hostile tester's faults 07, 09 and 10 of the importers, each an instance below with its exact answer.)
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { sites } from '../../src/db/schema/index.js';
import { repeatedKey } from '../../src/domain/repeated-keys.js';
import { decodeLine } from '../../src/import/encoding.js';
import { kindImporter } from '../../src/import/importer.js';
import { jsonArrayPlaces, jsonText, readRows } from '../../src/import/read.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { testApp } from '../setup/app.js';
import { actor, quote, importCli as runImportCli, source } from '../setup/import.js';

let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-reading-'));
});

const importSites = async (file: string, format: 'csv' | 'json' | 'jsonl', dryRun = false) =>
  runImport(db, await kindImporter(db, findKind('sites')!), { file, format, actor, dryRun });
const names = async (prefix: string) =>
  (await db.select({ id: sites.id, name: sites.name }).from(sites))
    .filter((s) => s.id.startsWith(prefix))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('a CSV whose lines mix UTF-8 and Windows-1252 (two exports pasted together)', () => {
  it('decodes each line in its own encoding: never « SociÃ©tÃ© » stored', async () => {
    const file = path.join(dir, 'mixed-sites.csv');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('id;name;commune;status;citation_source;citation_quote\n'),
        Buffer.from(`t-mix1;Société Générale Écoute;Amiens;open;${source};${quote}\n`),
        iconv.encode(`t-mix2;Café Noël;Amiens;open;${source};${quote}\n`, 'windows-1252'),
      ]),
    );
    const summary = await importSites(file, 'csv');
    expect(summary).toMatchObject({ encoding: 'windows-1252', rows: 2, created: 2, rejected: [] });
    expect(await names('t-mix')).toEqual([
      { id: 't-mix1', name: 'Société Générale Écoute' },
      { id: 't-mix2', name: 'Café Noël' },
    ]);
    const quotes = await db.execute<{ quote: string }>(sql`select quote from citations where site_id like 't-mix%'`);
    expect(quotes.map((q) => q.quote)).toEqual([quote, quote]);
  });

  it('reads JSON lines the same way', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    const row = (id: string, name: string) =>
      `${JSON.stringify({ id, name, commune: 'Amiens', status: 'open', citations: [{ source, quote }] })}\n`;
    await writeFile(
      file,
      Buffer.concat([
        iconv.encode(row('t-mixj1', 'Café Noël'), 'windows-1252'),
        Buffer.from(row('t-mixj2', 'Société Générale')),
      ]),
    );
    const read = [];
    for await (const r of readRows(file, 'jsonl')) read.push(r.record?.name);
    expect(read).toEqual(['Café Noël', 'Société Générale']);
  });

  it('reads a line as UTF-8 only when its bytes are UTF-8, else as Windows-1252', () => {
    expect(decodeLine(Buffer.from('Société\n'))).toBe('Société\n');
    expect(decodeLine(iconv.encode('Société « été »\n', 'windows-1252'))).toBe('Société « été »\n');
    expect(decodeLine(Buffer.from('plain\n'))).toBe('plain\n');
  });
});

describe('a column named as a member of Object.prototype', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'colour'])(
    "'%s' is an unknown column, by its name, in CSV and in JSON lines",
    async (column) => {
      const csvFile = path.join(dir, `key-${column}.csv`);
      await writeFile(
        csvFile,
        `id;name;commune;status;${column};citation_source;citation_quote\nt-k;Proto Key;Amiens;open;x;${source};${quote}\n`,
      );
      const jsonFile = path.join(dir, `key-${column}.jsonl`);
      const body = `"id":"t-k","name":"Proto Key","commune":"Amiens","status":"open"`;
      await writeFile(jsonFile, `{${body},"${column}":"x","citations":[{"source":"${source}","quote":"${quote}"}]}\n`);
      for (const [file, format, line] of [
        [csvFile, 'csv', 2],
        [jsonFile, 'jsonl', 1],
      ] as const) {
        const summary = await importSites(file, format, true);
        expect(
          summary.rejected.map((r) => [r.line, r.errors]),
          format,
        ).toEqual([[line, [{ in: 'row', name: column, message: 'is not a column of this kind' }]]]);
      }
    },
  );

  it('npm run import says « line 2: constructor: is not a column of this kind »', async () => {
    const file = path.join(dir, 'cli-constructor.csv');
    await writeFile(
      file,
      `id;name;commune;status;constructor;citation_source;citation_quote\nt-k;Proto Key;Amiens;open;x;${source};${quote}\n`,
    );
    const run = runImportCli(databaseUrl, file, '--kind', 'sites', '--dry-run');
    expect(run.stderr).toBe('line 2: constructor: is not a column of this kind\n');
    expect(run.status).toBe(1);
  }, 60_000);
});

describe('a CSV cell of several lines written with CR LF (as a spreadsheet writes it)', () => {
  // verify32 fault 06: a stray double quote after such a cell was told two lines late (line 7 of a file of 5).
  const header = 'id;name;code_commune;status;notes;citation_source;citation_quote\r\n';
  const cited = `${source};${quote}`;
  const stray = (file: string) =>
    `${file}: line 5, column 2 (name): a double quote inside a cell that does not start with one (after 'ML'): ` +
    'a cell holding quotes must be enclosed in double quotes, its own quotes doubled';
  async function read(file: string) {
    const rows: [number, unknown][] = [];
    try {
      for await (const r of readRows(file, 'csv')) rows.push([r.line, r.record?.notes]);
    } catch (error) {
      rows.push([0, (error as Error).message]);
    }
    return rows;
  }

  /** A row whose `notes` cell is `cell`, then a row whose name holds a stray double quote (`stray`) or not. */
  const file = async (name: string, cell: string, stray: boolean) => {
    const at = path.join(dir, name);
    const second = stray ? 'ML "Trois"' : 'ML Trois';
    await writeFile(
      at,
      `${header}v32-ml1;ML Un;80021;open;"${cell}";${cited}\r\nv32-ml3;${second};80021;open;;${cited}\r\n`,
    );
    return at;
  };

  it('tells a stray double quote at its line, and reads the cell with LF line breaks', async () => {
    const bad = await file('q5.csv', 'a\r\nb\r\nc', true);
    expect(await read(bad)).toEqual([[0, stray(bad)]]);
    const good = await file('q5-good.csv', 'a\r\nb\r\nc', false);
    expect(await read(good)).toEqual([
      [2, 'a\nb\nc'],
      [5, null],
    ]);
  });

  it('reads a CR LF cut between two chunks of the file (64 KiB) as one line break', async () => {
    const before = `${header}v32-ml1;ML Un;80021;open;"`;
    const pad = 'x'.repeat(65_535 - Buffer.byteLength(before));
    const bad = await file('q5-chunks.csv', `${pad}\r\nb\r\nc`, true);
    expect(await read(bad)).toEqual([[0, stray(bad)]]);
    const good = await file('q5-chunks-good.csv', `${pad}\r\nb\r\nc`, false);
    const rows = await read(good);
    expect(rows.map(([line, notes]) => [line, String(notes).slice(-6)])).toEqual([
      [2, 'xx\nb\nc'],
      [5, 'null'],
    ]);
  });
});

describe('a JSON array holding a value nested 100,000 deep', () => {
  // verify32 fault 07: « deeprow2.json is not valid JSON: Maximum call stack size exceeded » (JSON.stringify's).
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('refuses the row at its line, as JSON lines and the API do: notes must be text', async () => {
    const file = path.join(dir, 'deeprow2.json');
    await writeFile(file, `[\n{"id":"v32-deep","name":"Deep","notes":${deep(100_000)}}\n]\n`);
    const summary = await importSites(file, 'json', true);
    expect(summary.rejected.map((r) => [r.line, r.errors.map((e) => `${e.name}: ${e.message}`)])).toEqual([
      [2, ['notes: must be text, not a list']],
    ]);
  });

  it('writes its text back whole, as JSON.stringify would', () => {
    let value: unknown[] = [];
    for (let i = 1; i < 100_000; i++) value = [value];
    expect(jsonText(value)).toBe(deep(100_000));
    const row = { a: [1, 'x', { b: null, 'c"': [true, 2.5, {}] }], d: [] };
    let nested: unknown = row;
    for (let i = 0; i < 20_000; i++) nested = [nested];
    expect(jsonText(nested)).toBe(`${'['.repeat(20_000)}${JSON.stringify(row)}${']'.repeat(20_000)}`);
  });
});

describe('a row without its id', () => {
  // verify32 doubt 09: `{}` was told « name: is missing » alone, its id only once its name was given.
  it("is told so with its cells' other errors, at once", async () => {
    const file = path.join(dir, 'no-id.jsonl');
    await writeFile(file, '{}\n{"name":"Sans Id","status":"ouvert"}\n');
    const summary = await importSites(file, 'jsonl', true);
    const required = 'id: is required: it is the key that makes importing the same file twice change nothing';
    expect(summary.rejected.map((r) => [r.line, r.errors.map((e) => `${e.name}: ${e.message}`)])).toEqual([
      [1, [required, 'name: is missing: text is needed']],
      [2, [required, "status: 'ouvert' is not one of planned, open, closed, relocated"]],
    ]);
  });
});

describe('a JSON array', () => {
  const pretty = [
    '[',
    '  {"id":"t-p1","name":"Pretty","commune":"Amiens","status":"open",',
    `   "citations":[{"source":"${source}","quote":"${quote}"}]},`,
    '  {"id":"t-p2",',
    '   "name":"Pretty 2","commune":"Amiens","status":"ouvert",',
    `   "citations":[{"source":"${source}","quote":"${quote}"}]}`,
    ']',
  ].join('\n');

  it("names a bad row by the line of its '{', as CSV and JSON lines name theirs", async () => {
    const file = path.join(dir, 'pretty.json');
    await writeFile(file, pretty);
    const summary = await importSites(file, 'json', true);
    expect(summary.rejected.map((r) => [r.line, r.errors.map((e) => `${e.name}: ${e.message}`)])).toEqual([
      [4, ["status: 'ouvert' is not one of planned, open, closed, relocated"]],
    ]);
  });

  it('gives the line of each element on a line of its own, whatever it is, strings holding brackets aside', async () => {
    const file = path.join(dir, 'elements.json');
    await writeFile(file, '[1,\n "x",\n {"a": "],{[\\"", "b": [1, {"c": 2}]},\n\n  [3],\r\n {}\n]');
    expect(await jsonArrayPlaces(file, 'utf-8')).toBe('line');
    const lines = [];
    for await (const r of readRows(file, 'json')) lines.push([r.line, r.error ?? null]);
    expect(lines).toEqual([
      [1, 'is not a JSON object'],
      [2, 'is not a JSON object'],
      [3, null],
      [5, 'is not a JSON object'],
      [6, null],
    ]);
  });

  it('names the rows of a minified array (elements sharing a line) by their position, a line telling none apart', async () => {
    const file = path.join(dir, 'minified.json');
    await writeFile(file, '[1, "x",\n {"a": 1}]');
    expect(await jsonArrayPlaces(file, 'utf-8')).toBe('row');
    const lines = [];
    for await (const r of readRows(file, 'json')) lines.push(r.line);
    expect(lines).toEqual([1, 2, 3]);
  });

  it('npm run import says « line 4: status: … »', async () => {
    const file = path.join(dir, 'cli-pretty.json');
    await writeFile(file, pretty);
    const run = runImportCli(databaseUrl, file, '--kind', 'sites', '--dry-run');
    expect(run.stderr).toBe("line 4: status: 'ouvert' is not one of planned, open, closed, relocated\n");
    expect(run.status).toBe(1);
  }, 60_000);
});

describe('a JSON row naming a key twice (verify34 fault 06: applied with the last value, where CSV refuses it)', () => {
  const row = (id: string, extra = '') =>
    `{"id":"${id}","name":"JSON First ${id}","name":"JSON Second ${id}"${extra},"operator_id":"ipg-contacts-services",` +
    `"commune":"Amiens","status":"open","citation_source":"${source}","citation_quote":"${quote}"}`;

  it('is refused at its line in JSON lines (the CLI), nothing applied', async () => {
    const file = path.join(dir, 'twice.jsonl');
    await writeFile(file, `${row('twice-1')}\r\n`);
    const run = runImportCli(databaseUrl, file, '--kind', 'sites');
    expect([run.status, run.stderr.split('\n').filter((l) => l.startsWith('line '))]).toEqual([
      1,
      ['line 1: name: is given twice in this row'],
    ]);
    expect(await names('twice-')).toEqual([]);
  });

  it('is refused at its line in a JSON array, a key nested in a citation by its path, and in a citations cell', async () => {
    const file = path.join(dir, 'twice.json');
    const nested = row('twice-3').replace(
      /"name":"JSON First twice-3","name":"JSON Second twice-3"/,
      `"name":"Once twice-3","citations":[{"source":"${source}","quote":"${quote}","quote":"autre"}]`,
    );
    await writeFile(file, `[\n${row('twice-2')},\n${nested}\n]\n`);
    const summary = await importSites(file, 'json');
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'name', message: 'is given twice in this row' }]],
      [3, [{ in: 'row', name: 'citations.0.quote', message: 'is given twice in this row' }]],
    ]);
    const csv = path.join(dir, 'twice-cell.csv');
    const cell = `"[{""source"":""${source}"",""source"":""autre"",""quote"":""${quote}""}]"`;
    await writeFile(
      csv,
      `id;name;operator_id;commune;status;citations\ntwice-4;Once twice-4;ipg-contacts-services;Amiens;open;${cell}\n`,
    );
    const cells = await importSites(csv, 'csv');
    expect(cells.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'citations.0.source', message: 'is given twice in this cell' }]],
    ]);
    expect(await names('twice-')).toEqual([]);
  });

  it("is refused in a JSON cell of an object (a practitioner's hotline) too", async () => {
    const file = path.join(dir, 'twice-hotline.csv');
    await writeFile(
      file,
      'id;name;hotline\ntwice-5;Maître Deux Fois;"{""phone"":""0102030405"",""phone"":""0600000000""}"\n',
    );
    const summary = await runImport(db, await kindImporter(db, findKind('mandataires')!), {
      file,
      format: 'csv',
      actor,
      dryRun: true,
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'hotline.phone', message: 'is given twice in this cell' }]],
    ]);
  });

  it('is told by its key as JSON reads it, never by text inside a string', () => {
    expect(repeatedKey('{"name":"a","n\\u0061me":"b"}')).toBe('name');
    expect(repeatedKey('{"a":"{\\"a\\":1,\\"a\\":2}","b":[{"c":1},{"c":2,"d":{"e":1,"e":2}}]}')).toBe('b.1.d.e');
    expect(repeatedKey('{"a":{"x":1},"b":{"x":1},"c":[1,2,{"x":1}]}')).toBeNull();
  });

  it('ends a string at the quote after an even run of backslashes, not an odd one', () => {
    // Keys `a\` twice (the backslash escaped), then a value holding `\"` (an escaped quote) and a key `b` twice.
    expect(repeatedKey('{"a\\\\":1,"a\\\\":2}')).toBe('a\\');
    expect(repeatedKey('{"v":"x\\\\\\"y","b":1,"b":2}')).toBe('b');
    expect(repeatedKey('{"v":"\\"b\\":1,\\"b\\":2","w":1}')).toBeNull();
    // A key never closed is read as written (the parser says what is wrong).
    expect(repeatedKey('{"a":1,"a')).toBeNull();
  });
});
