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
import { decodeLine } from '../../src/import/encoding.js';
import { kindImporter } from '../../src/import/importer.js';
import { jsonArrayPlaces, readRows } from '../../src/import/read.js';
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
