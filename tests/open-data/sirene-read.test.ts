// The Sirene reader alone (src/open-data/sirene/read.ts): records cut right whatever their quotes, line breaks
// and byte-order mark, the line each starts at, the same rows whether the filter's values are looked for in the
// bytes (a few) or every row is parsed (many).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxSireneRowBytes, readSirene, type SireneRow, sireneRowTooLong } from '../../src/open-data/sirene/read.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-read-'));
});

const header = 'siren,naf,enseigne';
const rows = [
  '111111111,82.20Z,"UN, DEUX"',
  '222222222,62.01Z,"NOTE ""82.20Z"" SUR',
  'DEUX LIGNES"',
  '',
  '333333333,82.20Z,"TROIS',
  'LIGNES, ET ""GUILLEMETS"""',
  "444444444,47.11A,82.20Z DANS L'ENSEIGNE",
  '555555555,82.20Z,',
];

async function read(name: string, text: string, values: string[]) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  const counts = { rows: 0, kept: 0 };
  const kept: SireneRow[] = [];
  const options = {
    required: ['siren', 'naf'],
    wanted: ['siren', 'enseigne'],
    filter: { column: 'naf', values: new Set(values) },
  };
  for await (const row of readSirene(file, options, counts)) kept.push(row);
  return { kept, counts };
}

const expected = [
  { line: 2, values: { siren: '111111111', enseigne: 'UN, DEUX' } },
  { line: 6, values: { siren: '333333333', enseigne: 'TROIS\nLIGNES, ET "GUILLEMETS"' } },
  { line: 9, values: { siren: '555555555', enseigne: null } },
];

describe('readSirene', () => {
  it('keeps the rows of the values asked, with the line each starts at, quoted line breaks and all', async () => {
    const { kept, counts } = await read('a.csv', `${header}\n${rows.join('\n')}\n`, ['82.20Z']);
    expect(kept).toEqual(expected);
    expect(counts).toEqual({ rows: 5, kept: 3 });
  });

  it('reads CRLF lines, a byte-order mark and a last line without its line break alike', async () => {
    const { kept } = await read('b.csv', `\uFEFF${header}\r\n${rows.join('\r\n')}`, ['82.20Z']);
    expect(kept.map((r) => [r.line, r.values.siren])).toEqual(expected.map((r) => [r.line, r.values.siren]));
    expect(kept[1]!.values.enseigne).toBe('TROIS\r\nLIGNES, ET "GUILLEMETS"');
  });

  it('refuses a row longer than 16 MiB at its line, never holding it (a cell of 17 MiB, quoted or not)', async () => {
    const long = 'X'.repeat(maxSireneRowBytes + 1024 * 1024);
    for (const cell of [long, `"${long}"`]) {
      await expect(read('long.csv', `${header}\n${rows[0]}\n555555555,82.20Z,${cell}\n`, ['82.20Z'])).rejects.toThrow(
        `long.csv, line 3: ${sireneRowTooLong}`,
      );
    }
  });

  it('refuses a row of many short lines past 16 MiB at its line, LF or CR LF, as it comes (issue 9)', async () => {
    // A quoted cell of 17 MiB of « ab » lines: once scanned again from its start at every chunk (two minutes).
    for (const lineBreak of ['\n', '\r\n']) {
      const cell = `"${`ab${lineBreak}`.repeat(Math.ceil((maxSireneRowBytes + 1024 * 1024) / (2 + lineBreak.length)))}"`;
      await expect(read('short.csv', `${header}\n${rows[0]}\n555555555,82.20Z,${cell}\n`, ['82.20Z'])).rejects.toThrow(
        `short.csv, line 3: ${sireneRowTooLong}`,
      );
    }
  });

  it('reads a row of many short lines under 16 MiB, the rows after it at their lines', async () => {
    const n = Math.floor((maxSireneRowBytes - 1024) / 3);
    const text = `${header}\n${rows[0]}\n555555555,82.20Z,"${'ab\n'.repeat(n)}"\n${rows[7]}\n`;
    const { kept } = await read('short-under.csv', text, ['82.20Z']);
    expect(kept.map((r) => [r.line, r.values.siren, r.values.enseigne?.length ?? null])).toEqual([
      [2, '111111111', 8],
      [3, '555555555', 3 * n],
      [n + 4, '555555555', null],
    ]);
  });

  it('refuses a file that ends inside a quoted cell of many short lines at the line it starts, whatever its length', async () => {
    for (const n of [1_000, Math.ceil((maxSireneRowBytes + 1024 * 1024) / 3)]) {
      const error = await read('short-open.csv', `${header}\n${rows[0]}\n555555555,82.20Z,"${'ab\n'.repeat(n)}`, [
        '82.20Z',
      ]).catch((e) => e);
      expect((error as Error).message).toBe(
        n < 1_000_000
          ? 'short-open.csv, line 3: ends inside a quoted cell (truncated file?)'
          : `short-open.csv, line 3: ${sireneRowTooLong}`,
      );
    }
  });

  it('gives the same rows when the filter has too many values to look for in the bytes', async () => {
    const many = ['82.20Z', ...Array.from({ length: 100 }, (_, i) => `99.${String(i).padStart(2, '0')}Z`)];
    const { kept, counts } = await read('c.csv', `${header}\n${rows.join('\n')}\n`, many);
    expect(kept).toEqual(expected);
    expect(counts).toEqual({ rows: 5, kept: 3 });
  });

  it('refuses a file that ends inside a quoted cell, naming the line the record starts at', async () => {
    const error = await read('d.csv', `${header}\n${rows.slice(0, 5).join('\n')}`, ['82.20Z']).catch((e) => e);
    expect((error as Error).message).toBe('d.csv, line 6: ends inside a quoted cell (truncated file?)');
  });
});

describe('readSirene refuses, with one line number', () => {
  it('a row of a NAF code not asked that has another number of cells (not skipped unread)', async () => {
    const text = `${header}\n${rows[0]}\n444444444,47.11A\n${rows[6]}\n`;
    const error = await read('e.csv', text, ['82.20Z']).catch((e) => e);
    expect((error as Error).message).toBe('e.csv, line 3: a row has 2 cells where the header names 3 columns');
  });

  it('a file cut short in its last row', async () => {
    const error = await read('f.csv', `${header}\n${rows[0]}\n${rows[6]}\n555555555,82`, ['82.20Z']).catch((e) => e);
    expect((error as Error).message).toBe('f.csv, line 4: a row has 2 cells where the header names 3 columns');
  });

  it('a header that names a column twice, naming it and line 1', async () => {
    const text = `siren,naf,enseigne,naf\n${rows[0]},62.01Z\n`;
    const error = await read('g.csv', text, ['82.20Z']).catch((e) => e);
    expect((error as Error).message).toBe('g.csv, line 1: the header row names the column naf twice: which one is it?');
  });

  it('a ZIP holding two .csv files, naming them', async () => {
    const zip = path.join(import.meta.dirname, '../fixtures/sirene/two-csv-files.zip');
    const options = { required: ['siren'], wanted: ['siren'], filter: { column: 'siren', values: new Set(['1']) } };
    const error = await (async () => {
      for await (const _ of readSirene(zip, options));
    })().catch((e) => e);
    expect((error as Error).message).toBe(
      'two-csv-files.zip: the ZIP file holds 2 .csv files (a.csv, b.csv): give the stock alone',
    );
  });
});
