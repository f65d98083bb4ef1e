// Faults 01, 02 and 05 of /tmp/verify35 (issue 11's hostile check of the BODACC practitioners): a firm written after
// its practitioner's name was never read (a namesake of another firm and city was linked, the firm never made); a
// judgment replacing a practitioner linked no one and reported nothing, the one replaced staying current; a name
// written surname first with no capitals to tell the order was shown inverted, and the practitioners' list, whose nom
// and prénom columns say the order, never set it.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import test' };
const faults = 'tests/fixtures/bodacc/faults';

/**
 * A proceeding's practitioners as its page lists them: id, role and the notice that designated them, and, for a
 * former appointment, the date and notice of the judgment that ended it.
 */
const practitionersOf = async (app: App, proceeding: string) =>
  ((await getJson(app, `/v1/proceedings/${proceeding}`)).body.practitioners as Record<string, unknown>[]).map((p) => ({
    id: p.id,
    role: p.role,
    notice_id: p.notice_id,
    ...(p.ended_notice_id ? { ended_on: p.ended_on, ended_notice_id: p.ended_notice_id } : {}),
  }));

/** What the reader takes of a text: role, firm, name and city of each, and who each replaces. */
const read = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city, p.replaces ?? []]);

/** The words of the notice that replaced Me Vasseur (A20240160911). */
const replacedBy =
  'remplacement du liquidateur Me Hélène Vasseur par la SCP BERTIN-ROUX prise en la personne de Me Gaspard Roux 2 B, ' +
  'avenue Foch 13006 Marseille en qualité de liquidateur';

describe('the reader, a firm written after its practitioner’s name (fault 01)', () => {
  it('reads the firm after a comma, « membre de la », a name in capitals, « Me. », as when written first', () => {
    const at = (holder: string) =>
      read(`Jugement d'ouverture de liquidation judiciaire, désignant liquidateur ${holder}.`)[0]!.slice(0, 4);
    expect(at('Me Claire Ombredane, SELARL NORD LIQUIDATIONS 10 rue Esquermoise 59000 Lille')).toEqual([
      'liquidateur',
      'SELARL NORD LIQUIDATIONS',
      'Claire Ombredane',
      'Lille',
    ]);
    expect(at('Maître LE GALL Yannick, SELARL ATLANTIQUE MJ, 5 quai de la Fosse 44000 Nantes')).toEqual([
      'liquidateur',
      'SELARL ATLANTIQUE MJ',
      'Yannick Le Gall',
      'Nantes',
    ]);
    expect(at('Me Valentin Dufresne, SCP DUFRESNE ET ASSOCIES 21 rue Nationale 59000 Lille')).toEqual([
      'liquidateur',
      'SCP DUFRESNE ET ASSOCIES',
      'Valentin Dufresne',
      'Lille',
    ]);
    expect(at('Me. Clément Aubry, SELARL AUBRY 18 rue des Carmes 45000 Orléans')).toEqual([
      'liquidateur',
      'SELARL AUBRY',
      'Clément Aubry',
      'Orléans',
    ]);
    expect(
      at('Me Jean-Baptiste Lefort membre de la SELARL LEFORT & ASSOCIES, 3 rue de la République 69002 Lyon'),
    ).toEqual(['liquidateur', 'SELARL LEFORT & ASSOCIES', 'Jean-Baptiste Lefort', 'Lyon']);
    expect(
      read('Liquidateur : Maître Hugo Fontaine, membre de la SELARL FONTAINE ASSOCIES, 5 rue Lafayette 75009 Paris'),
    ).toEqual([['liquidateur', 'SELARL FONTAINE ASSOCIES', 'Hugo Fontaine', 'Paris', []]]);
    // In parentheses or between dashes (/tmp/verify36, fault 01): the parenthesis no part of the firm's name.
    expect(at('Me Claire Ombredane (SELARL NORD LIQUIDATIONS) 10 rue Esquermoise 59000 Lille')).toEqual([
      'liquidateur',
      'SELARL NORD LIQUIDATIONS',
      'Claire Ombredane',
      'Lille',
    ]);
    expect(at('Me Claire Ombredane - SELARL NORD LIQUIDATIONS - 10 rue Esquermoise 59000 Lille')).toEqual([
      'liquidateur',
      'SELARL NORD LIQUIDATIONS',
      'Claire Ombredane',
      'Lille',
    ]);
    expect(at('Me Sophie Marchal (SELAFA MJA), 102 rue du Faubourg Saint-Denis 75010 Paris')).toEqual([
      'liquidateur',
      'SELAFA MJA',
      'Sophie Marchal',
      'Paris',
    ]);
  });

  it('reports a firm after the name that has a person of its own, taking nothing', () => {
    const text =
      'Jugement, désignant liquidateur Me Claire Ombredane, SELARL NORD prise en la personne de Me Paul Nord 10 rue Esquermoise 59000 Lille.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote:
            'désignant liquidateur Me Claire Ombredane, SELARL NORD prise en la personne de Me Paul Nord 10 rue Esquermoise 59000 Lille',
          reason: 'a role followed by a firm or a title whose person cannot be read',
        },
      ],
    });
  });
});

