// A court whose « d' » the BODACC's capitals wrote without its apostrophe (« GREFFE DU TRIBUNAL DE COMMERCE D EVRY »)
// is the court « d'Évry », one value beside the notices that kept it: fault 10 of issue 11's hostile check
// (/tmp/verify11/faults-b), « Tribunal de commerce D Evry » stored beside « Tribunal de commerce d'Évry ».
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { courtFilterKey, courtKeys, normaliseCourt } from '../../src/domain/courts.js';
import { upgradeLegacyCourts } from '../../src/modules/proceedings/legacy-courts.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };
let app: App;
let db: Db;
let databaseUrl: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
});

/** Stores `court` as proceeding `id`'s, as written before, then runs the start's rewrite: the rows it changed. */
async function rewrittenAtStart(id: string, court: string): Promise<number> {
  await db.execute(sql`update proceedings set court = ${court} where id = ${id}`);
  const connection = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await upgradeLegacyCourts(connection);
  } finally {
    await connection.end();
  }
}

describe('a court whose elided « de » lost its apostrophe in capitals', () => {
  it('stores the two notices of fault 10 under one court, one facet entry, found by its filter', async () => {
    const report = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/court-d-evry.csv',
      actor,
      dryRun: false,
    });
    expect(report.applied).toBe(true);
    const courts = await db.execute<{ court: string }>(sql`
      select court from proceedings where id in ('bodacc-a202602907801', 'bodacc-a202602917802') order by id`);
    expect(courts.map((c) => c.court)).toEqual(["Tribunal de commerce d'Évry", "Tribunal de commerce d'Évry"]);
    const { body } = await getJson(app, '/v1/proceedings?facets=tribunal&limit=1');
    expect(body.facets.tribunal.filter((v: { value: string }) => /evry|évry/i.test(v.value))).toEqual([
      { value: "Tribunal de commerce d'Évry", count: 2 },
    ]);
    const listed = await getJson(app, '/v1/proceedings?tribunal=evry');
    expect(listed.body.data.map((p: { id: string; court: string }) => [p.id, p.court])).toEqual([
      ['bodacc-a202602917802', "Tribunal de commerce d'Évry"],
      ['bodacc-a202602907801', "Tribunal de commerce d'Évry"],
    ]);
  });

  it('rewrites a court stored « D Evry » before this writing at the next start', async () => {
    expect(await rewrittenAtStart('bodacc-a202602907801', 'Tribunal de commerce D Evry')).toBe(1);
    expect((await getJson(app, '/v1/proceedings/bodacc-a202602907801')).body.court).toBe("Tribunal de commerce d'Évry");
  });

  it.each([
    ['GREFFE DU TRIBUNAL DE COMMERCE D AGEN', "Tribunal de commerce d'Agen"],
    ['TRIBUNAL JUDICIAIRE D ANGERS', "Tribunal judiciaire d'Angers"],
    ['GREFFE DU TRIBUNAL DE COMMERCE D ORLEANS', "Tribunal de commerce d'Orléans"],
    ['GREFFE DU TRIBUNAL JUDICIAIRE DE EVREUX', "Tribunal judiciaire d'Évreux"],
    ["GREFFE DU TRIBUNAL DE COMMERCE D'ANNECY", "Tribunal de commerce d'Annecy"],
    ['TRIBUNAL DE COMMERCE DE HYERES', 'Tribunal de commerce de Hyères'],
    ['GREFFE DU TRIBUNAL DE COMMERCE DE NIMES', 'Tribunal de commerce de Nîmes'],
  ])('writes « %s » as « %s »', (written, court) => {
    expect(normaliseCourt(written)).toBe(court);
  });
});

