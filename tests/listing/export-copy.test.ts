// The CSV export as PostgreSQL writes it (COPY … TO STDOUT, db/copy-out.ts):
// parameters given to the COPY as values, never as SQL; COPY's binary rows read
// whatever their chunks; cells the JavaScript writer would write, byte for byte,
// for text that needs care; and a client gone mid-export leaving no COPY behind.
import { get } from 'node:http';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { binaryValues, copyOut, parametersFromSettings } from '../../src/db/copy-out.js';
import { columnPaths, csvLine } from '../../src/listing/export.js';
import { siteSummary } from '../../src/modules/sites/schemas.js';
import { collectPages, testApp } from '../setup/app.js';
import { insertSites } from '../setup/bulk-sites.js';
import { createOperator, createSite } from '../setup/factories.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

/** Every value of a copied query, as one text. */
async function copied(query: { sql: string; params: unknown[] }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of copyOut(app.database.sql, query)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const hostile = [
  "'; drop table sites; --",
  `O'Brien « cité » "entre guillemets" \\ \\\\ \\' $1 $$ E'\\x41'`,
  'é 🙂 \u2028 \u00a0 zéro\u0301',
  '',
];

describe('copyOut', () => {
  it('gives each parameter to the COPY as the value it is, whatever it holds', async () => {
    for (const text of hostile) {
      expect(await copied({ sql: `select $1 || E'\\n' as line`, params: [text] })).toBe(`${text}\n`);
    }
    // Numbers, booleans and timestamps as drizzle passes them (no filter passes a list as one parameter).
    const line = await copied({
      sql: `select concat_ws(E'\\t', $1::float8, $2::boolean, to_json($3::timestamptz), $4::int, $5::text) || E'\\n' as line
        where $5 <> $6`,
      params: [0.1 + 0.2, false, '2026-11-30T08:00:00.123Z', -7, hostile[0], hostile[1]],
    });
    expect(line).toBe(`0.30000000000000004\tf\t"2026-11-30T08:00:00.123+00:00"\t-7\t${hostile[0]}\n`);
    const [{ n } = { n: 0 }] = await app.database.sql<{ n: number }[]>`select count(*)::int as n from sites`;
    expect(n).toBeGreaterThan(0);
  });

  it('reads the parameters from the settings, leaving string literals and quoted names alone', () => {
    expect(parametersFromSettings(`select '$1', E'\\'$2', "$1", $2 || $1`, ['text', 'character varying[]'])).toBe(
      `select '$1', E'\\'$2', "$1", (select current_setting('plateau.copy.p2')::character varying[]) || ` +
        `(select current_setting('plateau.copy.p1')::text)`,
    );
    expect(() => parametersFromSettings('select $2', ['text'])).toThrow('$2 has no type');
  });

  it('reads COPY’s binary rows whatever their chunks, and refuses what is not one column of them', async () => {
    const row = (text: string | null) => {
      const value = text === null ? Buffer.alloc(0) : Buffer.from(text);
      const head = Buffer.alloc(6);
      head.writeInt16BE(1, 0);
      head.writeInt32BE(text === null ? -1 : value.length, 2);
      return Buffer.concat([head, value]);
    };
    const header = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 2, 9, 9]),
    ]);
    const trailer = Buffer.from([0xff, 0xff]);
    const data = Buffer.concat([header, row('a;b\r\n'), row(null), row(''), row('é🙂\r\n'), trailer]);
    async function* bytes(step: number) {
      for (let at = 0; at < data.length; at += step) yield data.subarray(at, at + step);
    }
    for (const step of [1, 2, 7, data.length]) {
      const values: Buffer[] = [];
      for await (const chunk of binaryValues(bytes(step), 4)) values.push(chunk);
      expect(Buffer.concat(values).toString('utf8'), `chunks of ${step}`).toBe('a;b\r\né🙂\r\n');
    }
    async function* cut() {
      yield data.subarray(0, data.length - 2);
    }
    await expect(async () => {
      for await (const _ of binaryValues(cut())) void _;
    }).rejects.toThrow('before its trailer');
  });
});

