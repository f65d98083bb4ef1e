// One SIRET, one establishment, in the open-data imports as in the API and `npm run import`: a row giving a SIRET
// that an entry of the other table holds (a Sirene establishment a practitioners' firm holds, a practitioners' firm
// a site holds) is that row refused, with its line and the holder named by kind and id, never the whole file refused
// at the write without a line. Sirene leaves the row out and applies the others (its rule for a row the
// directory's rules refuse); the practitioners' list applies nothing while a row is refused (its rule).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { mandataireWrites } from '../../src/modules/mandataires/writes.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import { createSite, testSource } from '../setup/factories.js';
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

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-siret-held-'));
});

/**
 * A firm of practitioners holding `siret`, written through the write path as the API writes it; `unchecked`: as a
 * writer that withholds non-diffusible entries itself writes it (`WriteContext.withholdsNonDiffusible`), the API
 * refusing a SIRET Sirene says is not to be published.
 */
async function createFirm(id: string, name: string, siret: string, unchecked = false) {
  const body = mandataireWrites.createBody.parse({
    id,
    name,
    kind: 'firm',
    siret,
    citations: [{ source: testSource, quote: 'Une fiche de test' }],
  });
  await mandataireWrites.create({ db, actor, withholdsNonDiffusible: unchecked }, body);
}

const siretsOf = async (table: 'sites' | 'mandataires', siret: string) =>
  (
    await db.execute<{ id: string }>(
      sql`select id from ${sql.identifier(table)} where siret = ${siret} and not withheld order by id`,
    )
  ).map((r) => r.id);

describe('import:sirene, an establishment whose SIRET a firm of practitioners holds', () => {
  it('is its row refused with its line and the firm named; the other rows are applied', async () => {
    const siren = sirenOf('97100001');
    const held = siretOf(siren, '0001');
    const free = siretOf(siren, '0002');
    await createFirm('etude-siret-tenue', 'Étude Siret Tenue', held);
    const stock = await csv(dir, 'StockEtablissement_held.csv', stockHeader, [
      establishment({ siret: free, enseigne: 'APPEL LIBRE', code: '80021', postal: '80000', commune: 'AMIENS' }),
      establishment({ siret: held, enseigne: 'APPEL TENU', code: '80021', postal: '80000', commune: 'AMIENS' }),
    ]);
    const units = await csv(dir, 'StockUniteLegale_held.csv', unitsHeader, [legalUnit(siren, 'APPELS DU NORD')]);
    const report = await importSirene(db, { establishments: stock, legalUnits: units, naf: ['82.20Z'], actor });
    expect(report.rejected).toEqual([
      {
        file: 'StockEtablissement_held.csv',
        line: 3,
        errors: [
          { in: 'row', name: 'siret', message: `${held} is already the SIRET of the mandataire 'etude-siret-tenue'` },
        ],
      },
    ]);
    expect(report).toMatchObject({
      applied: true,
      sites: { created: 1, updated: 0, unchanged: 0 },
      operators: { created: 1, updated: 0, unchanged: 0 },
    });
    expect(await siretsOf('sites', free)).toEqual([`appel-libre-${free}`]);
    expect(await siretsOf('sites', held)).toEqual([]);
    expect(await siretsOf('mandataires', held)).toEqual(['etude-siret-tenue']);
    // The same stock again: the same row refused, nothing else changed.
    const before = await importState(db);
    const again = await importSirene(db, { establishments: stock, legalUnits: units, naf: ['82.20Z'], actor });
    expect(again.rejected).toEqual(report.rejected);
    expect(again.sites).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await importState(db)).toEqual(before);
  });
});

describe('import:practitioners, a firm whose SIRET a site or another firm holds', () => {
  const header =
    'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;code_postal;commune\n';
  const row = (nom: string, prenom: string, firm: string, siret: string) =>
    `${nom};${prenom};MJ;https://www.cnajmj.fr/annuaire/;2026-11-02;${firm};SELARL;${siret};;;\n`;

  it('refuses the row naming its line and the holder, and applies nothing of the file', async () => {
    const siteSiret = siretOf(sirenOf('97200002'), '0001');
    const firmSiret = siretOf(sirenOf('97200003'), '0001');
    const fresh = siretOf(sirenOf('97200004'), '0001');
    await createSite(db, { id: 'site-siret-tenu', name: 'Site Siret Tenu', siret: siteSiret });
    await createFirm('selarl-deja-la', 'SELARL Déjà Là', firmSiret);
    const file = path.join(dir, 'held.csv');
    await writeFile(
      file,
      header +
        row('Garnier', 'Luce', 'Neuve', fresh) +
        row('Masson', 'Paul', 'Siret Du Site', siteSiret) +
        row('Renaud', 'Inès', 'Autre Étude', firmSiret) +
        // Two firms of the file given one SIRET: the second row is refused, naming the first's line.
        row('Perrin', 'Zoé', 'Première', siretOf(sirenOf('97200005'), '0001')) +
        row('Vidal', 'Marc', 'Seconde', siretOf(sirenOf('97200005'), '0001')) +
        // One firm given two SIRETs: the later row is refused, naming the first one's.
        row('Bernard', 'Luc', 'Neuve', siretOf(sirenOf('97200006'), '0001')),
    );
    const changes = async () => (await db.execute<{ n: number }>(sql`select count(*)::int as n from changes`))[0]!.n;
    const before = await changes();
    const report = await importPractitioners(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      {
        line: 3,
        errors: [
          { field: 'siret_structure', message: `${siteSiret} is already the SIRET of the site 'site-siret-tenu'` },
        ],
      },
      {
        line: 4,
        errors: [{ field: 'siret_structure', message: `${firmSiret} is already the SIRET of 'selarl-deja-la'` }],
      },
      {
        line: 6,
        errors: [
          {
            field: 'siret_structure',
            message: `${siretOf(sirenOf('97200005'), '0001')} is already the SIRET of the firm 'SELARL Première' at line 5`,
          },
        ],
      },
      {
        line: 7,
        errors: [
          { field: 'siret_structure', message: `the firm 'SELARL Neuve' is given the SIRET ${fresh} at line 2` },
        ],
      },
    ]);
    expect(await changes()).toBe(before);
    expect(await siretsOf('mandataires', fresh)).toEqual([]);
  });
});

