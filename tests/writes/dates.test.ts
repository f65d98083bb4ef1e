// Dates that cannot be true, refused by every write path (src/writes/dates.ts): a fact that happened dated after
// today (a closing, a status or a figure « as of », a judgment, a notice's publication), and an end before its start;
// partial dates compared by their whole period. Only a planned site's announced opening may be to come.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { endsBefore, isToCome } from '../../src/domain/fields.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { parseBodaccDate } from '../../src/open-data/bodacc/notices.js';
import { getJson, testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { actor } from '../setup/import.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  send = await writer(app, db, 'Tester30', 'admin');
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-dates-'));
});

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
/** The tests' own source, undated: the facts they invent are not the article's (nor dated against it). */
const ownSource = { url: 'https://example.org/plateau-dates', title: 'Dates de test', outlet: 'Exemple' };
const citations = [{ source: ownSource, quote: 'vient de déposer son bilan' }];
const citation = citations[0];
const thisYear = new Date().getUTCFullYear();
/** A year to come: `n` years after this one (on 30 November 2026, 4 is 2030, the fault's closing date). */
const inYears = (n: number) => String(thisYear + n);

/** The answer to a write refused with 422: its status, media type and the fields at fault. */
async function refused(response: Awaited<ReturnType<typeof send>>) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return { status: response.statusCode, errors: response.json().errors };
}
const at = (name: string, message: string) => ({ in: 'body', name, message });
/** A proceeding created with `fields`, cited. */
const postProceeding = (fields: Record<string, unknown>) =>
  send('POST', '/v1/proceedings', { kind: 'redressement_judiciaire', citations, ...fields });
/** A PATCH of the entry at `url` with its current ETag. */
async function patch(url: string, body: Record<string, unknown>) {
  const { headers } = await getJson(app, url);
  return send('PATCH', url, body, { 'if-match': String(headers.etag) });
}

describe('the rules of dates', () => {
  it('tells a date to come by its whole period, and an end before its start only when certainly so', () => {
    expect(isToCome(inYears(1))).toBe(true);
    expect(isToCome(String(thisYear))).toBe(false);
    expect(isToCome(new Date().toISOString().slice(0, 7))).toBe(false);
    expect(endsBefore('2016', '2017-05')).toBe(true);
    expect(endsBefore('2017-04-30', '2017-05')).toBe(true);
    expect(endsBefore('2017', '2017-05')).toBe(false);
    expect(endsBefore('2017-05', '2017')).toBe(false);
    expect(endsBefore('2017-05-01', '2017-05')).toBe(false);
  });
});

