// A site's position is checked against its commune wherever it enters: the API's writes (POST, PATCH), the batch
// envelope, and `npm run import`. Refused: a position farther from the commune's centre (GeoNames) than a commune
// reaches (60 km; 300 km in Guyane), or outside its territory's area of use; nothing applied. Abroad, no check.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { DomainError } from '../../src/domain/errors.js';
import { departementPositionFault, epsgOfCommune, positionFault } from '../../src/geo/positions.js';
import { createKey } from '../../src/keys/api-keys.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { applyWrites } from '../../src/writes/envelope.js';
import { getJson, testApp } from '../setup/app.js';
import { importCli } from '../setup/import.js';

let app: App;
let db: Db;
let databaseUrl: string;
let key = '';

beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
});

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const citations = [{ source, quote: 'IPG Contacts Services est une deuxième entité', fields: [] }];

function send(method: 'POST' | 'PATCH', url: string, body: object) {
  const headers = { authorization: `Bearer ${key}`, ...(method === 'PATCH' ? { 'if-match': '*' } : {}) };
  return app.inject({ method, url, headers, payload: { ...body, citations } });
}

/** The town hall of Amiens; Strasbourg's cathedral, 422 km away; Rouen, 100 km from its centre. */
const amiens = { latitude: 49.8941, longitude: 2.2958 };
const strasbourg = { latitude: 48.5734, longitude: 7.7521 };
const rouen = { latitude: 49.4431, longitude: 1.0993 };
const inAmiens = (id: string, position: object) => ({
  id,
  name: `Plateau position ${id}`,
  commune: 'Amiens',
  status: 'open',
  ...position,
  coordinates_precision: 'exact',
});

const farFromAmiens = (lat: number, lng: number, km: number) =>
  `the position ${lat}, ${lng} is ${km} km from the centre of Amiens (80021, GeoNames 3037854), farther than a ` +
  'commune reaches (60 km)';

describe('the check of a position against its commune (src/geo/positions.ts)', () => {
  it('measures from the commune centre, by the reach of its territory', () => {
    expect(positionFault(amiens, '80021')).toBeNull();
    expect(positionFault(strasbourg, '80021')).toBe(
      'is 422 km from the centre of Amiens (80021, GeoNames 3037854), farther than a commune reaches (60 km)',
    );
    // Cayenne is about 230 km from Maripasoula's town: inside Guyane's 300 km, refused anywhere else.
    expect(positionFault({ latitude: 4.9224, longitude: -52.3135 }, '97353')).toBeNull();
    // An arrondissement's code is measured from its commune's centre when GeoNames does not place it.
    expect(positionFault({ latitude: 48.8566, longitude: 2.3522 }, '75116')).toBeNull();
  });

  it("checks a commune GeoNames does not place against its département's nearest place", () => {
    expect(positionFault(strasbourg, '80002')).toBe(
      "is 364 km from Ham (GeoNames 3014029), the nearest place of Ablaincourt-Pressoir's département 80, " +
        'farther than a commune reaches (60 km)',
    );
  });

  it('checks a territory GeoNames does not place, and a place in France without commune, by the areas of use', () => {
    expect(positionFault({ latitude: 46.7785, longitude: -56.1773 }, '97502')).toBeNull();
    expect(positionFault(strasbourg, '97502')).toBe(
      'is outside the area of use of RGSPM06 / UTM zone 21N (Saint-Pierre-et-Miquelon: latitude 43.41 to 47.37, ' +
        'longitude -57.1 to -55.9)',
    );
    expect(positionFault({ latitude: 50.6292, longitude: 3.0573 }, null)).toBeNull();
    expect(positionFault({ latitude: 0, longitude: 0 }, null)).toBe(
      "is in none of the areas of use of France's legal projections (project-legal)",
    );
  });

  it('checks the Pacific territories in their own projections, never in Lambert-93', () => {
    // Nouméa's town hall, and Papeete's: each inside its territory's projections (before: « outside Lambert-93 »).
    const noumea = { latitude: -22.2758, longitude: 166.458 };
    const papeete = { latitude: -17.535, longitude: -149.5696 };
    expect(epsgOfCommune('98818')).toBe(3163);
    expect(positionFault(noumea, '98818')).toBeNull();
    expect(positionFault(strasbourg, '98818')).toBe(
      'is outside the area of use of RGNC91-93 / Lambert New Caledonia (Nouvelle Calédonie: latitude -22.75 to ' +
        '-19.54, longitude 163.55 to 168.2)',
    );
    // French Polynesia spans four UTM zones: its communes' codes choose none, a position may be in any of them.
    expect(epsgOfCommune('98735')).toBeNull();
    expect(positionFault(papeete, '98735')).toBeNull();
    expect(positionFault(strasbourg, '98735')).toBe(
      "is outside the areas of use of the legal projections of commune 98735's territory: RGPF / UTM zone 5S " +
        '(EPSG 3296), RGPF UTM zone 6S (EPSG 3297), RGPF UTM zone 7S (EPSG 3298), RGPF UTM zone 8S (EPSG 3299)',
    );
    expect(departementPositionFault(noumea, '987')).toBe(
      'is outside the areas of use of the legal projections of the département 987: RGPF / UTM zone 5S ' +
        '(EPSG 3296), RGPF UTM zone 6S (EPSG 3297), RGPF UTM zone 7S (EPSG 3298), RGPF UTM zone 8S (EPSG 3299)',
    );
    // The TAAF have no legal projection: nothing to check a position against, refused rather than guessed.
    expect(epsgOfCommune('98412')).toBeNull();
    expect(positionFault({ latitude: -49.35, longitude: 70.22 }, '98412')).toBe(
      "cannot be checked: commune 98412's territory has no legal projection (project-legal)",
    );
  });
});

