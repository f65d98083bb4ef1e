// A newer stock giving a known site another NAF code than those asked (a site that is no longer a call centre):
// fault 11 of issue 11's hostile check (/tmp/verify11/faults-b), the row dropped by the NAF filter and the site left
// « 82.20Z » under the older edition, nothing reported. Its row is read whatever its code: the site's NAF code
// changes with the new source, kept in its history (not deleted), reported, and the `naf` filter leaves it out.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { getJson, testApp } from '../setup/app.js';
import { actor } from '../setup/sirene.js';

const dir = 'tests/fixtures/sirene/naf-change';
const site = 'mayotte-appels-91100001600012';
let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

describe('a site a newer stock moves out of 82.20Z', () => {
  it('changes its NAF code with the newer edition, in its history, reported, and leaves the naf filter', async () => {
    const june = await importSirene(db, {
      establishments: `${dir}/StockEtablissement_2026-06.csv`,
      naf: ['82.20Z'],
      actor,
    });
    expect(june.applied).toBe(true);
    expect((await getJson(app, `/v1/sites/${site}`)).body).toMatchObject({ naf_code: '82.20Z' });

    const november = await importSirene(db, {
      establishments: `${dir}/StockEtablissement_2026-11.csv`,
      naf: ['82.20Z'],
      actor,
    });
    expect(november).toMatchObject({ applied: true, kept: 1, sites: { created: 0, updated: 1, unchanged: 1 } });
    expect(november.outsideNaf).toEqual([
      { file: 'StockEtablissement_2026-11.csv', line: 2, siret: '91100001600012', site, naf: '70.22Z' },
    ]);
    const moved = (await getJson(app, `/v1/sites/${site}`)).body;
    expect(moved).toMatchObject({
      naf_code: '70.22Z',
      naf_label: 'Conseil pour les affaires et autres conseils de gestion',
    });
    const history = (await getJson(app, `/v1/sites/${site}/history`)).body.data;
    const last = history.findLast((e: { action: string }) => e.action === 'update');
    expect(last.changed_fields).toContain('naf_code');
    expect(last.citations.map((c: { source_id: string }) => c.source_id)).toEqual(['insee-sirene-stock-2026-11']);
    const listed = (await getJson(app, '/v1/sites?naf=82.20Z&limit=100')).body.data.map((s: { id: string }) => s.id);
    expect(listed).not.toContain(site);
    expect((await getJson(app, '/v1/sites?naf=70.22Z&limit=100')).body.data.map((s: { id: string }) => s.id)).toEqual([
      site,
    ]);
  });
});
