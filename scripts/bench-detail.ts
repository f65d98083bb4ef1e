// npx tsx scripts/bench-detail.ts: GET /v1/<kind>/{id} against the same rows
// read with postgres.js directly (the detail's one statement, prepared), in
// one run, interleaved request by request (the order alternating), at each
// size of BENCH_SIZES synthetic sites (10,000 and 100,000 by default) in real
// communes, with operators, headcounts, clients and citations. Prints p50/p95
// of each and the ratio; target: p50 at most 1.3× the raw read. The API is
// built in process (`buildApp`, the configuration's protection, rate limits
// off) and asked with app.inject. Uses the servers of `npm start` (bundled, or
// DATABASE_URL and MEILI_HOST) and a scratch database per size, dropped after.
// Exits 1 when a target is missed.
import postgres from 'postgres';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { prepareDatabase } from '../src/database.js';
import { connect } from '../src/db/client.js';
import { geography, placeOfCommune } from '../src/geo/index.js';
import { clubDetailStatement } from '../src/modules/clubs/queries.js';
import { mandataireDetailStatement } from '../src/modules/mandataires/queries.js';
import { operatorDetailStatement } from '../src/modules/operators/queries.js';
import { proceedingDetailStatement } from '../src/modules/proceedings/queries.js';
import { siteDetailStatement } from '../src/modules/sites/queries.js';
import { startServices } from '../src/runtime.js';
import { seedIfEmpty } from '../src/seed/load.js';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1000);
const target = 1.3;

