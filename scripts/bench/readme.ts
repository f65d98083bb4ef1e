// npm run bench:readme [results.json]: writes the figures of a benchmark run
// (scripts/bench/results/latest.json by default) into README's Performance
// section, between its `bench:start` and `bench:end` markers.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Result, root } from './common.js';
import { sizeLabel } from './synthetic.js';

interface Report {
  machine: {
    date: string;
    commit: string;
    nproc: number;
    cpu: string;
    memory_gib: number;
    node: string;
    postgres?: string;
    meilisearch?: string;
    load_1min: number[];
  };
  results: Result[];
}

function figure(v: number | null, unit: string): string {
  if (v === null) return '—';
  if (unit === 'ms') return `${v.toFixed(v < 10 ? 2 : 1)} ms`;
  if (unit === 'MiB') return `${v.toFixed(0)} MiB`;
  return `${Math.round(v).toLocaleString('en-US')} ${unit}`;
}

/** The Markdown of a run: the machine, then one row per figure. */
export function markdown(report: Report): string {
  const m = report.machine;
  const lines = [
    `Last run: ${m.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${m.commit}\`, ${m.nproc} cores (${m.cpu}), ` +
      `${m.memory_gib} GiB, load average ${m.load_1min.map((l) => l.toFixed(1)).join(' → ')} (a machine shared with ` +
      `other work: only the ratios, measured in the same run, compare), Node ${m.node}, PostgreSQL ${m.postgres ?? '?'}, ` +
      `Meilisearch ${m.meilisearch ?? '?'}.`,
    '',
    '| Size | Part | Measure | Figure | Raw engine | Ratio | Target | Met | Note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of report.results) {
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2)}×`;
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.size ? sizeLabel(r.size) : '—'} | ${r.part} | ${r.measure.replaceAll('|', '\\|')} | ${figure(r.value, r.unit)} | ` +
        `${figure(r.raw, r.unit)} | ${ratio} | ${r.target ?? '—'} | ${met} | ${(r.note ?? '').replaceAll('|', '\\|')} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const file = process.argv[2] ?? path.join(root, 'scripts/bench/results/latest.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as Report;
  const readmePath = path.join(root, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a === -1 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
  await writeFile(readmePath, `${readme.slice(0, a + start.length)}\n${markdown(report)}\n${readme.slice(b)}`);
  process.stdout.write(`README.md: Performance written from ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:readme failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
