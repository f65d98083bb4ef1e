// A practitioner appointed twice in one proceeding under two roles keeps both appointments (issue 11): « Maître Jeanne
// Martin » named mandataire judiciaire at the opening of a redressement judiciaire, then liquidateur at its conversion
// into a liquidation judiciaire (tests/fixtures/bodacc/faults/two-roles.csv). The links were keyed by proceeding and
// practitioner: the conversion overwrote the first appointment (its role, date, notice and quote). A discharge
// (« met fin à la mission de … mandataire judiciaire », two-roles-discharge.csv) ends that role's appointment only.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };
const fixture = 'tests/fixtures/bodacc/faults/two-roles.csv';
const proceeding = 'bodacc-a202601908101';
const opening = 'A202601908101';
const conversion = 'A202602108102';
const mjQuote = 'désignant mandataire judiciaire Maître Jeanne Martin 12 rue Mercière 69002 Lyon';
const liquidateurQuote = 'désignant liquidateur Maître Jeanne Martin 12 rue Mercière 69002 Lyon';

/** The links of the proceeding, its and the practitioner's changes and versions: before and after a re-import. */
const state = (db: Db) =>
  db.execute(sql`
    select (select json_agg(pp order by pp.role) from proceeding_practitioners pp
             where pp.proceeding_id = ${proceeding}) as links,
           (select json_agg(json_build_object('id', h.id, 'kind', h.entity_kind, 'entity', h.entity_id) order by h.id)
              from changes h where h.entity_id in (${proceeding}, 'jeanne-martin')) as history,
           (select json_agg(json_build_object('version', p.version, 'updated_at', p.updated_at))
              from proceedings p where p.id = ${proceeding}) as proceeding,
           (select json_agg(json_build_object('version', m.version, 'updated_at', m.updated_at))
              from mandataires m where m.id = 'jeanne-martin') as practitioner`);