describe('the API refuses a position its commune cannot have, with a 422, nothing applied', () => {
  it('takes a site in Amiens placed in Amiens', async () => {
    const created = await send('POST', '/v1/sites', inAmiens('pos-amiens', amiens));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ commune: 'Amiens', ...amiens });
  });

  it('refuses a site in Amiens placed near Strasbourg, naming latitude, the distance and the commune', async () => {
    const refused = await send('POST', '/v1/sites', inAmiens('pos-strasbourg', strasbourg));
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const message = farFromAmiens(48.5734, 7.7521, 422);
    expect(refused.json()).toMatchObject({
      status: 422,
      code: 'unprocessable',
      detail: `latitude: ${message}`,
      errors: [{ in: 'body', name: 'latitude', message }],
    });
    expect((await getJson(app, '/v1/sites/pos-strasbourg')).status).toBe(404);
  });

  it('refuses 0, 0 in Amiens: outside Lambert-93’s area of use', async () => {
    const refused = await send('POST', '/v1/sites', inAmiens('pos-zero', { latitude: 0, longitude: 0 }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        in: 'body',
        name: 'latitude',
        message:
          'the position 0, 0 is outside the area of use of RGF93 / Lambert-93 (France métropolitaine: latitude ' +
          '41.15 to 51.56, longitude -9.86 to 10.38)',
      },
    ]);
  });

  it('refuses a PATCH moving the position out of the commune, naming the field sent', async () => {
    const refused = await send('PATCH', '/v1/sites/pos-amiens', { longitude: rouen.longitude });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { in: 'body', name: 'longitude', message: farFromAmiens(49.8941, 1.0993, 86) },
    ]);
    expect((await getJson(app, '/v1/sites/pos-amiens')).body).toMatchObject(amiens);
  });

  it('refuses a PATCH changing the commune of a placed site, and takes it with the new position', async () => {
    const refused = await send('PATCH', '/v1/sites/pos-amiens', { commune: 'Strasbourg' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        in: 'body',
        name: 'latitude',
        message:
          'the position 49.8941, 2.2958 is 421 km from the centre of Strasbourg (67482, GeoNames 2973783), farther ' +
          'than a commune reaches (60 km)',
      },
    ]);
    expect((await getJson(app, '/v1/sites/pos-amiens')).body).toMatchObject({ commune: 'Amiens', ...amiens });
    const moved = await send('PATCH', '/v1/sites/pos-amiens', { commune: 'Strasbourg', ...strasbourg });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ commune: 'Strasbourg', code_commune: '67482', ...strasbourg });
  });

  it('does not check a site abroad, where no reference geography places the city', async () => {
    const abroad = { country: 'MA', commune: 'Rabat', latitude: 0, longitude: 0 };
    const created = await send('POST', '/v1/sites', { ...inAmiens('pos-rabat', {}), ...abroad });
    expect(created.statusCode, created.body).toBe(201);
  });
});

describe('the batch envelope and npm run import check it too', () => {
  const actor = { name: 'test', keyId: null };
  const create = (id: string, position: object) => {
    const { id: _, ...input } = siteWrites.createBody.parse({ ...inAmiens(id, position), citations });
    return { action: 'create' as const, id, input, citations };
  };

  it('refuses a batch with one site placed far from its commune, naming the operation; nothing applied', async () => {
    const batch = applyWrites({ db, actor }, siteWrites.spec, [
      create('pos-batch-good', amiens),
      create('pos-batch-bad', rouen),
    ]);
    const refused = await batch.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'unprocessable',
      op: 1,
      errors: [{ in: 'body', name: 'latitude', message: farFromAmiens(49.4431, 1.0993, 100) }],
    });
    expect((await getJson(app, '/v1/sites/pos-batch-good')).status).toBe(404);
  });

  it('names the line and column of a row placed far from its commune; nothing applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-positions-'));
    const file = path.join(dir, 'sites.csv');
    const header = 'id;name;commune;status;latitude;longitude;coordinates_precision;citation_source;citation_quote';
    const row = (id: string, lat: number, lng: number) =>
      `${id};Plateau ${id};Amiens;open;${lat};${lng};exact;${source};IPG Contacts Services est une deuxième entité`;
    await writeFile(
      file,
      [header, row('pos-import-good', 49.8941, 2.2958), row('pos-import-bad', 48.5734, 7.7521)].join('\n'),
    );
    const run = importCli(databaseUrl, file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`line 3: latitude: ${farFromAmiens(48.5734, 7.7521, 422)}`);
    expect((await getJson(app, '/v1/sites/pos-import-good')).status).toBe(404);
  }, 60_000);
});

