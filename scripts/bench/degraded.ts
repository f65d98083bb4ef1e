// The search answered by PostgreSQL (Meilisearch down or behind: src/search/fallback.ts) against the same SQL run
// raw: each benchmark query asked of `searchPostgres` (its statements, in its transaction, and the hits built),
// interleaved request by request with its statements, as captured from it, sent again with postgres.js in one
// transaction. Queries: a rare word, a common one (« Centre »), two of several words, and a filter alone. « Centre »
// takes the estimate path (planner's estimate past exactCountLimit, 20,000 matches) only from BENCH_SIZE=100k: at 10k
// it matches about 10,400 entries, counted (`total_exact` false there only because typos are not sought), and each
// line says which path it took. The template's `analyze` (synthetic.ts) stands for autovacuum's, which an imported
// database gets within a minute of its import since migration 0042's functions name their schema (verify47 03, 06).
// No target: the figures show what the fallback costs at a size and where the SQL's own cost is.
// The proceedings case: BENCH_PROCEEDINGS (100,000) proceedings of a BODACC's shape generated into a clone of its own
// (companies, courts, a notice with a SIREN each, 400 practitioners in 100 firms appointed in them), the same
// interleaved measure for a company's name, a typo of it, a SIREN, a practitioner's name, a court's town and a kind's
// word (« liquidation »: past 20,000 matches), and once each the same search as it was before migration 0043, the
// proceedings matched row by row (cut at BENCH_ROW_BY_ROW_S, 30 s). And for every relevance query, what reading the
// matches best first costs (fallback.ts `matchesBestFirst`: the exact name, every word, the rest, each read on its
// own): the time and rows of each read, from EXPLAIN ANALYZE of the statement, against the whole statement's.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../src/db/schema/index.js';
import { entryKinds } from '../../src/kinds.js';
import type { FacetName } from '../../src/listing/facets.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { exactCountLimit, searchPostgres } from '../../src/search/fallback.js';
import { type IndexedKinds, indexedKinds } from '../../src/search/indexed-words.js';
import type { SearchFilters, SearchRequest } from '../../src/search/request.js';
import { type Context, now, percentile, type Result } from './common.js';
import { cloneTemplate } from './synthetic.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);

/** The benchmark queries: what /v1/search asks when the results page is opened (facets of kind and region). */
export const degradedQueries: { label: string; q: string; filters?: SearchFilters }[] = [
  { label: 'rare word « Amiens »', q: 'Amiens' },
  { label: 'common word « Centre »', q: 'Centre' },
  { label: '« centre appels amiens »', q: 'centre appels amiens' },
  { label: '« opale contact »', q: 'opale contact' },
  { label: 'filter alone (status=planned)', q: '', filters: { status: ['planned'] } },
];

type Query = { label: string; q: string; filters?: SearchFilters };
type Statement = { query: string; params: unknown[] };

const proceedingCount = Number(process.env.BENCH_PROCEEDINGS ?? 100_000);
const rowByRowSeconds = Number(process.env.BENCH_ROW_BY_ROW_S ?? 30);

