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
import { spawnCli } from '../setup/cli.js';
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
  });
});

describe('an import whose launcher is killed without passing the signal on (verify9 fault 01)', () => {
  it('stops as on SIGTERM within seconds: rolled back, its staging table dropped, nothing applied later', async () => {
    const file = path.join(dir, 'sites-launched.csv');
    const rows = Array.from({ length: 40_000 }, (_, n) => good(`orphan-${n}`, 'Tours'));
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
    const before = await tableCounts();
    // As npm runs a script: `sh -c '<command>'`, the shell staying the node's parent.
    const cli = spawnCli('import.ts', [file, '--kind', 'sites'], { DATABASE_URL: databaseUrl });
    cli.kill('SIGKILL');
    await once(cli, 'exit');
    const command = [process.execPath, ...(cli.spawnargs.slice(1) as string[])].map((a) => `'${a}'`).join(' ');
    const shell = spawn('sh', ['-c', `${command}; exit $?`], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    let stderr = '';
    shell.stderr?.on('data', (d) => {
      stderr += d;
    });
    const closed = once(shell.stderr!, 'close');
    // The shell's child, the import's node; writing once its own staging table is there.
    const deadline = Date.now() + 60_000;
    let node = 0;
    const ownStaging = async () => (await stagingTables()).some((t) => t.startsWith(`import_staging_${node}_`));
    while (!node || !(await ownStaging())) {
      if (Date.now() > deadline) throw new Error(`no staging table seen: ${stderr}`);
      const children = await readFile(`/proc/${shell.pid}/task/${shell.pid}/children`, 'utf8').catch(() => '');
      node = Number(children.trim().split(' ')[0]) || 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    shell.kill('SIGTERM');
    const [status] = (await once(shell, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(status).toBe(null);
    const killedAt = Date.now();
    // The node's stderr, inherited from the shell, closes when it exits.
    await closed;
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    // Exited: gone, or a zombie until whoever adopted it reaps it.
    const stat = await readFile(`/proc/${node}/stat`, 'utf8').catch(() => null);
    expect([null, 'Z']).toContain(stat === null ? null : stat.split(') ')[1]?.[0]);
    expect(stderr).toBe(
      `import interrupted (launcher ${shell.pid} exited): stopped and rolled back, nothing applied\n`,
    );
    expect(await tableCounts()).toEqual(before);
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
      const child = spawnCli('import.ts', [file, '--kind', 'sites', '--dry-run'], { DATABASE_URL: databaseUrl });
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
    } finally {
      await other`select pg_advisory_unlock(7311042004)`;
      other.release();
    }
  });
});

describe('a reindex interrupted while it builds', () => {
  it('deletes the index being built, leaves the live one as it was, says so and exits 130', async () => {
    const test = await testApp({ searchIndex: true });
    await insertSites(test.app.database.sql, 30_000, 'reindex-stop');
    const { engine } = test.app.directorySearch;
    const live = await engine.documentCount(engine.indexName);
    const builds = async () =>
      (await engine.client.getIndexes({ limit: 1000 })).results
        .map((i) => i.uid)
        .filter((uid) => uid.startsWith(`${engine.indexName}_build_`));
    const child = spawnCli('reindex.ts', [], {
      DATABASE_URL: test.databaseUrl,
      MEILI_HOST: inject('meiliHost'),
      ...(inject('meiliApiKey') ? { MEILI_API_KEY: inject('meiliApiKey') } : {}),
      MEILI_INDEX: engine.indexName,
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const exited = once(child, 'exit') as Promise<[number | null]>;
    const deadline = Date.now() + 60_000;
    while (!(await builds()).length) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no index being built seen: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const [status] = await exited;
    expect({ status, stderr }).toEqual({
      status: 130,
      stderr: 'reindex interrupted (SIGINT): the live index is unchanged; the index being built was deleted\n',
    });
    expect(await builds()).toEqual([]);
    expect(await engine.documentCount(engine.indexName)).toBe(live);
  });
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
