// npm run bench:sirene: the Sirene reader's scan (src/open-data/sirene/read.ts) against csv-parse alone, on a
// generated StockEtablissement of SIRENE_BENCH_ROWS rows (5,000,000 by default; 1 % of them 82.20Z) written in a
// temporary folder with the current 54-column header (the fixture's). Each scan runs in a child process of its own,
// twice, alternating, the best time kept; its peak RSS is the child's. Targets: the scan at 0.8× the speed of
// csv-parse alone or better, its peak RSS at most 300 MiB. Prints the figures, exits 1 when a target is missed.
// With `--generate <file>`, writes the stock alone there and measures nothing (to import it: README, Performance).
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { geography } from '../../src/geo/index.js';
import { establishmentOptional, establishmentRequired } from '../../src/open-data/sirene/columns.js';
import { readSirene } from '../../src/open-data/sirene/read.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/sirene/StockEtablissement_utf8.csv');
const targets = { ratio: 0.8, rssMiB: 300 };

interface Measure {
  ms: number;
  rows: number;
  kept: number;
  rssMiB: number;
}

/** What one child measures: `csv-parse` alone (every record), or the reader (the 82.20Z rows kept). */
async function child(mode: string, file: string): Promise<void> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let kept = 0;
  if (mode === 'csv-parse') {
    const parser = createReadStream(file).pipe(parse());
    parser.on('data', () => rows++);
    await once(parser, 'end');
    rows--; // the header
  } else {
    const counts = { rows: 0, kept: 0 };
    const options = {
      required: establishmentRequired,
      wanted: [...establishmentRequired, ...establishmentOptional],
      filter: { column: 'activitePrincipaleEtablissement', values: new Set(['82.20Z']) },
    };
    for await (const _ of readSirene(file, options, counts)) kept++;
    rows = counts.rows;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // maxRSS is in KiB.
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, rows, kept, rssMiB }));
}

/** `digits` followed by the digit that makes the whole pass Luhn's check, as INSEE's SIREN and SIRET do. */
function withCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Doubled: every other digit from the right of the whole, the check digit (to come) not doubled.
    const d = Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/**
 * A row of the stock: realistic widths, a quoted enseigne with commas now and then, 1 row in 100 of 82.20Z; SIREN
 * and SIRET that pass their check (an import of the stock refuses the others).
 */
