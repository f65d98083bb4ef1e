// npx tsx scripts/bench-start.ts: `npm start` on an empty data folder, to its
// first /ready, against the two bundled engines' own start (PostgreSQL's
// cluster created and started, Meilisearch started, one after the other, each
// on an empty folder of its own), in one run; BENCH_START_ROUNDS rounds (3),
// the medians compared. Also `node dist/server.js` alone on an empty folder
// (npm start without its up-to-date check of dist/), and the API's resident
// memory at rest once ready. Target: npm start at most 2× the engines' start.
// Exits 1 when it is missed. The machine is shared: only the ratios compare.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.js';
import { startEmbeddedMeilisearch } from '../src/search/embedded.js';

const rounds = Number(process.env.BENCH_START_ROUNDS ?? 3);
const target = 2;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A fresh data folder the bundled PostgreSQL (run as `postgres` under root) may write. */
async function emptyFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plateau-bench-start-'));
  await chmod(dir, 0o755);
  return dir;
}

/** The engines' own start on an empty folder: PostgreSQL (initdb and start), then Meilisearch; in ms each. */
async function enginesStart() {
  const dir = await emptyFolder();
  try {
    let started = performance.now();
    const pg = await startEmbeddedPostgres(path.join(dir, 'pg'));
    const postgresMs = performance.now() - started;
    started = performance.now();
    const meili = await startEmbeddedMeilisearch(path.join(dir, 'meili'), { maxIndexingMemory: '256MiB' });
    const meiliMs = performance.now() - started;
    await meili.stop();
    await pg.stop();
    return { postgresMs, meiliMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resident memory of a process, in MiB. */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Plateau started by `command` on an empty folder: ms to the first /ready 200, and the API's RSS at rest. */
async function plateauStart(command: string[]) {
  const dir = await emptyFolder();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.MEILI_HOST;
  delete env.MEILI_API_KEY;
  const started = performance.now();
  const child: ChildProcess = spawn(command[0] as string, command.slice(1), { env, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited before /ready`);
      const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (performance.now() - started > 180_000) throw new Error('not ready in 180 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    const readyMs = performance.now() - started;
    // At rest: the seed indexed, nothing asked.
    await new Promise((r) => setTimeout(r, 3_000));
    const owner = JSON.parse(await readFile(path.join(dir, 'postgres.json'), 'utf8')).owner.pid as number;
    const rest = await rssMiB(owner);
    child.kill('SIGTERM');
    await exited;
    return { readyMs, rest };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

const results = { engines: [] as number[], postgres: [] as number[], meili: [] as number[] };
const npmStart = { ready: [] as number[], rss: [] as number[] };
const nodeStart = { ready: [] as number[], rss: [] as number[] };
// Built once first, so that every `npm start` below finds dist/ up to date, as a second start does.
await new Promise((resolve, reject) =>
  spawn('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).once('exit', (code) =>
    code === 0 ? resolve(code) : reject(new Error(`build: ${code}`)),
  ),
);
for (let round = 0; round < rounds; round++) {
  const engines = await enginesStart();
  results.postgres.push(engines.postgresMs);
  results.meili.push(engines.meiliMs);
  results.engines.push(engines.postgresMs + engines.meiliMs);
  const viaNpm = await plateauStart(['npm', 'start', '--silent']);
  npmStart.ready.push(viaNpm.readyMs);
  npmStart.rss.push(viaNpm.rest);
  const viaNode = await plateauStart([process.execPath, 'dist/server.js']);
  nodeStart.ready.push(viaNode.readyMs);
  nodeStart.rss.push(viaNode.rest);
}
const engines = median(results.engines);
const ratio = median(npmStart.ready) / engines;
console.log(`bench:start: ${rounds} rounds, medians, empty data folders; the machine is shared: only ratios compare`);
console.log(
  `engines' own start: ${seconds(engines)} (PostgreSQL initdb + start ${seconds(median(results.postgres))}, ` +
    `Meilisearch ${seconds(median(results.meili))})`,
);
console.log(
  `npm start to /ready: ${seconds(median(npmStart.ready))}, ratio ${ratio.toFixed(2)} (target ≤ ${target}) ` +
    `${ratio <= target ? 'met' : 'NOT met'}; API RSS at rest ${median(npmStart.rss).toFixed(0)} MiB`,
);
console.log(
  `node dist/server.js to /ready: ${seconds(median(nodeStart.ready))}, ratio ${(median(nodeStart.ready) / engines).toFixed(2)}; ` +
    `API RSS at rest ${median(nodeStart.rss).toFixed(0)} MiB`,
);
process.exitCode = ratio <= target ? 0 : 1;
