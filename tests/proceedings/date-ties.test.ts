// A proceeding's dates bound the facts of its own that follow its opening judgment (its `date`): a practitioner's
// appointment and its end, its notices' judgments. Fault of issue 11: `POST /v1/proceedings/{id}/practitioners` took
// `appointed_on` 1800 on a proceeding opened in 2025. Refused now through every write path, 422 naming the field and
// both dates: the link's POST, the proceeding's PATCH, `npm run import` (writes/dates.ts `beforeStart`, `afterEnd`,
// proceedings/writes.ts `movedPastItsFacts`). Its closing (`closed_on`) bounds them the other way (verify45 07), and a
// closed site's `status_as_of` is held by its opening as its `closed_on` is (verify45 06), and by its `closed_on` (a
// closure is not reported before it happened). A practitioner's `ended_on` may follow the closing (the liquidator
// renders the accounts after it; a liquidation resumed after its clôture keeps its practitioners).
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
/** How every error of the links below names their appointment: its practitioner and its role. */
const appointment = "the appointment of 'rousselet' in the role 'liquidateur'";
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

/** A liquidation judiciaire opened on `date`, closed on `closedOn` when given; its id. */
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
/** A site in Amiens (`dates`: its status and dates), created through the API. */
const closedSite = (name: string, dates: Record<string, unknown>) =>
  send('POST', '/v1/sites', { name, code_commune: '80021', ...dates, citations: [{ source, quote: 'Centre fermé' }] });
/** A site created through the API; its URL. */
async function site(name: string, dates: Record<string, unknown>) {
  const created = await closedSite(name, dates);
  expect(created.statusCode, created.body).toBe(201);
  return `/v1/sites/${created.json().id}`;
}
/**
 * The proceeding a BODACC opening judged on 10 January 2024 and published on the 24th creates (the committed export's
 * first notice, as notice `n` of the company `siren`); its URL.
 */
async function openedByNotice(n: number, siren: string) {
  const file = path.join(dir, `opening-${n}.jsonl`);
  const notice = JSON.parse(await liquidationNotice(n, siren, "Jugement d'ouverture de liquidation judiciaire."));
  const jugement = {
    ...JSON.parse(notice.jugement),
    nature: "Jugement d'ouverture de liquidation judiciaire",
    date: '2024-01-10',
  };
  await writeFile(file, `${JSON.stringify({ ...notice, jugement: JSON.stringify(jugement) })}\n`);
  await importBodacc(db, { file, actor: { keyId: null, name: 'import:bodacc test' } });
  const url = `/v1/proceedings/bodacc-a20250700170${n}`;
  expect((await getJson(app, url)).body.date).toBe('2024-01-10');
  return url;
}
/** `npm run import` of one CSV row of `kind` under `header`: its rejected rows (line, errors) and whether applied. */
async function importRow(kind: string, name: string, header: string, row: string) {
  const file = path.join(dir, `${name}.csv`);
  await writeFile(file, [header, row].join('\n'));
  const imported = await runImport(db, await kindImporter(db, findKind(kind)!), { file, format: 'csv', actor });
  return { rejected: imported.rejected.map((r) => [r.line, r.errors]), applied: imported.applied };
}
/** The id of the source an entry's first citation names. */
const sourceOf = async (url: string) => (await getJson(app, url)).body.citations[0].source_id as string;
const fields = (...names: string[]) => [{ source, quote: 'x', fields: names }];

