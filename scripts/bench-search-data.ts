// Synthetic directories for the search benchmarks (bench-reindex, bench-search): a scratch database on the
// server of `npm start`, the seed, and `count` sites in real communes (@etalab/decoupage-administratif, through
// src/geo), named as the press names them, with statuses, run by the seed's operators. Generated with set-based SQL
// (one statement), not through the API.
import { prepareDatabase } from '../src/database.js';
import { connect, type Database } from '../src/db/client.js';
import { geography, placeOfCommune } from '../src/geo/index.js';
import { seedIfEmpty } from '../src/seed/load.js';

/** A scratch database with the seed and `count` synthetic sites; `drop()` removes it. */
export interface ScratchDirectory {
  url: string;
  drop(): Promise<void>;
}

export async function scratchDirectory(serverUrl: string, count: number): Promise<ScratchDirectory> {
  const name = `plateau_bench_${Date.now()}_${count}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = connect(adminUrl.toString(), { max: 1 });
  await admin.sql.unsafe(`create database ${name}`);
  const drop = async () => {
    await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
    await admin.close();
  };
  try {
    await prepareDatabase(url.toString());
    const database = connect(url.toString(), { max: 1 });
    try {
      await seedIfEmpty(database.db);
      await addSites(database, count);
      // As after a bulk load that the index caught up with: nothing waits in the outbox.
      await database.sql`update search_outbox set processed_at = now() where processed_at is null`;
    } finally {
      await database.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), drop };
}

/** `count` sites in one statement: commune n·7919 mod the communes, a press-like name, one of six statuses. */
async function addSites({ sql }: Database, count: number) {
  const places = [...geography().communes.values()].map(placeOfCommune);
  const column = <K extends keyof (typeof places)[number]>(key: K) => places.map((p) => p[key]);
  await sql`
    insert into sites (id, name, operator_id, status, commune, commune_label, code_commune, code_postal,
                       departement_code, departement_name, region_code, region_name, former_region_name)
    with communes as (
      select row_number() over () - 1 as i, c.*
        from unnest(${column('commune')}::text[], ${column('commune_label')}::text[], ${column('code_commune')}::text[],
                    ${column('code_postal')}::text[], ${column('departement_code')}::text[],
                    ${column('departement_name')}::text[], ${column('region_code')}::text[],
                    ${column('region_name')}::text[], ${column('former_region_name')}::text[])
             as c(commune, commune_label, code_commune, code_postal, departement_code, departement_name,
                  region_code, region_name, former_region_name)),
    ops as (select array_agg(id order by id) as ids from operators)
    select 'bench-site-' || n,
           (array['Plateau', 'Centre de contacts', 'Relation client', 'Service client', 'Hotline',
                  'Centre d''appels'])[n % 6 + 1] || ' ' || c.commune || ' ' || n,
           ops.ids[n % cardinality(ops.ids) + 1],
           (array['open', 'open', 'open', 'closed', 'planned', 'relocated'])[n % 6 + 1]::site_status,
           c.commune, c.commune_label, c.code_commune, c.code_postal, c.departement_code, c.departement_name,
           c.region_code, c.region_name, c.former_region_name
      from generate_series(0, ${count - 1}) n
      cross join ops
      join communes c on c.i = (n::bigint * 7919) % ${places.length}`;
  await sql`analyze`;
}
