// Memory that does not grow with the input (issue 9's hostile check): a row longer than 1 MiB (`maxRowBytes`) is
// refused at its line as it is read, in every format the import reads, never held whole; and the bad rows of a file,
// however many, are each reported with their line as they are found (stderr, the rejected rows' file), the summary
// keeping their count and the first 100 only. The figures of memory themselves are measured by
// scripts/bench/import-memory.ts, not here.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { maxRowBytes, readRows, rowTooLong } from '../../src/import/read.js';
import { keptRejections } from '../../src/import/run.js';
import { testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { good, header, importFile, quote, sitesLike, source } from '../setup/import.js';

let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-memory-'));
});

/** Writes to `file` `before`, then `bytes` bytes of « é » (a long cell, in pieces), then `after`. */
async function writeWithLong(file: string, before: string, after: string, bytes: number) {
  const out = createWriteStream(file);
  out.write(before);
  const piece = 'é'.repeat(1 << 15);
  for (let n = 0; n < bytes; n += Buffer.byteLength(piece)) if (!out.write(piece)) await once(out, 'drain');
  out.end(after);
  await once(out, 'finish');
}

/** A row refused for its length, as the summary holds it. */
const tooLong = (line: number) => [line, [{ in: 'row', name: 'row', message: rowTooLong }]];

describe('a row longer than 1 MiB', () => {
  const long = 3 * maxRowBytes;
  const row = (id: string, commune: string) => ({
    id,
    name: `Plateau ${commune} ${id}`,
    operator_id: 'ipg-contacts-services',
    commune,
    status: 'open',
    citation_source: source,
    citation_quote: quote,
  });

  it('is refused at its line in CSV, the rows after it read at theirs, and nothing is applied', async () => {
    const file = path.join(dir, 'long.csv');
    // The long name in quotes holds two line breaks: the row after it starts two lines further.
    await writeWithLong(
      file,
      `${header}\n${good('imp-mem-a', 'Tours')}\nimp-mem-b;"Plateau\n\n`,
      `";ipg-contacts-services;Blois;open;;${source};${quote}\n${good('imp-mem-c', 'Amiens')}\nimp-mem-d;;;;;;;\n`,
      long,
    );
    const summary = await importFile(db, file);
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      tooLong(3),
      [7, expect.arrayContaining([expect.objectContaining({ name: 'name' })])],
    ]);
    expect(summary).toMatchObject({ rows: 4, rejectedRows: 2, created: 0, applied: false });
    expect(await sitesLike(db, 'imp-mem-')).toBe(0);
    // With --skip-invalid, the good rows are applied; the long one has no text to copy out.
    const skipped = await importFile(db, file, { skipInvalid: true });
    expect(skipped).toMatchObject({ created: 2, rejectedRows: 2, applied: true });
    expect(skipped.rejected[0]).toEqual({ line: 3, errors: tooLong(3)[1], raw: '' });
    expect(await sitesLike(db, 'imp-mem-')).toBe(2);
  }, 120_000);

  it('is refused at its line in JSON lines and in a JSON array, pretty-printed or minified', async () => {
    // The row of a long name: its text before the name's, and after it (from the name's closing quote).
    const [head, rest] = JSON.stringify(row('imp-mem-long', 'Tours')).split('"name":"');
    const tail = rest!.slice(rest!.indexOf('"'));
    const lines = path.join(dir, 'long.jsonl');
    await writeWithLong(
      lines,
      `${JSON.stringify(row('imp-mem-e', 'Tours'))}\n${head}"name":"`,
      `${tail}\n${JSON.stringify(row('imp-mem-f', 'Blois'))}\n`,
      long,
    );
    const fromLines = await importFile(db, lines, { format: 'jsonl' });
    expect(fromLines.rejected.map((r) => [r.line, r.errors])).toEqual([tooLong(2)]);
    expect(fromLines).toMatchObject({ rows: 3, created: 0, applied: false });
    const pretty = path.join(dir, 'long.json');
    await writeWithLong(
      pretty,
      `[\n  ${JSON.stringify(row('imp-mem-g', 'Tours'))},\n  ${head}"name":"`,
      `${tail},\n  ${JSON.stringify(row('imp-mem-h', 'Blois'))}\n]\n`,
      long,
    );
    const fromArray = await importFile(db, pretty, { format: 'json' });
    expect(fromArray.rejected.map((r) => [r.line, r.errors])).toEqual([tooLong(3)]);
    expect(fromArray).toMatchObject({ rows: 3, created: 0, applied: false });
    const minified = path.join(dir, 'long-minified.json');
    await writeWithLong(
      minified,
      `[${JSON.stringify(row('imp-mem-i', 'Tours'))},${head}"name":"`,
      `${tail},${JSON.stringify(row('imp-mem-j', 'Blois'))}]`,
      long,
    );
    const fromMinified = await importFile(db, minified, { format: 'json', skipInvalid: true });
    // In a minified array, rows are named by their position (`row 2 (line 1)` in the CLI's words).
    expect(fromMinified.rejected.map((r) => [r.line, r.errors])).toEqual([tooLong(2)]);
    expect(fromMinified).toMatchObject({ rows: 3, created: 2, applied: true });
    expect(await sitesLike(db, 'imp-mem-')).toBe(4);
  }, 120_000);

  it('npm run import says so at its line and applies nothing; with --skip-invalid, leaves it out of the rejected rows', async () => {
    const file = path.join(dir, 'cli-long.csv');
    await writeWithLong(
      file,
      `${header}\n${good('imp-mem-k', 'Tours')}\nimp-mem-l;`,
      `;ipg-contacts-services;Blois;open;;${source};${quote}\nimp-mem-m;;;;;;;\n`,
      long,
    );
    const run = runCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toContain(`line 3: row: ${rowTooLong}\n`);
    expect(run.stdout).toContain('sites: 3 rows — 0 created, 0 updated, 0 unchanged, 2 rejected (nothing applied');
    expect(run.status).toBe(1);
    expect(await sitesLike(db, 'imp-mem-k')).toBe(0);
    const skip = runCli('import.ts', [file, '--kind', 'sites', '--skip-invalid'], { DATABASE_URL: databaseUrl });
    const rejectedFile = path.join(dir, 'cli-long.rejected.csv');
    expect(skip.stderr).toContain(`line 3: row: ${rowTooLong}\n`);
    expect(skip.stderr).toContain(`1 rejected row too long to copy (see above) left out of ${rejectedFile}\n`);
    expect(skip.status).toBe(0);
    expect((await readFile(rejectedFile, 'utf8')).split('\n')).toEqual([`\uFEFF${header}`, 'imp-mem-m;;;;;;;', '']);
    expect(await sitesLike(db, 'imp-mem-k')).toBe(1);
  }, 120_000);
});

