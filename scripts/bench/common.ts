// What the parts of the benchmark share: the result row, timing and
// percentiles, a low-overhead HTTP client (undici pools, used alike for the API
// and the raw engines), a child process's peak memory from /proc, the API run
// as a child process, and Meilisearch loaded straight from a documents file.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Pool } from 'undici';
import { freePort } from '../../src/db/embedded.js';
import { indexSettings, settingsHash } from '../../src/search/settings.js';
import { type BenchData, documentBatches, sizeLabel } from './synthetic.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One line of the results table: a figure, the raw engine's figure in the same run, their ratio and the target. */
export interface Result {
  part: string;
  measure: string;
  size: number;
  /** The API's figure (null when it did not finish within the budget). */
  value: number | null;
  unit: string;
  raw: number | null;
  /** value / raw, or for a growth the figure at this size over the same at the smallest size. */
  ratio: number | null;
  /** What is asked, e.g. `≤ 1.25×`, `≥ 0.7×`, `≤ 400 MiB`. */
  target: string | null;
  /** null when there is no target or it could not be judged. */
  met: boolean | null;
  note?: string;
}

/** The search engine the benchmark uses, and its own index of each size's documents. */
export interface Meili {
  host: string;
  apiKey: string | undefined;
}

export interface Context {
  data: BenchData;
  meili: Meili;
  /** The Meilisearch index holding this size's documents (kept across runs). */
  index: string;
  /** A clone of the template for this run, shared by the parts that only read (and reindex). */
  databaseUrl: string;
  say: (line: string) => void;
  /** Seconds a slow measure may run before it is cut off and reported as such. */
  budgetSeconds: number;
}

export type Part = (ctx: Context) => Promise<Result[]>;

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Requests sent to the API before a request-by-request measure (`BENCH_WARMUP`, 2,000 by default): the API is
 * measured warm, as a server in service is. V8 optimises the API's code over its first thousands of requests
 * (a perf profile of 1,000 searches after 20 warm-up rounds: 12–15 % of the API's CPU was V8 still compiling, half
 * of its main thread unoptimised code; after 4,000 searches the same 1,000 cost 15 % less CPU); the engines it is
 * compared with are compiled programs, warm after a few requests.
 */
export const warmupRequests = Number(process.env.BENCH_WARMUP ?? 2000);

/** Ratio-based target check: `value / raw` against `limit` (`max` or `min`). */
export function judge(ratio: number | null, limit: number, kind: 'max' | 'min'): boolean | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  return kind === 'max' ? ratio <= limit : ratio >= limit;
}

/** A keep-alive pool per origin; identity encoding, as the API itself asks of Meilisearch. */
export function client(origin: string, headers: Record<string, string> = {}) {
  const pool = new Pool(origin, { connections: 4, pipelining: 1 });
  return {
    async get(pathAndQuery: string): Promise<{ status: number; body: string }> {
      const r = await pool.request({
        method: 'GET',
        path: pathAndQuery,
        headers: { 'accept-encoding': 'identity', ...headers },
      });
      return { status: r.statusCode, body: await r.body.text() };
    },
    async post(
      pathAndQuery: string,
      body: string,
      type = 'application/json',
    ): Promise<{ status: number; body: string }> {
      const r = await pool.request({
        method: 'POST',
        path: pathAndQuery,
        body,
        headers: { 'accept-encoding': 'identity', 'content-type': type, ...headers },
      });
      return { status: r.statusCode, body: await r.body.text() };
    },
    pool,
    close: () => pool.close(),
  };
}

export type Client = ReturnType<typeof client>;

/** A field of /proc/<pid>/status in MiB (VmHWM: peak resident memory; VmRSS: resident now), null when gone. */
export async function procMemory(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time a process has used so far, user and system apart, in ms (from `/proc/<pid>/stat`, clock ticks of 10 ms), or
 * null when it is gone. The difference of two readings around a loop, divided by its requests, is the CPU each
 * request cost the process: a figure the scheduling noise of a shared machine does not blur as it blurs latency.
 */
export async function procCpuMs(pid: number): Promise<{ user: number; system: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return null;
  }
}

/**
 * Follows a child's peak RSS until it exits (VmHWM is gone once it has: the last reading is kept), and the CPU it has
 * used (user + system ms, the last reading: up to 100 ms short).
 */
