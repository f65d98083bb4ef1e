// Starts one PostgreSQL for the whole run (the bundled one, or the server of
// DATABASE_URL), prepares (migrates) and seeds a template database, and hands
// its coordinates to the test files; each file clones its own database from it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../../src/database.js';
import { connect } from '../../src/db/client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { type EmbeddedSearch, startEmbeddedMeilisearch } from '../../src/search/embedded.js';
import { seedIfEmpty } from '../../src/seed/load.js';
import { bundleClis, removeCliBundle } from './cli-bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the seeded database every test database is cloned from. */
    templateUrl: string;
    /** The Meilisearch server of the run (each test file uses its own indexes). */
    meiliHost: string;
    meiliApiKey: string;
    /** The folder of the run's bundled CLIs (cli-bundle.ts), which setup/cli.ts runs. */
    cliBundle: string;
  }
}

/** The bundled test server's max_connections (PostgreSQL's default: 100). */
const testMaxConnections = 300;
/** The bundled test server's durability settings (the fault suite's server and production keep PostgreSQL's). */
const testServerSettings = ['fsync = off', 'full_page_writes = off'];

let embedded: EmbeddedServer | undefined;
let embeddedSearch: EmbeddedSearch | undefined;
let tempDir: string | undefined;
let cliBundle: Promise<string> | undefined;

export async function setup(project: TestProject) {
  // Compiled while PostgreSQL starts.
  cliBundle = bundleClis();
  cliBundle.catch(() => {});
  let templateUrl = process.env.DATABASE_URL;
  if (!templateUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'plateau-test-'));
    embedded = await startEmbeddedPostgres(tempDir);
    const admin = connect(embedded.url, { max: 1 });
    await admin.sql.unsafe('create database plateau_template');
    // Room for two files at a time (vitest.config.ts): each holds its clone's pool, its app's (10), its indexer's,
    // and those of the CLIs it runs, and a file may hold a few apps at once. PostgreSQL's default of 100 was
    // exceeded (« too many clients ») by two such files side by side. Taken at the server's restart, below.
    await admin.sql.unsafe(`alter system set max_connections = ${testMaxConnections}`);
    // A throwaway server: no wait for the disk at each commit and each file's clone (fsync), and no full page images
    // in the WAL. Safe against the server's own crash or kill (what a test may do to it), the operating system
    // keeping what was written; the data folder is removed after the run anyway.
    for (const setting of testServerSettings) await admin.sql.unsafe(`alter system set ${setting}`);
    await admin.close();
    await embedded.stop();
    embedded = await startEmbeddedPostgres(tempDir);
    const url = new URL(embedded.url);
    url.pathname = '/plateau_template';
    templateUrl = url.toString();
  }
  await prepareDatabase(templateUrl);
  const database = connect(templateUrl, { max: 1 });
  try {
    await seedIfEmpty(database.db);
  } finally {
    await database.close();
  }
  project.provide('templateUrl', templateUrl);

  if (process.env.MEILI_HOST) {
    project.provide('meiliHost', process.env.MEILI_HOST);
    project.provide('meiliApiKey', process.env.MEILI_API_KEY ?? '');
  } else {
    tempDir ??= await mkdtemp(path.join(os.tmpdir(), 'plateau-test-'));
    embeddedSearch = await startEmbeddedMeilisearch(tempDir, { maxIndexingMemory: '256MiB' });
    project.provide('meiliHost', embeddedSearch.host);
    project.provide('meiliApiKey', embeddedSearch.apiKey);
  }
  project.provide('cliBundle', await cliBundle);
}

export async function teardown() {
  await cliBundle?.then(removeCliBundle, () => {});
  await embeddedSearch?.stop();
  await embedded?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}
