// The seed holds only what the articles say: every quote is found verbatim in
// its article, every entry has a citation, and every reference resolves.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { quotedVerbatim } from '../../src/citations/verbatim.js';
import type { Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { seedFolder } from '../../src/paths.js';
import { checkSeed, loadSeed, readSeed, seedIfEmpty } from '../../src/seed/load.js';
import type { SeedData } from '../../src/seed/schema.js';
import { testDatabase } from '../setup/database.js';

let seed: SeedData;
beforeAll(async () => {
  seed = await readSeed();
});

/** Every { source, quote } pair in the seed, with where it stands. */
function quotes(value: unknown, where: string, out: { where: string; source: string; quote: string }[] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      quotes(v, `${where}[${i}]`, out);
    });
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.source === 'string' && typeof o.quote === 'string')
      out.push({ where, source: o.source, quote: o.quote });
    for (const [k, v] of Object.entries(o)) quotes(v, `${where}.${k}`, out);
  }
  return out;
}

describe('seed-data/', () => {
  it('quotes every source verbatim', async () => {
    const texts = new Map<string, string>();
    for (const s of seed.sources) texts.set(s.id, await readFile(path.join(seedFolder, 'articles', s.file), 'utf8'));
    const all = quotes({ ...seed, sources: [] }, 'seed');
    expect(all.length).toBeGreaterThan(100);
    // The rule of every write: long enough, whole words, word for word (citations/verbatim.ts).
    const missing = all.filter((q) => !quotedVerbatim(texts.get(q.source) ?? '', q.quote));
    expect(missing).toEqual([]);
  });

  it('passes the loader’s own checks (references, places, quotes)', async () => {
    expect(await checkSeed(seed)).toEqual([]);
  });

  it('has the five articles as sources, each cited', () => {
    expect(seed.sources).toHaveLength(5);
    const cited = new Set(quotes({ ...seed, sources: [] }, 'seed').map((q) => q.source));
    expect([...cited].sort()).toEqual(seed.sources.map((s) => s.id).sort());
  });

  it('leaves fiction out', () => {
    const names = JSON.stringify({ ...seed, sources: [] });
    for (const fiction of ['Auvergne téléservices', 'Slumdog', 'Opération 118', 'Jamal Malik', 'Bruno Hausler']) {
      expect(names).not.toContain(fiction);
    }
  });

  it('reports a quote that is not in its article', async () => {
    const tampered = structuredClone(seed);
    tampered.sites[0]!.citations[0]!.quote = 'Une phrase que personne n’a écrite.';
    const problems = await checkSeed(tampered);
    expect(problems).toEqual([
      expect.stringContaining(
        'sites[0].citations[0]: the quote « Une phrase que personne n’a écrite. » not found verbatim',
      ),
    ]);
  });

  it('reports a quote too short to say anything, or cut inside a word, with the rule', async () => {
    const tampered = structuredClone(seed);
    tampered.sites[0]!.citations[0]!.quote = 'IPG';
    tampered.sites[0]!.citations[1]!.quote = 'in de partie';
    const ipg = `the text of the source 'en-contact-2017-04-26-fin-de-partie-ipg' (« ${seed.sources[0]!.title} »)`;
    const rule = 'a quote is whole words of the text, word for word, at least 2 words and 8 letters or digits';
    expect(await checkSeed(tampered)).toEqual([
      `sites[0].citations[0]: the quote « IPG » is too short to quote ${ipg}: ${rule}`,
      `sites[0].citations[1]: the quote « in de partie » begins or ends inside a word of ${ipg}: ${rule}`,
    ]);
  });

  it('reports a figure counted after its source was published', async () => {
    const tampered = structuredClone(seed);
    tampered.sites[0]!.headcounts[0]!.as_of = '2018';
    expect(await checkSeed(tampered)).toEqual([
      `sites ${seed.sites[0]!.id}: headcounts[0].as_of: 2018 is after its source ` +
        `'${seed.sites[0]!.headcounts[0]!.source}' was published (2017-04-26): a source tells what happened by the ` +
        'day it was published',
    ]);
  });

  it('reports an unknown reference and an unknown commune', async () => {
    const tampered = structuredClone(seed);
    tampered.sites[0]!.operator = 'no-such-operator';
    tampered.sites[1]!.commune = 'Atlantis-sur-Mer';
    const problems = await checkSeed(tampered);
    expect(problems).toContain(`sites ${tampered.sites[0]!.id}: unknown operators id 'no-such-operator'`);
    expect(problems).toContain(`sites ${tampered.sites[1]!.id}: commune: no commune is named 'Atlantis-sur-Mer'`);
  });
});