export function watchPeak(child: ChildProcess): {
  peak: () => number | null;
  cpuMs: () => number | null;
  stop: () => void;
} {
  let peak: number | null = null;
  let cpu: number | null = null;
  const timer = setInterval(async () => {
    if (child.pid === undefined) return;
    const [v, used] = await Promise.all([procMemory(child.pid, 'VmHWM'), procCpuMs(child.pid)]);
    if (v !== null) peak = Math.max(peak ?? 0, v);
    if (used !== null) cpu = Math.max(cpu ?? 0, used.user + used.system);
  }, 100);
  return { peak: () => peak, cpuMs: () => cpu, stop: () => clearInterval(timer) };
}

/** Runs a child to its end, or kills it after `budgetSeconds`; its time, exit code and peak RSS. */
export async function runChild(
  command: string,
  args: string[],
  env: Record<string, string>,
  budgetSeconds: number,
): Promise<{
  ms: number;
  code: number | null;
  finished: boolean;
  peakMiB: number | null;
  /** The child's CPU (user + system), ms. */
  cpuMs: number | null;
  output: string;
}> {
  const started = now();
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const peak = watchPeak(child);
  let finished = true;
  const timer = setTimeout(() => {
    finished = false;
    child.kill('SIGTERM');
  }, budgetSeconds * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  peak.stop();
  return { ms: now() - started, code, finished, peakMiB: peak.peak(), cpuMs: peak.cpuMs(), output };
}

/** The command that runs the API as production does: compiled JavaScript when built, else tsx. */
export function apiCommand(): string[] {
  const compiled = path.join(root, 'dist/server.js');
  return existsSync(compiled) ? [compiled] : ['--import', 'tsx', 'src/server.ts'];
}

/**
 * Runs a CLI of src/cli/ the way npm's scripts do (scripts/start.mjs <name>): the bundle's dist/cli-<name>.js, dist/
 * built first when older than src/ (untimed: a build's time is not the CLI's, and a stale dist/ would measure code
 * that is no longer the checkout's); tsx when the build fails.
 */
export function cliCommand(name: string): string[] {
  spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
  const compiled = path.join(root, `dist/cli-${name}.js`);
  return [...profileFlags(), ...(existsSync(compiled) ? [compiled] : ['--import', 'tsx', `src/cli/${name}.ts`])];
}

/** The options `npm run <script>` gives node (`--max-old-space-size=256`), `--import tsx` aside. */
export async function nodeOptionsOf(script: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...words] = (pkg.scripts[script] ?? '').split(/\s+/);
  return command === 'node' ? words.filter((w) => w.startsWith('--') && w !== '--import') : [];
}

/** BENCH_CPU_PROF_DIR: the API and the CLIs benched write a V8 CPU profile there (open it in Chrome's DevTools). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export interface RunningApi {
  origin: string;
  pid: number;
  http: Client;
  stop(): Promise<void>;
}

/**
 * Starts the API as a child process over `databaseUrl` and the size's index; resolves at its first 200 /ready. `command`:
 * node's arguments after its profile flags (`apiCommand()`'s by default; ab.ts gives each build's `server.js`).
 */
