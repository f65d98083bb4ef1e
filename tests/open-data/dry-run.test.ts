// The open-data importers' dry runs (import/dry-run.ts): the same report as the real run on the same file, every
// table of the directory and the search index unchanged after it, and no row of the directory locked while it runs,
// so that an API write of an entry the file changes goes through at once.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { positionAllChanges } from '../../src/db/change-positions.js';
import type { Db } from '../../src/db/client.js';
import { connect } from '../../src/db/client.js';
import { shadowedTables } from '../../src/import/dry-run.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';
import { spawnCli } from '../setup/cli.js';
import { good, header } from '../setup/import.js';
import { importFixtures, legalUnits, stockCsv } from '../setup/sirene.js';
import { exampleCitations, writer } from '../setup/writer.js';

const bodaccFile = 'tests/fixtures/bodacc/annonces-commerciales.csv';
const practitionersFile = 'tests/fixtures/practitioners/practitioners.csv';
const actor = { keyId: null, name: 'dry run test' };

/** The three importers, each over the file of its existing tests; `dryRun` as asked. */
const importers: { name: string; run: (db: Db, dryRun: boolean) => Promise<{ applied: boolean }> }[] = [
  { name: 'import:bodacc', run: (db, dryRun) => importBodacc(db, { file: bodaccFile, actor, dryRun }) },
  {
    name: 'import:practitioners',
    run: (db, dryRun) => importPractitioners(db, { file: practitionersFile, actor, dryRun }),
  },
  { name: 'import:sirene', run: (db, dryRun) => importFixtures(db, stockCsv, { legalUnits, dryRun }) },
];

/** Every row of every table of the directory, as a digest per table, and the search index's documents. */
async function everything(app: App, db: Db) {
  // The feed positions changes after their transactions end (db/change-positions.ts), in the background too, and
  // only once every transaction begun before a change has ended: `positionAllChanges` leaves one unpositioned while
  // an older transaction (the app's own) is open, and the next read finds it positioned. A change's position is the
  // feed's bookkeeping, not the dry run's doing: the changes are compared without it (two CI runs failed on it, the
  // second after every change was positioned before each read).
  await positionAllChanges(db);
  const tables: Record<string, string> = {};
  for (const name of shadowedTables) {
    const t = sql.identifier(name);
    const text = name === 'changes' ? sql`(to_jsonb(t) - 'position')::text` : sql`t::text`;
    const [row] = await db.execute<{ n: number; digest: string }>(sql`
      select count(*)::int as n, md5(coalesce(string_agg(${text}, E'\\n' order by ${text}), '')) as digest
        from public.${t} t`);
    tables[name] = `${row!.n} ${row!.digest}`;
  }
  // What the outbox holds (unchanged above) indexed, then the index read whole.
  await app.directorySearch.indexer.runOnce();
  const { engine } = app.directorySearch;
  const documents = await engine.client.index(engine.indexName).getDocuments({ limit: 100_000 });
  const index = documents.results.map((d) => JSON.stringify(d)).sort();
  return { tables, index };
}

/** The report but whether it was applied, which a dry run says it was not. */
const told = (report: { applied: boolean }) => ({ ...report, applied: undefined });

/** `db` whose transactions run `whileOpen` once their work is done, before they end (commit or roll back). */
function pausedAtEnd(db: Db, whileOpen: (tx: Db) => Promise<void>): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') return Reflect.get(target, property, target);
      return (work: (tx: Db) => Promise<unknown>, config?: unknown) =>
        target.transaction(async (tx) => {
          try {
            return await work(tx as unknown as Db);
          } finally {
            await whileOpen(tx as unknown as Db);
          }
        }, config as never);
    },
  });
}

/** No row of any table of the directory locked: each locked here at once, or refused (55P03), never waited for. */
async function expectNoRowLocked(db: Db): Promise<void> {
  for (const name of shadowedTables) {
    await db
      .transaction(async (other) => {
        await other.execute(sql`select 1 from public.${sql.identifier(name)} for update nowait`);
        other.rollback();
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== 'Rollback') throw error;
      });
  }
}

