// A `tribunal` value of articles and prepositions alone (« de », « du », « la ») names no court: `tribunal=de` selected
// every court « … de <place> » in the list and its export (the place pattern skipped its optional article and « de »
// was then the article itself) while /v1/search answered none. It is refused, as « d' » was, by every route that
// takes the filter; a place that starts with an article (« Le Mans », « La Roche-sur-Yon ») is still found, with or
// without its article, by every path alike (verify45 03: `tribunal=mans` found « … du Mans » in the list, the export
// and the PostgreSQL fallback, nothing in /v1/search; `sables` nothing anywhere).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { courtFilterKey } from '../../src/domain/courts.js';
import { getJson, offlineApp, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
/** The same database, Meilisearch out of reach: search answers through its PostgreSQL fallback. */
let offline: App;
/** The id of each proceeding created, by company name. */
const ids = new Map<string, string>();

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  const send = await writer(app, started.db);
  for (const [company_name, court] of [
    ['Appels Sarthe', 'TRIBUNAL DE COMMERCE DU MANS'],
    ['Appels Vendée', 'Tribunal de commerce de La Roche-sur-Yon'],
    ['Appels Nord', 'Tribunal de commerce de Lille Métropole'],
    ['Appels Olonne', "TRIBUNAL DE COMMERCE DES SABLES D'OLONNE"],
  ] as const) {
    const created = await send('POST', '/v1/proceedings', {
      company_name,
      kind: 'redressement_judiciaire',
      date: '2024-03',
      court,
      citations: [{ source: testSource, quote: 'Une fiche de test' }],
    });
    expect(created.statusCode).toBe(201);
    ids.set(company_name, created.json().id);
  }
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, started.databaseUrl);
  return () => offline.close();
});

describe('a tribunal filter of articles alone', () => {
  it('names no place', () => {
    for (const typed of ['de', 'DE ', 'du', "d'", 'la', 'les', 'de la', 'sur', 'lès', 'aux'])
      expect(courtFilterKey(typed), typed).toBeNull();
    expect(courtFilterKey('Le Mans')).toBe('le mans');
    expect(courtFilterKey('du Mans')).toBe('le mans');
  });

  it('is refused, naming tribunal, by the list, search and the export', async () => {
    for (const url of [
      '/v1/proceedings?tribunal=de',
      '/v1/proceedings?tribunal=DE%20',
      '/v1/proceedings?tribunal=la',
      '/v1/search?kind=proceeding&tribunal=de',
      '/v1/proceedings/export?format=jsonl&tribunal=de',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(response.json().errors, url).toEqual([
        { in: 'query', name: 'tribunal', message: 'must name a court or its place' },
      ]);
    }
  });

  it('finds a place that starts with an article with or without it, in the list, search and its fallback', async () => {
    for (const [typed, company] of [
      ['Le Mans', 'Appels Sarthe'],
      ['mans', 'Appels Sarthe'],
      ['du Mans', 'Appels Sarthe'],
      ['La Roche-sur-Yon', 'Appels Vendée'],
      ['roche sur yon', 'Appels Vendée'],
      ['sables', 'Appels Olonne'],
      ["Les Sables-d'Olonne", 'Appels Olonne'],
      ['lille', 'Appels Nord'],
    ] as const) {
      const tribunal = `tribunal=${encodeURIComponent(typed)}`;
      for (const [server, url] of [
        [app, `/v1/proceedings?${tribunal}`],
        [app, `/v1/search?kind=proceeding&${tribunal}`],
        [offline, `/v1/search?kind=proceeding&${tribunal}`],
      ] as const) {
        const { status, body } = await getJson(server, url);
        expect(status, url).toBe(200);
        expect(
          body.data.map((e: { id: string }) => e.id),
          url,
        ).toEqual([ids.get(company)]);
      }
    }
  });
});
