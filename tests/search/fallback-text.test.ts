// The PostgreSQL fallback searches the text of every attribute Meilisearch searches (verify39 fault 03: a court was
// not among them, so « Nimes » found 403 proceedings with Meilisearch and none with it frozen).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { searchEntriesView, searchedText } from '../../src/search/entries.js';
import { indexSettings } from '../../src/search/settings.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let offline: App;
let db: Db;

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  db = started.db;
  const send = await writer(app, started.db);
  const created = await send('POST', '/v1/proceedings', {
    id: 'fbtext-nimes',
    company_name: 'Société Fbtext',
    kind: 'sauvegarde',
    date: '2026-10-01',
    court: 'GREFFE DU TRIBUNAL DE COMMERCE DE NIMES',
    citations: [{ source: testSource, quote: 'Une fiche de test' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  // A practitioner appointed to it has a role (`roles`).
  const appointed = await send('POST', '/v1/proceedings/fbtext-nimes/practitioners', {
    mandataire: 'helene-bourbouloux',
    role: 'administrateur_judiciaire',
    citation: { source: testSource, quote: 'Une fiche de test' },
  });
  expect(appointed.statusCode, appointed.body).toBe(204);
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, started.databaseUrl);
});
afterAll(() => offline?.close());

describe("the fallback's text", () => {
  it('has a text for every searchable attribute of the index, in the view', () => {
    const searchable = indexSettings().searchableAttributes ?? [];
    expect(Object.keys(searchedText).sort()).toEqual([...searchable].sort());
    const view = searchEntriesView(entryKinds);
    for (const attribute of searchable) expect(view, attribute).toContain(searchedText[attribute as 'name']);
  });

  it("matches every entry by each of its searchable attributes' own text", async () => {
    for (const [attribute, text] of Object.entries(searchedText)) {
      const [row] = await db.execute<{ held: number; unmatched: string[] | null }>(sql`
        select count(*)::int as held,
               array_agg(e.kind || ' ' || e.id) filter (
                 where not to_tsvector('plateau_fr', e.document) @@ plainto_tsquery('plateau_fr', ${sql.raw(text)})
               ) as unmatched
          from search_entries e
         where nullif(${sql.raw(text)}, '') is not null`);
      // Each attribute is held by some entry of the test data, so that this checks something.
      expect(row!.held, attribute).toBeGreaterThan(0);
      expect(row!.unmatched, attribute).toBeNull();
    }
  });
});

describe('a proceeding is found by its court and opening date, with Meilisearch or without', () => {
  it.each([
    ['q=Nimes&kind=proceeding'],
    ['q=N%C3%AEmes&kind=proceeding'],
    ['q=tribunal%20de%20commerce%20de%20N%C3%AEmes&kind=proceeding'],
    ['q=20261001&kind=proceeding'],
  ])('%s', async (query) => {
    const found = await getJson(app, `/v1/search?${query}&limit=50`);
    const fallback = await getJson(offline, `/v1/search?${query}&limit=50`);
    expect(found.body.degraded).toBe(false);
    expect(fallback.body.degraded).toBe(true);
    expect(hitIds(found.body)).toContain('proceeding:fbtext-nimes');
    expect(hitIds(fallback.body).sort()).toEqual(hitIds(found.body).sort());
  });
});