// « TRIBUNAL DE COMMERCE DE LE MANS » was written « Tribunal de commerce de Le Mans » (issue 11's leftovers): French
// contracts « de le » to « du » and « de les » to « des ». The filter still finds the court by its place as a user
// types it, with its article (« Le Mans ») or contracted (« du Mans »).
describe('a court whose place has an article, contracted with « de »', () => {
  it('stores « du Mans » and « des Sables-d’Olonne », found by the place with or without its article', async () => {
    const report = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/court-contracted.csv',
      actor,
      dryRun: false,
    });
    expect(report.applied).toBe(true);
    const courts = await db.execute<{ id: string; court: string }>(sql`
      select id, court from proceedings where id in ('bodacc-a202602917811', 'bodacc-a202602927812') order by id`);
    expect(courts.map((c) => [c.id, c.court])).toEqual([
      ['bodacc-a202602917811', 'Tribunal de commerce du Mans'],
      ['bodacc-a202602927812', "Tribunal judiciaire des Sables-d'Olonne"],
    ]);
    for (const value of ['Le Mans', 'du Mans', 'Tribunal de commerce de Le Mans', 'TRIBUNAL DE COMMERCE DU MANS']) {
      const listed = await getJson(app, `/v1/proceedings?tribunal=${encodeURIComponent(value)}`);
      expect([value, listed.body.data.map((p: { id: string }) => p.id)]).toEqual([value, ['bodacc-a202602917811']]);
    }
    for (const value of ["Les Sables-d'Olonne", 'des Sables d Olonne']) {
      const listed = await getJson(app, `/v1/proceedings?tribunal=${encodeURIComponent(value)}`);
      expect([value, listed.body.data.map((p: { id: string }) => p.id)]).toEqual([value, ['bodacc-a202602927812']]);
    }
  });

  it('rewrites a court stored « de Le Mans » at the next start, as the elision', async () => {
    expect(await rewrittenAtStart('bodacc-a202602917811', 'Tribunal de commerce de Le Mans')).toBe(1);
    expect((await getJson(app, '/v1/proceedings/bodacc-a202602917811')).body.court).toBe(
      'Tribunal de commerce du Mans',
    );
  });

  it('gives search the keys the filter asks for (Meilisearch compares `court_keys`)', () => {
    expect(courtKeys('Tribunal de commerce du Mans')).toEqual(['tribunal de commerce du mans', 'le mans', 'mans']);
    expect(['Le Mans', 'du Mans', 'de Le Mans', 'Tribunal de commerce de Le Mans'].map(courtFilterKey)).toEqual([
      'le mans',
      'le mans',
      'le mans',
      'tribunal de commerce du mans',
    ]);
  });

  it.each([
    ['TRIBUNAL DE COMMERCE DE LE MANS', 'Tribunal de commerce du Mans'],
    ['TRIBUNAL JUDICIAIRE DU MANS', 'Tribunal judiciaire du Mans'],
    ["TRIBUNAL JUDICIAIRE DE LES SABLES D'OLONNE", "Tribunal judiciaire des Sables-d'Olonne"],
    ['TRIBUNAL JUDICIAIRE DES SABLES D OLONNE', "Tribunal judiciaire des Sables-d'Olonne"],
    ['GREFFE DU TRIBUNAL DE COMMERCE DU HAVRE', 'Tribunal de commerce du Havre'],
    ['TRIBUNAL DE COMMERCE DE LE PUY EN VELAY', 'Tribunal de commerce du Puy-en-Velay'],
    ['TRIBUNAL MIXTE DE COMMERCE DE LE LAMENTIN', 'Tribunal mixte de commerce du Lamentin'],
    ['TRIBUNAL DE COMMERCE DE LA ROCHE-SUR-YON', 'Tribunal de commerce de La Roche-sur-Yon'],
    ['Tribunal de commerce du Mans', 'Tribunal de commerce du Mans'],
  ])('writes « %s » as « %s »', (written, court) => {
    expect(normaliseCourt(written)).toBe(court);
  });
});

// Fault 01 of /tmp/verify31: « des » given a capital (« Tribunal judiciaire Des Sables-d'Olonne », fixed by « de les »
// → « des » above: checked here as the tester wrote each case) and the words after the town in title case
// (« (chambre Commerciale) », « - Chambre Commerciale », « (reunion) »): one court written several ways. The words
// after the town are written one way: a court's own words in lower case, in parentheses; a département by its name.
describe('the words after a court’s town, and « des » however written', () => {
  it.each([
    ["Tribunal judiciaire des Sables-d'Olonne", "Tribunal judiciaire des Sables-d'Olonne"],
    ["TRIBUNAL JUDICIAIRE DES SABLES D'OLONNE", "Tribunal judiciaire des Sables-d'Olonne"],
    ["TRIBUNAL JUDICIAIRE DE LES SABLES-D'OLONNE", "Tribunal judiciaire des Sables-d'Olonne"],
    ['TRIBUNAL DE COMMERCE DES ANDELYS', 'Tribunal de commerce des Andelys'],
    ['Tribunal judiciaire de Metz (chambre commerciale)', 'Tribunal judiciaire de Metz (chambre commerciale)'],
    ['TRIBUNAL JUDICIAIRE DE METZ (CHAMBRE COMMERCIALE)', 'Tribunal judiciaire de Metz (chambre commerciale)'],
    [
      'GREFFE DU TRIBUNAL JUDICIAIRE DE METZ - CHAMBRE COMMERCIALE',
      'Tribunal judiciaire de Metz (chambre commerciale)',
    ],
    [
      'TRIBUNAL JUDICIAIRE DE STRASBOURG ( Chambre Commerciale )',
      'Tribunal judiciaire de Strasbourg (chambre commerciale)',
    ],
    ['TRIBUNAL JUDICIAIRE DE SAINT PIERRE (REUNION)', 'Tribunal judiciaire de Saint-Pierre (Réunion)'],
    ['Tribunal mixte de commerce de Saint-Pierre (La Réunion)', 'Tribunal mixte de commerce de Saint-Pierre (Réunion)'],
  ])('writes « %s » as « %s »', (written, court) => {
    expect(normaliseCourt(written)).toBe(court);
  });

  it('finds a chamber’s court by its town', () => {
    expect(courtKeys('Tribunal judiciaire de Metz (chambre commerciale)')).toEqual([
      'tribunal judiciaire de metz (chambre commerciale)',
      'metz',
      'metz (chambre',
      'metz (chambre commerciale)',
    ]);
  });
});
