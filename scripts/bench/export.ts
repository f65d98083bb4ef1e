// The CSV export of every site against `COPY … TO STDOUT` of the same columns
// (every column of the export's header: the sites', the operator's name through
// its join, the citations as JSON), in the same order, in rows per second, both
// warm. A slow export is cut off after the budget and its rate so far reported.
import postgres from 'postgres';
import { type Context, judge, now, procMemory, type Result, type RunningApi, startApi } from './common.js';

/** One CSV export of every site read to its end (or cut off after the budget): its lines, header and time. */
async function readExport(api: RunningApi, budgetSeconds: number) {
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
  const deadline = started + budgetSeconds * 1000;
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
  return { lines, header, cut, started };
}

export async function measureExport(ctx: Context): Promise<Result[]> {
  const api = await startApi(ctx, { REQUEST_TIMEOUT_MS: '3600000', IDLE_TIMEOUT_MS: '3600000' });
  const sql = postgres(ctx.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // A first export, untimed, as the raw COPY below comes after queries of its own on its connection: both are
    // measured warm (the API's code and connections, PostgreSQL's caches of the rows), not the first request.
    await readExport(api, ctx.budgetSeconds);
    const { lines, header, cut, started } = await readExport(api, ctx.budgetSeconds);
    const apiMs = now() - started;
    const peak = await procMemory(api.pid, 'VmHWM');
    const apiRows = Math.max(0, lines - 1);
    const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`select count(*)::int as total from sites`;

    const columns = header
      .replace(/^\uFEFF/, '')
      .replace(/\r$/, '')
      .split(';')
      .map((c) => c.replaceAll('"', ''));
    const siteColumns = new Set(
      (
        await sql<{ column_name: string }[]>`
        select column_name from information_schema.columns where table_name = 'sites'`
      ).map((r) => r.column_name),
    );
    // Every column of the export's header, from the same tables: the operator's name through its join, the
    // citations as the JSON list the export writes.
    const selected = columns.map((c) =>
      siteColumns.has(c)
        ? `s."${c}"`
        : c === 'operator_name'
          ? 'o.name'
          : c === 'citations'
            ? `(select json_agg(x) from (select c.source_id as source, c.quote, c.fields from citations c
                 where c.site_id = s.id order by c.id) x)`
            : null,
    );
    const missing = columns.filter((_, i) => selected[i] === null);
    if (missing.length) throw new Error(`export: the raw COPY has no column for ${missing.join(', ')}`);
    const rawStarted = now();
    const stream = await sql
      .unsafe(
        `copy (select ${selected.join(', ')} from sites s left join operators o on o.id = s.operator_id
          order by s.created_at, s.id collate "C") to stdout with (format csv, delimiter ';', header)`,
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
        note: `${cut ? `cut off after ${ctx.budgetSeconds} s at ${apiRows} of ${total} rows` : `${apiRows} rows in ${(apiMs / 1000).toFixed(1)} s`}; raw: the same ${columns.length} columns`,
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
