// `npm start` on an empty data folder (bundled PostgreSQL and Meilisearch, no
// DATABASE_URL or MEILI_HOST) to its first /ready saying `ready` (the search index built), against the two
// engines' own start on another empty folder (the cluster created, both
// servers started, in parallel, as src/db/embedded.ts and
// src/search/embedded.ts do it). Independent of the size: run once.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { startEmbeddedMeilisearch } from '../../src/search/embedded.js';
import { type Context, client, judge, now, procMemory, type Result, root } from './common.js';

export async function measureStart(ctx: Context): Promise<Result[]> {
  const rawDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-engines-'));
  const apiDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-start-'));
  try {
    const rawStarted = now();
    const [pg, meili] = await Promise.all([
      startEmbeddedPostgres(path.join(rawDir, 'data')),
      startEmbeddedMeilisearch(path.join(rawDir, 'data'), { maxIndexingMemory: '256MiB' }),
    ]);
    const rawMs = now() - rawStarted;
    await meili.stop();
    await pg.stop();

    const port = await freePort();
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(apiDir, 'data'),
      // debug: the API then logs its start timeline (src/server.ts), printed with the figure.
      LOG_LEVEL: 'debug',
    };
    delete env.DATABASE_URL;
    delete env.MEILI_HOST;
    delete env.MEILI_API_KEY;
    // `npm start` builds dist/ once (scripts/build-if-stale.mjs): a checkout that was never started builds it
    // first, untimed, so that the figure is a start's, not a build's (the staleness check itself stays timed).
    const build = spawnSync('node', ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'ignore' });
    if (build.status !== 0) throw new Error('bench start: the build of dist/ failed (npm run build says why)');
    const started = now();
    // npm, as a user runs it; its own process group, so that the API under it is stopped with it.
    const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    let timeline: Timeline | null = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.includes('"start timeline"')) return;
      try {
        timeline = JSON.parse(line) as Timeline;
      } catch {
        // not the API's line
      }
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const http = client(`http://127.0.0.1:${port}`);
    let ms: number | null = null;
    const deadline = started + ctx.budgetSeconds * 1000;
    while (now() < deadline && child.exitCode === null) {
      // Started once /ready says `ready`: a 200 saying `degraded` comes before the search index is built, while
      // searches still answer from PostgreSQL (verify44 fault 02).
      const ok = await http.get('/ready').then(
        (r) => r.status === 200 && JSON.parse(r.body).status === 'ready',
        () => false,
      );
      if (ok) {
        ms = now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await http.close();
    // The API's RSS: the node process listening under npm (the deepest descendant).
    const rss = child.pid ? await deepestRss(child.pid) : null;
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
    await new Promise((r) => setTimeout(r, 3000)); // its engines stop after it
    const ratio = ms === null ? null : ms / rawMs;
    return [
      {
        part: 'start',
        measure: 'npm start on an empty data folder to /ready',
        size: 0,
        value: ms,
        unit: 'ms',
        raw: rawMs,
        ratio,
        target: '≤ 2×',
        met: ms === null ? false : judge(ratio, 2, 'max'),
        note:
          `raw: both engines started in parallel; API peak RSS ${rss?.toFixed(0) ?? '?'} MiB at first /ready; ` +
          `the API's timeline, ms since its process began (and CPU ms it had used): ${describeTimeline(timeline)}`,
      },
    ];
  } finally {
    await rm(rawDir, { recursive: true, force: true });
    await rm(apiDir, { recursive: true, force: true });
  }
}

/** The API's `start timeline` line (src/server.ts): each phase's end, in wall and CPU ms since its process began. */
interface Timeline {
  ms: Record<string, number>;
  cpu_ms?: Record<string, number>;
}

/** `engines answer 655 (cpu 240), database migrated 875 (cpu 410), …`, or why there is none. */
function describeTimeline(timeline: Timeline | null): string {
  if (!timeline) return 'none logged';
  return Object.entries(timeline.ms)
    .map(
      ([phase, ms]) =>
        `${phase} ${ms}${timeline.cpu_ms?.[phase] === undefined ? '' : ` (cpu ${timeline.cpu_ms[phase]})`}`,
    )
    .join(', ');
}

/** VmHWM of the node process at the bottom of a process tree (npm → sh → node). */
async function deepestRss(pid: number): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  let current = pid;
  for (let depth = 0; depth < 5; depth++) {
    const children = await readFile(`/proc/${current}/task/${current}/children`, 'utf8').catch(() => '');
    const next = children.trim().split(/\s+/).filter(Boolean).map(Number);
    // The API is the child that is node; engines are its children and are not followed.
    let found: number | undefined;
    for (const c of next) {
      const cmd = await readFile(`/proc/${c}/cmdline`, 'utf8').catch(() => '');
      if (['node', 'sh', 'npm'].includes(path.basename(cmd.split('\0')[0] ?? ''))) found = c;
    }
    if (found === undefined) break;
    current = found;
  }
  return procMemory(current, 'VmHWM');
}
