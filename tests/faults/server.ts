// The fault suite's harness: Plateau started for real (`npm start`, or `node dist/server.js` once built), as
// a child process on a temporary data folder with its bundled engines, and
// what it takes to hurt them: their pids from the runtime files, signals.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/db/embedded.js';
import { isAlive } from '../../src/engines/processes.js';

export interface Running {
  child: ChildProcess;
  port: number;
  base: string;
  /** Every line the server wrote, stdout and stderr. */
  lines: string[];
  exited: Promise<number | null>;
}

/** The environment of a child Plateau on `dataDir`, with the bundled engines. */
export function plateauEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The suite's load comes from one address: the read and write limits would answer 429.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.MEILI_HOST;
  delete env.MEILI_API_KEY;
  return env;
}

/**
 * Starts Plateau on `dataDir` and waits until /ready answers 200: through `npm start` (which builds dist/ first),
 * or as `npm start` runs it once built (`node dist/server.js`), the API then being the child itself.
 */
export async function startPlateau(
  dataDir: string,
  via: 'npm' | 'node',
  extraEnv: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  const env = plateauEnv(dataDir, { PORT: String(port), ...extraEnv });
  const child =
    via === 'npm'
      ? spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [builtServer()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  // FAULTS_LOG=<file> keeps the servers' output for a look after the run.
  const keep = process.env.FAULTS_LOG;
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (keep) appendFileSync(keep, chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Plateau exited at start:\n${lines.join('\n')}`);
    const status = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(3_000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`Plateau not ready in 90 s:\n${lines.join('\n')}`);
    await sleep(250);
  }
  return { child, port, base, lines, exited };
}

/** `dist/server.js`, built first (`npm run build`: nothing to do when dist/ is up to date). */
export function builtServer(): string {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  return path.resolve('dist/server.js');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The runtime file of a bundled engine. */
export function runtime(dataDir: string, engine: 'postgres' | 'meilisearch') {
  return JSON.parse(readFileSync(path.join(dataDir, `${engine}.json`), 'utf8')) as {
    pid: number;
    port: number;
    owner: { pid: number };
  };
}

/** The postmaster and every process it forked (they run in sessions of their own). */
export function postgresProcesses(postmaster: number): number[] {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' });
  return [postmaster, ...children.split(/\s+/).filter(Boolean).map(Number)];
}

/** Polls `check` every 100 ms until it holds; the time it took, in ms; throws after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const started = Date.now();
  let lastError: unknown;
  const passes = async () => {
    try {
      return await check();
    } catch (error) {
      // A poll that fails (a keep-alive connection the server closed as the request left: "other side closed")
      // counts as not yet; the time limit still ends the wait, naming it.
      lastError = error;
      return false;
    }
  };
  while (!(await passes())) {
    if (Date.now() - started > timeoutMs) {
      const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${what}: not within ${timeoutMs} ms${last}`);
    }
    await sleep(100);
  }
  return Date.now() - started;
}

/** Whether the process is gone (or a zombie waiting for its parent). */
export function gone(pid: number): boolean {
  if (!isAlive(pid)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** A GET with a time limit: status, headers, elapsed ms and the body as text. */
export async function get(url: string, timeoutMs = 20_000) {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, ms: Date.now() - started };
}
