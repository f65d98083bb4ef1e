// Only what a source says: the article names « Amiens, l'agglomération qui accueille les centres de Coriolis
// service, Comdata, Callweb (Adm Value), Mediamétrie », so those four sites are in the Somme, their commune unknown
// (null), not in the commune of Amiens. npm run import:sirene still finds such a site: an establishment is matched
// by name among the sites without a SIRET known to its département alone, when that name names its commune (one of
// another commune, even of the agglomeration, is listed); several candidates are listed, never guessed; a site of
// another département is not it.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { ambiguityLine, importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { actor, csv, establishment, importState, sirenOf, siretOf, stockHeader } from '../setup/sirene.js';

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-departement-'));
});

const run = (establishments: string) => importSirene(db, { establishments, naf: ['82.20Z'], actor });
const siteIdsOf = async (siret: string) =>
  (await db.execute<{ id: string }>(sql`select id from sites where siret = ${siret} order by id`)).map((r) => r.id);

const agglomeration =
  'Amiens, l’agglomération qui accueille les centres de Coriolis service, Comdata, Callweb (Adm Value), Mediamétrie';

describe("the sites of « l'agglomération » of Amiens", () => {
  it.each(['comdata-amiens', 'coriolis-service-amiens', 'callweb-amiens', 'mediametrie-amiens'])(
    'places %s in the Somme, its commune unknown, with the quote',
    async (id) => {
      const site = (await getJson(app, `/v1/sites/${id}`)).body;
      expect(site).toMatchObject({
        country: 'FR',
        commune: null,
        code_commune: null,
        code_postal: null,
        departement_code: '80',
        departement_name: 'Somme',
        region_code: '32',
        region_name: 'Hauts-de-France',
        former_region_name: 'Picardie',
        latitude: null,
      });
      const cited = site.citations.find((c: { quote: string }) => c.quote === agglomeration);
      expect(cited.fields).toEqual(['name', 'operator', 'departement', 'status']);
    },
  );

  it('places the club of Amiens in the Somme too, and Hub-Retail in its region alone', async () => {
    expect((await getJson(app, '/v1/clubs/club-amiens')).body).toMatchObject({
      commune: null,
      departement_code: '80',
      region_name: 'Hauts-de-France',
    });
    expect((await getJson(app, '/v1/clubs/hub-retail')).body).toMatchObject({
      commune: null,
      departement_code: null,
      served_region_as_printed: 'Rhône-Alpes',
    });
  });
});

describe('import:sirene finds a site known to its département alone', () => {
  it('lists COMDATA of Dury, in the agglomeration, as a candidate only; COMDATA of Lille is another site', async () => {
    const dury = siretOf(sirenOf('96100001'), '0001');
    const lille = siretOf(sirenOf('96100001'), '0002');
    const stock = await csv(dir, 'agglomeration.csv', stockHeader, [
      establishment({ siret: dury, enseigne: 'COMDATA', code: '80261', postal: '80480', commune: 'DURY' }),
      establishment({ siret: lille, enseigne: 'COMDATA', code: '59350', postal: '59000', commune: 'LILLE' }),
    ]);
    const before = await importState(db);
    const report = await run(stock);
    // « Comdata Amiens » names Amiens: Dury is another commune (fault 03 of issue 11's hostile check), never matched.
    expect(report).toMatchObject({
      sites: { created: 1, updated: 0, unchanged: 0 },
      rejected: [],
      ambiguous: [{ file: 'agglomeration.csv', line: 2, identifier: `SIRET ${dury}`, candidates: ['comdata-amiens'] }],
    });
    expect(await siteIdsOf(dury)).toEqual([]);
    expect(await siteIdsOf(lille)).toEqual([`comdata-${lille}`]);
    expect((await importState(db)).sites - before.sites).toBe(1);
  });

  it('completes « Comdata Amiens » with COMDATA of Amiens, the commune its name names', async () => {
    const amiens = siretOf(sirenOf('96100001'), '0003');
    const stock = await csv(dir, 'amiens.csv', stockHeader, [
      establishment({ siret: amiens, enseigne: 'COMDATA', code: '80021', postal: '80000', commune: 'AMIENS' }),
    ]);
    const before = await importState(db);
    const report = await run(stock);
    expect(report).toMatchObject({ sites: { created: 0, updated: 1, unchanged: 0 }, rejected: [], ambiguous: [] });
    expect(await siteIdsOf(amiens)).toEqual(['comdata-amiens']);
    // Sirene says where it is: the commune the article left unknown, cited by the stock; the name stays the article's.
    const comdata = (await getJson(app, '/v1/sites/comdata-amiens')).body;
    expect(comdata).toMatchObject({
      name: 'Comdata Amiens',
      commune: 'Amiens',
      code_commune: '80021',
      departement_code: '80',
      address: '1 RUE DE LA GARE',
      code_postal: '80000',
    });
    const stockCitation = comdata.citations.find((c: { source_id: string }) => c.source_id.startsWith('insee-'));
    expect(stockCitation.fields).toEqual(expect.arrayContaining(['code_commune', 'address', 'code_postal']));
    expect((await importState(db)).sites).toBe(before.sites);
  });

  it('lists two sites of the département of that name as candidates, and guesses nothing', async () => {
    const other = await createSite(db, { name: 'Callweb', commune: null, departement: '80' });
    const rivery = siretOf(sirenOf('96200002'), '0001');
    const stock = await csv(dir, 'two-callweb.csv', stockHeader, [
      establishment({ siret: rivery, enseigne: 'CALLWEB', code: '80674', postal: '80136', commune: 'RIVERY' }),
    ]);
    const before = await importState(db);
    const report = await run(stock);
    expect(report.ambiguous).toEqual([
      {
        file: 'two-callweb.csv',
        line: 2,
        identifier: `SIRET ${rivery}`,
        candidates: ['callweb-amiens', other.id].sort(),
      },
    ]);
    expect(report.ambiguous.map(ambiguityLine)).toEqual([
      `two-callweb.csv, line 2: left out: SIRET ${rivery} matches several entries: ${['callweb-amiens', other.id].sort().join(', ')}`,
    ]);
    expect(await siteIdsOf(rivery)).toEqual([]);
    expect((await importState(db)).sites).toBe(before.sites);
  });
});

