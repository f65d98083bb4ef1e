// The PostgreSQL fallback at the BODACC's scale: proceedings, practitioners (mandataires) and clubs found through the
// indexes of migration 0043 (src/search/indexed-words.ts, each kind's `searchWords`), as sites and operators are
// (fallback-indexed.test.ts). Before, each search parsed every proceeding's document: 100,000 proceedings took
// seconds, past the fallback's 15 s bound a 503 (verify47 04). Here 25,000 proceedings, more than the exact count's
// bound: the first results are the right ones, the totals honest, and no statement reads the proceedings by a scan
// (EXPLAIN of the statements the fallback sent, under its own settings).
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { entryKinds } from '../../src/kinds.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { exactCountLimit, searchPostgres } from '../../src/search/fallback.js';
import { indexedKinds } from '../../src/search/indexed-words.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';

const many = 25_000;
let offline: App;
let db: Db;
let databaseUrl: string;

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  db = started.db;
  databaseUrl = started.databaseUrl;
  offline = await offlineApp(started.app, started.databaseUrl);
  const [source] = await db.execute<{ id: string }>(sql`select id from sources order by id limit 1`);
  const src = source!.id;
  await db.execute(sql`
    insert into mandataires (id, name, kind, profession, firm_id) values
      ('fp-orvanne', 'Selarl Orvanne Associés', 'firm', 'mandataire_judiciaire', null),
      ('fp-barbezieux', 'Ysolde Barbezieux', 'practitioner', 'mandataire_judiciaire', 'fp-orvanne')`);
  await db.execute(sql`
    insert into proceedings (id, company_name, kind, date, court)
    select 'fp-' || lpad(g::text, 5, '0'), 'Boulangerie ' || g,
           (array['sauvegarde', 'redressement_judiciaire', 'liquidation_judiciaire'])[g % 3 + 1]::proceeding_kind,
           '2024-01-15', 'Tribunal de commerce de ' || (array['Lille', 'Amiens', 'Rouen', 'Caen'])[g % 4 + 1]
      from generate_series(1, ${many}) g`);
  await db.execute(sql`
    insert into proceedings (id, company_name, kind, date, court) values
      ('fp-quintavalle', 'Boulangerie Quintavalle', 'sauvegarde', '2023-05', 'Tribunal de commerce de Lille'),
      ('fp-siren', 'Menuiserie Ardoisière', 'liquidation_judiciaire', '2022', 'Tribunal de commerce de Zanzibar')`);
  await db.execute(sql`
    insert into proceeding_notices (id, siren, proceeding_id, publication, parution, number, published_on,
      notice_type, effect, url, source_id)
    values ('A209901010001', '552100554', 'fp-siren', 'A', '20990101', 1, '2022-03-01', 'annonce', 'status',
            'https://www.bodacc.fr/annonce/detail/A209901010001', ${src})`);
  await db.execute(sql`
    insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
    select 'fp-' || lpad(g::text, 5, '0'), 'fp-barbezieux', 'liquidateur', ${src}, 'Une fiche de test'
      from generate_series(1, 3000) g`);
  await db.execute(sql`analyze proceedings`);
}, 300_000);
afterAll(() => offline?.close());

