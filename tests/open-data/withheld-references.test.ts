// An entry withheld from the public (a newer Sirene stock says it is not to be published) is, to every write, as to
// every read: a reference to it (a site's operator, an operator's parent, a proceeding's company or acquirer, a
// merge's survivor) is refused in the words an unknown id gets, by the API and by `npm run import`, nothing applied;
// a write of its own id answers 410 as its detail does; a create of its words is no duplicate of it. The importers
// that withhold and show entries again (Sirene) or find them by SIREN (BODACC) keep working. Against a real
// PostgreSQL.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { withheldPseudonym } from '../../src/history/read.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { facets } from '../../src/listing/facets.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { setWithheld } from '../../src/writes/withhold.js';
import { testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';
import { createOperator, createSite } from '../setup/factories.js';
import { feedCaughtUp } from '../setup/feed.js';
import { importFixtures, legalUnits, stockCsv } from '../setup/sirene.js';
import { writer } from '../setup/writer.js';

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const citations = [{ source, quote: 'IPG Contacts Services est une deuxième entité' }];
const actor = { keyId: null, name: 'test', scope: 'write' as const };

let app: App;
let db: Db;
let dir: string;
let send: Awaited<ReturnType<typeof writer>>;
/** A shown operator and site, and a withheld operator and site (the site created without an id: its words make it). */
let shownOperator: string;
let shownSite: string;
let hiddenOperator: string;
let hiddenSite: string;
/** A shown site whose operator is the withheld one. */
let namingSite: string;

beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-withheld-references-'));
  send = await writer(app, db);
  shownOperator = (await createOperator(db)).id;
  shownSite = (await createSite(db)).id;
  hiddenOperator = (await createOperator(db, { name: 'Appels Discrets' })).id;
  const created = await send('POST', '/v1/sites', {
    name: 'Plateau Discret',
    commune: 'Amiens',
    status: 'open',
    operator: hiddenOperator,
    citations,
  });
  expect(created.statusCode).toBe(201);
  hiddenSite = created.json().id;
  namingSite = (await createSite(db, { operator: hiddenOperator })).id;
  expect(hiddenSite).toBe('plateau-discret-amiens');
  await setWithheld(db, actor, operatorWrites.spec.target, [hiddenOperator], true);
  await setWithheld(db, actor, siteWrites.spec.target, [hiddenSite], true);
});

/** Every change and every row count the refused writes must leave as they were. */
async function everything() {
  const [row] = await db.execute(sql`
    select (select count(*)::int from changes) as changes, (select count(*)::int from sites) as sites,
           (select count(*)::int from operators) as operators, (select count(*)::int from proceedings) as proceedings,
           (select count(*)::int from headcounts) as headcounts`);
  return row;
}

const etag = async (url: string) => (await app.inject({ method: 'GET', url })).headers.etag as string;

