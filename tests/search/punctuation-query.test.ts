// A query with no letter or digit (`"`, `-`, `...`, `*`, a no-break space) is a 400 naming q, wherever q is taken:
// /v1/search, every list, the results page, its CSV and its Atom feed; it once matched the whole directory. An empty
// q (a blank search box) is no query.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { entryKinds } from '../../src/kinds.js';
import { getJson, testApp } from '../setup/app.js';

let app: App;

beforeAll(async () => {
  ({ app } = await testApp({ searchIndex: true }));
});

const punctuation = ['%22', '-', '...', '%2A', '%C2%A0', '%20'];
const refusal = [{ in: 'query', name: 'q', message: 'must contain a letter or digit' }];

describe('q of punctuation alone', () => {
  it.each(punctuation)('/v1/search?q=%s is a 400 naming q', async (q) => {
    const { status, body } = await getJson(app, `/v1/search?q=${q}&limit=1`);
    expect(status).toBe(400);
    expect(body.errors).toEqual(refusal);
  });

  it.each(entryKinds.filter((k) => k.name !== 'source').map((k) => k.plural))(
    "the list of %s refuses q='-' and q='...'",
    async (plural) => {
      for (const q of ['-', '...']) {
        const { status, body } = await getJson(app, `/v1/${plural}?q=${q}&limit=1`);
        expect(status, `${plural} ${q}`).toBe(400);
        expect(body.errors).toEqual(refusal);
      }
    },
  );

  it.each(['/recherche', '/recherche.csv', '/recherche.atom'])('%s?q=" is the 400 page naming q', async (path) => {
    for (const q of ['%22', '%C2%A0', '...']) {
      const response = await app.inject({ url: `${path}?q=${q}` });
      expect(response.statusCode, `${path} ${q}`).toBe(400);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<li>Recherche : doit contenir au moins une lettre ou un chiffre</li>');
    }
  });

  it('keeps an empty q as no query, and a word with punctuation as a search', async () => {
    const all = await getJson(app, '/v1/search?limit=1');
    expect((await getJson(app, '/v1/search?q=&limit=1')).body.total).toBe(all.body.total);
    expect((await app.inject({ url: '/recherche?q=' })).statusCode).toBe(200);
    const found = await getJson(app, '/v1/search?q=%22teleperformance%22&limit=1');
    expect(found.status).toBe(200);
    expect(found.body.total).toBeLessThan(all.body.total);
  });
});