describe('import:bodacc, a firm written after its practitioner’s name (fault 01)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('reports the namesake of another firm and city as the firm-first writing is, and makes and joins the firm', async () => {
    const report = await importBodacc(db, { file: `${faults}/firm-after-name.csv`, actor });
    const reason =
      "'Claire Ombredane' of SELARL NORD LIQUIDATIONS, Lille may be 'Claire Ombredane' (claire-ombredane) of SELAS MJ PROVENCE, Marseille: the same name, another firm and another city";
    expect(report.uncertain).toEqual([
      {
        line: 3,
        notice: 'A20240110305',
        field: 'jugement.complementJugement',
        quote: 'désignant liquidateur Me Claire Ombredane, SELARL NORD LIQUIDATIONS 10 rue Esquermoise 59000 Lille',
        reason,
      },
      {
        line: 4,
        notice: 'A20240150901',
        field: 'jugement.complementJugement',
        quote:
          'désignant liquidateur SELARL NORD LIQUIDATIONS prise en la personne de Me Claire Ombredane 10 rue Esquermoise 59000 Lille',
        reason,
      },
    ]);
    expect(report.practitioners).toEqual({ linked: 2, ended: 0, unlinked: 2, unread: 0, created: 2, firmsCreated: 2 });
    expect(await practitionersOf(app, 'bodacc-a20240110305')).toEqual([]);
    const firms = (await getJson(app, '/v1/mandataires?kind=firm')).body.data as { id: string }[];
    expect(firms.map((f) => f.id)).toEqual(['etude-meynet', 'selarl-atlantique-mj', 'selas-mj-provence']);
    const { body } = await getJson(app, '/v1/mandataires/yannick-le-gall');
    expect(body).toMatchObject({
      name: 'Yannick Le Gall',
      firm: { id: 'selarl-atlantique-mj', name: 'SELARL ATLANTIQUE MJ' },
      commune: 'Nantes',
    });
  });
});

