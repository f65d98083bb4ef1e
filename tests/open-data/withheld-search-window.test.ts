// Fault 02 (verify40): right after `import:sirene` withheld a site, /v1/search still served it by its name and
// SIRET until the indexer dropped its document (a second; for ever while the change is parked or Meilisearch is
// down). The withheld ids are told to every API process at the commit, and search drops their hits before the
// index does. Against a real PostgreSQL and Meilisearch.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, hitIds, testApp } from '../setup/app.js';
import { importFixtures, stockCsv, writeEditedStock } from '../setup/sirene.js';

let app: App;
let db: Db;
let dir: string;
const allo = 'allo-nord-81234567600017';

beforeAll(async () => {
  ({ app, db } = await testApp({ searchIndex: true }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-withheld-window-'));
  await importFixtures(db, stockCsv, { stockMonth: '2026-05' });
  await app.directorySearch.indexer.runOnce();
});

/** The ids of Meilisearch's own hits for `q`, the index read directly (what it still holds). */
async function indexed(q: string): Promise<string[]> {
  const { engine } = app.directorySearch;
  const { hits } = await engine.client.index(engine.indexName).search(q);
  return hits.map((h) => `${h.kind}:${h.id}`);
}

/** Waits (2 s at most) until this process was told, by PostgreSQL's notification, whether `id` is withheld. */
async function told(id: string, withheld: boolean): Promise<void> {
  for (let i = 0; i < 200 && app.directorySearch.withheld.has('site', id) !== withheld; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('search right after an entry is withheld, before the indexer ran', () => {
  it('serves no hit of it, by SIRET nor by name, while the index still holds it', async () => {
    expect(hitIds((await getJson(app, '/v1/search?q=81234567600017')).body)).toEqual([`site:${allo}`]);

    const june = await writeEditedStock(path.join(dir, 'stock-2026-06.csv'), '2026-06', {
      '81234567600017': { statutDiffusionEtablissement: 'P' },
    });
    const report = await importFixtures(db, june);
    expect(report.withheld).toEqual([{ kind: 'site', entry: allo, identifier: 'SIRET 81234567600017' }]);
    await told(allo, true);

    // The indexer has not run: Meilisearch still holds the document (what the tester saw served).
    expect(await indexed('81234567600017')).toEqual([`site:${allo}`]);
    const bySiret = (await getJson(app, '/v1/search?q=81234567600017')).body;
    expect({ hits: hitIds(bySiret), total: bySiret.total, degraded: bySiret.degraded }).toEqual({
      hits: [],
      total: 0,
      degraded: false,
    });
    const byName = (await getJson(app, '/v1/search?q=allo%20nord&kind=site')).body;
    expect(hitIds(byName)).not.toContain(`site:${allo}`);
    expect((await getJson(app, `/v1/sites/${allo}`)).status).toBe(410);

    // Once the indexer ran, the index agrees.
    await app.directorySearch.indexer.runOnce();
    expect(await indexed('81234567600017')).toEqual([]);
  });

  it('finds it again once a newer stock publishes it, as soon as the indexer gives its document back', async () => {
    const july = await writeEditedStock(path.join(dir, 'stock-2026-07.csv'), '2026-07', {
      '81234567600017': { statutDiffusionEtablissement: 'O' },
    });
    const report = await importFixtures(db, july);
    expect(report.shownAgain).toEqual([{ kind: 'site', entry: allo, identifier: 'SIRET 81234567600017' }]);
    await told(allo, false);
    expect(app.directorySearch.withheld.has('site', allo)).toBe(false);
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=81234567600017')).body)).toEqual([`site:${allo}`]);
  });

  it('reads the withheld ids at start: a process started while the index still holds one serves no hit of it', async () => {
    const august = await writeEditedStock(path.join(dir, 'stock-2026-08.csv'), '2026-08', {
      '81234567600017': { statutDiffusionEtablissement: 'P' },
    });
    await importFixtures(db, august, { stockMonth: '2026-08' });
    await told(allo, true);
    // What a process just started reads (the notification aside).
    const { withheld } = app.directorySearch;
    await withheld.reload();
    expect(withheld.has('site', allo)).toBe(true);
    expect(await indexed('81234567600017')).toEqual([`site:${allo}`]);
    expect(hitIds((await getJson(app, '/v1/search?q=81234567600017')).body)).toEqual([]);
  });
});
