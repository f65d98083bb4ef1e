// npm run import names the rows of a minified JSON array (every element on one line) by their position and their
// line, « row 3 (line 1) », alike in --dry-run's report, the refusals naming another row, a failed apply and
// --skip-invalid's: a line alone would name every row « line 1 ».
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { jsonRowPlaces, rowByLine } from '../../src/import/read.js';
import { testApp } from '../setup/app.js';
import { importCli, quote, sitesLike, source } from '../setup/import.js';

let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-row-places-'));
});

const citations = [{ source, quote }];
const row = (id: string, commune: string) => ({ id, name: `Plateau ${commune}`, commune, citations });

describe('the rows of a JSON array', () => {
  const rows = [
    row('rp-a-tours', 'Tours'),
    row('rp-a-blois', 'Blois'),
    row('rp-a-nowhere', 'Atlantis'),
    row('rp-a-tours', 'Tours'),
    row('rp-a-vierzon', 'Vierzon'),
  ];

  it('minified: by position and line, in the dry run and under --skip-invalid', async () => {
    const file = path.join(dir, 'minified.json');
    // Rows 1 to 4 on line 1, row 5 on line 2.
    await writeFile(file, `${JSON.stringify(rows.slice(0, 4))}\n`.replace(/\]\n$/, `,\n${JSON.stringify(rows[4])}]\n`));
    const dry = importCli(databaseUrl, file, '--kind', 'sites', '--dry-run');
    expect(dry.status).toBe(1);
    expect(dry.stderr.split('\n').filter((l) => l.startsWith('row '))).toEqual([
      "row 3 (line 1): commune: no commune is named 'Atlantis'",
      "row 4 (line 1): id: 'rp-a-tours' already appears at row 1 (line 1)",
    ]);
    const skipped = importCli(databaseUrl, file, '--kind', 'sites', '--skip-invalid');
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain("row 3 (line 1): commune: no commune is named 'Atlantis'");
    expect(skipped.stderr).toContain("row 4 (line 1): id: 'rp-a-tours' already appears at row 1 (line 1)");
    expect(skipped.stdout).toContain('sites: 5 rows — 3 created, 0 updated, 0 unchanged, 2 rejected');
    expect(await sitesLike(db, 'rp-a-')).toBe(3);
  }, 120_000);

  it('one element per line: by line, as before', async () => {
    const file = path.join(dir, 'indented.json');
    await writeFile(
      file,
      // Other names than the sites the test before created (one name is one site of a commune).
      `[\n${rows.map((r) => JSON.stringify({ ...r, id: r.id.replace('rp-a-', 'rp-b-'), name: `${r.name} B` })).join(',\n')}\n]\n`,
    );
    const dry = importCli(databaseUrl, file, '--kind', 'sites', '--dry-run');
    expect(dry.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      "line 4: commune: no commune is named 'Atlantis'",
      "line 5: id: 'rp-b-tours' already appears at line 2",
    ]);
  }, 120_000);

  it('jsonRowPlaces: the line of each row, read once', async () => {
    const file = path.join(dir, 'places.json');
    await writeFile(file, '[{"a": 1}, {"a": 2},\n{"a": 3}, \n\n {"a": 4}]');
    const { places, place } = await jsonRowPlaces(file, 'utf-8');
    expect(places).toBe('row');
    expect([1, 2, 3, 4].map(place)).toEqual(['row 1 (line 1)', 'row 2 (line 1)', 'row 3 (line 2)', 'row 4 (line 4)']);
    await writeFile(file, '[\n{"a": 1},\n{"a": 2}\n]');
    expect(await jsonRowPlaces(file, 'utf-8')).toEqual({ places: 'line', place: rowByLine });
  });
});
