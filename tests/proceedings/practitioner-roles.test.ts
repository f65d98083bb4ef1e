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
