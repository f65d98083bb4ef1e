// `npm run reindex` into a scratch index against raw `addDocuments` of the
// same documents (the size's documents file) into an index with the same
// settings: documents per second, and the CLI's peak RSS (VmHWM). The CLI runs
// with the Node options of the `reindex` script of package.json (its heap bound),
// as `npm run reindex` runs it.
import { type Context, cliCommand, judge, meiliClient, nodeOptionsOf, now, type Result, runChild } from './common.js';

export async function measureReindex(ctx: Context): Promise<Result[]> {
  const meili = meiliClient(ctx.meili);
  const rawIndex = `plateau_bench_rawreindex_${process.pid}`;
  const apiIndex = `plateau_bench_reindex_${process.pid}`;
  try {
    await meili.createIndex(rawIndex);
    const started = now();
    const documents = await meili.addDocumentsFromFile(rawIndex, ctx.data.documents);
    const rawMs = now() - started;
    const rawRate = documents / (rawMs / 1000);
    await meili.deleteIndex(rawIndex);
    const run = await runChild(
      process.execPath,
      [...(await nodeOptionsOf('reindex')), ...cliCommand('reindex')],
      {
        DATABASE_URL: ctx.databaseUrl,
        MEILI_HOST: ctx.meili.host,
        MEILI_API_KEY: ctx.meili.apiKey ?? '',
        MEILI_INDEX: apiIndex,
        LOG_LEVEL: 'warn',
      },
      ctx.budgetSeconds,
    );
    if (run.finished && run.code !== 0) throw new Error(`reindex exited ${run.code}: ${run.output}`);
    const rate = run.finished ? documents / (run.ms / 1000) : null;
    const ratio = rate === null ? null : rate / rawRate;
    const big = ctx.data.size >= 1e6;
    // The CLI's own account: its fixed start-up, then the rebuild (index created, documents sent, swap).
    const startupMs = Number(/started in (\d+) ms/.exec(run.output)?.[1] ?? Number.NaN);
    const rebuildMs = Number(/swapped in after (\d+) ms/.exec(run.output)?.[1] ?? Number.NaN);
    const rebuildRate = Number.isFinite(rebuildMs) ? documents / (rebuildMs / 1000) : null;
    return [
      {
        part: 'reindex',
        measure: `npm run reindex of ${documents} documents`,
        size: ctx.data.size,
        value: rate,
        unit: 'docs/s',
        raw: rawRate,
        ratio,
        target: '≥ 0.7×',
        met: run.finished ? judge(ratio, 0.7, 'min') : false,
        note: run.finished
          ? `${(run.ms / 1000).toFixed(1)} s (whole CLI, of which start-up ${(startupMs / 1000).toFixed(1)} s and ` +
            `rebuild ${(rebuildMs / 1000).toFixed(1)} s); raw addDocuments ${(rawMs / 1000).toFixed(1)} s`
          : `not finished in ${ctx.budgetSeconds} s`,
      },
      {
        part: 'reindex',
        measure: 'the rebuild alone (no CLI start-up)',
        size: ctx.data.size,
        value: rebuildRate,
        unit: 'docs/s',
        raw: rawRate,
        ratio: rebuildRate === null ? null : rebuildRate / rawRate,
        target: null,
        met: null,
      },
      {
        part: 'reindex',
        measure: 'reindex CLI peak RSS',
        size: ctx.data.size,
        value: run.peakMiB,
        unit: 'MiB',
        raw: null,
        ratio: null,
        target: big ? '≤ 400 MiB' : null,
        met: big && run.peakMiB !== null ? run.peakMiB <= 400 && run.finished : null,
      },
    ];
  } finally {
    await meili.deleteIndex(rawIndex).catch(() => {});
    await meili.deleteIndex(apiIndex).catch(() => {});
    await meili.close();
  }
}
