// A proceeding's dates bound the facts of its own that follow its opening judgment (its `date`): a practitioner's
// appointment and its end, its notices' judgments. Fault of issue 11: `POST /v1/proceedings/{id}/practitioners` took
// `appointed_on` 1800 on a proceeding opened in 2025. Refused now through every write path, 422 naming the field and
// both dates: the link's POST, the proceeding's PATCH, `npm run import` (writes/dates.ts `beforeStart`,
// proceedings/writes.ts `openedAfterItsFacts`).
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
