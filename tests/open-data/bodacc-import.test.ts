// npm run import:bodacc, end to end against the real PostgreSQL and Meilisearch: the export's notices become
// proceedings, notices, operators and practitioners; found by search afterwards; the same file again (in any of
// its three formats) changes nothing; a dry run writes nothing; a later annulation withdraws what its target made;
// a malformed file is refused, naming its line, with nothing applied.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { isValidSiren } from '../../src/domain/identifiers.js';
import { ImportFileError } from '../../src/import/read.js';
import { clientOf, stagingLockClass } from '../../src/import/staging.js';
import { mandataireWrites } from '../../src/modules/mandataires/writes.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { batchSize } from '../../src/open-data/writes.js';
import { getJson, offlineApp, testApp } from '../setup/app.js';
import { expectPathsNamed, runCli } from '../setup/cli.js';

const fixtures = 'tests/fixtures/bodacc';
/** The counts of an import of one notice that a correction withdrew. */
const oneWithdrawn = {
  read: 1,
  created: 0,
  updated: 0,
  unchanged: 0,
  withdrawn: 1,
  withoutCompany: 0,
  nonDiffusible: 0,
};
const actor = { keyId: null, name: 'import:bodacc test' };
/** The `listepersonnes` cell of the notices the tests write about BRAY CONTACT (SIREN 756 789 012). */
const brayContact = JSON.stringify({
  personne: {
    typePersonne: 'pm',
    denomination: 'BRAY CONTACT',
    numeroImmatriculation: { codeRCS: 'RCS', numeroIdentification: '756 789 012', nomGreffeImmat: 'Rouen' },
  },
});

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-'));
});

/** Rows of the tables an import writes, to compare before and after. */
async function counts() {
  const [row] = await db.execute<Record<string, number>>(sql`
    select (select count(*)::int from proceedings) as proceedings, (select count(*)::int from operators) as operators,
           (select count(*)::int from mandataires) as mandataires, (select count(*)::int from proceeding_notices) as notices,
           (select count(*)::int from proceeding_practitioners) as links, (select count(*)::int from sources) as sources,
           (select count(*)::int from changes) as changes, (select count(*)::int from citations) as citations`);
  return row!;
}

