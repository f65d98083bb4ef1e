import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowTooLong } from '../../src/import/read.js';
import { readNotices } from '../../src/open-data/bodacc/read-file.js';

/** Reads every row of the file (the reader streams: an error comes while reading). */
async function readAll(file: string) {
  const rows = [];
  for await (const row of readNotices(file)) rows.push(row);
  return rows;
}

describe('readNotices on a JSON array that does not parse', () => {
  it('names the line and column where the file breaks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bodacc-read-'));
    const file = path.join(dir, 'broken.json');
    // A trailing comma on the second line, column 25: the export cut or edited by hand.
    await writeFile(file, '\uFEFF[{"id": "A202500107001"},\n {"id": "A202500107002",}]\n');
    await expect(readAll(file)).rejects.toThrow(`${file}: line 2, column 25: not valid JSON: unexpected token '}'`);
  });

  it('names the end of a file cut in the middle of a notice', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bodacc-read-'));
    const file = path.join(dir, 'cut.json');
    await writeFile(file, '[{"id": "A202500107001"},\n{"id": "A2025');
    await expect(readAll(file)).rejects.toThrow(
      `${file}: line 2, column 14: the file ends inside its JSON array (truncated file?)`,
    );
  });
});

describe('readNotices on a file cut short or that does not parse, each fault at its line', () => {
  it('a JSON line that does not parse, with its column, and a last JSON line cut short: rows refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bodacc-read-'));
    const file = path.join(dir, 'cut.jsonl');
    await writeFile(file, '{"id": "A202500107001",, "familleavis": "collective"}\n{"id": "A2025001070');
    expect(await readAll(file)).toEqual([
      {
        kind: 'rejected',
        line: 1,
        errors: [{ field: 'row', message: 'is not valid JSON at column 24 (Expected double-quoted property name)' }],
      },
      {
        kind: 'rejected',
        line: 2,
        errors: [
          { field: 'row', message: 'is cut short: the line ends before its JSON object does (truncated file?)' },
        ],
      },
    ]);
  });

  it('an empty JSON file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bodacc-read-'));
    const file = path.join(dir, 'empty.json');
    await writeFile(file, '\n');
    await expect(readAll(file)).rejects.toThrow(`${file} is empty: it must hold a JSON array of rows`);
  });
});

describe('readNotices on a notice naming a key twice (verify34 fault 06)', () => {
  it('refuses it at its line, naming the key, in JSON lines and in a JSON array, nested keys by their path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bodacc-read-'));
    const lines = path.join(dir, 'twice.jsonl');
    await writeFile(lines, '{"id": "A202500107001", "id": "A202500107002"}\r\n');
    expect(await readAll(lines)).toEqual([
      { kind: 'rejected', line: 1, errors: [{ field: 'id', message: 'is given twice in this row' }] },
    ]);
    const array = path.join(dir, 'twice.json');
    await writeFile(
      array,
      '[\n{"id": "A202500107003",\n "listepersonnes": {"personne": {"nom": "Un", "nom": "Deux"}}}\n]\n',
    );
    expect(await readAll(array)).toEqual([
      {
        kind: 'rejected',
        line: 2,
        errors: [{ field: 'listepersonnes.personne.nom', message: 'is given twice in this row' }],
      },
    ]);
  });
});

describe('readNotices on a row of many short lines longer than 1 MiB (issue 9: the whole file refused at « line 1 »)', () => {
  // More line breaks than a row may have bytes: the kind that once failed the file, memory growing with the cell.
  const lines = 1_100_000;
  const read = async (name: string, text: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bodacc-read-'));
    const file = path.join(dir, name);
    await writeFile(file, text);
    return (await readAll(file)).map((row) => [row.kind, row.line, 'errors' in row ? row.errors : null]);
  };
  const tooLong = [{ field: 'row', message: rowTooLong }];

  it('in CSV, refuses it at the line it starts and reads the notices after it at theirs', async () => {
    const [header, first, second] = (await readFile('tests/fixtures/bodacc/annonces-commerciales.csv', 'utf8')).split(
      '\n',
    );
    const long = `A202400159999;"${'ab\n'.repeat(lines)}"`;
    expect(await read('short-lines.csv', `${header}\n${first}\n${long}\n${second}\n`)).toEqual([
      ['notice', 2, null],
      ['rejected', 3, tooLong],
      ['notice', lines + 4, null],
    ]);
  });

  it('in a JSON array, refuses an element over many short lines at the line of its {', async () => {
    const [first, second] = (await readFile('tests/fixtures/bodacc/annonces-commerciales.jsonl', 'utf8')).split('\n');
    const long = `{"id": "A202400159999", "listepersonnes": [\n${'"ab",\n'.repeat(lines / 5)}"ab"]}`;
    expect(await read('short-lines.json', `[\n${first},\n${long},\n${second}\n]\n`)).toEqual([
      ['notice', 2, null],
      ['rejected', 3, tooLong],
      ['notice', lines / 5 + 5, null],
    ]);
  });
});
