import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { proceedings } from '../../src/db/schema/index.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createOperator, uniqueId } from '../setup/factories.js';
import { expectSeededCitationsVerbatim, ids, seed } from '../setup/seed.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

const seedOperators: { id: string; name: string; citations: unknown[] }[] = seed('operators');

describe('GET /v1/operators', () => {
  it('lists every operator of the seed, with its parent as a reference', async () => {
    const { status, body } = await getJson(app, '/v1/operators?limit=100');
    expect(status).toBe(200);
    expect(body.total).toBe(seedOperators.length);
    expect(body.total).toBe(29);
    expect(ids(body)).toEqual(seedOperators.map((o) => o.id).sort());
    expect(body).toMatchObject({ limit: 100, next_cursor: null });
    const ipg = body.data.find((o: { id: string }) => o.id === 'ipg');
    expect(ipg).toMatchObject({
      id: 'ipg',
      name: 'IPG',
      aliases: [],
      kind: 'outsourcer',
      parent: { id: 'koramic', name: 'Koramic' },
      country: null,
      siren: null,
      website: null,
      description: expect.stringContaining('Roubaix'),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const orthodidacte = body.data.find((o: { id: string }) => o.id === 'orthodidacte');
    expect(orthodidacte).toMatchObject({
      name: 'Orthodidacte',
      aliases: ['Zeugmo'],
      kind: 'vendor',
      country: 'FR',
      parent: null,
    });
  });

  it('gives 20 rows by default, and a cursor to the rest', async () => {
    const { body } = await getJson(app, '/v1/operators');
    expect(body).toMatchObject({ total: 29, limit: 20, next_cursor: expect.any(String) });
    expect(body.data).toHaveLength(20);
  });

  it('filters by kind, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/operators?kind=vendor')).body)).toEqual([
      'allo-media',
      'holydis',
      'nice-systems',
      'orthodidacte',
      'woonoz',
    ]);
    expect(ids((await getJson(app, '/v1/operators?kind=holding')).body)).toEqual(['koramic']);
    const several = await getJson(app, '/v1/operators?kind=vendor,trade_body,holding');
    expect(ids(several.body)).toEqual([
      'allo-media',
      'holydis',
      'koramic',
      'nice-systems',
      'orthodidacte',
      'sp2c',
      'woonoz',
    ]);
    expect(several.body.total).toBe(7);
  });

  it('filters by parent, several values meaning any', async () => {
    const koramic = await getJson(app, '/v1/operators?parent=koramic');
    expect(ids(koramic.body)).toEqual(['ipg']);
    expect(koramic.body.total).toBe(1);
    expect(ids((await getJson(app, '/v1/operators?parent=koramic,xerox,adm-value')).body)).toEqual([
      'callweb',
      'conduent',
      'ipg',
    ]);
    // A parent without subsidiaries is a known id, so an empty page rather than an error.
    const none = await getJson(app, '/v1/operators?parent=ipg');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ data: [], total: 0, next_cursor: null });
  });

  it('rejects a parent that is not an operator', async () => {
    const { status, body } = await getJson(app, '/v1/operators?parent=koramic,no-such-group');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ in: 'query', name: 'parent', message: "unknown parent 'no-such-group'" }]);
  });

  it('filters by country, in any case, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/operators?country=FR')).body)).toEqual([
      'allo-media',
      'keyyo',
      'orthodidacte',
      'sp2c',
    ]);
    expect(ids((await getJson(app, '/v1/operators?country=fr')).body)).toEqual([
      'allo-media',
      'keyyo',
      'orthodidacte',
      'sp2c',
    ]);
    expect(ids((await getJson(app, '/v1/operators?country=IL')).body)).toEqual(['nice-systems']);
    expect(ids((await getJson(app, '/v1/operators?country=FR,IL')).body)).toEqual([
      'allo-media',
      'keyyo',
      'nice-systems',
      'orthodidacte',
      'sp2c',
    ]);
  });

  it('combines different filters, all of them applying', async () => {
    const frenchVendors = await getJson(app, '/v1/operators?kind=vendor&country=FR');
    expect(ids(frenchVendors.body)).toEqual(['allo-media', 'orthodidacte']);
    expect(frenchVendors.body.total).toBe(2);
    expect(ids((await getJson(app, '/v1/operators?kind=outsourcer&parent=koramic')).body)).toEqual(['ipg']);
    expect((await getJson(app, '/v1/operators?kind=holding&parent=koramic')).body).toMatchObject({
      data: [],
      total: 0,
    });
    expect(ids((await getJson(app, '/v1/operators?kind=vendor,telecom_operator&country=FR,IL')).body)).toEqual([
      'allo-media',
      'keyyo',
      'nice-systems',
      'orthodidacte',
    ]);
  });

  it('sorts by name in French order by default, and descending with a minus', async () => {
    const ascending = await getJson(app, '/v1/operators?limit=100');
    const names = ascending.body.data.map((o: { name: string }) => o.name);
    expect(names.slice(0, 5)).toEqual(['Adm Value', 'Affaires de contact', 'Aldev', 'Allo-Media', 'Bouygues Telecom']);
    // Médiamétrie files under M, between IPG… and NICE, not after Z.
    expect(names.indexOf('Médiamétrie')).toBe(names.indexOf('Koramic') + 1);
    expect(names.at(-1)).toBe('Xerox');
    const byName = await getJson(app, '/v1/operators?limit=100&sort=name');
    expect(byName.body.data.map((o: { id: string }) => o.id)).toEqual(
      ascending.body.data.map((o: { id: string }) => o.id),
    );
    const descending = await getJson(app, '/v1/operators?limit=100&sort=-name');
    expect(descending.body.data.map((o: { name: string }) => o.name)).toEqual([...names].reverse());
  });

  it('pages through every operator exactly once, with a stable total, for each sort', async () => {
    for (const sort of ['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at']) {
      const { rows, pages, totals } = await collectPages(app, `/v1/operators?limit=2&sort=${sort}`);
      expect(rows.map((r) => r.id).sort(), sort).toEqual(seedOperators.map((o) => o.id).sort());
      expect(new Set(rows.map((r) => r.id)).size).toBe(29);
      expect(pages).toBe(15);
      expect(new Set(totals)).toEqual(new Set([29]));
    }
    const { rows } = await collectPages(app, '/v1/operators?limit=3&sort=-name');
    const whole = await getJson(app, '/v1/operators?limit=100&sort=-name');
    expect(rows.map((r) => r.id)).toEqual(whole.body.data.map((o: { id: string }) => o.id));
  });

  it('pages through a filtered list, the total counting the filter', async () => {
    const { rows, pages, totals } = await collectPages(app, '/v1/operators?kind=vendor,telecom_operator&limit=2');
    expect(rows.map((r) => r.id)).toEqual([
      'allo-media',
      'bouygues-telecom',
      'free',
      'holydis',
      'keyyo',
      'nice-systems',
      'orange',
      'orthodidacte',
      'sfr',
      'woonoz',
    ]);
    expect(pages).toBe(5);
    expect(new Set(totals)).toEqual(new Set([10]));
  });
});

