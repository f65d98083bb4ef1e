// The committed Sirene fixtures (tests/fixtures/sirene/) and an import of them, for the Sirene tests.
import path from 'node:path';
import type { Db } from '../../src/db/client.js';
import { importSirene, type SireneImportOptions } from '../../src/open-data/sirene/import.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/sirene');
/** The StockEtablissement extract, zipped as INSEE publishes it, and as its CSV. */
export const stockZip = path.join(fixtures, 'StockEtablissement_utf8.zip');
export const stockCsv = path.join(fixtures, 'StockEtablissement_utf8.csv');
/** The StockUniteLegale extract. */
export const legalUnits = path.join(fixtures, 'StockUniteLegale_utf8.csv');
/** The geolocation extract (`;`-separated, a projection per row). */
export const geolocation = path.join(fixtures, 'GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv');
export const actor = { keyId: null, name: 'test import:sirene', scope: 'write' as const };

/** `importSirene` of `establishments` with the fixtures' legal units and geolocation, 82.20Z, unless `more` says. */
export const importFixtures = (db: Db, establishments: string, more: Partial<SireneImportOptions> = {}) =>
  importSirene(db, { establishments, legalUnits, geolocation, naf: ['82.20Z'], actor, ...more });