describe('loading the seed', () => {
  let database: Database;
  beforeAll(async () => {
    const fresh = await testDatabase({ empty: true });
    database = fresh.database;
    await runMigrations(fresh.url);
  });

  it('loads once even when two processes start together, and every entry has a citation', async () => {
    const results = await Promise.all([seedIfEmpty(database.db), seedIfEmpty(database.db)]);
    expect(results.sort()).toEqual([false, true]);
    const counts = await database.db.execute<{ kind: string; n: number; uncited: number }>(sql`
      select 'sites' as kind, count(*)::int as n, count(*) filter (where not exists (select 1 from citations c where c.site_id = t.id))::int as uncited from sites t
      union all select 'operators', count(*)::int, count(*) filter (where not exists (select 1 from citations c where c.operator_id = t.id))::int from operators t
      union all select 'clubs', count(*)::int, count(*) filter (where not exists (select 1 from citations c where c.club_id = t.id))::int from clubs t
      union all select 'mandataires', count(*)::int, count(*) filter (where not exists (select 1 from citations c where c.mandataire_id = t.id))::int from mandataires t
      union all select 'proceedings', count(*)::int, count(*) filter (where not exists (select 1 from citations c where c.proceeding_id = t.id))::int from proceedings t
      union all select 'people', count(*)::int, count(*) filter (where not exists (select 1 from citations c where c.person_id = t.id))::int from people t`);
    const byKind = Object.fromEntries([...counts].map((r) => [r.kind, r]));
    for (const kind of ['sites', 'operators', 'clubs', 'mandataires', 'proceedings', 'people'] as const) {
      expect(byKind[kind]).toEqual({ kind, n: seed[kind].length, uncited: 0 });
    }
  });

  it('loads a practitioner appointed in two roles of one proceeding as two appointments, and reports a role twice', async () => {
    const { database: other, url } = await testDatabase({ empty: true });
    await runMigrations(url);
    const twice = structuredClone(seed);
    const proceeding = twice.proceedings[0]!;
    const practitioner = twice.mandataires.find((m) => m.kind === 'practitioner')!.id;
    const { source, quote } = proceeding.citations[0]!;
    proceeding.practitioners = [
      { mandataire: practitioner, role: 'mandataire_judiciaire', source, quote },
      { mandataire: practitioner, role: 'liquidateur', source, quote },
    ];
    expect(await checkSeed(twice)).toEqual([]);
    await loadSeed(other.db, twice);
    const rows = await other.db.execute<{ role: string }>(sql`
      select role from proceeding_practitioners where proceeding_id = ${proceeding.id} order by role`);
    expect(rows.map((r) => r.role)).toEqual(['liquidateur', 'mandataire_judiciaire']);
    proceeding.practitioners.push({ mandataire: practitioner, role: 'liquidateur', source, quote });
    expect(await checkSeed(twice)).toEqual([
      `proceedings ${proceeding.id}: practitioner '${practitioner}' appointed twice as liquidateur`,
    ]);
  });

  it('leaves the database untouched when a row fails', async () => {
    const { database: other, url } = await testDatabase({ empty: true });
    await runMigrations(url);
    const broken = structuredClone(seed);
    broken.sites.push({ ...broken.sites[0]!, operator: 'no-such-operator', id: 'broken-site' });
    await expect(loadSeed(other.db, broken)).rejects.toThrow();
    const [row] = await other.db.execute<{ n: number }>(
      sql`select (select count(*) from sources) + (select count(*) from operators) + (select count(*) from sites) as n`,
    );
    expect(Number(row!.n)).toBe(0);
  });
});
