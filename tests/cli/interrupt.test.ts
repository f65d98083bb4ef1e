// Ctrl-C (SIGINT) or SIGTERM during an import stops it: its sessions ended (the transaction rolled back), its staging
// table dropped, one line saying so, exit status 130 or 143 (src/cli/interrupt.ts). verify30 fault 05: an
// interrupted import:bodacc exited 130 in silence and left its 20 MB staging table.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../setup/app.js';
import { liquidationNotice } from '../setup/bodacc.js';
import { insertSites } from '../setup/bulk-sites.js';
import { spawnCli, startCli } from '../setup/cli.js';
import { good, header } from '../setup/import.js';
import { sirenOf } from '../setup/sirene.js';

let app: App;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-interrupt-'));
});

/** The exact number of rows of every table of the database, by name. */
async function tableCounts(): Promise<Record<string, number>> {
  const rows = await app.database.sql<{ name: string; n: number }[]>`
    select table_name as name,
           (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I', table_name), false, true, '')))[1]
             ::text::int as n
      from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/** The staging tables in the database (any import's). */
async function stagingTables(): Promise<string[]> {
  const rows = await app.database.sql<{ name: string }[]>`
    select relname as name from pg_class where relkind = 'r' and relname like '%staging%' order by 1`;
  return rows.map((r) => r.name);
}

/** Sends `signal` to `child` once it has a staging table (it is writing), and gives its status and output. */
async function interruptWhileWriting(child: ChildProcess, signal: NodeJS.Signals) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const deadline = Date.now() + 60_000;
  while (!(await stagingTables()).length) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no staging table seen: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill(signal);
  const [status] = await exited;
  return { status, stdout, stderr };
}

describe('an import interrupted while it writes', () => {
  it('npm run import: SIGTERM rolls back, drops its staging table, says so and exits 143', async () => {
    const file = path.join(dir, 'sites.csv');
    const rows = Array.from({ length: 40_000 }, (_, n) => good(`stop-${n}`, 'Tours'));
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
    const before = await tableCounts();
    const run = await interruptWhileWriting(
      spawnCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl }),
      'SIGTERM',
    );
    expect(run).toEqual({
      status: 143,
      stdout: '',
      stderr: 'import interrupted (SIGTERM): stopped and rolled back, nothing applied\n',
    });
    expect(await tableCounts()).toEqual(before);
    expect(await stagingTables()).toEqual([]);
  });

  it('npm run import:bodacc: Ctrl-C rolls back, drops its staging table, says so and exits 130', async () => {
    const file = path.join(dir, 'notices.jsonl');
    const lines: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      lines.push(await liquidationNotice(n, sirenOf(String(40_000_000 + n)), 'Liquidateur : Maître Jean Dupont.'));
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const before = await tableCounts();
    const run = await interruptWhileWriting(
      spawnCli('import-bodacc.ts', [file], { DATABASE_URL: databaseUrl }),
      'SIGINT',
    );
    expect(run).toEqual({
      status: 130,
      stdout: '',
      stderr: 'import interrupted (SIGINT): stopped and rolled back, nothing applied\n',
    });
    expect(await tableCounts()).toEqual(before);
    expect(await stagingTables()).toEqual([]);
  }, 120_000);
});

/** The pids of the processes under `pid` (children, their children…), from /proc. */
async function descendants(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const pids = children.trim().split(' ').filter(Boolean).map(Number);
  return [...pids, ...(await Promise.all(pids.map(descendants))).flat()];
}

/**
 * Imports 40,000 sites under `launch` (given the import's command line, it starts the launcher), kills the launcher
 * with `signal` once the import writes (its own staging table there), and waits for the import's node to exit: its
 * stderr, whether it exited within 15 s, its state then (null: gone; 'Z': exited, not yet reaped).
 */
async function killLauncherWhileWriting(
  name: string,
  launch: (command: string) => ChildProcess | Promise<ChildProcess>,
  signal: NodeJS.Signals,
) {
  const file = path.join(dir, `${name}.csv`);
  const rows = Array.from({ length: 40_000 }, (_, n) => good(`${name}-${n}`, 'Tours'));
  await writeFile(file, `${[header, ...rows].join('\n')}\n`);
  const cli = spawnCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
  cli.kill('SIGKILL');
  await once(cli, 'exit');
  const launcher = await launch(
    [process.execPath, ...(cli.spawnargs.slice(1) as string[])].map((a) => `'${a}'`).join(' '),
  );
  let stderr = '';
  launcher.stderr?.on('data', (d) => {
    stderr += d;
  });
  const closed = once(launcher.stderr!, 'close');
  // The import's node, under the launcher; writing once its own staging table is there.
  const deadline = Date.now() + 60_000;
  let node = 0;
  for (;;) {
    const staging = await stagingTables();
    const own = (await descendants(launcher.pid!)).find((pid) =>
      staging.some((t) => t.startsWith(`import_staging_${pid}_`)),
    );
    if (own) {
      node = own;
      break;
    }
    if (Date.now() > deadline) throw new Error(`no staging table seen: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  launcher.kill(signal);
  const [status] = (await once(launcher, 'exit')) as [number | null, NodeJS.Signals | null];
  const killedAt = Date.now();
  // The node's stderr, inherited from the launcher, closes when it exits.
  await closed;
  const quick = Date.now() - killedAt < 15_000;
  const stat = await readFile(`/proc/${node}/stat`, 'utf8').catch(() => null);
  return { status, stderr, quick, state: stat === null ? null : stat.split(') ')[1]?.[0] };
}