describe('while Meilisearch is down, among 25,000 proceedings', () => {
  it('a company named exactly as typed comes first; a word of 25,002 of them is estimated past the bound, said so', async () => {
    const exact = await getJson(offline, '/v1/search?q=Boulangerie%20Quintavalle&limit=3');
    expect(exact.body.degraded).toBe(true);
    expect(hitIds(exact.body)[0]).toBe('proceeding:fp-quintavalle');
    // The rarest word and the similar names (« Boulangerie 12 »), more than a kind's cap of them: not exact.
    expect([exact.body.total, exact.body.total_exact]).toEqual([1001, false]);
    const { body } = await getJson(offline, '/v1/search?q=Boulangerie&limit=3&facets=kind');
    expect(body.total).toBeGreaterThan(exactCountLimit);
    expect([body.total_exact, body.reachable, body.data.length]).toEqual([false, exactCountLimit + 1, 3]);
    expect(body.facets.kind).toEqual([{ value: 'proceeding', count: exactCountLimit + 1 }]);
  });

  it('a typo of its name finds it first', async () => {
    const { body } = await getJson(offline, '/v1/search?q=Quintavale&limit=3');
    expect(hitIds(body)[0]).toBe('proceeding:fp-quintavalle');
  });

  it("a SIREN of its notices finds the proceeding alone, through the notices' index", async () => {
    const { body } = await getJson(offline, '/v1/search?q=552%20100%20554');
    expect(hitIds(body)).toEqual(['proceeding:fp-siren']);
    expect([body.total, body.total_exact]).toEqual([1, true]);
    // Among other words too, as its document holds it.
    const words = await getJson(offline, '/v1/search?q=Menuiserie%20552100554&kind=proceeding');
    expect(hitIds(words.body)[0]).toBe('proceeding:fp-siren');
  });

  it("its court's words find it", async () => {
    const { body } = await getJson(offline, '/v1/search?q=Zanzibar');
    expect(hitIds(body)).toEqual(['proceeding:fp-siren']);
  });

  it("a practitioner's name finds its 3,000 proceedings, and the practitioner first", async () => {
    const { body } = await getJson(offline, '/v1/search?q=Barbezieux&limit=3&facets=kind');
    expect(hitIds(body)[0]).toBe('mandataire:fp-barbezieux');
    // More than the ranked bound: typos are not sought, so not counted, and the total says so.
    expect([body.total, body.total_exact]).toEqual([3001, false]);
    expect(body.facets.kind).toEqual([
      { value: 'proceeding', count: 3000 },
      { value: 'mandataire', count: 1 },
    ]);
  });

  it("a firm's name finds it and its members; a role finds the practitioners who hold it", async () => {
    const firm = await getJson(offline, '/v1/search?q=Orvanne&kind=mandataire');
    expect(hitIds(firm.body).sort()).toEqual(['mandataire:fp-barbezieux', 'mandataire:fp-orvanne']);
    const role = await getJson(offline, '/v1/search?q=liquidateur&kind=mandataire&limit=100');
    expect(hitIds(role.body)).toContain('mandataire:fp-barbezieux');
  });

  it('a date of another shape written straight to the table fails neither the write nor a search', async () => {
    await db.execute(sql`
      insert into proceedings (id, company_name, kind, date) values ('fp-odd-date', 'Tonnellerie Vauquois', 'sauvegarde',
                                                                     'vers 2019')`);
    const { body } = await getJson(offline, '/v1/search?q=Tonnellerie%20Vauquois');
    expect(hitIds(body)).toEqual(['proceeding:fp-odd-date']);
  });

  it('no statement of the fallback reads the proceedings by a scan', async () => {
    const captured: { query: string; params: unknown[] }[] = [];
    const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const logged = drizzle(client, {
        schema,
        logger: { logQuery: (query: string, params: unknown[]) => captured.push({ query, params }) },
      }) as unknown as Db;
      const catalogue = filterDeclarations(entryKinds);
      const indexed = indexedKinds(entryKinds);
      const scans: string[] = [];
      for (const q of ['Boulangerie Quintavalle', 'Quintavale', 'Barbezieux', '552100554', 'redressement']) {
        captured.length = 0;
        const request = { q, filters: {}, facets: ['kind' as const], page: 1, limit: 20 };
        await searchPostgres(logged, request, catalogue, undefined, indexed);
        const [settings, ...statements] = captured.filter((s) => !/^(begin|commit)/i.test(s.query));
        await client.begin(async (tx) => {
          await tx.unsafe(settings!.query, settings!.params as never[]);
          for (const s of statements) {
            const [row] = await tx.unsafe(`explain (format json) ${s.query}`, s.params as never[]);
            const walk = (node: Record<string, unknown>): void => {
              if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'proceedings') scans.push(q);
              for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
            };
            walk((row!['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan);
          }
        });
      }
      expect(scans).toEqual([]);
    } finally {
      await client.end({ timeout: 5 });
    }
  }, 120_000);
});
