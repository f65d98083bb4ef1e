// A proceeding's dates bound the facts of its own that follow its opening judgment (its `date`): a practitioner's
// appointment and its end, its notices' judgments. Fault of issue 11: `POST /v1/proceedings/{id}/practitioners` took
// `appointed_on` 1800 on a proceeding opened in 2025. Refused now through every write path, 422 naming the field and
// both dates: the link's POST, the proceeding's PATCH, `npm run import` (writes/dates.ts `beforeStart`, `afterEnd`,
// proceedings/writes.ts `movedPastItsFacts`). Its closing (`closed_on`) bounds them the other way (verify45 07), and a
// closed site's `status_as_of` is held by its opening as its `closed_on` is (verify45 06).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice } from '../setup/bodacc.js';
import { actor } from '../setup/import.js';
import { type Send, writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
let dir: string;
const source = { url: 'https://example.org/plateau-date-ties', title: 'Liens datés de test', outlet: 'Exemple' };
const citation = { source, quote: 'Me Rousselet désigné' };
const at = (name: string, message: string) => ({ in: 'body', name, message });
/** The proceeding the tests link, opened on 12 March 2025. */
let opened: string;

beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db, 'Rédaction liens datés', 'admin');
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-date-ties-'));
  const created = await send('POST', '/v1/proceedings', {
    company_name: 'Appels Datés SAS',
    kind: 'liquidation_judiciaire',
    date: '2025-03-12',
    citations: [{ source, quote: 'liquidation judiciaire du 12 mars 2025' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  opened = created.json().id;
});

/** The problem's status and errors (problem+json). */
async function refused(response: Awaited<ReturnType<Send>>) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return { status: response.statusCode, errors: response.json().errors };
}
const link = (id: string, body: Record<string, unknown>) =>
  send('POST', `/v1/proceedings/${id}/practitioners`, { mandataire: 'rousselet', role: 'liquidateur', ...body });
async function patch(url: string, body: Record<string, unknown>) {
  const { headers } = await getJson(app, url);
  return send('PATCH', url, body, { 'if-match': String(headers.etag) });
}

describe("a practitioner's link against its proceeding's opening", () => {
  it.each([
    // The fault: an appointment in 1800 on a proceeding opened in 2025.
    [{ appointed_on: '1800' }, [at('appointed_on', "1800 must not be before the proceeding's date (2025-03-12)")]],
    [
      { appointed_on: '2025-03-11', ended_on: '2025-03-12' },
      [at('appointed_on', "2025-03-11 must not be before the proceeding's date (2025-03-12)")],
    ],
    // The link's own rule first: an end before its appointment is told before the proceeding is read.
    [
      { appointed_on: '2025-03-11', ended_on: '2024' },
      [at('ended_on', '2024 must not be before appointed_on (2025-03-11)')],
    ],
    [{ ended_on: '2025-02' }, [at('ended_on', "2025-02 must not be before the proceeding's date (2025-03-12)")]],
  ])('%j is a 422 naming the field and both dates, nothing linked', async (dates, errors) => {
    const response = await link(opened, { ...dates, citation });
    expect(await refused(response)).toEqual({ status: 422, errors });
    expect((await getJson(app, `/v1/proceedings/${opened}`)).body.practitioners).toEqual([]);
  });

  it('takes an appointment in the month of the opening (not certainly before it) and on its day', async () => {
    expect((await link(opened, { appointed_on: '2025-03', citation })).statusCode).toBe(204);
    expect(
      (await getJson(app, `/v1/proceedings/${opened}`)).body.practitioners.map((p: { id: string }) => p.id),
    ).toEqual(['rousselet']);
  });
});

describe("a proceeding's opening moved after its facts", () => {
  it('refuses a PATCH of date after an appointment, naming date and both dates, nothing changed', async () => {
    const created = await send('POST', '/v1/proceedings', {
      company_name: 'Appels Déplacés SAS',
      kind: 'redressement_judiciaire',
      date: '2025-01-10',
      citations: [{ source, quote: 'redressement judiciaire du 10 janvier 2025' }],
    });
    const { id } = created.json();
    expect((await link(id, { appointed_on: '2025-01-10', citation })).statusCode).toBe(204);
    const response = await patch(`/v1/proceedings/${id}`, {
      date: '2025-06',
      citations: [{ source, quote: 'x', fields: ['date'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('date', "2025-06 must not be after the appointed_on of its practitioner 'rousselet' (2025-01-10)")],
    });
    expect((await getJson(app, `/v1/proceedings/${id}`)).body.date).toBe('2025-01-10');
    // The same through `npm run import`: the row refused at its line, nothing applied.
    const sourceId = (await getJson(app, `/v1/proceedings/${id}`)).body.citations[0].source_id as string;
    const file = path.join(dir, 'moved.csv');
    await writeFile(
      file,
      [
        'id;company_name;kind;date;citation_source;citation_quote',
        `${id};Appels Déplacés SAS;redressement_judiciaire;2025-06;${sourceId};redressement judiciaire du 10 janvier 2025`,
      ].join('\n'),
    );
    const imported = await runImport(db, await kindImporter(db, findKind('proceedings')!), {
      file,
      format: 'csv',
      actor,
    });
    expect(imported.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        2,
        [
          {
            in: 'row',
            name: 'date',
            message: "2025-06 must not be after the appointed_on of its practitioner 'rousselet' (2025-01-10)",
          },
        ],
      ],
    ]);
    expect(imported.applied).toBe(false);
  });

  it("refuses a PATCH of date after a current notice's judgment (a BODACC opening of 10 January 2024)", async () => {
    const file = path.join(dir, 'opening.jsonl');
    // Judged on 10 January 2024, published on the 24th (the committed export's first notice).
    const notice = JSON.parse(
      await liquidationNotice(1, '732829320', "Jugement d'ouverture de liquidation judiciaire."),
    );
    const jugement = {
      ...JSON.parse(notice.jugement),
      nature: "Jugement d'ouverture de liquidation judiciaire",
      date: '2024-01-10',
    };
    await writeFile(file, `${JSON.stringify({ ...notice, jugement: JSON.stringify(jugement) })}\n`);
    await importBodacc(db, { file, actor: { keyId: null, name: 'import:bodacc test' } });
    const id = 'bodacc-a202507001701';
    expect((await getJson(app, `/v1/proceedings/${id}`)).body.date).toBe('2024-01-10');
    const response = await patch(`/v1/proceedings/${id}`, {
      date: '2024-02-01',
      citations: [{ source, quote: 'x', fields: ['date'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('date', "2024-02-01 must not be after the judgment_date of its notice 'A202507001701' (2024-01-10)")],
    });
    // Earlier stays possible: the opening judgment's date corrected before its notices.
    const earlier = await patch(`/v1/proceedings/${id}`, {
      date: '2024-01-09',
      citations: [{ source, quote: 'x', fields: ['date'] }],
    });
    expect(earlier.statusCode, earlier.body).toBe(200);
  });
});

describe("a site's closing against its opening, stored before", () => {
  it('refuses a PATCH closing it before it opened, naming closed_on and both dates, nothing changed', async () => {
    const created = await send('POST', '/v1/sites', {
      name: 'Plateau Daté Orléans',
      commune: 'Orléans',
      status: 'open',
      opened_on: '2019-05',
      citations: [{ source, quote: 'ouvert en mai 2019' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/v1/sites/${created.json().id}`;
    const response = await patch(url, {
      status: 'closed',
      closed_on: '2018',
      citations: [{ source, quote: 'fermé', fields: ['status', 'closed_on'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('closed_on', '2018 must not be before opened_on (2019-05)')],
    });
    expect((await getJson(app, url)).body.status).toBe('open');
  });
});

// Fault 06 of verify45: a closed site whose closure was reported (`status_as_of`, which stands for its `closed_on`)
// before it opened was stored by POST, PATCH and `npm run import`. The same rule as `closed_on` now, for a closed or
// relocated site (sites/writes.ts `siteDates`, `endsWhen`).
describe("a closed site's status_as_of against its opening", () => {
  const closedSite = (name: string, dates: Record<string, unknown>) =>
    send('POST', '/v1/sites', {
      name,
      code_commune: '80021',
      ...dates,
      citations: [{ source, quote: 'Centre fermé' }],
    });

  it.each([
    ['closed', '2025-05-01'],
    ['relocated', '2025-05'],
  ])('refuses a POST of a %s site reported so as of %s, before its opening (2025-06-01)', async (status, asOf) => {
    const response = await closedSite(`Centre Fermé Tôt ${status}`, {
      status,
      opened_on: '2025-06-01',
      status_as_of: asOf,
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('status_as_of', `${asOf} must not be before opened_on (2025-06-01)`)],
    });
  });

  it("takes an open site's status_as_of before its opening (not the date of a closure), and a closure in the opening's month", async () => {
    const open = await closedSite('Centre Ouvert Tard', {
      status: 'open',
      opened_on: '2025-06-01',
      status_as_of: '2025-05-01',
    });
    expect(open.statusCode, open.body).toBe(201);
    const closed = await closedSite('Centre Fermé Même Mois', {
      status: 'closed',
      opened_on: '2025-06-01',
      status_as_of: '2025-06',
    });
    expect(closed.statusCode, closed.body).toBe(201);
  });

  it('refuses a PATCH of status_as_of, or of opened_on, that would date the closure before the opening; nothing changed', async () => {
    const created = await closedSite('Centre Fermé Corrigé', {
      status: 'closed',
      opened_on: '2025-06-01',
      status_as_of: '2025-07-01',
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/v1/sites/${created.json().id}`;
    const response = await patch(url, {
      status_as_of: '2025-04-01',
      citations: [{ source, quote: 'fermé', fields: ['status_as_of'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('status_as_of', '2025-04-01 must not be before opened_on (2025-06-01)')],
    });
    expect((await getJson(app, url)).body.status_as_of).toBe('2025-07-01');

    // Its opening moved after the closure was reported: the same pair, named at status_as_of.
    const moved = await patch(url, {
      opened_on: '2025-08',
      citations: [{ source, quote: 'ouvert', fields: ['opened_on'] }],
    });
    expect(await refused(moved)).toEqual({
      status: 422,
      errors: [at('status_as_of', '2025-07-01 must not be before opened_on (2025-08)')],
    });
    expect((await getJson(app, url)).body.opened_on).toBe('2025-06-01');
  });

  it("refuses the row of `npm run import` at its line, nothing applied (the fault's file)", async () => {
    const created = await closedSite('Centre Source Import', { status: 'open', opened_on: '2016-01' });
    const sourceId = (await getJson(app, `/v1/sites/${created.json().id}`)).body.citations[0].source_id as string;
    const file = path.join(dir, 'site-asof.csv');
    await writeFile(
      file,
      [
        'id;name;code_commune;status;opened_on;status_as_of;citation_source;citation_quote',
        `v45-asof;Centre v45 asof;80021;closed;2016-06-01;2016-05-01;${sourceId};Centre fermé`,
      ].join('\n'),
    );
    const imported = await runImport(db, await kindImporter(db, findKind('sites')!), { file, format: 'csv', actor });
    expect(imported.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'status_as_of', message: '2016-05-01 must not be before opened_on (2016-06-01)' }]],
    ]);
    expect(imported.applied).toBe(false);
    expect((await getJson(app, '/v1/sites/v45-asof')).status).toBe(404);
  });
});

// Fault 07 of verify45: the ties stopped at the opening. A practitioner appointed after the proceeding's closing
// (`closed_on`) was linked, and `closed_on` could be moved before existing appointments (proceedings/practitioners.ts
// `afterEnd`, proceedings/writes.ts `movedPastItsFacts`).
describe("a proceeding's closing against its practitioners and notices", () => {
  async function proceeding(name: string, date: string, closedOn?: string) {
    const created = await send('POST', '/v1/proceedings', {
      company_name: name,
      kind: 'liquidation_judiciaire',
      date,
      ...(closedOn ? { closed_on: closedOn } : {}),
      citations: [{ source, quote: `liquidation judiciaire de ${name}` }],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }

  it('refuses a link appointed after the closing, naming appointed_on and both dates; takes one on its day and an end after it', async () => {
    const id = await proceeding('Appels Clos SAS', '2025-06-24', '2025-06-25');
    const response = await link(id, { appointed_on: '2025-07-02', citation });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('appointed_on', "2025-07-02 must not be after the proceeding's closed_on (2025-06-25)")],
    });
    expect((await getJson(app, `/v1/proceedings/${id}`)).body.practitioners).toEqual([]);
    const onTheDay = await link(id, { appointed_on: '2025-06', ended_on: '2025-09-01', citation });
    expect(onTheDay.statusCode, onTheDay.body).toBe(204);
  });

  it('refuses a PATCH (and an import row) of closed_on before an appointment, naming the latest; nothing changed', async () => {
    const id = await proceeding('Appels Clôturés Tôt SAS', '2025-06-24');
    expect((await link(id, { appointed_on: '2025-07-01', citation })).statusCode).toBe(204);
    const response = await patch(`/v1/proceedings/${id}`, {
      closed_on: '2025-06-25',
      citations: [{ source, quote: 'clôture', fields: ['closed_on'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [
        at('closed_on', "2025-06-25 must not be before the appointed_on of its practitioner 'rousselet' (2025-07-01)"),
      ],
    });
    expect((await getJson(app, `/v1/proceedings/${id}`)).body.closed_on).toBeNull();
    const sourceId = (await getJson(app, `/v1/proceedings/${id}`)).body.citations[0].source_id as string;
    const file = path.join(dir, 'closed-early.csv');
    await writeFile(
      file,
      [
        'id;company_name;kind;date;closed_on;citation_source;citation_quote',
        `${id};Appels Clôturés Tôt SAS;liquidation_judiciaire;2025-06-24;2025-06-25;${sourceId};liquidation judiciaire de Appels Clôturés Tôt SAS`,
      ].join('\n'),
    );
    const imported = await runImport(db, await kindImporter(db, findKind('proceedings')!), {
      file,
      format: 'csv',
      actor,
    });
    expect(imported.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        2,
        [
          {
            in: 'row',
            name: 'closed_on',
            message: "2025-06-25 must not be before the appointed_on of its practitioner 'rousselet' (2025-07-01)",
          },
        ],
      ],
    ]);
    expect(imported.applied).toBe(false);
    // On the appointment's day, or in its month, the closing is taken.
    const taken = await patch(`/v1/proceedings/${id}`, {
      closed_on: '2025-07',
      citations: [{ source, quote: 'clôture', fields: ['closed_on'] }],
    });
    expect(taken.statusCode, taken.body).toBe(200);
  });

  it("refuses a PATCH of closed_on before a current notice's judgment (a BODACC opening of 10 January 2024)", async () => {
    const id = 'bodacc-a202507001701';
    const response = await patch(`/v1/proceedings/${id}`, {
      closed_on: '2024-01-09',
      citations: [{ source, quote: 'x', fields: ['closed_on'] }],
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [
        at('closed_on', "2024-01-09 must not be before the judgment_date of its notice 'A202507001701' (2024-01-10)"),
      ],
    });
  });
});
