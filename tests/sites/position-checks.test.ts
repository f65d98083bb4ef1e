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
import { positionFault } from '../../src/geo/positions.js';
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