/** Sites, operators (one per 100 sites), headcounts, clients and citations, written with set-based SQL. */
async function generate(sql: postgres.Sql, count: number) {
  const places = [...geography().communes.values()].map(placeOfCommune);
  await sql`create temporary table bench_places as
    select (row_number() over () - 1)::int as n, p.* from jsonb_to_recordset(${sql.json(places as never)}) as p(
      commune text, commune_label text, code_commune text, code_postal text, departement_code text,
      departement_name text, region_code text, region_name text, former_region_name text)`;
  const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
  const operators = Math.max(1, Math.floor(count / 100));
  await sql`insert into operators (id, name, kind, country)
    select 'bench-operator-' || g, 'Groupe ' || g || ' Relation Client', 'outsourcer'::operator_kind, 'FR'
      from generate_series(1, ${operators}::int) g`;
  await sql`insert into citations (source_id, quote, fields, operator_id)
    select ${source}, 'IPG', '{name,kind}', 'bench-operator-' || g from generate_series(1, ${operators}::int) g`;
  const statuses = ['open', 'open', 'open', 'closed', 'planned', 'relocated'];
  await sql`insert into sites (id, name, operator_id, status, status_as_of, commune, commune_label, code_commune,
      code_postal, departement_code, departement_name, region_code, region_name, former_region_name)
    select 'bench-site-' || g, 'Centre de relation client ' || p.commune || ' ' || g,
           'bench-operator-' || (g % ${operators}::int + 1), (${statuses}::site_status[])[g % 6 + 1], '2017-04',
           p.commune, p.commune_label, p.code_commune, p.code_postal, p.departement_code, p.departement_name,
           p.region_code, p.region_name, p.former_region_name
      from generate_series(1, ${count}::int) g
      join bench_places p on p.n = (g * 7919) % (select count(*) from bench_places)`;
  await sql`insert into citations (source_id, quote, fields, site_id)
    select ${source}, 'IPG', '{name,commune,status}'::text[], 'bench-site-' || g from generate_series(1, ${count}::int) g
    union all
    select ${source}, 'IPG Contacts', '{operator}'::text[], 'bench-site-' || g from generate_series(1, ${count}::int, 2) g`;
  await sql`insert into headcounts (site_id, kind, value, as_of, source_id, quote)
    select 'bench-site-' || g, 'employees'::headcount_kind, 50 + g % 400, (2015 + g % 10)::text, ${source}, 'IPG'
      from generate_series(1, ${count}::int) g`;
  await sql`insert into site_clients (site_id, name, current, source_id, quote)
    select 'bench-site-' || g, 'Client ' || (g % 97), true, ${source}, 'IPG'
      from generate_series(1, ${count}::int, 3) g`;
  await sql`drop table bench_places`;
  await sql`analyze`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const config = loadConfig();
const services = await startServices(config, () => {});
const adminUrl = new URL(services.databaseUrl);
adminUrl.pathname = '/postgres';
const admin = connect(adminUrl.toString(), { max: 1 });
let missed = false;
console.log(
  `bench:detail: ${rounds} requests per kind and size, interleaved with the raw read (app.inject vs postgres.js)`,
);
console.log('The machine is shared: only the ratios, measured in one run, compare.');
try {
  for (const size of sizes) {
    const scratch = `plateau_bench_detail_${Date.now()}`;
    const url = new URL(services.databaseUrl);
    url.pathname = `/${scratch}`;
    await admin.sql.unsafe(`create database ${scratch}`);
    try {
      await prepareDatabase(url.toString());
      const seeding = connect(url.toString(), { max: 1 });
      await seedIfEmpty(seeding.db);
      await seeding.close();
      const raw = postgres(url.toString(), { max: 10, onnotice: () => {} });
      const generated = process.hrtime.bigint();
      await generate(raw, size);
      const generating = ms(generated);
      const app = await buildApp({
        databaseUrl: url.toString(),
        logLevel: 'silent',
        statementTimeoutMs: config.statementTimeoutSeconds * 1000,
        protection: { ...config.protection, rateLimits: null },
        search: { host: services.meiliHost, apiKey: services.meiliApiKey, indexName: scratch, runIndexer: false },
      });
      await app.ready();
      const seedIds = async (table: string) => (await raw.unsafe(`select id from ${table}`)).map((r) => r.id as string);
      const kinds = [
        {
          plural: 'sites',
          statement: siteDetailStatement,
          ids: (i: number) => `bench-site-${((i * 104729) % size) + 1}`,
        },
        {
          plural: 'operators',
          statement: operatorDetailStatement,
          ids: (i: number) => `bench-operator-${((i * 7919) % Math.max(1, Math.floor(size / 100))) + 1}`,
        },
        ...[
          ['clubs', clubDetailStatement],
          ['mandataires', mandataireDetailStatement],
          ['proceedings', proceedingDetailStatement],
        ].map(([plural, statement]) => ({ plural: plural as string, statement: statement as string, list: plural })),
      ];
      console.log(
        `\n${size} sites (${Math.floor(size / 100)} operators; generated in ${(generating / 1000).toFixed(1)} s)`,
      );
      for (const kind of kinds) {
        const seeded = 'list' in kind ? await seedIds(kind.list as string) : [];
        const idOf = 'ids' in kind && kind.ids ? kind.ids : (i: number) => seeded[i % seeded.length] as string;
        const api: number[] = [];
        const direct: number[] = [];
        const one = async (i: number, which: 'api' | 'raw') => {
          const id = idOf(i);
          const start = process.hrtime.bigint();
          if (which === 'api') {
            const response = await app.inject({ method: 'GET', url: `/v1/${kind.plural}/${id}` });
            if (response.statusCode !== 200) throw new Error(`${kind.plural}/${id}: ${response.statusCode}`);
            response.json();
            api.push(ms(start));
          } else {
            const [row] = await raw.unsafe(kind.statement, [id], { prepare: true });
            if (!row) throw new Error(`${kind.plural}/${id}: no row`);
            direct.push(ms(start));
          }
        };
        for (let i = 0; i < 50; i++) await Promise.all([one(i, 'api'), one(i, 'raw')]); // warm-up
        api.length = 0;
        direct.length = 0;
        for (let i = 0; i < rounds; i++) {
          const first = i % 2 ? 'api' : 'raw';
          await one(i, first);
          await one(i, first === 'api' ? 'raw' : 'api');
        }
        api.sort((a, b) => a - b);
        direct.sort((a, b) => a - b);
        const ratio = percentile(api, 50) / percentile(direct, 50);
        if (ratio > target) missed = true;
        console.log(
          `  GET /v1/${kind.plural}/{id}`.padEnd(30) +
            `api p50 ${percentile(api, 50).toFixed(3)} ms p95 ${percentile(api, 95).toFixed(3)} ms | ` +
            `postgres.js p50 ${percentile(direct, 50).toFixed(3)} ms p95 ${percentile(direct, 95).toFixed(3)} ms | ` +
            `ratio p50 ${ratio.toFixed(2)} (target ≤ ${target}) ${ratio <= target ? 'met' : 'NOT met'}`,
        );
      }
      await app.close();
      await raw.end();
    } finally {
      await admin.sql.unsafe(`drop database if exists ${scratch} with (force)`);
    }
  }
} finally {
  await admin.close();
  await services.stop();
}
process.exitCode = missed ? 1 : 0;