describe('a proceeding closed before it opened (fault 01)', () => {
  it('refuses the POST with 422 naming closed_on (and its dates to come)', async () => {
    const response = await postProceeding({
      company_name: 'Futur SA',
      kind: 'liquidation_judiciaire',
      date: '2099-05-01',
      closed_on: '2098-01-01',
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [
        at('date', '2099-05-01 is a date to come'),
        at('closed_on', '2098-01-01 is a date to come'),
        at('closed_on', '2098-01-01 must not be before date (2099-05-01)'),
      ],
    });
    expect((await getJson(app, '/v1/proceedings/futur-sa-liquidation-judiciaire-2099-05-01')).status).toBe(404);
  });

  it('refuses a closing before the opening in a POST, partial dates compared by their period', async () => {
    const body = { company_name: 'Passé SA', kind: 'liquidation_judiciaire', date: '2017-05-01', citations };
    expect(await refused(await send('POST', '/v1/proceedings', { ...body, closed_on: '2017-04' }))).toEqual({
      status: 422,
      errors: [at('closed_on', '2017-04 must not be before date (2017-05-01)')],
    });
    // The month of the opening may hold the closing: not certainly before it.
    const same = await send('POST', '/v1/proceedings', { ...body, date: '2017-05', closed_on: '2017-05-01' });
    expect(same.statusCode).toBe(201);
  });

  it('refuses the PATCH of a closing before the opening (2024-01-15, closed 2001-01), nothing applied', async () => {
    const created = await postProceeding({ company_name: 'Plateau Appels Test', date: '2024-01-15' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const response = await patch(`/v1/proceedings/${id}`, {
      closed_on: '2001-01',
      citations: [{ source: ownSource, quote: 'x', fields: ['closed_on'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('closed_on', '2001-01 must not be before date (2024-01-15)')],
    });
    expect(response.json().detail).toBe('closed_on: 2001-01 must not be before date (2024-01-15)');
    const after = await getJson(app, `/v1/proceedings/${id}`);
    expect([after.body.date, after.body.closed_on]).toEqual(['2024-01-15', null]);
  });
});

describe('facts dated to come (fault 03)', () => {
  const site = { commune: 'Orléans', citations };

  it.each([
    [
      'a closed site closed in 2030',
      { name: 'Test Site B', status: 'closed', closed_on: `${inYears(4)}-01-01` },
      [at('closed_on', `${inYears(4)}-01-01 is a date to come`)],
    ],
    [
      'an open site opened in 2099',
      { name: 'Test Site C', status: 'open', opened_on: '2099-01' },
      [at('opened_on', "2099-01 is a date to come: only a planned site's opening may be")],
    ],
    [
      'a status as of 2099',
      { name: 'Test Site F', status: 'open', status_as_of: '2099-01-01' },
      [at('status_as_of', '2099-01-01 is a date to come')],
    ],
    [
      'a headcount band of 2099',
      { name: 'Naf Test 4', tranche_effectifs: '22', annee_effectifs: 2099 },
      [at('annee_effectifs', '2099 is a year to come')],
    ],
    [
      'a closed site opened next year',
      { name: 'Test Site G', status: 'closed', opened_on: inYears(1), closed_on: '2017' },
      [
        at('opened_on', `${inYears(1)} is a date to come: only a planned site's opening may be`),
        at('closed_on', `2017 must not be before opened_on (${inYears(1)})`),
      ],
    ],
  ])('refuses %s with 422 naming the field', async (_, fields, errors) => {
    expect(await refused(await send('POST', '/v1/sites', { ...site, ...fields }))).toEqual({ status: 422, errors });
  });

  it("takes a planned site's announced opening to come, and refuses it once the site is said open", async () => {
    const created = await send('POST', '/v1/sites', {
      ...site,
      name: 'Test Site P',
      status: 'planned',
      opened_on: '2099-01',
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const response = await patch(`/v1/sites/${id}`, { status: 'open', citations });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('opened_on', "2099-01 is a date to come: only a planned site's opening may be")],
    });
    // This year and this month are not to come: they hold today.
    const now = new Date().toISOString().slice(0, 7);
    for (const opened_on of [String(thisYear), now]) {
      const open = await send('POST', '/v1/sites', {
        ...site,
        name: `Test Site ${opened_on}`,
        status: 'open',
        opened_on,
      });
      expect(open.statusCode, opened_on).toBe(201);
    }
  });

  it('refuses a headcount as of 2099, on sites and operators', async () => {
    for (const entry of ['sites/ipg-roubaix', 'operators/ipg']) {
      const response = await send('POST', `/v1/${entry}/headcounts`, {
        value: 10,
        kind: 'employees',
        as_of: '2099-01-01',
        citation,
      });
      expect(await refused(response), entry).toEqual({
        status: 422,
        errors: [at('as_of', '2099-01-01 is a date to come')],
      });
    }
    const { body } = await getJson(app, '/v1/sites/ipg-roubaix');
    expect(body.headcounts.some((h: { as_of: string | null }) => h.as_of === '2099-01-01')).toBe(false);
  });

  it('refuses a proceeding dated 2099', async () => {
    const response = await postProceeding({ company_name: 'Futur SA', date: '2099-05-01' });
    expect(await refused(response)).toEqual({ status: 422, errors: [at('date', '2099-05-01 is a date to come')] });
  });

  it.each([
    ['operators', { name: 'Cessée SA', ceased_on: '2099' }, [at('ceased_on', '2099 is a date to come')]],
    [
      'clubs',
      { name: 'Club futur', kind: 'cluster', member_count: 10, member_count_as_of: '2099-03', status_as_of: '2099' },
      [at('member_count_as_of', '2099-03 is a date to come'), at('status_as_of', '2099 is a date to come')],
    ],
    [
      'mandataires',
      { name: 'Étude future', kind: 'firm', directory_size: 3, directory_size_as_of: '2099-01-01' },
      [at('directory_size_as_of', '2099-01-01 is a date to come')],
    ],
    [
      'mandataires',
      { name: 'Étude ligne', kind: 'firm', hotline: { phone: '0800942564', opened_on: '2099', closed_on: '2099-02' } },
      [at('hotline.opened_on', '2099 is a date to come'), at('hotline.closed_on', '2099-02 is a date to come')],
    ],
    [
      'mandataires',
      {
        name: 'Étude ligne 2',
        kind: 'firm',
        hotline: { phone: '0800942564', opened_on: '2020-03', closed_on: '2020-02' },
      },
      [at('hotline.closed_on', '2020-02 must not be before hotline.opened_on (2020-03)')],
    ],
    [
      'mandataires',
      {
        name: 'Étude ligne 3',
        kind: 'firm',
        hotline: { phone: '0800942564', figures_from: '2099-03', figures_to: '2020-02' },
      },
      [
        at('hotline.figures_from', '2099-03 is a date to come'),
        at('hotline.figures_to', '2020-02 must not be before hotline.figures_from (2099-03)'),
      ],
    ],
  ])('refuses the dates to come of %s', async (plural, fields, errors) => {
    expect(await refused(await send('POST', `/v1/${plural}`, { ...fields, citations }))).toEqual({
      status: 422,
      errors,
    });
  });

  it('refuses a closing date to come in `npm run import`, at its line; nothing applied', async () => {
    const file = path.join(dir, 'future.csv');
    await writeFile(
      file,
      [
        'id;name;commune;status;closed_on;citation_source;citation_quote',
        `imp-l;Import L;Orléans;closed;2099-01-01;${source};vient de déposer son bilan`,
      ].join('\n'),
    );
    const importer = await kindImporter(db, findKind('sites')!);
    const summary = await runImport(db, importer, { file, format: 'csv', actor, dryRun: true });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'closed_on', message: '2099-01-01 is a date to come' }]],
    ]);
    expect(summary.created).toBe(0);
    const proceedings = path.join(dir, 'closed-before.csv');
    await writeFile(
      proceedings,
      [
        'id;company_name;kind;date;closed_on;citation_source;citation_quote',
        `imp-p;Import P;liquidation_judiciaire;2024-01-15;2001-01;${source};vient de déposer son bilan`,
      ].join('\n'),
    );
    const closedBefore = await runImport(db, await kindImporter(db, findKind('proceedings')!), {
      file: proceedings,
      format: 'csv',
      actor,
    });
    expect(closedBefore.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'closed_on', message: '2001-01 must not be before date (2024-01-15)' }]],
    ]);
    expect(closedBefore.applied).toBe(false);
  });
});

