// /v1/search against the same searches sent straight to Meilisearch (the body
// the API itself builds, src/search/meili-query.ts), interleaved request by
// request; p50 and p95 of each query and of all, with the floors of floor.ts
// (a bare hop; a bare proxy against Meilisearch alone). Also the API's RSS at
// rest with the whole directory loaded, and its peak RSS after the searches.
import { entryKinds } from '../../src/kinds.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { meiliParams } from '../../src/search/meili-query.js';
import type { SearchRequest } from '../../src/search/request.js';
import {
  type Context,
  judge,
  meiliClient,
  now,
  percentile,
  procCpuMs,
  procMemory,
  type Result,
  startApi,
  warmupRequests,
} from './common.js';
import { bareHop, bareProxy, floorNote } from './floor.js';

/** Realistic searches: press-like words, a typo, filters and facets. */
export const searchQueries: { name: string; url: string; request: SearchRequest }[] = [
  { name: 'typo', url: 'q=teleperformence', request: req('teleperformence') },
  { name: 'words', url: 'q=centre+appels+amiens', request: req('centre appels amiens') },
  {
    name: 'operator, open sites',
    url: 'q=opale+contact&kind=site&status=open',
    request: req('opale contact', { kind: ['site'], status: ['open'] }),
  },
  {
    name: 'city, facets',
    url: 'q=relation+client+lille&facets=region,status',
    request: { ...req('relation client lille'), facets: ['region', 'status'] },
  },
  {
    name: 'no q, filters, facets',
    url: 'kind=site&status=open,planned&facets=departement',
    request: { ...req('', { kind: ['site'], status: ['open', 'planned'] }), facets: ['departement'] },
  },
];

function req(q: string, filters: SearchRequest['filters'] = {}): SearchRequest {
  return { q, filters, facets: [], page: 1, limit: 20 };
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

export async function measureSearch(ctx: Context): Promise<Result[]> {
  const api = await startApi(ctx);
  const meili = meiliClient(ctx.meili);
  const results: Result[] = [];
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const rest = await procMemory(api.pid, 'VmRSS');
    for (let i = 0; i < warmupRequests; i++) {
      const url = searchQueries[i % searchQueries.length]?.url;
      const r = await api.http.get(`/v1/search?${url}`);
      if (r.status !== 200) throw new Error(`/v1/search?${url}: ${r.status} ${r.body.slice(0, 300)}`);
    }
    const catalogue = filterDeclarations(entryKinds);
    const all = { api: [] as number[], raw: [] as number[] };
    const cpu = { user: 0, system: 0 };
    for (const query of searchQueries) {
      const body = JSON.stringify(meiliParams(query.request, catalogue));
      const path = `/indexes/${ctx.index}/search`;
      const apiOnce = async () => {
        const r = await api.http.get(`/v1/search?${query.url}`);
        if (r.status !== 200) throw new Error(`/v1/search?${query.url}: ${r.status} ${r.body.slice(0, 300)}`);
        return JSON.parse(r.body) as { total?: number };
      };
      const rawOnce = async () => {
        const r = await meili.http.post(path, body);
        if (r.status !== 200) throw new Error(`meilisearch: ${r.status} ${r.body.slice(0, 300)}`);
        return JSON.parse(r.body) as { estimatedTotalHits?: number };
      };
      const apiTotal = (await apiOnce()).total;
      const rawAnswer = (await rawOnce()) as { estimatedTotalHits?: number; totalHits?: number };
      const hits = `hits: API ${apiTotal}, Meilisearch ${rawAnswer.totalHits ?? rawAnswer.estimatedTotalHits}`;
      for (let i = 0; i < 20; i++) {
        await apiOnce();
        await rawOnce();
      }
      const a: number[] = [];
      const m: number[] = [];
      const cpuBefore = await procCpuMs(api.pid);
      for (let i = 0; i < rounds; i++) {
        // Interleaved, and the order swapped every round, so that neither side always runs second.
        const order = i % 2 ? [rawOnce, apiOnce] : [apiOnce, rawOnce];
        for (const run of order) {
          const t = now();
          await run();
          (run === apiOnce ? a : m).push(now() - t);
        }
      }
      const cpuAfter = await procCpuMs(api.pid);
      cpu.user += (cpuAfter?.user ?? 0) - (cpuBefore?.user ?? 0);
      cpu.system += (cpuAfter?.system ?? 0) - (cpuBefore?.system ?? 0);
      all.api.push(...a);
      all.raw.push(...m);
      const p50 = percentile(a, 50) / percentile(m, 50);
      results.push(
        row(
          ctx,
          `search p50: ${query.name}`,
          percentile(a, 50),
          percentile(m, 50),
          p50,
          '≤ 1.25×',
          judge(p50, 1.25, 'max'),
          hits,
        ),
        row(ctx, `search p95: ${query.name}`, percentile(a, 95), percentile(m, 95), null, null, null),
      );
    }
    const ratio = percentile(all.api, 50) / percentile(all.raw, 50);
    const hop = await bareHop((await api.http.get(`/v1/search?${searchQueries[1]?.url}`)).body);
    const path = `/indexes/${ctx.index}/search`;
    const proxy = await bareProxy(
      ctx.meili,
      searchQueries.map((q) => ({ path, body: JSON.stringify(meiliParams(q.request, catalogue)) })),
      rounds,
      warmupRequests,
    );
    results.push(
      row(
        ctx,
        'search p50: all queries',
        percentile(all.api, 50),
        percentile(all.raw, 50),
        ratio,
        '≤ 1.25×',
        judge(ratio, 1.25, 'max'),
        floorNote(hop, percentile(all.raw, 50), proxy),
      ),
      row(ctx, 'search p95: all queries', percentile(all.api, 95), percentile(all.raw, 95), null, null, null),
    );
    results.push({
      part: 'search',
      measure: 'API CPU per search',
      size: ctx.data.size,
      value: (cpu.user + cpu.system) / (rounds * searchQueries.length),
      unit: 'ms',
      raw: null,
      ratio: null,
      target: null,
      met: null,
      note: `CPU of the API process over the timed searches, divided by their number: user ${(cpu.user / (rounds * searchQueries.length)).toFixed(2)} ms, system ${(cpu.system / (rounds * searchQueries.length)).toFixed(2)} ms`,
    });
    const peak = await procMemory(api.pid, 'VmHWM');
    results.push({
      part: 'search',
      measure: 'API RSS at rest',
      size: ctx.data.size,
      value: rest,
      unit: 'MiB',
      raw: null,
      ratio: null,
      target: ctx.data.size >= 1e6 ? '≤ 250 MiB' : null,
      met: ctx.data.size >= 1e6 && rest !== null ? rest <= 250 : null,
    });
    results.push({
      part: 'search',
      measure: 'API peak RSS after searches',
      size: ctx.data.size,
      value: peak,
      unit: 'MiB',
      raw: null,
      ratio: null,
      target: null,
      met: null,
    });
  } finally {
    await meili.close();
    await api.stop();
  }
  return results;
}

function row(
  ctx: Context,
  measure: string,
  value: number,
  raw: number,
  ratio: number | null,
  target: string | null,
  met: boolean | null,
  note?: string,
): Result {
  return {
    part: 'search',
    measure,
    size: ctx.data.size,
    value,
    unit: 'ms',
    raw,
    ratio,
    target,
    met,
    ...(note ? { note } : {}),
  };
}
