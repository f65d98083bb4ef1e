// Each test file works on its own copy of the seeded template database, so
// files run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { connect, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { migrationsFolder } from '../../src/paths.js';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** What the running file made outside a test (in a beforeAll), closed after it by closeFileResources, newest first. */
const fileResources: (() => Promise<unknown>)[] = [];

/**
 * Runs `close` when the test that called it has finished, or after the file when called outside a test (in a
 * beforeAll): a clone or an app made for one test holds its connections no longer than that test, so that a file
 * making one per test (tests/open-data/bodacc-*) does not hold dozens at once while another file runs beside it.
 * After the file is closeFileResources (setup/file.ts), a hook registered as the file loads: vitest ignores an
 * afterAll registered while the file runs (in a beforeAll), and in a worker shared by files (vitest.config.ts) what a
 * file leaves open outlives it.
 */
export function closeAfterUse(close: () => Promise<unknown>): void {
  try {
    onTestFinished(async () => {
      await close();
    });
  } catch {
    fileResources.push(close);
  }
}

/** Closes what the file made outside its tests (closeAfterUse), the newest first: an app before its clone. */
export async function closeFileResources(): Promise<void> {
  const errors: unknown[] = [];
  for (let close = fileResources.pop(); close; close = fileResources.pop()) {
    await close().catch((error: unknown) => errors.push(error));
  }
  if (errors.length) throw new AggregateError(errors, 'closing what the file made in its beforeAll hooks');
}

async function admin<T>(templateUrl: string, work: (sql: Database['sql']) => Promise<T>): Promise<T> {
  const database = connect(withDatabase(templateUrl, 'postgres'), { max: 1 });
  try {
    return await work(database.sql);
  } finally {
    await database.close();
  }
}

/** A fresh database: empty, or a copy of the migrated and seeded template. Dropped after the file (after the test, when a test makes it). */
export async function testDatabase(options: { empty?: boolean } = {}): Promise<{ url: string; database: Database }> {
  const templateUrl = inject('templateUrl');
  const template = new URL(templateUrl).pathname.slice(1);
  // Named after the template, so that whoever made the template can clean up after a crash.
  const name = `${template}_t_${randomBytes(6).toString('hex')}`;
  await admin(templateUrl, async (sql) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.unsafe(options.empty ? `create database ${name}` : `create database ${name} template "${template}"`);
        return;
      } catch (error) {
        // Two clones of one template at the same instant can collide; try again.
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = withDatabase(templateUrl, name);
  const database = connect(url, { max: 4 });
  closeAfterUse(async () => {
    await database.close();
    await admin(templateUrl, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
  });
  return { url, database };
}

/**
 * An empty database migrated by the migrations before `tag` (`'0040'`: 0000 to 0039), for a test of migration `tag`
 * on rows written the way the code before it wrote them. Gives the database and a migrations folder holding only
 * those, removed after use like the database; `runMigrations(url)` then applies the rest.
 */
export async function databaseMigratedBefore(tag: string): Promise<{ url: string; database: Database }> {
  const journal = JSON.parse(await readFile(path.resolve('migrations/meta/_journal.json'), 'utf8'));
  const { url, database } = await testDatabase({ empty: true });
  const folder = await mkdtemp(path.join(os.tmpdir(), 'plateau-migrations-'));
  closeAfterUse(() => rm(folder, { recursive: true, force: true }));
  const before = journal.entries.filter((e: { tag: string }) => e.tag < tag);
  await mkdir(path.join(folder, 'meta'));
  await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
  for (const { tag: t } of before) await cp(path.join(migrationsFolder, `${t}.sql`), path.join(folder, `${t}.sql`));
  await runMigrations(url, undefined, folder);
  return { url, database };
}
