// The import at scale and its staging table, against a real database: a file of 20,000 rows applied in one
// transaction; a file of ten batches applied not at all when a row of its eighth is refused (by the checks, or by
// PostgreSQL once applied); rows PostgreSQL refuses while COPY stages them, staging tables left by a killed import.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { geography } from '../../src/geo/index.js';
import { kindImporter } from '../../src/import/importer.js';
import { ImportApplyError, type Importer, ImportStagingError, runImport } from '../../src/import/run.js';
import { clientOf, ImportStaging, stagingLockClass } from '../../src/import/staging.js';
import { findKind } from '../../src/kinds.js';
import { getJson, testApp } from '../setup/app.js';
import { actor, quote, sitesLike, source } from '../setup/import.js';

/** The importer of a kind, by its plural. */
const importerOf = (plural: string) => kindImporter(db, findKind(plural)!);

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-'));
});

const count = (prefix: string) => sitesLike(db, prefix);

describe('large files', () => {
  const rowsOf = 20_000;
  const communes = [...geography().communes.values()];
  /**
   * A CSV of `rows` new sites `<prefix><n>` in real communes (20,000 unless said); the row of index `bad` names no
   * operator that exists.
   */
  async function bulkFile(prefix: string, bad?: number, rows = rowsOf): Promise<string> {
    const file = path.join(dir, `${prefix}bulk.csv`);
    const lines = ['id;name;operator_id;code_commune;status;citation_source;citation_quote'];
    for (let i = 0; i < rows; i++) {
      const c = communes[(i * 7919) % communes.length]!;
      const operator = i === bad ? 'pas-un-operateur' : 'ipg-contacts-services';
      // Each file's names of its own: a create of another entry's words is a duplicate, whatever its id.
      lines.push(`${prefix}${i};Plateau ${c.name} ${prefix}${i};${operator};${c.code};open;${source};${quote}`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  }
  /** What the import leaves, for rows whose id starts with `prefix`: rows and the transactions that wrote them. */
  const written = async (prefix: string) => {
    const like = `${prefix}%`;
    const [row] = await db.execute<{
      sites: number;
      writers: number;
      history: number;
      citations: number;
      outbox: number;
    }>(sql`
      select (select count(*)::int from sites where id like ${like}) as sites,
             (select count(distinct xmin::text)::int from sites where id like ${like}) as writers,
             (select count(*)::int from changes where entity_kind = 'site' and entity_id like ${like}) as history,
             (select count(*)::int from citations where site_id like ${like}) as citations,
             (select count(*)::int from search_outbox where entity_kind = 'site' and entity_id like ${like}) as outbox`);
    return row!;
  };

  /** How many times PostgreSQL has analysed each table the import writes, by hand or by autovacuum. */
  const analyses = async () =>
    Object.fromEntries(
      (
        await db.execute<{ relname: string; analyses: number }>(sql`
          select relname, (analyze_count + autoanalyze_count)::int as analyses from pg_stat_user_tables
           where relname in ('sites', 'citations', 'changes', 'search_outbox', 'sources')`)
      ).map((r) => [r.relname, r.analyses]),
    );

  it('applies every row of 20,000, its citation, history entry and outbox event, in one transaction', async () => {
    const file = await bulkFile('bulk-a-');
    const analysedBefore = await analyses();
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor });
    // The planner's statistics refreshed at once: the indexer's first query sees 20,000 more sites, not the old count.
    const analysedAfter = await analyses();
    for (const table of ['sites', 'citations', 'changes', 'search_outbox', 'sources']) {
      expect(analysedAfter[table], table).toBeGreaterThan(analysedBefore[table] ?? 0);
    }
    expect(summary).toMatchObject({
      rows: rowsOf,
      created: rowsOf,
      updated: 0,
      unchanged: 0,
      rejected: [],
      applied: true,
    });
    expect(await written('bulk-a-')).toEqual({
      sites: rowsOf,
      writers: 1,
      history: rowsOf,
      citations: rowsOf,
      outbox: rowsOf,
    });
    const last = communes[((rowsOf - 1) * 7919) % communes.length]!;
    expect((await getJson(app, `/v1/sites/bulk-a-${rowsOf - 1}`)).body).toMatchObject({
      name: `Plateau ${last.name} bulk-a-${rowsOf - 1}`,
      code_commune: last.code,
      operator: { id: 'ipg-contacts-services' },
    });

    // A re-run that changes nothing is tested on a small file above (a 20,000-row re-run adds two minutes to CI).
  }, 240_000);

  // Ten batches of 200 (as 20,000 rows are ten of the import's 2,000): the refused row is in the eighth, checked while
  // the batches before it are applied in the import's transaction, which is then rolled back whole.
  const batches = { rows: 2_000, batchSize: 200, bad: 1_500 };

  it('applies nothing when one row of a file of ten batches is bad', async () => {
    const { bad, batchSize } = batches;
    const file = await bulkFile('bulk-b-', bad, batches.rows);
    const refusal = [
      { line: bad + 2, errors: [{ in: 'row', name: 'operator', message: "unknown operator 'pas-un-operateur'" }] },
    ];
    const refused = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, batchSize });
    expect(refused).toMatchObject({ rows: batches.rows, created: 0, applied: false });
    expect(refused.rejected.map(({ line, errors }) => ({ line, errors }))).toEqual(refusal);
    expect(await written('bulk-b-')).toEqual({ sites: 0, writers: 0, history: 0, citations: 0, outbox: 0 });

    // --skip-invalid (the other rows applied, the bad one written aside) is tested on a small file above.
  }, 240_000);

  it('applies nothing when PostgreSQL refuses one row of a file of ten batches when applied, and names that row', async () => {
    // A rule the checks do not know, as a constraint added by hand would be: PostgreSQL refuses the row itself.
    await db.execute(sql`alter table sites add constraint test_refused_name check (name <> 'Plateau refusé')`);
    try {
      const { bad, batchSize } = batches;
      const file = await bulkFile('bulk-c-', undefined, batches.rows);
      const text = (await readFile(file, 'utf8')).split('\n');
      text[bad + 1] = text[bad + 1]!.replace(/;Plateau [^;]*;/, ';Plateau refusé;');
      await writeFile(file, text.join('\n'));
      const refused = runImport(db, await importerOf('sites'), { file, format: 'csv', actor, batchSize });
      await expect(refused).rejects.toThrow(ImportApplyError);
      await expect(refused).rejects.toMatchObject({
        line: bad + 2,
        message: `line ${bad + 2}: new row for relation "sites" violates check constraint "test_refused_name"`,
      });
      expect(await written('bulk-c-')).toEqual({ sites: 0, writers: 0, history: 0, citations: 0, outbox: 0 });
    } finally {
      await db.execute(sql`alter table sites drop constraint test_refused_name`);
    }
  }, 240_000);

  it('applies nothing when an id comes again after the batches holding it were applied, and names the repeat', async () => {
    // Batches of 100: the rows are applied while the next ones are checked; the repeat is found once all are checked.
    const file = path.join(dir, 'repeat-late.csv');
    const lines = ['id;name;operator_id;code_commune;status;citation_source;citation_quote'];
    for (let i = 0; i < 300; i++) {
      const c = communes[(i * 7919) % communes.length]!;
      const id = i === 250 ? 'bulk-d-3' : `bulk-d-${i}`;
      lines.push(`${id};Plateau ${c.name} bulk-d-${i};ipg-contacts-services;${c.code};open;${source};${quote}`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, batchSize: 100 });
    expect(summary).toMatchObject({ rows: 300, created: 0, applied: false });
    expect(summary.rejected.map(({ line, errors }) => ({ line, errors }))).toEqual([
      { line: 252, errors: [{ in: 'row', name: 'id', message: "'bulk-d-3' already appears at line 5" }] },
    ]);
    expect(await written('bulk-d-')).toEqual({ sites: 0, writers: 0, history: 0, citations: 0, outbox: 0 });

    // Without the repeat, every row is applied in one transaction, in batches of 100.
    lines[251] = lines[251]!.replace('bulk-d-3;', 'bulk-d-250;');
    await writeFile(file, `${lines.join('\n')}\n`);
    const applied = await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, batchSize: 100 });
    expect(applied).toMatchObject({ rows: 300, created: 300, updated: 0, unchanged: 0, rejected: [], applied: true });
    expect(await written('bulk-d-')).toEqual({ sites: 300, writers: 1, history: 300, citations: 300, outbox: 300 });
  }, 120_000);

  it('leaves no staging table behind', async () => {
    const [left] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_tables where tablename like 'import_staging_%'`,
    );
    expect(left!.n).toBe(0);
  });

  it('drops the staging table an import killed left behind, and leaves a running import’s alone', async () => {
    const tables = async () =>
      (
        await db.execute<{ name: string }>(
          sql`select tablename as name from pg_tables where starts_with(tablename, 'import_staging_') order by 1`,
        )
      ).map((r) => r.name);
    const file = path.join(dir, 'staging-leftovers.csv');
    await writeFile(file, 'id;name;commune;citation_source;citation_quote\nleft-1;Reste;Lille;;\n');
    // A killed import's table: its session, and so its lock, gone; a running import's: its lock held.
    await db.execute(sql`create unlogged table import_staging_999999_deadbeef (line int)`);
    const running = 'import_staging_999998_cafecafe';
    await db.execute(sql`create unlogged table ${sql.identifier(running)} (line int)`);
    const session = await clientOf(db).reserve();
    try {
      await session`select pg_advisory_lock(${stagingLockClass}, hashtext(${running}))`;
      await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, dryRun: true });
      expect(await tables()).toEqual([running]);
    } finally {
      await session`select pg_advisory_unlock(${stagingLockClass}, hashtext(${running}))`;
      session.release();
    }
    await runImport(db, await importerOf('sites'), { file, format: 'csv', actor, dryRun: true });
    expect(await tables()).toEqual([]);
  });
});

// Each wait of the COPY for PostgreSQL (a drain) raced the promise of its failure, which lives for the whole import:
// a reaction left on it per wait, a few thousand for a million rows, held until the import ends.
describe('the waits of a COPY', () => {
  it('leave nothing on the promise of its failure: 200,000 rows staged, drains waited for, no reaction added', async () => {
    const staging = await ImportStaging.create(db);
    try {
      const inside = staging as unknown as { failed: Promise<never>; copy: Writable };
      let reactions = 0;
      const then = inside.failed.then.bind(inside.failed);
      Object.defineProperty(inside.failed, 'then', {
        value: (...args: Parameters<typeof then>) => {
          reactions++;
          return then(...args);
        },
      });
      let drains = 0;
      inside.copy.on('drain', () => drains++);
      for (let line = 1; line <= 200_000; line++) await staging.write({ line, key: `k${line}`, op: true });
      await staging.finish();
      expect(drains).toBeGreaterThan(0);
      expect(reactions).toBe(0);
    } finally {
      await staging.drop();
    }
  });
});

describe('a row PostgreSQL refuses while it is staged', () => {
  /** An importer that takes every row as it is: a text with a NUL character reaches the staging table. */
  const careless: Importer<{ id: string; name: string }> = {
    kind: 'sites',
    spec: findKind('sites')!.writes.spec as never,
    plan() {},
    validate: async (record) => ({ ok: true, value: record as { id: string; name: string } }),
    keyOf: (row) => row.id,
    dependsOn: () => [],
    toOp: (row) => ({ action: 'create', id: row.id, input: { name: row.name }, citations: [] }),
  };
  const rowsOf = (count: number, bad: number) =>
    async function* () {
      for (let i = 0; i < count; i++) {
        const name = i === bad ? 'Plateau\u0000' : `Plateau ${i}`;
        yield { line: i + 2, record: { id: `staged-${i}`, name }, raw: '' };
      }
    };
  const stagingTables = async () =>
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_tables where tablename like 'import_staging_%'`,
      )
    )[0]!.n;

  it.each([
    ['the last row of a small file (refused once the COPY has ended)', 3, 2],
    ['an early row of a large file (refused while rows are still sent)', 50_000, 10],
  ])(
    "fails with PostgreSQL's reason and the line, and drops the staging table: %s",
    async (_, size, bad) => {
      const run = runImport(db, careless, { file: 'rows', format: 'csv', rows: rowsOf(size, bad), actor });
      await expect(run).rejects.toThrow(ImportStagingError);
      await expect(run).rejects.toMatchObject({
        line: bad + 2,
        message: `PostgreSQL refused a checked row while staging it (line ${bad + 2}): unsupported Unicode escape sequence`,
      });
      expect(await stagingTables()).toBe(0);
      expect(await count('staged-')).toBe(0);
    },
    120_000,
  );
});
