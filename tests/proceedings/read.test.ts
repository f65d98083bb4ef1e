import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { proceedingPractitioners, proceedingSites, proceedings } from '../../src/db/schema/index.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createOperator, createSite, uniqueId } from '../setup/factories.js';
import { expectSeededCitationsVerbatim, expectVerbatim, ids, ordered, seed, titles } from '../setup/seed.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

const seedProceedings: { id: string; citations: unknown[] }[] = seed('proceedings');

const inDifficulty = [
  '5asec-en-difficulte-2020',
  'mavic-en-difficulte-2020',
  'novares-en-difficulte-2020',
  'paris-turf-en-difficulte-2020',
  'presstalis-en-difficulte-2020',
  'tie-rack-en-difficulte-2020',
];

describe('GET /v1/proceedings', () => {
  it('lists every proceeding of the seed, with the company as an operator reference', async () => {
    const { status, body } = await getJson(app, '/v1/proceedings?limit=100');
    expect(status).toBe(200);
    expect(body.total).toBe(seedProceedings.length);
    expect(body.total).toBe(8);
    expect(ids(body)).toEqual(seedProceedings.map((p) => p.id).sort());
    const ipg = body.data.find((p: { id: string }) => p.id === 'ipg-depot-de-bilan-2017');
    expect(ipg).toMatchObject({
      company_name: 'IPG',
      company_description: 'Centre d’appels IPG dans le Nord (Roubaix), filiale de Koramic',
      operator: { id: 'ipg', name: 'IPG' },
      kind: 'depot_de_bilan',
      // « vient de déposer son bilan » in an article of 26 April 2017: no date is given, none is guessed.
      date: null,
      court: null,
      acquirer: null,
    });
    const novares = body.data.find((p: { id: string }) => p.id === 'novares-en-difficulte-2020');
    expect(novares).toMatchObject({
      company_name: 'Novares',
      company_description: 'un gros équipementier automobile',
      operator: null,
      kind: 'en_difficulte',
      date: null,
    });
  });

  it('filters by kind, several values meaning any', async () => {
    const difficulty = await getJson(app, '/v1/proceedings?kind=en_difficulte');
    expect(ids(difficulty.body)).toEqual(inDifficulty);
    expect(difficulty.body.total).toBe(6);
    expect(ids((await getJson(app, '/v1/proceedings?kind=reprise_a_la_barre')).body)).toEqual([
      'affaires-de-contact-reprise-a-la-barre',
    ]);
    expect(ids((await getJson(app, '/v1/proceedings?kind=depot_de_bilan,reprise_a_la_barre')).body)).toEqual([
      'affaires-de-contact-reprise-a-la-barre',
      'ipg-depot-de-bilan-2017',
    ]);
    expect((await getJson(app, '/v1/proceedings?kind=sauvegarde')).body).toMatchObject({ data: [], total: 0 });
  });

  it('filters by operator, several values meaning any', async () => {
    const ipg = await getJson(app, '/v1/proceedings?operator=ipg');
    expect(ids(ipg.body)).toEqual(['ipg-depot-de-bilan-2017']);
    expect(ipg.body.total).toBe(1);
    expect(ids((await getJson(app, '/v1/proceedings?operator=ipg,affaires-de-contact')).body)).toEqual([
      'affaires-de-contact-reprise-a-la-barre',
      'ipg-depot-de-bilan-2017',
    ]);
    // The parent group is not the company.
    expect((await getJson(app, '/v1/proceedings?operator=koramic')).body).toMatchObject({ data: [], total: 0 });
  });

  it('combines different filters, all of them applying', async () => {
    expect(
      ids((await getJson(app, '/v1/proceedings?operator=ipg,affaires-de-contact&kind=reprise_a_la_barre')).body),
    ).toEqual(['affaires-de-contact-reprise-a-la-barre']);
    expect((await getJson(app, '/v1/proceedings?operator=ipg&kind=en_difficulte')).body).toMatchObject({
      data: [],
      total: 0,
    });
  });

  it('finds no proceeding handled by a practitioner of the seed, none being named', async () => {
    expect((await getJson(app, '/v1/proceedings?mandataire=helene-bourbouloux,etude-meynet')).body).toMatchObject({
      data: [],
      total: 0,
    });
  });

  it('rejects an operator or a mandataire that is not in the directory', async () => {
    const operator = await getJson(app, '/v1/proceedings?operator=ipg,no-such-operator');
    expect(operator.status).toBe(400);
    expect(operator.body.errors).toEqual([
      { in: 'query', name: 'operator', message: "unknown operator 'no-such-operator'" },
    ]);
    const mandataire = await getJson(app, '/v1/proceedings?mandataire=no-such-mandataire');
    expect(mandataire.status).toBe(400);
    expect(mandataire.body.errors).toEqual([
      { in: 'query', name: 'mandataire', message: "unknown mandataire 'no-such-mandataire'" },
    ]);
  });

  it('refuses an opening range that ends before it starts, naming both bounds, in lists, exports and search', async () => {
    const errors = [
      { in: 'query', name: 'opened_from', message: 'must not be after opened_to (2020)' },
      { in: 'query', name: 'opened_to', message: 'must not be before opened_from (2023)' },
    ];
    for (const url of [
      '/v1/proceedings?opened_from=2023&opened_to=2020',
      '/v1/proceedings?opened_from=2023&opened_to=2020&q=ipg',
      '/v1/proceedings/export?format=csv&opened_from=2023&opened_to=2020',
      '/v1/search?opened_from=2023&opened_to=2020',
    ]) {
      const { status, body } = await getJson(app, url);
      expect(status, url).toBe(400);
      expect(body.detail, url).toBe('Invalid parameters: opened_from, opened_to.');
      expect(body.errors, url).toEqual(errors);
    }
    // One month as both bounds is a range (the proceedings opened that month: tests/proceedings/opened-range.test.ts).
    const april = await getJson(app, '/v1/proceedings?opened_from=2017-04&opened_to=2017-04');
    expect(april.status).toBe(200);
    const day = await getJson(app, '/v1/proceedings?opened_from=2017-04-30&opened_to=2017-04');
    expect(day.status).toBe(200);
  });

  it('takes one value for each bound of the opening range: a list or a repeated bound is a 400 naming it', async () => {
    for (const [url, name, message] of [
      ['/v1/proceedings?opened_from=2024,2025', 'opened_from', "takes one value, not a list ('2024,2025')"],
      ['/v1/proceedings?opened_to=2024&opened_to=2025', 'opened_to', 'must be given once'],
      ['/v1/search?opened_from=2024,2025', 'opened_from', "takes one value, not a list ('2024,2025')"],
      [
        '/v1/proceedings/export?format=csv&opened_to=2020,2021',
        'opened_to',
        "takes one value, not a list ('2020,2021')",
      ],
    ]) {
      const { status, body } = await getJson(app, url as string);
      expect(status, url).toBe(400);
      expect(body.errors, url).toEqual([{ in: 'query', name, message }]);
    }
  });

  it('sorts by company name in French order by default, and descending with a minus', async () => {
    const expected = [
      '5asec-en-difficulte-2020',
      'affaires-de-contact-reprise-a-la-barre',
      'ipg-depot-de-bilan-2017',
      'mavic-en-difficulte-2020',
      'novares-en-difficulte-2020',
      'paris-turf-en-difficulte-2020',
      'presstalis-en-difficulte-2020',
      'tie-rack-en-difficulte-2020',
    ];
    expect(ordered((await getJson(app, '/v1/proceedings')).body)).toEqual(expected);
    expect(ordered((await getJson(app, '/v1/proceedings?sort=company_name')).body)).toEqual(expected);
    expect(ordered((await getJson(app, '/v1/proceedings?sort=-company_name')).body)).toEqual([...expected].reverse());
  });

  it('sorts by date, undated proceedings last in both orders', async () => {
    // The seed's proceedings are all undated (their articles give no date): one dated, for this test only.
    const dated = uniqueId('dated');
    await db
      .insert(proceedings)
      .values({ id: dated, company_name: 'Datée', kind: 'liquidation_judiciaire', date: '2017-04' });
    try {
      const undated = [
        '5asec-en-difficulte-2020',
        'affaires-de-contact-reprise-a-la-barre',
        'ipg-depot-de-bilan-2017',
        ...inDifficulty.slice(1),
      ];
      const ascending = ordered((await getJson(app, '/v1/proceedings?sort=date')).body);
      expect(ascending).toEqual([dated, ...undated]);
      const descending = ordered((await getJson(app, '/v1/proceedings?sort=-date')).body);
      expect(descending).toEqual([dated, ...[...undated].reverse()]);
    } finally {
      await db.delete(proceedings).where(eq(proceedings.id, dated));
    }
  });

  it('pages through every proceeding exactly once, with a stable total, for each sort', async () => {
    for (const sort of [
      'company_name',
      '-company_name',
      'date',
      '-date',
      'created_at',
      '-created_at',
      'updated_at',
      '-updated_at',
    ]) {
      const { rows, pages, totals } = await collectPages(app, `/v1/proceedings?limit=3&sort=${sort}`);
      expect(rows.map((r) => r.id).sort(), sort).toEqual(seedProceedings.map((p) => p.id).sort());
      expect(pages).toBe(3);
      expect(new Set(totals)).toEqual(new Set([8]));
      const whole = await getJson(app, `/v1/proceedings?limit=100&sort=${sort}`);
      expect(
        rows.map((r) => r.id),
        sort,
      ).toEqual(ordered(whole.body));
    }
    const { rows, pages, totals } = await collectPages(app, '/v1/proceedings?kind=en_difficulte&limit=2&sort=-date');
    expect(rows.map((r) => r.id)).toEqual([...inDifficulty].reverse());
    expect(pages).toBe(3);
    expect(new Set(totals)).toEqual(new Set([6]));
  });
});

