// `npm run import` checks a row's sources and quotes with the row, as the API checks a body's: a quote not found
// verbatim in a held text (or too short, or cut inside a word: citations/verbatim.ts), a source id no source has, a
// URL given for a source id, a new source contradicting what is known of its URL, and a date after the source that
// states it was published (writes/dates.ts). Each is a bad row found in the check, at its line, reported with every
// other, seen by --dry-run, and rejected, not fatal, under --skip-invalid. The quote was found only while applying:
// the dry run missed it, and --skip-invalid aborted the whole file (« import failed, nothing applied: line 3: … »).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { dryRunRejections, quote, importCli as runImportCli, source } from '../setup/import.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-'));
});

const importCli = (...args: string[]) => runImportCli(databaseUrl, ...args);
const ipgText =
  `the text of the source '${source}' (« Fin de partie pour le centre d’appels IPG dans le Nord, filiale de ` +
  'Koramic, à Paris les affaires continuent »)';
const rule = 'a quote is whole words of the text, word for word, at least 2 words and 8 letters or digits';
/** A citations cell (JSON, as the export writes it, quoted for CSV) citing a new source of the test's own. */
const ownSource = (source: Record<string, unknown>) =>
  `"${JSON.stringify([{ source: { outlet: 'Exemple', ...source }, quote: 'Un centre ouvre à Blois' }]).replaceAll('"', '""')}"`;

const header = 'id;name;commune;status;opened_on;citation_source;citation_quote;citations';
const file = [
  header,
  `rc-tours;RC Tours;Tours;open;;${source};${quote};`,
  `rc-blois;RC Blois;Blois;open;;${source};Les 33 salariés d’IPG;`,
  `rc-atlantis;RC Atlantis;Atlantis;open;;${source};${quote};`,
  `rc-url;RC Url;Blois;open;;https://example.org/rc;Un centre ouvre à Blois;`,
  `rc-nosource;RC Nosource;Blois;open;;no-such-source;Un centre ouvre à Blois;`,
  `rc-short;RC Short;Blois;open;;${source};IPG;`,
  `rc-late;RC Late;Blois;open;2017-05;${source};${quote};`,
  `rc-planned;RC Planned;Blois;planned;2018-05;${source};${quote};`,
  `rc-new;RC New;Blois;open;;;;${ownSource({ url: 'https://example.org/rc-new', title: 'Un', published_on: '2020-01-02' })}`,
  `rc-other;RC Other;Blois;open;;;;${ownSource({ url: 'https://example.org/rc-new', title: 'Deux' })}`,
  `rc-after;RC After;Blois;open;2021;;;${ownSource({ url: 'https://example.org/rc-new', title: 'Un' })}`,
];
const refusals = [
  `line 3: citation_quote: not found verbatim in ${ipgText}: ${rule}`,
  "line 4: commune: no commune is named 'Atlantis'",
  'line 5: citation_source: is a URL, not the id of a source: cite a known source by its id, or describe a new one ' +
    'in the citations column ([{"source": {"url", "title", "outlet", "published_on"}, "quote", "fields"}])',
  "line 6: citation_source: unknown source 'no-such-source'",
  `line 7: citation_quote: is too short to quote ${ipgText}: ${rule}`,
  `line 8: opened_on: 2017-05 is after its source '${source}' was published (2017-04-26): only a planned site's ` +
    'opening may be',
  'line 11: citations.0.source: https://example.org/rc-new is described by an earlier row of the file with another ' +
    'title (« Un »): describe a source alike in every row',
  "line 12: opened_on: 2021 is after its source 'https://example.org/rc-new' was published (2020-01-02): only a " +
    "planned site's opening may be",
];

describe("npm run import checks a row's sources and quotes in its check", () => {
  it('--dry-run reports every bad line at once, the quotes and sources with the rest', async () => {
    const csv = path.join(dir, 'quotes.csv');
    await writeFile(csv, file.join('\n'));
    const run = importCli(csv, '--kind', 'sites', '--dry-run');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual(refusals);
    expect(run.stdout).toContain(
      'sites: 11 rows — 0 created, 0 updated, 0 unchanged, 8 rejected (dry run: nothing applied)',
    );
  }, 60_000);

  it('--skip-invalid applies the good rows and writes the bad ones beside the file', async () => {
    const csv = path.join(dir, 'quotes-skip.csv');
    await writeFile(csv, file.join('\n'));
    const run = importCli(csv, '--kind', 'sites', '--skip-invalid');
    expect(run.stderr).not.toContain('import failed');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('sites: 11 rows — 3 created, 0 updated, 0 unchanged, 8 rejected');
    for (const id of ['rc-tours', 'rc-planned', 'rc-new'])
      expect((await getJson(app, `/v1/sites/${id}`)).status).toBe(200);
    expect((await getJson(app, '/v1/sites/rc-blois')).status).toBe(404);
    const rejected = await readFile(path.join(dir, 'quotes-skip.rejected.csv'), 'utf8');
    expect(
      rejected
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(';')[0]),
    ).toEqual([
      '\uFEFFid',
      'rc-blois',
      'rc-atlantis',
      'rc-url',
      'rc-nosource',
      'rc-short',
      'rc-late',
      'rc-other',
      'rc-after',
    ]);
  }, 60_000);

  it('checks a change too: its quote, and a date after its source, in the check', async () => {
    const rows = [
      { id: 'ipg-roubaix', notes: 'Changée', citations: [{ source, quote: 'IPG ferme' }] },
      // Its closure reported with it (a closed site's status_as_of is not before its closed_on).
      { id: 'ipg-roubaix', closed_on: '2018-02', status_as_of: '2018-02', citations: [{ source, quote }] },
    ];
    expect(await dryRunRejections(db, path.join(dir, 'change.jsonl'), rows)).toEqual([
      [1, [{ in: 'row', name: 'citations.0.quote', message: `not found verbatim in ${ipgText}: ${rule}` }]],
      [
        2,
        [
          {
            in: 'row',
            name: 'status_as_of',
            message: `2018-02 is after its source '${source}' was published (2017-04-26): a source tells what happened by the day it was published`,
          },
          {
            in: 'row',
            name: 'closed_on',
            message: `2018-02 is after its source '${source}' was published (2017-04-26): a source tells what happened by the day it was published`,
          },
        ],
      ],
    ]);
  }, 60_000);

  it("checks a change into another entry's words in the check: a rename is the duplicate a create is", async () => {
    const send = await writer(app, db);
    const existing = await send('POST', '/v1/sites', {
      name: 'Centre Renommable',
      commune: 'Lens',
      status: 'open',
      citations: [{ source: { url: 'https://example.org/renommable', title: 'T', outlet: 'O' }, quote: 'Un centre' }],
    });
    expect(existing.json().id).toBe('centre-renommable-lens');
    const rows = [
      // IPG Roubaix renamed as that centre, in Lens: its duplicate (case aside).
      { id: 'ipg-roubaix', name: 'CENTRE RENOMMABLE', commune: 'Lens', citations: [{ source, quote }] },
      { id: 'ipg-roubaix', notes: 'Renommée plus tard', citations: [{ source, quote, fields: ['notes'] }] },
    ];
    expect(await dryRunRejections(db, path.join(dir, 'rename.jsonl'), rows)).toEqual([
      [
        1,
        [
          {
            in: 'row',
            name: 'name',
            message:
              "A site named 'CENTRE RENOMMABLE' in Lens exists: 'centre-renommable-lens'. Merge the two instead " +
              "('ipg-roubaix' into 'centre-renommable-lens'), or give another name.",
          },
        ],
      ],
    ]);
  }, 60_000);
});
