// A merge moves the duplicate's citations to the survivor supporting only what the survivor holds too: a quote about
// the duplicate's SIREN, kind or name no longer sources (nor confirms, `last_confirmed`) the survivor's other SIREN,
// kind or name, but for its name as the alias it became. Two entries of two identifiers (two SIRENs, two SIRETs) are
// two legal units: their merge is refused, 409 naming `into` and both; a survivor without one takes the duplicate's.
// Every kind merges through the write envelope (src/writes/envelope.ts): operators and sites here.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  const started = await testApp();
  app = started.app;
  send = await writer(app, started.db);
});

/** A source of its own (no text held: the quotes here are the tests' own, not an article's words). */
const source = { url: 'https://example.org/tests/merge-citations', title: 'Fusions de test', outlet: 'Test' };
const cited = (quote: string, fields: string[]) => [{ source, quote, fields }];
const merge = (plural: string, id: string, into: string) =>
  send('POST', `/v1/${plural}/${id}/merge`, { into, citations: cited('fusion', []) }, { 'if-match': '"v1"' });
type Citation = { quote: string; fields: string[]; added_at: string };
const citationsOf = async (url: string) => (await getJson(app, url)).body.citations as Citation[];

describe('merging operators', () => {
  it('of two SIRENs is refused, 409 naming into and both SIRENs, and nothing moves', async () => {
    const create = (name: string, siren: string, kind: string) =>
      send('POST', '/v1/operators', { name, siren, kind, citations: cited(name, ['name', 'siren', 'kind']) });
    expect((await create('Merge Src SA', '732829320', 'outsourcer')).statusCode).toBe(201);
    expect((await create('Merge Dst SA', '542107651', 'vendor')).statusCode).toBe(201);
    const refused = await merge('operators', 'merge-src-sa', 'merge-dst-sa');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'conflict',
      detail:
        "into: 'merge-dst-sa' has the SIREN 542107651 and 'merge-src-sa' the SIREN 732829320: two SIRENs are two " +
        'legal units, not one entry written twice. If one SIREN is wrong, change it first.',
    });
    expect((await getJson(app, '/v1/operators/merge-src-sa')).body.siren).toBe('732829320');
  });

  it("moves the duplicate's citations supporting only what the survivor holds: its name as an alias", async () => {
    const src = await send('POST', '/v1/operators', {
      name: 'Fusion Source',
      kind: 'outsourcer',
      country: 'FR',
      citations: cited('source quote', ['name', 'kind', 'country']),
    });
    expect(src.statusCode).toBe(201);
    const dst = await send('POST', '/v1/operators', {
      name: 'Fusion Cible',
      kind: 'vendor',
      citations: cited('target quote', ['name', 'kind']),
    });
    expect(dst.statusCode).toBe(201);
    const survivorConfirmed = (await getJson(app, '/v1/operators/fusion-cible')).body.last_confirmed;
    // Cited after the survivor: a citation it kept supporting `kind` would confirm it later.
    expect((await merge('operators', 'fusion-source', 'fusion-cible')).statusCode).toBe(200);
    const survivor = (await getJson(app, '/v1/operators/fusion-cible')).body;
    // The country the survivor lacked comes over with its quote (a fact is never dropped); its kind stays its own.
    expect(survivor).toMatchObject({ name: 'Fusion Cible', kind: 'vendor', country: 'FR', aliases: ['Fusion Source'] });
    const moved = survivor.citations.find((c: Citation) => c.quote === 'source quote');
    expect(moved.fields).toEqual(['aliases', 'country']);
    expect(survivor.last_confirmed.kind).toBe(survivorConfirmed.kind);
    expect(survivor.last_confirmed.name).toBe(survivorConfirmed.name);
  });

  it("gives a survivor without a SIREN the duplicate's, which its citations still support, and no one else takes it", async () => {
    const src = await send('POST', '/v1/operators', {
      name: 'Siren Porteur',
      siren: '552032534',
      kind: 'outsourcer',
      citations: cited('porteur', ['name', 'siren', 'kind']),
    });
    expect(src.statusCode).toBe(201);
    const dst = await send('POST', '/v1/operators', {
      name: 'Siren Absent',
      kind: 'outsourcer',
      citations: cited('absent', ['name']),
    });
    expect(dst.statusCode).toBe(201);
    expect((await merge('operators', 'siren-porteur', 'siren-absent')).statusCode).toBe(200);
    const survivor = (await getJson(app, '/v1/operators/siren-absent')).body;
    expect(survivor.siren).toBe('552032534');
    expect(survivor.citations.find((c: Citation) => c.quote === 'porteur').fields).toEqual([
      'aliases',
      'siren',
      'kind',
    ]);
    const third = await send('POST', '/v1/operators', {
      name: 'Merge Third',
      siren: '552032534',
      citations: cited('third', ['name']),
    });
    expect(third.statusCode).toBe(409);
    expect(third.json().detail).toBe("siren: 552032534 is already the SIREN of 'siren-absent'");
  });
});

