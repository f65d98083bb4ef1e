// INSEE's mask `[ND]` (a value not published) is never stored as a value, whoever writes: the API's POST and PATCH,
// the batch envelope, `npm run import` and the links (a headcount's note, an officer's title) refuse it at the field,
// in the practitioners' importer's words (domain/text.ts `maskedMessage`). The fault: a site exported, its name set to
// `[ND]` and imported again, was stored, indexed and shown as named `[ND]`.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { applyWrites } from '../../src/writes/envelope.js';
import { getJson, testApp } from '../setup/app.js';
import { importFile } from '../setup/import.js';
import { importFixtures, siretOf, stockCsv } from '../setup/sirene.js';

let app: App;
let db: Db;
let key: string;
let dir: string;
const site = 'allo-nord-81234567600017';
/** The stock's own quote of the site's name, which says « ALLO NORD », never `[ND]`. */
const sireneQuote = 'SIRET 81234567600017 ; enseigne1Etablissement=« ALLO NORD »';
const masked = 'is masked ([ND]): a value not published is unknown; leave the cell empty';
const maskedWithin = "holds INSEE's mask ([ND]): a value not published is unknown, part of no value";
const article = {
  source: 'en-contact-2017-04-26-fin-de-partie-ipg',
  quote: 'IPG Contacts Services est une deuxième entité',
};

beforeAll(async () => {
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-masked-'));
  expect((await importFixtures(db, stockCsv)).rejected).toEqual([]);
});

const send = (method: 'POST' | 'PATCH', url: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload: body as object, headers: { authorization: `Bearer ${key}`, ...headers } });

const problemAt = (name: string) => ({
  status: 422,
  code: 'unprocessable',
  errors: [{ in: 'body', name, message: masked }],
});

