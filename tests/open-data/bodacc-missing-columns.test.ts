// A BODACC export lacking a column the import reads (`tribunal`, `parutionavisprecedent`, `familleavis` and
// `familleavis_lib`, `registre`, `url_complete`…) is refused naming it, in CSV, JSON and JSON lines: fault 03 of issue
// 11's hostile check (/tmp/verify11), where such a file was applied with every court lost and an annulation not
// applied. Nothing is applied.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { ImportFileError } from '../../src/import/read.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };
const fixtures = 'tests/fixtures/bodacc';

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db } = await testApp({ searchIndex: true }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-columns-'));
});

/** Rows of the tables an import writes. */
const written = async () =>
  (
    await db.execute(sql`
      select (select count(*)::int from proceedings) as proceedings, (select count(*)::int from operators) as operators,
             (select count(*)::int from proceeding_notices) as notices, (select count(*)::int from changes) as changes`)
  )[0];

describe('a BODACC export lacking a column the import reads', () => {
  it('refuses the CSV of fault 03 naming each column it lacks; nothing applied', async () => {
    const before = await written();
    const file = `${fixtures}/faults/missing-columns.csv`;
    await expect(importBodacc(db, { file, actor })).rejects.toThrow(
      new ImportFileError(
        `${file}: line 1 lacks the columns 'familleavis' (or 'familleavis_lib'), 'tribunal', 'parutionavisprecedent' ` +
          '(export the data set with its field names: use_labels=false)',
      ),
    );
    expect(await written()).toEqual(before);
  });

  it.each(['tribunal', 'parutionavisprecedent', 'registre', 'url_complete'])(
    'refuses the committed CSV export without its column %s',
    async (column) => {
      const text = await readFile(`${fixtures}/annonces-commerciales.csv`, 'utf8');
      const file = path.join(dir, `no-${column}.csv`);
      await writeFile(file, text.replace(`;${column};`, ';autre;'));
      await expect(importBodacc(db, { file, actor })).rejects.toThrow(
        `${file}: line 1 lacks the column '${column}' (export the data set with its field names: use_labels=false)`,
      );
    },
  );

  it('reads a CSV with only one of familleavis and familleavis_lib', async () => {
    const text = await readFile(`${fixtures}/annonces-commerciales.csv`, 'utf8');
    const file = path.join(dir, 'family-code-only.csv');
    await writeFile(file, text.replace(';familleavis_lib;', ';autre;'));
    const report = await importBodacc(db, { file, actor, dryRun: true });
    expect(report.file.rejected).toEqual([]);
  });

  it.each(['json', 'jsonl'])('rejects each %s object lacking them, at its line; nothing applied', async (format) => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const records = lines.slice(0, 2).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const column of ['tribunal', 'parutionavisprecedent', 'familleavis', 'familleavis_lib']) {
      delete records[1]![column];
    }
    const file = path.join(dir, `missing.${format}`);
    const body = records.map((r) => JSON.stringify(r));
    await writeFile(file, format === 'json' ? `[${body.join(',\n')}]\n` : `${body.join('\n')}\n`);
    const before = await written();
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.file.rejected).toEqual([
      {
        line: 2,
        errors: [
          {
            field: 'familleavis',
            message: "is missing, as is 'familleavis_lib': one of them is needed",
          },
          { field: 'tribunal', message: 'is missing' },
          { field: 'parutionavisprecedent', message: 'is missing' },
        ],
      },
    ]);
    expect(await written()).toEqual(before);
  });
});