describe('GET /v1/proceedings/{id}', () => {
  it('returns a filing with its operator and the site it closed', async () => {
    const { status, body } = await getJson(app, '/v1/proceedings/ipg-depot-de-bilan-2017');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'ipg-depot-de-bilan-2017',
      company_name: 'IPG',
      operator: { id: 'ipg', name: 'IPG' },
      kind: 'depot_de_bilan',
      date: null,
      acquirer: null,
    });
    expect(body.sites).toEqual([{ id: 'ipg-roubaix', name: 'IPG Roubaix', commune: 'Roubaix', status: 'closed' }]);
    expect(body.practitioners).toEqual([]);
    expect(body.citations).toContainEqual({
      source_id: 'en-contact-2017-04-26-fin-de-partie-ipg',
      source_title: titles.get('en-contact-2017-04-26-fin-de-partie-ipg'),
      source_published_on: '2017-04-26',
      quote: 'Fin de partie pour le centre d’appels IPG dans le Nord, filiale de Koramic',
      fields: ['company_description', 'company_name', 'operator'],
      added_at: expect.any(String),
    });
  });

  it('returns a takeover at the bar of the court', async () => {
    const { body } = await getJson(app, '/v1/proceedings/affaires-de-contact-reprise-a-la-barre');
    expect(body).toMatchObject({
      company_name: 'Affaires de contact',
      operator: { id: 'affaires-de-contact', name: 'Affaires de contact' },
      kind: 'reprise_a_la_barre',
      court: 'Tribunal de commerce', // the seed's « Tribunal de Commerce », written as the BODACC import writes it
      date: null,
      // The text does not tell which of the two IPG companies took it over.
      acquirer: null,
    });
    expect(body.sites).toEqual([]);
    expect(body.citations).toHaveLength(3);
  });

  it('quotes its sources verbatim in every citation, for every proceeding', async () => {
    await expectSeededCitationsVerbatim(app, 'proceedings', seedProceedings);
  });

  it('answers 404 for an unknown proceeding', async () => {
    const { status, body } = await getJson(app, '/v1/proceedings/no-such-proceeding');
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
  });
});