describe('import:bodacc, one practitioner named in two roles by two notices of one proceeding', () => {
  let app: App;
  let db: Db;
  let report: Awaited<ReturnType<typeof importBodacc>>;
  beforeAll(async () => {
    ({ app, db } = await testApp({ searchIndex: true }));
    report = await importBodacc(db, { file: fixture, actor, dryRun: false });
  });

  it('keeps two appointments: mandataire judiciaire from the opening, liquidateur from the conversion', async () => {
    expect(report.practitioners).toMatchObject({ linked: 2, ended: 0, unlinked: 0, unread: 0, created: 1 });
    const { body } = await getJson(app, `/v1/proceedings/${proceeding}`);
    expect(body.kind).toBe('liquidation_judiciaire');
    const sources = Object.fromEntries(
      body.notices.map((n: { id: string; source_id: string }) => [n.id, n.source_id] as const),
    );
    expect(body.practitioners).toEqual([
      {
        id: 'jeanne-martin',
        name: 'Jeanne Martin',
        role: 'mandataire_judiciaire',
        appointed_on: '2026-03-20',
        powers: null,
        notice_id: opening,
        source_id: sources[opening],
        quote: mjQuote,
        ended_on: null,
        ended_notice_id: null,
        ended_source_id: null,
        ended_quote: null,
      },
      {
        id: 'jeanne-martin',
        name: 'Jeanne Martin',
        role: 'liquidateur',
        appointed_on: '2026-06-05',
        powers: null,
        notice_id: conversion,
        source_id: sources[conversion],
        quote: liquidateurQuote,
        ended_on: null,
        ended_notice_id: null,
        ended_source_id: null,
        ended_quote: null,
      },
    ]);
    expect(sources[opening]).not.toBe(sources[conversion]);
  });

  it("lists the proceeding under both roles in the practitioner's entry, counted once", async () => {
    const { body } = await getJson(app, '/v1/mandataires/jeanne-martin');
    expect(
      body.proceedings.map((p: Record<string, unknown>) => [p.id, p.role, p.appointed_on, p.notice_id, p.quote]),
    ).toEqual([
      [proceeding, 'liquidateur', '2026-06-05', conversion, liquidateurQuote],
      [proceeding, 'mandataire_judiciaire', '2026-03-20', opening, mjQuote],
    ]);
    expect(body.proceedings_total).toBe(1);
    expect(body.former_proceedings).toEqual([]);
  });

  it('is found once by the filters, in lists and in search, under either role', async () => {
    const listed = await getJson(app, '/v1/proceedings?mandataire=jeanne-martin');
    expect(listed.body.data.map((p: { id: string }) => p.id)).toEqual([proceeding]);
    await app.directorySearch.indexer.runOnce();
    for (const role of ['liquidateur', 'mandataire_judiciaire']) {
      const found = await getJson(app, `/v1/mandataires?role=${role}&q=Martin`);
      expect(
        found.body.data.map((m: { id: string }) => m.id),
        role,
      ).toEqual(['jeanne-martin']);
    }
    for (const role of ['liquidateur', 'mandataire_judiciaire']) {
      const hits = await getJson(app, `/v1/search?kind=mandataire&role=${role}&q=Jeanne%20Martin`);
      expect(
        hits.body.data.map((h: { id: string }) => h.id),
        role,
      ).toEqual(['jeanne-martin']);
    }
    const proceedings = await getJson(app, '/v1/search?kind=proceeding&mandataire=jeanne-martin');
    expect(proceedings.body.data.map((h: { id: string }) => h.id)).toEqual([proceeding]);
  });

  it('shows both appointments on the pages, in French', async () => {
    const page = await app.inject({ url: `/proceedings/${proceeding}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`« ${mjQuote} »`);
    expect(page.body).toContain(`« ${liquidateurQuote} »`);
    expect(page.body).toContain('mandataire judiciaire');
    expect(page.body).toContain('20 mars 2026');
    expect(page.body).toContain('5 juin 2026');
    const practitioner = await app.inject({ url: '/mandataires/jeanne-martin' });
    expect(practitioner.statusCode).toBe(200);
    expect(practitioner.body).toContain(`« ${mjQuote} »`);
    expect(practitioner.body).toContain(`« ${liquidateurQuote} »`);
  });

  it('changes nothing when imported again', async () => {
    const before = await state(db);
    const again = await importBodacc(db, { file: fixture, actor, dryRun: false });
    expect(again.practitioners).toMatchObject({ linked: 0, ended: 0, unlinked: 0, created: 0 });
    expect(again.notices).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await state(db)).toEqual(before);
  });

  it('ends only the mandataire judiciaire appointment when a later notice discharges her of that mission', async () => {
    const discharged = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/two-roles-discharge.csv',
      actor,
      dryRun: false,
    });
    expect(discharged.practitioners).toMatchObject({ linked: 0, ended: 1, unlinked: 0 });
    const { body } = await getJson(app, `/v1/proceedings/${proceeding}`);
    expect(
      body.practitioners.map((p: Record<string, unknown>) => [p.role, p.appointed_on, p.ended_on, p.ended_notice_id]),
    ).toEqual([
      ['liquidateur', '2026-06-05', null, null],
      ['mandataire_judiciaire', '2026-03-20', '2026-07-01', 'A202602308103'],
    ]);
    const entry = (await getJson(app, '/v1/mandataires/jeanne-martin')).body;
    expect(entry.proceedings.map((p: { role: string }) => p.role)).toEqual(['liquidateur']);
    expect(
      entry.former_proceedings.map((p: Record<string, unknown>) => [p.id, p.role, p.ended_by, p.ended_on]),
    ).toEqual([[proceeding, 'mandataire_judiciaire', 'later_judgment', '2026-07-01']]);
    // Still a current mandate as liquidateur: the `mandataire` filter finds the proceeding, once.
    const listed = await getJson(app, '/v1/proceedings?mandataire=jeanne-martin');
    expect(listed.body.data.map((p: { id: string }) => p.id)).toEqual([proceeding]);
  });
});
