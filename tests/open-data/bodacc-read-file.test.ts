import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