describe('the reader, a judgment replacing a practitioner (fault 02)', () => {
  it('reads the new holder in the role, and the one replaced', () => {
    const vasseur = [{ firm: null, person: 'Hélène Vasseur', name: 'Hélène Vasseur' }];
    expect(
      read(
        'Jugement prononçant le remplacement du liquidateur Me Hélène Vasseur par la SCP BERTIN-ROUX prise en la personne de Me Gaspard Roux 2 B, avenue Foch 13006 Marseille en qualité de liquidateur.',
      ),
    ).toEqual([['liquidateur', 'SCP BERTIN-ROUX', 'Gaspard Roux', 'Marseille', vasseur]]);
    expect(
      read(
        'Jugement ordonnant le remplacement du liquidateur, Me Hélène Vasseur, par Me Gaspard Roux, SCP BERTIN-ROUX 2 B, avenue Foch 13006 Marseille, désigné en qualité de liquidateur.',
      ),
    ).toEqual([['liquidateur', 'SCP BERTIN-ROUX', 'Gaspard Roux', 'Marseille', vasseur]]);
    expect(
      read(
        'Jugement désignant Me Gaspard Roux 2 B, avenue Foch 13006 Marseille, en remplacement de Me Jean-Baptiste Lefort, en qualité de mandataire judiciaire.',
      ),
    ).toEqual([
      [
        'mandataire_judiciaire',
        null,
        'Gaspard Roux',
        'Marseille',
        [{ firm: null, person: 'Jean-Baptiste Lefort', name: 'Jean-Baptiste Lefort' }],
      ],
    ]);
    // « aux lieu et place de », the plural the judgments write as often as « au » (/tmp/verify36, fault 02).
    expect(
      read(
        'Jugement désignant Me Jules Imbert, 2 avenue Foch 13006 Marseille, en qualité de liquidateur aux lieu et place de Me Denis Carre.',
      ),
    ).toEqual([
      ['liquidateur', null, 'Jules Imbert', 'Marseille', [{ firm: null, person: 'Denis Carre', name: 'Denis Carre' }]],
    ]);
  });

  it('takes no « par » of another sentence for the replacement’s', () => {
    expect(
      read(
        'Jugement prononçant le remplacement du liquidateur. Les créances sont à adresser par Me Paul Blanc 1 rue Haute 75001 Paris.',
      ),
    ).toEqual([]);
  });

  it('reports a replacement or a role « en qualité de » whose holder it cannot read, never drops it', () => {
    expect(
      extractPractitioners(
        'Jugement prononçant le remplacement du liquidateur Me Hélène Vasseur par la SCP BERTIN-ROUX prise en la personne de Me @Gaspard Roux 2 B, avenue Foch 13006 Marseille en qualité de liquidateur.',
      ),
    ).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote:
            'remplacement du liquidateur Me Hélène Vasseur par la SCP BERTIN-ROUX prise en la personne de Me @Gaspard Roux 2 B, avenue Foch 13006 Marseille en qualité de liquidateur',
          reason: 'a holder named before « en qualité de » that cannot be read',
        },
      ],
    });
    expect(
      extractPractitioners(
        "Jugement prononçant l'adjonction de Me Hugo Vernet 1 rue de la Paix 75002 Paris en qualité de mandataire judiciaire.",
      ),
    ).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote:
            "Jugement prononçant l'adjonction de Me Hugo Vernet 1 rue de la Paix 75002 Paris en qualité de mandataire judiciaire",
          reason: 'a role given « en qualité de » beside a firm or a « Me », in a wording the reader cannot read',
        },
      ],
    });
  });
});