describe('facts dated after the source that states them', () => {
  // The IPG article, published on 2017-04-26.
  const article = [{ source, quote: 'vient de déposer son bilan' }];
  const laterThan = (field: string, date: string, planned = false) =>
    at(
      field,
      `${date} is after its source '${source}' was published (2017-04-26): ` +
        (planned ? "only a planned site's opening may be" : 'a source tells what happened by the day it was published'),
    );

  it.each([
    [
      'sites',
      { name: 'Tard A', commune: 'Orléans', status: 'open', opened_on: '2018-03' },
      laterThan('opened_on', '2018-03', true),
    ],
    [
      'sites',
      { name: 'Tard B', commune: 'Orléans', status: 'closed', closed_on: '2017-05' },
      laterThan('closed_on', '2017-05'),
    ],
    [
      'sites',
      { name: 'Tard C', commune: 'Orléans', status: 'open', status_as_of: '2017-04-27' },
      laterThan('status_as_of', '2017-04-27'),
    ],
    [
      'proceedings',
      { company_name: 'Tard SA', kind: 'redressement_judiciaire', date: '2019-01-15' },
      laterThan('date', '2019-01-15'),
    ],
    ['operators', { name: 'Tard Op', ceased_on: '2018' }, laterThan('ceased_on', '2018')],
    [
      'clubs',
      { name: 'Club tard', kind: 'cluster', member_count: 10, member_count_as_of: '2017-05' },
      laterThan('member_count_as_of', '2017-05'),
    ],
    [
      'mandataires',
      { name: 'Étude tard', kind: 'firm', hotline: { phone: '0800942564', opened_on: '2018' } },
      laterThan('hotline.opened_on', '2018'),
    ],
  ])('refuses on %s a date after its source was published, 422 naming the field', async (plural, fields, error) => {
    expect(await refused(await send('POST', `/v1/${plural}`, { ...fields, citations: article }))).toEqual({
      status: 422,
      errors: [error],
    });
  });

  it('takes a date whose period holds the publication, a planned opening, and a date another source gives', async () => {
    for (const [name, fields] of [
      ['Tard D', { status: 'closed', closed_on: '2017-04' }],
      ['Tard E', { status: 'closed', closed_on: '2017' }],
      ['Tard F', { status: 'planned', opened_on: '2019-06' }],
    ] as const) {
      const made = await send('POST', '/v1/sites', { name, commune: 'Orléans', ...fields, citations: article });
      expect(made.statusCode, name).toBe(201);
    }
    const twoSources = await send('POST', '/v1/sites', {
      name: 'Tard G',
      commune: 'Orléans',
      status: 'open',
      opened_on: '2019-06',
      citations: [
        { ...article[0], fields: ['name', 'commune', 'status'] },
        { source: { ...ownSource, published_on: '2020-01-10' }, quote: 'ouvert en juin 2019', fields: ['opened_on'] },
      ],
    });
    expect(twoSources.statusCode).toBe(201);
  });

  it('refuses it in a PATCH and on a headcount too, nothing applied', async () => {
    // Its closure reported with it (a closed site's status_as_of is not before its closed_on).
    const response = await patch('/v1/sites/ipg-roubaix', {
      closed_on: '2018-02',
      status_as_of: '2018-02',
      citations: article,
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [laterThan('status_as_of', '2018-02'), laterThan('closed_on', '2018-02')],
    });
    expect((await getJson(app, '/v1/sites/ipg-roubaix')).body.closed_on).not.toBe('2018-02');
    const figure = await send('POST', '/v1/sites/ipg-roubaix/headcounts', {
      value: 12,
      kind: 'employees',
      as_of: '2018-01',
      citation: { source, quote: 'Les 32 salariés d’IPG' },
    });
    expect(await refused(figure)).toEqual({ status: 422, errors: [laterThan('as_of', '2018-01')] });
    const { body } = await getJson(app, '/v1/sites/ipg-roubaix');
    expect(body.headcounts.some((h: { as_of: string | null }) => h.as_of === '2018-01')).toBe(false);
  });
});

