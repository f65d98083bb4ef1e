// The benchmark's data: synthetic but realistic directories of BENCH_SIZE sites
// (real communes of @etalab/decoupage-administratif weighted by population,
// press-like names, operators ≈ sites/30 with SIRENs, sites with SIRETs,
// statuses, headcounts, sources and citations), generated with set-based SQL
// into a template database `plateau_bench_<size>` on the server of
// DATABASE_URL. A template is kept and reused across runs; it is rebuilt when
// its fingerprint (the migrations, the search view and documents, the seed,
// this generator) changes. Each run measures on clones of it, never on it.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { prepareDatabase } from '../../src/database.js';
import { connect } from '../../src/db/client.js';
import { geography, placeOfCommune } from '../../src/geo/index.js';
import { seedFolder } from '../../src/paths.js';
import { type EntryRow, toDocument } from '../../src/search/documents.js';
import { searchEntryColumns } from '../../src/search/entries.js';
import { seedIfEmpty } from '../../src/seed/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The server the benchmark works on: DATABASE_URL, else the machine's PostgreSQL. */
export function serverUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The URL of database `name` on the benchmark's server. */
export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A connection to the server's maintenance database, for create/drop database. */
export function adminSql(): postgres.Sql {
  return postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
}

/** Where the benchmark keeps files between runs (the documents of each size). */
export const cacheDir = path.join(root, '.data', 'bench');

/** Parses `10k`, `100k`, `1M`, `2500` into a number of sites. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`BENCH_SIZE: '${text}' is not a size (10k, 100k, 1M, 2500)`);
  const factor = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2] ?? ''] ?? 1;
  return Math.round(Number(m[1]) * factor);
}

/** `10000` → `10k`, `1000000` → `1M`. */
export function sizeLabel(size: number): string {
  if (size >= 1e6 && size % 1e6 === 0) return `${size / 1e6}M`;
  if (size >= 1e3 && size % 1e3 === 0) return `${size / 1e3}k`;
  return String(size);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** What the template is built from: when any of it changes, the templates and documents are rebuilt. */
export async function fingerprint(): Promise<string> {
  const files = [
    ...(await filesUnder(path.join(root, 'migrations'))),
    ...(await filesUnder(seedFolder)),
    ...['src/search/entries.ts', 'src/search/documents.ts', 'src/search/settings.ts', 'scripts/bench/synthetic.ts'].map(
      (f) => path.join(root, f),
    ),
  ].sort();
  const hash = createHash('sha256');
  // Paths relative to the checkout: clones and worktrees of the same files share one template.
  for (const f of files) hash.update(path.relative(root, f)).update(await readFile(f));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The template database of `size` built from `print` (its fingerprint): the fingerprint is in the name, so that
 * checkouts of different migrations (worktrees, branches) on one server keep their own templates side by side.
 */
export const templateName = (size: number, print: string) => `plateau_bench_${sizeLabel(size).toLowerCase()}_${print}`;

/** The fingerprints `benchData` built or found, by size: `cloneTemplate` copies that template. */
const templates = new Map<number, string>();

/** The documents of a template, one JSON line each, as the API's rebuild would send them. */
export const documentsFile = (size: number, print: string) =>
  path.join(cacheDir, `documents-${sizeLabel(size)}-${print}.ndjson`);

// Press-like vocabulary: operators are named like French outsourcers and in-house centres, sites as articles
// name them (« le centre de relation client d'Opale Contact à Amiens »).
const firstWords = [
  'Opale',
  'Armor',
  'Atlantique',
  'Azur',
  'Horizon',
  'Phénix',
  'Véga',
  'Iris',
  'Nova',
  'Alizé',
  'Cap',
  'Hexa',
  'Lumen',
  'Pléiade',
  'Sirius',
  'Vendôme',
  'Mistral',
  'Orion',
  'Adéquat',
  'Synergie',
  'Estuaire',
  'Comète',
];
const secondWords = [
  'Contact',
  'Relation Client',
  'Services',
  'Call',
  'Conseil',
  'Téléservices',
  'Multicanal',
  'Connect',
  'Assistance',
  'Voice',
  'Expérience Client',
  'Centre d’Appels',
];
const siteWords = ['', 'Centre de contacts ', 'Plateau ', 'Centre d’appels ', 'Centre de relation client ', 'Site '];

const lit = (values: string[]) => `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}]::text[]`;

/** Real communes, each repeated with its weight (a city holds more centres than a village): the sites' places. */
async function loadCommunes(sql: postgres.Sql): Promise<number> {
  const require = createRequire(import.meta.url);
  const raw = require('@etalab/decoupage-administratif/data/communes.json') as {
    code: string;
    type: string;
    population?: number;
  }[];
  const communes = geography().communes;
  await sql`create unlogged table bench_communes (
    k int primary key, commune text, commune_label text, code_commune text, code_postal text,
    departement_code text, departement_name text, region_code text, region_name text, former_region_name text)`;
  let k = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length) await sql`insert into bench_communes ${sql(batch)}`;
    batch = [];
  };
  for (const entry of raw) {
    const commune = entry.type === 'commune-actuelle' ? communes.get(entry.code) : undefined;
    if (!commune) continue;
    const weight = 1 + Math.floor(Math.sqrt(entry.population ?? 0) / 25);
    const place = placeOfCommune(commune);
    for (let i = 0; i < weight; i++) {
      batch.push({ k: k++, ...place });
      if (batch.length >= 2000) await flush();
    }
  }
  await flush();
  return k;
}

