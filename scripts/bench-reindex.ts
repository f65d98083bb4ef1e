// npm run bench:reindex: `npm run reindex` against raw Meilisearch addDocuments of the same documents, in one run,
// at each size of BENCH_SIZES (10,000 and 100,000 sites by default; 1000000 fits too, given time). Prints, per size:
// the raw time (index created with the same settings, the documents posted in batches of the same size as NDJSON,
// every task awaited), the reindex time (the CLI's own figure: cursor, documents, batches, swap), their ratio
// (target ≥ 0.7× the raw throughput, i.e. raw time / reindex time ≥ 0.7) and the CLI's peak RSS (target ≤ 400 MiB).
// The reindex runs as its own process, as `npm run reindex` does, on a scratch database of the server of
// `npm start` (bundled, or named by DATABASE_URL and MEILI_HOST). Exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/client.js';
import { startServices } from '../src/runtime.js';
import { documentBatches } from '../src/search/documents.js';
import { SearchEngine } from '../src/search/engine.js';
import { documentBatchSize } from '../src/search/sync.js';
import { scratchDirectory } from './bench-search-data.js';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const targetRatio = 0.7;
const targetRssMiB = 400;

/** Writes every search document of the database to an NDJSON file; returns how many. */
async function dumpDocuments(databaseUrl: string, file: string): Promise<number> {
  const database = connect(databaseUrl, { max: 1 });
  const out = createWriteStream(file);
  let count = 0;
  try {
    for await (const batch of documentBatches(database.sql, documentBatchSize)) {
      count += batch.length;
      if (!out.write(`${batch.map((d) => JSON.stringify(d)).join('\n')}\n`)) {
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    }
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
    await database.close();
  }
  return count;
}

/** The raw engine: a fresh index with the same settings, the file posted batch by batch, every task awaited. */
async function rawAddDocuments(engine: SearchEngine, host: string, apiKey: string | undefined, file: string) {
  const name = `bench_raw_${Date.now()}`;
  const started = performance.now();
  await engine.createIndex(name);
  const headers = {
    'content-type': 'application/x-ndjson',
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  };
  const tasks: number[] = [];
  const post = async (lines: string[]) => {
    const response = await request(`${host}/indexes/${name}/documents?primaryKey=uid`, {
      method: 'POST',
      headers,
      body: lines.join('\n'),
    });
    const body = (await response.body.json()) as { taskUid: number };
    tasks.push(body.taskUid);
  };
  let lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    lines.push(line);
    if (lines.length === documentBatchSize) {
      await post(lines);
      lines = [];
    }
  }
  if (lines.length) await post(lines);
  for (const uid of tasks) {
    const task = await engine.client.tasks.waitForTask(uid, { timeout: 3_600_000, interval: 25 });
    if (task.status !== 'succeeded') throw new Error(`raw task ${uid} ${task.status}`);
  }
  const ms = performance.now() - started;
  await engine.settle(engine.client.deleteIndex(name));
  return ms;
}

/** `npm run reindex` itself (its heap bound included), as a child process; its own figures read from its output. */
async function reindex(env: NodeJS.ProcessEnv): Promise<{ ms: number; wallMs: number; rssMiB: number }> {
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', 'reindex'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`reindex exited ${code}: ${output}`);
  const ms = Number(/swapped in after (\d+) ms/.exec(output)?.[1]);
  const rssMiB = Number(/peak memory (\d+) MiB/.exec(output)?.[1]);
  return { ms, wallMs: performance.now() - started, rssMiB };
}

const config = loadConfig();
const services = await startServices(config, () => {});
const folder = await mkdtemp(join(tmpdir(), 'plateau-bench-reindex-'));
const missed: string[] = [];
const lines: string[] = [];
try {
  for (const size of sizes) {
    const scratch = await scratchDirectory(services.databaseUrl, size);
    const indexName = `bench_reindex_${Date.now()}`;
    const engine = new SearchEngine({ host: services.meiliHost, apiKey: services.meiliApiKey, indexName });
    try {
      const file = join(folder, `documents-${size}.ndjson`);
      const documents = await dumpDocuments(scratch.url, file);
      // Raw first, then the reindex, then raw again: the ratio uses the mean raw time around it.
      const rawBefore = await rawAddDocuments(engine, services.meiliHost, services.meiliApiKey, file);
      const run = await reindex({
        ...process.env,
        DATABASE_URL: scratch.url,
        MEILI_HOST: services.meiliHost,
        MEILI_API_KEY: services.meiliApiKey ?? '',
        MEILI_INDEX: indexName,
        LOG_LEVEL: 'warn',
      });
      const rawAfter = await rawAddDocuments(engine, services.meiliHost, services.meiliApiKey, file);
      const raw = (rawBefore + rawAfter) / 2;
      const ratio = raw / run.ms;
      const line =
        `${String(size).padStart(8)} sites, ${documents} documents: raw addDocuments ${(raw / 1000).toFixed(2)} s ` +
        `(${(rawBefore / 1000).toFixed(2)} s before, ${(rawAfter / 1000).toFixed(2)} s after) ` +
        `(${Math.round(documents / (raw / 1000))} docs/s) | reindex ${(run.ms / 1000).toFixed(2)} s ` +
        `(${Math.round(documents / (run.ms / 1000))} docs/s; ${(run.wallMs / 1000).toFixed(2)} s with the CLI's start) ` +
        `| ratio ${ratio.toFixed(2)}× (target ≥ ${targetRatio}) | reindex peak RSS ${run.rssMiB} MiB (target ≤ ${targetRssMiB})`;
      console.log(line);
      lines.push(line);
      if (ratio < targetRatio) missed.push(`reindex at ${size}: ${ratio.toFixed(2)}× raw`);
      if (run.rssMiB > targetRssMiB) missed.push(`reindex at ${size}: ${run.rssMiB} MiB`);
      await engine.settle(engine.client.deleteIndex(indexName)).catch(() => {});
    } finally {
      await engine.close();
      await scratch.drop();
    }
  }
} finally {
  await rm(folder, { recursive: true, force: true });
  await services.stop();
}
console.log(`bench:reindex — batches of ${documentBatchSize} documents; ratios from one run on a shared machine`);
if (missed.length) {
  console.log(`targets missed: ${missed.join('; ')}`);
  process.exitCode = 1;
} else console.log('targets met');
