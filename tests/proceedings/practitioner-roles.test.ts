// A practitioner's role is one of the vocabulary the `role` filter of /v1/mandataires takes (liquidateur,
// mandataire_judiciaire, administrateur_judiciaire, commissaire_execution_plan) or null: « pilote » and « Liquidateur »
// were taken as free text, and the `role` facet then offered values its filter refused (a 400 page); and a court is
// one the `tribunal` filter can read.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;
const citation = { source: testSource, quote: 'Une fiche de test' };
const vocabulary = 'liquidateur, mandataire_judiciaire, administrateur_judiciaire, commissaire_execution_plan';

beforeAll(async () => {
  const started = await testApp();
  app = started.app;
  send = await writer(app, started.db);
});

describe("a practitioner's role", () => {
  it.each([['pilote'], ['Liquidateur ']])('%j is refused, naming role', async (role) => {
    const response = await send('POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', {
      mandataire: 'abitbol',
      role,
      citation,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'role', message: `'${role}' is not one of ${vocabulary}` },
    ]);
    expect((await getJson(app, '/v1/proceedings/mavic-en-difficulte-2020')).body.practitioners).toEqual([]);
  });

  it('of the vocabulary, or null, is linked and found by the role filter', async () => {
    const link = (proceeding: string, mandataire: string, role: string | null) =>
      send('POST', `/v1/proceedings/${proceeding}/practitioners`, { mandataire, role, citation });
    expect((await link('tie-rack-en-difficulte-2020', 'rousselet', 'liquidateur')).statusCode).toBe(204);
    expect((await link('mavic-en-difficulte-2020', 'abitbol', null)).statusCode).toBe(204);
    const found = await getJson(app, '/v1/mandataires?role=liquidateur&limit=100');
    expect(found.body.data.map((m: { id: string }) => m.id)).toContain('rousselet');
  });
});

describe("a proceeding's court", () => {
  it('naming nothing a filter can read is refused, naming court', async () => {
    const response = await send('POST', '/v1/proceedings', {
      company_name: 'Nulle Part',
      kind: 'sauvegarde',
      court: '…',
      citations: [citation],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'body', name: 'court', message: 'must name a court or its place' }]);
  });

  it('written as its place alone is found by the tribunal filter with its own words', async () => {
    const created = await send('POST', '/v1/proceedings', {
      company_name: 'Cour De Paris',
      kind: 'sauvegarde',
      court: 'Paris',
      citations: [citation],
    });
    expect(created.statusCode).toBe(201);
    const found = await getJson(app, '/v1/proceedings?tribunal=Paris&limit=100');
    expect(found.body.data.map((p: { id: string }) => p.id)).toContain(created.json().id);
  });
});

