// The search answered by PostgreSQL (Meilisearch down or behind: src/search/fallback.ts) against the same SQL run
// raw: each benchmark query asked of `searchPostgres` (its statements, in its transaction, and the hits built),
// interleaved request by request with its statements, as captured from it, sent again with postgres.js in one
// transaction. Queries: a rare word, a common one (« Centre »), two of several words, and a filter alone. « Centre »
// takes the estimate path (planner's estimate past exactCountLimit, 20,000 matches) only from BENCH_SIZE=100k: at 10k
// it matches about 10,400 entries, counted (`total_exact` false there only because typos are not sought), and each
// line says which path it took. The template's `analyze` (synthetic.ts) stands for autovacuum's, which an imported
// database gets within a minute of its import since migration 0042's functions name their schema (verify47 03, 06).
// No target: the figures show what the fallback costs at a size and where the SQL's own cost is.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../src/db/schema/index.js';
import { entryKinds } from '../../src/kinds.js';
import type { FacetName } from '../../src/listing/facets.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { exactCountLimit, searchPostgres } from '../../src/search/fallback.js';
import { indexedKinds } from '../../src/search/indexed-words.js';
import type { SearchFilters, SearchRequest } from '../../src/search/request.js';
import { type Context, now, percentile, type Result } from './common.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);

/** The benchmark queries: what /v1/search asks when the results page is opened (facets of kind and region). */
export const degradedQueries: { label: string; q: string; filters?: SearchFilters }[] = [
  { label: 'rare word « Amiens »', q: 'Amiens' },
  { label: 'common word « Centre »', q: 'Centre' },
  { label: '« centre appels amiens »', q: 'centre appels amiens' },
  { label: '« opale contact »', q: 'opale contact' },
  { label: 'filter alone (status=planned)', q: '', filters: { status: ['planned'] } },
];

export async function measureDegraded(ctx: Context): Promise<Result[]> {
  const captured: { query: string; params: unknown[] }[] = [];
  const client = postgres(ctx.databaseUrl, { max: 1, onnotice: () => {} });
  const raw = postgres(ctx.databaseUrl, { max: 1, onnotice: () => {} });
  const db = drizzle(client, {
    schema,
    logger: { logQuery: (query: string, params: unknown[]) => captured.push({ query, params }) },
  });
  const catalogue = filterDeclarations(entryKinds);
  const indexed = indexedKinds(entryKinds);
  const results: Result[] = [];
  try {
    for (const { label, q, filters } of degradedQueries) {
      const request: SearchRequest = {
        q,
        filters: filters ?? {},
        facets: ['kind', 'region'] as FacetName[],
        page: 1,
        limit: 20,
      };
      captured.length = 0;
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
            : ' (counted, typos not sought: not exact)'
      }`;
      for (const p of [50, 95]) {
        const value = percentile(a, p);
        const rawValue = percentile(r, p);
        results.push({
          part: 'degraded',
          measure: `fallback search p${p}: ${label}`,
          size: ctx.data.size,
          value,
          unit: 'ms',
          raw: rawValue,
          ratio: value / rawValue,
          target: null,
          met: null,
          note: `${a.length} rounds; ${total} matches; ${statements.length} statements; raw: the same statements with postgres.js in one transaction`,
        });
        ctx.say(`degraded ${label} p${p}: ${value.toFixed(1)} ms (raw ${rawValue.toFixed(1)} ms), ${total} matches`);
      }
    }
  } finally {
    await client.end({ timeout: 5 });
    await raw.end({ timeout: 5 });
  }
  return results;
}
