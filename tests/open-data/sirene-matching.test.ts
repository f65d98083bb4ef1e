// npm run import:sirene against the directory's own sites, end to end against a real PostgreSQL: an establishment
// completes the site the articles name « <operator or brand> <commune> » (« Comdata Amiens », « IPG Roubaix »)
// instead of creating a second one beside it: names compared once normalised (case, accents, punctuation, legal
// forms, the commune's name, its arrondissement's or a commune déléguée's), or the one site of its legal unit's
// operator in the commune; several candidates are listed, never guessed; a site of another commune, or one with
// another SIRET, is not it; re-importing the same stock changes nothing.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
import {
  actor,
  csv,
  establishment,
  importState,
  legalUnit,
  sirenOf,
  siretOf,
  stockHeader,
  unitsHeader,
} from '../setup/sirene.js';

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-matching-'));
});

const run = (establishments: string, legalUnits?: string) =>
  importSirene(db, { establishments, legalUnits, naf: ['82.20Z'], actor });

/** Everything an import may change. */
const state = () => importState(db);

const siteIdsOf = async (siret: string) =>
  (await db.execute<{ id: string }>(sql`select id from sites where siret = ${siret} order by id`)).map((r) => r.id);

describe('import:sirene finds the sites of the articles', () => {
  it('completes « IPG Roubaix » and « Comdata Amiens » with IPG and COMDATA, then COMDATA with its operator', async () => {
    // The fault's stock: two 82.20Z rows, enseigne IPG in Roubaix and COMDATA in Amiens; COMDATA's legal unit.
    const stock = await csv(dir, 'fault-05.csv', stockHeader, [
      establishment({ siret: '96000001600001', enseigne: 'IPG', code: '59512', postal: '59100', commune: 'ROUBAIX' }),
      establishment({
        siret: '96000002400005',
        enseigne: 'COMDATA',
        code: '80021',
        postal: '80000',
        commune: 'AMIENS',
      }),
    ]);
    // Each establishment's legal unit (one without its row would be left out): IPG's is the operator `ipg`.
    const units = await csv(dir, 'fault-05-units.csv', unitsHeader, [
      legalUnit('960000016', 'IPG'),
      legalUnit('960000024', 'COMDATA'),
    ]);
    const before = await state();

    const first = await run(stock);
    expect(first).toMatchObject({
      sites: { created: 0, updated: 2, unchanged: 0 },
      operators: { created: 0, updated: 0, unchanged: 0 },
      rejected: [],
      ambiguous: [],
      applied: true,
    });
    // The articles' names and status stay; Sirene's status is listed beside them. Its names are the articles' once
    // normalised as the match normalises them (« IPG » in Roubaix is « IPG Roubaix »): no disagreement, no alias.
    expect(first.disagreements).toEqual([
      { file: 'fault-05.csv', line: 2, site: 'ipg-roubaix', field: 'status', plateau: 'closed', sirene: 'open' },
    ]);
    expect((await state()).sites).toBe(before.sites);
    expect(await siteIdsOf('96000001600001')).toEqual(['ipg-roubaix']);
    expect(await siteIdsOf('96000002400005')).toEqual(['comdata-amiens']);

    // The band beside the article's headcount, each with its source.
    const ipg = (await getJson(app, '/v1/sites/ipg-roubaix')).body;
    expect(ipg).toMatchObject({
      name: 'IPG Roubaix',
      aliases: [],
      siret: '96000001600001',
      status: 'closed',
      tranche_effectifs: '12',
      effectifs_min: 20,
      effectifs_max: 49,
      annee_effectifs: 2024,
    });
    expect(ipg.headcounts).toMatchObject([
      { value: 32, kind: 'employees', as_of: '2017-04-26', source_id: 'en-contact-2017-04-26-fin-de-partie-ipg' },
      {
        kind: 'tranche_effectifs',
        tranche_effectifs: '12',
        effectifs_min: 20,
        effectifs_max: 49,
        as_of: '2024',
        source_id: 'insee-sirene-stock-2026-07',
      },
    ]);
    expect(ipg.headcounts).toHaveLength(2);
    const cited = ipg.citations.find((c: { source_id: string }) => c.source_id === 'insee-sirene-stock-2026-07');
    expect(cited.fields).toEqual(expect.arrayContaining(['siret', 'tranche_effectifs', 'annee_effectifs', 'naf_code']));
    expect(cited.fields).not.toContain('aliases');
    expect(cited.quote).toContain('SIRET 96000001600001 ; ');
    expect(cited.quote).toContain('enseigne1Etablissement=« IPG »');
    expect(ipg.citations.some((c: { source_id: string }) => c.source_id.startsWith('en-contact-'))).toBe(true);

    // The legal units IPG and COMDATA are the operators `ipg` and `comdata` (no SIREN yet): they take their SIREN,
    // and COMDATA's one site stays one.
    const second = await run(stock, units);
    expect(second).toMatchObject({
      sites: { created: 0, updated: 0, unchanged: 2 },
      operators: { created: 0, updated: 2, unchanged: 0 },
      ambiguous: [],
    });
    const comdata = (await getJson(app, '/v1/operators/comdata')).body;
    expect(comdata.siren).toBe('960000024');
    expect(comdata.sites.map((s: { id: string }) => s.id)).toEqual(['comdata-amiens']);

    // The same stock again changes nothing.
    const settled = await state();
    await run(stock, units);
    await run(stock);
    expect(await state()).toEqual(settled);
    expect(settled.sites).toBe(before.sites);
  });

  it('matches by operator, arrondissement, commune déléguée and legal form; lists two candidates; no other commune', async () => {
    // An operator of the articles without a SIREN, and its one site in Béthune, named otherwise than Sirene does.
    const relais = await createOperator(db, { id: 'relais-contact', name: 'Relais Contact' });
    await createSite(db, {
      id: 'plateforme-bethune',
      name: 'Plateforme de Béthune',
      commune: 'Béthune',
      operator: relais.id,
    });
    // A site of the same name in another commune.
    await createSite(db, { id: 'relais-contact-arras', name: 'Relais Contact', commune: 'Arras', operator: relais.id });
    // Two sites of one operator (with its SIREN) in Lille, neither named as Sirene names it.
    const duoSiren = sirenOf('71234567');
    const duo = await createOperator(db, { id: 'duo-appels', name: 'Duo Appels', siren: duoSiren });
    await createSite(db, { id: 'duo-euralille', name: 'Duo Appels Euralille', commune: 'Lille', operator: duo.id });
    await createSite(db, { id: 'duo-lille-sud', name: 'Duo Appels Lille Sud', commune: 'Lille', operator: duo.id });
    // The one site of an operator (with its SIREN) in Calais, where its legal unit has two establishments.
    const trioSiren = sirenOf('75678901');
    const trio = await createOperator(db, { id: 'trio-services', name: 'Trio Services', siren: trioSiren });
    await createSite(db, {
      id: 'trio-calais',
      name: 'Centre de relation client de Calais',
      commune: 'Calais',
      operator: trio.id,
    });
    // A site with its own SIRET: another establishment of the same name is not it.
    const douaiSiret = siretOf(sirenOf('73456789'), '0001');
    await createSite(db, {
      id: 'appel-express-douai',
      name: 'Appel Express Douai',
      commune: 'Douai',
      siret: douaiSiret,
    });
    // Named with an arrondissement, and with a commune déléguée.
    await createSite(db, { id: 'voxa-paris-16e', name: 'Voxa Paris 16e', commune: 'Paris 16e' });
    // Named with its commune alone, where Sirene says an arrondissement.
    await createSite(db, { id: 'webline-paris', name: 'Webline Paris', commune: 'Paris' });
    await createSite(db, {
      id: 'voxa-cherbourg-octeville',
      name: 'Voxa Cherbourg-Octeville',
      commune: 'Cherbourg-en-Cotentin',
    });

    const relaisSiren = sirenOf('72345678');
    const sirets = {
      bethune: siretOf(relaisSiren, '0001'),
      lens: siretOf(relaisSiren, '0002'),
      lille: siretOf(duoSiren, '0001'),
      douai: siretOf(douaiSiret.slice(0, 9), '0002'),
      paris: siretOf(sirenOf('74567890'), '0001'),
      cherbourg: siretOf(sirenOf('74567890'), '0002'),
      webline: siretOf(sirenOf('76789012'), '0001'),
      calais1: siretOf(trioSiren, '0001'),
      calais2: siretOf(trioSiren, '0002'),
    };
    const stock = await csv(dir, 'matching.csv', stockHeader, [
      establishment({
        siret: sirets.bethune,
        enseigne: 'RC SERVICES',
        code: '62119',
        postal: '62400',
        commune: 'BETHUNE',
      }),
      establishment({
        siret: sirets.lens,
        enseigne: 'RELAIS CONTACT',
        code: '62498',
        postal: '62300',
        commune: 'LENS',
      }),
      establishment({ siret: sirets.lille, enseigne: 'DUO APPELS', code: '59350', postal: '59000', commune: 'LILLE' }),
      establishment({
        siret: sirets.douai,
        enseigne: 'APPEL EXPRESS',
        code: '59178',
        postal: '59500',
        commune: 'DOUAI',
      }),
      establishment({
        siret: sirets.paris,
        enseigne: 'VOXA S.A.S.',
        code: '75116',
        postal: '75016',
        commune: 'PARIS 16',
      }),
      establishment({
        siret: sirets.cherbourg,
        enseigne: 'VOXA',
        code: '50129',
        postal: '50100',
        commune: 'CHERBOURG-EN-COTENTIN',
      }),
      establishment({
        siret: sirets.webline,
        enseigne: 'WEBLINE',
        code: '75111',
        postal: '75011',
        commune: 'PARIS 11',
      }),
      establishment({
        siret: sirets.calais1,
        enseigne: 'TRIO SERVICES',
        code: '62193',
        postal: '62100',
        commune: 'CALAIS',
      }),
      establishment({ siret: sirets.calais2, enseigne: 'TRIO', code: '62193', postal: '62100', commune: 'CALAIS' }),
    ]);
    // The legal unit of Relais Contact, its legal form in its name; those of the other establishments (one without
    // its row would be left out).
    const units = await csv(dir, 'matching-units.csv', unitsHeader, [
      legalUnit(relaisSiren, 'RELAIS CONTACT SAS'),
      legalUnit(duoSiren, 'DUO APPELS'),
      legalUnit(douaiSiret.slice(0, 9), 'APPEL EXPRESS'),
      legalUnit(sirenOf('74567890'), 'VOXA'),
      legalUnit(sirenOf('76789012'), 'WEBLINE'),
      legalUnit(trioSiren, 'TRIO SERVICES'),
    ]);
    const before = await state();

    const report = await run(stock, units);
    expect(report).toMatchObject({
      // Relais Contact, by its name without its legal form; Duo Appels and Trio Services by SIREN; Appel Express,
      // Voxa and Webline created.
      operators: { created: 3, updated: 3, unchanged: 0 },
      // Lens and Douai created; Béthune, Paris 16e, Paris and Cherbourg completed; Lille and Calais left out.
      sites: { created: 2, updated: 4, unchanged: 0 },
      rejected: [],
    });
    expect(report.ambiguous).toEqual([
      {
        file: 'matching.csv',
        line: 4,
        identifier: `SIRET ${sirets.lille}`,
        candidates: ['duo-euralille', 'duo-lille-sud'],
      },
      // Two establishments of the legal unit for the operator's one site: which one it is, is not guessed.
      { file: 'matching.csv', line: 9, identifier: `SIRET ${sirets.calais1}`, candidates: ['trio-calais'] },
      { file: 'matching.csv', line: 10, identifier: `SIRET ${sirets.calais2}`, candidates: ['trio-calais'] },
    ]);
    expect((await state()).sites - before.sites).toBe(2);
    expect((await getJson(app, '/v1/operators/relais-contact')).body).toMatchObject({
      siren: relaisSiren,
      // « RELAIS CONTACT SAS » is its name, the legal form aside (as the match compares names): no alias.
      aliases: [],
    });
    // The one site of the legal unit's operator in Béthune, whatever its name.
    expect(await siteIdsOf(sirets.bethune)).toEqual(['plateforme-bethune']);
    expect((await getJson(app, '/v1/sites/plateforme-bethune')).body).toMatchObject({
      name: 'Plateforme de Béthune',
      aliases: ['RC SERVICES'],
      operator: { id: 'relais-contact' },
    });
    // Another commune: a new site, of the operator the legal unit is.
    const [lens] = await siteIdsOf(sirets.lens);
    expect(lens).toBe(`relais-contact-${sirets.lens}`);
    expect((await getJson(app, `/v1/sites/${lens}`)).body).toMatchObject({
      name: 'RELAIS CONTACT',
      commune: 'Lens',
      operator: { id: 'relais-contact' },
    });
    expect((await getJson(app, '/v1/sites/relais-contact-arras')).body.siret).toBeNull();
    // Two candidates: nothing created, nothing guessed.
    expect(await siteIdsOf(sirets.lille)).toEqual([]);
    expect(await siteIdsOf(sirets.calais1)).toEqual([]);
    expect(await siteIdsOf(sirets.calais2)).toEqual([]);
    expect((await getJson(app, '/v1/sites/trio-calais')).body.siret).toBeNull();
    // A site that has another SIRET is another establishment.
    expect(await siteIdsOf(sirets.douai)).toEqual([`appel-express-${sirets.douai}`]);
    expect(await siteIdsOf(douaiSiret)).toEqual(['appel-express-douai']);
    // The arrondissement and the commune déléguée in the directory's names.
    expect(await siteIdsOf(sirets.paris)).toEqual(['voxa-paris-16e']);
    expect(await siteIdsOf(sirets.cherbourg)).toEqual(['voxa-cherbourg-octeville']);
    // Paris of the articles is where the 11th arrondissement is: no disagreement of commune; the street filled in.
    expect(await siteIdsOf(sirets.webline)).toEqual(['webline-paris']);
    expect((await getJson(app, '/v1/sites/webline-paris')).body).toMatchObject({
      commune: 'Paris',
      address: '1 RUE DE LA GARE',
      code_postal: '75011',
    });
    expect(report.disagreements.filter((d) => d.field !== 'name')).toEqual([]);

    // The same files again change nothing, and the two candidates are listed again.
    const settled = await state();
    const again = await run(stock, units);
    expect(await state()).toEqual(settled);
    expect(again.ambiguous).toEqual(report.ambiguous);
    expect(again).toMatchObject({
      sites: { created: 0, updated: 0, unchanged: 6 },
      operators: { created: 0, updated: 0, unchanged: 6 },
    });
  });
});
