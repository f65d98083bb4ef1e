// Two or more builds of the API measured together, request by request: `npx tsx scripts/bench/ab.ts dist-a dist-b`
// runs each folder's server.js (a `npm run build` copied beside dist/, so that its files find the repository one
// level up; `dist-a:--max-semi-space-size=32` runs it with node's options after the colon, separated by commas)
// over the same clone and index, and sends every search of search.ts and every detail of detail.ts to each
// build and to the raw engine in turn, the order rotated every round: a shared machine's load then weighs on every
// variant alike, which separate runs of `npm run bench` cannot promise. Prints, and writes to `BENCH_OUT`
// (results/ab-latest.json by default), each build's p50 against the raw engine's, its CPU per request and its RSS.
// `AB_PARTS` (search,detail), `BENCH_SIZE` (one size, 10k), `BENCH_ROUNDS` and `BENCH_WARMUP` as for the bench.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadConfig } from '../../src/config.js';
import { entryKinds } from '../../src/kinds.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { startServices } from '../../src/runtime.js';
import { meiliParams } from '../../src/search/meili-query.js';
import {
  type Context,
  meiliClient,
  now,
  percentile,
  procCpuMs,
  procMemory,
  type RunningApi,
  recordSizeIndex,
  root,
  sizeIndex,
  startApi,
  warmupRequests,
} from './common.js';
import { searchQueries } from './search.js';
import { benchData, cacheDir, cloneTemplate, parseSize, serverUrl } from './synthetic.js';

const say = (line: string) => process.stderr.write(`${line}\n`);
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

/** One side of a comparison: a build's requests, or the raw engine's. */
interface Side {
  name: string;
  once: (i: number) => Promise<void>;
  times: number[];
  pid?: number;
}

/** Runs every side once a round, the order rotated each round, and gives each side's CPU per request (ms). */
async function interleave(sides: Side[], count: number): Promise<Map<string, number | null>> {
  const before = await Promise.all(sides.map((s) => (s.pid ? procCpuMs(s.pid) : null)));
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(i + k) % sides.length] as Side;
      const t = now();
      await side.once(i);
      side.times.push(now() - t);
    }
  }
  const after = await Promise.all(sides.map((s) => (s.pid ? procCpuMs(s.pid) : null)));
  return new Map(
    sides.map((s, i) => {
      const b = before[i];
      const a = after[i];
      return [s.name, a && b ? (a.user + a.system - b.user - b.system) / count : null];
    }),
  );
}