describe("a practitioner's link against its proceeding's opening", () => {
  it.each([
    // The fault: an appointment in 1800 on a proceeding opened in 2025.
    [
      { appointed_on: '1800' },
      [at('appointed_on', `${appointment}: 1800 must not be before the proceeding's date (2025-03-12)`)],
    ],
    [
      { appointed_on: '2025-03-11', ended_on: '2025-03-12' },
      [at('appointed_on', `${appointment}: 2025-03-11 must not be before the proceeding's date (2025-03-12)`)],
    ],
    // The link's own rule first: an end before its appointment is told before the proceeding is read.
    [
      { appointed_on: '2025-03-11', ended_on: '2024' },
      [at('ended_on', `${appointment}: 2024 must not be before appointed_on (2025-03-11)`)],
    ],
    [
      { ended_on: '2025-02' },
      [at('ended_on', `${appointment}: 2025-02 must not be before the proceeding's date (2025-03-12)`)],
    ],
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

/** A write refused for the dates it ties, on an entry made for it. */
interface Refusal {
  /** Makes the entry and what it is refused against; the URL of the entry. */
  given: () => Promise<string>;
  /** The write refused. */
  write: (url: string) => ReturnType<Send>;
  /** The 422's errors, exactly. */
  errors: ReturnType<typeof at>[];
  /** A field of the entry read back after the refusal, unchanged, and its value. */
  kept: [field: string, value: unknown];
  /** What comes next on the same entry: the same refusal through `npm run import`, a date on the bound's day taken. */
  next?: (url: string) => Promise<void>;
}

const refusals: Record<string, Refusal> = {
  // Verify45 06: a site closed before it opened.
  "a site's PATCH closing it before its stored opening": {
    given: () => site('Plateau Daté Orléans', { status: 'open', opened_on: '2019-05' }),
    write: (url) => patch(url, { status: 'closed', closed_on: '2018', citations: fields('status', 'closed_on') }),
    errors: [at('closed_on', '2018 must not be before opened_on (2019-05)')],
    kept: ['status', 'open'],
  },
  "a closed site's PATCH of status_as_of before its opening": {
    given: () =>
      site('Centre Fermé Corrigé', { status: 'closed', opened_on: '2025-06-01', status_as_of: '2025-07-01' }),
    write: (url) => patch(url, { status_as_of: '2025-04-01', citations: fields('status_as_of') }),
    errors: [at('status_as_of', '2025-04-01 must not be before opened_on (2025-06-01)')],
    kept: ['status_as_of', '2025-07-01'],
  },
  // Its opening moved after the closure was reported: the same pair, named at status_as_of.
  "a closed site's PATCH of opened_on after the closure was reported": {
    given: () =>
      site('Centre Fermé Déplacé', { status: 'closed', opened_on: '2025-06-01', status_as_of: '2025-07-01' }),
    write: (url) => patch(url, { opened_on: '2025-08', citations: fields('opened_on') }),
    errors: [at('status_as_of', '2025-07-01 must not be before opened_on (2025-08)')],
    kept: ['opened_on', '2025-06-01'],
  },
  // A closure reported before it happened: the report's date against the closing's, both ways.
  "a closed site's PATCH of status_as_of before its closed_on": {
    given: () =>
      site('Centre Fermé Signalé', {
        status: 'closed',
        opened_on: '2020',
        closed_on: '2025-06-10',
        status_as_of: '2025-07-01',
      }),
    write: (url) => patch(url, { status_as_of: '2025-05-01', citations: fields('status_as_of') }),
    errors: [at('status_as_of', '2025-05-01 must not be before closed_on (2025-06-10)')],
    kept: ['status_as_of', '2025-07-01'],
    // Reported on the day it closed, or in its month: taken.
    next: async (url) => {
      const taken = await patch(url, { status_as_of: '2025-06', citations: fields('status_as_of') });
      expect(taken.statusCode, taken.body).toBe(200);
    },
  },
  "a relocated site's PATCH of closed_on after its closure was reported": {
    given: () =>
      site('Centre Déménagé Signalé', {
        status: 'relocated',
        opened_on: '2020',
        closed_on: '2025-06-10',
        status_as_of: '2025-07-01',
      }),
    write: (url) => patch(url, { closed_on: '2025-08-01', citations: fields('closed_on') }),
    errors: [at('status_as_of', '2025-07-01 must not be before closed_on (2025-08-01)')],
    kept: ['closed_on', '2025-06-10'],
  },
  // Issue 11: a proceeding's opening moved past its facts.
  "a proceeding's PATCH of date after an appointment": {
    given: async () => {
      const id = await proceeding('Appels Déplacés SAS', '2025-01-10');
      expect((await link(id, { appointed_on: '2025-01-10', citation })).statusCode).toBe(204);
      return `/v1/proceedings/${id}`;
    },
    write: (url) => patch(url, { date: '2025-06', citations: fields('date') }),
    errors: [
      at(
        'date',
        "2025-06 must not be after the appointed_on of the appointment of 'rousselet' in the role 'liquidateur' (2025-01-10)",
      ),
    ],
    kept: ['date', '2025-01-10'],
    // The same through `npm run import`: the row refused at its line, nothing applied.
    next: async (url) => {
      const id = url.split('/').at(-1);
      const imported = await importRow(
        'proceedings',
        'moved',
        'id;company_name;kind;date;citation_source;citation_quote',
        `${id};Appels Déplacés SAS;liquidation_judiciaire;2025-06;${await sourceOf(url)};liquidation judiciaire de Appels Déplacés SAS`,
      );
      const message =
        "2025-06 must not be after the appointed_on of the appointment of 'rousselet' in the role 'liquidateur' (2025-01-10)";
      expect(imported).toEqual({ rejected: [[2, [{ in: 'row', name: 'date', message }]]], applied: false });
    },
  },
  "a proceeding's PATCH of date after a current notice's judgment (a BODACC opening of 10 January 2024)": {
    given: () => openedByNotice(1, '732829320'),
    write: (url) => patch(url, { date: '2024-02-01', citations: fields('date') }),
    errors: [at('date', "2024-02-01 must not be after the judgment_date of its notice 'A202507001701' (2024-01-10)")],
    kept: ['date', '2024-01-10'],
    // Earlier stays possible: the opening judgment's date corrected before its notices.
    next: async (url) => {
      const earlier = await patch(url, { date: '2024-01-09', citations: fields('date') });
      expect(earlier.statusCode, earlier.body).toBe(200);
    },
  },
  // Verify45 07: the ties at the closing.
  'a link appointed after the closing': {
    given: async () => `/v1/proceedings/${await proceeding('Appels Clos SAS', '2025-06-24', '2025-06-25')}`,
    write: (url) => link(url.split('/').at(-1)!, { appointed_on: '2025-07-02', citation }),
    errors: [
      at('appointed_on', `${appointment}: 2025-07-02 must not be after the proceeding's closed_on (2025-06-25)`),
    ],
    kept: ['practitioners', []],
    // Appointed in the closing's month, ended after it: taken.
    next: async (url) => {
      const onTheDay = await link(url.split('/').at(-1)!, {
        appointed_on: '2025-06',
        ended_on: '2025-09-01',
        citation,
      });
      expect(onTheDay.statusCode, onTheDay.body).toBe(204);
    },
  },
  "a proceeding's PATCH of closed_on before an appointment": {
    given: async () => {
      const id = await proceeding('Appels Clôturés Tôt SAS', '2025-06-24');
      expect((await link(id, { appointed_on: '2025-07-01', citation })).statusCode).toBe(204);
      return `/v1/proceedings/${id}`;
    },
    write: (url) => patch(url, { closed_on: '2025-06-25', citations: fields('closed_on') }),
    errors: [
      at(
        'closed_on',
        "2025-06-25 must not be before the appointed_on of the appointment of 'rousselet' in the role 'liquidateur' (2025-07-01)",
      ),
    ],
    kept: ['closed_on', null],
    next: async (url) => {
      const id = url.split('/').at(-1);
      const imported = await importRow(
        'proceedings',
        'closed-early',
        'id;company_name;kind;date;closed_on;citation_source;citation_quote',
        `${id};Appels Clôturés Tôt SAS;liquidation_judiciaire;2025-06-24;2025-06-25;${await sourceOf(url)};liquidation judiciaire de Appels Clôturés Tôt SAS`,
      );
      const message =
        "2025-06-25 must not be before the appointed_on of the appointment of 'rousselet' in the role 'liquidateur' (2025-07-01)";
      expect(imported).toEqual({ rejected: [[2, [{ in: 'row', name: 'closed_on', message }]]], applied: false });
      // On the appointment's day, or in its month, the closing is taken.
      const taken = await patch(url, { closed_on: '2025-07', citations: fields('closed_on') });
      expect(taken.statusCode, taken.body).toBe(200);
    },
  },
  "a proceeding's PATCH of closed_on before a current notice's judgment (a BODACC opening of 10 January 2024)": {
    // Its opening corrected to the day before (else the closing is told before the opening first).
    given: async () => {
      const url = await openedByNotice(2, '552100554');
      const earlier = await patch(url, { date: '2024-01-09', citations: fields('date') });
      expect(earlier.statusCode, earlier.body).toBe(200);
      return url;
    },
    write: (url) => patch(url, { closed_on: '2024-01-09', citations: fields('closed_on') }),
    errors: [
      at('closed_on', "2024-01-09 must not be before the judgment_date of its notice 'A202507001702' (2024-01-10)"),
    ],
    kept: ['closed_on', null],
  },
};

describe('a write passing a date its entry or its proceeding ties', () => {
  it.each(Object.entries(refusals))(
    'refuses %s: 422 naming the field and both dates, nothing changed',
    async (_, c) => {
      const url = await c.given();
      expect(await refused(await c.write(url))).toEqual({ status: 422, errors: c.errors });
      const [field, value] = c.kept;
      expect((await getJson(app, url)).body[field]).toEqual(value);
      await c.next?.(url);
    },
  );
});

// Fault 06 of verify45: a closed site whose closure was reported (`status_as_of`, which stands for its `closed_on`)
// before it opened was stored by POST, PATCH and `npm run import`. The same rule as `closed_on` now, for a closed or
// relocated site (sites/writes.ts `siteDates`, `endsWhen`).
describe("a closed site's status_as_of against its opening", () => {
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

  it("refuses the row of `npm run import` at its line, nothing applied (the fault's file)", async () => {
    const url = await site('Centre Source Import', { status: 'open', opened_on: '2016-01' });
    const imported = await importRow(
      'sites',
      'site-asof',
      'id;name;code_commune;status;opened_on;status_as_of;citation_source;citation_quote',
      `v45-asof;Centre v45 asof;80021;closed;2016-06-01;2016-05-01;${await sourceOf(url)};Centre fermé`,
    );
    const message = '2016-05-01 must not be before opened_on (2016-06-01)';
    expect(imported).toEqual({ rejected: [[2, [{ in: 'row', name: 'status_as_of', message }]]], applied: false });
    expect((await getJson(app, '/v1/sites/v45-asof')).status).toBe(404);
  });

  it('refuses a POST and an import row of a closed site reported closed before its closed_on, at its line', async () => {
    const response = await closedSite('Centre Fermé Annoncé', {
      status: 'closed',
      opened_on: '2020',
      closed_on: '2025-06-10',
      status_as_of: '2025-05',
    });
    expect(await refused(response)).toEqual({
      status: 422,
      errors: [at('status_as_of', '2025-05 must not be before closed_on (2025-06-10)')],
    });
    const url = await site('Centre Source Annonce', { status: 'open', opened_on: '2016-01' });
    const imported = await importRow(
      'sites',
      'site-asof-closed',
      'id;name;code_commune;status;opened_on;closed_on;status_as_of;citation_source;citation_quote',
      `asof-closed;Centre annoncé;80021;closed;2016;2016-06-01;2016-05-01;${await sourceOf(url)};Centre fermé`,
    );
    const message = '2016-05-01 must not be before closed_on (2016-06-01)';
    expect(imported).toEqual({ rejected: [[2, [{ in: 'row', name: 'status_as_of', message }]]], applied: false });
    expect((await getJson(app, '/v1/sites/asof-closed')).status).toBe(404);
  });
});

describe("an appointment's end after its proceeding's closing", () => {
  it('is taken, and a closing moved before an end is taken too: the mandate may end after the closing', async () => {
    const id = await proceeding('Appels Fins Tardives SAS', '2025-06-24');
    const linked = await link(id, { appointed_on: '2025-06-24', ended_on: '2025-07-10', citation });
    expect(linked.statusCode, linked.body).toBe(204);
    const closed = await patch(`/v1/proceedings/${id}`, { closed_on: '2025-07-01', citations: fields('closed_on') });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await getJson(app, `/v1/proceedings/${id}`)).body.closed_on).toBe('2025-07-01');
  });
});

// A headcount (effectif) counted after its site closed was taken unchecked: a site closed in 2017-04 with a figure as
// of 2019. Its `closed_on` (an operator's `ceased_on`) now ends its dated facts as it holds its `status_as_of` (the
// kind's `closedBy`, sites/writes.ts): a figure added after it, a closing moved before a figure, the site's own
// band year (`annee_effectifs`) after it, each a 422 naming the field and both dates, through the API and the import.
describe("a closed site's headcounts and band year against its closing", () => {
  const figure = (url: string, as_of: string) =>
    send('POST', `${url}/headcounts`, {
      kind: 'employees',
      value: 120,
      as_of,
      citation: { source, quote: '120 salariés' },
    });
  const figures = async (url: string) =>
    (await getJson(app, url)).body.headcounts.map((h: { as_of: string | null }) => h.as_of);

  it('refuses a figure counted after the closing (the fault: 2019 on a site closed in 2017-04), takes its month', async () => {
    const url = await site('Centre Fermé Effectif', { status: 'closed', opened_on: '2010', closed_on: '2017-04' });
    expect(await refused(await figure(url, '2019'))).toEqual({
      status: 422,
      errors: [at('as_of', "2019 must not be after the site's closed_on (2017-04)")],
    });
    expect(await refused(await figure(url, '2017-05-02'))).toEqual({
      status: 422,
      errors: [at('as_of', "2017-05-02 must not be after the site's closed_on (2017-04)")],
    });
    expect(await figures(url)).toEqual([]);
    expect((await figure(url, '2017-04-30')).statusCode).toBe(201);
    expect((await figure(url, '2017')).statusCode).toBe(201);
    expect((await figures(url)).sort()).toEqual(['2017', '2017-04-30']);
  });

  it('refuses a closing moved before a figure, by PATCH and by `npm run import`, naming closed_on', async () => {
    const url = await site('Centre Effectif Puis Fermé', { status: 'open', opened_on: '2010' });
    const added = await figure(url, '2019-03');
    expect(added.statusCode, added.body).toBe(201);
    const n = added.json().headcount_id;
    const message = `2017-04 must not be before the as_of of its headcount ${n} (2019-03)`;
    const closing = { status: 'closed', closed_on: '2017-04', citations: fields('status', 'closed_on') };
    expect(await refused(await patch(url, closing))).toEqual({ status: 422, errors: [at('closed_on', message)] });
    expect((await getJson(app, url)).body.status).toBe('open');
    const id = url.split('/').at(-1);
    const imported = await importRow(
      'sites',
      'site-closed-before-figure',
      'id;name;code_commune;status;closed_on;citation_source;citation_quote',
      `${id};Centre Effectif Puis Fermé;80021;closed;2017-04;${await sourceOf(url)};Centre fermé`,
    );
    expect(imported).toEqual({ rejected: [[2, [{ in: 'row', name: 'closed_on', message }]]], applied: false });
    // Closed in the figure's month, or after: taken.
    const taken = await patch(url, { ...closing, closed_on: '2019-03-31' });
    expect(taken.statusCode, taken.body).toBe(200);
  });

  it('refuses a band year (annee_effectifs) after the closing, by POST, PATCH and `npm run import`', async () => {
    const band = { tranche_effectifs: '21', annee_effectifs: 2019 };
    const closed = { status: 'closed', opened_on: '2010', closed_on: '2017-04' };
    const message = '2019 must not be after closed_on (2017-04)';
    expect(await refused(await closedSite('Centre Fermé Tranche', { ...closed, ...band }))).toEqual({
      status: 422,
      errors: [at('annee_effectifs', message)],
    });
    const url = await site('Centre Tranche Puis Fermé', { status: 'open', opened_on: '2010', ...band });
    const closing = { ...closed, citations: fields('status', 'closed_on') };
    expect(await refused(await patch(url, closing))).toEqual({
      status: 422,
      errors: [at('annee_effectifs', message)],
    });
    const imported = await importRow(
      'sites',
      'site-band-after-closing',
      'id;name;code_commune;status;opened_on;closed_on;tranche_effectifs;annee_effectifs;citation_source;citation_quote',
      `band-after;Centre Tranche Import;80021;closed;2010;2017-04;21;2019;${await sourceOf(url)};Centre fermé`,
    );
    expect(imported).toEqual({ rejected: [[2, [{ in: 'row', name: 'annee_effectifs', message }]]], applied: false });
    expect(
      (await closedSite('Centre Fermé Tranche 2017', { ...closed, ...band, annee_effectifs: 2017 })).statusCode,
    ).toBe(201);
  });

  it("refuses an operator's figure counted after it ceased, and its cessation moved before one", async () => {
    const created = await send('POST', '/v1/operators', {
      name: 'Appels Cessés SAS',
      ceased_on: '2018-06',
      citations: [{ source, quote: 'Appels Cessés a cessé son activité' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/v1/operators/${created.json().id}`;
    const add = (as_of: string) =>
      send('POST', `${url}/headcounts`, {
        kind: 'employees',
        value: 40,
        as_of,
        citation: { source, quote: '40 salariés' },
      });
    expect(await refused(await add('2020'))).toEqual({
      status: 422,
      errors: [at('as_of', "2020 must not be after the operator's ceased_on (2018-06)")],
    });
    const added = await add('2018-01');
    expect(added.statusCode, added.body).toBe(201);
    const moved = await patch(url, { ceased_on: '2017', citations: fields('ceased_on') });
    expect(await refused(moved)).toEqual({
      status: 422,
      errors: [
        at('ceased_on', `2017 must not be before the as_of of its headcount ${added.json().headcount_id} (2018-01)`),
      ],
    });
  });
});