describe('npm run import:bodacc', () => {
  it('writes nothing in a dry run, and says what it would do', async () => {
    const before = await counts();
    const run = runCli('import-bodacc.ts', [`${fixtures}/annonces-commerciales.csv`, '--dry-run'], {
      DATABASE_URL: databaseUrl,
    });
    // What the report lists of the rows is told on stderr as found, each line naming its row and notice.
    expect(run.stderr.split('\n').filter((l) => !/^line \d+: A\d+: /.test(l))).toEqual(['']);
    expect(run.stdout).not.toMatch(/^line /m);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'proceedings: 4 created, 0 updated, 0 unchanged, 0 withdrawn, 0 merged into another (308)',
    );
    expect(run.stdout).toContain('notices: 6 created, 0 updated, 0 unchanged, 5 withdrawn by a correction\n');
    // The designation the Abitbol notice makes is counted once and listed once, though the notice names two companies;
    // Me Delattre's two appointments (mandataire judiciaire, then liquidateur) are two links.
    expect(run.stdout).toContain(
      'practitioners: 4 links written, 0 ended by a replacement or a discharge, 2 practitioners and 2 firms created, 1 designations not linked, 0 passages not read\n',
    );
    // Each problem with its line and notice, as the persons left out and the dates not read are.
    expect(run.stderr.match(/^.*uncertain, nothing linked: .*$/gm)).toEqual([
      "line 5: A202400302201: jugement.complementJugement: uncertain, nothing linked: 'Frédéric Abitbol' may be " +
        "'Abitbol' (abitbol): the names only partly match: « désignant liquidateur SCP Barral prise en la personne de " +
        'Me Frédéric Abitbol 40 boulevard du Jeu de Paume 34000 Montpellier »',
    ]);
    expect(run.stderr).toContain(
      "line 10: A202400904403: jugement.nature: unknown nature (kept as written): « Jugement ordonnant une mesure d'instruction inédite »\n",
    );
    expect(run.stdout).toContain('(dry run: nothing applied)');
    expect(await counts()).toEqual(before);
  });

  it('imports the CSV export: proceedings chained per company, corrections applied, practitioners linked', async () => {
    const report = await importBodacc(db, { file: `${fixtures}/annonces-commerciales.csv`, actor });
    expect(report.applied).toBe(true);
    expect(report.file).toMatchObject({ rows: 12, otherFamilies: 1, rejected: [] });
    // Six companies; the two whose notices a correction withdrew (an annulation, a rétractation) get no operator.
    expect(report.operators.created).toBe(4);
    // Each notice counted once (the one naming two companies too), the counts adding up to the notices read.
    expect(report.notices).toEqual({
      read: 11,
      created: 6,
      updated: 0,
      unchanged: 0,
      withdrawn: 5,
      withoutCompany: 0,
      nonDiffusible: 0,
    });
    expect(report.proceedings).toEqual({ created: 4, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
    expect(report.unknownNatures).toEqual([
      {
        line: 10,
        notice: 'A202400904403',
        field: 'jugement.nature',
        nature: "Jugement ordonnant une mesure d'instruction inédite",
      },
    ]);
    // « Frédéric Abitbol » may be the directory's « Abitbol »: not guessed, reported.
    expect(report.uncertain).toEqual([
      {
        line: 5,
        notice: 'A202400302201',
        field: 'jugement.complementJugement',
        quote:
          'désignant liquidateur SCP Barral prise en la personne de Me Frédéric Abitbol 40 boulevard du Jeu de Paume 34000 Montpellier',
        reason: "'Frédéric Abitbol' may be 'Abitbol' (abitbol): the names only partly match",
      },
    ]);
    // Nothing is created from that uncertain passage: neither its firm nor its person.
    const barral = await db.execute(
      sql`select id from mandataires where name ilike '%barral%' or name ilike '%frédéric%'`,
    );
    expect([...barral]).toEqual([]);
    // That notice names two companies: its designation is not linked for either proceeding, counted once as it is
    // listed once (links written are counted per proceeding and role: Me Delattre's two roles are two).
    expect(report.practitioners).toEqual({ linked: 4, ended: 0, unlinked: 1, unread: 0, created: 2, firmsCreated: 2 });

    // Opening (redressement judiciaire), conversion into liquidation, clôture with its nature (mojibake repaired).
    const { status, body } = await getJson(app, '/v1/proceedings/bodacc-a202400151101');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      company_name: 'PLATEAU APPELS NORD',
      operator: { id: 'plateau-appels-nord', name: 'PLATEAU APPELS NORD' },
      kind: 'liquidation_judiciaire',
      date: '2024-01-15',
      court: 'Tribunal de commerce de Lille Metropole',
      closed_on: '2024-11-12',
      closure_nature: "Jugement de clôture pour insuffisance d'actif",
    });
    expect(
      body.notices.map((n: { id: string; effect: string; judgment_date: string }) => [n.id, n.effect, n.judgment_date]),
    ).toEqual([
      ['A202400151101', 'status', '2024-01-15'],
      ['A202401021102', 'status', '2024-05-27'],
      ['A202402201103', 'closure', '2024-11-12'],
    ]);
    expect(body.notices[0].url).toBe('https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:A202400151101');
    // The seed's Hélène Bourbouloux is found by her name and joins the firm the notice names; Me Delattre, named
    // « Me Jean-Marc Delattre » then « Maître DELATTRE Jean-Marc », is one practitioner with two appointments:
    // mandataire judiciaire at the opening, liquidateur at the conversion (before migration 0043 the second overwrote
    // the first).
    expect(
      body.practitioners.map((p: Record<string, unknown>) => [p.id, p.role, p.appointed_on, p.powers, p.notice_id]),
    ).toEqual([
      ['helene-bourbouloux', 'administrateur_judiciaire', '2024-01-15', ['assistance'], 'A202400151101'],
      ['jean-marc-delattre', 'mandataire_judiciaire', '2024-01-15', null, 'A202400151101'],
      ['jean-marc-delattre', 'liquidateur', '2024-05-27', null, 'A202401021102'],
    ]);
    expect(body.practitioners[1].quote).toBe(
      'mandataire judiciaire SELARL Nord Mandataires prise en la personne de Me Jean-Marc Delattre 4/6, rue Esquermoise 59800 Lille',
    );
    expect(body.practitioners[2].quote).toBe(
      'désignant liquidateur SELARL Nord Mandataires prise en la personne de Maître DELATTRE Jean-Marc 4/6, rue Esquermoise 59800 Lille',
    );
    expect(body.citations).toContainEqual(
      expect.objectContaining({
        source_id: 'bodacc-a202402201103',
        source_title: 'BODACC A n° 20240220, annonce n° 1103',
        source_published_on: '2024-11-20',
        quote: "Jugement de clôture pour insuffisance d'actif",
        fields: ['closure_nature'],
      }),
    );
    // One history entry per proceeding for the import: its creation, which cites its practitioners' links too
    // (their source and quote, as the links keep them).
    const history = await getJson(app, '/v1/proceedings/bodacc-a202400151101/history');
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(history.body.data[0].citations).toContainEqual(
      expect.objectContaining({
        source_id: 'bodacc-a202400151101',
        quote: body.practitioners[0].quote,
        fields: ['practitioners'],
      }),
    );
    const [repeated] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from (
        select entity_id from changes where entity_kind = 'proceeding' group by entity_id having count(*) > 1) r`);
    expect(repeated!.n).toBe(0);
    const [source] = await db.execute<Record<string, unknown>>(
      sql`select outlet, publisher, licence, url, published_on::text, notes from sources
           where id = 'bodacc-a202400151101'`,
    );
    expect(source).toEqual({
      outlet: 'BODACC (DILA)',
      publisher: "Direction de l'information légale et administrative (DILA)",
      licence: 'Licence Ouverte 2.0',
      url: 'https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:A202400151101',
      published_on: '2024-01-24',
      notes: null,
    });
    // Every notice's source, not only the first: its publisher and licence, like the Sirene stock's.
    const sources = await db.execute<{ publisher: string; licence: string; n: number }>(sql`
      select publisher, licence, count(*)::int as n from sources where id like 'bodacc-%' group by 1, 2`);
    expect([...sources]).toEqual([
      {
        publisher: "Direction de l'information légale et administrative (DILA)",
        licence: 'Licence Ouverte 2.0',
        n: 11,
      },
    ]);

    const bourbouloux = await getJson(app, '/v1/mandataires/helene-bourbouloux');
    expect(bourbouloux.body.firm).toEqual({ id: 'selarl-fhb', name: 'SELARL FHB' });
    // The proceeding is closed (2024-11-12): her appointment is a former one, the closure ending it (verify43 02).
    expect(bourbouloux.body.proceedings).not.toContainEqual(expect.objectContaining({ id: 'bodacc-a202400151101' }));
    expect(bourbouloux.body.former_proceedings).toContainEqual({
      id: 'bodacc-a202400151101',
      company_name: 'PLATEAU APPELS NORD',
      kind: 'liquidation_judiciaire',
      date: '2024-01-15',
      operator_id: 'plateau-appels-nord',
      role: 'administrateur_judiciaire',
      appointed_on: '2024-01-15',
      closed_on: '2024-11-12',
      practitioner: { id: 'helene-bourbouloux', name: 'Hélène Bourbouloux' },
      // The designating notice and its words: where the appointment is read.
      notice_id: 'A202400151101',
      source_id: 'bodacc-a202400151101',
      quote:
        'désignant administrateur SELARL FHB prise en la personne de Me Hélène Bourbouloux 7 rue Royale 75008 Paris ' +
        'avec les pouvoirs : assistance',
      ended_by: 'closure',
      ended_on: '2024-11-12',
      ended_notice_id: 'A202402201103',
      ended_source_id: 'bodacc-a202402201103',
      ended_quote: "Jugement de clôture pour insuffisance d'actif",
    });

    // A practitioner created from a notice: the commune of the address's city, the profession of the role (a
    // liquidateur is a mandataire judiciaire), the notice cited for both.
    const delattre = await getJson(app, '/v1/mandataires/jean-marc-delattre');
    expect(delattre.body).toMatchObject({
      name: 'Jean-Marc Delattre',
      commune: 'Lille',
      code_postal: '59800',
      departement_code: '59',
      profession: 'mandataire_judiciaire',
    });
    expect(delattre.body.citations).toContainEqual(
      expect.objectContaining({
        source_id: 'bodacc-a202400151101',
        fields: ['name', 'kind', 'firm', 'commune', 'code_postal', 'profession'],
      }),
    );
    expect((await getJson(app, '/v1/mandataires/selarl-nord-mandataires')).body).toMatchObject({
      commune: 'Lille',
      profession: null,
    });

    // One notice naming two companies (`personne` as an array): a proceeding each.
    const holding = await getJson(app, '/v1/proceedings?operator=contact-sud-holding');
    expect(holding.body.data.map((p: { id: string; date: string }) => [p.id, p.date])).toEqual([
      ['bodacc-a202400302201-2', '2024-02-01'],
    ]);
    // A rectificatif replaces its target within its proceeding, which keeps the target's id: the corrected date
    // (« 18/03/2024 » for « 2023-03-18 »).
    const est = await getJson(app, '/v1/proceedings/bodacc-a202400604401');
    expect(est.body).toMatchObject({
      kind: 'sauvegarde',
      date: '2024-03-18',
      court: 'Tribunal judiciaire de Strasbourg',
    });
    expect(est.body.notices.map((n: { id: string }) => n.id)).toEqual(['A202400704402', 'A202400904403']);
    // An annulation, and a rétractation sur tierce opposition, leave no proceeding; their notices stay, withdrawn.
    const withdrawn = await db.execute<{ id: string; withdrawn_by: string; withdrawn_reason: string }>(sql`
      select id, withdrawn_by, withdrawn_reason from proceeding_notices where withdrawn_by is not null order by id`);
    expect([...withdrawn]).toEqual([
      { id: 'A202400403301', withdrawn_by: 'A202400503302', withdrawn_reason: 'annulation' },
      { id: 'A202400503302', withdrawn_by: 'A202400503302', withdrawn_reason: 'annulation' },
      { id: 'A202400604401', withdrawn_by: 'A202400704402', withdrawn_reason: 'rectificatif' },
      { id: 'A202400805501', withdrawn_by: 'A202401105502', withdrawn_reason: 'retractation' },
      { id: 'A202401105502', withdrawn_by: 'A202401105502', withdrawn_reason: 'retractation' },
    ]);
    // Nor an operator: what withdrawn notices alone say creates nothing, and cites nothing.
    const none = await db.execute(sql`
      select o.id from operators o where o.id in ('teleassist-ouest', 'appels-services-centre')
      union select c.source_id from citations c
       where c.source_id in ('bodacc-a202400403301', 'bodacc-a202400503302', 'bodacc-a202400805501',
                             'bodacc-a202401105502')`);
    expect([...none]).toEqual([]);
  });

  it('is found by search once the outbox is drained', async () => {
    await app.directorySearch.indexer.runOnce();
    const { body } = await getJson(app, '/v1/search?q=plateau%20appels%20nord');
    expect(body.data.map((h: { kind: string; id: string }) => `${h.kind}:${h.id}`)).toEqual(
      expect.arrayContaining(['proceeding:bodacc-a202400151101', 'operator:plateau-appels-nord']),
    );
  });

  it('offers the proceedings by court, opening date and practitioner, and the practitioners by role', async () => {
    const ids = async (url: string) => {
      const { status, body } = await getJson(app, url);
      expect(status, JSON.stringify(body)).toBe(200);
      return body.data.map((e: { id: string }) => e.id).sort();
    };
    const lille = encodeURIComponent('Tribunal de commerce de Lille Metropole');
    expect(await ids(`/v1/proceedings?tribunal=${lille}`)).toEqual(['bodacc-a202400151101']);
    expect(await ids('/v1/proceedings?opened_from=2024-02&opened_to=2024-03')).toEqual([
      'bodacc-a202400302201',
      'bodacc-a202400302201-2',
      'bodacc-a202400604401',
    ]);
    expect(await ids('/v1/proceedings?opened_to=2024-01-15&mandataire=jean-marc-delattre')).toEqual([
      'bodacc-a202400151101',
    ]);
    expect(await ids('/v1/mandataires?role=liquidateur')).toEqual(['jean-marc-delattre']);
    // The same through search, once indexed.
    await app.directorySearch.indexer.runOnce();
    expect(await ids(`/v1/search?kind=proceeding&tribunal=${lille}`)).toEqual(['bodacc-a202400151101']);
    expect(await ids('/v1/search?kind=mandataire&role=administrateur_judiciaire,liquidateur')).toEqual([
      'helene-bourbouloux',
      'jean-marc-delattre',
    ]);
    const { body } = await getJson(app, '/v1/search?kind=proceeding&facets=tribunal&opened_from=2024');
    expect(body.facets.tribunal).toContainEqual({ value: 'Tribunal judiciaire de Strasbourg', count: 1 });
  });

  it('finds a court however it is written: case, accents, hyphens, the BODACC’s wording, its place alone', async () => {
    await app.directorySearch.indexer.runOnce();
    const offline = await offlineApp(app, databaseUrl);
    try {
      for (const written of [
        'Tribunal de commerce de Lille Metropole',
        'tribunal de commerce de lille métropole',
        'GREFFE DU TRIBUNAL DE COMMERCE DE LILLE METROPOLE',
        'Lille Métropole',
        'lille',
        'Lille-Métropole',
        'TRIBUNAL DE COMMERCE DE LILLE - METROPOLE',
      ]) {
        const tribunal = `tribunal=${encodeURIComponent(written)}`;
        for (const [server, url] of [
          [app, `/v1/proceedings?${tribunal}`],
          [app, `/v1/proceedings?${tribunal}&q=plateau`],
          [app, `/v1/search?kind=proceeding&${tribunal}`],
          [offline, `/v1/search?kind=proceeding&${tribunal}`],
        ] as const) {
          const { status, body } = await getJson(server, url);
          expect(status, url).toBe(200);
          expect(
            body.data.map((e: { id: string }) => e.id),
            url,
          ).toEqual(['bodacc-a202400151101']);
        }
        const exported = await app.inject({ url: `/v1/proceedings/export?format=jsonl&${tribunal}` });
        expect(
          exported.body
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l).id),
        ).toEqual(['bodacc-a202400151101']);
      }
      // Another court of the same place is not this one, nor a place of which Lille is only the start of a word.
      for (const other of ['Tribunal de commerce de Lille', 'Lil', 'Tribunal judiciaire de Lille Metropole']) {
        const { body } = await getJson(app, `/v1/proceedings?tribunal=${encodeURIComponent(other)}`);
        expect(body.data, other).toEqual([]);
      }
    } finally {
      await offline.close();
    }
  });

  it('finds by a firm the proceedings of its practitioners, and lists them in the firm’s entry', async () => {
    await app.directorySearch.indexer.runOnce();
    const offline = await offlineApp(app, databaseUrl);
    try {
      // The notice names the firm, SELARL Nord Mandataires; Me Delattre, its member, is the one appointed.
      const firm = 'selarl-nord-mandataires';
      const urls: [App, string, boolean | undefined][] = [
        [app, `/v1/proceedings?mandataire=${firm}`, undefined],
        [app, `/v1/proceedings?mandataire=${firm}&q=plateau`, false],
        [app, `/v1/search?kind=proceeding&mandataire=${firm}`, false],
        [offline, `/v1/search?kind=proceeding&mandataire=${firm}`, true],
        [offline, `/v1/proceedings?mandataire=${firm}&q=plateau`, true],
      ];
      for (const [server, url, degraded] of urls) {
        const { status, body } = await getJson(server, url);
        expect(status, url).toBe(200);
        expect(body.degraded, url).toBe(degraded);
        expect(
          body.data.map((e: { id: string }) => e.id),
          url,
        ).toEqual(['bodacc-a202400151101']);
      }
      const exported = await app.inject({ url: `/v1/proceedings/export?format=jsonl&mandataire=${firm}` });
      expect(
        exported.body
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).id),
      ).toEqual(['bodacc-a202400151101']);

      const { body } = await getJson(app, `/v1/mandataires/${firm}`);
      expect(body.members).toEqual([{ id: 'jean-marc-delattre', name: 'Jean-Marc Delattre' }]);
      // Closed: no current mandate, a former one ended by the closure (verify43 02).
      expect(body.proceedings).toEqual([]);
      expect(body.former_proceedings).toEqual([
        {
          id: 'bodacc-a202400151101',
          company_name: 'PLATEAU APPELS NORD',
          kind: 'liquidation_judiciaire',
          date: '2024-01-15',
          operator_id: 'plateau-appels-nord',
          role: 'liquidateur',
          appointed_on: '2024-05-27',
          closed_on: '2024-11-12',
          practitioner: { id: 'jean-marc-delattre', name: 'Jean-Marc Delattre' },
          notice_id: 'A202401021102',
          source_id: 'bodacc-a202401021102',
          quote:
            'désignant liquidateur SELARL Nord Mandataires prise en la personne de Maître DELATTRE Jean-Marc 4/6, rue ' +
            'Esquermoise 59800 Lille',
          ended_by: 'closure',
          ended_on: '2024-11-12',
          ended_notice_id: 'A202402201103',
          ended_source_id: 'bodacc-a202402201103',
          ended_quote: "Jugement de clôture pour insuffisance d'actif",
        },
        // His appointment as mandataire judiciaire at the opening, kept beside it (issue 11).
        {
          id: 'bodacc-a202400151101',
          company_name: 'PLATEAU APPELS NORD',
          kind: 'liquidation_judiciaire',
          date: '2024-01-15',
          operator_id: 'plateau-appels-nord',
          role: 'mandataire_judiciaire',
          appointed_on: '2024-01-15',
          closed_on: '2024-11-12',
          practitioner: { id: 'jean-marc-delattre', name: 'Jean-Marc Delattre' },
          notice_id: 'A202400151101',
          source_id: 'bodacc-a202400151101',
          quote:
            'mandataire judiciaire SELARL Nord Mandataires prise en la personne de Me Jean-Marc Delattre 4/6, rue ' +
            'Esquermoise 59800 Lille',
          ended_by: 'closure',
          ended_on: '2024-11-12',
          ended_notice_id: 'A202402201103',
          ended_source_id: 'bodacc-a202402201103',
          ended_quote: "Jugement de clôture pour insuffisance d'actif",
        },
      ]);
    } finally {
      await offline.close();
    }
  });

  it.each(['annonces-commerciales.csv', 'annonces-commerciales.json', 'annonces-commerciales.jsonl'])(
    'changes nothing when imported again (%s)',
    async (name) => {
      const before = await counts();
      const report = await importBodacc(db, { file: `${fixtures}/${name}`, actor });
      expect(report.proceedings).toEqual({ created: 0, updated: 0, unchanged: 4, withdrawn: 0, merged: 0 });
      expect(report.notices).toEqual({
        read: 11,
        created: 0,
        updated: 0,
        unchanged: 11,
        withdrawn: 0,
        withoutCompany: 0,
        nonDiffusible: 0,
      });
      expect(report.practitioners).toMatchObject({ linked: 0, created: 0, firmsCreated: 0 });
      // What the first import reported of its notices (the designation not linked) is not reported again.
      expect(report.practitioners).toMatchObject({ unlinked: 0, unread: 0 });
      expect(report.uncertain).toEqual([]);
      expect(await counts()).toEqual(before);
    },
  );

  it('gives the sources an earlier import left without publisher and licence both, the licence out of their notes', async () => {
    // As the import wrote them before it named the publisher: the licence in the notes only.
    await db.execute(sql`
      update sources set publisher = null, licence = null, notes = 'Licence Ouverte 2.0' where id like 'bodacc-a2024%'`);
    const report = await importBodacc(db, { file: `${fixtures}/annonces-commerciales.csv`, actor });
    expect(report.proceedings).toEqual({ created: 0, updated: 0, unchanged: 4, withdrawn: 0, merged: 0 });
    const sources = await db.execute<Record<string, unknown>>(sql`
      select publisher, licence, notes, count(*)::int as n from sources where id like 'bodacc-%' group by 1, 2, 3`);
    expect([...sources]).toEqual([
      {
        publisher: "Direction de l'information légale et administrative (DILA)",
        licence: 'Licence Ouverte 2.0',
        notes: null,
        n: 11,
      },
    ]);
  });

  it('withdraws a proceeding when a later file annuls its opening; its history stays', async () => {
    const rows = JSON.parse(await readFile(`${fixtures}/annonces-commerciales.json`, 'utf8')) as Record<
      string,
      unknown
    >[];
    const target = rows.find((r) => r.id === 'A202400302201')!;
    const annulation = {
      ...target,
      id: 'A202401300001',
      parution: '20240130',
      numeroannonce: '1',
      dateparution: '2024-07-10',
      typeavis: 'annulation',
      parutionavisprecedent: JSON.stringify({
        nomPublication: 'BODACC A',
        numeroParution: '20240030',
        dateParution: '2024-02-14',
        numeroAnnonce: '2201',
      }),
    };
    const file = path.join(dir, 'annulation.jsonl');
    await writeFile(file, `${JSON.stringify(annulation)}\n`);
    const report = await importBodacc(db, { file, actor });
    expect(report.proceedings).toEqual({ created: 0, updated: 0, unchanged: 0, withdrawn: 2, merged: 0 });
    expect(report.notices).toEqual(oneWithdrawn);
    expect((await getJson(app, '/v1/proceedings/bodacc-a202400302201')).status).toBe(410);
    const history = await getJson(app, '/v1/proceedings/bodacc-a202400302201/history');
    expect(history.status).toBe(200);
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['create', 'withdraw']);
    // The withdrawal cites the annulling notice (its source, its words: here its judgment's, copied from its target).
    expect(history.body.data[1].citations).toEqual([
      {
        source_id: 'bodacc-a202401300001',
        quote: (JSON.parse(String(target.jugement)) as { complementJugement: string }).complementJugement,
        fields: [],
      },
    ]);
  });

  it('replaces a notice of an earlier file by its rectificatif within the same proceeding, which keeps its id', async () => {
    await importBodacc(db, { file: `${fixtures}/rectified-earlier.csv`, actor });
    const before = await getJson(app, '/v1/proceedings/bodacc-a202500709001');
    expect(before.body.practitioners.map((p: { id: string }) => p.id)).toEqual(['henri-caron']);

    const report = await importBodacc(db, { file: `${fixtures}/rectificatif-later.csv`, actor });
    expect(report.proceedings).toEqual({ created: 0, updated: 1, unchanged: 0, withdrawn: 0, merged: 0 });
    expect(report.notices).toEqual({
      read: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      withoutCompany: 0,
      nonDiffusible: 0,
    });
    const { status, body } = await getJson(app, '/v1/proceedings/bodacc-a202500709001');
    expect(status).toBe(200);
    expect(body).toMatchObject({ company_name: 'BRAY CONTACT', kind: 'liquidation_judiciaire', date: '2025-02-21' });
    expect(body.notices.map((n: { id: string }) => n.id)).toEqual(['A202500809002']);
    // The practitioner the replaced notice alone designated is unlinked (their history says so); the rectificatif's
    // is linked.
    expect(body.practitioners.map((p: { id: string; role: string }) => [p.id, p.role])).toEqual([
      ['henriette-caron', 'liquidateur'],
    ]);
    expect((await getJson(app, '/v1/mandataires/henriette-caron')).body).toMatchObject({
      commune: 'Rouen',
      profession: 'mandataire_judiciaire',
    });
    expect((await getJson(app, '/v1/proceedings/bodacc-a202500809002')).status).toBe(404);
    // Made from the replaced notice alone, now holding nothing: withdrawn, as the two notices in one file leave it
    // (never created).
    expect(report.withdrawnEntries).toEqual({ operators: [], mandataires: ['henri-caron'] });
    const henri = await getJson(app, '/v1/mandataires/henri-caron');
    expect(henri.status).toBe(410);
    const history = await getJson(app, '/v1/mandataires/henri-caron/history');
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'withdraw']);
    // Unlinked, then withdrawn, by the rectificatif, which their history cites (not the notice it replaced).
    expect(history.body.data[2].citations.map((c: { source_id: string }) => c.source_id)).toEqual([
      'bodacc-a202500809002',
    ]);
    expect(history.body.data[1].citations).toEqual([
      {
        source_id: 'bodacc-a202500809002',
        quote:
          'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Henriette Caron 5 rue Verte 76000 Rouen.',
        fields: ['proceedings'],
      },
    ]);
    // Every fact the replaced notice said is now the rectificatif's: cited anew (the date changed; the name, kind and
    // court did not), the replaced notice's citations taken off them (the history keeps them).
    const changed = await getJson(app, '/v1/proceedings/bodacc-a202500709001/history');
    expect(changed.body.data.at(-1).citations).toEqual([
      { source_id: 'bodacc-a202500809002', quote: 'BRAY CONTACT', fields: ['company_name', 'operator'] },
      { source_id: 'bodacc-a202500809002', quote: "Jugement d'ouverture de liquidation judiciaire", fields: ['kind'] },
      { source_id: 'bodacc-a202500809002', quote: '21/02/2025', fields: ['date'] },
      { source_id: 'bodacc-a202500809002', quote: 'GREFFE DU TRIBUNAL DE COMMERCE DE ROUEN', fields: ['court'] },
      {
        source_id: 'bodacc-a202500809002',
        quote: 'désignant liquidateur Me Henriette Caron 5 rue Verte 76000 Rouen',
        fields: ['practitioners'],
      },
    ]);
    const [withdrawn] = await db.execute<{ proceeding_id: string; withdrawn_by: string }>(
      sql`select proceeding_id, withdrawn_by from proceeding_notices where id = 'A202500709001'`,
    );
    expect(withdrawn).toEqual({ proceeding_id: 'bodacc-a202500709001', withdrawn_by: 'A202500809002' });
    expect(body.citations.map((c: { source_id: string }) => c.source_id)).not.toContain('bodacc-a202500709001');
  });

  it('names a practitioner created from « Maître DUBREUIL-LAMBERT Anne-Claire » first name first, quoting as written', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const notice = {
      ...(JSON.parse(lines[0]!) as Record<string, unknown>),
      id: 'A202509990007',
      numeroannonce: '7',
      jugement: JSON.stringify({
        type: 'initial',
        famille: "Jugement d'ouverture",
        nature: "Jugement d'ouverture de liquidation judiciaire",
        date: '2025-06-03',
        complementJugement:
          "Jugement prononçant la liquidation judiciaire, désignant liquidateur Maître DUBREUIL-LAMBERT Anne-Claire 2 rue Jeanne d'Arc 76000 Rouen.",
      }),
    };
    const file = path.join(dir, 'surname-first.jsonl');
    await writeFile(file, `${JSON.stringify(notice)}\n`);
    const report = await importBodacc(db, { file, actor });
    expect(report.practitioners.created).toBe(1);
    const { status, body } = await getJson(app, '/v1/mandataires/anne-claire-dubreuil-lambert');
    expect(status).toBe(200);
    expect(body.name).toBe('Anne-Claire Dubreuil-Lambert');
    expect(body.citations.some((c: { quote: string }) => c.quote.includes('Maître DUBREUIL-LAMBERT Anne-Claire'))).toBe(
      true,
    );
  });

  it('gives a created practitioner no profession for a commissaire à l’exécution du plan, no commune when unsure', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const base = JSON.parse(lines[0]!) as Record<string, unknown>;
    const plan = (id: string, number: string, complement: string) => ({
      ...base,
      id,
      numeroannonce: number,
      // Published after its judgment (a judgment dated after its notice is not read).
      dateparution: '2025-06-10',
      listepersonnes: brayContact,
      jugement: JSON.stringify({
        type: 'initial',
        famille: 'Jugement arrêtant le plan',
        nature: 'Jugement arrêtant le plan de redressement',
        date: '2025-06-02',
        complementJugement: `Jugement arrêtant le plan de redressement, désignant ${complement}.`,
      }),
    });
    const file = path.join(dir, 'plan.jsonl');
    const notices = [
      // Two communes are named Saint-Denis (93, 974): the postal code written before it tells which (verify43 07; a
      // code that is none of theirs does not: practitioners-verify43.test.ts); a city no commune bears, nothing.
      plan('A202509990005', '5', "commissaire à l'exécution du plan Me Paul Marchand 3 rue Haute 93200 Saint-Denis"),
      plan('A202509990006', '6', "commissaire à l'exécution du plan Me Paule Marchande 1 rue Basse 99999 Nulle-Part"),
    ];
    await writeFile(file, notices.map((n) => JSON.stringify(n)).join('\n'));
    const report = await importBodacc(db, { file, actor });
    expect(report.practitioners.created).toBe(2);
    const { body: paul } = await getJson(app, '/v1/mandataires/paul-marchand');
    expect(paul).toMatchObject({
      kind: 'practitioner',
      commune: 'Saint-Denis',
      code_commune: '93066',
      code_postal: '93200',
      profession: null,
    });
    expect(paul.citations.map((c: { fields: string[] }) => c.fields)).toEqual([
      ['name', 'kind', 'commune', 'code_postal'],
    ]);
    for (const id of ['paule-marchande']) {
      const { body } = await getJson(app, `/v1/mandataires/${id}`);
      expect(body).toMatchObject({ kind: 'practitioner', commune: null, profession: null });
      expect(body.citations.map((c: { fields: string[] }) => c.fields)).toEqual([['name', 'kind']]);
    }
  });

  it('withdraws, by a rétractation in a later file, a judgment of an earlier one; the proceeding keeps its id', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const retraction = {
      ...(JSON.parse(lines[0]!) as Record<string, unknown>),
      id: 'A202510000007',
      numeroannonce: '7',
      dateparution: '2025-09-10',
      listepersonnes: brayContact,
      jugement: JSON.stringify({
        type: 'initial',
        famille: 'Rétractation sur tierce opposition',
        nature: 'Rétractation sur tierce opposition',
        date: '2025-09-01',
        complementJugement: 'Jugement rétractant sur tierce opposition le jugement arrêtant le plan.',
      }),
      parutionavisprecedent: JSON.stringify({
        nomPublication: 'BODACC A',
        numeroParution: '20250999',
        dateParution: '2025-06-10',
        numeroAnnonce: '0005',
      }),
    };
    const file = path.join(dir, 'retraction.jsonl');
    await writeFile(file, `${JSON.stringify(retraction)}\n`);
    const report = await importBodacc(db, { file, actor });
    expect(report.notices).toEqual(oneWithdrawn);
    const { status, body } = await getJson(app, '/v1/proceedings/bodacc-a202500709001');
    expect(status).toBe(200);
    expect(body.notices.map((n: { id: string }) => n.id)).toEqual(['A202500809002', 'A202509990006']);
    expect(body.practitioners.map((p: { id: string }) => p.id).sort()).toEqual(['henriette-caron', 'paule-marchande']);
    const [withdrawn] = await db.execute<Record<string, string>>(
      sql`select proceeding_id, withdrawn_by, withdrawn_reason from proceeding_notices where id = 'A202509990005'`,
    );
    expect(withdrawn).toEqual({
      proceeding_id: 'bodacc-a202500709001',
      withdrawn_by: 'A202510000007',
      withdrawn_reason: 'retractation',
    });
    // The proceeding's history, and that of the practitioner the withdrawn judgment designated, cite the rétractation
    // (not the judgment it withdrew).
    const retracted = {
      source_id: 'bodacc-a202510000007',
      quote: 'Jugement rétractant sur tierce opposition le jugement arrêtant le plan.',
    };
    const history = await getJson(app, '/v1/proceedings/bodacc-a202500709001/history');
    expect(history.body.data.at(-1).citations).toEqual([{ ...retracted, fields: ['practitioners'] }]);
    const marchand = await getJson(app, '/v1/mandataires/paul-marchand/history');
    // Unlinked, then withdrawn (designated by the withdrawn judgment alone).
    expect(marchand.body.data.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'withdraw']);
    expect(marchand.body.data[1].citations).toEqual([{ ...retracted, fields: ['proceedings'] }]);
  });

  it('fills a known practitioner’s missing commune and profession from a notice designating them', async () => {
    await mandataireWrites.create(
      { db, actor },
      mandataireWrites.createBody.parse({
        id: 'odile-vasseur',
        name: 'Odile Vasseur',
        kind: 'practitioner',
        // A source whose text Plateau does not hold: its quote is not checked against an article.
        citations: [
          {
            source: { url: 'https://example.org/odile-vasseur', title: 'Odile Vasseur', outlet: 'Exemple' },
            quote: 'Odile Vasseur',
          },
        ],
      }),
    );
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const notice = {
      ...(JSON.parse(lines[0]!) as Record<string, unknown>),
      id: 'A202510000008',
      numeroannonce: '8',
      jugement: JSON.stringify({
        type: 'initial',
        famille: 'Jugement modifiant le plan',
        nature: 'Jugement modifiant le plan de redressement',
        date: '2025-10-01',
        complementJugement:
          'Jugement modifiant le plan, désignant administrateur judiciaire Me Odile Vasseur 2 rue Nationale 59000 Lille.',
      }),
    };
    const file = path.join(dir, 'known.jsonl');
    await writeFile(file, `${JSON.stringify(notice)}\n`);
    await importBodacc(db, { file, actor });
    const { body } = await getJson(app, '/v1/mandataires/odile-vasseur');
    expect(body).toMatchObject({ commune: 'Lille', code_postal: '59000', profession: 'administrateur_judiciaire' });
    expect(body.citations).toContainEqual(
      expect.objectContaining({ source_id: 'bodacc-a202510000008', fields: ['commune', 'code_postal', 'profession'] }),
    );
  });

  it('restores the notice a rectificatif replaced when a later file annuls the rectificatif', async () => {
    const text = await readFile(`${fixtures}/rectificatif-later.csv`, 'utf8');
    const file = path.join(dir, 'annul-rectificatif.csv');
    await writeFile(
      file,
      text
        .replace(
          /A202500809002;A;Bodacc A;20250080;2025-03-12;9002;rectificatif/,
          'A202510009009;A;Bodacc A;20251000;2025-10-15;9009;annulation',
        )
        .replace(
          /""numeroParution"": ""20250070"", ""dateParution"": ""2025-03-05"", ""numeroAnnonce"": ""9001""/,
          '""numeroParution"": ""20250080"", ""dateParution"": ""2025-03-12"", ""numeroAnnonce"": ""9002""',
        ),
    );
    const report = await importBodacc(db, { file, actor });
    expect(report.missingTargets).toEqual([]);
    const { status, body } = await getJson(app, '/v1/proceedings/bodacc-a202500709001');
    expect(status).toBe(200);
    expect(body.notices.map((n: { id: string }) => n.id)).toEqual(['A202500709001', 'A202509990006']);
    // Henri Caron, withdrawn (hidden) with the notice the rectificatif replaced, is designated again: the same entry
    // is shown again, under its id (no `henri-caron-2`).
    expect(body.practitioners.map((p: { id: string }) => p.id).sort()).toEqual(['henri-caron', 'paule-marchande']);
    expect((await getJson(app, '/v1/mandataires/henri-caron')).status).toBe(200);
    expect((await getJson(app, '/v1/mandataires/henri-caron-2')).status).toBe(404);
  });

  it('counts a notice naming no company with a SIREN, on every run, so that the counts add up', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const orphan = {
      ...(JSON.parse(lines[0]!) as Record<string, unknown>),
      id: 'A202409990004',
      // No SIREN anywhere: neither the person's nor the notice's `registre` (which one named person would take).
      registre: null,
      listepersonnes: JSON.stringify({ personne: { typePersonne: 'pm', denomination: 'SANS SIREN' } }),
    };
    const file = path.join(dir, 'orphan.jsonl');
    await writeFile(file, `${JSON.stringify(orphan)}\n`);
    for (let run = 0; run < 2; run++) {
      const report = await importBodacc(db, { file, actor });
      expect(report.notices).toEqual({
        read: 1,
        created: 0,
        updated: 0,
        unchanged: 0,
        withdrawn: 0,
        withoutCompany: 1,
        nonDiffusible: 0,
      });
    }
  });

  it('names the line and field of every person, notice and date it counts as left out or not read', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    const judgment = JSON.parse(first.jugement as string) as Record<string, unknown>;
    const notices = [
      // An empty person beside the company: the company is imported, the person counted and named.
      {
        ...first,
        id: 'A202409990011',
        listepersonnes: JSON.stringify({
          personne: [{}, (JSON.parse(first.listepersonnes as string) as { personne: unknown }).personne],
        }),
      },
      // An empty person alone, no SIREN in `registre`: a notice naming no company.
      { ...first, id: 'A202409990012', registre: null, listepersonnes: '{"personne": {}}' },
      // A judgment date in no writing the reader knows.
      { ...first, id: 'A202409990013', jugement: JSON.stringify({ ...judgment, date: 'le trente-deux' }) },
    ];
    const file = path.join(dir, 'left-out.jsonl');
    await writeFile(file, `${notices.map((n) => JSON.stringify(n)).join('\n')}\n`);
    const report = await importBodacc(db, { file, actor, dryRun: true });
    expect(report.file.personsWithoutSiren).toBe(2);
    expect(report.file.personsLeftOut).toEqual([
      {
        line: 1,
        notice: 'A202409990011',
        field: 'listepersonnes.personne.0',
        reason: 'empty: neither a name nor a SIREN',
      },
      {
        line: 2,
        notice: 'A202409990012',
        field: 'listepersonnes.personne.0',
        reason: 'empty: neither a name nor a SIREN',
      },
    ]);
    expect(listedLines(report).filter((l) => l.startsWith('line '))).toEqual([
      'line 1: A202409990011: listepersonnes.personne.0: person left out: empty: neither a name nor a SIREN',
      'line 2: A202409990012: listepersonnes.personne.0: person left out: empty: neither a name nor a SIREN',
      'line 2: A202409990012: listepersonnes: names no company with a valid SIREN (only its source kept)',
      'line 3: A202409990013: jugement.date: judgment date not read: « le trente-deux », not a date',
    ]);
  });

  it('refuses a file that is not UTF-8, naming its line; nothing applied', async () => {
    const text = await readFile(`${fixtures}/annonces-commerciales.csv`, 'utf8');
    const file = path.join(dir, 'latin1.csv');
    await writeFile(file, iconv.encode(text.replace(/^\uFEFF/, ''), 'windows-1252'));
    const before = await counts();
    await expect(importBodacc(db, { file, actor })).rejects.toThrow(
      new ImportFileError(
        `${file}: line 2 is not UTF-8 (the BODACC export is UTF-8; was the file saved again in another encoding?)`,
      ),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a file without a column a notice needs', async () => {
    const text = await readFile(`${fixtures}/annonces-commerciales.csv`, 'utf8');
    const file = path.join(dir, 'no-jugement.csv');
    await writeFile(file, text.replace(';jugement;', ';judgement;'));
    await expect(importBodacc(db, { file, actor })).rejects.toThrow(
      `${file}: line 1 lacks the column 'jugement' (export the data set with its field names: use_labels=false)`,
    );
  });

  it('rejects a row whose JSON cell is broken, at its line, and applies none of the file', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const broken = JSON.parse(lines[3]!) as Record<string, unknown>;
    broken.jugement = String(broken.jugement).slice(0, 40);
    broken.id = 'A202409990001';
    const fresh = { ...(JSON.parse(lines[0]!) as Record<string, unknown>), id: 'A202409990002' };
    const file = path.join(dir, 'broken.jsonl');
    await writeFile(file, `${JSON.stringify(fresh)}\n\n${JSON.stringify(broken)}\n`);
    const before = await counts();
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.file.rejected).toEqual([
      {
        line: 3,
        errors: [
          {
            field: 'jugement',
            message: expect.stringMatching(/^is not valid JSON \(/),
          },
        ],
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rejects a notice whose id an earlier line holds, naming both lines; nothing applied', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const fresh = { ...(JSON.parse(lines[0]!) as Record<string, unknown>), id: 'A202409990003' };
    const file = path.join(dir, 'twice.jsonl');
    await writeFile(file, `${JSON.stringify(fresh)}\n${lines[1]}\n${JSON.stringify(fresh)}\n`);
    const before = await counts();
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.file.rejected).toEqual([
      { line: 3, errors: [{ field: 'id', message: "'A202409990003' already appears at line 1" }] },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a CSV row cut short, naming its line and its cells; nothing applied', async () => {
    const text = await readFile(`${fixtures}/annonces-commerciales.csv`, 'utf8');
    const lines = text.split('\r\n');
    const cells = (line: string) => line.split(';');
    // Line 3 cut after its 20th cell (the judgment and what follows lost), line 5 after its 22nd, the annulation
    // of line 7 after its 10th.
    lines[2] = cells(lines[2]!).slice(0, 20).join(';');
    lines[4] = cells(lines[4]!).slice(0, 22).join(';');
    lines[6] = cells(lines[6]!).slice(0, 10).join(';');
    const file = path.join(dir, 'short.csv');
    await writeFile(file, lines.join('\r\n'));
    const before = await counts();
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.file.rejected).toEqual([
      {
        line: 3,
        errors: [{ field: 'row', message: 'is cut short: it has 20 cells where the header names 33 columns' }],
      },
      {
        line: 5,
        errors: [{ field: 'row', message: 'is cut short: it has 22 cells where the header names 33 columns' }],
      },
      {
        line: 7,
        errors: [{ field: 'row', message: 'is cut short: it has 10 cells where the header names 33 columns' }],
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses JSON cells of the wrong shape, each at its line and field with what was expected; nothing applied', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const base = JSON.parse(lines[0]!) as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { jugement: '"just a string"' },
      { jugement: '42' },
      { jugement: '[1,2]' },
      { jugement: JSON.stringify({ famille: "Jugement d'ouverture", nature: 5, date: '2024-01-15' }) },
      { listepersonnes: null },
      { listepersonnes: '"x"' },
      { listepersonnes: '{"personne":5}' },
      { parutionavisprecedent: '[1]' },
      { publicationavis: 'Z' },
    ];
    const file = path.join(dir, 'shapes.jsonl');
    await writeFile(
      file,
      bad.map((b, i) => JSON.stringify({ ...base, id: `A20240999010${i}`, numeroannonce: `10${i}`, ...b })).join('\n'),
    );
    const before = await counts();
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(false);
    const judgment = 'is not a judgment {famille, nature, date, complementJugement} of texts';
    const persons = 'a list of persons {"personne": {…} or [{…}, …]}';
    expect(report.file.rejected).toEqual([
      { line: 1, errors: [{ field: 'jugement', message: `${judgment} (must be an object, not 'just a string')` }] },
      { line: 2, errors: [{ field: 'jugement', message: `${judgment} (must be an object, not 42)` }] },
      { line: 3, errors: [{ field: 'jugement', message: `${judgment} (must be an object, not a list)` }] },
      { line: 4, errors: [{ field: 'jugement', message: `${judgment} (nature: must be text, not 5)` }] },
      { line: 5, errors: [{ field: 'listepersonnes', message: `is empty where ${persons} is expected` }] },
      {
        line: 6,
        errors: [{ field: 'listepersonnes', message: `is not ${persons} (must be an object, not 'x')` }],
      },
      {
        line: 7,
        errors: [{ field: 'listepersonnes', message: `is not ${persons} (personne.0: must be an object, not 5)` }],
      },
      {
        line: 8,
        errors: [
          {
            field: 'parutionavisprecedent',
            message:
              'is not the notice corrected {nomPublication, numeroParution, numeroAnnonce} (must be an object, not a list)',
          },
        ],
      },
      { line: 9, errors: [{ field: 'publicationavis', message: "'Z' is not A, B or C" }] },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL character in any cell it reads, JSON cells included, at its line and field; nothing applied', async () => {
    // The CLI on a CSV export: a NUL in `tribunal`, and one inside the JSON of `listepersonnes`.
    const [header, first, second] = (await readFile(`${fixtures}/annonces-commerciales.csv`, 'utf8')).split('\n');
    const file = path.join(dir, 'nul.csv');
    await writeFile(
      file,
      [
        header,
        first!.replace('""denomination"": ""PLATEAU APPELS NORD""', '""denomination"": ""PLATEAU\u0000 APPELS NORD""'),
        second!.replace(';Greffe du Tribunal de Commerce de lille metropole;', ';Greffe du Tribunal\u0000 de Lille;'),
      ].join('\n'),
    );
    const before = await counts();
    const run = runCli('import-bodacc.ts', [file], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toBe(
      'line 2: listepersonnes.personne.0.denomination: must not contain the NUL character\n' +
        'line 3: tribunal: must not contain the NUL character\n',
    );
    expect(run.status).toBe(1);
    expect(run.stdout.endsWith('nothing applied: fix the rows above\n')).toBe(true);
    expect(await counts()).toEqual(before);
  }, 60_000);

  it("refuses \\u0000, half a surrogate pair, INSEE's mask [ND] or a text too long in a JSON-lines field or JSON cell; nothing applied", async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const base = JSON.parse(lines[0]!) as Record<string, unknown>;
    const judgment = JSON.parse(String(base.jugement)) as Record<string, string>;
    const withJudgment = (changed: Record<string, string>) => JSON.stringify({ ...judgment, ...changed });
    const bad: Record<string, unknown>[] = [
      { jugement: withJudgment({ complementJugement: 'Jugement\u0000 prononçant la liquidation judiciaire' }) },
      { tribunal: 'GREFFE DU TRIBUNAL DE COMMERCE\u0000 DE LILLE' },
      { jugement: withJudgment({ complementJugement: 'x'.repeat(200_001) }) },
      { jugement: withJudgment({ nature: 'Jugement \ud800' }) },
      { tribunal: 'T'.repeat(301), url_complete: `https://www.bodacc.fr/${'x'.repeat(2_000)}` },
      { tribunal: '[ND]', listepersonnes: JSON.stringify({ personne: { denomination: '[ND]' } }) },
    ];
    const file = path.join(dir, 'texts.jsonl');
    await writeFile(
      file,
      bad.map((b, i) => JSON.stringify({ ...base, id: `A20240999030${i}`, numeroannonce: `30${i}`, ...b })).join('\n'),
    );
    const before = await counts();
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(false);
    expect(report.file.rejected).toEqual([
      { line: 1, errors: [{ field: 'jugement.complementJugement', message: 'must not contain the NUL character' }] },
      { line: 2, errors: [{ field: 'tribunal', message: 'must not contain the NUL character' }] },
      {
        line: 3,
        errors: [
          { field: 'jugement.complementJugement', message: 'is 200001 characters long: must be at most 200000' },
        ],
      },
      {
        line: 4,
        errors: [{ field: 'jugement.nature', message: 'must be Unicode text: it holds half of a surrogate pair' }],
      },
      {
        line: 5,
        errors: [
          { field: 'tribunal', message: 'is 301 characters long: must be at most 300' },
          { field: 'url_complete', message: 'is 2022 characters long: must be at most 2000' },
        ],
      },
      {
        line: 6,
        errors: ['tribunal', 'listepersonnes.personne.0.denomination'].map((field) => ({
          field,
          message: 'is masked ([ND]): a value not published is unknown; leave the cell empty',
        })),
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('says in words, without the statement and its values, why PostgreSQL refused a write; nothing applied', async () => {
    // A rule the checks do not know, as a constraint added by hand would be: PostgreSQL refuses the notice itself.
    await db.execute(
      sql`alter table proceeding_notices add constraint test_refused_notice check (court_as_written <> 'REFUSÉ')`,
    );
    try {
      const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
      const notice = {
        ...(JSON.parse(lines[0]!) as object),
        id: 'A202409990400',
        numeroannonce: '400',
        tribunal: 'REFUSÉ',
      };
      const file = path.join(dir, 'refused.jsonl');
      await writeFile(file, `${JSON.stringify(notice)}\n`);
      const before = await counts();
      const cli = (env: Record<string, string>) =>
        runCli('import-bodacc.ts', [file], { DATABASE_URL: databaseUrl, ...env });
      const said =
        'import failed, nothing applied: PostgreSQL refused a statement: new row for relation "proceeding_notices" ' +
        'violates check constraint "test_refused_notice"\n';
      const run = cli({ LOG_LEVEL: 'info' });
      expect(run.stderr).toBe(said);
      expect(run.status).toBe(1);
      // The whole error only in the debug log, before the same words.
      const debug = cli({ LOG_LEVEL: 'debug' });
      expect(debug.stderr.startsWith('debug: ')).toBe(true);
      expect(debug.stderr).toContain('Failed query: ');
      expect(debug.stderr.endsWith(said)).toBe(true);
      expect(debug.status).toBe(1);
      expect(await counts()).toEqual(before);
    } finally {
      await db.execute(sql`alter table proceeding_notices drop constraint test_refused_notice`);
    }
  }, 60_000);

  it('names a path that is a directory or no file, and exits 1', () => {
    expectPathsNamed('import-bodacc.ts', dir);
  }, 30_000);

  it('imports a notice whose complementJugement is beyond what the reader reads, reporting its text as not read', async () => {
    const lines = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8')).trim().split('\n');
    const base = JSON.parse(lines[0]!) as Record<string, unknown>;
    // 150,000 characters: more than the practitioners' reader reads (100,000), less than a cell may hold (200,000).
    const complement = 'désignant liquidateur Me Paul Test '.repeat(4_300);
    const notice = {
      ...base,
      id: 'A202409990200',
      numeroannonce: '200',
      jugement: JSON.stringify({
        type: 'initial',
        famille: 'Jugement modifiant le plan',
        nature: 'Jugement modifiant le plan de redressement',
        date: '2024-09-01',
        complementJugement: complement,
      }),
    };
    const file = path.join(dir, 'huge.jsonl');
    await writeFile(file, `${JSON.stringify(notice)}\n`);
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(true);
    // (The text as kept: trimmed of its last space.)
    expect(report.unreadTexts).toEqual([{ line: 1, notice: 'A202409990200', characters: 150_499 }]);
    expect(report.notices).toMatchObject({ read: 1, created: 1 });
    expect(report.practitioners).toEqual({ linked: 0, ended: 0, unlinked: 0, unread: 0, created: 0, firmsCreated: 0 });
    const [row] = await db.execute<{ n: number }>(
      sql`select length(complement)::int as n from proceeding_notices where id = 'A202409990200'`,
    );
    expect(row).toEqual({ n: 150_499 });
  });

  it('drops the staging table an import killed left behind, and leaves a running import’s alone', async () => {
    const tables = async () =>
      [
        ...(await db.execute<{ name: string }>(
          sql`select relname as name from pg_class where starts_with(relname, 'bodacc_staging_') order by relname`,
        )),
      ].map((r) => r.name);
    // A killed import's table: its session, and so its lock, gone.
    await db.execute(sql`create unlogged table bodacc_staging_999999_deadbeef (siren varchar)`);
    // A running import's table: its lock held by a live session.
    const running = 'bodacc_staging_999998_cafecafe';
    await db.execute(sql`create unlogged table ${sql.identifier(running)} (siren varchar)`);
    const session = await clientOf(db).reserve();
    try {
      await session`select pg_advisory_lock(${stagingLockClass}, hashtext(${running}))`;
      expect(await tables()).toEqual([running, 'bodacc_staging_999999_deadbeef']);
      await importBodacc(db, { file: `${fixtures}/rectified-earlier.csv`, actor, dryRun: true });
      expect(await tables()).toEqual([running]);
    } finally {
      await session`select pg_advisory_unlock(${stagingLockClass}, hashtext(${running}))`;
      session.release();
    }
    await importBodacc(db, { file: `${fixtures}/rectified-earlier.csv`, actor, dryRun: true });
    expect(await tables()).toEqual([]);
  });

  it('lists once, and counts once, what it reports of a notice naming two companies', async () => {
    const rows = (await readFile(`${fixtures}/annonces-commerciales.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const two = rows.find((r) => r.id === 'A202400302201')!;
    const judgment = (nature: string) =>
      JSON.stringify({ type: 'initial', famille: 'Jugement', nature, date: '2024-10-01', complementJugement: nature });
    const notices = [
      // A nature no rule knows, on both companies' timelines.
      { ...two, id: 'A202409990301', numeroannonce: '301', jugement: judgment('Jugement ordonnant une chose inouïe') },
      // A rectificatif whose target is imported nowhere.
      {
        ...two,
        id: 'A202409990302',
        numeroannonce: '302',
        typeavis: 'rectificatif',
        jugement: judgment("Jugement d'ouverture de liquidation judiciaire"),
        parutionavisprecedent: JSON.stringify({
          nomPublication: 'BODACC A',
          numeroParution: '20249999',
          dateParution: '2024-09-01',
          numeroAnnonce: '9',
        }),
      },
    ];
    const file = path.join(dir, 'two-companies.jsonl');
    await writeFile(file, notices.map((n) => JSON.stringify(n)).join('\n'));
    const report = await importBodacc(db, { file, actor, dryRun: true });
    // Listed once, at its line of the JSON-lines file, whatever number of companies it names.
    expect(report.unknownNatures).toEqual([
      { line: 1, notice: 'A202409990301', field: 'jugement.nature', nature: 'Jugement ordonnant une chose inouïe' },
    ]);
    expect(report.missingTargets).toEqual([
      { line: 2, notice: 'A202409990302', field: 'parutionavisprecedent', target: 'A202499999' },
    ]);
  });

  it('gives distinct ids to namesakes in different batches of companies, written while the next is prepared', async () => {
    // batchSize + 2 companies in SIREN order: the first batch holds companies 0…batchSize-1, the second the last two.
    // Company 1 and the last one bear the same name; one notice names company 0 and company batchSize together.
    const count = batchSize + 2;
    const sirens: string[] = [];
    for (let base = 91_000_000; sirens.length < count; base++) {
      const siren = Array.from({ length: 10 }, (_, d) => `${base}${d}`).find(isValidSiren);
      if (siren) sirens.push(siren);
    }
    const nameOf = (k: number) => (k === 1 || k === count - 1 ? 'HOMONYME SERVICES' : `SOCIETE LOT ${k}`);
    const personne = (k: number) => ({
      typePersonne: 'pm',
      denomination: nameOf(k),
      numeroImmatriculation: { numeroIdentification: sirens[k] },
    });
    const line = (id: string, companies: number[]) =>
      JSON.stringify({
        id,
        publicationavis: 'A',
        parution: '20249998',
        dateparution: '2024-10-02',
        numeroannonce: id.slice(9),
        typeavis: 'annonce',
        familleavis: 'collective',
        familleavis_lib: 'Procédures collectives',
        tribunal: 'GREFFE DU TRIBUNAL DE COMMERCE DE LYON',
        registre: companies.map((k) => sirens[k]),
        listepersonnes: JSON.stringify({ personne: companies.map(personne) }),
        jugement: JSON.stringify({
          type: 'initial',
          famille: 'Jugement',
          nature: "Jugement d'ouverture de liquidation judiciaire",
          date: '2024-10-01',
          complementJugement: 'Jugement prononçant la liquidation judiciaire.',
        }),
        parutionavisprecedent: null,
        url_complete: `https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:${id}`,
      });
    const shared = 'A20249998100000';
    const lines = [line(shared, [0, batchSize])];
    for (let k = 1; k < count; k++)
      if (k !== batchSize) lines.push(line(`A2024999810${String(k).padStart(4, '0')}`, [k]));
    const file = path.join(dir, 'two-batches.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);

    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(true);
    expect(report.operators.created).toBe(count);
    expect(report.proceedings).toEqual({ created: count, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
    const operators = await db.execute<{ siren: string; id: string }>(
      sql`select siren, id from operators where siren = any(${sql.param([sirens[1]!, sirens[count - 1]!])}) order by siren`,
    );
    expect([...operators]).toEqual([
      { siren: sirens[1], id: 'homonyme-services' },
      { siren: sirens[count - 1], id: 'homonyme-services-2' },
    ]);
    const proceedings = await db.execute<{ id: string; operator_id: string }>(
      sql`select p.id, p.operator_id from proceedings p where p.id like ${`bodacc-${shared.toLowerCase()}%`} order by p.id`,
    );
    const operatorOf = async (siren: string) =>
      (await db.execute<{ id: string }>(sql`select id from operators where siren = ${siren}`))[0]!.id;
    expect([...proceedings]).toEqual([
      { id: `bodacc-${shared.toLowerCase()}`, operator_id: await operatorOf(sirens[0]!) },
      { id: `bodacc-${shared.toLowerCase()}-2`, operator_id: await operatorOf(sirens[batchSize]!) },
    ]);

    const again = await importBodacc(db, { file, actor });
    expect(again.operators.created).toBe(0);
    expect(again.proceedings).toEqual({ created: 0, updated: 0, unchanged: count, withdrawn: 0, merged: 0 });
    expect(again.notices).toMatchObject({ created: 0, updated: 0, unchanged: count - 1 });
  }, 120_000); // a real import of 2,002 companies: minutes on a loaded 2-core machine, not a timed test
});