export async function startApi(
  ctx: Context,
  env: Record<string, string> = {},
  command: string[] = apiCommand(),
): Promise<RunningApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [...profileFlags(), ...command], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: ctx.databaseUrl,
      MEILI_HOST: ctx.meili.host,
      MEILI_API_KEY: ctx.meili.apiKey ?? '',
      MEILI_INDEX: ctx.index,
      SEED_ON_START: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      DATABASE_STATEMENT_TIMEOUT_SECONDS: '600',
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const http = client(origin);
  for (let i = 0; ; i++) {
    const ok = await http.get('/ready').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || i > 1200) {
      child.kill('SIGKILL');
      throw new Error(`the API did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    pid: child.pid ?? 0,
    http,
    stop: async () => {
      await http.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Meilisearch's own client: tasks waited for and checked. */
export function meiliClient(meili: Meili) {
  const http = client(meili.host, meili.apiKey ? { authorization: `Bearer ${meili.apiKey}` } : {});
  const waitTask = async (body: string) => {
    const { taskUid } = JSON.parse(body) as { taskUid: number };
    for (;;) {
      const r = await http.get(`/tasks/${taskUid}`);
      const task = JSON.parse(r.body) as { status: string; error?: { message: string } };
      if (task.status === 'succeeded') return;
      if (task.status === 'failed' || task.status === 'canceled') {
        throw new Error(`Meilisearch task ${taskUid} ${task.status}: ${task.error?.message ?? ''}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const send = async (method: 'POST' | 'DELETE' | 'PATCH', p: string, body?: string, type = 'application/json') => {
    const r = await http.pool.request({
      method,
      path: p,
      body,
      headers: {
        'content-type': type,
        'accept-encoding': 'identity',
        ...(meili.apiKey ? { authorization: `Bearer ${meili.apiKey}` } : {}),
      },
    });
    const text = await r.body.text();
    if (r.statusCode >= 400 && !(method === 'DELETE' && r.statusCode === 404)) {
      throw new Error(`Meilisearch ${method} ${p}: ${r.statusCode} ${text}`);
    }
    if (r.statusCode === 202) await waitTask(text);
    return text;
  };
  const deleteIndex = async (name: string) => {
    if ((await http.get(`/indexes/${name}`)).status === 200) await send('DELETE', `/indexes/${name}`);
  };
  return {
    http,
    /** Creates an index with the API's settings (the same as `SearchEngine.createIndex`). */
    async createIndex(name: string) {
      await deleteIndex(name);
      await send('POST', '/indexes', JSON.stringify({ uid: name, primaryKey: 'uid' }));
      await send('PATCH', `/indexes/${name}/settings`, JSON.stringify(indexSettings()));
    },
    deleteIndex,
    async count(name: string): Promise<number | null> {
      const r = await http.get(`/indexes/${name}/stats`);
      return r.status === 200 ? (JSON.parse(r.body) as { numberOfDocuments: number }).numberOfDocuments : null;
    },
    /**
     * Raw `addDocuments` of a JSON-lines file, in batches, the next batch sent while Meilisearch indexes the
     * last (tasks queue in order), waiting for every task. Returns the number of documents.
     */
    async addDocumentsFromFile(name: string, file: string, batchSize = 10_000): Promise<number> {
      let n = 0;
      const pending: Promise<void>[] = [];
      for await (const batch of documentBatches(file, batchSize)) {
        n += batch.length;
        const r = await http.post(
          `/indexes/${name}/documents?primaryKey=uid`,
          batch.join('\n'),
          'application/x-ndjson',
        );
        if (r.status !== 202) throw new Error(`addDocuments: ${r.status} ${r.body}`);
        pending.push(waitTask(r.body));
      }
      await Promise.all(pending);
      return n;
    },
    close: () => http.close(),
  };
}

/** The index holding the documents of `data`, built once from its documents file and kept. */
export async function sizeIndex(meili: Meili, data: BenchData, say: (line: string) => void): Promise<string> {
  const name = `plateau_bench_${sizeLabel(data.size).toLowerCase()}_${data.fingerprint}`;
  const m = meiliClient(meili);
  try {
    let expected = 0;
    for await (const batch of documentBatches(data.documents, 10_000)) expected += batch.length;
    if ((await m.count(name)) !== expected) {
      say(`loading ${expected} documents into index ${name}`);
      await m.createIndex(name);
      await m.addDocumentsFromFile(name, data.documents);
    }
  } finally {
    await m.close();
  }
  return name;
}

/**
 * Records in a run's database that the size's index holds its documents with the code's settings, as a rebuild
 * records it: without that record the API started on the database rebuilds the index when it starts (its indexer
 * rebuilds an index it has no record of), for minutes at 1M, in the middle of the measures.
 */
export async function recordSizeIndex(meili: Meili, databaseUrl: string, index: string): Promise<void> {
  const m = meiliClient(meili);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const documents = (await m.count(index)) ?? 0;
    await sql`
      insert into search_index_state (index_name, settings_hash, document_count)
      values (${index}, ${settingsHash()}, ${documents})
      on conflict (index_name) do update set settings_hash = excluded.settings_hash,
        document_count = excluded.document_count, built_at = now()`;
  } finally {
    await sql.end({ timeout: 5 });
    await m.close();
  }
}
