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
    expect(survivor).toMatchObject({ name: 'Fusion Cible', kind: 'vendor', country: null, aliases: ['Fusion Source'] });
    const moved = survivor.citations.find((c: Citation) => c.quote === 'source quote');
    expect(moved.fields).toEqual(['aliases']);
    expect(survivor.last_confirmed.kind).toBe(survivorConfirmed.kind);
    expect(survivor.last_confirmed.name).toBe(survivorConfirmed.name);
    expect(survivor.last_confirmed.country).toBeUndefined();
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

  it("moves the duplicate's citations without the operator and status the survivor does not have", async () => {
    const a = await site('Test Site A', { operator: 'ipg', status: 'open' }, ['operator', 'status', 'commune']);
    expect(a.statusCode).toBe(201);
    const b = await site('Test Site B', { status: 'closed', closed_on: '2020' }, ['status']);
    expect(b.statusCode).toBe(201);
    expect((await merge('sites', a.json().id, b.json().id)).statusCode).toBe(200);
    const moved = (await citationsOf(`/v1/sites/${b.json().id}`)).find((c) => c.quote === 'Test Site A');
    expect(moved?.fields).toEqual(['aliases', 'commune']);
  });
});
