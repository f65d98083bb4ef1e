// Imports run together, as users run them (two processes): each CLI holds the imports' lock for its whole run
// (db/import-lock.ts), so the second waits for the first and then reads what it wrote. Two BODACC files naming the same new company and practitioner, or two
// files of the same new site, both apply; neither fails on the other's new id.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice } from '../setup/bodacc.js';
import { startCli } from '../setup/cli.js';
import { good, header } from '../setup/import.js';

/** An import CLI (src/cli/<script>) in its own node, on the test's database, as a user runs it. */
const cli = (script: string, ...args: string[]) => startCli(script, args, { DATABASE_URL: databaseUrl });

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-concurrent-'));
});

describe('two imports at once', () => {
  it('BODACC: two files naming the same new company and practitioner, in two processes, both apply, each once', async () => {
    const text =
      "Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur SELARL Course " +
      'prise en la personne de Me Rémi Coureur 3 rue du Stade 59000 Lille.';
    const files = await Promise.all(
      [5, 6].map(async (n) => {
        const file = path.join(dir, `race-${n}.jsonl`);
        await writeFile(file, await liquidationNotice(n, '830000006', text));
        return file;
      }),
    );
    const runs = await Promise.all(files.map((file) => cli('import-bodacc.ts', file)));
    expect(runs.map((r) => r.stdout.trimEnd().split('\n').at(-1))).toEqual(['applied', 'applied']);
    const [row] = await db.execute<{ operators: number; practitioners: number; notices: number }>(sql`
      select (select count(*)::int from operators where siren = '830000006') as operators,
             (select count(*)::int from mandataires where name = 'Rémi Coureur') as practitioners,
             (select count(*)::int from proceeding_notices where id in ('A202507001705', 'A202507001706')) as notices`);
    expect(row).toEqual({ operators: 1, practitioners: 1, notices: 2 });
    expect((await getJson(app, '/v1/mandataires/remi-coureur')).status).toBe(200);
  }, 180_000);

  it('npm run import: two files of the same new site, in two processes, both apply, the second finding it created', async () => {
    const files = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const file = path.join(dir, `sites-${name}.csv`);
        await writeFile(file, `${header}\n${good('concurrent-tours', 'Tours')}\n`);
        return file;
      }),
    );
    const runs = await Promise.all(files.map((file) => cli('import.ts', file, '--kind', 'sites')));
    const said = runs.map((r) => r.stdout.match(/sites: 1 rows — (\d) created, 0 updated, (\d) unchanged/)?.slice(1));
    expect(said.sort()).toEqual([
      ['0', '1'],
      ['1', '0'],
    ]);
  }, 120_000);
});
