// The committed Sirene fixtures (tests/fixtures/sirene/) and an import of them, for the Sirene tests.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
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
