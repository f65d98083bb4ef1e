// The CSV export of every site against `COPY … TO STDOUT` of the same columns
// (those of the export's header that sites hold, and the citations as JSON),
// in rows per second. A slow export is cut off after the budget and its rate
// so far reported.
import postgres from 'postgres';
import { type Context, judge, now, procMemory, type Result, startApi } from './common.js';

export async function measureExport(ctx: Context): Promise<Result[]> {
  const api = await startApi(ctx, { REQUEST_TIMEOUT_MS: '3600000', IDLE_TIMEOUT_MS: '3600000' });
  const sql = postgres(ctx.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const started = now();
    const response = await api.http.pool.request({
      method: 'GET',
      path: '/v1/sites/export?format=csv',
      headers: { 'accept-encoding': 'identity' },
    });
    if (response.statusCode !== 200) throw new Error(`export: ${response.statusCode}`);
    let lines = 0;
    let header = '';
    let cut = false;
    const deadline = started + ctx.budgetSeconds * 1000;
    for await (const chunk of response.body) {
      const text = (chunk as Buffer).toString('utf8');
      if (!header) header = text.slice(0, text.indexOf('\n'));
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      if (now() > deadline) {
        cut = true;
        response.body.destroy();
        break;
      }
    }
    const apiMs = now() - started;
    const peak = await procMemory(api.pid, 'VmHWM');
    const apiRows = Math.max(0, lines - 1);
    const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`select count(*)::int as total from sites`;

    const columns = header
      .replace(/^\uFEFF/, '')
      .split(';')
      .map((c) => c.replaceAll('"', ''));
    const siteColumns = new Set(
      (
        await sql<{ column_name: string }[]>`
        select column_name from information_schema.columns where table_name = 'sites'`
      ).map((r) => r.column_name),
    );
    const selected = columns
      .map((c) =>
        siteColumns.has(c)
          ? `s."${c}"`
          : c === 'citations'
            ? `(select json_agg(json_build_object('source', source_id, 'quote', quote, 'fields', fields))
                 from citations c where c.site_id = s.id) as citations`
            : null,
      )
      .filter(Boolean);
    const rawStarted = now();
    const stream = await sql
      .unsafe(
        `copy (select ${selected.join(', ')} from sites s order by s.id) to stdout with (format csv, delimiter ';', header)`,
      )
      .readable();
    let rawLines = 0;
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) rawLines++;
    }
    const rawMs = now() - rawStarted;
    const apiRate = apiRows / (apiMs / 1000);
    const rawRate = (rawLines - 1) / (rawMs / 1000);
    const ratio = apiRate / rawRate;
    return [
      {
        part: 'export',
        measure: 'CSV export of every site',
        size: ctx.data.size,
        value: apiRate,
        unit: 'rows/s',
        raw: rawRate,
        ratio,
        target: '≥ 0.5×',
        met: judge(ratio, 0.5, 'min'),
        note: `${cut ? `cut off after ${ctx.budgetSeconds} s at ${apiRows} of ${total} rows` : `${apiRows} rows in ${(apiMs / 1000).toFixed(1)} s`}; raw: ${selected.length} of ${columns.length} columns`,
      },
      {
        part: 'export',
        measure: 'API peak RSS after the export',
        size: ctx.data.size,
        value: peak,
        unit: 'MiB',
        raw: null,
        ratio: null,
        target: null,
        met: null,
        note: 'memory flat: compare sizes',
      },
    ];
  } finally {
    await sql.end({ timeout: 5 });
    await api.stop();
  }
}
