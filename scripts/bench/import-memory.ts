// The peak RSS of `npm run import` on files whose memory once grew with the input (issue 9's hostile check): a CSV
// of BENCH_BAD_ROWS (1,000,000) rows all refused (with and without --skip-invalid, so that each is reported on stderr
// and, with it, copied to the rejected rows' file), and files of one row whose cell is BENCH_CELL_MB (80) MB long, in
// CSV, JSON lines and a JSON array; and a BODACC export (`npm run import:bodacc`) of BENCH_BODACC_ROWS (1,000,000)
// notices all malformed (each refused on stderr with its line); files of one row whose quoted cell is BENCH_CELL_MB
// of short lines (« ab », LF or CR LF; issue 9), read by every importer: `npm run import` (CSV, JSON array),
// `import:bodacc` (CSV, JSON array), `import:practitioners`, `import:sirene` (the stock, the legal units, the
// geolocation file), each file written just before its run and removed after it; and `bodacc-persons` (not run by
// default): a BODACC export of BENCH_BODACC_PERSONS (500,000) good notices each naming one person without a SIREN,
// imported --dry-run (each person left out, and each notice naming no company, told on stderr with its line).
// BENCH_CASES picks some of them (`bad,cells,bodacc,lines` by default). Each run is the npm script as a user runs it (the compiled CLI, its heap bound), under /usr/bin/time -v, whose « Maximum resident set size » is the largest process of the run: the CLI's node.
// Against a database of its own, made on DATABASE_URL's server (postgres://postgres@127.0.0.1:5432 by default) and
// dropped at the end. Not a test: a measure, printed. Run: npx tsx scripts/bench/import-memory.ts
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const badRows = Number(process.env.BENCH_BAD_ROWS ?? 1_000_000);
const cellBytes = Number(process.env.BENCH_CELL_MB ?? 80) * 1_000_000;
const bodaccRows = Number(process.env.BENCH_BODACC_ROWS ?? 1_000_000);
const bodaccPersons = Number(process.env.BENCH_BODACC_PERSONS ?? 500_000);
const cases = new Set((process.env.BENCH_CASES ?? 'bad,cells,bodacc,lines').split(','));
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = path.resolve(import.meta.dirname, '../..');

/** `bytes` bytes (about) of `line` written again and again: a cell of many short lines. */
interface Repeated {
  line: string;
  bytes: number;
}

/**
 * Writes `parts` to `file` (a part may be a number: that many bytes of « x », in pieces; or a `Repeated`), awaiting
 * the disk.
 */
