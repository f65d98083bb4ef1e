// npm run bench:search: the API's /v1/search against the same searches sent
// straight to Meilisearch, in one run; prints p50/p95 of each and the ratio.
// Target: the API adds at most 25% at p50. Uses the same servers as
// `npm start` (bundled or named by the environment) and a scratch index; the
// API runs in its own process, as in production, so that the benchmark's
// client does not share its event loop.
import { spawn } from 'node:child_process';
import { loadConfig } from '../src/config.js';
import { prepareDatabase } from '../src/database.js';
import { connect, type Db } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { operators, sites } from '../src/db/schema/index.js';
import { geography, placeOfCommune } from '../src/geo/index.js';
import { entryKinds } from '../src/kinds.js';
import { filterDeclarations } from '../src/listing/search-filters.js';
import { startServices } from '../src/runtime.js';
import { SearchEngine } from '../src/search/engine.js';
import { meiliParams } from '../src/search/meili-query.js';
import type { SearchRequest } from '../src/search/request.js';
import { indexerConnection, rebuildIndex } from '../src/search/sync.js';
import { seedIfEmpty } from '../src/seed/load.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
/** Synthetic sites added to the seed, to measure at the size of a real directory (France has over 3,000 centres). */
const syntheticSites = Number(process.env.BENCH_SITES ?? 5000);
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

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

/** Sites in real communes, named like the press names them, for a directory of realistic size. */
async function addSyntheticSites(db: Db, count: number) {
  const communes = [...geography().communes.values()];
  const operatorIds = (await db.select({ id: operators.id }).from(operators)).map((o) => o.id);
  const words = ['Plateau', 'Centre de contacts', 'Relation client', 'Service client', 'Hotline', 'Centre d’appels'];
  const statuses = ['open', 'open', 'open', 'closed', 'planned', 'relocated'] as const;
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
      const n = i + k;
      const commune = communes[(n * 7919) % communes.length]!;
      return {
        id: `bench-site-${n}`,
        name: `${words[n % words.length]} ${commune.name} ${n}`,
        operator_id: operatorIds[n % operatorIds.length]!,
        ...placeOfCommune(commune),
        status: statuses[n % statuses.length],
      };
    });
    await db.insert(sites).values(rows);
  }
}

const config = loadConfig();
const services = await startServices(config, () => {});
const indexName = `bench_${Date.now()}`;
// A scratch database on the same server, dropped at the end.
const scratchName = `plateau_bench_${Date.now()}`;
const adminUrl = new URL(services.databaseUrl);
adminUrl.pathname = '/postgres';
const scratchUrl = new URL(services.databaseUrl);
scratchUrl.pathname = `/${scratchName}`;
const admin = connect(adminUrl.toString(), { max: 1 });
await admin.sql.unsafe(`create database ${scratchName}`);
try {
  await prepareDatabase(scratchUrl.toString());
  const database = connect(scratchUrl.toString(), { max: 1 });
  await seedIfEmpty(database.db);
  await addSyntheticSites(database.db, syntheticSites);
  await database.close();
  services.databaseUrl = scratchUrl.toString();
  const engine = new SearchEngine({ host: services.meiliHost, apiKey: services.meiliApiKey, indexName });
  const connection = indexerConnection(services.databaseUrl);
  const { documents } = await rebuildIndex(connection, engine);
  await connection.close();

  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: services.databaseUrl,
      MEILI_HOST: services.meiliHost,
      MEILI_API_KEY: services.meiliApiKey ?? '',
      MEILI_INDEX: indexName,
      // The bench measures search, not the rate limit of its one address.
      RATE_LIMIT_PER_MINUTE: '0',
    },
  });
  const apiExited = new Promise((resolve) => api.once('exit', resolve));
  for (let i = 0; ; i++) {
    const ok = await fetch(`${address}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 100));
  }

  const headers = {
    'accept-encoding': 'identity',
    'content-type': 'application/json',
    authorization: `Bearer ${services.meiliApiKey ?? ''}`,
  };
  const rows: string[] = [];
  const all = { api: [] as number[], direct: [] as number[] };
  for (const request of queries) {
    const url = `${address}${toUrl(request)}`;
    const api = await time(async () => {
      const r = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      await r.json();
    });
    const body = JSON.stringify(meiliParams(request, filterDeclarations(entryKinds)));
    const direct = await time(async () => {
      const r = await fetch(`${services.meiliHost}/indexes/${indexName}/search`, { method: 'POST', headers, body });
      if (!r.ok) throw new Error(`meilisearch: ${r.status} ${await r.text()}`);
      await r.json();
    });
    all.api.push(...api);
    all.direct.push(...direct);
    rows.push(
      `${JSON.stringify(request.q || '(no q)').padEnd(28)} api p50 ${percentile(api, 50).toFixed(2)} ms p95 ${percentile(api, 95).toFixed(2)} ms | meilisearch p50 ${percentile(direct, 50).toFixed(2)} ms p95 ${percentile(direct, 95).toFixed(2)} ms | ratio p50 ${(percentile(api, 50) / percentile(direct, 50)).toFixed(2)}`,
    );
  }
  all.api.sort((a, b) => a - b);
  all.direct.sort((a, b) => a - b);
  const ratio = percentile(all.api, 50) / percentile(all.direct, 50);
  console.log(
    `bench:search — ${documents} documents (the seed and ${syntheticSites} synthetic sites), ${rounds} rounds per query, ${queries.length} queries`,
  );
  for (const row of rows) console.log(row);
  console.log(
    `all queries: api p50 ${percentile(all.api, 50).toFixed(2)} ms p95 ${percentile(all.api, 95).toFixed(2)} ms | meilisearch p50 ${percentile(all.direct, 50).toFixed(2)} ms p95 ${percentile(all.direct, 95).toFixed(2)} ms`,
  );
  console.log(
    `API overhead at p50: ${((ratio - 1) * 100).toFixed(1)}% (target: at most 25%) — ${ratio <= 1.25 ? 'met' : 'NOT met'}`,
  );
  api.kill('SIGTERM');
  await apiExited;
  await engine.settle(engine.client.deleteIndex(indexName));
} finally {
  await admin.sql.unsafe(`drop database if exists ${scratchName} with (force)`);
  await admin.close();
  await services.stop();
}