describe('a quoted cell of many short lines (issue 9: the whole file refused at « line 1 », memory growing with the cell)', () => {
  // More line breaks than a row may have bytes: once, the cell standing for the row too long held them all.
  const lines = 1_100_000;
  const tail = `;ipg-contacts-services;Blois;open;;${source};${quote}`;
  /** Writes `name`: rows a (line 2), b over 1 + `lines` lines of « ab », c, d over `lines` CR LF lines, e (bad). */
  async function shortLines(name: string, prefix: string) {
    const file = path.join(dir, name);
    await writeFile(
      file,
      `${header}\n${good(`${prefix}a`, 'Tours')}\n${prefix}b;"Plateau\n${'ab\n'.repeat(lines)}"${tail}\n` +
        `${good(`${prefix}c`, 'Amiens')}\n${prefix}d;"${'ab\r\n'.repeat(lines)}"${tail}\r\n${prefix}e;;;;;;;\n`,
    );
    return file;
  }
  const expected = [tooLong(3), tooLong(lines + 6), [2 * lines + 7, expect.arrayContaining([expect.anything()])]];

  it('is refused at the line its row starts, LF or CR LF, the rows after it at theirs; nothing applied', async () => {
    const file = await shortLines('short-lines.csv', 'imp-cell-');
    const summary = await importFile(db, file);
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual(expected);
    expect(summary).toMatchObject({ rows: 5, rejectedRows: 3, created: 0, applied: false });
    expect(await sitesLike(db, 'imp-cell-')).toBe(0);
    const skipped = await importFile(db, file, { skipInvalid: true });
    expect(skipped.rejected.map((r) => [r.line, r.errors])).toEqual(expected);
    expect(skipped).toMatchObject({ created: 2, rejectedRows: 3, applied: true });
    expect(await sitesLike(db, 'imp-cell-')).toBe(2);
  }, 120_000);

  it('npm run import says so at its line, not « line 1 » for the whole file, and applies nothing', async () => {
    const file = await shortLines('cli-short-lines.csv', 'imp-cli-cell-');
    const run = runCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toContain(
      `line 3: row: ${rowTooLong}\nline ${lines + 6}: row: ${rowTooLong}\n` +
        `line ${2 * lines + 7}: name: is empty: text is needed\n`,
    );
    expect(run.stdout).toContain('sites: 5 rows — 0 created, 0 updated, 0 unchanged, 3 rejected (nothing applied');
    expect(run.status).toBe(1);
    expect(await sitesLike(db, 'imp-cli-cell-')).toBe(0);
  }, 120_000);

  /** Every row `readRows` gives of `text`, written to `name`: its line, its `name` cell's length, or its error. */
  async function read(name: string, text: string) {
    const at = path.join(dir, name);
    await writeFile(at, text);
    const rows = [];
    for await (const row of readRows(at, 'csv')) rows.push([row.line, row.error ?? String(row.record?.name).length]);
    return rows;
  }

  it('is read when its row is 1 MiB, however many lines, and refused from one byte more', async () => {
    // A row `x;"…"` of exactly `bytes` bytes, its cell lines of « ab » (and an « a » or two to make up the count).
    const cell = (bytes: number) => bytes - 4;
    const breaks = (bytes: number) => Math.floor(cell(bytes) / 3);
    const row = (id: string, bytes: number, lineBreak: string) =>
      `${id};"${`ab${lineBreak}`.repeat(breaks(bytes))}${'a'.repeat(cell(bytes) - 3 * breaks(bytes))}"`;
    const [n, m] = [breaks(maxRowBytes), breaks(maxRowBytes + 1)];
    const lf = `id;name\n${row('a', maxRowBytes, '\n')}\n${row('b', maxRowBytes + 1, '\n')}\nc;C\n`;
    expect(await read('bound.csv', lf)).toEqual([
      [2, cell(maxRowBytes)],
      [n + 3, rowTooLong],
      [n + m + 4, 1],
    ]);
    // A CR LF is read as the LF it is kept as: a row of them is counted so.
    const crlf = `id;name\r\n${row('a', maxRowBytes, '\r\n')}\r\n${row('b', maxRowBytes + 1, '\r\n')}\r\nc;C\r\n`;
    expect(await read('bound-crlf.csv', crlf)).toEqual([
      [2, cell(maxRowBytes)],
      [n + 3, rowTooLong],
      [n + m + 4, 1],
    ]);
  });

  it('ends the file inside its quotes: refused at the line its row starts, whatever its length', async () => {
    for (const n of [1_000, lines]) {
      await expect(read('unclosed.csv', `id;name\na;A\nb;"${'ab\n'.repeat(n)}`)).rejects.toThrow(
        `${path.join(dir, 'unclosed.csv')}: line 3: a quoted cell starting in this row is never closed (truncated file?)`,
      );
    }
  });

  it('in a JSON array, an element over many short lines is refused at the line of its {, the next read at its own', async () => {
    const element = `{"id":"imp-cell-f","aliases":[\n${'"ab",\n'.repeat(200_000)}"ab"]}`;
    const good = JSON.stringify({
      id: 'imp-cell-g',
      name: 'Plateau Blois imp-cell-g',
      operator_id: 'ipg-contacts-services',
      commune: 'Blois',
      status: 'open',
      citation_source: source,
      citation_quote: quote,
    });
    const array = path.join(dir, 'short-lines.json');
    await writeFile(array, `[\n  ${element},\n  ${good}\n]\n`);
    const summary = await importFile(db, array, { format: 'json', skipInvalid: true });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([tooLong(2)]);
    expect(summary).toMatchObject({ rows: 2, created: 1, applied: true });
    expect(await sitesLike(db, 'imp-cell-g')).toBe(1);
  }, 120_000);
});

