// npm run bench:search: the API's /v1/search against the same searches sent
// straight to Meilisearch, interleaved request by request (API, then engine,
// then API…), at each size of BENCH_SIZES (10,000 and 100,000 synthetic sites
// by default, added to the seed); prints p50/p95 of each and the ratio, the
// growth of the API's p95 from the smallest size to the largest, and what the
// response's serialisation costs with and without zod's check. Targets: the API
// adds at most 25% at p50; p95 at the largest size at most 3× the smallest.
// Uses the servers of `npm start` (bundled or named by the environment), a
// scratch database and index per size; the API runs in its own process, as in
// production, so that the benchmark's client does not share its event loop.
// Exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { Pool } from 'undici';
import type { ZodType } from 'zod';
import { loadConfig } from '../src/config.js';
import { freePort } from '../src/db/embedded.js';
import { uncheckedSerializer } from '../src/http/responses.js';
import { entryKinds } from '../src/kinds.js';
import { filterDeclarations } from '../src/listing/search-filters.js';
import { searchResponse } from '../src/modules/search/schemas.js';
import { startServices } from '../src/runtime.js';
import { SearchEngine } from '../src/search/engine.js';
import { meiliParams } from '../src/search/meili-query.js';
import type { SearchRequest } from '../src/search/request.js';
import { indexerConnection, rebuildIndex } from '../src/search/sync.js';
import { scratchDirectory } from './bench-search-data.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const sizes = (process.env.BENCH_SIZES ?? process.env.BENCH_SITES ?? '10000,100000').split(',').map(Number);
const queries: SearchRequest[] = [
  { q: 'teleperformence', filters: {}, facets: [], page: 1, limit: 20 },
  { q: 'Helene Bourbouloux', filters: {}, facets: [], page: 1, limit: 20 },
  { q: "centre d'appels Picardie", filters: {}, facets: [], page: 1, limit: 20 },
  { q: 'amiens', filters: { kind: ['site'] }, facets: ['status', 'region'], page: 1, limit: 20 },
  { q: '', filters: { kind: ['site'], status: ['open'] }, facets: ['region', 'departement'], page: 1, limit: 20 },
];

