// GET /v1/sites/{id} against the same rows read with postgres.js in one round
// trip (the site, its operator, headcounts, clients, proceedings, citations and
// their sources), interleaved request by request over random synthetic sites;
// also the API's CPU per read (user and system, from /proc), and how many of its reads its detail cache could answer
// (src/db/snapshot-cache.ts: an entry is sent again while PostgreSQL's snapshot has not moved since it was read; the
// server is shared, so other databases' writes move it too).
import postgres from 'postgres';
import { type Context, judge, now, percentile, procCpuMs, type Result, startApi, warmupRequests } from './common.js';
import { bareHop, floorNote } from './floor.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

export const detailSql = `
  select s.*,
         (select row_to_json(o) from operators o where o.id = s.operator_id) as operator,
         (select coalesce(json_agg(h order by h.id), '[]') from headcounts h where h.site_id = s.id) as headcounts,
         (select coalesce(json_agg(c order by c.id), '[]') from site_clients c where c.site_id = s.id) as clients,
         (select coalesce(json_agg(p), '[]') from proceeding_sites ps join proceedings p on p.id = ps.proceeding_id
           where ps.site_id = s.id) as proceedings,
         (select coalesce(json_agg(json_build_object('source', row_to_json(src), 'quote', ci.quote,
                   'fields', ci.fields, 'added_at', ci.added_at) order by ci.id), '[]')
            from citations ci join sources src on src.id = ci.source_id where ci.site_id = s.id) as citations
    from sites s where s.id = $1`;

export async function measureDetail(ctx: Context): Promise<Result[]> {
  const api = await startApi(ctx);
  const sql = postgres(ctx.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const ids = Array.from({ length: 100 }, (_, i) => `bench-site-${1 + ((i * 7919 + 13) % ctx.data.size)}`);
    const apiOnce = async (id: string) => {
      const r = await api.http.get(`/v1/sites/${id}`);
      if (r.status !== 200) throw new Error(`/v1/sites/${id}: ${r.status} ${r.body.slice(0, 300)}`);
      JSON.parse(r.body);
    };
    const rawOnce = async (id: string) => {
      const rows = await sql.unsafe(detailSql, [id], { prepare: true });
      if (rows.length !== 1) throw new Error(`no site ${id}`);
      JSON.stringify(rows[0]);
    };
    // The server's snapshot around the API's reads, read on the raw connection outside the timings: a read whose
    // snapshot stayed the same from before its id's previous read to after it is one the cache could answer.
    const snapshotNow = async () => (await sql.unsafe(`select pg_current_snapshot()::text as s`))[0]?.s as string;
    const lastRead = new Map<string, string>();
    for (let i = 0; i < warmupRequests; i++) {
      const id = ids[i % ids.length] ?? 'bench-site-1';
      if (i >= warmupRequests - ids.length) lastRead.set(id, await snapshotNow());
      await apiOnce(id);
    }
    for (const id of ids.slice(0, 20)) {
      await apiOnce(id);
      await rawOnce(id);
    }
    const a: number[] = [];
    const m: number[] = [];
    let stillReads = 0;
    const apiTimed = async (id: string) => {
      const before = await snapshotNow();
      const t = now();
      await apiOnce(id);
      a.push(now() - t);
      const after = await snapshotNow();
      if (lastRead.get(id) === after) stillReads++;
      lastRead.set(id, before);
    };
    const cpuBefore = await procCpuMs(api.pid);
    for (let i = 0; i < rounds; i++) {
      const id = ids[i % ids.length] ?? 'bench-site-1';
      const rawTimed = async () => {
        const t = now();
        await rawOnce(id);
        m.push(now() - t);
      };
      if (i % 2) {
        await rawTimed();
        await apiTimed(id);
      } else {
        await apiTimed(id);
        await rawTimed();
      }
    }
    const cpuAfter = await procCpuMs(api.pid);
    const user = ((cpuAfter?.user ?? 0) - (cpuBefore?.user ?? 0)) / rounds;
    const system = ((cpuAfter?.system ?? 0) - (cpuBefore?.system ?? 0)) / rounds;
    const ratio = percentile(a, 50) / percentile(m, 50);
    const hop = await bareHop((await api.http.get(`/v1/sites/${ids[0]}`)).body);
    return [
      {
        part: 'detail',
        measure: 'GET /v1/sites/{id} p50',
        size: ctx.data.size,
        value: percentile(a, 50),
        unit: 'ms',
        raw: percentile(m, 50),
        ratio,
        target: '≤ 1.3×',
        met: judge(ratio, 1.3, 'max'),
        note:
          `raw: one query with json_agg, prepared; ${floorNote(hop, percentile(m, 50))}; ` +
          `${stillReads} of ${rounds} API reads under the snapshot of their id's previous read (cache hits possible)`,
      },
      {
        part: 'detail',
        measure: 'API CPU per detail',
        size: ctx.data.size,
        value: user + system,
        unit: 'ms',
        raw: null,
        ratio: null,
        target: null,
        met: null,
        note: `CPU of the API process over the timed reads, divided by their number: user ${user.toFixed(2)} ms, system ${system.toFixed(2)} ms`,
      },
    ];
  } finally {
    await sql.end({ timeout: 5 });
    await api.stop();
  }
}
