// npm run bench:import: imports a generated file of BENCH_ROWS sites (100,000
// by default) into a scratch database and prints rows/s and the peak memory,
// to check that large files stream rather than load whole.

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
import { seedIfEmpty } from '../src/seed/load.js';

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const services = await startServices(loadConfig(), () => {}, { search: false });
const scratch = `plateau_bench_import_${Date.now()}`;
const adminUrl = new URL(services.databaseUrl);
adminUrl.pathname = '/postgres';
const url = new URL(services.databaseUrl);
url.pathname = `/${scratch}`;
const admin = connect(adminUrl.toString(), { max: 1 });
await admin.sql.unsafe(`create database ${scratch}`);
const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-import-'));
try {
  await prepareDatabase(url.toString());
  const database = connect(url.toString(), { max: 2 });
  await seedIfEmpty(database.db);

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

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = Date.now();
  let checked = 0;
  const summary = await runImport(database.db, await kindImporter(database.db, siteKind), {
    file,
    format: 'csv',
    actor: { keyId: null, name: 'bench', scope: 'write' },
    onProgress: (done, phase) => {
      if (phase === 'check') checked = done;
    },
  });
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  console.log(`bench:import — ${rows} rows (${checked} checked in pass 1)`);
  console.log(
    `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`,
  );
  console.log(
    `${seconds.toFixed(1)} s, ${Math.round(rows / seconds)} rows/s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
  await database.close();
} finally {
  await admin.sql.unsafe(`drop database if exists ${scratch} with (force)`);
  await admin.close();
  await rm(dir, { recursive: true, force: true });
  await services.stop();
}
