import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
import { ids } from '../setup/seed.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

describe('GET /v1/sites', () => {
  it('lists the sites of the articles with their places resolved from reference data', async () => {
    const { status, body } = await getJson(app, '/v1/sites?limit=100');
    expect(status).toBe(200);
    expect(body.total).toBe(13);
    const roubaix = body.data.find((s: { id: string }) => s.id === 'ipg-roubaix');
    expect(roubaix).toMatchObject({
      name: expect.any(String),
      operator: { id: 'ipg', name: 'IPG' },
      country: 'FR',
      commune: 'Roubaix',
      code_commune: '59512',
      code_postal: '59100',
      departement_code: '59',
      departement_name: 'Nord',
      region_code: '32',
      region_name: 'Hauts-de-France',
      former_region_name: 'Nord-Pas-de-Calais',
      status: 'closed',
    });
  });

  it('keeps sites abroad, marked outside France', async () => {
    const { body } = await getJson(app, '/v1/sites?country=MA');
    expect(ids(body)).toEqual(['ipg-contacts-services-rabat', 'keyyo-casablanca']);
    expect(body.data[0]).toMatchObject({ country: 'MA', code_commune: null, region_code: null });
  });

  it('filters by a former region name the press uses, narrower than today’s region', async () => {
    const picardie = await getJson(app, '/v1/sites?region=Picardie');
    expect(ids(picardie.body)).toEqual([
      'callweb-amiens',
      'comdata-amiens',
      'coriolis-service-amiens',
      'keyyo-abbeville',
      'mediametrie-amiens',
    ]);
    const hautsDeFrance = await getJson(app, '/v1/sites?region=Hauts-de-France');
    expect(ids(hautsDeFrance.body)).toEqual([...ids(picardie.body), 'ipg-roubaix'].sort());
    const byCode = await getJson(app, '/v1/sites?region=32');
    expect(ids(byCode.body)).toEqual(ids(hautsDeFrance.body));
  });

  it('filters by departement, code_commune and code_postal, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/sites?departement=28')).body)).toEqual([
      'ipg-contacts-services-chartres',
      'phone-marketing-dreux',
    ]);
    expect(ids((await getJson(app, '/v1/sites?departement=28,41')).body)).toEqual([
      'ipg-contacts-services-chartres',
      'ipg-contacts-services-vendome',
      'phone-marketing-dreux',
    ]);
    expect(ids((await getJson(app, '/v1/sites?code_commune=80001')).body)).toEqual(['keyyo-abbeville']);
    expect(ids((await getJson(app, '/v1/sites?code_postal=41100')).body)).toEqual(['ipg-contacts-services-vendome']);
  });

  it('filters by status and operator, and different parameters combine', async () => {
    expect(ids((await getJson(app, '/v1/sites?status=relocated')).body)).toEqual(['keyyo-casablanca']);
    expect(ids((await getJson(app, '/v1/sites?status=planned,closed')).body)).toEqual([
      'conduent-implantation-annoncee-2017',
      'ipg-roubaix',
      'phone-marketing-dreux',
    ]);
    const ipg = await getJson(app, '/v1/sites?operator=ipg-contacts-services');
    expect(ipg.body.total).toBe(4);
    const ipgInFrance = await getJson(app, '/v1/sites?operator=ipg-contacts-services&country=FR&departement=28');
    expect(ids(ipgInFrance.body)).toEqual(['ipg-contacts-services-chartres']);
  });

  it('sorts by name in French order, and descending with a minus', async () => {
    const operator = await createOperator(db);
    for (const name of ['Zèbre', 'Étoile', 'abeille', 'Eau']) await createSite(db, { name, operator: operator.id });
    const ascending = await getJson(app, `/v1/sites?operator=${operator.id}&sort=name`);
    expect(ascending.body.data.map((s: { name: string }) => s.name)).toEqual(['abeille', 'Eau', 'Étoile', 'Zèbre']);
    const descending = await getJson(app, `/v1/sites?operator=${operator.id}&sort=-name`);
    expect(descending.body.data.map((s: { name: string }) => s.name)).toEqual(['Zèbre', 'Étoile', 'Eau', 'abeille']);
  });

  it('pages through every row exactly once, with a stable total, for each sort', async () => {
    const operator = await createOperator(db);
    // Names repeat (in seven communes: one name is one site of a commune) so that the id must break ties between pages.
    const communes = ['Amiens', 'Lille', 'Tours', 'Orléans', 'Caen', 'Rouen', 'Lens'];
    for (let i = 0; i < 45; i++)
      await createSite(db, { name: `Plateau ${i % 7}`, commune: communes[Math.floor(i / 7)]!, operator: operator.id });
    for (const sort of ['name', '-name', 'created_at', '-updated_at', 'opened_on']) {
      const { rows, pages, totals } = await collectPages(
        app,
        `/v1/sites?operator=${operator.id}&limit=10&sort=${sort}`,
      );
      expect(rows).toHaveLength(45);
      expect(new Set(rows.map((r) => r.id)).size).toBe(45);
      expect(pages).toBe(5);
      expect(new Set(totals)).toEqual(new Set([45]));
    }
  });

  it('ends with a null next_cursor on the last page', async () => {
    const { body } = await getJson(app, '/v1/sites?country=MA&limit=1');
    expect(body.next_cursor).toEqual(expect.any(String));
    const last = await getJson(app, `/v1/sites?country=MA&limit=1&cursor=${body.next_cursor}`);
    expect(last.body).toMatchObject({ total: 2, limit: 1, next_cursor: null });
    expect(last.body.data).toHaveLength(1);
  });
});

describe('GET /v1/sites/{id}', () => {
  it('returns the site with its operator, headcount, former client, proceeding and citations', async () => {
    const { status, body } = await getJson(app, '/v1/sites/ipg-roubaix');
    expect(status).toBe(200);
    expect(body.operator).toEqual({ id: 'ipg', name: 'IPG' });
    expect(body.headcounts).toContainEqual(
      expect.objectContaining({ kind: 'employees', value: 32, source_id: 'en-contact-2017-04-26-fin-de-partie-ipg' }),
    );
    expect(body.clients).toEqual([expect.objectContaining({ name: 'Partenord', current: false })]);
    expect(body.proceedings).toEqual([
      expect.objectContaining({ id: 'ipg-depot-de-bilan-2017', kind: 'depot_de_bilan' }),
    ]);
    expect(body.citations.length).toBeGreaterThan(0);
    for (const c of body.citations) {
      expect(c).toEqual({
        source_id: expect.any(String),
        source_title: expect.any(String),
        source_published_on: expect.toBeOneOf([expect.any(String), null]),
        quote: expect.any(String),
        fields: expect.any(Array),
        added_at: expect.any(String),
      });
    }
  });

  it('gives a planned site its announced jobs', async () => {
    const { body } = await getJson(app, '/v1/sites/phone-marketing-dreux');
    expect(body).toMatchObject({ status: 'planned', opened_on: '2009-06', commune: 'Dreux', departement_code: '28' });
    expect(body.headcounts).toContainEqual(expect.objectContaining({ kind: 'jobs_planned', value: 400 }));
  });
});

describe('repeated parameters', () => {
  it('count as comma-separated values', async () => {
    const repeated = await getJson(app, '/v1/sites?status=planned&status=closed');
    const comma = await getJson(app, '/v1/sites?status=planned,closed');
    expect(repeated.status).toBe(200);
    expect(ids(repeated.body)).toEqual(ids(comma.body));
  });
});