describe('INSEE’s mask [ND] is no value', () => {
  it('is refused as a site’s name by PATCH, naming the field, and the site keeps its name', async () => {
    const detail = await getJson(app, `/v1/sites/${site}`);
    const res = await send(
      'PATCH',
      `/v1/sites/${site}`,
      { name: '[ND]', citations: [{ source: 'insee-sirene-stock-2026-05', quote: sireneQuote, fields: ['name'] }] },
      { 'if-match': detail.headers.etag as string },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject(problemAt('name'));
    expect((await getJson(app, `/v1/sites/${site}`)).body.name).toBe('ALLO NORD');
  });

  it('is refused in any text of a POST, a list item and a nested field included, case and spaces aside', async () => {
    const base = { name: 'Centre masqué', commune: 'Lille', citations: [article] };
    for (const [body, at] of [
      [{ ...base, aliases: ['Autre nom', ' [nd] '] }, 'aliases.1'],
      [{ ...base, address: '[ND]' }, 'address'],
      [{ ...base, notes: '[ND]' }, 'notes'],
    ] as const) {
      const res = await send('POST', '/v1/sites', body);
      expect(res.statusCode, at).toBe(422);
      expect(res.json(), at).toMatchObject(problemAt(at));
    }
    // Nor among other words: « SELARL [ND] » names no one (the BODACC reader's own doubt), nor any firm or operator.
    for (const [url, body] of [
      ['/v1/operators', { name: 'Opérateur [ND] Nord' }],
      ['/v1/mandataires', { name: 'SELARL [nd]', kind: 'firm' }],
    ] as const) {
      const res = await send('POST', url, { ...body, citations: [article] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().errors, url).toEqual([{ in: 'body', name: 'name', message: maskedWithin }]);
    }
  });

  it('is refused by the batch envelope, whoever calls it (an open-data import, the seed)', async () => {
    const write = applyWrites({ db, actor: { keyId: null, name: 'test' } }, siteWrites.spec, [
      { action: 'update', id: site, patch: { notes: '[ND]' }, citations: [{ ...article, fields: [] }], ifMatch: '*' },
    ]);
    await expect(write).rejects.toMatchObject({ code: 'unprocessable', errors: [{ name: 'notes', message: masked }] });
  });

  it('is refused as a headcount’s note and an officer’s title', async () => {
    const citation = { ...article, fields: [] };
    const headcount = await send('POST', `/v1/sites/${site}/headcounts`, {
      kind: 'employees',
      value: 40,
      note: '[ND]',
      citation,
    });
    expect(headcount.statusCode).toBe(422);
    expect(headcount.json()).toMatchObject(problemAt('note'));
    const clubs = (await getJson(app, '/v1/clubs?limit=1')).body.data as { id: string }[];
    const officer = await send('POST', `/v1/clubs/${clubs[0]!.id}/officers`, {
      person: { name: 'Jeanne Martin' },
      title: '[ND]',
      citation,
    });
    expect(officer.statusCode).toBe(422);
    expect(officer.json()).toMatchObject(problemAt('title'));
  });

  it('is refused at its line by npm run import (the fault: a site’s export row named [ND]), nothing applied', async () => {
    const exported = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv' });
    const [header, ...rows] = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/) as [string, ...string[]];
    const row = rows.find((r) => r.startsWith(`${site};`))!;
    const columns = header.split(';');
    const cells = row.split(';');
    cells[columns.indexOf('name')] = '[ND]';
    const file = path.join(dir, 'g-nd.csv');
    await writeFile(file, `${header}\n${cells.join(';')}\n`);
    const summary = await importFile(db, file);
    expect(summary.rejected).toEqual([
      { line: 2, errors: [{ in: 'row', name: 'name', message: masked }], raw: cells.join(';') },
    ]);
    expect(summary.updated).toBe(0);
    expect((await getJson(app, `/v1/sites/${site}`)).body.name).toBe('ALLO NORD');
  });
});

// What Sirene says is not to be published (statutDiffusion P: the fixtures' establishment 84444444800014 and legal
// unit 877777771, remembered in sirene_non_diffusible) is withheld by the imports that know it (Sirene's, the
// practitioners' list); no other writer may make a public entry under it. The fault: a firm written through the API or
// `npm run import` with such a SIRET was stored and shown.
describe('a SIRET or SIREN Sirene says is not to be published is written by no other writer', () => {
  const hiddenSiret = '84444444800014';
  const ofHiddenUnit = siretOf('877777771', '0001');
  const refusal = (name: string, said: string) => [
    { in: 'body', name, message: `is non-diffusible in Sirene (statutDiffusion P, ${said}): not to be published` },
  ];
  const stored = async () =>
    (
      await db.execute<{ n: number }>(sql`
        select ((select count(*) from mandataires where siret in (${hiddenSiret}, ${ofHiddenUnit}))
             + (select count(*) from sites where siret in (${hiddenSiret}, ${ofHiddenUnit}))
             + (select count(*) from operators where siren = '877777771'))::int as n`)
    )[0]!.n;

  it('the API refuses a firm, a site or an operator under it (POST, PATCH), naming the field; nothing stored', async () => {
    const [ids] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from sirene_non_diffusible where id in (${hiddenSiret}, '877777771')`,
    );
    expect(ids!.n).toBe(2);
    const firm = { name: 'SELARL Masquée', kind: 'firm', citations: [article] };
    const create = await send('POST', '/v1/mandataires', { ...firm, siret: '844 444 448 00014' });
    expect(create.statusCode).toBe(422);
    expect(create.json().errors).toEqual(refusal('siret', `SIRET ${hiddenSiret}`));
    const ofUnit = await send('POST', '/v1/mandataires', { ...firm, siret: ofHiddenUnit });
    expect(ofUnit.json().errors).toEqual(refusal('siret', 'SIREN 877777771'));
    const operator = await send('POST', '/v1/operators', {
      name: 'Unité Masquée',
      siren: '877777771',
      citations: [article],
    });
    expect(operator.json().errors).toEqual(refusal('siren', 'SIREN 877777771'));
    const created = await send('POST', '/v1/mandataires', { ...firm, name: 'SELARL Publiée' });
    expect(created.statusCode).toBe(201);
    const patched = await send(
      'PATCH',
      `/v1/mandataires/${created.json().id}`,
      { siret: hiddenSiret, citations: [article] },
      { 'if-match': '*' },
    );
    expect(patched.statusCode).toBe(422);
    expect(patched.json().errors).toEqual(refusal('siret', `SIRET ${hiddenSiret}`));
    const site = await send('POST', '/v1/sites', {
      name: 'Centre masqué',
      commune: 'Lille',
      siret: hiddenSiret,
      citations: [article],
    });
    expect(site.statusCode).toBe(422);
    expect(site.json().errors).toEqual(refusal('siret', `SIRET ${hiddenSiret}`));
    expect(await stored()).toBe(0);
  });

  it('npm run import refuses the row at its line, nothing applied', async () => {
    const file = path.join(dir, 'firms-hidden.csv');
    const quote = `${article.source};${article.quote}`;
    await writeFile(
      file,
      `id;name;kind;siret;citation_source;citation_quote\nselarl-masquee;SELARL Masquée;firm;${hiddenSiret};${quote}\n`,
    );
    const summary = await importFile(db, file, { plural: 'mandataires' });
    expect(summary.rejected).toEqual([
      {
        line: 2,
        errors: refusal('siret', `SIRET ${hiddenSiret}`).map((e) => ({ ...e, in: 'row' })),
        raw: expect.any(String),
      },
    ]);
    expect(await stored()).toBe(0);
  });
});
