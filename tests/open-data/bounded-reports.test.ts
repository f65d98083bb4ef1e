// Memory that does not grow with the bad rows of an open-data file (issue 11): import:bodacc, import:practitioners
// and import:sirene each tell every row refused, with its line, as it is found (on stderr, through their
// `onRejected`), count them all in their summary, and keep only the first `keptRejections` (100) in the report they
// return. The figures of memory themselves are measured by scripts/bench/import-memory.ts, not here.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { keptRejections } from '../../src/import/rejections.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { actor as sireneActor, sirenOf, siretOf } from '../setup/sirene.js';

let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bounded-reports-'));
});

const actor = { keyId: null, name: 'bounded reports test' };
/** The lines from `first` on, `count` of them. */
const lines = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);
/** The line numbers of the lines of `text` matching `pattern` (its first group), in order. */
const linesOf = (text: string, pattern: RegExp) =>
  text.split('\n').flatMap((l) => {
    const m = pattern.exec(l);
    return m ? [Number(m[1])] : [];
  });

describe('import:bodacc, 20,000 malformed notices', () => {
  const count = 20_000;
  const header =
    'id;dateparution;typeavis;familleavis;tribunal;registre;listepersonnes;jugement;parutionavisprecedent;url_complete';
  const errors = (n: number) => [
    { field: 'id', message: `'B${n}' is not a BODACC id (a text such as 'A202400151101')` },
    { field: 'dateparution', message: `'le ${n}' is not a date (a text such as '2024-01-24')` },
    {
      field: 'listepersonnes',
      message: 'is empty where a list of persons {"personne": {…} or [{…}, …]} is expected',
    },
  ];
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'bodacc-bad.csv');
    await writeFile(
      file,
      `${[header, ...lines(0, count).map((n) => `B${n};le ${n};annonce;collective;TC;;;;;`)].join('\n')}\n`,
    );
  });

  it('prints every row’s errors on stderr, counts them all, and applies nothing', () => {
    const run = runCli('import-bodacc.ts', [file], { DATABASE_URL: databaseUrl }, 64e6);
    const said = run.stderr.split('\n').filter(Boolean);
    expect(said).toHaveLength(3 * count);
    expect(said.slice(0, 3)).toEqual(errors(0).map((e) => `line 2: ${e.field}: ${e.message}`));
    expect(linesOf(run.stderr, /^line (\d+): id: /)).toEqual(lines(2, count));
    expect(run.stdout).toBe(
      `rows: ${count} — 0 notices of procédures collectives, 0 of other families skipped, ${count} refused\n` +
        'nothing applied: fix the rows above\n',
    );
    expect(run.status).toBe(1);
  }, 600_000);

  it('hands every row to onRejected as it is found, and keeps the first 100 in its report', async () => {
    const seen: number[] = [];
    const report = await importBodacc(db, { file, actor, onRejected: (r) => void seen.push(r.line) });
    expect(seen).toEqual(lines(2, count));
    expect(report.file.rejectedRows).toBe(count);
    expect(report.file.rejected).toHaveLength(keptRejections);
    expect(report.file.rejected[0]).toEqual({ line: 2, errors: errors(0) });
    expect(report.file.rejected.map((r) => r.line)).toEqual(lines(2, keptRejections));
    expect(report.applied).toBe(false);
  }, 600_000);

  it('tells the notices repeating an id after those the reading refuses, read from staging in the order of lines', async () => {
    // The fixture's first notice, 1,500 times: every row after the first repeats its id.
    const fixture = (await readFile('tests/fixtures/bodacc/annonces-commerciales.csv', 'utf8')).split('\n');
    const repeated = path.join(dir, 'bodacc-repeated.csv');
    await writeFile(repeated, `${[fixture[0], 'bad', ...Array(1_500).fill(fixture[1])].join('\n')}\n`);
    const seen: { line: number; field: string }[] = [];
    const report = await importBodacc(db, {
      file: repeated,
      actor,
      onRejected: (r) => void seen.push({ line: r.line, field: r.errors[0]!.field }),
    });
    expect(seen[0]!.line).toBe(2);
    expect(seen.slice(1)).toEqual(lines(4, 1_499).map((line) => ({ line, field: 'id' })));
    expect(report.file.rejectedRows).toBe(1_500);
    expect(report.file.rejected.map((r) => r.line)).toEqual([2, ...lines(4, keptRejections - 1)]);
    expect(report.file.rejected[1]!.errors).toEqual([
      { field: 'id', message: "'A202400151101' already appears at line 3" },
    ]);
  }, 600_000);
});

