// npx tsx scripts/bench-lists.ts: lists and exports at national scale (issue 9), each against its raw
// engine in the same run. At each BENCH_SIZE (sites, comma-separated: `10000,100000`, `1000000`) it fills a
// scratch database with set-based SQL (tests/setup/bulk-sites.ts), then prints:
// - the list's first and last page p50 (`GET /v1/sites?sort=…&limit=20`, answered by the API in process, HTTP
//   over a socket) and the same page read straight with postgres.js (the keyset query), with their ratio;
// - the complete CSV export's rows/s against `COPY (the same columns) TO STDOUT`, with the ratio, and the
//   process's peak RSS during the export against its RSS before (memory flat: the peak does not grow with size).
// Targets: the list's p50 at the largest size ≤ 3× at the smallest; export ≥ 0.5× COPY. Exits 1 when missed.
// The server is BENCH_DATABASE_URL (default: the PostgreSQL at 127.0.0.1:5432, user postgres); the scratch
// database is dropped at the end. The machine may be shared: only ratios within one run mean anything.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { buildApp } from '../src/app.js';
import { prepareDatabase } from '../src/database.js';
import { operators, sites } from '../src/db/schema/index.js';
import { columnsOf } from '../src/listing/export.js';
import { exportSelect } from '../src/listing/export-rows.js';
import { encodeCursor } from '../src/listing/pagination.js';
import { siteSummary } from '../src/modules/sites/schemas.js';
import { insertSites } from '../tests/setup/bulk-sites.js';

const sizes = (process.env.BENCH_SIZE ?? '10000,100000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const exportRounds = Number(process.env.BENCH_EXPORT_ROUNDS ?? 3);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;

/** Runs `a` and `b` alternately, `rounds` times each after a warm-up: their p50 in ms. */
async function interleaved(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < 20; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [run, samples] of [
      [a, ta],
      [b, tb],
    ] as const) {
      const start = process.hrtime.bigint();
      await run();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return [median(ta), median(tb)];
}

/** GETs a path of the listening API, reads the body to its end; resolves with the bytes read. */
function get(port: number, path: string): Promise<{ status: number; body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request({ port, path, agent: keepAlive }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      const keep = !path.includes('/export');
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep) chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), bytes }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