/** Fills a migrated, seeded database with `size` synthetic sites and their operators, sources and citations. */
export async function generate(sql: postgres.Sql, size: number): Promise<void> {
  const places = await loadCommunes(sql);
  const ops = Math.max(1, Math.round(size / 30));
  const sources = Math.max(1, Math.round(size / 200));
  // Multiplicative hashing spreads consecutive numbers over the table; deterministic, so runs compare.
  const pick = (n: string, m: number | string) => `((${n})::bigint * 2654435761 % ${m})::int`;
  await sql.unsafe(`
    insert into sources (id, title, outlet, url, published_on, published_as_printed)
    select 'bench-source-' || s,
           (${lit(['Le centre d’appels', 'Le plateau', 'Le site', 'Le centre de relation client'])})[1 + s % 4]
             || ' recrute ' || (20 + s % 300) || ' conseillers',
           (${lit(['En-Contact', 'Les Echos', 'Ouest-France', 'La Voix du Nord', 'Le Parisien', 'Relation Client Mag'])})[1 + s % 6],
           'https://presse.example.org/articles/' || s,
           date '2010-01-01' + (s * 37 % 5400),
           to_char(date '2010-01-01' + (s * 37 % 5400), 'DD/MM/YYYY')
      from generate_series(1, ${sources}) as g(s)`);
  await sql.unsafe(`
    insert into operators (id, name, kind, country, siren, website, description)
    select 'bench-op-' || i,
           (${lit(firstWords)})[1 + i % ${firstWords.length}] || ' '
             || (${lit(secondWords)})[1 + (i / ${firstWords.length}) % ${secondWords.length}]
             || case when i >= ${firstWords.length * secondWords.length}
                     then ' ' || c.commune else '' end,
           (array['outsourcer','outsourcer','outsourcer','in_house','in_house','vendor','group']::operator_kind[])[1 + i % 7],
           'FR',
           (${pick('i', 899_999_999)} + 100000000)::text,
           'https://operateur-' || i || '.example.fr',
           'Opérateur de centres de contacts, ' || (2 + i % 40) || ' sites en France.'
      from generate_series(1, ${ops}) as g(i)
      join bench_communes c on c.k = ${pick('i', places)}`);
  await sql.unsafe(`
    insert into sites (id, name, operator_id, siret, country, address, commune, commune_label, code_commune,
                       code_postal, departement_code, departement_name, region_code, region_name,
                       former_region_name, status, status_as_of, opened_on, closed_on, notes)
    select 'bench-site-' || n,
           (${lit(siteWords)})[1 + n % ${siteWords.length}] || o.name || ' ' || c.commune,
           o.id,
           o.siren || lpad((n / ${ops} % 99999 + 1)::text, 5, '0'),
           'FR',
           (1 + n % 180) || ' ' || (${lit(['rue de la République', 'avenue Jean-Jaurès', 'boulevard Victor-Hugo', 'rue Pasteur', 'zone d’activités du Parc', 'rue des Entrepreneurs'])})[1 + n % 6],
           c.commune, c.commune_label, c.code_commune, c.code_postal, c.departement_code, c.departement_name,
           c.region_code, c.region_name, c.former_region_name,
           st.status,
           (2008 + n % 17)::text,
           (1995 + n % 25)::text || '-' || lpad((1 + n % 12)::text, 2, '0'),
           case when st.status = 'closed' then (2012 + n % 13)::text end,
           case when n % 5 = 0 then 'Site cité par la presse régionale.' end
      from generate_series(1, ${size}) as g(n)
      join bench_communes c on c.k = ${pick('n', places)}
      join operators o on o.id = 'bench-op-' || (1 + ${pick('n + 7', ops)})
      cross join lateral (select (array['open','open','open','open','open','open','closed','closed','planned','relocated']::site_status[])[1 + n % 10] as status) st`);
  await sql.unsafe(`
    insert into citations (source_id, quote, fields, site_id)
    select 'bench-source-' || (1 + ${pick('n', sources)}),
           'Le site de ' || s.commune || ' emploie ' || (20 + n % 480) || ' conseillers',
           array['name','status','commune'], s.id
      from generate_series(1, ${size}) as g(n) join sites s on s.id = 'bench-site-' || n`);
  await sql.unsafe(`
    insert into citations (source_id, quote, fields, operator_id)
    select 'bench-source-' || (1 + abs(hashtext(o.id)) % ${sources}), o.name || ' exploite des centres de contacts',
           array['name','kind'], o.id
      from operators o where o.id like 'bench-op-%'`);
  await sql.unsafe(`
    insert into headcounts (site_id, kind, value, as_of, source_id, quote)
    select 'bench-site-' || n, (array['employees','agents','jobs_planned']::headcount_kind[])[1 + n % 3],
           20 + n % 480, (2010 + n % 15)::text, 'bench-source-' || (1 + ${pick('n', sources)}),
           (20 + n % 480) || ' salariés'
      from generate_series(1, ${size}) as g(n) where n % 2 = 0`);
  await sql`drop table bench_communes`;
  // What autovacuum's ANALYZE gives an imported database within a minute (it works since verify47 03's fix), done
  // at once so that a part measured right after the template is built sees the same statistics.
  await sql`analyze`;
}