function toUrl(r: SearchRequest): string {
  const p = new URLSearchParams();
  if (r.q) p.set('q', r.q);
  if (r.filters.kind) p.set('kind', r.filters.kind.join(','));
  if (r.filters.status) p.set('status', r.filters.status.join(','));
  if (r.facets.length) p.set('facets', r.facets.join(','));
  p.set('limit', String(r.limit));
  return `/v1/search?${p}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times `run` once per round for each of `runs`, interleaved: run 0, run 1, run 0… Sorted samples in ms each. */
async function interleaved(runs: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (let i = 0; i < 20; i++) for (const run of runs) await run(); // warm-up
  const samples = runs.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++) {
    for (const [k, run] of runs.entries()) {
      const start = process.hrtime.bigint();
      await run();
      samples[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return samples.map((s) => s.sort((a, b) => a - b));
}

/** Microseconds per call of `serialize` on `body`. */
function perCall(serialize: (data: unknown) => string, body: unknown): number {
  for (let i = 0; i < 2_000; i++) serialize(body);
  const n = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) serialize(body);
  return Number(process.hrtime.bigint() - start) / 1e3 / n;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const config = loadConfig();
const services = await startServices(config, () => {});
const missed: string[] = [];
/** p95 of the API per query, by size. */
const p95s = new Map<number, number[]>();
let sampleBody: unknown;
let apiP50 = 0;
try {
  for (const size of sizes) {
    const scratch = await scratchDirectory(services.databaseUrl, size);
    const indexName = `bench_${Date.now()}`;
    const engine = new SearchEngine({ host: services.meiliHost, apiKey: services.meiliApiKey, indexName });
    try {
      const connection = indexerConnection(scratch.url);
      const { documents } = await rebuildIndex(connection, engine);
      await connection.close();

      const port = await freePort();
      const api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        stdio: 'ignore',
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATABASE_URL: scratch.url,
          MEILI_HOST: services.meiliHost,
          MEILI_API_KEY: services.meiliApiKey ?? '',
          MEILI_INDEX: indexName,
          // The bench measures search, not the rate limit of its one address.
          RATE_LIMIT_PER_MINUTE: '0',
        },
      });
      const apiExited = new Promise((resolve) => api.once('exit', resolve));
      // Both sides over the same kind of client: keep-alive, one connection each, identity encoding.
      const apiPool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
      const meiliPool = new Pool(services.meiliHost, { connections: 1 });
      try {
        for (let i = 0; ; i++) {
          const ok = await apiPool.request({ method: 'GET', path: '/ready' }).then(
            async (r) => {
              await r.body.text();
              return r.statusCode === 200;
            },
            () => false,
          );
          if (ok) break;
          if (i > 600) throw new Error('the API did not start');
          await new Promise((r) => setTimeout(r, 100));
        }
        const headers = {
          'accept-encoding': 'identity',
          'content-type': 'application/json',
          ...(services.meiliApiKey ? { authorization: `Bearer ${services.meiliApiKey}` } : {}),
        };
        const all = { api: [] as number[], direct: [] as number[] };
        const queryP95s: number[] = [];
        console.log(`bench:search — ${documents} documents (the seed and ${size} synthetic sites), ${rounds} rounds`);
        for (const request of queries) {
          const path = toUrl(request);
          const body = JSON.stringify({
            ...meiliParams(request, filterDeclarations(entryKinds)),
          });
          const [viaApi, direct] = await interleaved([
            async () => {
              const r = await apiPool.request({ method: 'GET', path, headers: { 'accept-encoding': 'identity' } });
              const parsed = await r.body.json();
              if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode}`);
              sampleBody ??= parsed;
            },
            async () => {
              const r = await meiliPool.request({
                method: 'POST',
                path: `/indexes/${indexName}/search`,
                headers,
                body,
              });
              const parsed = await r.body.json();
              if (r.statusCode !== 200) throw new Error(`meilisearch: ${r.statusCode} ${JSON.stringify(parsed)}`);
            },
          ]);
          all.api.push(...viaApi!);
          all.direct.push(...direct!);
          queryP95s.push(percentile(viaApi!, 95));
          console.log(
            `  ${JSON.stringify(request.q || '(no q)').padEnd(28)} api p50 ${ms(percentile(viaApi!, 50))} ` +
              `p95 ${ms(percentile(viaApi!, 95))} | meilisearch p50 ${ms(percentile(direct!, 50))} ` +
              `p95 ${ms(percentile(direct!, 95))} | ratio p50 ${(percentile(viaApi!, 50) / percentile(direct!, 50)).toFixed(2)}`,
          );
        }
        p95s.set(size, queryP95s);
        // The hop alone, in this process: the same searches through meilisearch-js over fetch (before) and through
        // the engine's keep-alive undici pool (now), interleaved.
        const hop = queries.map((request) => meiliParams(request, filterDeclarations(entryKinds)));
        const [viaFetch, viaPool] = await interleaved([
          async () => {
            for (const { q, ...params } of hop) await engine.client.index(indexName).search(q, params);
          },
          async () => {
            for (const { q, ...params } of hop) await engine.search(q, params);
          },
        ]);
        console.log(
          `  the hop, ${queries.length} searches one after another: meilisearch-js over fetch p50 ${ms(percentile(viaFetch!, 50))}` +
            ` | undici pool p50 ${ms(percentile(viaPool!, 50))} | ratio ${(percentile(viaPool!, 50) / percentile(viaFetch!, 50)).toFixed(2)}`,
        );
        all.api.sort((a, b) => a - b);
        all.direct.sort((a, b) => a - b);
        apiP50 = percentile(all.api, 50);
        const ratio = apiP50 / percentile(all.direct, 50);
        console.log(
          `  all queries: api p50 ${ms(apiP50)} p95 ${ms(percentile(all.api, 95))} | meilisearch p50 ` +
            `${ms(percentile(all.direct, 50))} p95 ${ms(percentile(all.direct, 95))} | ratio p50 ${ratio.toFixed(2)} ` +
            `(target ≤ 1.25) ${ratio <= 1.25 ? 'met' : 'NOT met'}`,
        );
        if (ratio > 1.25) missed.push(`search p50 at ${size}: ${ratio.toFixed(2)}× Meilisearch`);
      } finally {
        await apiPool.close();
        await meiliPool.close();
        api.kill('SIGTERM');
        await apiExited;
      }
      await engine.settle(engine.client.deleteIndex(indexName));
    } finally {
      await engine.close();
      await scratch.drop();
    }
  }
} finally {
  await services.stop();
}

const smallest = Math.min(...sizes);
const largest = Math.max(...sizes);
if (largest > smallest) {
  const growth = p95s.get(largest)!.map((p, i) => p / p95s.get(smallest)![i]!);
  const worst = Math.max(...growth);
  console.log(
    `p95 at ${largest} / p95 at ${smallest}, per query: ${growth.map((g) => g.toFixed(2)).join(', ')} ` +
      `(target ≤ 3) ${worst <= 3 ? 'met' : 'NOT met'}`,
  );
  if (worst > 3) missed.push(`search p95 grows ${worst.toFixed(2)}× from ${smallest} to ${largest}`);
}

// What the response's serialisation costs, on a real body: zod's check then JSON.stringify (before), JSON.stringify
// alone (now).
const schema = searchResponse(entryKinds.map((k) => k.name) as [string, ...string[]]);
const checked = serializerCompiler({ schema: schema as ZodType, method: 'GET', url: '/v1/search', httpStatus: '200' });
const before = perCall(checked, sampleBody);
const now = perCall(uncheckedSerializer(), sampleBody);
console.log(
  `response serialisation: ${before.toFixed(1)} µs with zod's check (before), ${now.toFixed(1)} µs without (now): ` +
    `${(((before - now) / 1000 / apiP50) * 100).toFixed(1)} % of the API's p50 saved`,
);
console.log('ratios are from one run on a shared machine; only ratios measured together are meaningful');
if (missed.length) {
  console.log(`targets missed: ${missed.join('; ')}`);
  process.exitCode = 1;
}
