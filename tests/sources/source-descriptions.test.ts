// A new source as a writer describes it, through the API and `npm run import` alike: dated as precisely as it is
// published (`2017`, `2017-04`, `2017-04-26`), its URL compared as RFC 3986 compares URLs (escapes of unreserved
// characters decoded, dot segments, default ports) and never stored with credentials.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { normalisedUrl } from '../../src/citations/input.js';
import type { Db } from '../../src/db/client.js';
import { partialDatePattern } from '../../src/domain/vocabulary.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { testApp } from '../setup/app.js';
import { actor } from '../setup/import.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-source-descriptions-'));
});

const quote = 'les mots exacts de la source';
const operator = (name: string, source: unknown) => ({ name, kind: 'vendor', citations: [{ source, quote }] });
const storedSource = async (url: string) =>
  (
    await db.execute<{ id: string; url: string; published_on: string | null }>(
      sql`select id, url, published_on from sources where url = ${url}`,
    )
  ).map((r) => ({ ...r }));

/** `npm run import`'s path, in process: a JSON lines file of operators. */
async function importOperators(name: string, rows: object[]) {
  const file = path.join(dir, `${name}.jsonl`);
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  return runImport(db, await kindImporter(db, findKind('operators')!), { file, format: 'jsonl', actor });
}

describe("a new source's date, as precise as the source is dated", () => {
  it('takes a month and a year through the API, stored as given', async () => {
    const month = { url: 'https://x.example/pm', title: 'Le mensuel d’avril', outlet: 'O', published_on: '2017-04' };
    const created = await send('POST', '/v1/operators', operator('Src pm', month));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().citations[0]).toMatchObject({ source_id: 'o-2017-04-le-mensuel-davril' });
    expect(await storedSource('https://x.example/pm')).toEqual([
      { id: 'o-2017-04-le-mensuel-davril', url: 'https://x.example/pm', published_on: '2017-04' },
    ]);
    const year = { url: 'https://x.example/rapport', title: 'Rapport annuel', outlet: 'O', published_on: '2017' };
    const yearly = await send('POST', '/v1/operators', operator('Src year', year));
    expect(yearly.statusCode, yearly.body).toBe(201);
    expect((await storedSource('https://x.example/rapport'))[0]?.published_on).toBe('2017');
  });

  it('refuses a date the calendar lacks (400) and a period to come (422)', async () => {
    const bad = { url: 'https://x.example/bad', title: 'Mauvais', outlet: 'O', published_on: '2017-02-30' };
    const refused = await send('POST', '/v1/operators', operator('Src bad', bad));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { in: 'body', name: 'citations.0.source.published_on', message: "'2017-02-30' is not a date of the calendar" },
    ]);
    const future = { url: 'https://x.example/future', title: 'Futur', outlet: 'O', published_on: '2027' };
    const toCome = await send('POST', '/v1/operators', operator('Src future', future));
    expect(toCome.statusCode).toBe(422);
    expect(toCome.json().errors).toEqual([
      { in: 'body', name: 'citations.0.source.published_on', message: '2027 is a date to come' },
    ]);
  });

  it('takes a month through npm run import', async () => {
    const source = {
      url: 'https://x.example/import-pm',
      title: 'Import mensuel',
      outlet: 'O',
      published_on: '2016-05',
    };
    const summary = await importOperators('month', [
      { id: 'src-import-pm', name: 'Src import pm', kind: 'vendor', citations: [{ source, quote }] },
    ]);
    expect(summary.rejected).toEqual([]);
    expect(summary.applied).toBe(true);
    expect((await storedSource('https://x.example/import-pm'))[0]?.published_on).toBe('2016-05');
  });

  it('says so in the API document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const publishedOn = document.components.schemas.NewSourceInput.properties.published_on;
    expect(publishedOn.anyOf).toEqual([{ type: 'string', pattern: partialDatePattern.source }, { type: 'null' }]);
  });
});