describe('the API, writing with a reference to a withheld entry', () => {
  it.each([
    [
      'POST',
      '/v1/sites',
      () => ({ name: 'Plateau Neuf', commune: 'Amiens', status: 'open', operator: hiddenOperator }),
    ],
    ['POST', '/v1/operators', () => ({ name: 'Filiale Neuve', parent: hiddenOperator })],
    [
      'POST',
      '/v1/proceedings',
      () => ({ company_name: 'Société X', kind: 'redressement_judiciaire', operator: hiddenOperator }),
    ],
    [
      'POST',
      '/v1/proceedings',
      () => ({ company_name: 'Société Y', kind: 'reprise_a_la_barre', acquirer: hiddenOperator }),
    ],
    ['PATCH', '/v1/sites/:shownSite', () => ({ operator: hiddenOperator })],
    ['PATCH', '/v1/operators/:shownOperator', () => ({ parent: hiddenOperator })],
  ] as const)('%s %s refuses it as an unknown id (422), nothing applied', async (method, url, body) => {
    const path = url.replace(':shownSite', shownSite).replace(':shownOperator', shownOperator);
    const headers: Record<string, string> = method === 'PATCH' ? { 'if-match': await etag(path) } : {};
    const fields = body();
    const field = Object.keys(fields).find((k) => ['operator', 'parent', 'acquirer'].includes(k))!;
    const before = await everything();
    const withheld = await send(method, path, { ...fields, citations }, headers);
    const unknown = await send(method, path, { ...fields, [field]: 'personne-de-connu', citations }, headers);
    expect(withheld.statusCode).toBe(422);
    expect(withheld.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(withheld.json().errors).toEqual([
      { in: 'body', name: field, message: `unknown operator '${hiddenOperator}'` },
    ]);
    expect(withheld.json().detail).toBe(`${field}: unknown operator '${hiddenOperator}'`);
    // Word for word what an id that never existed gets.
    const { request_id: _a, ...answer } = withheld.json();
    const { request_id: _b, ...unknownAnswer } = unknown.json();
    expect(JSON.stringify(answer).replaceAll(hiddenOperator, 'X')).toBe(
      JSON.stringify(unknownAnswer).replaceAll('personne-de-connu', 'X'),
    );
    expect(await everything()).toEqual(before);
  });

  it('refuses a merge into a withheld entry as into an unknown one', async () => {
    const before = await everything();
    const url = `/v1/operators/${shownOperator}/merge`;
    const response = await send('POST', url, { into: hiddenOperator, citations }, { 'if-match': '*' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'into', message: `unknown operator '${hiddenOperator}'` },
    ]);
    expect(await everything()).toEqual(before);
  });

  it('creates a site of the same words as a withheld one, which is no duplicate to the public', async () => {
    const response = await send('POST', '/v1/sites', {
      name: 'Plateau Discret',
      commune: 'Amiens',
      status: 'open',
      citations,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).toBe('plateau-discret-amiens-2');
  });

  it('answers 410 to a write of the withheld entry itself, as its detail does, nothing applied', async () => {
    const detail = await app.inject({ method: 'GET', url: `/v1/operators/${hiddenOperator}` });
    expect(detail.statusCode).toBe(410);
    const said = `The operator '${hiddenOperator}' is withheld: INSEE's Sirene says it is not to be published (statutDiffusion P).`;
    expect(detail.json().detail).toBe(said);
    const siteSaid = said.replace(`operator '${hiddenOperator}'`, `site '${hiddenSite}'`);
    const before = await everything();
    const figure = {
      kind: 'employees',
      value: 25,
      as_of: '2010',
      citation: { source, quote: 'IPG Contacts Services est une deuxième entité' },
    };
    for (const [method, url, body, detailSaid] of [
      ['PATCH', `/v1/operators/${hiddenOperator}`, { name: 'Autre nom', citations }, said],
      ['DELETE', `/v1/operators/${hiddenOperator}`, undefined, said],
      ['POST', `/v1/operators/${hiddenOperator}/merge`, { into: shownOperator, citations }, said],
      ['PATCH', `/v1/sites/${hiddenSite}`, { notes: 'x', citations }, siteSaid],
      ['DELETE', `/v1/sites/${hiddenSite}`, undefined, siteSaid],
      ['POST', `/v1/sites/${hiddenSite}/headcounts`, figure, siteSaid],
      ['POST', `/v1/operators/${hiddenOperator}/headcounts`, figure, said],
    ] as const) {
      const response = await send(method, url, body, { 'if-match': '*' });
      expect([method, url, response.statusCode, response.json().detail]).toEqual([method, url, 410, detailSaid]);
    }
    expect(await everything()).toEqual(before);
  });
});

describe('writes over a reference to a withheld entry, which reads show as null', () => {
  const operatorOf = async (id: string) =>
    (await db.execute(sql`select operator_id from sites where id = ${id}`))[0]!.operator_id;

  it('keeps it when a PATCH sends null back', async () => {
    const url = `/v1/sites/${namingSite}`;
    expect((await app.inject({ method: 'GET', url })).json().operator).toBeNull();
    const response = await send('PATCH', url, { operator: null, citations }, { 'if-match': await etag(url) });
    expect(response.statusCode).toBe(200);
    expect(await operatorOf(namingSite)).toBe(hiddenOperator);
    expect((await app.inject({ method: 'GET', url })).json().operator).toBeNull();
  });

  it('keeps it when the export is imported back', async () => {
    const exported = await app.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl&code_commune=80021' });
    const row = exported.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((r) => r.id === namingSite);
    expect(row.operator).toBeNull();
    const file = path.join(dir, 'export.jsonl');
    await writeFile(file, `${JSON.stringify(row)}\n`);
    const summary = await runImport(db, await kindImporter(db, findKind('sites')!), { file, format: 'jsonl', actor });
    expect([summary.rejected, summary.applied, summary.unchanged]).toEqual([[], true, 1]);
    expect(await operatorOf(namingSite)).toBe(hiddenOperator);
  });
});

describe('the change feed, of a withheld entry', () => {
  it('says only its kind and pseudonym: a withhold event to drop a copy by, its earlier changes without data', async () => {
    const since = await feedCaughtUp(app, db, hiddenOperator);
    const page = await app.inject({ method: 'GET', url: `/v1/changes?since=${since}&limit=100` });
    const data = page.json().data as { entity_id: string }[];
    expect(JSON.stringify(data)).not.toContain(hiddenOperator);
    const its = data.filter((c) => c.entity_id === withheldPseudonym('operator', hiddenOperator));
    expect(its).toEqual([
      expect.objectContaining({ action: 'create', entity_kind: 'operator' }),
      {
        id: expect.any(Number),
        position: expect.any(Number),
        entity_kind: 'operator',
        entity_id: withheldPseudonym('operator', hiddenOperator),
        at: expect.any(String),
        action: 'withhold',
        actor: 'test',
        changed_fields: [],
        before: null,
        after: null,
        citations: [],
        merged_into: null,
      },
    ]);
    expect(its.map((c) => JSON.stringify(c))).not.toContainEqual(expect.stringContaining('Appels Discrets'));
  });
});

describe('npm run import, rows naming a withheld entry', () => {
  async function importRows(plural: string, lines: string[]) {
    const file = path.join(dir, `${plural}-${Math.random().toString(36).slice(2)}.csv`);
    await writeFile(file, `${lines.join('\n')}\n`);
    return runImport(db, await kindImporter(db, findKind(plural)!), { file, format: 'csv', actor });
  }

  it.each([
    ['sites', 'id;name;operator_id;commune;status', 'imp-site-discret;Plateau Importé;:op;Amiens;open', 'operator'],
    ['operators', 'id;name;parent_id', 'imp-filiale;Filiale Importée;:op', 'parent'],
    ['proceedings', 'id;company_name;kind;operator_id', 'imp-proc;Société Z;redressement_judiciaire;:op', 'operator'],
    ['proceedings', 'id;company_name;kind;acquirer_id', 'imp-proc;Société Z;reprise_a_la_barre;:op', 'acquirer'],
  ])('%s: refuses it at its line as an unknown id, nothing applied', async (plural, header, row, field) => {
    const before = await everything();
    const cited = (line: string) => `${line};${source};IPG Contacts Services est une deuxième entité`;
    const summary = await importRows(plural, [
      `${header};citation_source;citation_quote`,
      cited(row.replace(':op', hiddenOperator)),
    ]);
    expect(summary.applied).toBe(false);
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: field, message: `unknown operator '${hiddenOperator}'` }]],
    ]);
    expect(await everything()).toEqual(before);
  });

  it('refuses a row of a withheld id with the words of its detail, nothing applied', async () => {
    const before = await everything();
    const summary = await importRows('sites', [
      'id;notes;citation_source;citation_quote',
      `${hiddenSite};Une note;${source};IPG Contacts Services est une deuxième entité`,
    ]);
    expect(summary.applied).toBe(false);
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        2,
        [
          {
            in: 'row',
            name: 'id',
            message: `The site '${hiddenSite}' is withheld: INSEE's Sirene says it is not to be published (statutDiffusion P).`,
          },
        ],
      ],
    ]);
    expect(await everything()).toEqual(before);
  });
});

