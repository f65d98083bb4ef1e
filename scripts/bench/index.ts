// npm run bench [part…]: measures the parts named (all by default) at each
// BENCH_SIZE (comma-separated: `10k,100k`; 10k by default) against their raw
// engines in the same run, prints the table, writes the results as JSON
// (scripts/bench/results/latest.json, BENCH_OUT to choose) and exits 1 when a
// target is missed, naming each. See README, Performance.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadConfig } from '../../src/config.js';
import { startServices } from '../../src/runtime.js';
import { measureBodacc } from './bodacc.js';
import { type Context, meiliClient, type Part, type Result, recordSizeIndex, root, sizeIndex } from './common.js';
import { measureDegraded } from './degraded.js';
import { measureDetail } from './detail.js';
import { measureExport } from './export.js';
import { measureImport } from './import.js';
import { measureList } from './list.js';
import { measurePages } from './pages.js';
import { measureReindex } from './reindex.js';
import { measureSearch } from './search.js';
import { measureStart } from './start.js';
import { benchData, cacheDir, cloneTemplate, parseSize, pruneCache, serverUrl, sizeLabel } from './synthetic.js';

/** The parts, in the order they run; `start` runs once, whatever the sizes. */
const parts: Record<string, Part> = {
  search: measureSearch,
  degraded: measureDegraded,
  detail: measureDetail,
  list: measureList,
  pages: measurePages,
  export: measureExport,
  reindex: measureReindex,
  import: measureImport,
  bodacc: measureBodacc,
  start: measureStart,
};

const say = (line: string) => process.stderr.write(`${line}\n`);

function machine() {
  const commit = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: root })
        .toString()
        .trim();
      return dirty ? `${head} (with uncommitted changes)` : head;
    } catch {
      return 'unknown';
    }
  })();
  return {
    date: new Date().toISOString(),
    commit,
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
}

/** Growth of a figure from the smallest size of the run (10k): lists' pages and search p95. */
function addGrowth(results: Result[]): void {
  const sizes = [...new Set(results.map((r) => r.size).filter((s) => s > 0))].sort((a, b) => a - b);
  const base = sizes[0];
  if (base === undefined || sizes.length < 2) return;
  for (const r of results) {
    const grows = r.part === 'list' || (r.part === 'search' && r.measure.startsWith('search p95'));
    if (!grows || r.size === base || r.value === null) continue;
    const small = results.find((b) => b.size === base && b.part === r.part && b.measure === r.measure);
    if (!small?.value) continue;
    r.ratio = r.value / small.value;
    r.note = `${r.note ? `${r.note}; ` : ''}ratio: growth from ${sizeLabel(base)}`;
    r.target = `≤ 3× at ${sizeLabel(base)}`;
    // The target is set at 1M against 10k; smaller runs show the growth without judging it.
    r.met = r.size >= 1e6 && base <= 10_000 ? r.ratio <= 3 : null;
  }
}

function format(v: number | null, unit: string): string {
  if (v === null) return '—';
  if (unit === 'ms') return `${v.toFixed(v < 10 ? 2 : 1)} ms`;
  if (unit === 'MiB') return `${v.toFixed(0)} MiB`;
  return `${Math.round(v).toLocaleString('en-US')} ${unit}`;
}

export function table(results: Result[]): string {
  const head = ['size', 'part', 'measure', 'figure', 'raw engine', 'ratio', 'target', 'met'];
  const rows = results.map((r) => [
    r.size ? sizeLabel(r.size) : '—',
    r.part,
    r.measure,
    format(r.value, r.unit),
    format(r.raw, r.unit),
    r.ratio === null ? '—' : `${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2)}×`,
    r.target ?? '—',
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

async function main() {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((p) => !(p in parts));
  if (unknown.length) {
    say(`unknown part: ${unknown.join(', ')}; parts: ${Object.keys(parts).join(', ')}`);
    process.exit(2);
  }
  const chosen = asked.length ? Object.keys(parts).filter((p) => asked.includes(p)) : Object.keys(parts);
  const sizes = (process.env.BENCH_SIZE ?? '10k').split(',').map(parseSize);
  const budgetSeconds = Number(process.env.BENCH_BUDGET_S ?? 120);
  // The machine's PostgreSQL unless told otherwise; the bundled Meilisearch of .data/bench unless MEILI_HOST.
  process.env.DATABASE_URL = serverUrl();
  process.env.DATA_DIR ??= path.join(cacheDir, 'engines');
  const load = [os.loadavg()[0]];
  const where = machine(); // the commit measured, as it was when the run began
  const services = await startServices(loadConfig(), () => {});
  const meili = { host: services.meiliHost, apiKey: services.meiliApiKey };
  const results: Result[] = [];
  const versions: Record<string, string> = {};
  try {
    const admin = postgres(serverUrl(), { max: 1, onnotice: () => {} });
    versions.postgres = (await admin<{ v: string }[]>`select current_setting('server_version') as v`)[0]?.v ?? '?';
    await admin.end();
    const m = meiliClient(meili);
    versions.meilisearch = (JSON.parse((await m.http.get('/version')).body) as { pkgVersion: string }).pkgVersion;
    await m.close();
    for (const size of sizes.filter(() => chosen.some((p) => p !== 'start'))) {
      const data = await benchData(size, say);
      await pruneCache(data.fingerprint);
      const index = await sizeIndex(meili, data, say);
      const run = await cloneTemplate(size, 'run');
      try {
        await recordSizeIndex(meili, run.url, index);
        for (const name of chosen.filter((p) => p !== 'start')) {
          say(`${sizeLabel(size)}: ${name}…`);
          const ctx: Context = { data, meili, index, databaseUrl: run.url, say, budgetSeconds };
          const part = parts[name];
          if (part) results.push(...(await part(ctx)));
        }
      } finally {
        await run.drop();
      }
    }
    if (chosen.includes('start')) {
      say('start…');
      const data = { size: 0, template: '', fingerprint: '', documents: '', builtInMs: null };
      const ctx: Context = { data, meili, index: '', databaseUrl: '', say, budgetSeconds };
      results.push(...(await measureStart(ctx)));
    }
  } finally {
    await services.stop();
  }
  load.push(os.loadavg()[0]);
  addGrowth(results);
  const report = {
    machine: { ...where, ...versions, load_1min: load },
    sizes,
    parts: chosen,
    results,
  };
  const out = process.env.BENCH_OUT ?? path.join(root, 'scripts/bench/results/latest.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  // Formatted as the repository's formatter wants it, since the file is committed.
  try {
    execFileSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--write', out], { stdio: 'ignore' });
  } catch {}
  process.stdout.write(`${table(results)}\n\n`);
  process.stdout.write(
    `${report.machine.date}, commit ${report.machine.commit}, ${report.machine.nproc} cores, ${report.machine.memory_gib} GiB, ` +
      `load ${load.map((l) => l?.toFixed(2)).join(' → ')}; ratios are of one run (the machine is shared). JSON: ${out}\n`,
  );
  const noted = results.filter((r) => r.note);
  if (noted.length) {
    process.stdout.write('\nNotes:\n');
    for (const r of noted)
      process.stdout.write(`- ${r.size ? `${sizeLabel(r.size)} ` : ''}${r.part}: ${r.measure}: ${r.note}\n`);
  }
  const missed = results.filter((r) => r.met === false);
  if (missed.length) {
    process.stdout.write(`\nTargets missed (${missed.length}):\n`);
    for (const r of missed) {
      process.stdout.write(`- ${r.size ? `${sizeLabel(r.size)} ` : ''}${r.part}: ${r.measure} (${r.target})\n`);
    }
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