async function write(file: string, parts: Iterable<string | number | Repeated>): Promise<void> {
  const out = createWriteStream(file);
  for (const part of parts) {
    if (typeof part === 'string') {
      if (!out.write(part)) await once(out, 'drain');
      continue;
    }
    const { line, bytes } = typeof part === 'number' ? { line: 'x', bytes: part } : part;
    const piece = line.repeat(Math.ceil((1 << 16) / line.length));
    for (let n = 0; n < bytes; n += piece.length) if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `npm run <script> -- <args>` under /usr/bin/time -v: its exit code, peak RSS in MiB, seconds, last lines said. */
async function measure(script: string, args: string[], env: Record<string, string>) {
  const child = spawn('/usr/bin/time', ['-v', 'npm', 'run', '--silent', script, '--', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderrLines = 0;
  let tail = '';
  let rebuilt = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    // src/ changed since the build: the run type-checks and bundles first, and its peak is the build's.
    rebuilt ||= text.includes('since the last build');
    stderrLines += text.split('\n').length - 1;
    tail = (tail + text).slice(-4000);
  });
  child.on('close', () => {
    // /usr/bin/time's own lines are not the CLI's.
    stderrLines -= tail.slice(tail.indexOf('\tCommand being timed')).split('\n').length;
  });
  const [code] = (await once(child, 'close')) as [number];
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(tail)?.[1] ?? Number.NaN) / 1024;
  const wall = /Elapsed \(wall clock\) time.*?: ([\d:.]+)/.exec(tail)?.[1] ?? '?';
  const said = [
    ...stdout.trim().split('\n').slice(-1),
    ...tail
      .split('\n')
      .filter((l) => l && !/^\s/.test(l) && !/Command being timed/.test(l))
      .slice(-2),
  ];
  return { code, rss, wall, stderrLines, said, rebuilt };
}

const database = `plateau_bench_impmem_${process.pid}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });
const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-memory-'));
try {
  await admin.unsafe(`create database ${database}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const env = { DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
  const header = 'id;name;operator_id;commune;status;citation_source;citation_quote\n';
  /** A run: its name, npm script (`import` by default) and arguments; `make` writes its file first, removed after. */
  const files: { name: string; script?: string; args: string[]; make?: () => Promise<string> }[] = [];
  // The bundle built first (`npm run import` builds it when src/ changed): the build is not the import.
  await once(spawn('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }), 'close');

  if (cases.has('bad')) {
    const bad = path.join(dir, 'bad.csv');
    await write(bad, [
      header,
      ...(function* () {
        for (let i = 0; i < badRows; i += 1000) {
          let text = '';
          for (let j = i; j < Math.min(i + 1000, badRows); j++) text += `bad-${j};Plateau ${j};;Tours;ouvert;;\n`;
          yield text;
        }
      })(),
    ]);
    files.push({ name: `${badRows} bad rows (CSV)`, args: [bad, '--kind', 'sites'] });
    files.push({ name: `${badRows} bad rows (CSV), --skip-invalid`, args: [bad, '--kind', 'sites', '--skip-invalid'] });
  }

  if (cases.has('cells')) {
    const cellCsv = path.join(dir, 'cell.csv');
    await write(cellCsv, [
      header,
      'a;Plateau A;;Tours;open;;\nb;',
      cellBytes,
      ';;Tours;open;;\nc;Plateau C;;Tours;open;;\n',
    ]);
    files.push({ name: `a cell of ${cellBytes / 1e6} MB (CSV)`, args: [cellCsv, '--kind', 'sites'] });
    const cellLines = path.join(dir, 'cell.jsonl');
    await write(cellLines, ['{"id":"a","name":"Plateau A"}\n{"id":"b","name":"', cellBytes, '"}\n{"id":"c"}\n']);
    files.push({ name: `a cell of ${cellBytes / 1e6} MB (JSON lines)`, args: [cellLines, '--kind', 'sites'] });
    const cellArray = path.join(dir, 'cell.json');
    await write(cellArray, [
      '[\n  {"id":"a","name":"Plateau A"},\n  {"id":"b","name":"',
      cellBytes,
      '"},\n  {"id":"c"}\n]\n',
    ]);
    files.push({ name: `a cell of ${cellBytes / 1e6} MB (JSON array)`, args: [cellArray, '--kind', 'sites'] });
  }

  if (cases.has('bodacc')) {
    // Every column an export needs, each row's id, date and persons malformed: three errors a row.
    const notices = path.join(dir, 'bodacc-bad.csv');
    await write(notices, [
      'id;dateparution;typeavis;familleavis;tribunal;registre;listepersonnes;jugement;parutionavisprecedent;url_complete\n',
      ...(function* () {
        for (let i = 0; i < bodaccRows; i += 1000) {
          let text = '';
          for (let j = i; j < Math.min(i + 1000, bodaccRows); j++) text += `B${j};le ${j};annonce;collective;TC;;;;;\n`;
          yield text;
        }
      })(),
    ]);
    files.push({ name: `${bodaccRows} malformed BODACC notices (CSV)`, script: 'import:bodacc', args: [notices] });
  }

  if (cases.has('lines')) {
    const mb = cellBytes / 1e6;
    const lf = { line: 'ab\n', bytes: cellBytes };
    const crlf = { line: 'ab\r\n', bytes: cellBytes };
    const at = (name: string) => path.join(dir, name);
    const made = (name: string, parts: (string | Repeated)[]) => async () => {
      await write(at(name), parts);
      return at(name);
    };
    // A valid row after the long one: its line tells whether the lines were counted.
    const after = 'c;Plateau C;;Tours;open;;\n';
    files.push(
      {
        name: `a cell of ${mb} MB of short lines (CSV)`,
        args: [at('lines.csv'), '--kind', 'sites'],
        make: made('lines.csv', [header, 'a;Plateau A;;Tours;open;;\nb;"', lf, '";;Tours;open;;\n', after]),
      },
      {
        name: `a cell of ${mb} MB of short CR LF lines (CSV)`,
        args: [at('crlf.csv'), '--kind', 'sites'],
        make: made('crlf.csv', [header, 'a;Plateau A;;Tours;open;;\r\nb;"', crlf, '";;Tours;open;;\r\n', after]),
      },
      {
        name: `an element over ${mb} MB of short lines (JSON array)`,
        args: [at('lines.json'), '--kind', 'sites'],
        make: made('lines.json', [
          '[\n  {"id":"a","name":"Plateau A"},\n  {"id":"b","aliases":[\n',
          { line: '"ab",\n', bytes: cellBytes },
          '"ab"]},\n  {"id":"c"}\n]\n',
        ]),
      },
    );
    const bodaccHeader =
      'id;dateparution;typeavis;familleavis;tribunal;registre;listepersonnes;jugement;parutionavisprecedent;url_complete\n';
    files.push(
      {
        name: `a cell of ${mb} MB of short lines (BODACC CSV)`,
        script: 'import:bodacc',
        args: [at('bodacc-lines.csv')],
        make: made('bodacc-lines.csv', [
          bodaccHeader,
          'B1;le 1;annonce;collective;TC;;;;;\nB2;le 2;annonce;collective;TC;;"',
          lf,
          '";;;\nB3;le 3;annonce;collective;TC;;;;;\n',
        ]),
      },
      {
        name: `an element over ${mb} MB of short lines (BODACC JSON array)`,
        script: 'import:bodacc',
        args: [at('bodacc-lines.json')],
        make: made('bodacc-lines.json', [
          '[\n{"id": "B1"},\n{"id": "B2", "listepersonnes": [\n',
          { line: '"ab",\n', bytes: cellBytes },
          '"ab"]},\n{"id": "B3"}\n]\n',
        ]),
      },
    );
    const practitioners =
      'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;code_postal;' +
      'commune;cour_d_appel;bureaux_annexes;telephone;email;site\n';
    const practitioner = 'Roux;Anne;AJ;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;';
    files.push({
      name: `a cell of ${mb} MB of short lines (practitioners)`,
      script: 'import:practitioners',
      args: [at('practitioners-lines.csv')],
      make: made('practitioners-lines.csv', [
        practitioners,
        `${practitioner}"`,
        lf,
        `";;;;;;;\n${practitioner};;;;;;pas-un-email;\n`,
      ]),
    });
    // Sirene: the fixtures' stock, legal units and positions, with a row whose quoted cell is the long one.
    const fixture = (name: string) => readFile(path.join(root, 'tests/fixtures/sirene', name), 'utf8');
    const stock = await fixture('StockEtablissement_utf8.csv');
    const sireneFile = async (name: string, kind: string) => {
      const [head, first] = (await fixture(name)).split('\n');
      const separator = kind === 'geo' ? ';' : ',';
      return made(`${kind}-lines.csv`, [`${head}\n${first}\n812345676${separator}"`, lf, `"\n`]);
    };
    await writeFile(at('stock.csv'), stock);
    files.push(
      {
        name: `a cell of ${mb} MB of short lines (Sirene stock)`,
        script: 'import:sirene',
        args: [at('stock-lines.csv'), '--dry-run'],
        make: await sireneFile('StockEtablissement_utf8.csv', 'stock'),
      },
      {
        name: `a cell of ${mb} MB of short lines (Sirene legal units)`,
        script: 'import:sirene',
        args: [at('stock.csv'), '--unites-legales', at('units-lines.csv'), '--dry-run'],
        make: await sireneFile('StockUniteLegale_utf8.csv', 'units'),
      },
      {
        name: `a cell of ${mb} MB of short lines (Sirene geolocation)`,
        script: 'import:sirene',
        args: [at('stock.csv'), '--geo', at('geo-lines.csv'), '--dry-run'],
        make: await sireneFile('GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv', 'geo'),
      },
    );
  }

  if (cases.has('bodacc-persons')) {
    // Good notices of procédures collectives, each naming one natural person without a SIREN: left out.
    const notices = path.join(dir, 'bodacc-persons.csv');
    const cell = (v: unknown) => `"${JSON.stringify(v).replaceAll('"', '""')}"`;
    const jugement = cell({
      type: 'initial',
      famille: "Jugement d'ouverture",
      nature: "Jugement d'ouverture d'une procédure de liquidation judiciaire",
      date: '2025-07-01',
      complementJugement: "Jugement d'ouverture d'une procédure de liquidation judiciaire.",
    });
    await write(notices, [
      'id;publicationavis;parution;dateparution;numeroannonce;typeavis;familleavis;tribunal;registre;listepersonnes;jugement;parutionavisprecedent;url_complete\n',
      ...(function* () {
        for (let i = 0; i < bodaccPersons; i += 1000) {
          let text = '';
          for (let j = i; j < Math.min(i + 1000, bodaccPersons); j++) {
            const id = `A2025${String(j).padStart(8, '0')}`;
            const person = cell({ personne: { typePersonne: 'pp', nom: `DURAND ${j}`, prenom: 'Jean' } });
            text +=
              `${id};A;20250130;2025-07-10;${j};annonce;collective;TRIBUNAL DE COMMERCE DE LILLE;;${person};` +
              `${jugement};;https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:${id}\n`;
          }
          yield text;
        }
      })(),
    ]);
    files.push({
      name: `${bodaccPersons} BODACC notices of persons without a SIREN (CSV, --dry-run)`,
      script: 'import:bodacc',
      args: [notices, '--dry-run'],
    });
  }

  for (const { name, script, args, make } of files) {
    const made = await make?.();
    const load = os.loadavg()[0]!.toFixed(1);
    const run = await measure(script ?? 'import', args, env);
    if (made) await rm(made);
    console.log(
      `${name}: exit ${run.code}, peak RSS ${run.rss.toFixed(0)} MiB, ${run.wall}, ${run.stderrLines} lines on stderr, ` +
        `load ${load} → ${os.loadavg()[0]!.toFixed(1)}` +
        (run.rebuilt ? ' (NOT a figure of the import: src/ changed, it was built again first)' : ''),
    );
    for (const line of run.said) console.log(`  ${line.slice(0, 200)}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
  await admin.unsafe(`drop database if exists ${database}`);
  await admin.end();
}
