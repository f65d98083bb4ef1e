// A list's facets are named as its filters: /v1/proceedings?facets=kind counts the proceedings' own kinds (its `kind`
// filter is the shared `category`), not the kinds of entry (« proceeding » ×8), and facets=mandataire counts the
// practitioners and firms handling them (it was a 400). /v1/search keeps its own names: there `kind` is the kind of
// entry, `category` the proceedings' kind. Counted by Meilisearch and by the PostgreSQL fallback alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, offlineApp, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let offline: App;

const may2020 = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  const send = await writer(app, started.db);
  const links: [string, string][] = [
    ['mavic-en-difficulte-2020', 'helene-bourbouloux'],
    ['5asec-en-difficulte-2020', 'helene-bourbouloux'],
    ['mavic-en-difficulte-2020', 'abitbol'],
  ];
  for (const [proceeding, mandataire] of links) {
    const response = await send('POST', `/v1/proceedings/${proceeding}/practitioners`, {
      mandataire,
      role: 'administrateur_judiciaire',
      citation: { source: may2020, quote: 'les mandataires judiciaires croulent sous les appels' },
    });
    expect(response.statusCode).toBe(204);
  }
  await app.directorySearch.indexer.runOnce();
  offline = await offlineApp(app, started.databaseUrl);
});

afterAll(async () => {
  await offline?.close();
});

describe('the proceeding list counts its own facets', () => {
  it('facets=kind counts the kinds of proceeding, as the kind filter selects them', async () => {
    for (const server of [app, offline]) {
      const { status, body } = await getJson(server, '/v1/proceedings?facets=kind&limit=1');
      expect(status).toBe(200);
      expect(body.facets).toEqual({
        kind: [
          { value: 'en_difficulte', count: 6 },
          { value: 'depot_de_bilan', count: 1 },
          { value: 'reprise_a_la_barre', count: 1 },
        ],
      });
      expect(body.degraded).toBe(server === offline);
    }
    expect((await getJson(app, '/v1/proceedings?kind=en_difficulte&limit=1')).body.total).toBe(6);
  });

  it('facets=mandataire counts the practitioners appointed, by name, as the mandataire filter selects them', async () => {
    for (const server of [app, offline]) {
      const { status, body } = await getJson(server, '/v1/proceedings?facets=mandataire&limit=1');
      expect(status).toBe(200);
      expect(body.facets).toEqual({
        mandataire: [
          { value: 'helene-bourbouloux', label: 'Hélène Bourbouloux', count: 2 },
          { value: 'abitbol', label: 'Abitbol', count: 1 },
        ],
      });
    }
    expect((await getJson(app, '/v1/proceedings?mandataire=helene-bourbouloux&limit=1')).body.total).toBe(2);
  });

  it('refuses a facet the list has no filter for, naming those it has', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/proceedings?facets=region' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        in: 'query',
        name: 'facets',
        message: "'region' is not one of kind, status, operator, mandataire, tribunal",
      },
    ]);
  });
});

describe('search keeps its own names', () => {
  it('kind=proceeding&facets=kind,category: kinds of entry under kind, proceedings’ kinds under category', async () => {
    const { body } = await getJson(app, '/v1/search?kind=proceeding&facets=kind,category,mandataire&limit=1');
    expect(body.facets).toEqual({
      kind: [{ value: 'proceeding', count: 8 }],
      category: [
        { value: 'en_difficulte', count: 6 },
        { value: 'depot_de_bilan', count: 1 },
        { value: 'reprise_a_la_barre', count: 1 },
      ],
      mandataire: [
        { value: 'helene-bourbouloux', label: 'Hélène Bourbouloux', count: 2 },
        { value: 'abitbol', label: 'Abitbol', count: 1 },
      ],
    });
  });
});