interface Figures {
  size: number;
  first: [number, number];
  last: [number, number];
  exportRate: number;
  copyRate: number;
  rssBefore: number;
  rssPeak: number;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

async function measure(sql: postgres.Sql, port: number, size: number): Promise<Figures> {
  // The list as the API orders it by default (French names), and the same page read raw.
  const order = `coalesce(s.name, '') collate "fr-x-icu", s.id collate "C"`;
  const columns = `s.*, o.id as operator_ref_id, o.name as operator_name`;
  const raw = (after: string, params: string[]) =>
    sql.unsafe(
      `select ${columns}, coalesce(s.name, '') as sort_value from sites s left join operators o on o.id = s.operator_id
        ${after} order by ${order} limit 21`,
      params,
    );
  const [beforeLast] = await sql.unsafe<{ v: string; id: string }[]>(
    `select coalesce(s.name, '') as v, s.id from sites s order by ${order} offset (select count(*) from sites) - 21
      limit 1`,
  );
  if (!beforeLast) throw new Error('no sites');
  const lastCursor = encodeCursor({ s: 'name', v: beforeLast.v, i: beforeLast.id }, { list: 'sites', filters: {} });
  const lastPage = await get(port, `/v1/sites?sort=name&cursor=${lastCursor}`);
  if (lastPage.status !== 200 || JSON.parse(lastPage.body).next_cursor !== null) {
    throw new Error(`the last page is not the last: ${lastPage.status} ${lastPage.body.slice(0, 300)}`);
  }
  const first = await interleaved(
    () => get(port, '/v1/sites?sort=name'),
    () => raw('', []),
  );
  const last = await interleaved(
    () => get(port, `/v1/sites?sort=name&cursor=${lastCursor}`),
    () =>
      raw(`where (coalesce(s.name, '') collate "fr-x-icu", s.id collate "C") > ($1 collate "fr-x-icu", $2)`, [
        beforeLast.v,
        beforeLast.id,
      ]),
  );

  // The export against COPY of the same query (the same columns, citations included), in CSV.
  const exportQuery = new PgDialect().sqlToQuery(
    exportSelect(sites, [{ as: 'operator', column: sites.operator_id, table: operators }], undefined, {
      keys: Object.keys(siteSummary.shape),
      citationColumn: 'site_id',
    }),
  );
  const copyText = exportQuery.sql;
  let copyBytes = 0;
  async function copyOnce(): Promise<number> {
    const start = process.hrtime.bigint();
    const copy = await sql.unsafe(`copy (${copyText}) to stdout with (format csv, delimiter ';', header)`).readable();
    copyBytes = 0;
    for await (const chunk of copy) copyBytes += (chunk as Buffer).length;
    return Number(process.hrtime.bigint() - start) / 1e9;
  }
  let exportBytes = 0;
  let rssBefore = 0;
  let rssPeak = 0;
  async function exportOnce(): Promise<number> {
    global.gc?.();
    rssBefore = process.memoryUsage().rss;
    rssPeak = Math.max(rssPeak, rssBefore);
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const start = process.hrtime.bigint();
    const exported = await get(port, '/v1/sites/export?format=csv');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(sampler);
    if (exported.status !== 200) throw new Error(`export: ${exported.status}`);
    exportBytes = exported.bytes;
    return seconds;
  }
  // Alternated, so that both see the same load of a shared machine; the median of each.
  const exportSeconds: number[] = [];
  const copySeconds: number[] = [];
  for (let i = 0; i < exportRounds; i++) {
    copySeconds.push(await copyOnce());
    exportSeconds.push(await exportOnce());
  }
  console.log(
    `  (export ${mib(exportBytes)} MiB, ${columnsOf(siteSummary).length + 1} columns; COPY ${mib(copyBytes)} MiB; ` +
      `${exportRounds} rounds each, alternated)`,
  );
  return {
    size,
    first,
    last,
    exportRate: size / median(exportSeconds),
    copyRate: size / median(copySeconds),
    rssBefore,
    rssPeak,
  };
}

async function main() {
  const name = `bench_lists_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const results: Figures[] = [];
  try {
    await prepareDatabase(url);
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    const app = await buildApp({
      databaseUrl: url,
      logLevel: 'silent',
      // Lists and exports never ask the search engine; nothing listens there.
      search: { host: 'http://127.0.0.1:9', apiKey: undefined, indexName: name, runIndexer: false },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    try {
      let have = 0;
      for (const size of sizes.sort((a, b) => a - b)) {
        const start = Date.now();
        await insertSites(sql, size - have, `bench-${size}`);
        have = size;
        console.log(`${size} sites (generated in ${((Date.now() - start) / 1000).toFixed(1)} s)`);
        const f = await measure(sql, port, size);
        results.push(f);
        const ratio = (a: number, b: number) => (a / b).toFixed(2);
        console.log(
          `  list first page p50 ${f.first[0].toFixed(2)} ms, postgres.js ${f.first[1].toFixed(2)} ms: ` +
            `${ratio(f.first[0], f.first[1])}×`,
        );
        console.log(
          `  list last page  p50 ${f.last[0].toFixed(2)} ms, postgres.js ${f.last[1].toFixed(2)} ms: ` +
            `${ratio(f.last[0], f.last[1])}×`,
        );
        console.log(
          `  export ${Math.round(f.exportRate)} rows/s, COPY TO STDOUT ${Math.round(f.copyRate)} rows/s: ` +
            `${ratio(f.exportRate, f.copyRate)}× (target ≥ 0.5×); RSS ${mib(f.rssBefore)} → peak ${mib(f.rssPeak)} MiB`,
        );
      }
    } finally {
      await app.close();
      await sql.end({ timeout: 5 });
    }
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
  const small = results[0];
  const large = results.at(-1);
  let missed = false;
  if (small && large && large !== small) {
    for (const page of ['first', 'last'] as const) {
      const growth = large[page][0] / small[page][0];
      const ok = growth <= 3;
      missed ||= !ok;
      console.log(
        `list ${page} page p50 at ${large.size} / at ${small.size}: ${growth.toFixed(2)}× (target ≤ 3×) ${ok ? 'ok' : 'MISSED'}`,
      );
    }
  }
  for (const f of results) missed ||= f.exportRate / f.copyRate < 0.5;
  console.log(missed ? 'a target was missed' : 'every target met');
  process.exitCode = missed ? 1 : 0;
}

await main();