describe('merging sites', () => {
  const site = (name: string, body: object, fields: string[]) =>
    send('POST', '/v1/sites', { name, commune: 'Orléans', ...body, citations: cited(name, ['name', ...fields]) });

  it('of two SIRETs is refused, 409 naming into and both SIRETs', async () => {
    expect((await site('Siret Un', { siret: '73282932000074' }, ['siret'])).statusCode).toBe(201);
    expect((await site('Siret Deux', { siret: '55203253400646' }, ['siret'])).statusCode).toBe(201);
    const refused = await merge('sites', 'siret-un-orleans', 'siret-deux-orleans');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      "into: 'siret-deux-orleans' has the SIRET 55203253400646 and 'siret-un-orleans' the SIRET 73282932000074: two " +
        'SIRETs are two legal units, not one entry written twice. If one SIRET is wrong, change it first.',
    );
  });

  it("moves the duplicate's citations without the status the survivor has otherwise, with the operator it lacked", async () => {
    const a = await site('Test Site A', { operator: 'ipg', status: 'open' }, ['operator', 'status', 'commune']);
    expect(a.statusCode).toBe(201);
    const b = await site('Test Site B', { status: 'closed', closed_on: '2020' }, ['status']);
    expect(b.statusCode).toBe(201);
    expect((await merge('sites', a.json().id, b.json().id)).statusCode).toBe(200);
    expect((await getJson(app, `/v1/sites/${b.json().id}`)).body).toMatchObject({
      operator: { id: 'ipg' },
      status: 'closed',
    });
    const moved = (await citationsOf(`/v1/sites/${b.json().id}`)).find((c) => c.quote === 'Test Site A');
    expect(moved?.fields).toEqual(['aliases', 'operator', 'commune']);
  });

  it('refuses, 409 naming the conflict, a fact of the duplicate the survivor lacks but cannot take', async () => {
    expect((await site('Ferme Un', { status: 'closed', closed_on: '2020' }, ['status', 'closed_on'])).statusCode).toBe(
      201,
    );
    expect((await site('Ouvert Un', { status: 'open' }, ['status'])).statusCode).toBe(201);
    const refused = await merge('sites', 'ferme-un-orleans', 'ouvert-un-orleans');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      "into: 'ouvert-un-orleans' lacks closed_on, which 'ferme-un-orleans' states, and cannot take it (closed_on: " +
        'must be null for a site that is open): change either entry first, so that no sourced fact is lost.',
    );
    expect((await getJson(app, '/v1/sites/ferme-un-orleans')).status).toBe(200);
  });

  it('gives a survivor known by its département alone the commune of the duplicate', async () => {
    const somme = (name: string, body: object, fields: string[]) =>
      send('POST', '/v1/sites', { name, ...body, citations: cited(name, ['name', ...fields]) });
    expect((await somme('Somme Flou', { departement: '80' }, ['departement'])).statusCode).toBe(201);
    expect((await somme('Somme Net', { commune: 'Amiens' }, ['commune'])).statusCode).toBe(201);
    expect((await merge('sites', 'somme-net-amiens', 'somme-flou')).statusCode).toBe(200);
    const survivor = (await getJson(app, '/v1/sites/somme-flou')).body;
    expect(survivor).toMatchObject({ commune: 'Amiens', code_commune: '80021', departement_code: '80' });
    expect(survivor.citations.find((c: Citation) => c.quote === 'Somme Net').fields).toEqual(['aliases', 'commune']);
  });
});

describe('merging keeps every sourced fact of the duplicate the survivor lacks (fault 01: ceased_on)', () => {
  it("moves op-f's cited ceased_on to op-a, its citation still supporting it, in op-a's history", async () => {
    const article = 'en-contact-2017-04-26-fin-de-partie-ipg';
    const quote = 'IPG à Roubaix était une société indépendante';
    const a = await send('POST', '/v1/operators', {
      name: 'Op A',
      kind: 'outsourcer',
      citations: [{ source: article, quote }],
    });
    expect(a.statusCode, a.body).toBe(201);
    const f = await send('POST', '/v1/operators', {
      name: 'Op F',
      kind: 'outsourcer',
      ceased_on: '2017-04',
      citations: [{ source: article, quote }],
    });
    expect(f.statusCode, f.body).toBe(201);
    const merged = await send(
      'POST',
      '/v1/operators/op-f/merge',
      { into: 'op-a', citations: [{ source: article, quote }] },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode, merged.body).toBe(200);
    const survivor = (await getJson(app, '/v1/operators/op-a')).body;
    expect(survivor).toMatchObject({ ceased_on: '2017-04', aliases: ['Op F'] });
    expect(survivor.citations.map((c: Citation) => c.fields)).toEqual([
      ['name', 'kind'],
      ['aliases', 'kind', 'ceased_on'],
      [],
    ]);
    expect(survivor.last_confirmed.ceased_on).toBeDefined();
    const history = (await getJson(app, '/v1/operators/op-a/history')).body.data;
    expect(history.at(-1).changed_fields).toEqual(['aliases', 'ceased_on']);
  });
});