describe('an import whose launcher is killed without passing the signal on (verify9 fault 01)', () => {
  it('stops as on SIGTERM within seconds: rolled back, its staging table dropped, nothing applied later', async () => {
    const before = await tableCounts();
    // As npm runs a script: `sh -c '<command>'`, the shell staying the node's parent.
    let shell: ChildProcess | undefined;
    const run = await killLauncherWhileWriting(
      'orphan',
      (command) => {
        shell = spawn('sh', ['-c', `${command}; exit $?`], { env: { ...process.env, DATABASE_URL: databaseUrl } });
        return shell;
      },
      'SIGTERM',
    );
    expect(run.status).toBe(null);
    expect(run.quick).toBe(true);
    // Exited: gone, or a zombie until whoever adopted it reaps it.
    expect([null, 'Z']).toContain(run.state);
    expect(run.stderr).toBe(
      `import interrupted (launcher ${shell!.pid} exited): stopped and rolled back, nothing applied\n`,
    );
    expect(await tableCounts()).toEqual(before);
    expect(await stagingTables()).toEqual([]);
  }, 120_000);

  it('npm itself killed (SIGKILL), its shell left waiting: the import stops all the same (verify12 fault 12)', async () => {
    // A real `npm run`: npm sets its process title (its /proc cmdline is `npm run imp`), runs `sh -c '<command>'`,
    // and a SIGKILL passes nothing on: the shell, the node's parent, outlives it.
    const project = await mkdtemp(path.join(dir, 'npm-'));
    const before = await tableCounts();
    let npm: ChildProcess | undefined;
    const run = await killLauncherWhileWriting(
      'orphan-npm',
      async (command) => {
        await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'p', scripts: { imp: command } }));
        npm = spawn('npm', ['run', '--silent', 'imp'], {
          cwd: project,
          env: { ...process.env, DATABASE_URL: databaseUrl, npm_config_update_notifier: 'false' },
        });
        return npm;
      },
      'SIGKILL',
    );
    expect(run.status).toBe(null);
    expect(run.quick).toBe(true);
    expect([null, 'Z']).toContain(run.state);
    expect(run.stderr).toBe(
      `import interrupted (launcher ${npm!.pid} exited): stopped and rolled back, nothing applied\n`,
    );
    expect(await tableCounts()).toEqual(before);
    expect(await stagingTables()).toEqual([]);
  }, 120_000);
});