describe('import:bodacc, a judgment replacing a practitioner (fault 02)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('links the new one in the role; the one replaced is kept as a former appointment, ended on the judgment’s date, its history citing it', async () => {
    await importBodacc(db, { file: `${faults}/replacement-openings.csv`, actor });
    expect(await practitionersOf(app, 'bodacc-a20240050101')).toEqual([
      { id: 'helene-vasseur', role: 'liquidateur', notice_id: 'A20240050101' },
    ]);
    expect(await practitionersOf(app, 'bodacc-a20240052103')).toEqual([
      { id: 'jean-baptiste-lefort', role: 'mandataire_judiciaire', notice_id: 'A20240052103' },
    ]);
    const report = await importBodacc(db, { file: `${faults}/replacement.csv`, actor });
    expect(report.uncertain).toEqual([]);
    expect(report.practitioners).toEqual({
      linked: 2,
      ended: 2,
      unlinked: 0,
      unread: 0,
      created: 1,
      firmsCreated: 1,
    });
    // The first judgment replacing her ends her appointment (6 May); the second designates the same holder again.
    expect(await practitionersOf(app, 'bodacc-a20240050101')).toEqual([
      { id: 'gaspard-roux', role: 'liquidateur', notice_id: 'A20240151902' },
      {
        id: 'helene-vasseur',
        role: 'liquidateur',
        notice_id: 'A20240050101',
        ended_on: '2024-05-06',
        ended_notice_id: 'A20240160911',
      },
    ]);
    expect(await practitionersOf(app, 'bodacc-a20240052103')).toEqual([
      { id: 'gaspard-roux', role: 'mandataire_judiciaire', notice_id: 'A20240170921' },
      {
        id: 'jean-baptiste-lefort',
        role: 'mandataire_judiciaire',
        notice_id: 'A20240052103',
        ended_on: '2024-05-14',
        ended_notice_id: 'A20240170921',
      },
    ]);
    const vasseur = await getJson(app, '/v1/mandataires/helene-vasseur');
    expect(vasseur.status).toBe(200);
    // No current mandate; the former one listed apart, with its end.
    expect(vasseur.body.proceedings).toEqual([]);
    expect(vasseur.body.proceedings_total).toBe(0);
    expect(vasseur.body.former_proceedings).toEqual([
      {
        id: 'bodacc-a20240050101',
        company_name: 'APPELS RHONE ALPHA',
        kind: 'liquidation_judiciaire',
        date: '2024-03-05',
        operator_id: expect.any(String),
        role: 'liquidateur',
        appointed_on: '2024-03-05',
        closed_on: null,
        practitioner: { id: 'helene-vasseur', name: 'Hélène Vasseur' },
        notice_id: 'A20240050101',
        source_id: 'bodacc-a20240050101',
        quote:
          'désignant liquidateur SELARL ALPHA MANDATAIRES prise en la personne de Me Hélène Vasseur 4/6, rue des ' +
          'Tanneurs 69003 Lyon',
        ended_by: 'later_judgment',
        ended_on: '2024-05-06',
        ended_notice_id: 'A20240160911',
        // The end cites the notice that replaced her, not the one that designated her (verify42 03).
        ended_source_id: 'bodacc-a20240160911',
        ended_quote: replacedBy,
      },
    ]);
    expect(vasseur.body.former_proceedings_total).toBe(1);
    // Every current mandate of her firm, and the `mandataire` filter, count only links not ended.
    const firm = await getJson(app, '/v1/mandataires/selarl-alpha-mandataires');
    expect([firm.body.proceedings_total, firm.body.former_proceedings_total]).toEqual([0, 1]);
    const ids = async (url: string) => ((await getJson(app, url)).body.data as { id: string }[]).map((p) => p.id);
    expect(await ids('/v1/proceedings?mandataire=helene-vasseur')).toEqual([]);
    expect(await ids('/v1/proceedings?mandataire=selarl-alpha-mandataires')).toEqual([]);
    expect((await ids('/v1/proceedings?mandataire=gaspard-roux')).sort()).toEqual([
      'bodacc-a20240050101',
      'bodacc-a20240052103',
    ]);
    expect(await ids('/v1/proceedings?mandataire=scp-bertin-roux&q=alpha')).toEqual(['bodacc-a20240050101']);
    // The pages: the proceeding's and the practitioner's show the former appointment as ended, with its date.
    const page = (url: string) => app.inject({ method: 'GET', url }).then((r) => r.body);
    expect(await page('/proceedings/bodacc-a20240050101')).toContain('fin de mission le 6 mai 2024');
    const herPage = await page('/mandataires/helene-vasseur');
    expect(herPage).toContain('Anciennes désignations (fin de mission, ou procédure clôturée)');
    expect(herPage).toContain('fin de mission le 6 mai 2024');
    // Beside it, the words of the notice that replaced her, with its source.
    const herText = herPage.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(herText).toContain(`Fin de mission : « ${replacedBy} »`);
    const history = (await getJson(app, '/v1/mandataires/helene-vasseur/history')).body.data as {
      action: string;
      citations: unknown[];
    }[];
    expect(history.map((h) => [h.action, h.citations])).toEqual([
      ['create', [expect.objectContaining({ source_id: 'bodacc-a20240050101' })]],
      [
        'update',
        [
          {
            source_id: 'bodacc-a20240160911',
            quote: replacedBy,
            fields: ['proceedings'],
          },
        ],
      ],
    ]);
    // Imported again: nothing ends twice, nothing changes.
    const again = await importBodacc(db, { file: `${faults}/replacement.csv`, actor });
    expect(again.practitioners).toEqual({ linked: 0, ended: 0, unlinked: 0, unread: 0, created: 0, firmsCreated: 0 });
  });

  it('in one file, links the new one and keeps the one replaced as ended', async () => {
    const { db: fresh, app: other } = await testApp();
    const report = await importBodacc(fresh, { file: `${faults}/replacement.csv`, actor });
    expect(report.uncertain).toEqual([]);
    // Two current links written, and two written as ended (their replacement in the same file).
    expect(report.practitioners).toEqual({
      linked: 2,
      ended: 2,
      unlinked: 0,
      unread: 0,
      created: 3,
      firmsCreated: 3,
    });
    expect(await practitionersOf(other, 'bodacc-a20240050101')).toEqual([
      { id: 'gaspard-roux', role: 'liquidateur', notice_id: 'A20240151902' },
      {
        id: 'helene-vasseur',
        role: 'liquidateur',
        notice_id: 'A20240050101',
        ended_on: '2024-05-06',
        ended_notice_id: 'A20240160911',
      },
    ]);
    expect(await practitionersOf(other, 'bodacc-a20240052103')).toEqual([
      { id: 'gaspard-roux', role: 'mandataire_judiciaire', notice_id: 'A20240170921' },
      {
        id: 'jean-baptiste-lefort',
        role: 'mandataire_judiciaire',
        notice_id: 'A20240052103',
        ended_on: '2024-05-14',
        ended_notice_id: 'A20240170921',
      },
    ]);
  });
});

