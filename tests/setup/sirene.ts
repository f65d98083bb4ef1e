// The committed Sirene fixtures (tests/fixtures/sirene/) and an import of them, for the Sirene tests.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene, type SireneImportOptions } from '../../src/open-data/sirene/import.js';
import { getJson } from './app.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/sirene');
/** The StockEtablissement extract, zipped as INSEE publishes it, and as its CSV. */
export const stockZip = path.join(fixtures, 'StockEtablissement_utf8.zip');
export const stockCsv = path.join(fixtures, 'StockEtablissement_utf8.csv');
/** The StockUniteLegale extract. */
export const legalUnits = path.join(fixtures, 'StockUniteLegale_utf8.csv');
/** The geolocation extract (`;`-separated, a projection per row). */
export const geolocation = path.join(fixtures, 'GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv');
const firstLine = (file: string) => readFileSync(file, 'utf8').split('\n')[0]!.split(',');
/** The header of the stock fixture (INSEE's 54 columns), and of the legal units' fixture. */
export const stockHeader = firstLine(stockCsv);
export const unitsHeader = firstLine(legalUnits);

/** `digits` followed by the digit that makes the whole pass the Luhn check (a SIREN's, a SIRET's). */
export function withCheckDigit(digits: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${digits}${d}`;
    let sum = 0;
    [...candidate].reverse().forEach((c, i) => {
      const n = Number(c) * (i % 2 ? 2 : 1);
      sum += n > 9 ? n - 9 : n;
    });
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
/** A valid SIREN from 8 digits, and the SIRET of its establishment `nic` (4 digits before the check digit). */
export const sirenOf = (eight: string) => withCheckDigit(eight);
export const siretOf = (siren: string, nic4: string) => withCheckDigit(`${siren}${nic4}`);

/** An 82.20Z establishment, open, updated in July 2026, as the stock writes it. */
export function establishment(e: { siret: string; enseigne: string; code: string; postal: string; commune: string }) {
  const cells: Record<string, string> = {
    siren: e.siret.slice(0, 9),
    nic: e.siret.slice(9),
    siret: e.siret,
    statutDiffusionEtablissement: 'O',
    dateCreationEtablissement: '2012-03-01',
    trancheEffectifsEtablissement: '12',
    anneeEffectifsEtablissement: '2024',
    dateDernierTraitementEtablissement: '2026-07-01T00:00:00',
    etablissementSiege: 'true',
    nombrePeriodesEtablissement: '2',
    numeroVoieEtablissement: '1',
    typeVoieEtablissement: 'RUE',
    libelleVoieEtablissement: 'DE LA GARE',
    codePostalEtablissement: e.postal,
    libelleCommuneEtablissement: e.commune,
    codeCommuneEtablissement: e.code,
    dateDebut: '2012-03-01',
    etatAdministratifEtablissement: 'A',
    enseigne1Etablissement: e.enseigne,
    activitePrincipaleEtablissement: '82.20Z',
    nomenclatureActivitePrincipaleEtablissement: 'NAFRev2',
    caractereEmployeurEtablissement: 'O',
  };
  return stockHeader.map((c) => cells[c] ?? '').join(',');
}

/** A legal unit, active, as StockUniteLegale writes it. */
export function legalUnit(siren: string, denomination: string) {
  const cells: Record<string, string> = {
    siren,
    statutDiffusionUniteLegale: 'O',
    dateCreationUniteLegale: '2012-03-01',
    dateDernierTraitementUniteLegale: '2026-07-01T00:00:00',
    nombrePeriodesUniteLegale: '3',
    categorieEntreprise: 'PME',
    anneeCategorieEntreprise: '2023',
    dateDebut: '2012-03-01',
    etatAdministratifUniteLegale: 'A',
    denominationUniteLegale: denomination,
    categorieJuridiqueUniteLegale: '5710',
    activitePrincipaleUniteLegale: '82.20Z',
    nomenclatureActivitePrincipaleUniteLegale: 'NAFRev2',
    nicSiegeUniteLegale: '00010',
    economieSocialeSolidaireUniteLegale: 'N',
    caractereEmployeurUniteLegale: 'O',
  };
  return unitsHeader.map((c) => cells[c] ?? '').join(',');
}

/** Writes a CSV file `name` in `dir` of `header` and `rows` (each a line as `establishment` or `legalUnit` gives it). */
export async function csv(dir: string, name: string, header: string[], rows: string[]) {
  const file = path.join(dir, name);
  await writeFile(file, `${[header.join(','), ...rows].join('\n')}\n`);
  return file;
}

export const actor = { keyId: null, name: 'test import:sirene', scope: 'write' as const };

/** `importSirene` of `establishments` with the fixtures' legal units and geolocation, 82.20Z, unless `more` says. */
export const importFixtures = (db: Db, establishments: string, more: Partial<SireneImportOptions> = {}) =>
  importSirene(db, { establishments, legalUnits, geolocation, naf: ['82.20Z'], actor, ...more });

/**
 * Writes to `file` a copy of the CSV stock with some of its cells changed (by SIRET, column name → value), those rows
 * updated in `month` when given (`YYYY-MM`, their `dateDernierTraitementEtablissement`); returns `file`.
 */
export async function writeEditedStock(
  file: string,
  month: string | null,
  edits: Record<string, Record<string, string>>,
): Promise<string> {
  const lines = (await readFile(stockCsv, 'utf8')).trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const out = lines.map((line, n) => {
    const siret = line.split(',')[2]!;
    const edit = edits[siret];
    if (n === 0 || !edit) return line;
    // The rows edited have no quoted cell: a plain split is the row.
    const cells = line.split(',');
    const updated = month ? { dateDernierTraitementEtablissement: `${month}-03` } : {};
    for (const [column, value] of Object.entries({ ...edit, ...updated })) {
      cells[header.indexOf(column)] = value;
    }
    return cells.join(',');
  });
  await writeFile(file, `${out.join('\n')}\n`);
  return file;
}

/** Everything an import may change: rows, citations, history, sources, and the versions of the entries. */
export async function importState(db: Db) {
  type Counts = Record<'sites' | 'operators' | 'citations' | 'changes' | 'sources', number>;
  const [row] = await db.execute<Counts>(sql`
    select (select count(*)::int from sites) as sites, (select count(*)::int from operators) as operators,
           (select count(*)::int from citations) as citations, (select count(*)::int from changes) as changes,
           (select count(*)::int from sources) as sources,
           (select coalesce(sum(version), 0)::int from sites) as site_versions,
           (select coalesce(sum(version), 0)::int from operators) as operator_versions`);
  return row!;
}

/**
 * A ZIP (bytes) holding `name` stored uncompressed, as zip's `-0` writes it: its local header, data, central
 * directory. `damage` changes the stored data after its CRC-32 was computed (a byte flipped on a disk or a wire).
 */
export function storedZip(name: string, data: Buffer, damage?: (stored: Buffer) => void): Buffer {
  const crc = crc32(data);
  const stored = Buffer.from(data);
  damage?.(stored);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + stored.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, stored, central, fileName, end]);
}

/**
 * A site's position as the API gives it at `url` (`/v1/sites/<id>`, answered 200): latitude, longitude and precision
 * (`at`), and the sources whose citations name `coordinates_precision` (`precisionFrom`) and `latitude`
 * (`latitudeFrom`), by id, in the detail's order.
 */
export async function positionOf(app: App, url: string) {
  const { status, body } = await getJson(app, url);
  expect(status, JSON.stringify(body)).toBe(200);
  const cites = (field: string) =>
    (body.citations as { fields: string[]; source_id: string }[])
      .filter((c) => c.fields.includes(field))
      .map((c) => c.source_id);
  return {
    at: [body.latitude, body.longitude, body.coordinates_precision],
    precisionFrom: cites('coordinates_precision'),
    latitudeFrom: cites('latitude'),
  };
}
