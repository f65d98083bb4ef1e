// Ctrl-C (SIGINT) or SIGTERM during an import stops it: its sessions ended (the transaction rolled back), its staging
// table dropped, one line saying so, exit status 130 or 143 (src/cli/interrupt.ts). verify30 fault 05: an
// interrupted import:bodacc exited 130 in silence and left its 20 MB staging table.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
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