describe('GET /v1/sites/export?format=csv, written by PostgreSQL', () => {
  it('writes cells that need care exactly as csvCell writes them', async () => {
    const operator = await createOperator(db, { aliases: ['x | y', 'z'] });
    const cells = [
      ' lead',
      'trail\u00a0',
      '\u2003both\u3000',
      '\ufeffbom',
      "''=deux apostrophes",
      "'plain apostrophe",
      '@mention ; et "guillemets"',
      'Fin\r',
      'a\tb',
      '\vvt',
      'point ; virgule',
      'unité\u001f=séparée\u001f',
      '',
    ];
    const numbers = [1e-7, -0.00001, 1.5e21, 0, 123456789012345680, -4.48, 1e-6, 0.1 + 0.2, 49.9, 5e-324, -0];
    const ids: string[] = [];
    for (const [i, name] of cells.entries()) {
      const site = await createSite(db, { name: `Site ${i}`, operator: operator.id });
      ids.push(site.id);
      // Values the write path trims or refuses, as an older import could have stored them.
      await app.database.sql`update sites set name = ${name}, address = ${cells[(i + 3) % cells.length] ?? ''},
        aliases = ${[name, 'ok']}::text[], latitude = ${numbers[i] ?? 0}, longitude = ${-(numbers[i] ?? 0)},
        effectifs_min = ${-i}, notes = ${cells.slice(0, i).join('\n')} where id = ${site.id}`;
    }
    await app.database.sql`update sites set aliases = ${['[crochet', 'b']}::text[] where id = ${ids[0] ?? ''}`;
    await app.database.sql`update sites set aliases = ${['a', '']}::text[] where id = ${ids[1] ?? ''}`;
    const listed = new Map(
      (await collectPages(app, `/v1/sites?operator=${operator.id}&limit=100`)).rows.map((r) => [r.id, r]),
    );
    const response = await app.inject({ method: 'GET', url: `/v1/sites/export?format=csv&operator=${operator.id}` });
    expect(response.statusCode).toBe(200);
    const records = parse(response.body.slice(1), { delimiter: ';', raw: true }) as unknown as {
      record: string[];
      raw: string;
    }[];
    expect(
      records
        .slice(1)
        .map((r) => r.record[0])
        .sort(),
    ).toEqual([...ids].sort());
    const header = records[0]?.record ?? [];
    expect(header).not.toContain('distance_km');
    for (const { record, raw } of records.slice(1)) {
      const entry = listed.get(record[0]!) as Record<string, unknown>;
      // Without near, no distance_km column (the export's columns are its header row's).
      const values = columnPaths(siteSummary)
        .filter((c) => header.includes(c.name))
        .map((c) => c.path.reduce<unknown>((v, k) => (v as never)?.[k], entry));
      expect(raw.replace(/\r$/, ''), record[0]).toBe(csvLine([...values, record.at(-1)]).replace(/\r\n$/, ''));
    }
  });

  it('writes each entry’s citations as its JSON lines list them (none, one, several), and lines where one cell needs care', async () => {
    const operator = await createOperator(db);
    const [none, one, two] = [
      await createSite(db, { operator: operator.id }),
      await createSite(db, { operator: operator.id }),
      await createSite(db, { operator: operator.id }),
    ];
    // Rows an older import could have left: a site without citations, a second quote that needs care.
    await app.database.sql`delete from citations where site_id = ${none.id}`;
    // Lines where one cell alone needs care: a semicolon; a unit separator (what the test joins cells by) before `=`.
    await app.database.sql`update sites set name = 'point ; virgule' where id = ${one.id}`;
    await app.database.sql`update sites set name = ${'unité\u001f=séparée'} where id = ${two.id}`;
    await app.database.sql`insert into citations (source_id, quote, fields, site_id)
      select source_id, ${'dit « "oui" ; non », \n puis\r\n[x]'}, '{name,commune}', site_id from citations
       where site_id = ${two.id}`;
    const url = `/v1/sites/export?operator=${operator.id}`;
    const [csv, jsonl] = await Promise.all(
      ['csv', 'jsonl'].map((f) => app.inject({ method: 'GET', url: `${url}&format=${f}` })),
    );
    const entries = new Map(
      (jsonl?.body.trim().split('\n') ?? []).map((l) => JSON.parse(l) as Record<string, unknown>).map((e) => [e.id, e]),
    );
    const records = parse(csv?.body.slice(1) ?? '', { delimiter: ';', raw: true }) as unknown as {
      record: string[];
      raw: string;
    }[];
    const header = records[0]?.record ?? [];
    const paths = columnPaths(siteSummary).filter((c) => header.includes(c.name));
    const lines = records.slice(1).map(({ record, raw }) => {
      const entry = entries.get(record[0]);
      const values = paths.map((c) => c.path.reduce<unknown>((v, k) => (v as never)?.[k], entry));
      expect(raw.replace(/\r$/, ''), record[0]).toBe(
        csvLine([...values, JSON.stringify(entry?.citations)]).replace(/\r\n$/, ''),
      );
      return [record[0], (entry?.citations as unknown[] | undefined)?.length];
    });
    expect(lines.sort()).toEqual(
      [
        [none.id, 0],
        [one.id, 1],
        [two.id, 2],
      ].sort(),
    );
    expect(records.find((r) => r.record[0] === none.id)?.record.at(-1)).toBe('[]');
  });

  it('treats a hostile filter value as a value', async () => {
    for (const text of hostile.filter(Boolean)) {
      const url = `/v1/proceedings/export?tribunal=${encodeURIComponent(`Tribunal de commerce de ${text}`)}`;
      const [csv, jsonl] = await Promise.all(
        ['csv', 'jsonl'].map((format) => app.inject({ method: 'GET', url: `${url}&format=${format}` })),
      );
      if (/[\u2028\u2029]/.test(text)) {
        // A line separator is no character of a one-line value (domain/text.ts): the filter is refused, naming it.
        expect([csv?.statusCode, jsonl?.statusCode], text).toEqual([400, 400]);
        expect(csv?.json().errors, text).toEqual([
          expect.objectContaining({ in: 'query', name: 'tribunal', message: expect.stringContaining('U+2028') }),
        ]);
        continue;
      }
      expect([csv?.statusCode, jsonl?.statusCode], text).toEqual([200, 200]);
      expect(csv?.body.split('\r\n').length, text).toBe((jsonl?.body.split('\n').length ?? 0) + 1);
    }
    const [{ n } = { n: 0 }] = await app.database.sql<{ n: number }[]>`select count(*)::int as n from sites`;
    expect(n).toBeGreaterThan(0);
  });

  it('ends its COPY and gives its connection back when the client leaves mid-export', async () => {
    await insertSites(app.database.sql, 5000);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      const request = get(`${address}/v1/sites/export?format=csv`, (response) => {
        let seen = 0;
        response.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          // Past the header row: the COPY is under way.
          if (seen > 100_000) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    });
    const busy = async () =>
      (
        await app.database.sql<{ state: string; query: string }[]>`
          select state, query from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`
      ).map((r) => `${r.state}: ${r.query.slice(0, 40)}`);
    let states = await busy();
    for (let tries = 0; states.length && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      states = await busy();
    }
    expect(states).toEqual([]);
    // The pool still serves exports, whole.
    const again = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv' });
    const [{ n } = { n: 0 }] = await app.database.sql<{ n: number }[]>`select count(*)::int as n from sites`;
    expect(again.body.trim().split('\r\n').length - 1).toBeGreaterThanOrEqual(n);
  });
});
