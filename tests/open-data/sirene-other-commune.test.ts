// « Comdata Amiens », known to the Somme alone (the article says « l'agglomération » of Amiens), was matched by name
// to a COMDATA establishment of Abbeville (fault 03 of issue 11's hostile check): it took that SIRET and moved to
// Abbeville, and the next stock's establishment of Amiens made a second site. A site known to its département alone
// is now the establishment only when the name that agrees names the establishment's commune (and it is the one
// candidate, the establishment the only one of its legal unit there); one of another commune is listed, never
// matched. The tester's files: stock 2026-07, COMDATA of Abbeville (80001); stock 2026-08, the same and COMDATA of
// Amiens (80021); each with its legal units' file.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene, type SireneImportReport } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
import { actor, csv, establishment, legalUnit, sirenOf, siretOf, stockHeader, unitsHeader } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/other-commune';
const run = (db: Db, month: string) =>
  importSirene(db, {
    establishments: `${dir}/stock-${month}.csv`,
    legalUnits: `${dir}/ul-${month}.csv`,
    naf: ['82.20Z'],
    actor,
  });
const abbeville = '93030000900022';
const amiens = '93030000900030';

/** The sites of the legal unit's SIREN or of the operator `comdata`: id, name, SIRET, commune. */
async function comdataSites(db: Db) {
  return [
    ...(await db.execute(sql`
      select s.id, s.name, s.siret, s.code_commune, s.commune from sites s
       where s.siret like '930300009%' or s.operator_id = 'comdata' order by s.id`)),
  ];
}

describe('a site known to its département alone, its name naming a commune', () => {
  let app: App;
  let db: Db;
  const reports: Record<string, SireneImportReport> = {};
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('is not matched to the establishment of another commune: listed as a candidate, the site left where it was', async () => {
    reports.july = await run(db, '2026-07');
    expect(reports.july.ambiguous).toEqual([
      { file: 'stock-2026-07.csv', line: 2, identifier: `SIRET ${abbeville}`, candidates: ['comdata-amiens'] },
    ]);
    expect(reports.july.sites).toMatchObject({ created: 0, updated: 0 });
    expect((await getJson(app, '/v1/sites/comdata-amiens')).body).toMatchObject({
      name: 'Comdata Amiens',
      siret: null,
      commune: null,
      code_commune: null,
      departement_code: '80',
      latitude: null,
    });
  });

  it("is completed by the establishment of the commune it names; the other commune's stays listed, then is its own", async () => {
    reports.august = await run(db, '2026-08');
    // The one COMDATA of Amiens completes the site; Abbeville's is listed again (read before the import's writes).
    expect(reports.august.ambiguous).toEqual([
      { file: 'stock-2026-08.csv', line: 2, identifier: `SIRET ${abbeville}`, candidates: ['comdata-amiens'] },
    ]);
    expect(reports.august.sites).toMatchObject({ created: 0, updated: 1 });
    expect(await comdataSites(db)).toEqual([
      { id: 'comdata-amiens', name: 'Comdata Amiens', siret: amiens, code_commune: '80021', commune: 'Amiens' },
    ]);
    // The site now has its SIRET: Abbeville's establishment is another site, of its own commune.
    reports.again = await run(db, '2026-08');
    expect(reports.again.ambiguous).toEqual([]);
    expect(reports.again.sites).toMatchObject({ created: 1 });
    expect(await comdataSites(db)).toEqual([
      { id: `comdata-${abbeville}`, name: 'COMDATA', siret: abbeville, code_commune: '80001', commune: 'Abbeville' },
      { id: 'comdata-amiens', name: 'Comdata Amiens', siret: amiens, code_commune: '80021', commune: 'Amiens' },
    ]);
  });
});

// The same kind for an operator: a legal unit is matched by name to an operator without a SIREN; two legal units of
// that name (« DUO HOMONYME SA » and « DUO HOMONYME SAS », legal forms aside) cannot both be it, nor can one be
// told: both are listed, the operator left without a SIREN.
describe('an operator without a SIREN, two legal units of its name', () => {
  it('is matched to neither: both listed as ambiguous, never guessed', async () => {
    const { app, db } = await testApp();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-homonym-units-'));
    await createOperator(db, { id: 'duo-homonyme', name: 'Duo Homonyme' });
    const [sa, sas] = [sirenOf('96300001'), sirenOf('96300002')];
    const stock = await csv(dir, 'stock.csv', stockHeader, [
      establishment({ siret: siretOf(sa, '0001'), enseigne: 'DUO', code: '59350', postal: '59000', commune: 'LILLE' }),
      establishment({ siret: siretOf(sas, '0001'), enseigne: 'DUO', code: '69123', postal: '69003', commune: 'LYON' }),
    ]);
    const units = await csv(dir, 'units.csv', unitsHeader, [
      legalUnit(sa, 'DUO HOMONYME SA'),
      legalUnit(sas, 'DUO HOMONYME SAS'),
    ]);
    const report = await importSirene(db, { establishments: stock, legalUnits: units, naf: ['82.20Z'], actor });
    expect(report.ambiguous.filter((a) => a.identifier.startsWith('SIREN'))).toEqual([
      { file: 'units.csv', line: 2, identifier: `SIREN ${sa}`, candidates: ['duo-homonyme'] },
      { file: 'units.csv', line: 3, identifier: `SIREN ${sas}`, candidates: ['duo-homonyme'] },
    ]);
    expect((await getJson(app, '/v1/operators/duo-homonyme')).body).toMatchObject({ siren: null, aliases: [] });
  });
});

// The same kind in the commune: « Trio Arras » and two establishments TRIO of one legal unit in Arras. Which one the
// site is cannot be told: both listed, neither given the site (before, both were matched to it, nothing listed).
describe('a site of the commune, two establishments of its name and legal unit there', () => {
  it('is given to neither: both listed as ambiguous', async () => {
    const { db } = await testApp();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-two-in-commune-'));
    await createSite(db, { id: 'trio-arras', name: 'Trio Arras', commune: 'Arras' });
    const siren = sirenOf('96300003');
    const [first, second] = [siretOf(siren, '0001'), siretOf(siren, '0002')];
    const stock = await csv(dir, 'stock.csv', stockHeader, [
      establishment({ siret: first, enseigne: 'TRIO', code: '62041', postal: '62000', commune: 'ARRAS' }),
      establishment({ siret: second, enseigne: 'TRIO', code: '62041', postal: '62000', commune: 'ARRAS' }),
    ]);
    const report = await importSirene(db, { establishments: stock, naf: ['82.20Z'], actor });
    expect(report.ambiguous).toEqual([
      { file: 'stock.csv', line: 2, identifier: `SIRET ${first}`, candidates: ['trio-arras'] },
      { file: 'stock.csv', line: 3, identifier: `SIRET ${second}`, candidates: ['trio-arras'] },
    ]);
    const [site] = await db.execute(sql`select siret from sites where id = 'trio-arras'`);
    expect(site).toEqual({ siret: null });
  });
});