describe('a dry run of an open-data import', () => {
  it('gives the real run’s report, and leaves every table and the search index as they were', async () => {
    const { app, db } = await testApp({ searchIndex: true });
    // In turn, each over what the real runs before it left: BODACC's practitioners completed by the list's.
    for (const importer of importers) {
      const before = await everything(app, db);
      const dry = await importer.run(db, true);
      expect(dry.applied, importer.name).toBe(false);
      expect(await everything(app, db), importer.name).toEqual(before);
      const real = await importer.run(db, false);
      expect(real.applied, importer.name).toBe(true);
      expect(told(dry), importer.name).toEqual(told(real));
      expect((await everything(app, db)).tables, importer.name).not.toEqual(before.tables);
    }
  }, 300_000);

  it('locks no row of the directory: an API change of an entry the file changes goes through while it runs', async () => {
    const { app, db } = await testApp();
    const send = await writer(app, db);
    for (const importer of importers) {
      const [last] = await db.execute<{ id: number }>(sql`select coalesce(max(id), 0)::int as id from changes`);
      let checked = false;
      // The dry run's transaction, held open once its work is done (before it rolls back): the directory is looked at.
      const paused = pausedAtEnd(db, (tx) => whileOpen(tx));
      const whileOpen = async (tx: Db) => {
        // An entry the file changes, as the dry run's own transaction sees it.
        const [changed] = await tx.execute<{ kind: string; id: string }>(sql`
          select entity_kind as kind, entity_id as id from changes
           where id > ${last!.id} and action = 'update' and entity_kind in ('site', 'operator', 'mandataire')
           order by id limit 1`);
        expect(changed, importer.name).toBeDefined();
        await expectNoRowLocked(db);
        const url = `/v1/${changed!.kind}s/${changed!.id}`;
        const { body } = await getJson(app, url);
        const response = await send(
          'PATCH',
          url,
          // Its name in capitals: a change, and the same words for the next files' matching.
          { name: (body as { name: string }).name.toUpperCase(), citations: exampleCitations('dry-run', 'Relecture') },
          { 'if-match': '*' },
        );
        expect(response.statusCode, `${importer.name}: ${response.body}`).toBe(200);
        checked = true;
      };
      const report = await importer.run(paused, true);
      expect(report.applied, importer.name).toBe(false);
      expect(checked, importer.name).toBe(true);
      // Applied, as in the test above: the next file finds what this one wrote (the list's practitioners BODACC's).
      expect((await importer.run(db, false)).applied, importer.name).toBe(true);
    }
  }, 300_000);

  it('takes no import lock, npm run import’s neither: it runs while another import holds it', async () => {
    const { databaseUrl } = await testApp();
    const holder = connect(databaseUrl, { max: 1 });
    try {
      // The imports' lock (db/import-lock.ts), held as a running import holds it.
      await holder.sql`select pg_advisory_lock(7311042004)`;
      const sites = path.join(await mkdtemp(path.join(os.tmpdir(), 'plateau-dry-run-')), 'sites.csv');
      await writeFile(sites, `${header}\n${good('dry-run-1', 'Amiens')}\n`);
      const runs: [string, string[]][] = [
        ['import.ts', [sites, '--kind', 'sites']],
        ['import-bodacc.ts', [bodaccFile]],
        ['import-practitioners.ts', [practitionersFile]],
        ['import-sirene.ts', [stockCsv, '--unites-legales', legalUnits]],
      ];
      for (const [script, args] of runs) {
        const child = spawnCli(script, [...args, '--dry-run'], { DATABASE_URL: databaseUrl });
        let stderr = '';
        let stdout = '';
        child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
        const status = await new Promise<number | null>((resolve) => {
          child.stderr!.on('data', (d: Buffer) => {
            stderr += d.toString();
            // Waiting for the lock: it would wait for ever.
            if (stderr.includes('another import is running')) child.kill('SIGTERM');
          });
          child.on('close', resolve);
        });
        expect(stderr, script).not.toContain('another import is running');
        expect(status, `${script}: ${stderr}`).toBe(0);
        expect(stdout, script).toMatch(/dry run: nothing applied/);
      }
    } finally {
      await holder.close();
    }
  }, 300_000);

  it('nor does a real run of a file it refuses: the practitioners’ sources are written only once no row is refused', async () => {
    const { db } = await testApp();
    expect((await importPractitioners(db, { file: practitionersFile, actor })).applied).toBe(true);
    // The same list again, its sources stored, with a row refused: nothing applied, nothing held meanwhile.
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'plateau-dry-run-')), 'bad.csv');
    await writeFile(
      file,
      `${await readFile(practitionersFile, 'utf8')}Roux;Anne;XX;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;;;;;;;;\n`,
    );
    let looked = false;
    const paused = pausedAtEnd(db, async () => {
      await expectNoRowLocked(db);
      looked = true;
    });
    const report = await importPractitioners(paused, { file, actor });
    expect(report.rejected).toEqual([{ line: 5, errors: [{ field: 'profession', message: 'must be AJ or MJ' }] }]);
    expect(report.applied).toBe(false);
    expect(looked).toBe(true);
  }, 120_000);
});
