// A citation of a public data set whose quotes are records (a Sirene stock: `column=« value »` pairs) supports a
// field only if its quote holds the field's column with the value stated (citations/records.ts, the columns of
// domain/sirene-codes.ts the import reads). The fault: a site's headcount band changed to « 12 » through `npm run
// import`, citing the stock with a quote of its name only; the detail then said 12 where the stock says 22.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { getJson, testApp } from '../setup/app.js';
import { importFile } from '../setup/import.js';
import { importFixtures, stockCsv } from '../setup/sirene.js';

let app: App;
let db: Db;
let key: string;
let dir: string;
const site = 'allo-nord-81234567600017';
const stock = 'insee-sirene-stock-2026-05';
/** A quote of the stock's record that gives the site's name, and nothing of its headcount band. */
const nameOnly = 'SIRET 81234567600017 ; enseigne1Etablissement=« ALLO NORD »';
const bandUnstated =
  "does not state tranche_effectifs « 12 »: the record gives no tranche_effectifs; a quote of the Sirene stock (insee-sirene-stock-2026-05) supports it only with the record's trancheEffectifsEtablissement=« 12 »";

beforeAll(async () => {
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-records-'));
  expect((await importFixtures(db, stockCsv)).rejected).toEqual([]);
});

const patch = async (body: unknown) => {
  const etag = (await getJson(app, `/v1/sites/${site}`)).headers.etag as string;
  return app.inject({
    method: 'PATCH',
    url: `/v1/sites/${site}`,
    payload: body as object,
    headers: { authorization: `Bearer ${key}`, 'if-match': etag },
  });
};

/** The site's band as its detail gives it: the top-level band and the bands of its dated figures. */
async function bands() {
  const { body } = await getJson(app, `/v1/sites/${site}`);
  const listed = (body.headcounts as { kind: string; tranche_effectifs?: string; as_of: string }[])
    .filter((h) => h.kind === 'tranche_effectifs')
    .map((h) => `${h.tranche_effectifs} ${h.as_of}`);
  return { top: `${body.tranche_effectifs} ${body.annee_effectifs}`, listed };
}

describe('a citation of a Sirene stock supports only what its record states', () => {
  it('refuses a band its quote does not state, through npm run import (the fault), naming the column', async () => {
    const exported = await app.inject({ method: 'GET', url: '/v1/sites/export?format=csv' });
    const [header, ...rows] = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/) as [string, ...string[]];
    const columns = header.split(';');
    const row = rows.find((r) => r.startsWith(`${site};`))!;
    // The last cell, the citations' JSON, holds « ; » in its quotes: the row's other cells are cut before it.
    const cells = row.slice(0, row.lastIndexOf(';"[{')).split(';');
    cells[columns.indexOf('tranche_effectifs')] = '12';
    cells[columns.indexOf('effectifs_min')] = '5000';
    cells.push(`"${JSON.stringify([{ source: stock, quote: nameOnly }]).replaceAll('"', '""')}"`);
    const file = path.join(dir, 'g-tranche-mismatch.csv');
    await writeFile(file, `${header}\n${cells.join(';')}\n`);
    const summary = await importFile(db, file);
    expect(summary.rejected).toEqual([
      { line: 2, errors: [{ in: 'row', name: 'citations.0.quote', message: bandUnstated }], raw: cells.join(';') },
    ]);
    expect(summary.updated).toBe(0);
    expect(await bands()).toEqual({ top: '22 2023', listed: ['22 2023'] });
  });

  it('refuses the same through PATCH, whether the citation names the field or leaves its fields to the change', async () => {
    for (const fields of [['tranche_effectifs'], []]) {
      const res = await patch({ tranche_effectifs: '12', citations: [{ source: stock, quote: nameOnly, fields }] });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ errors: [{ in: 'body', name: 'citations.0.quote', message: bandUnstated }] });
    }
    // Nor a quote stating the band the stock's record stored for the site does not give (22).
    const forged = 'SIRET 81234567600017 ; trancheEffectifsEtablissement=« 12 »';
    const contradicted = await patch({
      tranche_effectifs: '12',
      citations: [{ source: stock, quote: forged, fields: [] }],
    });
    expect(contradicted.statusCode).toBe(422);
    expect(contradicted.json().errors).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          'gives trancheEffectifsEtablissement=« 12 », where the record of insee-sirene-stock-2026-05 stored for this entry gives trancheEffectifsEtablissement=« 22 »: a quote of a data set is its record as published',
      },
    ]);
    // Nor a name the record does not give (the fault's other half: « ALLO NORD » quoted for another name).
    const renamed = await patch({
      name: 'Allo Sud',
      citations: [{ source: stock, quote: nameOnly, fields: ['name'] }],
    });
    expect(renamed.json().errors).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          'does not state name « Allo Sud »: the record gives name « ALLO NORD » (of its cells of enseigne1Etablissement, denominationUsuelleEtablissement, denominationUniteLegale, nomUniteLegale, nomUsageUniteLegale, prenom1UniteLegale, prenomUsuelUniteLegale), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      },
    ]);
    expect(await bands()).toEqual({ top: '22 2023', listed: ['22 2023'] });
  });

  it('takes a band another source states, shown beside the stock’s with its own quote', async () => {
    const quote = 'IPG Contacts Services est une deuxième entité';
    const res = await patch({
      tranche_effectifs: '12',
      citations: [{ source: 'en-contact-2017-04-26-fin-de-partie-ipg', quote, fields: [] }],
    });
    expect(res.statusCode).toBe(200);
    // The top-level band is the site's own, listed with the article's quote beside the stock's 22 of the same year.
    expect(await bands()).toEqual({ top: '12 2023', listed: ['12 2023', '22 2023'] });
  });
});
