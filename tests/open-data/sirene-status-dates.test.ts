// Sirene's état administratif against the articles' status, faults 04 and 05 of issue 11's second hostile check
// (/tmp/verify31, its files tests/fixtures/sirene/hostile/verify31-match*.csv): Phone Marketing's site of Dreux, planned
// by the articles (« Elle vient d'annoncer vouloir ouvrir dès juin 2009 un nouveau centre d'appels à Dreux »), is
// open since 2009-09-01 in Sirene: the status stays the articles' and the disagreement is listed (it was not: only
// « closed » where Sirene says open was compared). IPG Contacts Services' site of Chartres, open as of the article
// of 2017-04-26, is closed since 2019-03-31 in Sirene: its status changes and its `status_as_of` with it (it kept
// the article's date, « closed as of 2017-04-26 », two years before the closure).
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene, type SireneImportReport } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor, csv, establishment, sirenOf, siretOf, stockHeader } from '../setup/sirene.js';

const establishments = 'tests/fixtures/sirene/hostile/verify31-match.csv';
const legalUnits = 'tests/fixtures/sirene/hostile/verify31-match-ul.csv';

describe("Sirene's status beside the articles'", () => {
  let app: App;
  let db: Db;
  let report: SireneImportReport;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    report = await importSirene(db, { establishments, legalUnits, naf: ['82.20Z'], stockMonth: '2026-10', actor });
  });

  it('lists a planned site Sirene says is open as a disagreement, its status kept (fault 04)', async () => {
    expect(report.rejected).toEqual([]);
    expect(report.disagreements).toEqual([
      {
        file: 'verify31-match.csv',
        line: 3,
        site: 'phone-marketing-dreux',
        field: 'status',
        plateau: 'planned',
        sirene: 'open',
      },
      {
        file: 'verify31-match.csv',
        line: 3,
        site: 'phone-marketing-dreux',
        field: 'opened_on',
        plateau: '2009-06',
        sirene: '2009-09-01',
      },
    ]);
    const { body } = await getJson(app, '/v1/sites/phone-marketing-dreux');
    expect([body.status, body.status_as_of, body.opened_on, body.siret]).toEqual([
      'planned',
      null,
      '2009-06',
      '96000002400013',
    ]);
  });

  it("moves status_as_of with the status Sirene changes: none beside Sirene's closure with its date (fault 05)", async () => {
    const { body } = await getJson(app, '/v1/sites/ipg-contacts-services-chartres');
    expect([body.status, body.status_as_of, body.closed_on]).toEqual(['closed', null, '2019-03-31']);
    const history = await getJson(app, '/v1/sites/ipg-contacts-services-chartres/history');
    const update = history.body.data.find((c: { action: string }) => c.action === 'update');
    expect(update.changed_fields).toContain('status_as_of');
    expect([update.before.status_as_of, update.after.status_as_of]).toEqual(['2017-04-26', null]);
  });

  it("moves status_as_of with the status of a site only Sirene cites: a reopening takes the closure's date away", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-status-dates-'));
    const siret = siretOf(sirenOf('94200001'), '0001');
    /** The establishment of Lille as a stock of `month` writes it, `cells` changed. */
    const stock = (month: string, cells: Record<string, string>) => {
      const row = establishment({
        siret,
        enseigne: 'APPELS DU BEFFROI',
        code: '59350',
        postal: '59000',
        commune: 'LILLE',
      });
      const values = row.split(',');
      for (const [column, value] of Object.entries({
        ...cells,
        dateDernierTraitementEtablissement: `${month}-02T10:00:00`,
      }))
        values[stockHeader.indexOf(column)] = value;
      return csv(dir, `${month}.csv`, stockHeader, [values.join(',')]);
    };
    const id = `appels-du-beffroi-${siret}`;
    const states = [];
    for (const [month, cells] of [
      ['2026-11', { etatAdministratifEtablissement: 'F', dateDebut: '' }],
      ['2026-12', { etatAdministratifEtablissement: 'A' }],
    ] as const) {
      await importSirene(db, { establishments: await stock(month, cells), naf: ['82.20Z'], stockMonth: month, actor });
      const { body } = await getJson(app, `/v1/sites/${id}`);
      states.push([body.status, body.status_as_of, body.closed_on]);
    }
    expect(states).toEqual([
      ['closed', '2026-11-02', null],
      ['open', null, null],
    ]);
  });
});
