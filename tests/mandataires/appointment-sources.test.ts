// A practitioner's entry lists the proceedings they were appointed in, each appointment with what says so: the
// designating notice (when one did), its words and source, as the proceeding's own list of practitioners gives them;
// and its page says which date is which (verify40 04: the items had no source, and three bare dates).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;
const quote = 'Me Rousselet, désigné liquidateur de Tie Rack le 3 février 2020';
const citation = { source: { ...testSource, published_on: '2022-01-10' }, quote };

beforeAll(async () => {
  const started = await testApp();
  app = started.app;
  send = await writer(app, started.db);
  const linked = await send('POST', '/v1/proceedings/tie-rack-en-difficulte-2020/practitioners', {
    mandataire: 'rousselet',
    role: 'liquidateur',
    appointed_on: '2020-02-03',
    citation,
  });
  expect(linked.statusCode, linked.body).toBe(204);
});

describe("a practitioner's appointments", () => {
  it('each carry their notice, quote and source in the API, as the proceeding’s practitioners do', async () => {
    const { body: practitioner } = await getJson(app, '/v1/mandataires/rousselet');
    const item = practitioner.proceedings.find((p: { id: string }) => p.id === 'tie-rack-en-difficulte-2020');
    const { body: proceeding } = await getJson(app, '/v1/proceedings/tie-rack-en-difficulte-2020');
    const link = proceeding.practitioners.find((p: { id: string }) => p.id === 'rousselet');
    expect([item.notice_id, item.quote, item.source_id]).toEqual([null, quote, link.source_id]);
    expect(link.quote).toBe(quote);
  });

  it('are shown on the page with their quote and each date named', async () => {
    const response = await app.inject({ url: '/mandataires/rousselet', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    const text = response.body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('désignation : 3 février 2020');
    expect(text).toContain(quote);
  });
});
