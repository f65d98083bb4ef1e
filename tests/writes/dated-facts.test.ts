// A fact and the date a source stated it (`datedBy`: a site's `status` and `status_as_of`, a club's `member_count`
// and `member_count_as_of`): a write changing the fact without its date leaves the date unknown, never the earlier
// source's date beside a fact that source did not state (verify31 fault 05's kind, by the API's road: a PATCH closing
// the Chartres site, which the article of 26 April 2017 says is open, kept « as of 2017-04-26 »).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createKey } from '../../src/keys/api-keys.js';
import { getJson, testApp } from '../setup/app.js';

let app: App;
let key = '';
beforeAll(async () => {
  let db: Parameters<typeof createKey>[0];
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
});

/** A source of this test's own, published after the facts it states. */
const ownSource = {
  url: 'https://example.org/plateau-tests/chartres-ferme',
  title: 'Le site de Chartres a fermé',
  outlet: 'Plateau tests',
  published_on: '2026-11-02',
};

async function patch(url: string, body: Record<string, unknown>) {
  const { headers } = await app.inject({ url });
  return app.inject({
    method: 'PATCH',
    url,
    headers: { authorization: `Bearer ${key}`, 'if-match': String(headers.etag) },
    payload: body,
  });
}

describe('a fact changed without the date a source stated it', () => {
  const chartres = '/v1/sites/ipg-contacts-services-chartres';

  it('keeps the date when the fact is sent unchanged', async () => {
    const response = await patch(chartres, {
      status: 'open',
      citations: [{ source: ownSource, quote: 'le site reste ouvert', fields: ['status'] }],
    });
    expect(response.statusCode).toBe(200);
    const { body } = await getJson(app, chartres);
    expect([body.status, body.status_as_of]).toEqual(['open', '2017-04-26']);
  });

  it("leaves it unknown when the fact changes: not the earlier source's date", async () => {
    const response = await patch(chartres, {
      status: 'closed',
      closed_on: '2019-03-31',
      citations: [{ source: ownSource, quote: 'le site a fermé le 31 mars 2019', fields: ['status', 'closed_on'] }],
    });
    expect(response.statusCode).toBe(200);
    const { body } = await getJson(app, chartres);
    expect([body.status, body.status_as_of, body.closed_on]).toEqual(['closed', null, '2019-03-31']);
  });

  it('takes the date the write gives with the fact', async () => {
    const response = await patch(chartres, {
      status: 'relocated',
      status_as_of: '2026-10',
      citations: [{ source: ownSource, quote: 'le site a déménagé', fields: ['status', 'status_as_of'] }],
    });
    expect(response.statusCode).toBe(200);
    const { body } = await getJson(app, chartres);
    expect([body.status, body.status_as_of]).toEqual(['relocated', '2026-10']);
  });
});