// No proceeding of the seed names its practitioners, and only one is dated:
// these rows, added to this file's own database, fill both gaps.
describe('proceedings with rows added', () => {
  const mayArticle = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
  // « Abitbol et\u00a0 Rousselet »: a no-break space and a space, as printed.
  const quote = 'dont les célèbres Hélène Bourbouloux, Abitbol et\u00a0 Rousselet, l’étude Meynet etc.';
  let operatorId: string;
  let acquirerId: string;
  const p1 = uniqueId('test-proceeding');
  const p2 = uniqueId('test-proceeding');
  const p3 = uniqueId('test-proceeding');
  const p4 = uniqueId('test-proceeding');

  beforeAll(async () => {
    operatorId = (await createOperator(db, { name: 'Opérateur en difficulté' })).id;
    acquirerId = (await createOperator(db, { name: 'Repreneur' })).id;
    await db.insert(proceedings).values([
      { id: p1, company_name: 'Zénith', operator_id: operatorId, kind: 'liquidation_judiciaire', date: '2019' },
      { id: p2, company_name: 'Atlas', operator_id: operatorId, kind: 'redressement_judiciaire', date: '2018-06-15' },
      {
        id: p3,
        company_name: 'Éole',
        operator_id: operatorId,
        kind: 'liquidation_judiciaire',
        date: '2018-06',
        acquirer_id: acquirerId,
      },
      { id: p4, company_name: 'Borée', operator_id: operatorId, kind: 'sauvegarde', date: null },
    ]);
    await db.insert(proceedingPractitioners).values([
      { proceeding_id: p1, mandataire_id: 'rousselet', role: 'liquidateur', source_id: mayArticle, quote },
      { proceeding_id: p1, mandataire_id: 'abitbol', role: 'administrateur_judiciaire', source_id: mayArticle, quote },
      { proceeding_id: p2, mandataire_id: 'rousselet', role: null, source_id: mayArticle, quote },
      { proceeding_id: p3, mandataire_id: 'etude-meynet', role: 'mandataire_judiciaire', source_id: mayArticle, quote },
    ]);
  });

  it('returns the practitioners of a proceeding by name, with role and quote', async () => {
    // Links made by hand (not read from a BODACC notice) have no notice, date of appointment nor powers.
    const notFromBodacc = {
      appointed_on: null,
      powers: null,
      notice_id: null,
      ended_on: null,
      ended_notice_id: null,
      ended_source_id: null,
      ended_quote: null,
    };
    const { body } = await getJson(app, `/v1/proceedings/${p1}`);
    expect(body.practitioners).toEqual([
      {
        id: 'abitbol',
        name: 'Abitbol',
        role: 'administrateur_judiciaire',
        ...notFromBodacc,
        source_id: mayArticle,
        quote,
      },
      { id: 'rousselet', name: 'Rousselet', role: 'liquidateur', ...notFromBodacc, source_id: mayArticle, quote },
    ]);
    for (const practitioner of body.practitioners) expectVerbatim(practitioner);
  });

  it('filters by mandataire, several values meaning any, each proceeding once', async () => {
    expect(ids((await getJson(app, '/v1/proceedings?mandataire=abitbol')).body)).toEqual([p1]);
    expect(ids((await getJson(app, '/v1/proceedings?mandataire=rousselet')).body)).toEqual([p1, p2].sort());
    const both = await getJson(app, '/v1/proceedings?mandataire=abitbol,rousselet');
    expect(ids(both.body)).toEqual([p1, p2].sort());
    expect(both.body.total).toBe(2);
    const paged = await collectPages(app, '/v1/proceedings?mandataire=abitbol,rousselet,etude-meynet&limit=1');
    expect(paged.rows.map((r) => r.id).sort()).toEqual([p1, p2, p3].sort());
    expect(new Set(paged.totals)).toEqual(new Set([3]));
  });

  it('combines the mandataire filter with the others, all of them applying', async () => {
    expect(ids((await getJson(app, '/v1/proceedings?mandataire=rousselet&kind=liquidation_judiciaire')).body)).toEqual([
      p1,
    ]);
    expect(
      ids((await getJson(app, '/v1/proceedings?mandataire=rousselet,etude-meynet&kind=liquidation_judiciaire')).body),
    ).toEqual([p1, p3].sort());
    expect(ids((await getJson(app, `/v1/proceedings?mandataire=rousselet&operator=${operatorId}`)).body)).toEqual(
      [p1, p2].sort(),
    );
    expect((await getJson(app, '/v1/proceedings?mandataire=rousselet&operator=ipg')).body).toMatchObject({
      data: [],
      total: 0,
    });
  });

  it('sorts partial dates from the least precise, undated last', async () => {
    const ascending = await getJson(app, `/v1/proceedings?operator=${operatorId}&sort=date`);
    expect(ascending.body.data.map((p: { date: string | null }) => p.date)).toEqual([
      '2018-06',
      '2018-06-15',
      '2019',
      null,
    ]);
    const descending = await getJson(app, `/v1/proceedings?operator=${operatorId}&sort=-date`);
    expect(ordered(descending.body)).toEqual([p1, p2, p3, p4]);
    const byName = await getJson(app, `/v1/proceedings?operator=${operatorId}&sort=company_name`);
    expect(byName.body.data.map((p: { company_name: string }) => p.company_name)).toEqual([
      'Atlas',
      'Borée',
      'Éole',
      'Zénith',
    ]);
  });

  it('shows the acquirer of a takeover, and the sites concerned by name', async () => {
    const b = await createSite(db, {
      name: 'Site B',
      operator: operatorId,
      commune: 'Amiens',
      status: 'closed',
      closed_on: '2018',
    });
    const a = await createSite(db, { name: 'Site A', operator: operatorId, commune: 'Chartres' });
    await db.insert(proceedingSites).values([
      { proceeding_id: p3, site_id: b.id },
      { proceeding_id: p3, site_id: a.id },
    ]);
    const { body } = await getJson(app, `/v1/proceedings/${p3}`);
    expect(body.acquirer).toEqual({ id: acquirerId, name: 'Repreneur' });
    expect(body.operator).toEqual({ id: operatorId, name: 'Opérateur en difficulté' });
    expect(body.sites).toEqual([
      { id: a.id, name: 'Site A', commune: 'Chartres', status: 'open' },
      { id: b.id, name: 'Site B', commune: 'Amiens', status: 'closed' },
    ]);
    const listed = await getJson(
      app,
      `/v1/proceedings?operator=${operatorId}&kind=liquidation_judiciaire&sort=-company_name`,
    );
    expect(listed.body.data.map((p: { acquirer: unknown }) => p.acquirer)).toEqual([
      null,
      { id: acquirerId, name: 'Repreneur' },
    ]);
  });
});