describe('import:bodacc, a judgment replacing a practitioner the proceeding does not have', () => {
  it('links the new one, ends no one, and reports the one replaced not found', async () => {
    const { app, db } = await testApp();
    const report = await importBodacc(db, { file: `${faults}/replacement-unknown.csv`, actor });
    expect(report.uncertain).toEqual([
      {
        line: 3,
        notice: 'A20240160931',
        field: 'jugement.complementJugement',
        quote:
          'remplacement du liquidateur Me Didier Fabre par Me Gaspard Roux 2 B, avenue Foch 13006 Marseille en qualité de liquidateur',
        reason:
          "the practitioner replaced, 'Didier Fabre', is not found holding the role of liquidateur in this proceeding: nothing is ended",
      },
    ]);
    // Counted among the designations not linked: a change of links the import did not make.
    expect(report.practitioners).toEqual({ linked: 2, ended: 0, unlinked: 1, unread: 0, created: 2, firmsCreated: 1 });
    expect(await practitionersOf(app, 'bodacc-a20240050131')).toEqual([
      { id: 'gaspard-roux', role: 'liquidateur', notice_id: 'A20240160931' },
      { id: 'helene-vasseur', role: 'liquidateur', notice_id: 'A20240050131' },
    ]);
  });
});

describe('a replacement naming no new holder', () => {
  it('is read with the one replaced, whether the text pronounces it, and no holder', () => {
    const vasseur = [{ firm: null, person: 'Hélène Vasseur', name: 'Hélène Vasseur' }];
    expect(extractPractitioners('Jugement prononçant le remplacement du liquidateur Me Hélène Vasseur.')).toEqual({
      practitioners: [],
      uncertain: [],
      withoutHolder: [
        {
          role: 'liquidateur',
          replaces: vasseur,
          ends: true,
          quote: 'Jugement prononçant le remplacement du liquidateur Me Hélène Vasseur',
        },
      ],
    });
    expect(
      extractPractitioners('Jugement désignant un nouveau liquidateur en remplacement de Me Hélène Vasseur.')
        .withoutHolder,
    ).toEqual([
      {
        role: 'liquidateur',
        replaces: vasseur,
        ends: true,
        quote: 'Jugement désignant un nouveau liquidateur en remplacement de Me Hélène Vasseur',
      },
    ]);
    expect(
      extractPractitioners('Jugement rejetant la demande de remplacement du liquidateur Me Hélène Vasseur.')
        .withoutHolder,
    ).toEqual([
      {
        role: 'liquidateur',
        replaces: vasseur,
        ends: false,
        quote: 'Jugement rejetant la demande de remplacement du liquidateur Me Hélène Vasseur',
      },
    ]);
    // A replacement naming its new holder is read as a designation, not as one without a holder.
    expect(
      extractPractitioners(
        'Jugement désignant Me Gaspard Roux 2 B, avenue Foch 13006 Marseille, en remplacement de Me Jean-Baptiste Lefort, en qualité de mandataire judiciaire.',
      ).withoutHolder,
    ).toBeUndefined();
  });

  it('import:bodacc ends the one replaced when the text says so, reports each with its line, designates no one', async () => {
    const { app, db } = await testApp();
    const report = await importBodacc(db, { file: `${faults}/replacement-without-holder.csv`, actor });
    expect(report.uncertain).toEqual([
      {
        line: 3,
        notice: 'A20240160941',
        field: 'jugement.complementJugement',
        quote: 'Jugement prononçant le remplacement du liquidateur Me Hélène Vasseur',
        reason:
          "a replacement naming no new holder ('Hélène Vasseur' replaced; no one is designated in their place): their appointment as liquidateur is ended",
        // An end made: listed as done, not counted among the designations not linked (verify46 fault 08).
        ended: true,
      },
      {
        line: 5,
        notice: 'A20240170951',
        field: 'jugement.complementJugement',
        quote: 'Jugement rejetant la demande de remplacement du mandataire judiciaire Me Jean-Baptiste Lefort',
        reason:
          "a replacement naming no new holder ('Jean-Baptiste Lefort' replaced; no one is designated in their place): nothing is ended, the text pronounces no replacement",
      },
    ]);
    expect(report.practitioners).toEqual({ linked: 1, ended: 1, unlinked: 1, unread: 0, created: 2, firmsCreated: 2 });
    expect(await practitionersOf(app, 'bodacc-a20240050101')).toEqual([
      {
        id: 'helene-vasseur',
        role: 'liquidateur',
        notice_id: 'A20240050101',
        ended_on: '2024-05-06',
        ended_notice_id: 'A20240160941',
      },
    ]);
    expect(await practitionersOf(app, 'bodacc-a20240052103')).toEqual([
      { id: 'jean-baptiste-lefort', role: 'mandataire_judiciaire', notice_id: 'A20240052103' },
    ]);
    // Imported again: the same, nothing reported twice.
    const again = await importBodacc(db, { file: `${faults}/replacement-without-holder.csv`, actor });
    expect([again.uncertain, again.practitioners]).toEqual([
      [],
      { linked: 0, ended: 0, unlinked: 0, unread: 0, created: 0, firmsCreated: 0 },
    ]);
  });
});

