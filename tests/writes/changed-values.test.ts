// A change's new value is supported by a citation of that change, never by the quote of the value it replaces: a
// PATCH (any kind) or an import's change stating an attribute no citation of it names is refused (422 at
// `citations`), and the quotes of the former value stop supporting (and confirming, `last_confirmed`) the attribute.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/import.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const article = 'en-contact-2017-04-26-fin-de-partie-ipg';
type Citation = { quote: string; fields: string[]; added_at: string };
const detail = async (url: string) =>
  (await getJson(app, url)).body as Record<string, unknown> & {
    citations: Citation[];
    last_confirmed: Record<string, string>;
  };
const patch = (url: string, body: object) => send('PATCH', url, body, { 'if-match': '*' });
/** The quotes supporting `field` on an entry's detail. */
const supporting = async (url: string, field: string) =>
  (await detail(url)).citations.filter((c) => c.fields.includes(field)).map((c) => c.quote);

describe('a PATCH changing an attribute', () => {
  const site = '/v1/sites/ipg-contacts-services-chartres';

  it('is refused when no citation of it supports the new value (422 naming them); nothing applied', async () => {
    const refused = await patch(site, {
      name: 'IPG Contacts Services Bourges',
      status: 'closed',
      status_as_of: '2017-04-26',
      citations: [{ source: article, quote: 'Christian Dumolin', fields: ['notes'] }],
    });
    expect(refused.statusCode).toBe(422);
    const message =
      'no citation supports name, status: name each in the fields of a citation of this change (the quotes of the ' +
      "former value do not support the new one), or leave a citation's fields empty";
    expect(refused.json()).toMatchObject({
      detail: `citations: ${message}`,
      errors: [{ in: 'body', name: 'citations', message }],
    });
    expect(await detail(site)).toMatchObject({ name: 'IPG Contacts Services Chartres', status: 'open' });
  });

  it('takes the new value under its own quote; the former value’s quote no longer supports nor confirms it', async () => {
    const before = await detail(site);
    // The seed's quote (as the article prints it, its hyphen and spaces too).
    const [seedQuote, ...others] = await supporting(site, 'name');
    expect([seedQuote?.slice(0, 45), others]).toEqual(['IPG Contacts Services est une deuxième entité', []]);
    const renamed = await patch(site, {
      name: 'IPG Chartres',
      citations: [{ source: article, quote: 'Christian Dumolin', fields: ['name'] }],
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await detail(site);
    expect(await supporting(site, 'name')).toEqual(['Christian Dumolin']);
    // The seed's quote still supports what did not change.
    expect(after.citations.find((c) => c.quote === seedQuote)?.fields).toEqual(['operator', 'commune', 'status']);
    expect(after.last_confirmed.name).not.toBe(before.last_confirmed.name);
    expect(after.last_confirmed.status).toBe(before.last_confirmed.status);
  });

  it('is supported by a citation without fields, which supports every attribute it changes', async () => {
    const closed = await patch(site, {
      status: 'closed',
      status_as_of: '2017-04-26',
      citations: [{ source: article, quote: 'Fin de partie pour le centre d’appels IPG' }],
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await supporting(site, 'status')).toEqual(['Fin de partie pour le centre d’appels IPG']);
  });

  it('of an operator (every kind goes through the envelope): the same refusal and the same hand-over', async () => {
    const operator = '/v1/operators/ipg-contacts-services';
    const refused = await patch(operator, {
      kind: 'vendor',
      citations: [{ source: article, quote: 'Christian Dumolin', fields: ['name'] }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].message).toMatch(/^no citation supports kind: name it in the fields/);
    const removed = await patch(operator, {
      description: null,
      citations: [{ source: article, quote: 'Christian Dumolin', fields: ['name'] }],
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await supporting(operator, 'description')).toEqual([]);
  });
});

describe("an import's change", () => {
  it('is refused at its line when no citation of the row supports what it changes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-changed-values-'));
    const file = path.join(dir, 'sites.jsonl');
    const cite = (fields: string[]) => [{ source: article, quote: 'Christian Dumolin', fields }];
    const rows = [
      { id: 'ipg-contacts-services-vendome', name: 'IPG Vendôme (import)', citations: cite(['status']) },
      { id: 'ipg-contacts-services-paris', name: 'IPG Paris (import)', citations: cite([]) },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const importer = await kindImporter(db, findKind('sites')!);
    const summary = await runImport(db, importer, { file, format: 'jsonl', actor, skipInvalid: true });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        1,
        [
          {
            in: 'row',
            name: 'citations',
            message:
              'no citation supports name: name it in the fields of a citation of this change (the quotes of the ' +
              "former value do not support the new one), or leave a citation's fields empty",
          },
        ],
      ],
    ]);
    expect((await detail('/v1/sites/ipg-contacts-services-vendome')).name).not.toBe('IPG Vendôme (import)');
    expect(await supporting('/v1/sites/ipg-contacts-services-paris', 'name')).toEqual(['Christian Dumolin']);
  });
});