const trades = [
  'Boulangerie',
  'Transports',
  'Menuiserie',
  'Garage',
  'Restaurant',
  'Imprimerie',
  'Pharmacie',
  'Charpente',
  'Plomberie',
  'Librairie',
  'Fromagerie',
  'Maçonnerie',
  'Boucherie',
  'Couverture',
  'Pressing',
  'Ambulances',
  'Hôtel',
  'Électricité',
  'Carrosserie',
  'Traiteur',
  'Textiles',
  'Logistique',
  'Informatique',
  'Conseil',
  'Nettoyage',
  'Peinture',
  'Paysages',
  'Fleurs',
  'Optique',
  'Bâtiment',
];
const families = [
  'Fontanel',
  'Brèche',
  'Molinié',
  'Olivetti',
  'Sabatier',
  'Barral',
  'Ferhat',
  'Chabert',
  'Guérin',
  'Lemaître',
  'Roux',
  'Dufresne',
  'Carpentier',
  'Vidal',
  'Aubert',
  'Perrin',
  'Masson',
  'Rivière',
  'Lacroix',
  'Benoît',
  'Marchal',
  'Texier',
  'Pelletier',
  'Besnard',
  'Leclerc',
  'Morin',
  'Girard',
  'Bonnet',
  'Dupuis',
  'Lambert',
  'Fabre',
  'Gauthier',
  'Renaud',
  'Colin',
  'Vasseur',
  'Hamon',
  'Jacob',
  'Prévost',
  'Leroux',
  'Baron',
];
const forms = ['SARL', 'SAS', 'EURL', 'SA'];
const towns = [
  'Amiens',
  'Lille',
  'Rouen',
  'Caen',
  'Rennes',
  'Nantes',
  'Tours',
  'Orléans',
  'Dijon',
  'Reims',
  'Metz',
  'Nancy',
  'Strasbourg',
  'Mulhouse',
  'Besançon',
  'Lyon',
  'Grenoble',
  'Annecy',
  'Marseille',
  'Toulon',
  'Nice',
  'Montpellier',
  'Nîmes',
  'Perpignan',
  'Toulouse',
  'Bordeaux',
  'Bayonne',
  'Pau',
  'Limoges',
  'Poitiers',
];
const givenNames = ['Hélène', 'Arnaud', 'Solène', 'Gaspard', 'Maëlle', 'Timothée', 'Ophélie', 'Baptiste'];
const surnames = [
  'Quercy',
  'Lavergne',
  'Montcalm',
  'Tessier',
  'Valadier',
  'Rostand',
  'Courbet',
  'Fauré',
  'Daumier',
  'Bazin',
  'Corot',
  'Millet',
  'Signac',
  'Redon',
  'Vuillard',
  'Bonnard',
  'Derain',
  'Marquet',
  'Dufy',
  'Utrillo',
  'Soutine',
  'Braque',
  'Léger',
  'Delaunay',
  'Gleizes',
  'Metzinger',
  'Villon',
  'Picabia',
  'Kupka',
  'Herbin',
  'Arp',
  'Hélion',
  'Ozenfant',
  'Lhote',
  'Gromaire',
  'Fautrier',
  'Dubuffet',
  'Wols',
  'Mathieu',
  'Soulages',
  'Hartung',
  'Manessier',
  'Bazaine',
  'Estève',
  'Lapicque',
  'Singier',
  'Atlan',
  'Poliakoff',
  'Staël',
  'Vieira',
];

/** A literal text array, parenthesised so that it can be subscripted. */
const array = (words: readonly string[]) => `(array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}])`;

/** Proceeding `g`'s company name, as the generator writes it (SQL over `g`, 1-based). */
const companyName = `${array(trades)}[g % ${trades.length} + 1] || ' ' || ${array(families)}[(g / ${trades.length}) % ${families.length} + 1]
  || ' ' || ${array(forms)}[(g / ${trades.length * families.length}) % ${forms.length} + 1]`;

/**
 * BENCH_PROCEEDINGS proceedings of a BODACC's shape, set-based into the clone at `url`: each with a company name
 * (about 4,800 distinct, as the BODACC repeats them), one of three kinds, a court of 30 towns, a notice with its SIREN,
 * one of 400 practitioners (in 100 firms) appointed; then analysed, as autovacuum would.
 */
