// The query syntax Meilisearch 1.21 reads, honoured by the PostgreSQL fallback (verify52 fault 02: `q=-elan` gave the
// entries holding « elan », the opposite of Meilisearch's 13,512 without it; `q=ÉLAN 86` 1,013 entries, most without
// « 86 », where Meilisearch gave 36). Each query is asked of both engines on the same data: the degraded answer
// selects the same entries. A minus at a word's start excludes it (`-elan`, `-"dgxw elan"`), quotes want a phrase;
// a minus alone, doubled or inside a word, and an unclosed quote, are punctuation. A short word or a number is never
// matched through the similarity of the whole query to a name (Meilisearch forgives no typo under 5 letters nor in a
// number): « 3D », « B2B », « 86 » select only the entries holding them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';
import { exampleCitations, writer } from '../setup/writer.js';

const names = [
  'Dgxw Élan 86',
  'dgxw elan 86.1',
  'Dgxw ÉLAN 17.2',
  'Dgxw Zèbre 86',
  'Dgxw Élan 17',
  'Dgxw 3D Contact',
  'Dgxw B2B Relation',
  "Dgxw L'Appel 86",
  'Dgxw Saint-Denis Élan',
  'Dgxw Élan86',
  'Dgxw 860 Appels',
  'Dgxw elan 8.6',
];
const id = (i: number) => `site:dgx-${String(i).padStart(2, '0')}`;
const every = names.map((_, i) => id(i));
let app: App;
let offline: App;

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  const send = await writer(started.app, started.db);
  for (const [i, name] of names.entries()) {
    const created = await send('POST', '/v1/sites', {
      id: id(i).slice('site:'.length),
      name,
      code_commune: '80021',
      status: 'open',
      citations: exampleCitations('dgx', 'Syntax'),
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, started.databaseUrl);
});
afterAll(() => offline?.close());

/** Both engines' answers to `url`: Meilisearch's, then PostgreSQL's. */
async function both(url: string) {
  const up = await getJson(app, url);
  const down = await getJson(offline, url);
  expect(up.body.degraded).toBe(false);
  expect(down.body.degraded, JSON.stringify(down.body)).toBe(true);
  return [up.body, down.body] as const;
}

describe('degraded search selects what Meilisearch selects for its query syntax', () => {
  it.each([
    ['dgxw -elan', [3, 5, 6, 7, 10]],
    ['dgxw -élan', [3, 5, 6, 7, 10]],
    ['dgxw -Elan', [3, 5, 6, 7, 10]],
    // A word no entry holds is dropped by the plan; the exclusion stays (Meilisearch's plan kept it too).
    ['zzqxw dgxw -elan', [3, 5, 6, 7, 10]],
    ['dgxw -3d', [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]],
    ['"dgxw elan"', [0, 1, 2, 4, 9, 11]],
    ['dgxw "elan"', [0, 1, 2, 4, 8, 9, 11]],
    ['dgxw - elan', [0, 1, 2, 4, 8, 9, 11]],
    ['dgxw --elan', [0, 1, 2, 4, 8, 9, 11]],
    ['dgxw -', every.map((_, i) => i)],
    ['"dgxw', every.map((_, i) => i)],
    ['dgxw saint-denis', [8]],
    ['dgxw 3D', [5]],
    ['dgxw B2B', [6]],
    ["dgxw l'appel", every.map((_, i) => i)],
  ])('%s', async (q, expected) => {
    const [up, down] = await both(`/v1/search?q=${encodeURIComponent(q)}&kind=site&limit=100`);
    const ids = expected.map(id);
    expect(hitIds(up).sort()).toEqual(ids);
    expect(hitIds(down).sort()).toEqual(ids);
    expect(down.total).toBe(up.total);
    expect(down.total_exact).toBe(true);
  });

  it.each([
    ['-dgxw', []],
    ['-"dgxw elan"', [3, 5, 6, 7, 8, 10].map(id)],
  ] as [string, string[]][])(
    '%s: every entry but those holding it, the same with the list of sites',
    async (q, dgx) => {
      const [up, down] = await both(`/v1/search?q=${encodeURIComponent(q)}&kind=site&limit=100`);
      expect(
        hitIds(up)
          .filter((h) => h.startsWith('site:dgx-'))
          .sort(),
      ).toEqual(dgx);
      expect(hitIds(down).sort()).toEqual(hitIds(up).sort());
      expect(down.total).toBe(up.total);
      const listUp = await getJson(app, `/v1/sites?q=${encodeURIComponent(q)}&limit=100`);
      const listDown = await getJson(offline, `/v1/sites?q=${encodeURIComponent(q)}&limit=100`);
      const listIds = (body: { data: { id: string }[] }) => body.data.map((s) => s.id).sort();
      expect(listDown.body.degraded ?? true).toBe(true);
      expect(listIds(listDown.body)).toEqual(listIds(listUp.body));
      expect(listIds(listUp.body)).not.toContain('dgx-00');
    },
  );

  it('ÉLAN 86 finds no entry without « 86 » through the similarity of the whole query to a name', async () => {
    const [, down] = await both(`/v1/search?q=${encodeURIComponent('ÉLAN 86')}&kind=site&limit=100`);
    // Before: every « Dgxw Élan 17 », « ÉLAN 17.2 »… by word similarity (0.6 ≥ 0.5), and total_exact false.
    expect(hitIds(down)).not.toContain(id(2));
    expect(hitIds(down)).not.toContain(id(4));
    expect(down.total_exact).toBe(true);
  });

  // Not yet: Meilisearch gives 00, 01, 09, 11 (« 86.1 » and « 8.6 » split at the dot, « elan86 » as two words joined,
  // and for « elan 86 », unlike « 86 elan », no word dropped though « 86 » is the rarer); PostgreSQL reads « 86.1 » as
  // one word and its plan adds the rarest word's entries (03, 07).
  it.fails('ÉLAN 86 selects exactly what Meilisearch selects', async () => {
    const [up, down] = await both(`/v1/search?q=${encodeURIComponent('ÉLAN 86')}&kind=site&limit=100`);
    expect(hitIds(down).sort()).toEqual(hitIds(up).sort());
  });
});