describe('GET /v1/operators/{id}', () => {
  it('returns a holding with its subsidiaries, headcount, people and citations', async () => {
    const { status, body } = await getJson(app, '/v1/operators/koramic');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'koramic', name: 'Koramic', kind: 'holding', parent: null });
    expect(body.subsidiaries).toEqual([{ id: 'ipg', name: 'IPG' }]);
    expect(body.sites).toEqual([]);
    expect(body.headcounts).toEqual([
      {
        id: expect.any(Number),
        kind: 'employees',
        value: 6000,
        as_of: '2017-04-26',
        note: expect.any(String),
        source_id: 'en-contact-2017-04-26-fin-de-partie-ipg',
        // A no-break space between the thousands, as printed.
        quote: 'Koramic emploie directement et indirectement 6\u00a0000 salariés',
      },
    ]);
    expect(body.people).toEqual([
      {
        role_id: expect.any(Number),
        person_id: 'christian-dumolin',
        person_name: 'Christian Dumolin',
        title: 'propriétaire de la holding Koramic',
        current: true,
        source_id: 'en-contact-2017-04-26-fin-de-partie-ipg',
        quote: 'Christian Dumolin, le propriétaire de la holding Koramic',
      },
    ]);
    expect(body.proceedings).toEqual([]);
    expect(body.citations).toHaveLength(3);
  });

  it('returns a subsidiary with its parent, its site and its proceeding', async () => {
    const { body } = await getJson(app, '/v1/operators/ipg');
    expect(body.parent).toEqual({ id: 'koramic', name: 'Koramic' });
    expect(body.subsidiaries).toEqual([]);
    expect(body.sites).toEqual([
      { id: 'ipg-roubaix', name: 'IPG Roubaix', commune: 'Roubaix', country: 'FR', status: 'closed' },
    ]);
    expect(body.proceedings).toEqual([
      {
        id: 'ipg-depot-de-bilan-2017',
        company_name: 'IPG',
        kind: 'depot_de_bilan',
        date: null,
        relation: 'company',
      },
    ]);
  });

  it('returns every site of an operator, in France and abroad, by name', async () => {
    const { body } = await getJson(app, '/v1/operators/ipg-contacts-services');
    expect(body.sites).toEqual([
      {
        id: 'ipg-contacts-services-chartres',
        name: 'IPG Contacts Services Chartres',
        commune: 'Chartres',
        country: 'FR',
        status: 'open',
      },
      {
        id: 'ipg-contacts-services-paris',
        name: 'IPG Contacts Services Paris',
        commune: 'Paris',
        country: 'FR',
        status: 'open',
      },
      {
        id: 'ipg-contacts-services-rabat',
        name: 'IPG Contacts Services Rabat',
        commune: 'Rabat',
        country: 'MA',
        status: 'open',
      },
      {
        id: 'ipg-contacts-services-vendome',
        name: 'IPG Contacts Services Vendôme',
        commune: 'Vendôme',
        country: 'FR',
        status: 'open',
      },
    ]);
    expect(body.people).toEqual([
      expect.objectContaining({
        person_id: 'fabrice-pery-kasza',
        title: 'dirigeant d’IPG Contacts Services',
        current: true,
      }),
    ]);
  });

  it('lists each role of a person, former and unstated ones included', async () => {
    const { body } = await getJson(app, '/v1/operators/affaires-de-contact');
    expect(body.aliases).toEqual(['Affaire de contacts']);
    expect(body.people).toEqual([
      expect.objectContaining({
        person_id: 'fabrice-pery-kasza',
        person_name: 'Fabrice Pery-Kasza',
        title: 'co-fondateur',
        current: null,
      }),
      expect.objectContaining({
        person_id: 'fabrice-pery-kasza',
        person_name: 'Fabrice Pery-Kasza',
        title: 'ex-dirigeant',
        current: false,
      }),
    ]);
    expect(body.proceedings).toEqual([
      {
        id: 'affaires-de-contact-reprise-a-la-barre',
        company_name: 'Affaires de contact',
        kind: 'reprise_a_la_barre',
        date: null,
        relation: 'company',
      },
    ]);
    const keyyo = await getJson(app, '/v1/operators/keyyo');
    expect(keyyo.body.people.map((p: { person_id: string }) => p.person_id).sort()).toEqual([
      'celine-lazard',
      'silvere-baudouin',
    ]);
  });

  it('quotes its sources verbatim in every citation and sourced fact, for every operator', async () => {
    await expectSeededCitationsVerbatim(app, 'operators', seedOperators, (body) => [
      ...body.headcounts,
      ...body.people,
    ]);
  });

  it('answers 404 for an unknown operator', async () => {
    const { status, body } = await getJson(app, '/v1/operators/no-such-operator');
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('operators with rows added', () => {
  it('tells the company of a proceeding from its acquirer', async () => {
    const company = await createOperator(db);
    const acquirer = await createOperator(db);
    const id = uniqueId('test-proceeding');
    await db.insert(proceedings).values({
      id,
      company_name: company.name,
      operator_id: company.id,
      acquirer_id: acquirer.id,
      kind: 'reprise_a_la_barre',
      date: '2016-02',
    });
    const asCompany = await getJson(app, `/v1/operators/${company.id}`);
    expect(asCompany.body.proceedings).toEqual([
      { id, company_name: company.name, kind: 'reprise_a_la_barre', date: '2016-02', relation: 'company' },
    ]);
    const asAcquirer = await getJson(app, `/v1/operators/${acquirer.id}`);
    expect(asAcquirer.body.proceedings).toEqual([
      { id, company_name: company.name, kind: 'reprise_a_la_barre', date: '2016-02', relation: 'acquirer' },
    ]);
  });

  it('lists a new subsidiary under its parent and finds it by parent', async () => {
    const parent = await createOperator(db, { kind: 'group' });
    const b = await createOperator(db, { name: 'Bêta', parent: parent.id, kind: 'outsourcer' });
    const a = await createOperator(db, { name: 'Alpha', parent: parent.id, kind: 'in_house' });
    const { body } = await getJson(app, `/v1/operators/${parent.id}`);
    expect(body.subsidiaries).toEqual([
      { id: a.id, name: 'Alpha' },
      { id: b.id, name: 'Bêta' },
    ]);
    expect(ids((await getJson(app, `/v1/operators?parent=${parent.id}`)).body)).toEqual([a.id, b.id].sort());
    expect(ids((await getJson(app, `/v1/operators?parent=${parent.id}&kind=in_house`)).body)).toEqual([a.id]);
    expect(ids((await getJson(app, `/v1/operators?parent=${parent.id},koramic&kind=outsourcer`)).body)).toEqual(
      [b.id, 'ipg'].sort(),
    );
  });
});