function row(header: string[], n: number): string {
  const siren = withCheckDigit(String(30_000_000 + n).padStart(8, '0'));
  const siret = withCheckDigit(siren + String(1 + (n % 90)).padStart(4, '0'));
  const naf = n % 100 === 0 ? '82.20Z' : ['47.11A', '62.01Z', '56.10A', '68.20B', '86.21Z'][n % 5]!;
  const values: Record<string, string> = {
    siren,
    nic: siret.slice(9),
    siret,
    statutDiffusionEtablissement: n % 13 === 0 ? 'P' : 'O',
    dateCreationEtablissement: `20${String(n % 25).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
    trancheEffectifsEtablissement: ['NN', '01', '02', '11', '21'][n % 5]!,
    anneeEffectifsEtablissement: '2023',
    dateDernierTraitementEtablissement: '2026-05-12T09:14:03',
    etablissementSiege: n % 3 === 0 ? 'true' : 'false',
    nombrePeriodesEtablissement: String(1 + (n % 4)),
    numeroVoieEtablissement: String(1 + (n % 180)),
    typeVoieEtablissement: ['RUE', 'AV', 'BD', 'CHE', 'PL'][n % 5]!,
    libelleVoieEtablissement: `DE LA REPUBLIQUE ${n % 977}`,
    codePostalEtablissement: `${String(1 + (n % 95)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`,
    libelleCommuneEtablissement: `COMMUNE ${n % 34_000}`,
    codeCommuneEtablissement: `${String(1 + (n % 95)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`,
    identifiantAdresseEtablissement: `${String(1 + (n % 95)).padStart(2, '0')}001_B${n % 9999}_00012`,
    coordonneeLambertAbscisseEtablissement: String(600_000 + (n % 100_000) + 0.25),
    coordonneeLambertOrdonneeEtablissement: String(6_600_000 + (n % 300_000) + 0.5),
    dateDebut: '2019-01-01',
    etatAdministratifEtablissement: n % 4 === 0 ? 'F' : 'A',
    enseigne1Etablissement: n % 7 === 0 ? `"ENSEIGNE ${n}, SERVICES, CONSEIL"` : n % 3 === 0 ? `ENSEIGNE ${n}` : '',
    activitePrincipaleEtablissement: naf,
    // A row kept is one an import takes: a real commune, one of its postal codes, a name.
    ...(naf === '82.20Z' ? keptPlace(n) : {}),
    nomenclatureActivitePrincipaleEtablissement: 'NAFRev2',
    caractereEmployeurEtablissement: n % 2 === 0 ? 'O' : 'N',
  };
  return header.map((c) => values[c] ?? '').join(',');
}

/** A commune of France and one of its postal codes, and an enseigne: what an import needs of a row kept. */
function keptPlace(n: number): Record<string, string> {
  const commune = communes[(n * 7919) % communes.length]!;
  return {
    codeCommuneEtablissement: commune.code,
    codePostalEtablissement: commune.postalCodes[0]!,
    libelleCommuneEtablissement: commune.name.toUpperCase(),
    enseigne1Etablissement: `CENTRE DE CONTACTS ${n}`,
  };
}
const communes = [...geography().communes.values()].filter((c) => c.postalCodes.length);

/** Writes the generated stock (the fixture's header, then `rows` rows). */
async function generate(file: string, rows: number): Promise<void> {
  const headerLine = readFileSync(fixture, 'utf8').split('\n')[0]!;
  const header = headerLine.split(',');
  const out = createWriteStream(file);
  out.write(`${headerLine}\n`);
  let chunk: string[] = [];
  for (let n = 1; n <= rows; n++) {
    chunk.push(row(header, n));
    if (chunk.length === 10_000 || n === rows) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end();
  await once(out, 'close');
}

function measure(mode: string, file: string): Measure {
  const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', mode, file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output) as Measure;
}

async function main(): Promise<number> {
  const rows = Number(process.env.SIRENE_BENCH_ROWS ?? 5_000_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-sirene-'));
  try {
    const file = path.join(dir, 'StockEtablissement_utf8.csv');
    process.stderr.write(`generating ${rows.toLocaleString('en')} rows…\n`);
    await generate(file, rows);
    const size = (await stat(file)).size;
    process.stderr.write(`${(size / 2 ** 20).toFixed(0)} MiB; measuring (2 runs each, alternating)…\n`);
    const runs: Record<string, Measure[]> = { 'csv-parse': [], reader: [] };
    for (let i = 0; i < 2; i++) for (const mode of Object.keys(runs)) runs[mode]!.push(measure(mode, file));
    const best = (mode: string) => runs[mode]!.reduce((a, b) => (b.ms < a.ms ? b : a));
    const base = best('csv-parse');
    const reader = best('reader');
    const peak = Math.max(...runs.reader!.map((r) => r.rssMiB));
    const ratio = base.ms / reader.ms;
    const mibPerSecond = (m: Measure) => (size / 2 ** 20 / (m.ms / 1000)).toFixed(1);
    const line = (name: string, m: Measure, rss: number) =>
      `${name.padEnd(24)} ${(m.ms / 1000).toFixed(2).padStart(8)} s ${mibPerSecond(m).padStart(7)} MiB/s ` +
      `${Math.round(m.rows / (m.ms / 1000))
        .toLocaleString('en')
        .padStart(11)} rows/s  peak RSS ${rss.toFixed(0)} MiB`;
    process.stdout.write(
      [
        `StockEtablissement: ${rows.toLocaleString('en')} rows, ${(size / 2 ** 20).toFixed(0)} MiB, ` +
          `${reader.kept.toLocaleString('en')} rows of 82.20Z kept`,
        line('csv-parse alone', base, Math.max(...runs['csv-parse']!.map((r) => r.rssMiB))),
        line('Sirene reader (scan)', reader, peak),
        `speed ratio reader / csv-parse: ${ratio.toFixed(2)}× (target ≥ ${targets.ratio}×) ` +
          `${ratio >= targets.ratio ? 'met' : 'MISSED'}`,
        `peak RSS of the scan: ${peak.toFixed(0)} MiB (target ≤ ${targets.rssMiB} MiB) ` +
          `${peak <= targets.rssMiB ? 'met' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
    if (reader.rows !== rows || base.rows !== rows) throw new Error(`rows read: ${reader.rows} / ${base.rows}`);
    return ratio >= targets.ratio && peak <= targets.rssMiB ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!);
} else if (process.argv[2] === '--generate') {
  // `tsx scripts/bench/sirene.ts --generate <file>`: the stock alone (SIRENE_BENCH_ROWS rows), kept, to import it.
  await generate(process.argv[3]!, Number(process.env.SIRENE_BENCH_ROWS ?? 5_000_000));
} else {
  process.exitCode = await main();
}
