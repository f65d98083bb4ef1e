import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { clubs } from '../../src/db/schema/index.js';
import { resolveCommune } from '../../src/geo/index.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { uniqueId } from '../setup/factories.js';
import { expectSeededCitationsVerbatim, ids, seed } from '../setup/seed.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

const seedClubs: { id: string; citations: unknown[]; affiliations: unknown[] }[] = seed('clubs');

describe('GET /v1/clubs', () => {
  it('lists every club of the seed, with the region it serves resolved', async () => {
    const { status, body } = await getJson(app, '/v1/clubs?limit=100');
    expect(status).toBe(200);
    expect(body.total).toBe(seedClubs.length);
    expect(body.total).toBe(11);
    expect(ids(body)).toEqual(seedClubs.map((c) => c.id).sort());
    const cprc = body.data.find((c: { id: string }) => c.id === 'cprc-rhone-alpes');
    expect(cprc).toMatchObject({
      name: 'CPRC Rhône-Alpes',
      kind: 'regional_club',
      served_region_code: '84',
      served_region_name: 'Auvergne-Rhône-Alpes',
      served_region_as_printed: 'Rhône-Alpes',
      country: 'FR',
      commune: 'Lyon',
      code_commune: '69123',
      departement_code: '69',
      departement_name: 'Rhône',
      region_code: '84',
      region_name: 'Auvergne-Rhône-Alpes',
      former_region_name: 'Rhône-Alpes',
      member_count: 350,
      staff_count: null,
      status: null,
      activities: [],
    });
  });

  it('resolves a region named without a commune, and a département standing for its region', async () => {
    const { body } = await getJson(app, '/v1/clubs?limit=100');
    const byId = (id: string) => body.data.find((c: { id: string }) => c.id === id);
    // « l’ex Picardie »: a former region, no commune.
    expect(byId('aprc-picardie')).toMatchObject({
      status: 'unreachable',
      served_region_code: '32',
      served_region_name: 'Hauts-de-France',
      served_region_as_printed: 'Picardie',
      served_former_region_name: 'Picardie',
      former_region_name: null,
      commune: null,
      region_code: null,
    });
    // « la région Nord »: the département Nord, so Hauts-de-France, formerly Nord-Pas-de-Calais.
    expect(byId('club-region-nord')).toMatchObject({
      served_region_code: '32',
      served_region_as_printed: 'Nord',
      served_former_region_name: 'Nord-Pas-de-Calais',
      member_count: 15,
    });
    // No region printed: the region of its département (« Amiens, l'agglomération »: the Somme, no commune).
    expect(byId('club-amiens')).toMatchObject({
      status: 'defunct',
      commune: null,
      departement_code: '80',
      served_region_code: '32',
      served_region_as_printed: null,
      served_former_region_name: 'Picardie',
      former_region_name: 'Picardie',
    });
    expect(byId('structure-poitou-charentes')).toMatchObject({
      served_region_code: '75',
      served_former_region_name: 'Poitou-Charentes',
      staff_count: 2,
    });
    expect(byId('afrc')).toMatchObject({
      kind: 'national_association',
      served_region_code: null,
      served_former_region_name: null,
    });
  });

  it('filters by status, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/clubs?status=defunct')).body)).toEqual(['club-amiens', 'club-des-marguerites']);
    expect(ids((await getJson(app, '/v1/clubs?status=active')).body)).toEqual(['club-angers', 'hub-retail']);
    const several = await getJson(app, '/v1/clubs?status=defunct,unreachable');
    expect(ids(several.body)).toEqual(['aprc-picardie', 'club-amiens', 'club-des-marguerites']);
    expect(several.body.total).toBe(3);
    expect((await getJson(app, '/v1/clubs?status=dormant')).body).toMatchObject({ data: [], total: 0 });
  });

  it('filters by kind, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/clubs?kind=national_association')).body)).toEqual(['afrc', 'amarc', 'inrc']);
    expect(ids((await getJson(app, '/v1/clubs?kind=cluster')).body)).toEqual(['hub-retail']);
    expect(ids((await getJson(app, '/v1/clubs?kind=cluster,national_association')).body)).toEqual([
      'afrc',
      'amarc',
      'hub-retail',
      'inrc',
    ]);
    expect((await getJson(app, '/v1/clubs?kind=regional_club')).body.total).toBe(7);
  });

  it('filters by a former region, narrower than today’s region', async () => {
    const picardie = await getJson(app, '/v1/clubs?region=Picardie');
    expect(ids(picardie.body)).toEqual(['aprc-picardie', 'club-amiens']);
    expect(picardie.body.total).toBe(2);
    expect(ids((await getJson(app, '/v1/clubs?region=Nord-Pas-de-Calais')).body)).toEqual(['club-region-nord']);
    const hautsDeFrance = await getJson(app, '/v1/clubs?region=32');
    expect(ids(hautsDeFrance.body)).toEqual(['aprc-picardie', 'club-amiens', 'club-region-nord']);
    expect(ids((await getJson(app, '/v1/clubs?region=Hauts-de-France')).body)).toEqual(ids(hautsDeFrance.body));
  });

  it('filters by today’s region, by code or name, and by the former region it replaced', async () => {
    const byCode = await getJson(app, '/v1/clubs?region=84');
    expect(ids(byCode.body)).toEqual(['cprc-rhone-alpes', 'hub-retail']);
    expect(ids((await getJson(app, '/v1/clubs?region=Auvergne-Rhône-Alpes')).body)).toEqual(ids(byCode.body));
    expect(ids((await getJson(app, '/v1/clubs?region=Rhône-Alpes')).body)).toEqual(ids(byCode.body));
    expect(ids((await getJson(app, '/v1/clubs?region=52')).body)).toEqual(['club-angers', 'club-des-marguerites']);
  });

  it('takes several regions, of either form, meaning any', async () => {
    expect(ids((await getJson(app, '/v1/clubs?region=Picardie,84')).body)).toEqual([
      'aprc-picardie',
      'club-amiens',
      'cprc-rhone-alpes',
      'hub-retail',
    ]);
    expect(ids((await getJson(app, '/v1/clubs?region=52,75')).body)).toEqual([
      'club-angers',
      'club-des-marguerites',
      'structure-poitou-charentes',
    ]);
  });

  it('combines different filters, all of them applying', async () => {
    expect(ids((await getJson(app, '/v1/clubs?region=Picardie&status=defunct')).body)).toEqual(['club-amiens']);
    expect(ids((await getJson(app, '/v1/clubs?region=84&kind=regional_club')).body)).toEqual(['cprc-rhone-alpes']);
    expect(ids((await getJson(app, '/v1/clubs?status=active&kind=cluster')).body)).toEqual(['hub-retail']);
    expect(ids((await getJson(app, '/v1/clubs?status=defunct,active&region=52&kind=regional_club')).body)).toEqual([
      'club-angers',
      'club-des-marguerites',
    ]);
    expect((await getJson(app, '/v1/clubs?region=32&kind=national_association')).body).toMatchObject({
      data: [],
      total: 0,
    });
  });

  it('rejects a region it does not know', async () => {
    const { status, body } = await getJson(app, '/v1/clubs?region=Atlantide');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ in: 'query', name: 'region', message: "unknown region 'Atlantide'" }]);
  });

  it('sorts by member count, largest first with a minus, unknown counts last in both orders', async () => {
    const descending = await getJson(app, '/v1/clubs?sort=-member_count&limit=100');
    const counts = descending.body.data.map((c: { member_count: number | null }) => c.member_count);
    expect(descending.body.data[0]).toMatchObject({ id: 'cprc-rhone-alpes', member_count: 350 });
    expect(descending.body.data.slice(0, 3).map((c: { id: string }) => c.id)).toEqual([
      'cprc-rhone-alpes',
      'club-angers',
      'club-region-nord',
    ]);
    expect(counts).toEqual([350, 30, 15, ...Array(8).fill(null)]);
    const ascending = await getJson(app, '/v1/clubs?sort=member_count&limit=100');
    expect(ascending.body.data.slice(0, 3).map((c: { id: string }) => c.id)).toEqual([
      'club-region-nord',
      'club-angers',
      'cprc-rhone-alpes',
    ]);
    const ascendingCounts = ascending.body.data.map((c: { member_count: number | null }) => c.member_count);
    expect(ascendingCounts).toEqual([15, 30, 350, ...Array(8).fill(null)]);
  });

  it('sorts by name in French order, and descending with a minus', async () => {
    const ascending = await getJson(app, '/v1/clubs?limit=100&sort=name');
    expect(ascending.body.data.map((c: { id: string }) => c.id)).toEqual([
      'afrc',
      'amarc',
      'aprc-picardie',
      'club-amiens',
      'club-angers',
      'club-region-nord',
      'club-des-marguerites',
      'cprc-rhone-alpes',
      'hub-retail',
      'inrc',
      'structure-poitou-charentes',
    ]);
    const byDefault = await getJson(app, '/v1/clubs?limit=100');
    expect(byDefault.body.data.map((c: { id: string }) => c.id)).toEqual(
      ascending.body.data.map((c: { id: string }) => c.id),
    );
    const descending = await getJson(app, '/v1/clubs?limit=100&sort=-name');
    expect(descending.body.data.map((c: { id: string }) => c.id)).toEqual(
      ascending.body.data.map((c: { id: string }) => c.id).reverse(),
    );
  });

  it('pages through every club exactly once, with a stable total, for each sort', async () => {
    for (const sort of [
      'name',
      '-name',
      'member_count',
      '-member_count',
      'created_at',
      '-created_at',
      'updated_at',
      '-updated_at',
    ]) {
      const { rows, pages, totals } = await collectPages(app, `/v1/clubs?limit=2&sort=${sort}`);
      expect(rows.map((r) => r.id).sort(), sort).toEqual(seedClubs.map((c) => c.id).sort());
      expect(pages).toBe(6);
      expect(new Set(totals)).toEqual(new Set([11]));
      const whole = await getJson(app, `/v1/clubs?limit=100&sort=${sort}`);
      expect(
        rows.map((r) => r.id),
        sort,
      ).toEqual(whole.body.data.map((c: { id: string }) => c.id));
    }
    // Many clubs share an unknown member count: the id keeps pages apart.
    const { rows } = await collectPages(
      app,
      '/v1/clubs?limit=3&sort=-member_count&kind=regional_club,national_association',
    );
    expect(rows.map((r) => r.id)).toEqual([
      'cprc-rhone-alpes',
      'club-angers',
      'club-region-nord',
      'structure-poitou-charentes',
      'inrc',
      'club-des-marguerites',
      'club-amiens',
      'aprc-picardie',
      'amarc',
      'afrc',
    ]);
  });
});