describe('BODACC notices dated to come (faults 04 and 12)', () => {
  /** The fixture's CSV with its first notice rewritten by `change` (its line, 2, the only notice kept). */
  async function firstNotice(name: string, change: (line: string) => string) {
    const [header, first] = (await readFile('tests/fixtures/bodacc/annonces-commerciales.csv', 'utf8')).split('\n');
    const file = path.join(dir, name);
    await writeFile(file, `${header}\n${change(first!)}\n`);
    return file;
  }
  const counts = async () =>
    (
      await db.execute<{ n: number }>(sql`
        select (select count(*) from sources)::int + (select count(*) from proceedings)::int
             + (select count(*) from proceeding_notices)::int as n`)
    )[0]!.n;

  it('refuses a notice published next year at its line, nothing applied (`npm run import:bodacc`)', async () => {
    const year = inYears(1);
    const file = await firstNotice('future.csv', (line) =>
      line
        .replace(
          'A202400151101;A;Bodacc A;20240015;2024-01-24',
          `A${year}00159999;A;Bodacc A;${year}0015;${year}-06-01`,
        )
        .replace('""date"": ""2024-01-15""', `""date"": ""${year}-05-01""`),
    );
    const before = await counts();
    const run = runCli('import-bodacc.ts', [file], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toBe(`line 2: dateparution: ${year}-06-01 is a date to come\n`);
    expect(run.status).toBe(1);
    expect(await counts()).toBe(before);
  });

  it('says a publication to come is one, not « not a date »', async () => {
    const file = await firstNotice('futureparution.csv', (line) => line.replace(';2024-01-24;', ';2099-01-01;'));
    const report = await importBodacc(db, { file, actor, dryRun: true });
    expect(report.file.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ field: 'dateparution', message: '2099-01-01 is a date to come' }]],
    ]);
  });

  it('says a real judgment date after its publication is one, whatever its year', async () => {
    expect(parseBodaccDate('2099-12-31')).toBe('2099-12-31');
    for (const [written, name] of [
      ['2099-12-31', 'new-future.csv'],
      ['2024-06-01', 'new-after.csv'],
    ] as const) {
      const file = await firstNotice(name, (line) =>
        line
          .replace('A202400151101;A;Bodacc A;20240015;2024-01-24', 'A202400159999;A;Bodacc A;20240015;2024-01-24')
          .replace('""date"": ""2024-01-15""', `""date"": ""${written}""`),
      );
      const report = await importBodacc(db, { file, actor, dryRun: true });
      expect(listedLines(report).filter((l) => l.startsWith('line '))).toEqual([
        `line 2: A202400159999: jugement.date: judgment date not read: « ${written} », after its publication (2024-01-24)`,
      ]);
    }
  });
});
