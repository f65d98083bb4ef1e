import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { columnPaths, csvCell, csvLine } from '../../src/listing/export.js';
import { measuredSummary } from '../../src/listing/query.js';
import { sourceSummary } from '../../src/modules/sources/schemas.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

/** Parses the exports' CSV: semicolons, double quotes doubled, CRLF. */
function parseCsv(text: string): string[][] {
  return parse(text, { delimiter: ';', relaxColumnCount: true });
}

describe('GET /v1/<kind>/export', () => {
  it('streams every site matching the filters as CSV with a header row, for a French spreadsheet', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv&region=Picardie' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="plateau-sites-region-picardie-\d{4}-\d{2}-\d{2}T[\d-]+Z\.csv"$/,
    );
    expect(Date.parse(response.headers['x-export-generated-at'] as string)).not.toBeNaN();
    expect(response.headers['x-export-filters']).toBe('format=csv&region=Picardie');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(response.body.slice(1));
    expect(header!.slice(0, 6)).toEqual(['id', 'name', 'aliases', 'operator_id', 'operator_name', 'siret']);
    expect(rows.map((r) => r[0]).sort()).toEqual([
      'callweb-amiens',
      'comdata-amiens',
      'coriolis-service-amiens',
      'keyyo-abbeville',
      'mediametrie-amiens',
    ]);
    const abbeville = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[0] === 'keyyo-abbeville')![i]]));
    expect(abbeville).toMatchObject({
      commune: 'Abbeville',
      code_commune: '80001',
      operator_name: 'Keyyo',
      former_region_name: 'Picardie',
    });
  });

  it('names its file after the kind, the filters given and the time', async () => {
    const cases = [
      [
        '/v1/sites/export?format=csv&region=Hauts-de-France&status=open,closed',
        'sites-region-hauts-de-france-status-open-closed',
        'csv',
      ],
      ['/v1/operators/export?format=jsonl', 'operators', 'jsonl'],
      ['/v1/clubs/export?region=Auvergne-Rh%C3%B4ne-Alpes&format=csv', 'clubs-region-auvergne-rhone-alpes', 'csv'],
    ] as const;
    for (const [url, name, extension] of cases) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 200]);
      const stamp = (response.headers['x-export-generated-at'] as string).replace(/[:.]/g, '-');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="plateau-${name}-${stamp}.${extension}"`,
      );
    }
  });

  it('is not capped: a large result comes whole, in JSON lines', async () => {
    const operator = await createOperator(db);
    for (let i = 0; i < 1200; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) => createSite(db, { name: `Export ${i + k}`, operator: operator.id })),
      );
    }
    const response = await app.inject({ method: 'GET', url: `/v1/sites/export?format=jsonl&operator=${operator.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = response.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1200);
    expect(new Set(lines.map((l: { id: string }) => l.id)).size).toBe(1200);
    const listed = await getJson(app, `/v1/sites?operator=${operator.id}&limit=1`);
    expect(listed.body.total).toBe(1200);
    expect(lines[0]).toEqual(expect.objectContaining({ operator: { id: operator.id, name: operator.name } }));
    // 1,200 sites written one by one through the write path first: under a loaded CI machine, past the default 30 s.
  }, 120_000);

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    await createSite(db, { name: '=HYPERLINK("http://evil.example","clic")', notes: '+33 1 23 45 67 89; -5 @SUM(A1)' });
    const response = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv' });
    const rows = parseCsv(response.body.slice(1));
    const evil = rows.find((r) => r[1]!.includes('HYPERLINK'))!;
    expect(evil[1]).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(evil[rows[0]!.indexOf('notes')]).toBe("'+33 1 23 45 67 89; -5 @SUM(A1)");
    expect(csvCell('-12')).toBe("'-12");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell("'=x")).toBe("''=x");
    expect(csvCell("'x")).toBe("'x");
  });

  it('writes quotes, semicolons, commas, line breaks, formula-like text and numbers as a spreadsheet reads them', async () => {
    const operator = await createOperator(db, { name: '"Guillemets" ; et, virgules' });
    const site = await createSite(db, {
      name: '=1+1',
      operator: operator.id,
      notes: 'Ligne 1\nLigne 2 ; « citée », "entre guillemets"',
    });
    // Values the write path trims or refuses (a position far from Amiens), as an older import could have stored them.
    await db.execute(sql`update sites set address = ${'  12 rue\u00a0'}, commune_label = '@x', effectifs_min = -5,
      effectifs_max = 0, latitude = 1e-7, longitude = -4.48, coordinates_precision = 'exact' where id = ${site.id}`);
    const response = await app.inject({ method: 'GET', url: `/v1/sites/export?format=csv&operator=${operator.id}` });
    const [header, row] = parseCsv(response.body.slice(1));
    const line = response.body.split('\r\n')[1]!;
    expect(line.startsWith(`${site.id};'=1+1;;${operator.id};"""Guillemets"" ; et, virgules";`)).toBe(true);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(response.body).toContain(';"Ligne 1\nLigne 2 ; « citée », ""entre guillemets""";');
    expect(response.body).toContain(';"  12 rue\u00a0";');
    expect([cell('commune_label'), cell('effectifs_min'), cell('effectifs_max')]).toEqual(["'@x", "'-5", '0']);
    expect([cell('latitude'), cell('longitude')]).toEqual(['1e-7', "'-4.48"]);
  });

  it('writes every cell of every kind as csvCell writes the value its list shows', async () => {
    const operator = await createOperator(db, { aliases: ['a | b', '=x'] });
    const site = await createSite(db, {
      operator: operator.id,
      aliases: ['[x]', 'Nantes, centre'],
    });
    // Tiny numbers (0.00005, -1e-5), a position the write path refuses far from Amiens, as an older import stored them.
    await db.execute(sql`update sites set siret = '12345678901234', status = null, latitude = 0.00005,
      longitude = -1e-5, coordinates_precision = 'exact' where id = ${site.id}`);
    for (const kind of [...entryKinds.map((k) => k.plural), 'sources']) {
      const entryKind = entryKinds.find((k) => k.plural === kind);
      // Without `near`, no `distance_km`: the summary as the export writes it without filters.
      const summary = entryKind ? measuredSummary(entryKind.summary, entryKind.filters, {}) : sourceSummary;
      const cited = kind !== 'sources';
      const listed = new Map((await collectPages(app, `/v1/${kind}?limit=100`)).rows.map((r) => [r.id, r]));
      const response = await app.inject({ method: 'GET', url: `/v1/${kind}/export?format=csv` });
      const records = parse(response.body.slice(1), { delimiter: ';', raw: true }) as unknown as {
        record: string[];
        raw: string;
      }[];
      expect(records.length, kind).toBe(listed.size + 1);
      for (const { record, raw } of records.slice(1)) {
        const entry = listed.get(record[0]!) as Record<string, unknown>;
        const cells = columnPaths(summary).map((c) => c.path.reduce<unknown>((v, k) => (v as never)?.[k], entry));
        expect(raw.replace(/\r$/, ''), `${kind} ${record[0]}`).toBe(
          csvLine(cited ? [...cells, record.at(-1)] : cells).replace(/\r\n$/, ''),
        );
      }
    }
  });

  it('carries each entry’s citations, as a cell of JSON in CSV and a list in JSON lines', async () => {
    const detail = (await getJson(app, '/v1/sites/keyyo-abbeville')).body;
    const expected = detail.citations.map((c: { source_id: string; quote: string; fields: string[] }) => ({
      source: c.source_id,
      quote: c.quote,
      fields: c.fields,
    }));
    expect(expected.length).toBeGreaterThan(0);
    const csv = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv&region=Picardie' });
    const [header, ...rows] = parseCsv(csv.body.slice(1));
    expect(header!.at(-1)).toBe('citations');
    const row = rows.find((r) => r[0] === 'keyyo-abbeville')!;
    expect(JSON.parse(row.at(-1)!)).toEqual(expected);
    const jsonl = await app.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl&region=Picardie' });
    const entry = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e: { id: string }) => e.id === 'keyyo-abbeville');
    expect(entry.citations).toEqual(expected);
    const sources = await app.inject({ method: 'GET', url: '/v1/sources/export?format=csv' });
    expect(parseCsv(sources.body.slice(1))[0]).not.toContain('citations');
  });

  it('exports every kind', async () => {
    for (const kind of ['operators', 'clubs', 'mandataires', 'proceedings', 'sources']) {
      const response = await app.inject({ method: 'GET', url: `/v1/${kind}/export?format=jsonl` });
      expect(response.statusCode, kind).toBe(200);
      const total = (await getJson(app, `/v1/${kind}?limit=1`)).body.total;
      expect(response.body.trim().split('\n'), kind).toHaveLength(total);
    }
  });

  it.each([
    ['format=xlsx', 'format'],
    ['region=Narnia&format=csv', 'region'],
    ['operator=nobody-at-all&format=csv', 'operator'],
    ['limit=5&format=csv', 'limit'],
  ])('refuses %s with a 400 naming %s', async (query, name) => {
    const response = await app.inject({ method: 'GET', url: `/v1/sites/export?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { name: string }) => e.name)).toContain(name);
  });

  it('answers HEAD with the headers alone, without running the export', async () => {
    // The sites locked by another transaction: an export started now would wait for them in pg_stat_activity.
    const locked = await app.database.sql.reserve();
    try {
      await locked`begin`;
      await locked`lock table sites in access exclusive mode`;
      const response = await app.inject({ method: 'HEAD', url: '/v1/sites/export?format=csv&region=Picardie' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('');
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="plateau-sites-region-picardie-/);
      expect(response.headers['x-export-filters']).toBe('format=csv&region=Picardie');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = await db.execute<{ query: string }>(sql`
        select query from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`);
      expect([...waiting].map((w) => w.query)).toEqual([]);
    } finally {
      await locked`rollback`;
      locked.release();
    }
    // Its 400s are those of GET.
    const refused = await app.inject({ method: 'HEAD', url: '/v1/sites/export?format=csv&region=Narnia' });
    expect(refused.statusCode).toBe(400);
  });

  it('requires a format', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/sites/export' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].name).toBe('format');
  });
});
