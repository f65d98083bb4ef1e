// « Every current mandate of étude X » (fault 02 of /tmp/verify43): the étude's only proceeding was closed, yet its
// detail listed it among the current appointments, no filter took closed proceedings out, and
// `/v1/search?kind=proceeding&status=closed` answered 0. Now a proceeding has a status (open, closed) as a filter and
// a facet of lists, search and export; the detail's `proceedings` are the current mandates (its URL the `mandataire`
// filter with `status=open`), those of closed proceedings former ones, ended by the closure with its notice; and a
// search narrowed to kinds refuses a filter or a value none of them has (400), never an empty answer.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'current mandates test' };

describe('the current mandates of a practitioner', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp({ searchIndex: true }));
    expect((await importBodacc(db, { file: 'tests/fixtures/bodacc/annonces-commerciales.csv', actor })).applied).toBe(
      true,
    );
    const practitioners = 'tests/fixtures/practitioners/practitioners.csv';
    expect((await importPractitioners(db, { file: practitioners, actor })).applied).toBe(true);
    await app.directorySearch.indexer.runOnce();
  });

  it('lists those of closed proceedings as former ones, ended by the closure and its notice', async () => {
    for (const id of ['jean-marc-delattre', 'selarl-nord-mandataires']) {
      const { status, body } = await getJson(app, `/v1/mandataires/${id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        proceedings: [],
        proceedings_total: 0,
        proceedings_url: `/v1/proceedings?mandataire=${id}&status=open&sort=-date`,
        // Two appointments in one proceeding (issue 11): mandataire judiciaire at the opening, liquidateur at the
        // conversion; the conversion overwrote the first before migration 0043.
        former_proceedings_total: 2,
      });
      const closure = {
        ended_by: 'closure',
        ended_on: '2024-11-12',
        ended_notice_id: 'A202402201103',
        ended_source_id: 'bodacc-a202402201103',
        ended_quote: "Jugement de clôture pour insuffisance d'actif",
      };
      expect(body.former_proceedings).toEqual([
        {
          id: 'bodacc-a202400151101',
          company_name: 'PLATEAU APPELS NORD',
          kind: 'liquidation_judiciaire',
          date: '2024-01-15',
          operator_id: 'plateau-appels-nord',
          role: 'liquidateur',
          appointed_on: '2024-05-27',
          closed_on: '2024-11-12',
          practitioner: { id: 'jean-marc-delattre', name: 'Jean-Marc Delattre' },
          notice_id: 'A202401021102',
          source_id: 'bodacc-a202401021102',
          quote:
            'désignant liquidateur SELARL Nord Mandataires prise en la personne de Maître DELATTRE Jean-Marc 4/6, rue ' +
            'Esquermoise 59800 Lille',
          ...closure,
        },
        {
          id: 'bodacc-a202400151101',
          company_name: 'PLATEAU APPELS NORD',
          kind: 'liquidation_judiciaire',
          date: '2024-01-15',
          operator_id: 'plateau-appels-nord',
          role: 'mandataire_judiciaire',
          appointed_on: '2024-01-15',
          closed_on: '2024-11-12',
          practitioner: { id: 'jean-marc-delattre', name: 'Jean-Marc Delattre' },
          notice_id: 'A202400151101',
          source_id: 'bodacc-a202400151101',
          quote:
            'mandataire judiciaire SELARL Nord Mandataires prise en la personne de Me Jean-Marc Delattre 4/6, rue ' +
            'Esquermoise 59800 Lille',
          ...closure,
        },
      ]);
    }
    const page = await app.inject({ url: '/mandataires/jean-marc-delattre' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('procédure clôturée le');
    expect(page.body).toContain('Clôture :');
  });

  it('filters proceedings by status in the list, the export and search, the facet counting both', async () => {
    const ids = async (url: string) => {
      const { status, body } = await getJson(app, url);
      expect(status).toBe(200);
      return [body.total, body.data.map((d: { id: string }) => d.id)];
    };
    const mandates = '/v1/proceedings?mandataire=selarl-nord-mandataires';
    expect(await ids(mandates)).toEqual([1, ['bodacc-a202400151101']]);
    expect(await ids(`${mandates}&status=open`)).toEqual([0, []]);
    expect(await ids(`${mandates}&status=closed`)).toEqual([1, ['bodacc-a202400151101']]);
    expect(await ids('/v1/proceedings?status=closed')).toEqual([1, ['bodacc-a202400151101']]);
    expect((await ids('/v1/proceedings?status=open'))[0]).toBe(11);
    expect(await ids('/v1/search?kind=proceeding&status=closed')).toEqual([1, ['bodacc-a202400151101']]);
    const hit = (await getJson(app, '/v1/search?kind=proceeding&status=closed')).body.data[0];
    expect(hit.label).toBe('liquidation judiciaire · PLATEAU APPELS NORD · clôturée');
    const facets = (await getJson(app, '/v1/search?kind=proceeding&facets=status')).body.facets;
    expect(facets.status).toEqual([
      { value: 'open', count: 11 },
      { value: 'closed', count: 1 },
    ]);
    // The results page offers the facet, and the list of all the current mandates of a practitioner is one click away.
    const results = await app.inject({ url: '/recherche?kind=proceeding' });
    expect(results.statusCode).toBe(200);
    expect(results.body).toMatch(
      /id="f-status-closed"[^>]*>\s*<label for="f-status-closed">fermé <span class="count">\(1\)/,
    );
    const closed = await app.inject({
      url: '/recherche?kind=proceeding&mandataire=selarl-nord-mandataires&status=closed',
    });
    expect(closed.body).toContain('PLATEAU APPELS NORD');
    const csv = await app.inject({ url: '/v1/proceedings/export?format=csv&status=closed' });
    expect(csv.statusCode).toBe(200);
    expect(
      csv.body
        .split('\n')
        .filter((l) => l.includes('bodacc-'))
        .map((l) => l.split(';')[0]),
    ).toEqual(['bodacc-a202400151101']);
  });

  it('refuses, in a search narrowed to kinds, a filter or a value none of them has (never 0 in silence)', async () => {
    const problem = (url: string, name: string, message: string) => ({
      type: '/problems/invalid_parameters',
      title: 'Invalid parameters',
      status: 400,
      detail: `Invalid parameter: ${name}.`,
      instance: url,
      code: 'invalid_parameters',
      request_id: expect.any(String),
      errors: [{ in: 'query', name, message }],
    });
    for (const [url, name, message] of [
      ['/v1/search?kind=site&tribunal=lille', 'tribunal', 'is not a filter of site (kind), only of proceeding'],
      ['/v1/search?kind=proceeding&naf=82.20Z', 'naf', 'is not a filter of proceeding (kind), only of site'],
      [
        '/v1/search?kind=proceeding&status=relocated',
        'status',
        "'relocated' is not a status of proceeding (kind): open, closed",
      ],
      [
        '/v1/search?kind=club&mandataire=jean-marc-delattre',
        'mandataire',
        'is not a filter of club (kind), only of proceeding',
      ],
    ] as const) {
      const { status, body } = await getJson(app, url);
      expect([status, body]).toEqual([400, problem(url, name, message)]);
    }
    // Two kinds: a value either accepts is taken.
    expect((await getJson(app, '/v1/search?kind=proceeding,site&status=relocated')).status).toBe(200);
    // The results page says the same.
    const page = await app.inject({ url: '/recherche?kind=proceeding&status=relocated' });
    expect(page.statusCode).toBe(400);
  });

  it('keeps role as what a practitioner was ever appointed as, closed proceedings included', async () => {
    const { body } = await getJson(app, '/v1/mandataires?role=liquidateur');
    expect(body.data.map((m: { id: string }) => m.id)).toEqual(['jean-marc-delattre']);
  });
});