describe('import:sirene, a site known to its département alone named for an arrondissement municipal', () => {
  it('completes it with the establishment of that arrondissement only; one of another is listed, never taken', async () => {
    // « Voxa Paris 16e », « Appelis Lyon 3e », « Phonia Marseille 8ème »: Paris, the Rhône and the Bouches-du-Rhône
    // said, the commune unknown. Their namesakes of the 8e, 7e and 1er arrondissements are other establishments.
    const paris = await createSite(db, {
      id: 'voxa-paris-16e',
      name: 'Voxa Paris 16e',
      commune: null,
      departement: '75',
    });
    const lyon = await createSite(db, {
      id: 'appelis-lyon-3e',
      name: 'Appelis Lyon 3e',
      commune: null,
      departement: '69',
    });
    const marseille = await createSite(db, {
      id: 'phonia-marseille-8e',
      name: 'Phonia Marseille 8ème',
      commune: null,
      departement: '13',
    });
    const voxa8 = siretOf(sirenOf('96300003'), '0001');
    const appelis7 = siretOf(sirenOf('96300004'), '0001');
    const phonia1 = siretOf(sirenOf('96300005'), '0001');
    const elsewhere = await csv(dir, 'arrondissements-elsewhere.csv', stockHeader, [
      establishment({ siret: voxa8, enseigne: 'VOXA', code: '75108', postal: '75008', commune: 'PARIS 8' }),
      establishment({ siret: appelis7, enseigne: 'APPELIS', code: '69387', postal: '69007', commune: 'LYON 7EME' }),
      establishment({ siret: phonia1, enseigne: 'PHONIA', code: '13201', postal: '13001', commune: 'MARSEILLE 1' }),
    ]);
    const before = await importState(db);
    const report = await run(elsewhere);
    // Told with its one candidate named, not as « several entries » (the CLI prints `ambiguityLine`).
    expect(report.ambiguous.map(ambiguityLine)).toEqual([
      `arrondissements-elsewhere.csv, line 2: left out: SIRET ${voxa8} may be the entry voxa-paris-16e, not told for certain`,
      `arrondissements-elsewhere.csv, line 3: left out: SIRET ${appelis7} may be the entry appelis-lyon-3e, not told for certain`,
      `arrondissements-elsewhere.csv, line 4: left out: SIRET ${phonia1} may be the entry phonia-marseille-8e, not told for certain`,
    ]);
    expect(report.ambiguous).toEqual([
      { file: 'arrondissements-elsewhere.csv', line: 2, identifier: `SIRET ${voxa8}`, candidates: [paris.id] },
      { file: 'arrondissements-elsewhere.csv', line: 3, identifier: `SIRET ${appelis7}`, candidates: [lyon.id] },
      { file: 'arrondissements-elsewhere.csv', line: 4, identifier: `SIRET ${phonia1}`, candidates: [marseille.id] },
    ]);
    expect((await importState(db)).sites).toBe(before.sites);
    const voxa16 = siretOf(sirenOf('96300003'), '0002');
    const appelis3 = siretOf(sirenOf('96300004'), '0002');
    const phonia8 = siretOf(sirenOf('96300005'), '0002');
    const own = await csv(dir, 'arrondissements-own.csv', stockHeader, [
      establishment({ siret: voxa16, enseigne: 'VOXA', code: '75116', postal: '75016', commune: 'PARIS 16' }),
      establishment({ siret: appelis3, enseigne: 'APPELIS', code: '69383', postal: '69003', commune: 'LYON 3EME' }),
      establishment({ siret: phonia8, enseigne: 'PHONIA', code: '13208', postal: '13008', commune: 'MARSEILLE 8' }),
    ]);
    const completed = await run(own);
    expect(completed).toMatchObject({ sites: { created: 0, updated: 3, unchanged: 0 }, rejected: [], ambiguous: [] });
    expect(await siteIdsOf(voxa16)).toEqual([paris.id]);
    expect(await siteIdsOf(appelis3)).toEqual([lyon.id]);
    expect(await siteIdsOf(phonia8)).toEqual([marseille.id]);
    expect((await getJson(app, `/v1/sites/${paris.id}`)).body).toMatchObject({
      code_commune: '75056',
      code_arrondissement: '75116',
    });
  });
});
