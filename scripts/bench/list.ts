// Lists: p50 of the first page (all sites; sites of a region and a status) and
// of the last page of a département's open sites, reached by following
// next_cursor. Their target is their growth: at 1M at most 3× the same at 10k
// (index.ts computes it when both sizes run in the same run).
import { type Context, now, percentile, type Result, startApi } from './common.js';

const rounds = Number(process.env.BENCH_LIST_ROUNDS ?? 40);

export const listQueries = {
  first: '/v1/sites?limit=20',
  filtered: '/v1/sites?region=32&status=open&limit=20',
  walked: '/v1/sites?departement=59&status=open&limit=100',
};

export async function measureList(ctx: Context): Promise<Result[]> {
  const api = await startApi(ctx);
  const results: Result[] = [];
  try {
    const get = async (url: string) => {
      const r = await api.http.get(url);
      if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.body.slice(0, 300)}`);
      return JSON.parse(r.body) as { data: unknown[]; next_cursor: string | null };
    };
    const p50 = async (url: string) => {
      for (let i = 0; i < 5; i++) await get(url);
      const samples: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t = now();
        await get(url);
        samples.push(now() - t);
      }
      return percentile(samples, 50);
    };
    const add = (measure: string, value: number | null, note?: string) =>
      results.push({
        part: 'list',
        measure,
        size: ctx.data.size,
        value,
        unit: 'ms',
        raw: null,
        ratio: null,
        target: '≤ 3× at 10k (at 1M)',
        met: null,
        ...(note ? { note } : {}),
      });
    add('first page p50: all sites', await p50(listQueries.first));
    add('first page p50: region, status', await p50(listQueries.filtered));
    // The last page: walk the cursors once (within the budget), then time that page.
    const deadline = now() + ctx.budgetSeconds * 1000;
    let url = listQueries.walked;
    let pages = 1;
    for (;;) {
      const page = await get(url);
      if (!page.next_cursor) break;
      if (now() > deadline) {
        url = '';
        break;
      }
      url = `${listQueries.walked}&cursor=${encodeURIComponent(page.next_cursor)}`;
      pages++;
    }
    if (url) add('last page p50: département, status', await p50(url), `page ${pages}, the last (100 sites a page)`);
    else add('last page p50: département, status', null, `not reached in ${ctx.budgetSeconds} s (${pages} pages)`);
  } finally {
    await api.stop();
  }
  return results;
}
