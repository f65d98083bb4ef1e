// La Poste's `ST` and `STE` in a court's place: `tribunal=st etienne` finds the proceedings of the Tribunal de
// commerce de Saint-Étienne (it found none), in the list, search, its PostgreSQL fallback and the export; and a
// court whose place is no commune, stored as written (« St Nowhere »), is found typed in full.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { courtFilterKey } from '../../src/domain/courts.js';
import { getJson, offlineApp, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let offline: App;
/** The id of each proceeding created, by company name. */
const ids = new Map<string, string>();
const citations = [{ source: testSource, quote: 'Une fiche de test' }];

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  const send = await writer(app, started.db);
  for (const [company_name, court] of [
    ['Appels Forez', 'TRIBUNAL DE COMMERCE DE ST ETIENNE'],
    ['Appels Nulle Part', 'Tribunal de commerce de St Nowhere'],
  ] as const) {
    const created = await send('POST', '/v1/proceedings', {
      company_name,
      kind: 'redressement_judiciaire',
      date: '2024-03',
      court,
      citations,
    });
    expect(created.statusCode).toBe(201);
    ids.set(company_name, created.json().id);
  }
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, started.databaseUrl);
  return () => offline.close();
});

describe('a court typed with La Poste’s abbreviations', () => {
  it('reads ST and STE as saint and sainte, whole words only', () => {
    for (const typed of ['st etienne', 'ST-ÉTIENNE', 'St. Étienne', 'saint etienne'])
      expect(courtFilterKey(typed), typed).toBe('saint etienne');
    expect(courtFilterKey('Ste Maxime')).toBe('sainte maxime');
    expect(courtFilterKey('Stenay')).toBe('stenay');
    expect(courtFilterKey('tribunal de commerce de st etienne')).toBe('tribunal de commerce de saint etienne');
  });

  it('finds the court in lists, search, the PostgreSQL fallback and exports', async () => {
    const cases: [string, string][] = [
      ['st etienne', 'Appels Forez'],
      ['Tribunal de commerce de St-Etienne', 'Appels Forez'],
      ['Saint Nowhere', 'Appels Nulle Part'],
      ['st nowhere', 'Appels Nulle Part'],
    ];
    for (const [typed, company] of cases) {
      const tribunal = `tribunal=${encodeURIComponent(typed)}`;
      for (const [server, url] of [
        [app, `/v1/proceedings?${tribunal}`],
        [app, `/v1/search?kind=proceeding&${tribunal}`],
        [offline, `/v1/search?kind=proceeding&${tribunal}`],
        [offline, `/v1/proceedings?${tribunal}&q=appels`],
      ] as const) {
        const { status, body } = await getJson(server, url);
        expect(status, url).toBe(200);
        expect(
          body.data.map((e: { id: string }) => e.id),
          url,
        ).toEqual([ids.get(company)]);
      }
      const exported = await app.inject({ url: `/v1/proceedings/export?format=jsonl&${tribunal}` });
      expect(
        exported.body
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).company_name),
      ).toEqual([company]);
    }
  });
});