async function databaseComment(admin: postgres.Sql, name: string): Promise<string | null | undefined> {
  const [row] = await admin<{ comment: string | null }[]>`
    select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
  return row ? row.comment : undefined;
}

/**
 * Tells the other templates of `size` on the server (of other migrations, or stale): they are left alone, since
 * another checkout may use them, but named with the command that drops one.
 */
async function sayOtherTemplates(
  admin: postgres.Sql,
  size: number,
  kept: string,
  say: (line: string) => void,
): Promise<void> {
  const prefix = templateName(size, '');
  const others = await admin<{ datname: string }[]>`
    select datname from pg_database
     where starts_with(datname, ${prefix}) and datname <> ${kept} and not datname like '%\_building'
     order by datname`;
  for (const { datname } of others) {
    say(
      `another template of this size, of other migrations or stale: ${datname} (drop it with: psql -c 'drop database ${datname}')`,
    );
  }
}

/**
 * Writes the search documents of a database (those matching `where`, whose `$n` are `params`: arrays of ids) to a
 * JSON-lines file, from a cursor.
 */
export async function writeDocuments(
  url: string,
  file: string,
  where = 'true',
  params: string[][] = [],
): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const partial = `${file}.part`;
  const out = createWriteStream(partial);
  let count = 0;
  try {
    const columns = Object.keys(searchEntryColumns)
      .map((c) => `"${c}"`)
      .join(', ');
    const cursor = sql
      .unsafe(`select ${columns} from search_entries where ${where} order by kind, id`, params)
      .cursor(5000);
    for await (const rows of cursor) {
      const text = rows.map((r) => JSON.stringify(toDocument(r as unknown as EntryRow))).join('\n');
      count += rows.length;
      if (!out.write(`${text}\n`)) await once(out, 'drain');
    }
  } finally {
    await new Promise((r) => out.end(r));
    await sql.end({ timeout: 5 });
  }
  await rename(partial, file);
  return count;
}

export interface BenchData {
  size: number;
  /** The kept template; never measured on directly. */
  template: string;
  fingerprint: string;
  /** The search documents of the template, one JSON line each. */
  documents: string;
  /** Whether this run built the template (with the time it took). */
  builtInMs: number | null;
}

/** The template of `size`, built when missing or out of date. */
export async function benchData(size: number, say: (line: string) => void): Promise<BenchData> {
  const print = await fingerprint();
  const template = templateName(size, print);
  const admin = adminSql();
  let builtInMs: number | null = null;
  try {
    const comment = await databaseComment(admin, template);
    if (comment !== `bench ${print}`) {
      const started = Date.now();
      say(`building template ${template} (${size} sites)${comment === undefined ? '' : ': out of date'}`);
      const building = `${template}_building`;
      await admin.unsafe(`drop database if exists ${building} with (force)`);
      await admin.unsafe(`create database ${building}`);
      await prepareDatabase(databaseUrl(building));
      const database = connect(databaseUrl(building), { max: 1 });
      try {
        await seedIfEmpty(database.db);
        await generate(database.sql, size);
      } finally {
        await database.close();
      }
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.unsafe(`alter database ${building} rename to ${template}`);
      await admin.unsafe(`comment on database ${template} is 'bench ${print}'`);
      builtInMs = Date.now() - started;
      say(`built ${template} in ${(builtInMs / 1000).toFixed(1)} s`);
      await sayOtherTemplates(admin, size, template, say);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  templates.set(size, template);
  const documents = documentsFile(size, print);
  if (!existsSync(documents)) {
    const scratch = await cloneTemplate(size, 'documents');
    try {
      const n = await writeDocuments(scratch.url, documents);
      say(`wrote ${n} search documents of ${template}`);
    } finally {
      await scratch.drop();
    }
  }
  return { size, template, fingerprint: print, documents, builtInMs };
}

/** A database of this run, cloned from the template (or created empty and prepared, with `empty`). */
export interface Scratch {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Clones the template of `size` (made ready by `benchData` first) into a scratch database of this run. */
export async function cloneTemplate(size: number, purpose: string): Promise<Scratch> {
  const template = templates.get(size);
  if (!template) throw new Error(`cloneTemplate(${size}): benchData(${size}) was not called first`);
  const name = `plateau_bench_${sizeLabel(size).toLowerCase()}_${purpose}_${process.pid}`;
  const admin = adminSql();
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const a = adminSql();
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}

/** Reads a documents file in batches of `batchSize` JSON lines (as text, ready to send). */
export async function* documentBatches(file: string, batchSize: number): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let batch: string[] = [];
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Removes the cached files of other fingerprints. */
export async function pruneCache(print: string): Promise<void> {
  if (!existsSync(cacheDir)) return;
  for (const f of await readdir(cacheDir)) {
    if (f.startsWith('documents-') && !f.includes(print)) await rm(path.join(cacheDir, f), { force: true });
  }
}
