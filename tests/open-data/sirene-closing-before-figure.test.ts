// A stock closing an establishment (a legal unit ceasing) on a date before a headcount figure an article gave the
// entry (closed on 2021-06-01, 140 employees as of 2023): the establishment is imported all the same, closed with
// Sirene's date and citation; the figure stays the article's dated fact; the conflict is listed in `disagreements`
// with both dates and both sources. Re-importing changes nothing; a dry run reports alike. The API keeps its 422.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importFixtures, importState, legalUnits, writeEditedStock } from '../setup/sirene.js';
import { anyVersion, type Send, testWriter } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
let dir: string;
beforeAll(async () => {
  ({ app, db, send } = await testWriter());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-closing-figure-'));
});

const site = 'coriolis-service-amiens';
const amiens = '81234567600025';
const siren = '812345676';
const article = {
  source: {
    url: 'https://x.example/amiens-2024',
    title: 'Le centre d’Amiens',
    outlet: 'O',
    published_on: '2024-02-01',
  },
  quote: 'q',
};
const stock = 'insee-sirene-stock-2026-05';

const closingDisagreements = (r: { disagreements: object[] }) => r.disagreements.filter((d) => 'headcount' in d);
const figuresOf = (column: 'site_id' | 'operator_id', id: string) =>
  db.execute(sql`select id, kind, value, as_of, source_id from headcounts where ${sql.identifier(column)} = ${id}`);

describe('a closure Sirene dates before an article’s headcount figure', () => {
  let figure: number;
  let articleSource: string;
  let closing: string;
  beforeAll(async () => {
    const patched = await send(
      'PATCH',
      `/v1/sites/${site}`,
      { siret: amiens, citations: [{ ...article, fields: ['siret'] }] },
      anyVersion,
    );
    expect(patched.statusCode).toBe(200);
    const added = await send('POST', `/v1/sites/${site}/headcounts`, {
      kind: 'employees',
      value: 140,
      as_of: '2023',
      citation: article,
    });
    expect(added.statusCode).toBe(201);
    figure = added.json().headcount_id;
    articleSource = ((await figuresOf('site_id', site)) as unknown as { source_id: string }[])[0]!.source_id;
    closing = await writeEditedStock(path.join(dir, 'may.csv'), null, {
      [amiens]: { etatAdministratifEtablissement: 'F', dateDebut: '2021-06-01', anneeEffectifsEtablissement: '2020' },
    });
  });

  it('closes the site as Sirene says, keeps the figure, lists both; a dry run alike, re-import changes nothing', async () => {
    const before = await importState(db);
    const dry = await importFixtures(db, closing, { dryRun: true });
    expect(await importState(db)).toEqual(before);
    const report = await importFixtures(db, closing);
    const entry = {
      file: 'may.csv',
      line: 3,
      kind: 'site',
      entry: site,
      field: 'closed_on',
      plateau: '2023',
      sirene: '2021-06-01',
      headcount: figure,
      sources: { plateau: articleSource, sirene: stock },
    };
    for (const r of [dry, report]) {
      expect(r.rejected).toEqual([]);
      expect(closingDisagreements(r)).toEqual([entry]);
      expect(r.sites).toEqual(report.sites);
    }
    const [stored] = await db.execute(sql`select status, closed_on, siret from sites where id = ${site}`);
    expect(stored).toEqual({ status: 'closed', closed_on: '2021-06-01', siret: amiens });
    expect(await figuresOf('site_id', site)).toEqual([
      { id: figure, kind: 'employees', value: 140, as_of: '2023', source_id: articleSource },
    ]);
    const [cited] = await db.execute<{ fields: string[] }>(
      sql`select fields from citations where site_id = ${site} and source_id = ${stock}`,
    );
    expect(cited!.fields).toEqual(expect.arrayContaining(['status', 'closed_on']));

    const again = await importState(db);
    const reimport = await importFixtures(db, closing);
    expect(await importState(db)).toEqual(again);
    expect(reimport.sites.created + reimport.sites.updated).toBe(0);
    expect(closingDisagreements(reimport)).toEqual([entry]);
  });

  it('the API still refuses a closing moved before the figure (422 naming closed_on), nothing changed', async () => {
    const response = await send(
      'PATCH',
      `/v1/sites/${site}`,
      { closed_on: '2021-05-01', citations: [{ ...article, fields: ['closed_on'] }] },
      anyVersion,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      {
        in: 'body',
        name: 'closed_on',
        message: `2021-05-01 must not be before the as_of of its headcount ${figure} (2023)`,
      },
    ]);
    const [stored] = await db.execute(sql`select closed_on from sites where id = ${site}`);
    expect(stored).toEqual({ closed_on: '2021-06-01' });
  });

  it('a legal unit ceasing before its operator’s figure: ceased as Sirene says, the figure kept, both listed', async () => {
    const operator = (await db.execute<{ id: string }>(sql`select id from operators where siren = ${siren}`))[0]!.id;
    const added = await send('POST', `/v1/operators/${operator}/headcounts`, {
      kind: 'employees',
      value: 900,
      as_of: '2023',
      citation: article,
    });
    expect(added.statusCode).toBe(201);
    const operatorFigure = added.json().headcount_id as number;
    const header = (await readFile(legalUnits, 'utf8')).split('\n', 1)[0]!.split(',');
    const units = (await readFile(legalUnits, 'utf8'))
      .split('\n')
      .map((line) =>
        line.startsWith(`${siren},`)
          ? line
              .split(',')
              .map((cell, i) =>
                header[i] === 'etatAdministratifUniteLegale' ? 'C' : header[i] === 'dateDebut' ? '2021-06-01' : cell,
              )
              .join(',')
          : line,
      )
      .join('\n');
    const ceased = path.join(dir, 'units.csv');
    await writeFile(ceased, units);
    const before = await importState(db);
    const dry = await importFixtures(db, closing, { legalUnits: ceased, dryRun: true });
    expect(await importState(db)).toEqual(before);
    const report = await importFixtures(db, closing, { legalUnits: ceased });
    for (const r of [dry, report]) {
      expect(r.rejected).toEqual([]);
      expect(closingDisagreements(r)).toEqual([
        {
          file: 'units.csv',
          line: 2,
          kind: 'operator',
          entry: operator,
          field: 'ceased_on',
          plateau: '2023',
          sirene: '2021-06-01',
          headcount: operatorFigure,
          sources: { plateau: articleSource, sirene: stock },
        },
        {
          file: 'may.csv',
          line: 3,
          kind: 'site',
          entry: site,
          field: 'closed_on',
          plateau: '2023',
          sirene: '2021-06-01',
          headcount: figure,
          sources: { plateau: articleSource, sirene: stock },
        },
      ]);
    }
    const [stored] = await db.execute(
      sql`select administrative_status, ceased_on from operators where id = ${operator}`,
    );
    expect(stored).toEqual({ administrative_status: 'ceased', ceased_on: '2021-06-01' });
    expect(await figuresOf('operator_id', operator)).toEqual([
      { id: operatorFigure, kind: 'employees', value: 900, as_of: '2023', source_id: articleSource },
    ]);
    const again = await importState(db);
    await importFixtures(db, closing, { legalUnits: ceased });
    expect(await importState(db)).toEqual(again);
    expect((await app.inject({ url: `/v1/operators/${operator}` })).statusCode).toBe(200);
  });
});
