// Every position Sirene gives is checked before use: numbers, inside its projection's area of use, and near the
// establishment's commune. A row failing is listed in the import report with its line, SIRET and reason; its
// position is not used (the site keeps its better one) and never counts as an update.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { greatCircleKm } from '../../src/geo/distance.js';
import { communeCentres, communeReachKm } from '../../src/geo/positions.js';
import { projectedPosition, wgs84Position } from '../../src/open-data/sirene/coordinates.js';
import type { SireneImportOptions } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { geolocation, importFixtures, stockCsv, stockZip, writeEditedStock } from '../setup/sirene.js';

const cell = (column: string, value: string) => ({ column, cell: value });
const lambert93 = (x: string, y: string, commune: string) =>
  projectedPosition(cell('x', x), cell('y', y), 2154, commune);
const degrees = (latitude: number, longitude: number, commune: string, epsg = 2154) =>
  wgs84Position(cell('y_latitude', String(latitude)), cell('x_longitude', String(longitude)), epsg, commune);

describe('a position checked before use', () => {
  it('converts a good one: Lambert-93 in Amiens, UTM 20N in Fort-de-France', () => {
    expect(lambert93('649353.07', '6977491.51', '80021')).toEqual({
      position: { latitude: 49.8941, longitude: 2.2957 },
    });
    const martinique = projectedPosition(cell('x', '707867.96'), cell('y', '1616749.26'), 5490, '97209');
    expect(martinique).toEqual({ position: { latitude: 14.6161, longitude: -61.0702 } });
  });

  it('refuses a cell that is not a finite decimal number, naming its column', () => {
    expect(lambert93('1e308', '-1e308', '80021')).toEqual({ fault: 'x: « 1e308 » is not a number' });
    expect(lambert93('649353.07', 'abc', '80021')).toEqual({ fault: 'y: « abc » is not a number' });
    expect(lambert93(`1${'0'.repeat(400)}`, '6977491.51', '80021')).toEqual({
      fault: `x: « 1${'0'.repeat(39)}… » is not a finite number`,
    });
  });

  it('refuses a point outside the area of use of its projection (project-legal bounds)', () => {
    expect(lambert93('0', '0', '80021')).toEqual({
      fault:
        'x 0, y 0 (EPSG 2154): latitude -5.983856, longitude -1.363081 is outside the area of use of ' +
        'RGF93 / Lambert-93 (France métropolitaine: latitude 41.15 to 51.56, longitude -9.86 to 10.38)',
    });
  });

  it('refuses a point farther from the commune’s centre than a commune reaches', () => {
    // Strasbourg, for an establishment of Amiens.
    expect(lambert93('1050000', '6840000', '80021')).toEqual({
      fault:
        'x 1050000, y 6840000 (EPSG 2154): latitude 48.565518, longitude 7.74646 is 422 km from the centre of ' +
        'Amiens (80021, GeoNames 3037854), farther than a commune reaches (60 km)',
    });
    // Pointe-à-Pitre (Guadeloupe), in the Antilles' projection, for an establishment of Fort-de-France.
    const guadeloupe = projectedPosition(cell('x', '656770.90'), cell('y', '1796166.18'), 5490, '97209');
    expect(guadeloupe).toEqual({
      fault:
        'x 656770.9, y 1796166.18 (EPSG 5490): latitude 16.2411, longitude -61.5331 is 189 km from the centre of ' +
        'Fort-de-France (97209, GeoNames 3570675), farther than a commune reaches (60 km)',
    });
  });

  it('measures the reach from the GeoNames centre: 60 km, 300 km in Guyane', () => {
    expect(communeReachKm(2154)).toBe(60);
    expect(communeReachKm(5490)).toBe(60);
    expect(communeReachKm(2972)).toBe(300);
    const amiens = communeCentres().get('80021')!;
    expect([amiens.latitude, amiens.longitude]).toEqual([49.9, 2.3]);
    // One degree of latitude is 111.195 km on the sphere: 0.53° north is 58.9 km, 0.56° is 62.3 km.
    expect(greatCircleKm({ lat: 49.9, lng: 2.3 }, { lat: 50.43, lng: 2.3 })).toBeCloseTo(58.93, 2);
    expect(degrees(50.43, 2.3, '80021')).toEqual({ position: { latitude: 50.43, longitude: 2.3 } });
    expect(degrees(50.46, 2.3, '80021')).toEqual({
      fault:
        'y_latitude, x_longitude: latitude 50.46, longitude 2.3 is 62 km from the centre of Amiens (80021, ' +
        'GeoNames 3037854), farther than a commune reaches (60 km)',
    });
  });

  it('checks a commune GeoNames does not place against the places of its département', () => {
    // L'Abergement-Clémenciat (Ain, 01001) has no GeoNames place; Amiens is 432 km from the Ain's nearest.
    expect(communeCentres().has('01001')).toBe(false);
    expect(lambert93('649353.07', '6977491.51', '01001')).toEqual({
      fault:
        'x 649353.07, y 6977491.51 (EPSG 2154): latitude 49.8941, longitude 2.2957 is 432 km from Pont-de-Vaux ' +
        "(GeoNames 2986227), the nearest place of L'Abergement-Clémenciat's département 01, farther than a commune " +
        'reaches (60 km)',
    });
    // Its own village (46.15° N, 4.92° E) is within reach of the Ain's places.
    expect(degrees(46.15, 4.92, '01001')).toEqual({ position: { latitude: 46.15, longitude: 4.92 } });
  });
});