describe('a name written surname first, no capitals to tell the order (fault 05)', () => {
  it('is ordered by the firm carrying the surname, kept as written otherwise', () => {
    const text = (holder: string) => `Jugement, Mandataire judiciaire : ${holder} 1 place Gambetta 33000 Bordeaux.`;
    expect(read(text('SCP LEMOINE ET ASSOCIES en la personne de Me Lemoine Anne-Sophie'))[0]![2]).toBe(
      'Anne-Sophie Lemoine',
    );
    expect(read(text('SCP LEMOINE ET ASSOCIES en la personne de Me Anne-Sophie Lemoine'))[0]![2]).toBe(
      'Anne-Sophie Lemoine',
    );
    expect(read(text('Me Lemoine Anne-Sophie'))[0]![2]).toBe('Lemoine Anne-Sophie');
  });

  it('makes the entry « Anne-Sophie Lemoine » from a notice naming the firm', async () => {
    const { app, db } = await testApp();
    await importBodacc(db, { file: `${faults}/name-order-notice.csv`, actor });
    const { status, body } = await getJson(app, '/v1/mandataires/anne-sophie-lemoine');
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'Anne-Sophie Lemoine', firm: { id: 'scp-lemoine-et-associes' } });
  });

  it('takes the name of the practitioners’ list’s nom and prénom, cited to the list, the id kept', async () => {
    const { app, db } = await testApp();
    await importBodacc(db, { file: `${faults}/name-order-no-firm.csv`, actor });
    expect((await getJson(app, '/v1/mandataires/lemoine-anne-sophie')).body.name).toBe('Lemoine Anne-Sophie');
    const report = await importPractitioners(db, {
      file: 'tests/fixtures/practitioners/faults/listed-lemoine.csv',
      actor,
    });
    expect(report.practitioners).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const { status, body } = await getJson(app, '/v1/mandataires/lemoine-anne-sophie');
    expect(status).toBe(200);
    expect(body.name).toBe('Anne-Sophie Lemoine');
    // The name is cited to the list's reading only (the notice's citation no longer gives it).
    const named = await db.execute<{ source_id: string }>(sql`
      select source_id from citations where mandataire_id = 'lemoine-anne-sophie' and 'name' = any(fields)`);
    expect([...named].map((c) => c.source_id)).toEqual([expect.stringMatching(/^releve-cnajmj-fr-2026-11-20-/)]);
    const again = await importPractitioners(db, {
      file: 'tests/fixtures/practitioners/faults/listed-lemoine.csv',
      actor,
    });
    expect(again.practitioners).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });
});