describe('a JSON array ending inside an element over 1 MiB (its text dropped as it is read)', () => {
  /** Reads `text` as the JSON array `name`, row by row, to the end. */
  async function readAll(name: string, text: string) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    for await (const _ of readRows(file, 'json')) {
      // Read through.
    }
  }

  it('is refused at the line the element starts, as a CSV quoted cell never closed, not at the end of the file', async () => {
    const element = `{"id":"imp-unclosed","aliases":[\n${'"ab",\n'.repeat(200_000)}`;
    const first = JSON.stringify({ id: 'imp-first', name: 'Plateau Blois' });
    await expect(readAll('unclosed.json', `[\n  ${first},\n  ${element}`)).rejects.toThrow(
      `${path.join(dir, 'unclosed.json')}: line 3: an element of the JSON array starting on this line is never ` +
        'closed (truncated file?)',
    );
    // On one line (minified), the same line: the element's.
    await expect(
      readAll('unclosed-minified.json', `[${first},{"id":"x","name":"${'a'.repeat(maxRowBytes)}`),
    ).rejects.toThrow(
      `${path.join(dir, 'unclosed-minified.json')}: line 1: an element of the JSON array starting on this line is never ` +
        'closed (truncated file?)',
    );
  });

  it('under the bound, is still told at the end of the file, where the text breaks', async () => {
    await expect(readAll('short-unclosed.json', '[\n  {"id":"a"},\n  {"id":"b",\n "name":"B"')).rejects.toThrow(
      `${path.join(dir, 'short-unclosed.json')}: line 4, column 12: the file ends inside its JSON array (truncated file?)`,
    );
  });
});