async function generateProceedings(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [source] = await sql<{ id: string }[]>`select id from sources order by id limit 1`;
    const src = source!.id;
    await sql.unsafe(`
      insert into mandataires (id, name, kind, profession)
      select 'bench-firm-' || f, 'Selarl ' || ${array(surnames)}[f % ${surnames.length} + 1] || ' Associés ' || f, 'firm',
             (array['administrateur_judiciaire', 'mandataire_judiciaire'])[f % 2 + 1]::profession
        from generate_series(1, 100) f;
      insert into mandataires (id, name, kind, profession, firm_id, commune)
      select 'bench-mj-' || m, ${array(givenNames)}[m % ${givenNames.length} + 1] || ' '
                               || ${array(surnames)}[(m / ${givenNames.length}) % ${surnames.length} + 1],
             'practitioner', (array['administrateur_judiciaire', 'mandataire_judiciaire'])[m % 2 + 1]::profession,
             'bench-firm-' || (m % 100 + 1), ${array(towns)}[m % ${towns.length} + 1]
        from generate_series(1, 400) m;
      insert into proceedings (id, company_name, kind, date, court, company_description)
      select 'bench-pc-' || g, ${companyName},
             (array['sauvegarde', 'redressement_judiciaire', 'liquidation_judiciaire'])[g % 3 + 1]::proceeding_kind,
             (2015 + g % 10)::text || '-' || lpad((g % 12 + 1)::text, 2, '0') || '-' || lpad((g % 28 + 1)::text, 2, '0'),
             'Tribunal de commerce de ' || ${array(towns)}[(g / 7) % ${towns.length} + 1],
             'Activité : ' || lower(${array(trades)}[g % ${trades.length} + 1])
        from generate_series(1, ${proceedingCount}) g;
      insert into proceeding_notices (id, siren, proceeding_id, publication, parution, number, published_on,
        notice_type, effect, url, source_id)
      select 'B' || lpad(g::text, 12, '0'), lpad((100000000 + (g * 7919) % 800000000)::text, 9, '0'), 'bench-pc-' || g,
             'A', '20240101', g, date '2024-01-01', 'annonce', 'status', 'https://www.bodacc.fr/annonce/detail/B' || g,
             '${src.replace(/'/g, "''")}'
        from generate_series(1, ${proceedingCount}) g;
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      select 'bench-pc-' || g, 'bench-mj-' || (g % 400 + 1),
             (array['liquidateur', 'mandataire_judiciaire', 'administrateur_judiciaire'])[g % 3 + 1],
             '${src.replace(/'/g, "''")}', 'désignant'
        from generate_series(1, ${proceedingCount}) g;
      analyze proceedings; analyze proceeding_notices; analyze proceeding_practitioners; analyze mandataires;`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The proceedings case's queries, read from what generateProceedings writes (proceeding 4242, practitioner 17). */
function proceedingQueries(): Query[] {
  const g = 4242;
  const trade = trades[g % trades.length]!;
  const family = families[Math.floor(g / trades.length) % families.length]!;
  const m = 17;
  const practitioner = `${givenNames[m % givenNames.length]} ${surnames[Math.floor(m / givenNames.length) % surnames.length]}`;
  const siren = String(100_000_000 + ((g * 7919) % 800_000_000)).padStart(9, '0');
  return [
    { label: `proceedings: company « ${trade} ${family} »`, q: `${trade} ${family}` },
    { label: `proceedings: typo « ${trade} ${family.slice(0, -1)}e »`, q: `${trade} ${family.slice(0, -1)}e` },
    { label: `proceedings: SIREN « ${siren} »`, q: siren },
    { label: `proceedings: practitioner « ${practitioner} »`, q: practitioner },
    { label: `proceedings: court « Bayonne »`, q: 'Bayonne', filters: { kind: ['proceeding'] } },
    { label: 'proceedings: kind word « liquidation »', q: 'liquidation' },
  ];
}

/** A plan node of EXPLAIN (ANALYZE, FORMAT JSON). */
type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/**
 * The reads of the matches best first (fallback.ts `matchesBestFirst`) in the statement that reads them: each tier's
 * time (ms, its subtree's actual total time) and rows, from EXPLAIN ANALYZE under the fallback's settings, and the whole
 * statement's execution time. Null when the search reads its matches in one read (a sort, a filter alone).
 */
async function bestFirstReads(
  raw: postgres.Sql,
  statements: Statement[],
): Promise<{ tiers: { ms: number; rows: number }[]; statementMs: number } | null> {
  const main = statements.find((s) => / as tier from search_entries/.test(s.query));
  const settings = statements.find((s) => /set_config\('enable_seqscan'/.test(s.query));
  // One read (a sort, a filter alone): nothing read before the rest.
  if (!main || !settings || (main.query.match(/ as tier from search_entries/g) ?? []).length < 2) return null;
  return raw.begin(async (tx) => {
    await tx.unsafe(settings.query, settings.params as never[]);
    const [row] = await tx.unsafe(`explain (analyze, format json) ${main.query}`, main.params as never[]);
    const [plan] = row!['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[];
    const find = (node: PlanNode, test: (n: PlanNode) => boolean): PlanNode | null => {
      if (test(node)) return node;
      for (const child of node.Plans ?? []) {
        const found = find(child, test);
        if (found) return found;
      }
      return null;
    };
    const cte = find(plan!.Plan, (n) => n['Subplan Name'] === 'CTE m');
    const append = cte && find(cte, (n) => n['Node Type'] === 'Append');
    if (!append?.Plans || append.Plans.length < 2) return null;
    return {
      tiers: append.Plans.map((n) => ({ ms: Number(n['Actual Total Time']), rows: Number(n['Actual Rows']) })),
      statementMs: plan!['Execution Time'],
    };
  });
}

/** One query measured: the fallback and its statements replayed raw, interleaved; then its best-first reads. */
async function measureQuery(
  ctx: Context,
  url: string,
  { label, q, filters }: Query,
  indexed: IndexedKinds,
  size: number,
): Promise<Result[]> {
  const captured: Statement[] = [];
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client, {
    schema,
    logger: { logQuery: (query: string, params: unknown[]) => captured.push({ query, params }) },
  });
  const catalogue = filterDeclarations(entryKinds);
  const results: Result[] = [];
  try {
    const request: SearchRequest = {
      q,
      filters: filters ?? {},
      facets: ['kind', 'region'] as FacetName[],
      page: 1,
      limit: 20,
    };
    const first = await searchPostgres(db, request, catalogue, undefined, indexed);
    const statements = [...captured];
    const apiOnce = () => searchPostgres(db, request, catalogue, undefined, indexed);
    const rawOnce = () =>
      raw.begin(async (tx) => {
        for (const s of statements) await tx.unsafe(s.query, s.params as never[], { prepare: true });
      });
    for (let i = 0; i < 3; i++) {
      await apiOnce();
      await rawOnce();
    }
    const a: number[] = [];
    const r: number[] = [];
    const deadline = now() + ctx.budgetSeconds * 1000;
    for (let i = 0; i < rounds && now() < deadline; i++) {
      let t = now();
      await apiOnce();
      a.push(now() - t);
      t = now();
      await rawOnce();
      r.push(now() - t);
    }
    const total = `${first.total}${
      first.total > exactCountLimit
        ? ' (estimated by the planner)'
        : first.total_exact
          ? ' (counted)'
          : ' (counted, typos not sought or cut: not exact)'
    }`;
    const top = first.hits
      .slice(0, 3)
      .map((h) => `${h.kind}:${h.id}`)
      .join(', ');
    for (const p of [50, 95]) {
      const value = percentile(a, p);
      const rawValue = percentile(r, p);
      results.push({
        part: 'degraded',
        measure: `fallback search p${p}: ${label}`,
        size,
        value,
        unit: 'ms',
        raw: rawValue,
        ratio: value / rawValue,
        target: null,
        met: null,
        note: `${a.length} rounds; ${total} matches; first ${top}; ${statements.length} statements; raw: the same statements with postgres.js in one transaction`,
      });
      ctx.say(`degraded ${label} p${p}: ${value.toFixed(1)} ms (raw ${rawValue.toFixed(1)} ms), ${total} matches`);
    }
    // The best-first reads: the median of three EXPLAIN ANALYZE runs of the statement reading the matches.
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const reads = await bestFirstReads(raw, statements);
      if (reads) runs.push(reads);
    }
    if (runs.length) {
      runs.sort((x, y) => x.statementMs - y.statementMs);
      const mid = runs[1] ?? runs[0]!;
      const earlier = mid.tiers.slice(0, -1).reduce((sum, t) => sum + t.ms, 0);
      const names = mid.tiers.length === 3 ? ['exact name', 'every word', 'the rest'] : ['exact name', 'the rest'];
      const detail = mid.tiers.map((t, i) => `${names[i]} ${t.ms.toFixed(1)} ms, ${t.rows} rows`).join('; ');
      results.push({
        part: 'degraded',
        measure: `best-first reads before the rest: ${label}`,
        size,
        value: earlier,
        unit: 'ms',
        raw: mid.statementMs,
        ratio: earlier / mid.statementMs,
        target: null,
        met: null,
        note: `${mid.tiers.length} reads (${detail}); raw: the whole statement's execution (EXPLAIN ANALYZE, median of ${runs.length})`,
      });
      ctx.say(`degraded ${label}: best-first reads ${detail}; statement ${mid.statementMs.toFixed(1)} ms`);
    }
  } finally {
    await client.end({ timeout: 5 });
    await raw.end({ timeout: 5 });
  }
  return results;
}

/**
 * The same search as before migration 0043: proceedings, practitioners and clubs matched by their document, row by
 * row (the fallback given only the kinds indexed before). Once, cut at rowByRowSeconds.
 */
async function measureRowByRow(ctx: Context, url: string, { label, q, filters }: Query, size: number): Promise<Result> {
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { statement_timeout: rowByRowSeconds * 1000 },
  });
  const before = indexedKinds(entryKinds.filter((k) => k.name === 'site' || k.name === 'operator'));
  const request: SearchRequest = {
    q,
    filters: filters ?? {},
    facets: ['kind', 'region'] as FacetName[],
    page: 1,
    limit: 20,
  };
  let value = Number.NaN;
  let note: string;
  try {
    const t = now();
    const outcome = await searchPostgres(
      drizzle(client, { schema }),
      request,
      filterDeclarations(entryKinds),
      undefined,
      before,
    );
    value = now() - t;
    note = `once; ${outcome.total} matches; proceedings, practitioners and clubs matched by their document`;
  } catch (error) {
    const cause = ((error as Error).cause ?? error) as Error;
    note = `once; not answered within the statement timeout of ${rowByRowSeconds} s (${cause.message.slice(0, 80)})`;
  } finally {
    await client.end({ timeout: 5 });
  }
  ctx.say(`degraded ${label}, row by row as before migration 0043: ${note}, ${value.toFixed(0)} ms`);
  return {
    part: 'degraded',
    measure: `row by row (before 0043), once: ${label}`,
    size,
    value,
    unit: 'ms',
    raw: null,
    ratio: null,
    target: null,
    met: null,
    note,
  };
}

export async function measureDegraded(ctx: Context): Promise<Result[]> {
  const indexed = indexedKinds(entryKinds);
  const results: Result[] = [];
  for (const query of degradedQueries) {
    results.push(...(await measureQuery(ctx, ctx.databaseUrl, query, indexed, ctx.data.size)));
  }
  if (proceedingCount <= 0) return results;
  const clone = await cloneTemplate(ctx.data.size, 'degraded');
  try {
    let t = now();
    await generateProceedings(clone.url);
    ctx.say(`degraded: ${proceedingCount} proceedings generated and indexed in ${((now() - t) / 1000).toFixed(1)} s`);
    const queries = proceedingQueries();
    for (const query of queries) results.push(...(await measureQuery(ctx, clone.url, query, indexed, proceedingCount)));
    for (const query of queries.filter((q) => !/typo|kind word/.test(q.label))) {
      t = now();
      results.push(await measureRowByRow(ctx, clone.url, query, proceedingCount));
    }
  } finally {
    await clone.drop();
  }
  return results;
}
