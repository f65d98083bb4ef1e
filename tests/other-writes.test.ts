// Writing clubs, mandataires and proceedings, and the auth matrix of every write endpoint.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Db } from '../src/db/client.js';
import { createKey, revokeKey } from '../src/keys/api-keys.js';
import { getJson, testApp } from './setup/app.js';
import { writer } from './setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const spotlight = 'en-contact-spotlight-14-clubs-regionaux-relation-client';
const may2020 = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
const cite = (source: string, quote: string) => [{ source, quote }];

describe('clubs', () => {
  it('creates a club serving a former region, changes it with If-Match, and deletes it', async () => {
    const created = await send('POST', '/v1/clubs', {
      name: 'Club des directeurs de Picardie maritime',
      kind: 'regional_club',
      region: 'Picardie',
      commune: 'Abbeville',
      member_count: 12,
      member_count_as_of: '2024',
      status: 'active',
      citations: cite(spotlight, 'APRC Picardie'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      served_region_code: '32',
      served_former_region_name: 'Picardie',
      code_commune: '80001',
      member_count: 12,
    });
    const id = created.json().id;
    const changed = await send(
      'PATCH',
      `/v1/clubs/${id}`,
      { status: 'dormant', status_as_of: '2025-01', citations: cite(spotlight, 'APRC Picardie') },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      status: 'dormant',
      member_count: 12,
      served_former_region_name: 'Picardie',
    });
    expect(
      (await getJson(app, `/v1/clubs?region=Picardie&status=dormant`)).body.data.map((c: { id: string }) => c.id),
    ).toEqual([id]);
    expect((await send('DELETE', `/v1/clubs/${id}`, undefined, { 'if-match': '"v2"' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/clubs/${id}` })).statusCode).toBe(410);
  });

  it.each([
    [{ member_count: -3 }, 400, 'member_count'],
    [{ region: 'Atlantide' }, 422, 'region'],
    [{ website: 'not a url' }, 400, 'website'],
  ])('refuses %j', async (overrides, status, name) => {
    const response = await send('POST', '/v1/clubs', {
      name: 'Club test',
      kind: 'regional_club',
      citations: cite(spotlight, 'APRC Picardie'),
      ...overrides,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().errors.map((e: { name: string }) => e.name)).toContain(name);
  });
});

describe('mandataires', () => {
  it('creates a practitioner in a firm with a phone number given any French way', async () => {
    const created = await send('POST', '/v1/mandataires', {
      name: 'Maître Exemple',
      kind: 'practitioner',
      profession: 'mandataire_judiciaire',
      firm: 'etude-meynet',
      phone: '+33 1 23 45 67 89',
      citations: cite(may2020, 'l’étude Meynet'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ phone: '0123456789', firm: { id: 'etude-meynet', name: 'Étude Meynet' } });
    expect((await getJson(app, '/v1/mandataires/etude-meynet')).body.members).toContainEqual({
      id: created.json().id,
      name: 'Maître Exemple',
    });
    // A firm with members is not deleted.
    const meynet = await app.inject({ method: 'GET', url: '/v1/mandataires/etude-meynet' });
    const refused = await send('DELETE', '/v1/mandataires/etude-meynet', undefined, {
      'if-match': meynet.headers.etag as string,
    });
    expect(refused.statusCode).toBe(409);
  });

  it.each([
    [{ phone: '12 34' }, 'phone', "'12 34' is not a French phone number"],
    [{ firm: 'helene-bourbouloux' }, 'firm', "'helene-bourbouloux' is not a firm"],
    [{ firm: 'nobody-firm' }, 'firm', "unknown mandataire 'nobody-firm'"],
  ])('refuses %j with a 422', async (overrides, name, message) => {
    const response = await send('POST', '/v1/mandataires', {
      name: 'Maître Test',
      kind: 'practitioner',
      citations: cite(may2020, 'l’étude Meynet'),
      ...overrides,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ in: 'body', name, message }]);
  });
});

describe('proceedings', () => {
  it('creates a proceeding of an operator, and refuses an unknown acquirer', async () => {
    const created = await send('POST', '/v1/proceedings', {
      company_name: 'Phone Marketing',
      operator: 'phone-marketing',
      kind: 'redressement_judiciaire',
      date: '2011-03',
      court: 'Tribunal de commerce de Chartres',
      citations: cite('a-contre-courant-centres-appels-rapatries', 'Phone Marketing'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'phone-marketing-redressement-judiciaire-2011-03',
      operator: { id: 'phone-marketing' },
    });
    expect((await getJson(app, '/v1/operators/phone-marketing')).body.proceedings).toContainEqual(
      expect.objectContaining({ relation: 'company', kind: 'redressement_judiciaire' }),
    );
    const bad = await send('POST', '/v1/proceedings', {
      company_name: 'X',
      kind: 'sauvegarde',
      acquirer: 'nobody',
      citations: cite(may2020, 'Mavic'),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ in: 'body', name: 'acquirer', message: "unknown operator 'nobody'" }]);
  });
});

describe('the auth matrix', () => {
  const endpoints = [
    ['POST', '/v1/sites'],
    ['PATCH', '/v1/sites/ipg-roubaix'],
    ['DELETE', '/v1/sites/ipg-roubaix'],
    ['POST', '/v1/sites/ipg-roubaix/merge'],
    ['POST', '/v1/operators'],
    ['PATCH', '/v1/operators/koramic'],
    ['DELETE', '/v1/operators/koramic'],
    ['POST', '/v1/clubs'],
    ['PATCH', '/v1/clubs/afrc'],
    ['DELETE', '/v1/clubs/afrc'],
    ['POST', '/v1/mandataires'],
    ['PATCH', '/v1/mandataires/cnajmj'],
    ['DELETE', '/v1/mandataires/cnajmj'],
    ['POST', '/v1/proceedings'],
    ['PATCH', '/v1/proceedings/mavic-en-difficulte-2020'],
    ['DELETE', '/v1/proceedings/mavic-en-difficulte-2020'],
  ] as const;

  it.each(endpoints)('%s %s: no key 401, bad key 401, revoked 403, write key passes auth', async (method, url) => {
    const { key: revoked, id } = await createKey(db, { name: 'revoked', scope: 'write' });
    await revokeKey(db, id);
    const { key: good } = await createKey(db, { name: 'good', scope: 'write' });
    const call = (headers: Record<string, string>) => app.inject({ method, url, headers, payload: {} });
    expect((await call({})).statusCode).toBe(401);
    expect((await call({ authorization: 'Bearer plt_00000000_nope' })).statusCode).toBe(401);
    expect((await call({ authorization: `Bearer ${revoked}` })).statusCode).toBe(403);
    // Past authentication, the empty body or the missing If-Match is what gets refused.
    expect([400, 422, 428]).toContain((await call({ authorization: `Bearer ${good}` })).statusCode);
  });
});

describe('links', () => {
  it('names an officer of a club, shown on the club and found by search, then removes it', async () => {
    const added = await send('POST', '/v1/clubs/amarc/officers', {
      person: { name: 'Odile Exemple' },
      title: 'présidente',
      current: true,
      citation: { source: spotlight, quote: 'l’AMARC' },
    });
    expect(added.statusCode).toBe(201);
    const { role_id, person_id } = added.json();
    const club = (await getJson(app, '/v1/clubs/amarc')).body;
    expect(club.officers).toContainEqual(
      expect.objectContaining({ role_id, person_id, person_name: 'Odile Exemple', title: 'présidente', current: true }),
    );
    const history = (await getJson(app, '/v1/clubs/amarc/history')).body.data;
    expect(history.at(-1)).toMatchObject({
      action: 'update',
      citations: [expect.objectContaining({ fields: ['officers'] })],
    });

    expect((await send('DELETE', `/v1/clubs/amarc/officers/${role_id}`)).statusCode).toBe(204);
    expect((await getJson(app, '/v1/clubs/amarc')).body.officers).not.toContainEqual(
      expect.objectContaining({ role_id }),
    );
    expect((await send('DELETE', `/v1/clubs/amarc/officers/${role_id}`)).statusCode).toBe(404);
  });

  it('links a practitioner to a proceeding once, and unlinks it', async () => {
    const link = () =>
      send('POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', {
        mandataire: 'helene-bourbouloux',
        role: 'administrateur judiciaire',
        citation: { source: may2020, quote: 'Mavic' },
      });
    expect((await link()).statusCode).toBe(204);
    expect((await link()).statusCode).toBe(409);
    const proceeding = (await getJson(app, '/v1/proceedings/mavic-en-difficulte-2020')).body;
    expect(proceeding.practitioners).toEqual([
      expect.objectContaining({ id: 'helene-bourbouloux', role: 'administrateur judiciaire' }),
    ]);
    expect(
      (await getJson(app, '/v1/proceedings?mandataire=helene-bourbouloux')).body.data.map((p: { id: string }) => p.id),
    ).toEqual(['mavic-en-difficulte-2020']);
    expect(
      (await send('DELETE', '/v1/proceedings/mavic-en-difficulte-2020/practitioners/helene-bourbouloux')).statusCode,
    ).toBe(204);
    expect((await getJson(app, '/v1/proceedings/mavic-en-difficulte-2020')).body.practitioners).toEqual([]);
  });

  it.each([
    [
      '/v1/clubs/amarc/officers',
      { person: 'nobody-known', title: 'x', citation: { source: spotlight, quote: 'x' } },
      422,
      'person',
    ],
    [
      '/v1/proceedings/mavic-en-difficulte-2020/practitioners',
      { mandataire: 'nobody-known', citation: { source: may2020, quote: 'x' } },
      422,
      'mandataire',
    ],
    ['/v1/clubs/amarc/officers', { person: { name: 'X' }, citation: { source: spotlight, quote: 'x' } }, 400, 'title'],
  ])('refuses a bad link on %s', async (url, body, status, name) => {
    const response = await send('POST', url, body);
    expect(response.statusCode).toBe(status);
    expect(response.json().errors.map((e: { name: string }) => e.name)).toContain(name);
  });

  it('needs a key', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/clubs/amarc/officers', payload: {} })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'DELETE', url: '/v1/proceedings/mavic-en-difficulte-2020/practitioners/x' }))
        .statusCode,
    ).toBe(401);
  });
});

describe('headcounts', () => {
  it('adds a dated, sourced figure to a site, refuses a negative one, and removes it', async () => {
    const added = await send('POST', '/v1/sites/keyyo-abbeville/headcounts', {
      kind: 'employees',
      value: 25,
      as_of: '2010',
      citation: { source: 'a-contre-courant-centres-appels-rapatries', quote: 'en créant 11 emplois nouveaux' },
    });
    expect(added.statusCode).toBe(201);
    const { headcount_id } = added.json();
    const site = (await getJson(app, '/v1/sites/keyyo-abbeville')).body;
    expect(site.headcounts).toContainEqual(
      expect.objectContaining({ id: headcount_id, kind: 'employees', value: 25, as_of: '2010' }),
    );
    expect(site.last_confirmed.headcounts).toEqual(expect.any(String));

    const negative = await send('POST', '/v1/operators/koramic/headcounts', {
      kind: 'employees',
      value: -1,
      citation: { source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote: 'x' },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors).toEqual([{ in: 'body', name: 'value', message: 'must be 0 or more' }]);

    expect((await send('DELETE', `/v1/sites/keyyo-abbeville/headcounts/${headcount_id}`)).statusCode).toBe(204);
    expect((await getJson(app, '/v1/sites/keyyo-abbeville')).body.headcounts).not.toContainEqual(
      expect.objectContaining({ id: headcount_id }),
    );
  });
});

describe('merging clubs, mandataires and proceedings', () => {
  it('merges a duplicate club, moving its officers; the old id answers 308', async () => {
    const dup = (
      await send('POST', '/v1/clubs', {
        name: 'CPRC Rhône Alpes (doublon)',
        kind: 'regional_club',
        region: 'Rhône-Alpes',
        citations: cite(spotlight, 'CPRC Rhône-Alpes'),
      })
    ).json();
    const officer = await send('POST', `/v1/clubs/${dup.id}/officers`, {
      person: 'fabrice-mabru',
      title: 'président',
      citation: { source: spotlight, quote: 'Fabrice Mabru' },
    });
    expect(officer.statusCode).toBe(201);
    const merged = await send(
      'POST',
      `/v1/clubs/${dup.id}/merge`,
      { into: 'cprc-rhone-alpes', citations: cite(spotlight, 'CPRC Rhône-Alpes') },
      { 'if-match': '"v2"' },
    );
    expect(merged.statusCode).toBe(200);
    expect(merged.json().officers.filter((o: { person_id: string }) => o.person_id === 'fabrice-mabru')).toHaveLength(
      2,
    );
    const old = await app.inject({ method: 'GET', url: `/v1/clubs/${dup.id}` });
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe('/v1/clubs/cprc-rhone-alpes');
  });

  it('merges a duplicate proceeding and a duplicate practitioner, keeping one link each', async () => {
    const dup = (
      await send('POST', '/v1/proceedings', {
        company_name: 'Mavic',
        kind: 'en_difficulte',
        citations: cite(may2020, 'Mavic'),
      })
    ).json();
    const link = (proceeding: string, mandataire: string) =>
      send('POST', `/v1/proceedings/${proceeding}/practitioners`, {
        mandataire,
        citation: { source: may2020, quote: 'Mavic' },
      });
    expect((await link(dup.id, 'rousselet')).statusCode).toBe(204);
    expect((await link('mavic-en-difficulte-2020', 'rousselet')).statusCode).toBe(204);
    const mergedProceeding = await send(
      'POST',
      `/v1/proceedings/${dup.id}/merge`,
      { into: 'mavic-en-difficulte-2020', citations: cite(may2020, 'Mavic') },
      { 'if-match': '"v2"' },
    );
    expect(mergedProceeding.statusCode).toBe(200);
    expect(mergedProceeding.json().practitioners.map((p: { id: string }) => p.id)).toEqual(['rousselet']);

    const twin = (
      await send('POST', '/v1/mandataires', {
        name: 'Rousselet (doublon)',
        kind: 'practitioner',
        citations: cite(may2020, 'Rousselet'),
      })
    ).json();
    expect((await link('mavic-en-difficulte-2020', twin.id)).statusCode).toBe(204);
    const mergedPractitioner = await send(
      'POST',
      `/v1/mandataires/${twin.id}/merge`,
      { into: 'rousselet', citations: cite(may2020, 'Rousselet') },
      { 'if-match': '"v1"' },
    );
    expect(mergedPractitioner.statusCode).toBe(200);
    expect(
      (await getJson(app, '/v1/proceedings/mavic-en-difficulte-2020')).body.practitioners.map(
        (p: { id: string }) => p.id,
      ),
    ).toEqual(['rousselet']);
    expect((await app.inject({ method: 'GET', url: `/v1/mandataires/${twin.id}` })).statusCode).toBe(308);
  });
});