describe('import:practitioners, 5,000 rows of no profession', () => {
  const count = 5_000;
  let file: string;
  beforeAll(async () => {
    const header = (await readFile('templates/practitioners.csv', 'utf8')).split('\n')[0]!;
    const empty = ';'.repeat(header.split(';').length - 5);
    file = path.join(dir, 'practitioners-bad.csv');
    const rows = lines(0, count).map((n) => `Nom${n};Jean;XX;https://example.org/liste;2024-01-15${empty}`);
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
  });

  it('prints every row’s error on stderr and counts them all', () => {
    const run = runCli('import-practitioners.ts', [file, '--dry-run'], { DATABASE_URL: databaseUrl }, 64e6);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(count);
    expect(linesOf(run.stderr, /^line (\d+): profession: must be AJ or MJ$/)).toEqual(lines(2, count));
    expect(run.stdout).toBe(`rows: ${count}, ${count} of them refused\n(dry run: nothing applied)\n`);
    expect(run.status).toBe(1);
  }, 600_000);

  it('hands every row to onRejected and keeps the first 100 in its report', async () => {
    const seen: number[] = [];
    const report = await importPractitioners(db, { file, actor, onRejected: (r) => void seen.push(r.line) });
    expect(seen).toEqual(lines(2, count));
    expect(report.rejectedRows).toBe(count);
    expect(report.rejected.map((r) => r.line)).toEqual(lines(2, keptRejections));
    expect(report.rejected[0]!.errors).toEqual([{ field: 'profession', message: 'must be AJ or MJ' }]);
    expect(report.applied).toBe(false);
  }, 600_000);
});

describe('import:sirene, a stock of 5,000 rows of 82.20Z all refused', () => {
  const count = 5_000;
  let file: string;
  beforeAll(async () => {
    // The hostile fixture's row opened on 0009-01-01 (two dates refused), under SIRETs of their own.
    const [header, row] = (await readFile('tests/fixtures/sirene/hostile/olddate.csv', 'utf8')).split('\n');
    const cells = row!.split(',');
    file = path.join(dir, 'StockEtablissement-bad.csv');
    const rows = lines(0, count).map((n) => {
      const siren = sirenOf(String(93_000_000 + n));
      const siret = siretOf(siren, '0001');
      return [siren, siret.slice(9), siret, ...cells.slice(3)].join(',');
    });
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
  });
  const said = (line: number) => [
    `StockEtablissement-bad.csv, line ${line}: left out: dateCreationEtablissement: « 0009-01-01 » is not a date AAAA-MM-JJ from 1900 on, not in the future`,
    `StockEtablissement-bad.csv, line ${line}: left out: dateDebut: « 0009-01-01 » is not a date AAAA-MM-JJ from 1900 on, not in the future`,
  ];

  it('prints every row’s errors on stderr and counts them all', () => {
    const run = runCli(
      'import-sirene.ts',
      [file, '--stock-month', '2026-05', '--dry-run'],
      { DATABASE_URL: databaseUrl },
      64e6,
    );
    const refused = run.stderr.split('\n').filter((l) => l.includes(': left out: '));
    expect(refused).toHaveLength(2 * count);
    expect(refused.slice(0, 2)).toEqual(said(2));
    expect(linesOf(run.stderr, /^StockEtablissement-bad\.csv, line (\d+): left out: dateDebut:/)).toEqual(
      lines(2, count),
    );
    expect(run.stdout).toContain(`left out: ${count} refused, 0 ambiguous matches,`);
    expect(run.status).toBe(0);
  }, 600_000);

  it('hands every row to onRejected and keeps the first 100 in its report', async () => {
    const seen: number[] = [];
    const report = await importSirene(db, {
      establishments: file,
      naf: ['82.20Z'],
      stockMonth: '2026-05',
      dryRun: true,
      actor: sireneActor,
      onRejected: (r) => void seen.push(r.line),
    });
    expect(seen).toEqual(lines(2, count));
    expect(report.rejectedRows).toBe(count);
    expect(report.rejected.map((r) => r.line)).toEqual(lines(2, keptRejections));
    expect(report.rejected[0]!.errors.map((e) => e.name)).toEqual(['dateCreationEtablissement', 'dateDebut']);
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 0 });
  }, 600_000);
});