describe('the open-data importers, with withheld entries', () => {
  const antilles = 'antilles-relation-client-855555553';
  const antillesSite = 'antilles-relation-client-85555555300012';
  let other: Db;
  beforeAll(async () => {
    other = (await testDatabase()).database.db;
    await importFixtures(other, stockCsv, { stockMonth: '2026-05' });
  });
  const units = async (month: string, status: 'O' | 'P') => {
    const file = path.join(dir, `units-${month}.csv`);
    await writeFile(file, (await readFile(legalUnits, 'utf8')).replace('855555553,O,', `855555553,${status},`));
    return importFixtures(other, stockCsv, { legalUnits: file, stockMonth: month });
  };
  const withheld = async () =>
    (await other.execute(sql`select id from operators where withheld union all select id from sites where withheld`))
      .map((r) => r.id)
      .sort();

  it('Sirene shows again, in one import, an operator and its site that a stock publishes again', async () => {
    const june = await units('2026-06', 'P');
    expect(june.withheld.map((w) => w.entry)).toEqual([antilles, antillesSite]);
    expect(await withheld()).toEqual([antilles, antillesSite]);
    const july = await units('2026-07', 'O');
    expect(july.applied).toBe(true);
    expect(july.rejected).toEqual([]);
    expect(july.shownAgain.map((w) => w.entry)).toEqual([antilles, antillesSite]);
    expect(await withheld()).toEqual([]);
    const [site] = await other.execute(sql`select operator_id from sites where id = ${antillesSite}`);
    expect(site).toEqual({ operator_id: antilles });
  });

  it('BODACC, given a notice of the withheld company, leaves it out as Sirene says, and imports the rest', async () => {
    await units('2026-08', 'P');
    expect(await withheld()).toEqual([antilles, antillesSite]);
    const lines = (await readFile('tests/fixtures/bodacc/reimport-file2.csv', 'utf8')).split('\n');
    const opening = lines.find((l) => l.startsWith('A202500307001'))!;
    const file = path.join(dir, 'antilles.csv');
    await writeFile(
      file,
      `${lines[0]}\n${opening.replaceAll('912 345 600', '855 555 553').replaceAll('912345600', '855555553')}\n`,
    );
    const report = await importBodacc(other, { file, actor });
    expect(report.applied).toBe(true);
    expect([report.file.rejected, report.nonDiffusible, report.operators, report.proceedings.created]).toEqual([
      [],
      { sirens: 1, notices: 1, byEstablishment: 0 },
      { created: 0, renamed: 0 },
      0,
    ]);
    expect(await withheld()).toEqual([antilles, antillesSite]);
  });
});

