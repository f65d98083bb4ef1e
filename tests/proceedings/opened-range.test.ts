// `opened_from` / `opened_to` with proceedings dated as precisely as their source (a year, a month, a day): one is
// selected when its whole period is in the range, alike in the list, the export, search and its PostgreSQL fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, offlineApp, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let offline: App;
beforeAll(async () => {
  const { db, databaseUrl, ...started } = await testApp({ searchIndex: true });
  app = started.app;
  const send = await writer(app, db);
  const citations = [{ source: testSource, quote: 'Une fiche de test' }];
  for (const [id, date] of [
    ['year-2017', '2017'],
    ['day-2017-04-26', '2017-04-26'],
    ['month-2017-04', '2017-04'],
    ['month-2017-12', '2017-12'],
  ]) {
    const created = await send('POST', '/v1/proceedings', {
      id,
      company_name: id,
      kind: 'sauvegarde',
      date,
      citations,
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, databaseUrl);
});
afterAll(() => offline.close());

const april = 'month-2017-04';
const cases: [string, string[]][] = [
  ['opened_to=2017-04-01', []],
  ['opened_from=2017-04-27', ['month-2017-12']],
  ['opened_from=2017-04-15&opened_to=2017-04-20', []],
  ['opened_from=2017-04-01', ['day-2017-04-26', april, 'month-2017-12']],
  ['opened_to=2017-04', ['day-2017-04-26', april]],
  ['opened_to=2017-04-30', ['day-2017-04-26', april]],
  ['opened_from=2017-04&opened_to=2017-04', ['day-2017-04-26', april]],
  ['opened_to=2017-12-30', ['day-2017-04-26', april]],
  ['opened_to=2017-12-31', ['day-2017-04-26', april, 'month-2017-12', 'year-2017']],
  ['opened_from=2017&opened_to=2017', ['day-2017-04-26', april, 'month-2017-12', 'year-2017']],
];

describe('the opening range and partial dates', () => {
  it.each(cases)('%s selects the proceedings whose whole period is within it', async (range, expected) => {
    const list = await getJson(app, `/v1/proceedings?${range}&limit=100`);
    expect(list.body.data.map((p: { id: string }) => p.id).sort(), 'list').toEqual(expected);
    const exported = await app.inject({ url: `/v1/proceedings/export?format=jsonl&${range}` });
    const lines = exported.body.split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l).id as string).sort(), 'export').toEqual(expected);
    for (const [where, server] of [
      ['search', app],
      ['fallback', offline],
    ] as const) {
      const { body } = await getJson(server, `/v1/search?kind=proceeding&${range}&limit=50`);
      expect(body.degraded, where).toBe(where === 'fallback');
      expect(body.data.map((h: { id: string }) => h.id).sort(), where).toEqual(expected);
    }
  });
});
