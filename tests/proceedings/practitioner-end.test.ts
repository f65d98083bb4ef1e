// A practitioner linked through the API may be given the date of the judgment that appointed them and of the one that
// ended the appointment (replacing them): a former appointment, shown as such on both entries and counted by no list of
// current mandates (the `mandataire` filter, the practitioner's `proceedings`), as one a BODACC notice ended. Before,
// a link written through the API could only be current. Its dates are checked as every write's (writes/dates.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;
const proceeding = 'tie-rack-en-difficulte-2020';
const citation = { source: { ...testSource, published_on: '2022-01-10' }, quote: 'Me Rousselet, remplacé en 2021' };

beforeAll(async () => {
  const started = await testApp();
  app = started.app;
  send = await writer(app, started.db);
});

const link = (body: Record<string, unknown>) =>
  send('POST', `/v1/proceedings/${proceeding}/practitioners`, {
    mandataire: 'rousselet',
    role: 'liquidateur',
    ...body,
  });

/** How a 422 on the link's facts names the appointment: its practitioner and role (a 400 on its shape names the field). */
const appointment = "the appointment of 'rousselet' in the role 'liquidateur'";

describe('a practitioner link ended through the API', () => {
  it.each([
    [
      { appointed_on: '2021-05', ended_on: '2021-03-04' },
      'ended_on',
      `${appointment}: 2021-03-04 must not be before appointed_on (2021-05)`,
    ],
    [{ ended_on: '2099-01' }, 'ended_on', `${appointment}: 2099-01 is a date to come`],
    [
      { appointed_on: '2020-13' },
      'appointed_on',
      'must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD',
    ],
    [
      { ended_on: '2023-02' },
      'ended_on',
      `${appointment}: 2023-02 is after its source 'fiches-de-test' was published (2022-01-10): a source tells what ` +
        'happened by the day it was published',
    ],
  ])('%j is refused, naming %s, and nothing is linked', async (dates, name, message) => {
    const response = await link({ ...dates, citation });
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const errors = response.json().errors as { name: string; message: string }[];
    expect(errors.map((e) => [e.name, e.message.replace(/'[^']*fiches[^']*'/, "'fiches-de-test'")])).toEqual([
      [name, message],
    ]);
    expect((await getJson(app, `/v1/proceedings/${proceeding}`)).body.practitioners).toEqual([]);
  });

  it('is a former appointment on both entries, counted by no list of current mandates', async () => {
    const response = await link({ appointed_on: '2020-02-03', ended_on: '2021-03-04', citation });
    expect(response.statusCode, response.body).toBe(204);
    const { body: shown } = await getJson(app, `/v1/proceedings/${proceeding}`);
    expect(
      shown.practitioners.map((p: Record<string, unknown>) => [p.id, p.appointed_on, p.ended_on, p.ended_notice_id]),
    ).toEqual([['rousselet', '2020-02-03', '2021-03-04', null]]);
    const { body: practitioner } = await getJson(app, '/v1/mandataires/rousselet');
    expect(practitioner.proceedings.map((p: { id: string }) => p.id)).not.toContain(proceeding);
    expect(practitioner.former_proceedings.map((p: Record<string, unknown>) => [p.id, p.ended_on])).toEqual([
      [proceeding, '2021-03-04'],
    ]);
    const current = await getJson(app, '/v1/proceedings?mandataire=rousselet&limit=100');
    expect(current.body.data.map((p: { id: string }) => p.id)).not.toContain(proceeding);
  });
});