describe('what names a withheld entry, by its id', () => {
  it("names it by its pseudonym in another entry's history, never by its id", async () => {
    const history = await app.inject({ method: 'GET', url: `/v1/sites/${namingSite}/history` });
    expect(history.statusCode).toBe(200);
    const [create] = history.json().data;
    expect(create.after.operator_id).toBe(withheldPseudonym('operator', hiddenOperator));
    expect(history.body).not.toContain(hiddenOperator);
  });

  it('gives no name of it to a filter naming its id (the label an active filter shows)', async () => {
    const labels = await facets.operator.labels(db, [hiddenOperator, shownOperator]);
    expect([...labels.keys()]).toEqual([shownOperator]);
  });
});

describe('an id merged into an entry withheld since', () => {
  it('answers 410, never 308 to the withheld id', async () => {
    const duplicate = (await createOperator(db, { name: 'Appels Discrets Bis' })).id;
    const survivor = (await createOperator(db, { name: 'Appels Discrets Survivant' })).id;
    const merged = await send(
      'POST',
      `/v1/operators/${duplicate}/merge`,
      { into: survivor, citations },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/v1/operators/${duplicate}` })).statusCode).toBe(308);
    await setWithheld(db, actor, operatorWrites.spec.target, [survivor], true);

    const detail = await app.inject({ method: 'GET', url: `/v1/operators/${duplicate}` });
    expect([detail.statusCode, detail.headers.location]).toEqual([410, undefined]);
    expect(detail.body).not.toContain(survivor);
    const page = await app.inject({ method: 'GET', url: `/operators/${duplicate}` });
    expect([page.statusCode, page.headers.location]).toEqual([410, undefined]);
    expect(page.body).not.toContain(survivor);
  });
});
