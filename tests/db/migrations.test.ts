// Migrations are applied from code, once, under an advisory lock, all pending ones in one transaction, with the
// bookkeeping of drizzle's migrator (so that databases it migrated are up to date).
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { migrationsFolder } from '../../src/paths.js';
import { testDatabase } from '../setup/database.js';

const journal = JSON.parse(await readFile(path.resolve('migrations/meta/_journal.json'), 'utf8'));

/** A migrations folder of drizzle-kit's layout: `name` → SQL, in journal order. */
async function migrationsOf(folder: string, files: [string, string][]) {
  await mkdir(path.join(folder, 'meta'), { recursive: true });
  const entries = files.map(([tag], idx) => ({
    idx,
    version: '7',
    when: 1_700_000_000_000 + idx,
    tag,
    breakpoints: true,
  }));
  await writeFile(
    path.join(folder, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
  );
  for (const [tag, text] of files) await writeFile(path.join(folder, `${tag}.sql`), text);
}

const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

describe('migrations', () => {
  it('apply once when two processes start together', async () => {
    const { url, database } = await testDatabase({ empty: true });
    await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    const [row] = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(row!.n).toBe(journal.entries.length);
  });

  it('find a database migrated by drizzle’s own migrator up to date', async () => {
    const { url, database } = await testDatabase({ empty: true });
    const client = postgres(url, { max: 1, onnotice: () => {} });
    await migrate(drizzle(client), { migrationsFolder });
    await client.end();
    // Applying any migration again would fail (its tables exist).
    await runMigrations(url);
    const [row] = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(row!.n).toBe(journal.entries.length);
  });

  it('apply all pending migrations or none, then only those added since', async () => {
    const { url, database } = await testDatabase({ empty: true });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'plateau-migrations-'));
    folders.push(folder);
    const tables = async () =>
      (
        await database.db.execute<{ name: string }>(
          sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
        )
      ).map((r) => r.name);
    const applied = async () =>
      (await database.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!
        .n;

    await migrationsOf(folder, [
      ['0000_a', 'create table a (id int);'],
      ['0001_b', 'create table b (id int);\n--> statement-breakpoint\nselect 1 / 0;'],
    ]);
    await expect(runMigrations(url, undefined, folder)).rejects.toThrow(/division by zero/);
    expect(await tables()).toEqual([]);
    expect(await applied()).toBe(0);

    await migrationsOf(folder, [
      ['0000_a', 'create table a (id int);'],
      ['0001_b', 'create table b (id int);\n--> statement-breakpoint\ninsert into a values (1);'],
    ]);
    await runMigrations(url, undefined, folder);
    expect(await tables()).toEqual(['a', 'b']);
    expect(await applied()).toBe(2);

    await migrationsOf(folder, [
      ['0000_a', 'create table a (id int);'],
      ['0001_b', 'create table b (id int);\n--> statement-breakpoint\ninsert into a values (1);'],
      ['0002_c', 'create table c (id int);'],
    ]);
    await runMigrations(url, undefined, folder);
    expect(await tables()).toEqual(['a', 'b', 'c']);
    expect(await applied()).toBe(3);
    const [row] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from a`);
    expect(row!.n).toBe(1);
  });
});

/** A database migrated up to the migration tagged `…<name>` (excluded), as the code before it left it. */
async function migratedBefore(name: string) {
  const { url, database } = await testDatabase({ empty: true });
  const folder = await mkdtemp(path.join(os.tmpdir(), 'plateau-migrations-'));
  folders.push(folder);
  const at = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith(name));
  expect(at).toBeGreaterThan(0);
  const before = journal.entries.slice(0, at);
  await mkdir(path.join(folder, 'meta'));
  await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
  for (const { tag } of before) await cp(path.join(migrationsFolder, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  await runMigrations(url, undefined, folder);
  return { url, database, before };
}

describe('the migration of sources dated as precisely as they are', () => {
  it('gives a monthly data set its month, not the first day it was stored with; a day stays a day', async () => {
    const { url, database } = await migratedBefore('_source_dates_as_precise_as_the_source');
    await database.db.execute(sql`
      insert into sources (id, title, published_as_printed, published_on) values
        ('stock', 'Stock', 'mai 2026', '2026-05-01'), ('article', 'Article', '26 avril 2017 à 12:59', '2017-04-26'),
        ('first', 'Premier du mois', '1 mai 2026', '2026-05-01'), ('undated', 'Sans date', null, null)`);
    await runMigrations(url);
    const rows = await database.db.execute<{ id: string; published_on: string | null }>(
      sql`select id, published_on from sources where id in ('stock', 'article', 'first', 'undated') order by id`,
    );
    expect([...rows]).toEqual([
      { id: 'article', published_on: '2017-04-26' },
      { id: 'first', published_on: '2026-05-01' },
      { id: 'stock', published_on: '2026-05' },
      { id: 'undated', published_on: null },
    ]);
  });
});

describe('migration 0027 (one shown entry per SIRET and SIREN) on a database holding duplicates', () => {
  it('refuses naming every duplicate and what to do, migrates nothing, and applies once each is resolved', async () => {
    // The database as the code before 0027 left it: every migration up to 0026.
    const { url, database, before } = await migratedBefore('_shown_unique_identifiers_and_source_url_key');
    await database.db.execute(sql`
      insert into sites (id, name, siret) values
        ('site-a', 'A', '12345678900011'), ('site-b', 'B', '12345678900011'), ('site-c', 'C', '12345678900029');
      insert into sites (id, name, siret, withheld) values ('site-hidden', 'H', '12345678900029', true);
      insert into operators (id, name, siren) values ('op-a', 'A', '123456789'), ('op-b', 'B', '123456789'),
        ('op-c', 'C', '123456789')`);
    await expect(runMigrations(url)).rejects.toThrow(
      'migration 0027 (one shown entry per SIRET and SIREN) cannot apply: operators SIREN 123456789 held by op-a, ' +
        'op-b, op-c; sites SIRET 12345678900011 held by site-a, site-b. Merge each duplicate into the entry to keep ' +
        '(POST /v1/<kind>/{id}/merge) or remove the identifier from one of them, then start again: nothing was migrated',
    );
    const applied = async () =>
      (await database.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!
        .n;
    expect(await applied()).toBe(before.length);
    await database.db.execute(sql`
      update sites set siret = null where id = 'site-b';
      update operators set withheld = true where id in ('op-b', 'op-c')`);
    await runMigrations(url);
    expect(await applied()).toBe(journal.entries.length);
  });
});

describe('the references to an entry, indexed (verify30 fault 06: a statement per write reading a whole table)', () => {
  it('every foreign key to an entry’s table leads an index: a merge moves them, a delete counts and checks them', async () => {
    const { database } = await testDatabase();
    const unindexed = await database.db.execute<{ reference: string }>(sql`
      select c.conrelid::regclass || '.' || a.attname as reference
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f'
         and c.confrelid::regclass::text in ('sites', 'operators', 'clubs', 'mandataires', 'proceedings', 'people')
         and not exists (select from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
       order by 1`);
    expect(unindexed.map((r) => r.reference)).toEqual([]);
  });
});
