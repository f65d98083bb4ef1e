// The results page (/recherche) against the same search asked of /v1/search,
// interleaved request by request: p50 of the time to the first byte of each,
// and their ratio. The page counts the facets its filters declare, so the API
// is asked the same facets: both run the same search; the difference is the
// page's rendering (and its query reading).
import { entryKinds } from '../../src/kinds.js';
import { searchFilters } from '../../src/listing/search-filters.js';
import { pageFacets } from '../../src/pages/search-state.js';
import { type Context, judge, now, percentile, type Result, startApi } from './common.js';
import { searchQueries } from './search.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

/** The facets a results page asks for (those its filters declare), as /v1/search takes them. */
function pageFacetParam(): string {
  const filters = searchFilters(entryKinds, entryKinds.map((k) => k.name) as [string, ...string[]]);
  return [...new Set(pageFacets(filters).map((f) => f.facet))].join(',');
}

export async function measurePages(ctx: Context): Promise<Result[]> {
  const api = await startApi(ctx);
  const facets = pageFacetParam();
  try {
    // The searches of the search part, without their own facets (the page asks for its own).
    const queries = searchQueries.map((s) => {
      const params = new URLSearchParams(s.url);
      params.delete('facets');
      return { name: s.name, page: `/recherche?${params}`, search: `/v1/search?${params}&facets=${facets}` };
    });
    /** Milliseconds to the response's headers (its first byte), the body then read whole. */
    const firstByte = async (path: string, accept: string) => {
      const t = now();
      const response = await api.http.pool.request({
        method: 'GET',
        path,
        headers: { accept, 'accept-encoding': 'identity' },
      });
      const elapsed = now() - t;
      const body = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${body.slice(0, 300)}`);
      return elapsed;
    };
    for (const q of queries) {
      await firstByte(q.page, 'text/html');
      await firstByte(q.search, 'application/json');
    }
    const page: number[] = [];
    const search: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const q = queries[i % queries.length]!;
      if (i % 2) {
        search.push(await firstByte(q.search, 'application/json'));
        page.push(await firstByte(q.page, 'text/html'));
      } else {
        page.push(await firstByte(q.page, 'text/html'));
        search.push(await firstByte(q.search, 'application/json'));
      }
    }
    const ratio = percentile(page, 50) / percentile(search, 50);
    return [
      {
        part: 'pages',
        measure: 'results page TTFB p50',
        size: ctx.data.size,
        value: percentile(page, 50),
        unit: 'ms',
        raw: percentile(search, 50),
        ratio,
        target: '≤ 1.5×',
        met: judge(ratio, 1.5, 'max'),
        note: `raw: the same search from /v1/search with the page's facets (${facets}); ${queries.length} queries`,
      },
      {
        part: 'pages',
        measure: 'results page TTFB p95',
        size: ctx.data.size,
        value: percentile(page, 95),
        unit: 'ms',
        raw: percentile(search, 95),
        ratio: null,
        target: null,
        met: null,
        note: '',
      },
    ];
  } finally {
    await api.stop();
  }
}
