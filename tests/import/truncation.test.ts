// A file cut short (a download stopped) is said to be cut, wherever the cut falls: inside a string, right after a
// backslash, inside `\u00e9`, inside a number, a literal (`tr` of `true`), between tokens; in a JSON array (import,
// import:bodacc) and in the last line of a JSON lines file. A cut that leaves a complete document reads as one.
// verify30 fault 04: a BODACC export cut right after a backslash read « not valid JSON: escaped characters ».
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRows } from '../../src/import/read.js';
import { readNotices } from '../../src/open-data/bodacc/read-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'truncation-'));
});

/** Every kind of token a cut can fall in: escapes (`\"`, `\\`, `\u00e9`), numbers, literals, nested values. */
const rows = [
  { name: 'Allô "Nord" \\ Lille', note: '\u00e9t\u00e9', headcount: 120, ratio: -1.5e3, open: true },
  { name: 'Sud', ratio: 0.25, open: false, website: null, tags: ['a', 'b'], place: { lat: 43.3 } },
];
const arrayText = `[\n${rows.map((r) => `  ${JSON.stringify(r).replaceAll('é', '\\u00e9')}`).join(',\n')}\n]\n`;

/** Where a text ends, as the message names it: its last line and the column after its last character. */
function endOf(text: string) {
  const lines = text.split('\n');
  return `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}

async function readAll(file: string, format: 'json' | 'jsonl') {
  const read = [];
  for await (const row of readRows(file, format)) read.push(row.record ?? row.error);
  return read;
}

describe('a JSON array cut at every position', () => {
  it('says the file ends inside its JSON array at each cut, and reads the whole rows once the array is closed', async () => {
    expect(arrayText).toContain('\\"Nord\\"');
    expect(arrayText).toContain('\\u00e9');
    const outcomes = new Map<string, number>();
    const complete = arrayText.trimEnd().length; // the cut that keeps the closing `]`
    for (let cut = 1; cut <= arrayText.length; cut++) {
      const text = arrayText.slice(0, cut);
      const file = path.join(dir, `cut-${cut}.json`);
      await writeFile(file, text);
      if (cut >= complete) {
        expect(await readAll(file, 'json'), `cut at ${cut}`).toEqual(rows);
        outcomes.set('complete', (outcomes.get('complete') ?? 0) + 1);
        continue;
      }
      await expect(readAll(file, 'json'), `cut at ${cut}: ${JSON.stringify(text.slice(-12))}`).rejects.toThrow(
        `${file}: ${endOf(text)}: the file ends inside its JSON array (truncated file?)`,
      );
      outcomes.set('truncated', (outcomes.get('truncated') ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ truncated: complete - 1, complete: 2 });
  });

  it('still names a real fault inside the text as not valid JSON', async () => {
    const file = path.join(dir, 'bad-escape.json');
    await writeFile(file, '[{"name": "a\\q"}]\n');
    await expect(readAll(file, 'json')).rejects.toThrow(
      `${file}: line 1, column 13: not valid JSON: escaped characters`,
    );
  });
});

describe('a JSON lines file cut at every position', () => {
  it('reads the whole lines, and says the last is cut short unless the cut falls at its end', async () => {
    const text = `${rows.map((r) => JSON.stringify(r).replaceAll('é', '\\u00e9')).join('\n')}\n`;
    const firstEnd = text.indexOf('\n');
    const cutShort = 'is cut short: the line ends before its JSON object does (truncated file?)';
    for (let cut = 1; cut <= text.length; cut++) {
      const file = path.join(dir, `cut-${cut}.jsonl`);
      await writeFile(file, text.slice(0, cut));
      const expected =
        cut < firstEnd
          ? [cutShort]
          : cut <= firstEnd + 1
            ? [rows[0]]
            : cut < text.length - 1
              ? [rows[0], cutShort]
              : rows;
      expect(await readAll(file, 'jsonl'), `cut at ${cut}: ${JSON.stringify(text.slice(0, cut).slice(-12))}`).toEqual(
        expected,
      );
    }
  });
});

describe('import:bodacc on its JSON export cut', () => {
  it('says the file is truncated when the cut falls right after the backslash of an escaped quote', async () => {
    // The tester's cut: the first half of the file's bytes.
    const whole = await readFile('tests/fixtures/bodacc/annonces-commerciales.json');
    const bytes = whole.subarray(0, Math.floor(whole.length / 2));
    expect(bytes.toString('utf8').endsWith('\\"nomVoie\\": \\')).toBe(true);
    const file = path.join(dir, 'j-trunc.json');
    await writeFile(file, bytes);
    const read = async () => {
      for await (const _ of readNotices(file));
    };
    await expect(read()).rejects.toThrow(
      `${file}: line 197, column 374: the file ends inside its JSON array (truncated file?)`,
    );
  });
});

describe('a CSV file whose last row, holding a quoted JSON cell, is cut at every position', () => {
  it('says the quoted cell is never closed, or the row is cut short, or reads the row the cut leaves whole', async () => {
    const first = 'a;"{""k"": ""v\\\\""}";Nord';
    const last = 'b;"{""k"": [1, true, ""\\u00e9""]}";Sud';
    const head = `id;notes;name\n${first}\n`;
    const text = `${head}${last}\n`;
    const opens = head.length + last.indexOf('"');
    const closes = head.length + last.lastIndexOf('"');
    const outcomes: Record<string, number> = {};
    for (let cut = head.length + 1; cut <= text.length; cut++) {
      const file = path.join(dir, `cut-${cut}.csv`);
      await writeFile(file, text.slice(0, cut));
      const read = readRows(file, 'csv');
      const rows: unknown[] = [];
      let outcome: string;
      // A cut right after the first quote of a doubled pair (`""`) closes the cell: the row then lacks its last cell.
      const quotesAtEnd = /"*$/.exec(text.slice(opens + 1, cut))?.[0].length ?? 0;
      if (cut > opens && cut <= closes && quotesAtEnd % 2 === 0) {
        // Inside the quoted JSON cell (its doubled quotes, its backslash, its \u00e9 included).
        const all = async () => {
          for await (const r of read) rows.push(r);
        };
        await expect(all(), `cut at ${cut}`).rejects.toThrow(
          `${file}: line 3: a quoted cell starting in this row is never closed (truncated file?)`,
        );
        outcome = 'never closed';
      } else {
        for await (const r of read) rows.push(r.record ?? r.error);
        const cells = text.slice(head.length, cut).split(';').length;
        const cutRow =
          cells < 3
            ? `is cut short: it has ${cells} cells where the header names 3 columns`
            : // All its cells there: the row reads with what the cut left of its last cell (a CSV cannot tell; empty is null).
              { id: 'b', notes: '{"k": [1, true, "\\u00e9"]}', name: 'Sud'.slice(0, cut - closes - 2) || null };
        expect(rows.slice(1), `cut at ${cut}`).toEqual([cutRow]);
        outcome = typeof cutRow === 'string' ? 'cut short' : 'whole row';
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    // Cut short: before the JSON cell (2), after its closing quote (1), after the first quote of each of its 4 pairs.
    expect(outcomes).toEqual({ 'cut short': 7, 'never closed': closes - opens - 4, 'whole row': 5 });
  });
});
