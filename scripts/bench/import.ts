// `npm run import` of a CSV of new sites (BENCH_IMPORT_ROWS, the size by
// default) into a clone of the template, against `COPY` of the same rows (the
// places resolved, their citations) + raw `addDocuments` of their documents,
// into another clone: each side writes into the template as it is, and the
// import's rows are not refused as duplicates of the rows COPY'd (same names,
// same communes: « A site named … exists: 'rawimp-…' », a create with an id
// being checked for duplicates as any create). Both clones are this run's own
// (named by its pid, dropped at its end), so a run killed midway leaves nothing
// the next run reads.
// Rows per second, and the CLI's peak RSS (VmHWM), run as `npm run import` runs it (compiled, its heap bound). An import still running
// after the budget is stopped and reported as such.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { geography, placeOfCommune } from '../../src/geo/index.js';
import { type Context, cliCommand, judge, meiliClient, nodeOptionsOf, now, type Result, runChild } from './common.js';
import { cloneTemplate, writeDocuments } from './synthetic.js';

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const quote = 'IPG Contacts Services est une deuxième entité';
const copyText = (v: string | null) =>
  v === null ? '\\N' : v.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n');

export async function measureImport(ctx: Context): Promise<Result[]> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? ctx.data.size);
  const ops = Math.max(1, Math.round(ctx.data.size / 30));
  const communes = [...geography().communes.values()];
  const commune = (i: number) => communes[(i * 7919) % communes.length] ?? communes[0]!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-import-'));
  const scratch = await cloneTemplate(ctx.data.size, 'import');
  const rawScratch = await cloneTemplate(ctx.data.size, 'rawimport').catch(async (error: unknown) => {
    await scratch.drop();
    throw error;
  });
  const meili = meiliClient(ctx.meili);
  const rawIndex = `plateau_bench_rawimport_${process.pid}`;
  const apiIndex = `plateau_bench_import_${process.pid}`;
  const sql = postgres(rawScratch.url, { max: 1, onnotice: () => {} });
  try {
    const file = path.join(dir, 'sites.csv');
    const out = createWriteStream(file);
    out.write('id;name;operator_id;code_commune;status;citation_source;citation_quote\n');
    for (let i = 0; i < rows; i++) {
      const c = commune(i);
      const line = `import-${i};Centre de contacts ${c.name} ${i};bench-op-${1 + (i % ops)};${c.code};open;${source};${quote}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    // Raw: the same rows, places resolved beforehand, COPY'd with their citations; then their documents.
    const siteLines: string[] = [];
    const citationLines: string[] = [];
    for (let i = 0; i < rows; i++) {
      const c = commune(i);
      const p = placeOfCommune(c);
      const id = `rawimp-${i}`;
      siteLines.push(
        [
          id,
          `Centre de contacts ${c.name} ${i}`,
          `bench-op-${1 + (i % ops)}`,
          p.commune,
          p.commune_label,
          p.code_commune,
          p.code_postal,
          p.departement_code,
          p.departement_name,
          p.region_code,
          p.region_name,
          p.former_region_name,
          'open',
        ]
          .map(copyText)
          .join('\t'),
      );
      citationLines.push([source, quote, '{}', id].map(copyText).join('\t'));
    }
    const copyStarted = now();
    await sql.begin(async (tx) => {
      const sites = await tx`copy sites (id, name, operator_id, commune, commune_label, code_commune, code_postal,
        departement_code, departement_name, region_code, region_name, former_region_name, status) from stdin`.writable();
      for (let i = 0; i < siteLines.length; i += 5000) {
        if (!sites.write(`${siteLines.slice(i, i + 5000).join('\n')}\n`)) await once(sites, 'drain');
      }
      sites.end();
      await once(sites, 'finish');
      const cites = await tx`copy citations (source_id, quote, fields, site_id) from stdin`.writable();
      for (let i = 0; i < citationLines.length; i += 5000) {
        if (!cites.write(`${citationLines.slice(i, i + 5000).join('\n')}\n`)) await once(cites, 'drain');
      }
      cites.end();
      await once(cites, 'finish');
    });
    const copyMs = now() - copyStarted;
    siteLines.length = 0;
    citationLines.length = 0;
    const docs = path.join(dir, 'documents.ndjson');
    await writeDocuments(rawScratch.url, docs, `id like 'rawimp-%'`);
    await meili.createIndex(rawIndex);
    const addStarted = now();
    await meili.addDocumentsFromFile(rawIndex, docs);
    const addMs = now() - addStarted;
    const rawRate = rows / ((copyMs + addMs) / 1000);

    const run = await runChild(
      process.execPath,
      [...(await nodeOptionsOf('import')), ...cliCommand('import'), file, '--kind', 'sites'],
      {
        DATABASE_URL: scratch.url,
        MEILI_HOST: ctx.meili.host,
        MEILI_API_KEY: ctx.meili.apiKey ?? '',
        MEILI_INDEX: apiIndex,
        LOG_LEVEL: 'warn',
      },
      ctx.budgetSeconds,
    );
    if (run.finished && run.code !== 0) throw new Error(`import exited ${run.code}: ${run.output}`);
    const rate = run.finished ? rows / (run.ms / 1000) : null;
    const ratio = rate === null ? null : rate / rawRate;
    const bound = rows / ctx.budgetSeconds;
    return [
      {
        part: 'import',
        measure: `npm run import of ${rows} sites`,
        size: ctx.data.size,
        value: rate,
        unit: 'rows/s',
        raw: rawRate,
        ratio,
        target: '≥ 0.7×',
        met: run.finished ? judge(ratio, 0.7, 'min') : false,
        note: run.finished
          ? `${(run.ms / 1000).toFixed(1)} s; raw: COPY ${(copyMs / 1000).toFixed(1)} s + addDocuments ${(addMs / 1000).toFixed(1)} s`
          : `not finished in ${ctx.budgetSeconds} s: < ${bound.toFixed(0)} rows/s, < ${(bound / rawRate).toFixed(3)}×`,
      },
      {
        part: 'import',
        measure: 'import CLI peak RSS',
        size: ctx.data.size,
        value: run.peakMiB,
        unit: 'MiB',
        raw: null,
        ratio: null,
        target: ctx.data.size >= 1e6 ? '≤ 400 MiB' : null,
        met: ctx.data.size >= 1e6 && run.peakMiB !== null ? run.peakMiB <= 400 && run.finished : null,
        ...(run.finished ? {} : { note: 'until stopped' }),
      },
    ];
  } finally {
    await sql.end({ timeout: 5 });
    await meili.deleteIndex(rawIndex).catch(() => {});
    await meili.deleteIndex(apiIndex).catch(() => {});
    await meili.close();
    await scratch.drop();
    await rawScratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