async function main() {
  const builds = process.argv.slice(2);
  const folderOf = (build: string) => build.split(':')[0] ?? build;
  const optionsOf = (build: string) => build.split(':')[1]?.split(',') ?? [];
  if (builds.length < 1 || builds.some((b) => !existsSync(path.join(root, folderOf(b), 'server.js')))) {
    say('usage: tsx scripts/bench/ab.ts <build folder> [<build folder>…] (each holding a server.js, beside dist/)');
    process.exit(2);
  }
  const parts = (process.env.AB_PARTS ?? 'search,detail').split(',');
  const size = parseSize(process.env.BENCH_SIZE ?? '10k');
  process.env.DATABASE_URL = serverUrl();
  process.env.DATA_DIR ??= path.join(cacheDir, 'engines');
  const load = [os.loadavg()[0]];
  const services = await startServices(loadConfig(), () => {});
  const meili = { host: services.meiliHost, apiKey: services.meiliApiKey };
  const report: Record<string, unknown>[] = [];
  try {
    const data = await benchData(size, say);
    const index = await sizeIndex(meili, data, say);
    const run = await cloneTemplate(size, 'ab');
    const apis: RunningApi[] = [];
    try {
      await recordSizeIndex(meili, run.url, index);
      const ctx: Context = { data, meili, index, databaseUrl: run.url, say, budgetSeconds: 600 };
      for (const build of builds) {
        apis.push(await startApi(ctx, {}, [...optionsOf(build), path.join(folderOf(build), 'server.js')]));
      }
      if (parts.includes('search')) {
        const catalogue = filterDeclarations(entryKinds);
        const meiliHttp = meiliClient(meili);
        const bodies = searchQueries.map((q) => JSON.stringify(meiliParams(q.request, catalogue)));
        const searchPath = `/indexes/${index}/search`;
        const urlOf = (i: number) => `/v1/search?${searchQueries[i % searchQueries.length]?.url}`;
        report.push(
          ...(await compare('search', builds, apis, rounds * searchQueries.length, {
            url: urlOf,
            raw: {
              name: 'meilisearch',
              once: async (i) => {
                JSON.parse(
                  check('meilisearch', await meiliHttp.http.post(searchPath, bodies[i % bodies.length] ?? '')),
                );
              },
            },
          })),
        );
        await meiliHttp.close();
      }
      if (parts.includes('detail')) {
        const sql = postgres(run.url, { max: 1, onnotice: () => {} });
        const { detailSql } = await import('./detail.js');
        const ids = Array.from({ length: 100 }, (_, i) => `bench-site-${1 + ((i * 7919 + 13) % data.size)}`);
        const idOf = (i: number) => ids[i % ids.length] ?? 'bench-site-1';
        report.push(
          ...(await compare('detail', builds, apis, rounds * 5, {
            url: (i) => `/v1/sites/${idOf(i)}`,
            raw: {
              name: 'postgres.js',
              once: async (i) => {
                const rows = await sql.unsafe(detailSql, [idOf(i)], { prepare: true });
                JSON.stringify(rows[0]);
              },
            },
          })),
        );
        await sql.end();
      }
    } finally {
      for (const api of apis) await api.stop();
      await run.drop();
    }
  } finally {
    await services.stop();
  }
  load.push(os.loadavg()[0]);
  const out = {
    date: new Date().toISOString(),
    size,
    rounds,
    warmup: warmupRequests,
    load_1min: load,
    nproc: os.availableParallelism(),
    results: report,
  };
  const file = process.env.BENCH_OUT ?? path.join(root, 'scripts/bench/results/ab-latest.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
}

/** The body of a 200 answer; throws naming `what` (and the status and the body's start) on any other. */
function check(what: string, r: { status: number; body: string }): string {
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
  return r.body;
}

/** One request of a part: the API path of the i-th request, and the same read made of the raw engine. */
interface PartRequest {
  url: (i: number) => string;
  raw: { name: string; once: (i: number) => Promise<void> };
}

/**
 * Measures one part: `warmupRequests` of its requests sent to each build, then `count` rounds in which the i-th
 * request goes to every build (its answer checked and parsed) and to the raw engine, in rotated order
 * (`interleave`). Prints and returns each side's `summary` row, a build's with its RSS after the part (MiB).
 */
async function compare(part: string, builds: string[], apis: RunningApi[], count: number, request: PartRequest) {
  say(`${part}…`);
  for (let i = 0; i < warmupRequests; i++) {
    for (const api of apis) check(request.url(i), await api.http.get(request.url(i)));
  }
  const sides: Side[] = [
    ...apis.map((api, b) => ({
      name: builds[b] as string,
      pid: api.pid,
      times: [],
      once: async (i: number) => {
        JSON.parse(check(request.url(i), await api.http.get(request.url(i))));
      },
    })),
    { ...request.raw, times: [] },
  ];
  const cpu = await interleave(sides, count);
  const rss = await Promise.all(apis.map((api) => procMemory(api.pid, 'VmRSS')));
  const rows = summary(part, sides, cpu).map((row, i) =>
    i < apis.length ? { ...row, rss_mib: Number(rss[i]?.toFixed(1) ?? Number.NaN) } : row,
  );
  for (const r of rows) say(JSON.stringify(r));
  return rows;
}

/** Each build's p50 and p95, its ratio to the raw side's p50 (the last side) and its CPU per request. */
function summary(part: string, sides: Side[], cpu: Map<string, number | null>) {
  const raw = sides[sides.length - 1] as Side;
  const rawP50 = percentile(raw.times, 50);
  return sides.map((s) => ({
    part,
    side: s.name,
    p50_ms: Number(percentile(s.times, 50).toFixed(3)),
    p95_ms: Number(percentile(s.times, 95).toFixed(3)),
    ratio_p50: s === raw ? null : Number((percentile(s.times, 50) / rawP50).toFixed(3)),
    cpu_ms_per_request: cpu.get(s.name) === null ? null : Number(cpu.get(s.name)?.toFixed(3)),
  }));
}

main().catch((error) => {
  say(String(error?.stack ?? error));
  process.exit(2);
});