describe('the commune centres (GeoNames) positions are checked against, and given to sites without one', () => {
  it('are French places only: a Belgian or Spanish code of the same number is no INSEE code', () => {
    // Legé (Loire-Atlantique, 44081) shares its number with Zulte's Belgian NIS code (pop. 14,670).
    expect(communeCentres().get('44081')).toMatchObject({ name: 'Legé', latitude: 46.88484, longitude: -1.60127 });
    // Mayotte's places carry their INSEE code as `adminCode`.
    expect(communeCentres().get('97611')).toMatchObject({ name: 'Mamoudzou' });
    // And Saint-Pierre-et-Miquelon's, Wallis-et-Futuna's (by `adminCode`), Saint-Barthélemy's and Saint-Martin's, each
    // one commune (fault 03 of issue 11's second hostile check): 7 more than 8,627.
    expect(communeCentres().size).toBe(8634);
  });
});

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp({ searchIndex: false }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-geo-'));
});

const run = (establishments: string, more: Partial<SireneImportOptions> = {}) =>
  importFixtures(db, establishments, more);
const positionOf = async (id: string) => {
  const { body } = await getJson(app, `/v1/sites/${id}`);
  return [body.latitude, body.longitude, body.coordinates_precision];
};
const header =
  'siret;x;y;qualite_xy;epsg;plg_qp;plg_iris;plg_zus;plg_qva;plg_code_commune;distance_precision;qualite_qp;' +
  'qualite_iris;qualite_zus;qualite_qva;y_latitude;x_longitude';

describe('import:sirene, positions that cannot be right', () => {
  it('lists the geolocation rows whose position cannot be right, uses none of them, and updates nothing', async () => {
    await run(stockZip);
    const before = {
      amiens: await positionOf('contacts-du-nord-81234567600025'),
      callweb: await positionOf('callweb-amiens'),
      nantes: await positionOf('accueil-conseil-et-relation-nantes-83333333900012'),
      lille: await positionOf('allo-nord-81234567600017'),
    };
    expect(before.amiens).toEqual([49.8941, 2.2957, 'exact']);
    const file = path.join(dir, 'geo-hostile.csv');
    await writeFile(
      file,
      [
        header,
        '81234567600025;1e308;-1e308;11;2154;;;;;80021;;;;;;;',
        '79876543400013;0;0;33;2154;;;;;80021;;;;;;;',
        '83333333900012;1050000;6840000;11;2154;;;;;44109;;;;;;;',
        '81234567600017;abc;7059136.59;11;2154;;;;;59350;;;;;;;',
        '85555555300012;707867.96;;12;5490;;;;;97209;;;;;;;',
        '',
      ].join('\n'),
    );
    // A newer edition: a good position of it would replace the older one.
    const report = await run(stockCsv, { geolocation: file, stockMonth: '2026-08' });
    const at = (line: number, siret: string, reason: string) => ({ file: 'geo-hostile.csv', line, siret, reason });
    expect(report.badPositions).toEqual([
      at(2, '81234567600025', 'x: « 1e308 » is not a number'),
      at(
        3,
        '79876543400013',
        'x 0, y 0 (EPSG 2154): latitude -5.983856, longitude -1.363081 is outside the area of use of ' +
          'RGF93 / Lambert-93 (France métropolitaine: latitude 41.15 to 51.56, longitude -9.86 to 10.38)',
      ),
      at(
        4,
        '83333333900012',
        'x 1050000, y 6840000 (EPSG 2154): latitude 48.565518, longitude 7.74646 is 709 km from the centre of ' +
          'Nantes (44109, GeoNames 2990969), farther than a commune reaches (60 km)',
      ),
      at(5, '81234567600017', 'x: « abc » is not a number'),
      at(6, '85555555300012', 'y: is empty, x is given'),
    ]);
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(report.applied).toBe(true);
    expect(await positionOf('contacts-du-nord-81234567600025')).toEqual(before.amiens);
    expect(await positionOf('callweb-amiens')).toEqual(before.callweb);
    expect(await positionOf('accueil-conseil-et-relation-nantes-83333333900012')).toEqual(before.nantes);
    expect(await positionOf('allo-nord-81234567600017')).toEqual(before.lille);
  });

  it('checks the stock’s own Lambert columns the same way, and keeps the site’s position', async () => {
    const stock = await writeEditedStock(path.join(dir, 'stock-far.csv'), '2026-09', {
      // Lille's establishment placed near Strasbourg.
      '81234567600017': {
        coordonneeLambertAbscisseEtablissement: '1050000',
        coordonneeLambertOrdonneeEtablissement: '6840000',
      },
    });
    const report = await run(stock, { geolocation, stockMonth: '2026-09' });
    expect(report.badPositions).toEqual([
      {
        file: 'stock-far.csv',
        line: 2,
        siret: '81234567600017',
        reason:
          'coordonneeLambertAbscisseEtablissement 1050000, coordonneeLambertOrdonneeEtablissement 6840000 ' +
          '(EPSG 2154): latitude 48.565518, longitude 7.74646 is 409 km from the centre of Lille (59350, ' +
          'GeoNames 2998324), farther than a commune reaches (60 km)',
      },
    ]);
    expect(await positionOf('allo-nord-81234567600017')).toEqual([50.6292, 3.0573, 'unstated']);
  });
});
