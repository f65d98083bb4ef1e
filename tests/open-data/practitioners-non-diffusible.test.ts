// A firm of practitioners whose SIRET Sirene marks non-diffusible (statutDiffusion P) was neither withheld nor listed
// (issue 11's leftovers), where a site or an operator Sirene says so of is withheld. One rule now, wherever the SIRET
// arrives: `npm run import:practitioners` writes such a firm, then withholds it (its SIRET, or its legal unit's SIREN,
// in sirene_non_diffusible), counted and listed in its report; a Sirene stock that says a stored firm's SIRET is P
// withholds the firm. Withheld as Sirene's entries are: its id answers 410, its members show no firm.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';
import { importFixtures, stockCsv } from '../setup/sirene.js';

const file = 'tests/fixtures/practitioners/non-diffusible-firms.csv';
const actor = { keyId: null, name: 'import:practitioners test' };
let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

const firms = async () =>
  [
    ...(await db.execute<{ name: string; siret: string; withheld: boolean }>(sql`
      select name, siret, withheld from mandataires where kind = 'firm' and siret like '913%' order by name`)),
  ].map((r) => [r.name, r.siret, r.withheld]);

describe('a firm whose SIRET Sirene says is not to be published', () => {
  it('is withheld by npm run import:practitioners, counted and listed, its members showing no firm', async () => {
    await db.execute(sql`insert into sirene_non_diffusible (id) values ('91300007100013'), ('913000089')`);
    const report = await importPractitioners(db, { file, actor });
    expect(report.applied).toBe(true);
    expect(report.firms).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(report.nonDiffusibleFirms).toEqual([
      { line: 2, firm: 'SELARL Étude Nord-Ouest', identifier: 'SIRET 91300007100013' },
      { line: 3, firm: 'SCP Rive Gauche', identifier: 'SIREN 913000089' },
    ]);
    expect(await firms()).toEqual([
      ['SCP Rive Gauche', '91300008900015', true],
      ['SELARL Clair', '91300009700018', false],
      ['SELARL Étude Nord-Ouest', '91300007100013', true],
    ]);
    const [firm] = await db.execute<{ id: string }>(sql`select id from mandataires where siret = '91300007100013'`);
    expect((await getJson(app, `/v1/mandataires/${firm!.id}`)).status).toBe(410);
    const member = await db.execute<{ id: string }>(sql`select id from mandataires where name = 'Line Vasseur'`);
    const shown = await getJson(app, `/v1/mandataires/${member[0]!.id}`);
    expect([shown.status, shown.body.firm]).toEqual([200, null]);
    const listed = await getJson(app, '/v1/mandataires?kind=firm&limit=100');
    expect(
      listed.body.data.map((m: { name: string }) => m.name).filter((n: string) => /Nord-Ouest|Rive|Clair/.test(n)),
    ).toEqual(['SELARL Clair']);
    const history = await db.execute<{ action: string }>(
      sql`select action from changes where entity_kind = 'mandataire' and entity_id = ${firm!.id} order by id`,
    );
    expect(history.map((h) => h.action)).toEqual(['create', 'withhold']);
  });

  it('changes nothing when the same file is imported again, the firms left withheld', async () => {
    const before = await db.execute(sql`select count(*)::int as n from changes`);
    const report = await importPractitioners(db, { file, actor });
    expect(report.applied).toBe(true);
    expect(report.firms).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(report.practitioners).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(report.nonDiffusibleFirms.map((n) => n.line)).toEqual([2, 3]);
    expect(await db.execute(sql`select count(*)::int as n from changes`)).toEqual(before);
  });

  it('stays withheld when a BODACC notice designates it, its member linked', async () => {
    const report = await importBodacc(db, { file: 'tests/fixtures/bodacc/faults/withheld-firm-designated.csv', actor });
    expect(report.applied).toBe(true);
    expect(await firms()).toEqual([
      ['SCP Rive Gauche', '91300008900015', true],
      ['SELARL Clair', '91300009700018', false],
      ['SELARL Étude Nord-Ouest', '91300007100013', true],
    ]);
    const links = await db.execute(sql`
      select m.name, l.role from proceeding_practitioners l join mandataires m on m.id = l.mandataire_id
       where l.proceeding_id = 'bodacc-a202601117921'`);
    expect([...links]).toEqual([{ name: 'Line Vasseur', role: 'liquidateur' }]);
  });

  it('is withheld by the Sirene stock that says its SIRET is not to be published', async () => {
    // A firm given the SIRET of the stock's non-diffusible establishment (84444444800014) before any stock is read.
    await db.execute(sql`update mandataires set siret = '84444444800014' where siret = '91300009700018'`);
    const report = await importFixtures(db, stockCsv, { stockMonth: '2026-05' });
    expect(report.withheld.filter((w) => w.kind === 'mandataire')).toEqual([
      { kind: 'mandataire', entry: 'selarl-clair', identifier: 'SIRET 84444444800014' },
    ]);
    expect((await getJson(app, '/v1/mandataires/selarl-clair')).status).toBe(410);
  });
});
