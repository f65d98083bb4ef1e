// A company BODACC's import made from notices alone (its operator, its proceedings) is withheld when a later Sirene
// stock says its SIREN is not to be published (P), as BODACC's import leaves out a company Sirene already said so
// of: what is withheld does not depend on which file came first. Shown again when a newer stock publishes it (O).
// Against a real PostgreSQL.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import {
  csv,
  establishment,
  importFixtures,
  legalUnit,
  legalUnits,
  actor as sireneActor,
  sirenOf,
  siretOf,
  stockCsv,
  stockHeader,
  unitsHeader,
} from '../setup/sirene.js';

const actor = { keyId: null, name: 'import:bodacc test' };
let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-then-sirene-'));
});

/** The fixtures' stock with the legal unit 855555553 (Antilles Relation Client) of `status`, read as `month`'s. */
const sirene = async (month: string, status: 'O' | 'P') => {
  const file = path.join(dir, `units-${month}.csv`);
  await writeFile(file, (await readFile(legalUnits, 'utf8')).replace('855555553,O,', `855555553,${status},`));
  return importFixtures(db, stockCsv, { legalUnits: file, stockMonth: month });
};
const status = async (url: string) => (await app.inject({ method: 'GET', url })).statusCode;
/** The opening notice of reimport-file2.csv, of SIREN `siren`, as a BODACC file of its own. */
const openingOf = async (siren: string) => {
  const lines = (await readFile('tests/fixtures/bodacc/reimport-file2.csv', 'utf8')).split('\n');
  const opening = lines.find((l) => l.startsWith('A202500307001'))!;
  const spaced = `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`;
  const file = path.join(dir, `opening-${siren}.csv`);
  await writeFile(file, `${lines[0]}\n${opening.replaceAll('912 345 600', spaced).replaceAll('912345600', siren)}\n`);
  return file;
};
/** A row of `header` (a line as the helpers write it) with `column` set to `value`. */
const withCell = (header: string[], row: string, column: string, value: string) => {
  const cells = row.split(',');
  cells[header.indexOf(column)] = value;
  return cells.join(',');
};

describe('BODACC first, then a Sirene stock saying the company is not to be published', () => {
  let operator: string;
  let proceeding: string;

  it('BODACC creates the company and its proceeding from a notice', async () => {
    const report = await importBodacc(db, { file: await openingOf('855555553'), actor });
    expect([report.applied, report.operators.created, report.proceedings.created]).toEqual([true, 1, 1]);
    const idOf = async (query: ReturnType<typeof sql>) => (await db.execute<{ id: string }>(query)).map((r) => r.id);
    [operator = ''] = await idOf(sql`select id from operators where siren = '855555553'`);
    [proceeding = ''] = await idOf(sql`select id from proceedings where operator_id = ${operator}`);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      200, 200,
    ]);
  });

  it('withholds them when a stock says its SIREN is P, as BODACC leaves such a company out', async () => {
    const report = await sirene('2026-06', 'P');
    expect(report.applied).toBe(true);
    const identifier = 'SIREN 855555553';
    expect(report.withheld.filter((w) => w.kind !== 'site')).toEqual([
      { kind: 'operator', entry: operator, identifier },
      { kind: 'proceeding', entry: proceeding, identifier },
    ]);
    expect(report.nonDiffusibleElsewhere).toEqual([]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      410, 410,
    ]);
    const listed = await app.inject({ method: 'GET', url: '/v1/proceedings?limit=100' });
    expect(listed.json().data.map((p: { id: string }) => p.id)).not.toContain(proceeding);
  });

  it('shows them again when a newer stock publishes it', async () => {
    const report = await sirene('2026-07', 'O');
    expect(report.shownAgain.filter((w) => w.kind !== 'site')).toEqual([
      { kind: 'operator', entry: operator, identifier: 'SIREN 855555553' },
      { kind: 'proceeding', entry: proceeding, identifier: 'SIREN 855555553' },
    ]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      200, 200,
    ]);
  });
});

describe('BODACC first, then a stock saying an establishment of the natural person is not to be published', () => {
  it('withholds the person’s operator and proceeding, as BODACC leaves out a natural person with such an establishment', async () => {
    const siren = sirenOf('97400008');
    const siret = siretOf(siren, '0001');
    expect((await importBodacc(db, { file: await openingOf(siren), actor })).operators.created).toBe(1);
    const ids = async (query: ReturnType<typeof sql>) => (await db.execute<{ id: string }>(query)).map((r) => r.id);
    const [operator = ''] = await ids(sql`select id from operators where siren = ${siren}`);
    const [proceeding = ''] = await ids(sql`select id from proceedings where operator_id = ${operator}`);
    // A sole trader (legal category 1000) with one establishment, published (O), then that establishment alone P.
    const units = await csv(dir, 'units-natural.csv', unitsHeader, [
      withCell(unitsHeader, legalUnit(siren, 'DURAND PAUL'), 'categorieJuridiqueUniteLegale', '1000'),
    ]);
    const row = establishment({ siret, enseigne: 'DURAND APPELS', code: '80021', postal: '80000', commune: 'AMIENS' });
    const stock = async (month: string, value: 'O' | 'P') =>
      importSirene(db, {
        establishments: await csv(dir, `stock-natural-${month}.csv`, stockHeader, [
          withCell(stockHeader, row, 'statutDiffusionEtablissement', value),
        ]),
        legalUnits: units,
        naf: ['82.20Z'],
        stockMonth: month,
        actor: sireneActor,
      });
    const published = await stock('2026-08', 'O');
    expect([published.rejected, published.sites.created, published.operators.updated]).toEqual([[], 1, 1]);
    const [{ legal_category } = { legal_category: null }] = await db.execute<{ legal_category: string | null }>(
      sql`select legal_category from operators where id = ${operator}`,
    );
    expect(legal_category).toBe('1000');

    const hidden = await stock('2026-09', 'P');
    expect(hidden.withheld).toEqual([
      { kind: 'operator', entry: operator, identifier: `SIRET ${siret}` },
      { kind: 'proceeding', entry: proceeding, identifier: `SIRET ${siret}` },
      { kind: 'site', entry: `durand-appels-${siret}`, identifier: `SIRET ${siret}` },
    ]);
    expect(hidden.nonDiffusibleElsewhere).toEqual([]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      410, 410,
    ]);
  });
});
