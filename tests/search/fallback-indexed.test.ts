// The PostgreSQL fallback finds words through indexes that PostgreSQL keeps in each write's own transaction
// (src/search/indexed-words.ts, migration 0042): an entry's own words and the names it is found by through other
// tables. So a row written straight to its table is found by the next search, a site by its operator's name (read
// through the operator's index and joined, not copied), and past 20,000 matches the total is an estimate, said so.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { searchedText } from '../../src/search/entries.js';
import { exactCountLimit } from '../../src/search/fallback.js';
import { type SearchableAttribute, searchableAttributes } from '../../src/search/settings.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';

let app: App;
let offline: App;
let db: Db;

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  db = started.db;
  offline = await offlineApp(app, started.databaseUrl);
});
afterAll(() => offline?.close());

describe('the words the indexes hold', () => {
  const indexed = entryKinds.filter((k) => k.searchWords);
  // Every linked attribute of every kind given words (the seed has no practitioner's link, notice, acquirer or firm).
  beforeAll(async () => {
    await db.execute(sql`
      with src as (select id from sources order by id limit 1),
      o as (insert into operators (id, name, kind) values ('fbw-op', 'Tessaline Groupe', 'group'),
                                                          ('fbw-acq', 'Ormandine Reprises', 'outsourcer') returning id),
      m as (insert into mandataires (id, name, kind, profession, firm_id, siret, phone, commune, notes) values
              ('fbw-firm', 'Selarl Quillebeuf Associés', 'firm', null, null, '55210055400013', null, 'Rouen', null),
              ('fbw-mj', 'Sidonie Parmentelle', 'practitioner', 'mandataire_judiciaire', 'fbw-firm', null, '+33235000000',
               'Rouen', 'Bureau secondaire au Havre') returning id),
      p as (insert into proceedings (id, company_name, company_description, operator_id, kind, date, court, acquirer_id, notes)
              select 'fbw-pc', 'Verrerie Camboulaz 2000', 'Verres soufflés', 'fbw-op', 'redressement_judiciaire', '2024-03',
                     'Tribunal de commerce de Rouen', 'fbw-acq', 'Reprise partielle'
                from o limit 1 returning id),
      pe as (insert into people (id, name) values ('fbw-person', 'Anatole Vercingel') returning id),
      c as (insert into clubs (id, name, kind, commune, code_postal, served_region_name)
              values ('fbw-club', 'Club Relation Client Normandie', 'regional_club', 'Caen', '14000', 'Normandie')
              returning id)
      select (select count(*) from m), (select count(*) from p), (select count(*) from pe), (select count(*) from c)`);
    const src = sql`(select id from sources order by id limit 1)`;
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      values ('fbw-pc', 'fbw-mj', 'commissaire_execution_plan', ${src}, 'désignant')`);
    await db.execute(sql`
      insert into proceeding_notices (id, siren, proceeding_id, publication, parution, number, published_on,
        notice_type, effect, url, source_id)
      values ('A209901019999', '732829320', 'fbw-pc', 'A', '20990101', 9999, '2024-03-01', 'annonce', 'status',
              'https://www.bodacc.fr/annonce/detail/A209901019999', ${src})`);
    await db.execute(sql`
      insert into roles (person_id, title, mandataire_id, source_id, quote)
      values ('fbw-person', 'Associé', 'fbw-mj', ${src}, 'Une fiche de test')`);
    await db.execute(sql`
      insert into roles (person_id, title, club_id, source_id, quote)
      values ('fbw-person', 'Président', 'fbw-club', ${src}, 'Une fiche de test')`);
    await db.execute(sql`
      insert into club_affiliations (club_id, relation, name, source_id, quote)
      values ('fbw-club', 'sponsor', 'Banque Hirondelle', ${src}, 'Une fiche de test')`);
  });
  const text = (attributes: readonly string[]) =>
    sql.raw(`concat_ws(' ', ${attributes.map((a) => searchedText[a as SearchableAttribute]).join(', ')})`);

  it('are declared for every kind of entry', () => {
    expect(indexed.map((k) => k.name).sort()).toEqual(entryKinds.map((k) => k.name).sort());
  });

  it.each(indexed.map((k) => [k.name, k] as const))(
    "of each %s are exactly the words of its own attributes in its document (the migration's function and the kind's SELECT agree)",
    async (name, kind) => {
      const linked = kind.searchWords!.linkedAttributes;
      const own = searchableAttributes.filter((a) => !linked.includes(a));
      const [row] = await db.execute<{ indexed: number; strays: string[] | null }>(sql`
        select count(*)::int as indexed,
               array_agg(id || ': ' || array_to_string(tsvector_to_array(own_words), ' ') || ' ≠ '
                            || array_to_string(tsvector_to_array(to_tsvector('plateau_fr', ${text(own)})), ' '))
                 filter (where not (tsvector_to_array(own_words) <@ tsvector_to_array(to_tsvector('plateau_fr', ${text(own)}))
                                and tsvector_to_array(to_tsvector('plateau_fr', ${text(own)})) <@ tsvector_to_array(own_words)))
                 as strays
          from search_entries e where kind = ${name}`);
      expect(row!.indexed).toBeGreaterThan(0);
      expect(row!.strays).toBeNull();
    },
  );

  it.each(indexed.map((k) => [k.name, k] as const))(
    'of the attributes each %s takes from other tables find it, and find only entries holding them',
    async (name, kind) => {
      const words = kind.searchWords!;
      const lexeme = sql`quote_literal(w.lexeme)::tsquery`;
      const linkedText = text(words.linkedAttributes);
      // Every word of an entry's linked attributes finds it through `linked`.
      const missed = await db.execute<{ id: string; lexeme: string }>(sql`
        select e.id, w.lexeme from search_entries e
               cross join lateral unnest(tsvector_to_array(to_tsvector('plateau_fr', ${linkedText}))) w(lexeme)
         where e.kind = ${name} and not ${words.linked(lexeme)}`);
      expect([...missed]).toEqual([]);
      // And finds no entry whose document does not hold it.
      const found = await db.execute<{ id: string; lexeme: string; n: number }>(sql`
        with w as (select distinct w.lexeme from search_entries e
                          cross join lateral unnest(tsvector_to_array(to_tsvector('plateau_fr', ${linkedText}))) w(lexeme)
                    where e.kind = ${name})
        select x.id, w.lexeme from w
               cross join lateral (select e.id, e.document from search_entries e
                                    where e.kind = ${name} and ${words.linked(lexeme)}) x
         where not to_tsvector('plateau_fr', x.document) @@ ${lexeme}`);
      expect([...found]).toEqual([]);
    },
  );
});

describe('the indexes on the functions of migration 0042', () => {
  it('are written, analysed and rebuilt with an empty search_path, as autovacuum and pg_restore run', async () => {
    // Autovacuum's ANALYZE failed every minute (« plateau_name_variants(text) does not exist »), leaving the
    // estimates past 20,000 matches without statistics, and pg_restore dropped the indexes (verify47 03).
    const [{ sites } = { sites: 0 }] = await db.execute<{ sites: number }>(
      sql`select count(*)::int as sites from sites`,
    );
    expect(sites).toBeGreaterThan(0);
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local search_path to ''`);
      await tx.execute(sql`analyze public.sites, public.operators`);
      // Every row's words computed again, as pg_restore does when it builds the index.
      await tx.execute(sql`reindex table public.sites`);
      await tx.execute(sql`reindex table public.operators`);
    });
  });
});