describe('a site placed in its département alone (commune unknown) is placed in that département', () => {
  const inSomme = (id: string, position: object) => ({
    id,
    name: `Plateau somme ${id}`,
    departement: '80',
    status: 'open',
    ...position,
  });
  const marseille = { latitude: 43.3, longitude: 5.4 };
  const farFromSomme =
    'the position 43.3, 5.4 is 738 km from Montdidier (GeoNames 2992760), the nearest place of the département 80 ' +
    '(Somme), farther than a commune reaches (60 km)';

  it('checks the position against the places of the département (src/geo/positions.ts)', () => {
    expect(departementPositionFault(amiens, '80')).toBeNull();
    expect(departementPositionFault(marseille, '13')).toBeNull();
    expect(departementPositionFault(marseille, '80')).toBe(farFromSomme.replace('the position 43.3, 5.4 ', ''));
  });

  it('refuses, in POST, PATCH and a batch, a position of another region, naming latitude; nothing applied', async () => {
    const refused = await send('POST', '/v1/sites', inSomme('pos-somme-far', marseille));
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      detail: `latitude: ${farFromSomme}`,
      errors: [{ in: 'body', name: 'latitude', message: farFromSomme }],
    });
    expect((await getJson(app, '/v1/sites/pos-somme-far')).status).toBe(404);
    const created = await send('POST', '/v1/sites', inSomme('pos-somme', amiens));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ departement_code: '80', commune: null, ...amiens });
    const moved = await send('PATCH', '/v1/sites/pos-somme', marseille);
    expect(moved.statusCode).toBe(422);
    expect(moved.json().errors).toEqual([{ in: 'body', name: 'latitude', message: farFromSomme }]);
    const actor = { name: 'test', keyId: null };
    const { id: _, ...input } = siteWrites.createBody.parse({ ...inSomme('pos-somme-batch', marseille), citations });
    const batch = applyWrites({ db, actor }, siteWrites.spec, [
      { action: 'create', id: 'pos-somme-batch', input, citations },
    ]);
    await expect(batch).rejects.toMatchObject({ errors: [{ name: 'latitude', message: farFromSomme }] });
  });

  it('names the line of an imported row placed out of its département', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-positions-'));
    const file = path.join(dir, 'sites.csv');
    const header = 'id;name;departement;status;latitude;longitude;citation_source;citation_quote';
    await writeFile(file, [header, `pos-somme-import;Plateau somme import;80;open;43.3;5.4;${source};x`].join('\n'));
    const run = importCli(databaseUrl, file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`line 2: latitude: ${farFromSomme}`);
  }, 60_000);
});

describe("a writer's position is exact unless it says otherwise", () => {
  it('takes latitude and longitude alone, stored exact (no undocumented coordinates_precision)', async () => {
    const body = { id: 'pos-abbeville', name: 'Geo Abbeville', commune: 'Abbeville', status: 'open' };
    const created = await send('POST', '/v1/sites', { ...body, latitude: 50.1054, longitude: 1.8332 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ latitude: 50.1054, longitude: 1.8332, coordinates_precision: 'exact' });
  });

  it('makes a position sent by a PATCH exact, an approximate one kept when said so, a removed one without any', async () => {
    const approximate = await send('PATCH', '/v1/sites/pos-abbeville', {
      latitude: 50.106,
      longitude: 1.834,
      coordinates_precision: 'approximate',
    });
    expect(approximate.json()).toMatchObject({ coordinates_precision: 'approximate' });
    const renamed = await send('PATCH', '/v1/sites/pos-abbeville', { name: 'Geo Abbeville 2' });
    expect(renamed.json()).toMatchObject({ coordinates_precision: 'approximate' });
    const moved = await send('PATCH', '/v1/sites/pos-abbeville', { latitude: 50.1054 });
    expect(moved.json()).toMatchObject({ latitude: 50.1054, longitude: 1.834, coordinates_precision: 'exact' });
    const removed = await send('PATCH', '/v1/sites/pos-abbeville', { latitude: null, longitude: null });
    expect(removed.json()).toMatchObject({ latitude: null, longitude: null, coordinates_precision: null });
  });

  it('names the missing field: the other coordinate, or the position of a precision', async () => {
    const body = { name: 'Geo Abbeville half', commune: 'Abbeville', status: 'open' };
    const half = await send('POST', '/v1/sites', { ...body, latitude: 50.1054 });
    expect(half.statusCode).toBe(422);
    expect(half.json().errors).toEqual([
      { in: 'body', name: 'longitude', message: 'is required with latitude: a position is both' },
    ]);
    const precision = await send('POST', '/v1/sites', { ...body, coordinates_precision: 'exact' });
    expect(precision.statusCode).toBe(422);
    expect(precision.json().errors).toEqual([
      {
        in: 'body',
        name: 'coordinates_precision',
        message: 'is the precision of a position: send latitude and longitude with it',
      },
    ]);
  });
});