describe("a new source's URL", () => {
  it('is compared as RFC 3986 compares URLs', () => {
    expect(normalisedUrl('https://x.example/%7Egeo')).toBe('https://x.example/~geo');
    expect(normalisedUrl('https://x.example/%7egeo/%c3%a9t%C3%A9?q=%7e%2f')).toBe(
      'https://x.example/~geo/%C3%A9t%C3%A9?q=~%2F',
    );
    expect(normalisedUrl('HTTPS://X.Example:443/a/b/../%41c/')).toBe('https://x.example/a/Ac');
    expect(normalisedUrl('http://x.example:80/./a#part')).toBe('http://x.example/a');
  });

  it('makes one source of %7E and ~, through the API', async () => {
    const tilde = { url: 'https://x.example/%7Egeo', title: 'Tilde', outlet: 'O' };
    expect((await send('POST', '/v1/operators', operator('Src tilde', tilde))).statusCode).toBe(201);
    const again = await send(
      'POST',
      '/v1/operators',
      operator('Src tilde2', { ...tilde, url: 'https://x.example/~geo' }),
    );
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().citations[0].source_id).toBe('o-tilde');
    const spelled = await db.execute(sql`select id, url from sources where url ilike 'https://x.example/%geo'`);
    expect(spelled.map((r) => ({ ...r }))).toEqual([{ id: 'o-tilde', url: 'https://x.example/~geo' }]);
  });

  it('refuses credentials (422 naming the URL), in the API, a link and an import; nothing stored', async () => {
    const secret = { url: 'https://user:pw@x.example/geo', title: 'Geo', outlet: 'O' };
    const message = 'must not hold a user name or password (`user:pw@`): give the address as the public reads it';
    const refused = await send('POST', '/v1/operators', operator('Src secret', secret));
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      detail: `citations.0.source.url: ${message}`,
      errors: [{ in: 'body', name: 'citations.0.source.url', message }],
    });
    const link = await send('POST', '/v1/sites/ipg-roubaix/headcounts', {
      kind: 'employees',
      value: 12,
      as_of: '2017-04',
      citation: { source: { ...secret, url: 'https://user@x.example/geo' }, quote },
    });
    expect(link.statusCode).toBe(422);
    expect(link.json().errors).toEqual([{ in: 'body', name: 'citation.source.url', message }]);
    const summary = await importOperators('secret', [
      { id: 'src-import-secret', name: 'Src import secret', kind: 'vendor', citations: [{ source: secret, quote }] },
    ]).catch((error: unknown) => error);
    expect((summary as Error).message).toBe(`line 1: citations.0.source.url: ${message}`);
    expect((await db.execute(sql`select 1 from sources where url like '%@x.example%'`)).length).toBe(0);
    expect((await db.execute(sql`select 1 from operators where id = 'src-import-secret'`)).length).toBe(0);
  });

  it('stored before this rule, loses its credentials and its escapes of unreserved characters (migration 0032)', async () => {
    await db.execute(sql`insert into sources (id, title, url) values
      ('old-secret', 'Old', 'https://user:pw@old.example/geo'),
      ('old-tilde', 'Old tilde', 'https://old.example/%7etilde/%c3%a9t%C3%A9?q=%41%2f')`);
    const migration = await readFile(
      'migrations/0032_source_urls_without_credentials_and_unreserved_escapes.sql',
      'utf8',
    );
    await db.execute(sql.raw(migration));
    const urls = await db.execute<{ id: string; url: string }>(
      sql`select id, url from sources where id like 'old-%' order by id`,
    );
    expect(urls.map((r) => [r.id, r.url])).toEqual([
      ['old-secret', 'https://old.example/geo'],
      ['old-tilde', 'https://old.example/~tilde/%C3%A9t%C3%A9?q=A%2F'],
    ]);
    const again = await send(
      'POST',
      '/v1/operators',
      operator('Src old tilde', {
        url: 'https://old.example/~tilde/%C3%A9t%C3%A9?q=A%2f',
        title: 'Old tilde',
        outlet: 'O',
      }),
    );
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().citations[0].source_id).toBe('old-tilde');
  });
});
