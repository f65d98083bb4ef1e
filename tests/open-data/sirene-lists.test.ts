// The Sirene import's lists that grow with the file (issue 9): told through `onListed` (the CLI prints them on
// stderr), counted (`listed`), the first 100 kept, and what a row's check finds told only once the row's fate is
// known: a row refused once every row is checked (a repeated SIRET) is named by no list (PendingLists).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { keptRejections } from '../../src/import/rejections.js';
import { importSirene, type SireneListed } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import { actor, csv, establishment, importFixtures, sirenOf, siretOf, stockCsv, stockHeader } from '../setup/sirene.js';

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-lists-'));
  // The stock of May 2026: its sites in the directory (a repeated SIRET is then one site named twice).
  await importFixtures(db, stockCsv, { geolocation: undefined });
});

/** Items told, by list, with the line of their row. */
type Told = { list: keyof SireneListed; line: number | null };
const lineOf = (item: object) =>
  'line' in item ? (item.line as number) : 'row' in item && item.row ? (item.row as { line: number }).line : null;

describe('import:sirene, a list of 150 positions not used and a repeated row', () => {
  const count = 150;
  const siret = (n: number) => siretOf(sirenOf(String(95_000_000 + n)), '0001');
  const lambert = { x: stockHeader.indexOf('coordonneeLambertAbscisseEtablissement'), y: 0 };
  lambert.y = stockHeader.indexOf('coordonneeLambertOrdonneeEtablissement');
  /** An establishment in Lille whose Lambert point (1, 1) is far outside Lambert-93's area. */
  const row = (n: number) => {
    const cells = establishment({
      siret: siret(n),
      enseigne: `CONTACT ${n}`,
      code: '59350',
      postal: '59000',
      commune: 'LILLE',
    }).split(',');
    cells[lambert.x] = '1';
    cells[lambert.y] = '1';
    return cells.join(',');
  };
  let file: string;
  beforeAll(async () => {
    const rows = Array.from({ length: count }, (_, n) => row(n));
    file = await csv(dir, 'positions.csv', stockHeader, rows);
  });

  it('tells each as found, counts them, keeps the first 100', async () => {
    const told: Told[] = [];
    const report = await importSirene(db, {
      establishments: file,
      naf: ['82.20Z'],
      actor,
      dryRun: true,
      onListed: ({ list, item }) => void told.push({ list, line: lineOf(item) }),
    });
    expect(report.rejectedRows).toBe(0);
    expect(report.listed.badPositions).toBe(count);
    expect(told.filter((t) => t.list === 'badPositions').map((t) => t.line)).toEqual(
      Array.from({ length: count }, (_, n) => n + 2),
    );
    expect(report.badPositions).toHaveLength(keptRejections);
    expect(report.badPositions[0]).toEqual({
      file: 'positions.csv',
      line: 2,
      siret: siret(0),
      reason:
        'coordonneeLambertAbscisseEtablissement 1, coordonneeLambertOrdonneeEtablissement 1 (EPSG 2154): latitude ' +
        '-5.98385, longitude -1.363075 is outside the area of use of RGF93 / Lambert-93 (France métropolitaine: ' +
        'latitude 41.15 to 51.56, longitude -9.86 to 10.38)',
    });
    expect(report.badPositions.at(-1)!.line).toBe(keptRejections + 1);
  }, 600_000);
});

describe('import:sirene, a row refused once every row is checked (its SIRET repeated)', () => {
  it('is named by no list: the disagreement of the row kept is listed, not that of the row refused', async () => {
    const lines = (await readFile(stockCsv, 'utf8')).trimEnd().split('\n');
    const at = lines.findIndex((l) => l.split(',')[2] === '79876543400013');
    const enseigne = stockHeader.indexOf('enseigne1Etablissement');
    const withName = (name: string) => {
      const cells = lines[at]!.split(',');
      cells[enseigne] = name;
      return cells.join(',');
    };
    lines[at] = withName('CALLWEB PICARDIE');
    const file = path.join(dir, 'repeated.csv');
    await writeFile(file, `${[...lines, withName('CALLWEB REPETE')].join('\n')}\n`);
    const told: Told[] = [];
    const report = await importFixtures(db, file, {
      geolocation: undefined,
      dryRun: true,
      onListed: ({ list, item }) => void told.push({ list, line: lineOf(item) }),
    });
    expect(report.rejected).toEqual([
      {
        file: 'repeated.csv',
        line: lines.length + 1,
        errors: [{ in: 'row', name: 'siret', message: `SIRET 79876543400013 already appears at line ${at + 1}` }],
      },
    ]);
    // The row kept (line 9) disagrees with the article's name; the row refused (its SIRET repeated) is not listed,
    // where a list keyed by site once kept the refused row's line and name.
    const disagreement = {
      file: 'repeated.csv',
      line: at + 1,
      site: 'callweb-amiens',
      field: 'name',
      plateau: 'Callweb Amiens',
      sirene: 'CALLWEB PICARDIE',
    };
    expect(at + 1).toBe(9);
    expect(report.disagreements).toEqual([disagreement]);
    expect(report.listed.disagreements).toBe(1);
    expect(told).toEqual([{ list: 'disagreements', line: 9 }]);
  }, 600_000);
});
