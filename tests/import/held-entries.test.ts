// A bulk import holds only the entries it changes, until it commits (verify34 fault 01): a row that changes nothing
// holds nothing, and a dry run holds nothing at all, so that the API's writes of those entries are made meanwhile
// (200), not refused after the lock timeout (409). The API's write is made from within the import's transaction (its
// `finish`, awaited before it commits or rolls back): the import is then under way, whatever the machine's speed.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { type ImportOptions, runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { testApp } from '../setup/app.js';
import { actor, good, header, importFile } from '../setup/import.js';
import { anyVersion, exampleCitations, type Send, writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-held-'));
});

const citations = exampleCitations('held-entries', 'Held entries');
/** The API's change of the site `id` (any version): its status code and its notes. */
const patch = async (id: string) => {
  const answer = await send(
    'PATCH',
    `/v1/sites/${id}`,
    { notes: `written beside an import ${id}`, citations },
    anyVersion,
  );
  return [answer.statusCode, answer.json().notes ?? answer.json().code];
};

/** `runImport` of `file` into sites, the API's change of each of `ids` made from within its transaction, in order. */
async function importWhilePatching(file: string, ids: string[], options: Partial<ImportOptions> = {}) {
  const during: unknown[] = [];
  const summary = await runImport(db, await kindImporter(db, findKind('sites')!), {
    file,
    format: 'csv',
    actor,
    ...options,
    finish: async () => {
      for (const id of ids) during.push(await patch(id));
    },
  });
  return { counts: [summary.created, summary.updated, summary.unchanged, summary.rejectedRows], during };
}

describe('the entries an import holds while it applies', () => {
  it('are those it changes: one of its rows that changes nothing leaves its entry free to the API', async () => {
    const file = path.join(dir, 'rerun.csv');
    const rows = ['held-a', 'held-b', 'held-c'].map((id) => good(id, 'Tours'));
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
    expect((await importFile(db, file)).created).toBe(3);
    // The same file again, held-c renamed: held-a and held-b unchanged, written by the API meanwhile; held-c held.
    const renamed = rows.map((r) => r.replace('Plateau Tours held-c', 'Plateau Tours held-c renamed'));
    await writeFile(file, `${[header, ...renamed].join('\n')}\n`);
    expect(await importWhilePatching(file, ['held-a', 'held-b', 'held-c'])).toEqual({
      counts: [0, 1, 2, 0],
      during: [
        [200, 'written beside an import held-a'],
        [200, 'written beside an import held-b'],
        [409, 'conflict'],
      ],
    });
  });

  it('are none in a dry run: it writes and locks nothing, and says what would change', async () => {
    const file = path.join(dir, 'dry.csv');
    const rows = ['dry-a', 'dry-b'].map((id) => good(id, 'Lille'));
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
    expect((await importFile(db, file)).created).toBe(2);
    const changed = [
      ...rows.map((r) => r.replace(/Plateau Lille (dry-.)/, 'Plateau Lille $1 X')),
      good('dry-c', 'Lille'),
    ];
    await writeFile(file, `${[header, ...changed].join('\n')}\n`);
    // --skip-invalid: the staged apply, whose transaction runs `finish` in a dry run too.
    expect(await importWhilePatching(file, ['dry-a', 'dry-b'], { dryRun: true, skipInvalid: true })).toEqual({
      counts: [1, 2, 0, 0],
      during: [
        [200, 'written beside an import dry-a'],
        [200, 'written beside an import dry-b'],
      ],
    });
    const names = await app.database.sql`select id, name from sites where id like 'dry-%' order by id`;
    expect(names).toEqual([
      { id: 'dry-a', name: 'Plateau Lille dry-a' },
      { id: 'dry-b', name: 'Plateau Lille dry-b' },
    ]);
  });
});