describe('an import started in the background by a script that then exits (verify32 doubt 02)', () => {
  it('goes on to its end: only npm and the processes running its script are its launchers', async () => {
    // What a cron job or a deploy script does: `npm run imp &`, other work, exit (killed here, so that it surely ends
    // while the import writes). The script's shell shares the import's process group, but launched npm, not it.
    const project = await mkdtemp(path.join(dir, 'script-'));
    const before = await tableCounts();
    const run = await killLauncherWhileWriting(
      'detached',
      async (command) => {
        await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'p', scripts: { imp: command } }));
        return spawn('sh', ['-c', 'npm run --silent imp & wait'], {
          cwd: project,
          env: { ...process.env, DATABASE_URL: databaseUrl, npm_config_update_notifier: 'false' },
        });
      },
      'SIGKILL',
    );
    expect(run.stderr).not.toContain('interrupted');
    expect((await tableCounts()).sites).toBe(before.sites! + 40_000);
    expect(await stagingTables()).toEqual([]);
  }, 180_000);
});

describe('an import interrupted while its apply waits (verify34 fault 03)', () => {
  it('commits nothing after the signal: no retry, no fallback on a fresh session, and says so', async () => {
    // An entry the file changes, held by another transaction (an API write): the import's apply waits for it, so that
    // the signal lands while the apply's transaction is open, whatever the speed of the machine.
    const first = path.join(dir, 'held-first.csv');
    await writeFile(first, `${header}\n${good('held-0', 'Tours')}\n`);
    await startCli('import.ts', [first, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
    const file = path.join(dir, 'held.csv');
    const renamed = good('held-0', 'Tours').replace('Plateau Tours held-0', 'Plateau Tours held-0 renamed');
    const rows = [renamed, ...Array.from({ length: 50 }, (_, n) => good(`held-${n + 1}`, 'Tours'))];
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
    const before = await tableCounts();
    const waiting = async () =>
      (
        await app.database.sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
           where datname = current_database() and application_name like 'plateau-cli-%' and wait_event_type = 'Lock'`
      )[0]!.n;
    const other = await app.database.sql.reserve();
    try {
      await other`begin`;
      await other`select id from sites where id = 'held-0' for update`;
      const child = spawnCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      const exited = once(child, 'exit') as Promise<[number | null]>;
      const deadline = Date.now() + 60_000;
      while ((await waiting()) === 0) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no apply waiting seen: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGTERM');
      // The entry free again at once: a retry on a fresh session would now go through and commit.
      await other`rollback`;
      const [status] = await exited;
      expect({ status, stderr }).toEqual({
        status: 143,
        stderr: 'import interrupted (SIGTERM): stopped and rolled back, nothing applied\n',
      });
    } finally {
      other.release();
    }
    // The CLI gone, none of its sessions can commit any more: the directory is as before.
    expect(await tableCounts()).toEqual(before);
    expect(await app.database.sql`select name from sites where id = 'held-0'`).toEqual([
      { name: 'Plateau Tours held-0' },
    ]);
    expect(await stagingTables()).toEqual([]);
  }, 120_000);
});

describe('an import interrupted while it waits for another one (verify9 doubt 02)', () => {
  it('ends its session waiting for the import lock: none is left waiting, its client gone', async () => {
    const file = path.join(dir, 'sites-waiting.csv');
    await writeFile(file, `${header}\n${good('waiting-1', 'Tours')}\n`);
    // Another import holds the lock (db/import-lock.ts), as a long one does.
    const other = await app.database.sql.reserve();
    const waitingSessions = async () =>
      (
        await app.database.sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event = 'advisory' and query like 'select pg_advisory_lock%'`
      )[0]!.n;
    try {
      await other`select pg_advisory_lock(7311042004)`;
      // A real import (a dry run takes no lock: tests/open-data/dry-run.test.ts), stopped before it has it.
      const child = spawnCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      const exited = once(child, 'exit') as Promise<[number | null]>;
      const deadline = Date.now() + 60_000;
      while ((await waitingSessions()) === 0) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no session waiting seen: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGTERM');
      const [status] = await exited;
      expect({ status, stderr }).toEqual({
        status: 143,
        stderr:
          'another import is running: waiting for it to end before this one reads the directory…\n' +
          'import interrupted (SIGTERM): stopped and rolled back, nothing applied\n',
      });
      expect(await waitingSessions()).toBe(0);
      expect(await app.database.sql`select id from sites where id = 'waiting-1'`).toEqual([]);
    } finally {
      await other`select pg_advisory_unlock(7311042004)`;
      other.release();
    }
  });
});

describe('a reindex interrupted while it builds', () => {
  let test: Awaited<ReturnType<typeof testApp>>;
  let engine: App['directorySearch']['engine'];
  beforeAll(async () => {
    test = await testApp({ searchIndex: true });
    await insertSites(test.app.database.sql, 30_000, 'reindex-stop');
    engine = test.app.directorySearch.engine;
  });
  const builds = async () =>
    (await engine.client.getIndexes({ limit: 1000 })).results
      .map((i) => i.uid)
      .filter((uid) => uid.startsWith(`${engine.indexName}_build_`));
  const reindexEnv = () => ({
    DATABASE_URL: test.databaseUrl,
    MEILI_HOST: inject('meiliHost'),
    ...(inject('meiliApiKey') ? { MEILI_API_KEY: inject('meiliApiKey') } : {}),
    MEILI_INDEX: engine.indexName,
  });
  /** Starts a reindex and gives it once its index being built is seen, with its exit and its stderr so far. */
  async function reindexBuilding() {
    const child = spawnCli('reindex.ts', [], reindexEnv());
    const output = { stderr: '' };
    child.stderr?.on('data', (d) => {
      output.stderr += d;
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const deadline = Date.now() + 60_000;
    while (!(await builds()).length) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`no index being built seen: ${output.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { child, exited, output };
  }

  it('deletes the index being built, leaves the live one as it was, says so and exits 130', async () => {
    const live = await engine.documentCount(engine.indexName);
    const { child, exited, output } = await reindexBuilding();
    child.kill('SIGINT');
    const [status] = await exited;
    expect({ status, stderr: output.stderr }).toEqual({
      status: 130,
      stderr: 'reindex interrupted (SIGINT): the live index is unchanged; the index being built was deleted\n',
    });
    expect(await builds()).toEqual([]);
    expect(await engine.documentCount(engine.indexName)).toBe(live);
  });

  it('killed outright (SIGKILL), leaves its index, which the next reindex deletes first and names', async () => {
    // verify32 fault 01: the index of a reindex killed stayed in Meilisearch for ever, filled with every document.
    const { child, exited } = await reindexBuilding();
    const left = await builds();
    child.kill('SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(await builds()).toEqual(left);
    const { stdout } = await startCli('reindex.ts', [], reindexEnv());
    expect(stdout.split('\n').filter((line) => line.startsWith('deleted'))).toEqual([
      `deleted the index '${left[0]}' of a reindex that died before it ended`,
    ]);
    expect(await builds()).toEqual([]);
    const [entries] = await test.app.database.sql<{ n: number }[]>`select count(*)::int as n from search_entries`;
    expect(await engine.documentCount(engine.indexName)).toBe(entries?.n);
  }, 120_000);
});

describe('the words of an interrupted import', () => {
  it('say nothing was applied while it works, and that what it applied stays once it has ended', async () => {
    const { importEnded, importInterrupted } = await import('../../src/cli/interrupt.js');
    expect(importInterrupted('SIGINT')).toBe('import interrupted (SIGINT): stopped and rolled back, nothing applied');
    importEnded();
    expect(importInterrupted('SIGTERM')).toBe(
      'import interrupted (SIGTERM) once it had ended: what it applied stays applied',
    );
  });
});