describe('import:sirene, a withheld establishment published again whose SIRET another entry took meanwhile', () => {
  it('stays withheld, listed with the holder, and the stock is applied, the row reported with its line', async () => {
    const siren = sirenOf('97300007');
    const toFirm = siretOf(siren, '0001');
    const toSite = siretOf(siren, '0002');
    const units = await csv(dir, 'StockUniteLegale_again.csv', unitsHeader, [legalUnit(siren, 'APPELS REPRIS')]);
    const status = (row: string, value: 'O' | 'P') => {
      const cells = row.split(',');
      cells[stockHeader.indexOf('statutDiffusionEtablissement')] = value;
      return cells.join(',');
    };
    const stock = async (month: string, value: 'O' | 'P') =>
      importSirene(db, {
        establishments: await csv(dir, `StockEtablissement_again_${month}.csv`, stockHeader, [
          status(
            establishment({ siret: toFirm, enseigne: 'REPRIS UN', code: '80021', postal: '80000', commune: 'AMIENS' }),
            value,
          ),
          status(
            establishment({
              siret: toSite,
              enseigne: 'REPRIS DEUX',
              code: '80021',
              postal: '80000',
              commune: 'AMIENS',
            }),
            value,
          ),
        ]),
        legalUnits: units,
        naf: ['82.20Z'],
        stockMonth: month,
        actor,
      });
    expect((await stock('2026-08', 'O')).sites).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const withheld = await stock('2026-09', 'P');
    expect(withheld.withheld.map((w) => w.entry)).toEqual([`repris-deux-${toSite}`, `repris-un-${toFirm}`]);
    // Their SIRETs are free while they are withheld: a firm and a site take them. The API refuses a SIRET Sirene
    // says is not to be published (writes/kind-writes.ts); a directory written before that rule, or by a writer that
    // withholds such entries itself, may still hold them: written here as such a writer does.
    await createFirm('etude-reprise', 'Étude Reprise', toFirm, true);
    const site = siteWrites.createBody.parse({
      id: 'site-repris',
      name: 'Site Repris',
      siret: toSite,
      commune: 'Amiens',
      status: 'open',
      citations: [{ source: testSource, quote: 'Une fiche de test' }],
    });
    await siteWrites.create({ db, actor, withholdsNonDiffusible: true }, site);

    const again = await stock('2026-10', 'O');
    expect(again.applied).toBe(true);
    expect(again.shownAgain).toEqual([]);
    expect(again.notShownAgain).toEqual([
      {
        kind: 'site',
        entry: `repris-deux-${toSite}`,
        identifier: `SIRET ${toSite}`,
        reason: `${toSite} is already the SIRET of 'site-repris'`,
      },
      {
        kind: 'site',
        entry: `repris-un-${toFirm}`,
        identifier: `SIRET ${toFirm}`,
        reason: `${toFirm} is already the SIRET of the mandataire 'etude-reprise'`,
      },
    ]);
    expect(again.rejected.map((r) => [r.line, r.errors.map((e) => e.message)])).toEqual([
      // Its establishment's row names the withheld site (its SIRET): refused as a write of it is, the stock applied.
      [
        2,
        [
          `The site 'repris-un-${toFirm}' is withheld: INSEE's Sirene says it is not to be published (statutDiffusion P).`,
        ],
      ],
    ]);
    expect(again.ambiguous.map((a) => [a.line, a.candidates])).toEqual([[3, [`repris-deux-${toSite}`, 'site-repris']]]);
    expect(await siretsOf('sites', toFirm)).toEqual([]);
    expect(await siretsOf('sites', toSite)).toEqual(['site-repris']);
    expect(await siretsOf('mandataires', toFirm)).toEqual(['etude-reprise']);
  });
});
