// npm run bench:import: imports a generated file of BENCH_ROWS sites (100,000
// by default; BENCH_SIZE is read as well) into a scratch database, lets search
// catch up through the outbox, then measures the raw engines on the same rows
// in the same run: a `COPY` of the same columns into a table like `sites`, and
// Meilisearch `addDocuments` of the same documents into a scratch index.
// Prints rows/s of each, the ratio (target ≥ 0.7) and the import's peak RSS
// (target ≤ 400 MiB at 1M). Exits 1 when a target is missed and BENCH_STRICT=1.
// The machine may be shared: only the ratios of one run compare.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { prepareDatabase } from '../src/database.js';
import { connect } from '../src/db/client.js';
import { geography } from '../src/geo/index.js';
import { kindImporter } from '../src/import/importer.js';
import { runImport } from '../src/import/run.js';
import { siteKind } from '../src/modules/sites/kind.js';
import { startServices } from '../src/runtime.js';
import { type EntryRow, entryColumnList, toDocument } from '../src/search/documents.js';
import { SearchEngine } from '../src/search/engine.js';
import { drainOutboxOnce, indexerConnection } from '../src/search/sync.js';
import { seedIfEmpty } from '../src/seed/load.js';

const rows = Number(process.env.BENCH_ROWS ?? process.env.BENCH_SIZE ?? 100_000);
/** Outbox events, and raw documents, per Meilisearch task. */
const searchBatch = Number(process.env.BENCH_SEARCH_BATCH ?? 500);
/** Documents per raw addDocuments task. */
const rawBatch = 10_000;
const step = (what: string) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
const services = await startServices(loadConfig(), () => {});
const stamp = Date.now();
const scratch = `plateau_bench_import_${stamp}`;
const adminUrl = new URL(services.databaseUrl);
adminUrl.pathname = '/postgres';
const url = new URL(services.databaseUrl);
url.pathname = `/${scratch}`;
const admin = connect(adminUrl.toString(), { max: 1 });
await admin.sql.unsafe(`create database ${scratch}`);
const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-import-'));
const engine = new SearchEngine({
  host: services.meiliHost,
  apiKey: services.meiliApiKey,
  indexName: `bench_import_${stamp}`,
  timeoutMs: 120_000,
});
const rawIndex = `bench_import_raw_${stamp}`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
let failed = false;
try {
  await prepareDatabase(url.toString());
  const database = connect(url.toString(), { max: 2 });
  const indexer = indexerConnection(url.toString());
  await seedIfEmpty(database.db);
  await engine.createIndex(engine.indexName);
  await engine.createIndex(rawIndex);
  while ((await drainOutboxOnce(indexer, engine, { batchSize: searchBatch })) > 0) {} // the seed's events, not timed

  const file = path.join(dir, 'sites.csv');
  const out = createWriteStream(file);
  const communes = [...geography().communes.values()];
  out.write('id;name;operator_id;code_commune;status;citation_source;citation_quote\n');
  for (let i = 0; i < rows; i++) {
    const c = communes[(i * 7919) % communes.length]!;
    const line = `bench-${i};Plateau ${c.name} ${i};ipg-contacts-services;${c.code};open;en-contact-2017-04-26-fin-de-partie-ipg;IPG Contacts Services est une deuxième entité\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  step('import');
  // The import, then search catching up through the outbox.
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  let started = process.hrtime.bigint();
  const summary = await runImport(database.db, await kindImporter(database.db, siteKind), {
    file,
    format: 'csv',
    actor: { keyId: null, name: 'bench', scope: 'write' },
  });
  const importSeconds = seconds(started);
  const importPeak = peak;
  step('search catch-up');
  started = process.hrtime.bigint();
  let indexed = 0;
  for (let n = 1; n > 0; indexed += n) n = await drainOutboxOnce(indexer, engine, { batchSize: searchBatch });
  const catchUpSeconds = seconds(started);
  clearInterval(sampler);

  step('raw COPY');
  // The raw engines on the same rows: COPY of the same columns, addDocuments of the same documents.
  // On a connection of their own: a COPY stream may keep its connection busy after it ends.
  const rawCopy = connect(url.toString(), { max: 1 });
  const columns = [
    ...(await rawCopy.sql<{ name: string }[]>`
      select column_name as name from information_schema.columns
       where table_name = 'sites' and is_generated = 'NEVER' order by ordinal_position`),
  ].map((c) => c.name);
  await rawCopy.sql`create table bench_raw_sites (like sites including all)`;
  // A server-side COPY: the rawest the engine does (postgres.js streams hung here after a COPY TO).
  const dump = `/tmp/plateau-bench-import-${stamp}.copy`;
  await rawCopy.sql.unsafe(
    `copy (select ${columns.map((c) => `"${c}"`).join(', ')} from sites where id like 'bench-%') to '${dump}'`,
  );
  started = process.hrtime.bigint();
  await rawCopy.sql.unsafe(`copy bench_raw_sites (${columns.map((c) => `"${c}"`).join(', ')}) from '${dump}'`);
  const copySeconds = seconds(started);
  await rawCopy.sql.end({ timeout: 1 });
  await rm(dump, { force: true });
  step('raw addDocuments');
  // The same documents, read in one query (not timed), sent rawBatch at a time (timed).
  const documents = (
    await database.sql.unsafe<EntryRow[]>(
      `select ${entryColumnList} from search_entries where kind = 'site' and id like 'bench-%'`,
    )
  ).map(toDocument);
  let addSeconds = 0;
  for (let from = 0; from < documents.length; from += rawBatch) {
    started = process.hrtime.bigint();
    const batch = documents.slice(from, from + rawBatch);
    await engine.settle(engine.client.index(rawIndex).addDocuments(batch, { primaryKey: 'uid' }));
    addSeconds += seconds(started);
  }

  const ours = importSeconds + catchUpSeconds;
  const raw = copySeconds + addSeconds;
  const ratio = raw / ours;
  console.log(`bench:import — ${rows} sites, search batches of ${searchBatch} (ratios of one run on a shared machine)`);
  console.log(
    `  import: created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`,
  );
  console.log(
    `  import ${importSeconds.toFixed(1)} s (${Math.round(rows / importSeconds)} rows/s) + search catch-up ${catchUpSeconds.toFixed(1)} s (${indexed} events) = ${ours.toFixed(1)} s, ${Math.round(rows / ours)} rows/s`,
  );
  console.log(
    `  raw COPY ${copySeconds.toFixed(2)} s (${Math.round(rows / copySeconds)} rows/s) + addDocuments ${addSeconds.toFixed(1)} s = ${raw.toFixed(1)} s, ${Math.round(rows / raw)} rows/s`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)}× raw (target ≥ 0.7); Postgres alone ${(copySeconds / importSeconds).toFixed(3)}× COPY; ` +
      `RSS ${mib(before)} before, peak ${mib(importPeak)} during the import, ${mib(peak)} with the catch-up (target ≤ 400 MiB)`,
  );
  failed = ratio < 0.7 || peak > 400 * 2 ** 20;
  await indexer.close();
  await database.close();
} finally {
  for (const name of [engine.indexName, rawIndex]) await engine.client.deleteIndex(name).catch(() => {});
  await admin.sql.unsafe(`drop database if exists ${scratch} with (force)`);
  await admin.close();
  await rm(dir, { recursive: true, force: true });
  await services.stop();
}
if (failed && process.env.BENCH_STRICT === '1') process.exit(1);