describe('while Meilisearch is down', () => {
  it("finds a site by a word only its operator's name holds", async () => {
    const operator = await createOperator(db, { name: 'Zarbatel Services' });
    const site = await createSite(db, { name: 'Plateau de Quimperlé', operator: operator.id });
    const { body } = await getJson(offline, '/v1/search?q=Zarbatel&limit=50');
    expect(body.degraded).toBe(true);
    expect(hitIds(body).sort()).toEqual([`operator:${operator.id}`, `site:${site.id}`].sort());
    expect([body.total, body.total_exact]).toEqual([2, true]);
    // The operator renamed: its sites are found by the new name at once, none by the old.
    await db.execute(sql`update operators set name = 'Brunalor Services' where id = ${operator.id}`);
    expect(hitIds((await getJson(offline, '/v1/search?q=Zarbatel')).body)).toEqual([]);
    expect(hitIds((await getJson(offline, '/v1/search?q=Brunalor&kind=site')).body)).toEqual([`site:${site.id}`]);
  });

  it('finds a row written straight to its table by the next search, with no indexer pass', async () => {
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      values ('fbidx-straight', 'Centre Vortimbal', 'FR', 'Amiens', '80021', '80', '32')`);
    const { body } = await getJson(offline, '/v1/search?q=Vortimbal');
    expect(hitIds(body)).toEqual(['site:fbidx-straight']);
    // And by a typo of its name (trigram index).
    expect(hitIds((await getJson(offline, '/v1/search?q=Vortimbel')).body)).toEqual(['site:fbidx-straight']);
  });

  it('finds a site by a client named on it', async () => {
    const site = await createSite(db, { name: 'Plateau de Lorient' });
    await db.execute(sql`
      insert into site_clients (site_id, name, source_id, quote)
      select ${site.id}, 'Mutuelle Frandolis', s.id, 'Une fiche de test' from sources s limit 1`);
    expect(hitIds((await getJson(offline, '/v1/search?q=Frandolis')).body)).toEqual([`site:${site.id}`]);
  });

  it(`counts up to ${exactCountLimit.toLocaleString('en')} matches and estimates past them, said so`, async () => {
    await db.execute(sql`
      insert into sites (id, name, country, commune, code_commune, departement_code, region_code)
      select 'fbidx-many-' || g, 'Plateau Ostramir ' || g, 'FR', 'Amiens', '80021', '80', '32'
        from generate_series(1, ${exactCountLimit + 50}) g`);
    await db.execute(sql`analyze sites`);
    const many = await getJson(offline, '/v1/search?q=Ostramir&limit=5&facets=kind');
    expect(many.status).toBe(200);
    expect(many.body.degraded).toBe(true);
    expect(many.body.total_exact).toBe(false);
    expect(many.body.total).toBeGreaterThan(exactCountLimit);
    expect(many.body.data).toHaveLength(5);
    // Fewer than the bound: counted exactly.
    await db.execute(sql`delete from sites where id like 'fbidx-many-%' and substring(id from 12)::int > 300`);
    const few = await getJson(offline, '/v1/search?q=Ostramir&limit=5&facets=kind');
    expect([few.body.total, few.body.total_exact]).toEqual([300, true]);
    expect(few.body.facets.kind).toEqual([{ value: 'site', count: 300 }]);
  }, 120_000);
});
