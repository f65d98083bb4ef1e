// Writing proceedings: create, the practitioners linked to them, merges (of a
// proceeding and of a practitioner it names).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

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
      citations: cite(may2020, 'Mavic, Tie-Rack y sont apparues ces dernières semaines'),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ in: 'body', name: 'acquirer', message: "unknown operator 'nobody'" }]);
  });
});

describe('links', () => {
  it('links a practitioner to a proceeding once, and unlinks it', async () => {
    const link = () =>
      send('POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', {
        mandataire: 'helene-bourbouloux',
        role: 'administrateur_judiciaire',
        citation: { source: may2020, quote: 'Mavic, Tie-Rack y sont apparues ces dernières semaines' },
      });
    expect((await link()).statusCode).toBe(204);
    expect((await link()).statusCode).toBe(409);
    const proceeding = (await getJson(app, '/v1/proceedings/mavic-en-difficulte-2020')).body;
    expect(proceeding.practitioners).toEqual([
      expect.objectContaining({ id: 'helene-bourbouloux', role: 'administrateur_judiciaire' }),
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

describe('merging clubs, mandataires and proceedings', () => {
  it('merges a duplicate proceeding and a duplicate practitioner, keeping one link each', async () => {
    const dup =
      // Not the same words as mavic-en-difficulte-2020: those are refused as its duplicate (409), id or not.
      (
        await send('POST', '/v1/proceedings', {
          id: 'mavic-doublon',
          company_name: 'Mavic (doublon)',
          kind: 'en_difficulte',
          citations: cite(may2020, 'Mavic, Tie-Rack y sont apparues ces dernières semaines'),
        })
      ).json();
    const link = (proceeding: string, mandataire: string) =>
      send('POST', `/v1/proceedings/${proceeding}/practitioners`, {
        mandataire,
        citation: { source: may2020, quote: 'Mavic, Tie-Rack y sont apparues ces dernières semaines' },
      });
    expect((await link(dup.id, 'rousselet')).statusCode).toBe(204);
    expect((await link('mavic-en-difficulte-2020', 'rousselet')).statusCode).toBe(204);
    const mergedProceeding = await send(
      'POST',
      `/v1/proceedings/${dup.id}/merge`,
      {
        into: 'mavic-en-difficulte-2020',
        citations: cite(may2020, 'Mavic, Tie-Rack y sont apparues ces dernières semaines'),
      },
      { 'if-match': '"v2"' },
    );
    expect(mergedProceeding.statusCode).toBe(200);
    expect(mergedProceeding.json().practitioners.map((p: { id: string }) => p.id)).toEqual(['rousselet']);

    const twin = (
      await send('POST', '/v1/mandataires', {
        name: 'Rousselet (doublon)',
        kind: 'practitioner',
        citations: cite(may2020, 'Rousselet, l’étude Meynet'),
      })
    ).json();
    expect((await link('mavic-en-difficulte-2020', twin.id)).statusCode).toBe(204);
    const mergedPractitioner = await send(
      'POST',
      `/v1/mandataires/${twin.id}/merge`,
      { into: 'rousselet', citations: cite(may2020, 'Rousselet, l’étude Meynet') },
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