describe('GET /v1/clubs/{id}', () => {
  it('returns a club with its officers and member count', async () => {
    const { status, body } = await getJson(app, '/v1/clubs/cprc-rhone-alpes');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'cprc-rhone-alpes',
      name: 'CPRC Rhône-Alpes',
      member_count: 350,
      served_region_code: '84',
    });
    expect(body.officers).toEqual([
      {
        role_id: expect.any(Number),
        person_id: 'fabrice-mabru',
        person_name: 'Fabrice Mabru',
        title: 'président',
        current: true,
        source_id: 'en-contact-spotlight-14-clubs-regionaux-relation-client',
        quote: 'Son président, un peu trop inamovible au goût de certains (Fabrice Mabru)',
      },
    ]);
    expect(body.affiliations).toEqual([]);
    expect(body.citations).toHaveLength(3);
  });

  it('returns a cluster with its members, each quoted', async () => {
    const { body } = await getJson(app, '/v1/clubs/hub-retail');
    expect(body).toMatchObject({
      kind: 'cluster',
      status: 'active',
      // The article places its founder in Grenoble, not the cluster: in Rhône-Alpes, its commune unknown.
      commune: null,
      departement_code: null,
      served_region_as_printed: 'Rhône-Alpes',
    });
    const quote = 'King Jouet, Spartoo, Allopneus, GEM (Grenoble école de management) en sont des membres assidus.';
    expect(body.affiliations).toEqual(
      ['King Jouet', 'Spartoo', 'Allopneus', 'GEM (Grenoble école de management)'].map((name) => ({
        relation: 'member',
        name,
        operator_id: null,
        source_id: 'en-contact-spotlight-14-clubs-regionaux-relation-client',
        quote,
      })),
    );
    expect(body.officers).toEqual([
      expect.objectContaining({ person_id: 'olivier-bourgeois', person_name: 'Olivier Bourgeois', current: true }),
    ]);
  });

  it('links a supporter that is an operator of the directory', async () => {
    const { body } = await getJson(app, '/v1/clubs/club-angers');
    expect(body).toMatchObject({ member_count: 30, status: 'active', commune: 'Angers', served_region_code: '52' });
    expect(body.affiliations).toEqual([
      {
        relation: 'supporter',
        name: 'Aldev',
        operator_id: 'aldev',
        source_id: 'en-contact-spotlight-14-clubs-regionaux-relation-client',
        quote: 'peut-être grâce au soutien de l’Aldev',
      },
    ]);
  });

  it('quotes its sources verbatim in every citation and sourced fact, for every club', async () => {
    await expectSeededCitationsVerbatim(app, 'clubs', seedClubs, (body) => {
      const seeded = seedClubs.find((c: { id: string }) => c.id === body.id);
      expect(body.affiliations, body.id).toHaveLength(seeded?.affiliations.length ?? -1);
      return [...body.officers, ...body.affiliations];
    });
  });

  it('answers 404 for an unknown club', async () => {
    const { status, body } = await getJson(app, '/v1/clubs/no-such-club');
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('clubs with rows added', () => {
  it('pages through many clubs of equal member count, in both directions', async () => {
    const made: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [row] = await db
        .insert(clubs)
        .values({
          id: uniqueId('test-club'),
          name: `Club ${i % 3}`,
          kind: 'cluster',
          ...resolveCommune('Amiens'),
          served_region_code: '32',
          served_former_region_name: 'Picardie',
          member_count: i % 2 ? 40 : null,
        })
        .returning();
      made.push(row!.id);
    }
    for (const sort of ['member_count', '-member_count', 'name', '-name']) {
      const { rows, pages, totals } = await collectPages(
        app,
        `/v1/clubs?kind=cluster&region=Picardie&limit=5&sort=${sort}`,
      );
      expect(rows.map((r) => r.id).sort(), sort).toEqual(made.sort());
      expect(pages).toBe(3);
      expect(new Set(totals)).toEqual(new Set([12]));
    }
    const { rows } = await collectPages(app, '/v1/clubs?kind=cluster&region=Picardie&limit=5&sort=-member_count');
    expect((rows as unknown as { member_count: number | null }[]).map((r) => r.member_count)).toEqual([
      ...Array(6).fill(40),
      ...Array(6).fill(null),
    ]);
  });
});