// Issue 11: a practitioner appointed twice in one proceeding under two roles (mandataire judiciaire at the opening,
// liquidateur at the conversion) keeps both appointments; the key was the proceeding and practitioner alone, so the
// second role was refused (409) and a merge of two practitioners so appointed dropped one of them.
describe("one practitioner's appointments in two roles", () => {
  const proceeding = 'presstalis-en-difficulte-2020';
  const appoint = (mandataire: string, role: string | null, appointed_on: string | null = null) =>
    send('POST', `/v1/proceedings/${proceeding}/practitioners`, { mandataire, role, appointed_on, citation });
  const appointments = async (id = proceeding) =>
    (await getJson(app, `/v1/proceedings/${id}`)).body.practitioners.map(
      (p: { id: string; role: string | null; appointed_on: string | null }) => [p.id, p.role, p.appointed_on],
    );

  it('appoints the same practitioner under two roles, and refuses the same role twice with a 409', async () => {
    expect((await appoint('rousselet', 'mandataire_judiciaire', '2020-05')).statusCode).toBe(204);
    expect((await appoint('rousselet', 'liquidateur', '2020-06')).statusCode).toBe(204);
    const again = await appoint('rousselet', 'liquidateur', '2020-06');
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(again.json()).toEqual({
      type: '/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail:
        `'rousselet' is already appointed in the role 'liquidateur' in the proceeding '${proceeding}': an ` +
        'appointment is linked once per role.',
      instance: `/v1/proceedings/${proceeding}/practitioners`,
      code: 'conflict',
      request_id: expect.any(String),
    });
    expect((await appoint('rousselet', null)).statusCode).toBe(204);
    expect((await appoint('rousselet', null)).json().detail).toBe(
      `'rousselet' is already appointed in an unknown role in the proceeding '${proceeding}': an appointment is ` +
        'linked once per role.',
    );
    expect(await appointments()).toEqual([
      ['rousselet', 'mandataire_judiciaire', '2020-05'],
      ['rousselet', 'liquidateur', '2020-06'],
      ['rousselet', null, null],
    ]);
  });

  it('lists the proceeding under both roles in the practitioner entry, once in the lists it filters', async () => {
    const { body } = await getJson(app, '/v1/mandataires/rousselet');
    const here = body.proceedings.filter((p: { id: string }) => p.id === proceeding);
    expect(here.map((p: { role: string | null }) => p.role)).toEqual(['liquidateur', 'mandataire_judiciaire', null]);
    const listed = await getJson(app, '/v1/proceedings?mandataire=rousselet&limit=100');
    expect(listed.body.data.filter((p: { id: string }) => p.id === proceeding)).toHaveLength(1);
    expect(body.proceedings_total).toBe(listed.body.data.length);
    for (const role of ['liquidateur', 'mandataire_judiciaire']) {
      const found = await getJson(app, `/v1/mandataires?role=${role}&limit=100`);
      expect(
        found.body.data.filter((m: { id: string }) => m.id === 'rousselet'),
        role,
      ).toHaveLength(1);
    }
  });

  // The fault: `?role=` could not name the appointment whose role is unknown (null) alone, and a DELETE without it
  // unlinked every appointment at once. `unknown` names it (declared once: AppointmentRole in the OpenAPI document); a
  // role held by none of their appointments is a 404 naming `role`; no role while several are held, a 409 naming it.
  it('unlinks one appointment with ?role= (unknown: the one of unknown role), refusing a role not held and none among several', async () => {
    const url = `/v1/proceedings/${proceeding}/practitioners/rousselet`;
    const problem = (status: number, title: string, code: string, detail: string, errors: unknown[], query = '') => ({
      type: `/problems/${code}`,
      title,
      status,
      detail,
      instance: `${url}${query}`,
      code,
      request_id: expect.any(String),
      errors,
    });
    expect((await send('DELETE', `${url}?role=liquidateur`)).statusCode).toBe(204);
    const gone = await send('DELETE', `${url}?role=liquidateur`);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(gone.json()).toEqual(
      problem(
        404,
        'Not found',
        'not_found',
        `'rousselet' is not appointed in the role 'liquidateur' in the proceeding '${proceeding}'.`,
        [
          {
            in: 'query',
            name: 'role',
            message:
              `'liquidateur' matches none of their appointments: 'rousselet' holds 2 appointments in the proceeding ` +
              `'${proceeding}': mandataire_judiciaire, unknown`,
          },
        ],
        '?role=liquidateur',
      ),
    );
    expect(await appointments()).toEqual([
      ['rousselet', 'mandataire_judiciaire', '2020-05'],
      ['rousselet', null, null],
    ]);
    const bad = await send('DELETE', `${url}?role=pilote`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { in: 'query', name: 'role', message: `'pilote' is not one of ${vocabulary}, unknown` },
    ]);
    const ambiguous = await send('DELETE', url);
    expect(ambiguous.statusCode).toBe(409);
    const held = `'rousselet' holds 2 appointments in the proceeding '${proceeding}': mandataire_judiciaire, unknown`;
    const message = `is required: ${held}; name the one to unlink`;
    expect(ambiguous.json()).toEqual(
      problem(409, 'Conflict', 'conflict', `role: ${message}.`, [{ in: 'query', name: 'role', message }]),
    );
    expect(await appointments()).toHaveLength(2);
    expect((await send('DELETE', `${url}?role=unknown`)).statusCode).toBe(204);
    expect(await appointments()).toEqual([['rousselet', 'mandataire_judiciaire', '2020-05']]);
    expect((await send('DELETE', `${url}?role=unknown`)).json().errors).toEqual([
      {
        in: 'query',
        name: 'role',
        message:
          `'unknown' matches none of their appointments: 'rousselet' holds 1 appointment in the proceeding ` +
          `'${proceeding}': mandataire_judiciaire`,
      },
    ]);
    // Their only appointment left: unlinked without a role.
    expect((await send('DELETE', url)).statusCode).toBe(204);
    expect(await appointments()).toEqual([]);
    const none = await send('DELETE', url);
    expect(none.json()).toEqual(
      problem(404, 'Not found', 'not_found', `'rousselet' is not appointed in the proceeding '${proceeding}'.`, [
        { in: 'path', name: 'mandataire', message: `holds no appointment in the proceeding '${proceeding}'` },
      ]),
    );
    const history = await getJson(app, `/v1/proceedings/${proceeding}/history`);
    expect(history.status).toBe(200);
  });

  it('keeps both roles when the practitioner holding one is merged into the one holding the other', async () => {
    const made = async (name: string) => {
      const response = await send('POST', '/v1/mandataires', {
        name,
        kind: 'practitioner',
        profession: 'mandataire_judiciaire',
        citations: [citation],
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    const [kept, duplicate] = [await made('Maître Double Un'), await made('Maître Double Deux')];
    const other = 'novares-en-difficulte-2020';
    const link = (mandataire: string, role: string) =>
      send('POST', `/v1/proceedings/${other}/practitioners`, { mandataire, role, citation });
    expect((await link(kept, 'liquidateur')).statusCode).toBe(204);
    expect((await link(duplicate, 'mandataire_judiciaire')).statusCode).toBe(204);
    expect((await link(duplicate, 'liquidateur')).statusCode).toBe(204);
    const merged = await send(
      'POST',
      `/v1/mandataires/${duplicate}/merge`,
      { into: kept, citations: [citation] },
      { 'if-match': '*' },
    );
    expect(merged.statusCode).toBe(200);
    expect(await appointments(other)).toEqual([
      [kept, 'liquidateur', null],
      [kept, 'mandataire_judiciaire', null],
    ]);
    // Its delete is refused naming one proceeding, not its two appointments there.
    const refused = await send('DELETE', `/v1/mandataires/${kept}`, undefined, { 'if-match': '*' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      `The mandataire '${kept}' is still referenced by 1 proceedings: change or delete them first, or merge it into ` +
        'another mandataire.',
    );
    // The duplicate's id, merged, names the survivor's appointment, as when it was linked.
    const viaMerged = await send('DELETE', `/v1/proceedings/${other}/practitioners/${duplicate}?role=liquidateur`);
    expect(viaMerged.statusCode, viaMerged.body).toBe(204);
    expect(await appointments(other)).toEqual([[kept, 'mandataire_judiciaire', null]]);
  });
});
