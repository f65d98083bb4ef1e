import { beforeAll, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, hitIds, testApp } from '../setup/app.js';
let app: App;
beforeAll(async () => { ({ app } = await testApp({ searchIndex: true })); });
it('probe', async () => {
  const qs = [
    'plateau société IPG installé plusieurs années commune Vendôme',
    'plateau société IPG installé plusieurs années commune Vendôme depuis',
    'plateau société IPG installé depuis plusieurs années dans la commune de Vendôme',
    'Teleperformance Webhelp', 'Keyyo Mavic', 'Koramic Presstalis', 'Webhelp Sitel Comdata','Marguerites Mediametrie',
  ];
  for (const strategy of ['frequency', 'last', 'all']) {
    for (const q of qs) {
      const r = await app.directorySearch.engine.index.search(q, { matchingStrategy: strategy as 'last', attributesToRetrieve: ['id'], limit: 5 });
      console.log(strategy, '|', q, '=>', r.hits.map((h) => h.id).join(','), r.estimatedTotalHits);
    }
  }
  for (const q of qs) {
    const b = await getJson(app, `/v1/search?q=${encodeURIComponent(q)}`);
    console.log('api', q, hitIds(b.body).slice(0, 5));
  }
});
