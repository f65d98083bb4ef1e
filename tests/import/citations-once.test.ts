// An import cites a fact once: a row changing an entry with a citation the entry already has (same source, same
// quote) adds its fields to that citation rather than storing it a second time; the API's writes, which confirm a
// fact by citing it again, still store each citation.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { getJson, testApp } from '../setup/app.js';

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-citations-once-'));
});

const actor = { keyId: null, name: 'test import', scope: 'write' as const };
const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const quote = 'IPG Contacts Services est une deuxième entité';

/** Imports sites from CSV lines (after the header). */
async function importSites(name: string, ...rows: string[]) {
  const file = path.join(dir, name);
  await writeFile(file, `id;name;commune;status;closed_on;citation_source;citation_quote\n${rows.join('\n')}\n`);
  return runImport(db, await kindImporter(db, findKind('sites')!), { file, format: 'csv', actor });
}

describe('an import citing again what an entry already cites', () => {
  it('joins the fields to the stored citation instead of storing it twice', async () => {
    const created = await importSites('first.csv', `cite-once;Plateau Cite Once;Tours;open;;${source};${quote}`);
    expect(created).toMatchObject({ created: 1, applied: true });
    const changed = await importSites(
      'second.csv',
      `cite-once;Plateau Cite Once;Tours;closed;2017-04;${source};${quote}`,
    );
    expect(changed.rejected).toEqual([]);
    expect(changed).toMatchObject({ updated: 1, applied: true });
    const site = (await getJson(app, '/v1/sites/cite-once')).body;
    expect(site.status).toBe('closed');
    expect(site.citations.map((c: { source_id: string; quote: string }) => [c.source_id, c.quote])).toEqual([
      [source, quote],
    ]);
    expect(site.citations[0].fields).toEqual(expect.arrayContaining(['status', 'closed_on']));
    // Its history still says which citation each change came with.
    const history = (await getJson(app, '/v1/sites/cite-once/history')).body.data;
    expect(history.map((h: { citations: unknown[] }) => h.citations.length)).toEqual([1, 1]);
  });
});