describe('a file of many bad rows', () => {
  const bad = 50_000;

  it('has every bad row reported with its line, on stderr and in the rejected rows file, and counted', async () => {
    const file = path.join(dir, 'many-bad.csv');
    // Every row but the last two refused by its cells (a status that is none), the last two good.
    const rows = Array.from({ length: bad }, (_, i) => good(`imp-many-${i}`, 'Tours').replace(';open;', ';ouvert;'));
    await writeFile(file, [header, ...rows, good('imp-many-ok-1', 'Tours'), good('imp-many-ok-2', 'Blois')].join('\n'));
    const run = runCli('import.ts', [file, '--kind', 'sites', '--skip-invalid'], { DATABASE_URL: databaseUrl }, 64e6);
    expect(run.stdout).toContain(`sites: ${bad + 2} rows — 2 created, 0 updated, 0 unchanged, ${bad} rejected`);
    expect(run.status).toBe(0);
    const reported = run.stderr.split('\n').filter((l) => l.startsWith('line '));
    expect(reported).toHaveLength(bad);
    expect(reported[0]).toBe("line 2: status: 'ouvert' is not one of planned, open, closed, relocated");
    expect(new Set(reported.map((l) => Number(/^line (\d+):/.exec(l)![1])))).toEqual(
      new Set(Array.from({ length: bad }, (_, i) => i + 2)),
    );
    const rejected = (await readFile(path.join(dir, 'many-bad.rejected.csv'), 'utf8')).split('\n');
    expect(rejected).toEqual([`\uFEFF${header}`, ...rows, '']);
    expect(await sitesLike(db, 'imp-many-')).toBe(2);
  }, 600_000);

  it('keeps the first 100 in its summary, and hands every one to onRejected as it is found', async () => {
    const file = path.join(dir, 'many-bad.jsonl');
    const lines = Array.from({ length: 1_000 }, (_, i) => JSON.stringify({ id: `imp-many-j-${i}`, name: 'x' }));
    await writeFile(file, lines.join('\n'));
    const seen: number[] = [];
    const { kindImporter } = await import('../../src/import/importer.js');
    const { runImport } = await import('../../src/import/run.js');
    const { findKind } = await import('../../src/kinds.js');
    const summary = await runImport(db, await kindImporter(db, findKind('sites')!), {
      file,
      format: 'jsonl',
      actor: { keyId: null, name: 'test', scope: 'write' },
      onRejected: (r) => void seen.push(r.line),
    });
    expect(seen).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(summary.rejectedRows).toBe(1_000);
    expect(summary.rejected.map((r) => r.line)).toEqual(Array.from({ length: keptRejections }, (_, i) => i + 1));
  }, 120_000);
});
