// Faults of /tmp/verify51 (issue 11, « Practitioners from the text »), each instance with its exact answer, and the
// kinds behind them (tests/fixtures/bodacc/practitioners.verify51.json is the eval set, not held out):
// 06 « liquidateur Me X, commissaire de justice, … »: the profession is the one the text says (`professionOf`), null
//    when the quoted words name another (a commissaire de justice may be liquidateur), never the role's alone;
// 07 an address reached only across other clauses (a date, « pour l'établissement situé », « concernant la SARL … »)
//    is the debtor's, not the practitioner's: no city, the quote ends at the name;
// 08 « … et Me X, avocate du débiteur, entendue »: a person another profession qualifies (avocat(e), greffier…) is no
//    holder joined by « et »; the passage is reported as partly not read;
// 10 « liquidateur Me X, SARL Y étant dissoute de plein droit »: a company's form (SAS, SARL, EURL) after a person is
//    no firm of theirs unless the text says they belong to it, a firm's name stops at clause words (« étant »), and
//    the notice's own company is never a practitioner's firm (the import reports the designation);
// 09 « liquidateur Me A et Me B, mandataires judiciaires associés, <adresse> »: the plural profession describes both,
//    no role of B's; both liquidateurs, sharing the address.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners, professionOf } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };

/** What the reader takes of a text: role, profession, firm, name, city, postal code and quote of each. */
const read = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [
    p.role,
    p.profession,
    p.firm,
    p.name,
    p.city,
    p.postalCode,
    p.quote,
  ]);
/** The passages the reader reports, quote and reason. */
const reported = (text: string) => extractPractitioners(text).uncertain.map((u) => [u.quote, u.reason]);

describe("fault 07: a practitioner's address is only the one attached to them", () => {
  it.each([
    [
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, fixant la date de cessation des paiements au 12/11/2025, pour l'établissement situé 4 rue de la Gare 74000 Annecy.",
      'liquidateur',
      'Bastien Colliard',
      'désignant liquidateur Me Bastien Colliard',
    ],
    [
      "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur Me Paul Roux, date de cessation des paiements le 12 novembre 2025, activité exercée 4 rue de la Gare 74000 Annecy.",
      'liquidateur',
      'Paul Roux',
      'désignant liquidateur Me Paul Roux',
    ],
    [
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Paul Roux, fixant la date de cessation des paiements au 12/11/2025, pour l'établissement situé 4 rue de la Gare 74000 Annecy.",
      'liquidateur',
      'Paul Roux',
      'désignant liquidateur Me Paul Roux',
    ],
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire Me Paul Roux, date de cessation des paiements le 2 novembre 2025, période d'observation expirant le 2 mai 2026, fonds exploité 10 avenue de Genève 74000 Annecy.",
      'mandataire_judiciaire',
      'Paul Roux',
      'désignant mandataire judiciaire Me Paul Roux',
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, concernant la SARL Lac Annecy Contact, 4 rue de la Gare 74000 Annecy.',
      'liquidateur',
      'Bastien Colliard',
      'désignant liquidateur Me Bastien Colliard',
    ],
    [
      'JUGEMENT PRONONÇANT LA LIQUIDATION JUDICIAIRE, DÉSIGNANT LIQUIDATEUR ME Bastien COLLIARD, FIXANT LA DATE DE CESSATION DES PAIEMENTS AU 12/11/2025, POUR L’ÉTABLISSEMENT SITUÉ 4 RUE DE LA GARE 74000 ANNECY.',
      'liquidateur',
      'Bastien Colliard',
      'DÉSIGNANT LIQUIDATEUR ME Bastien COLLIARD',
    ],
  ])('%s', (text, role, name, quote) => {
    expect(read(text)).toEqual([[role, 'mandataire_judiciaire', null, name, null, null, quote]]);
  });

  it('an address attached to the name (maybe after a profession, a former office or a building) is still read', () => {
    expect(
      read(
        "Jugement d'ouverture d'une procédure de sauvegarde accélérée, désignant administrateur Me Vincent HARDY, précédemment conciliateur, 4 rue Jeanne d'Arc 45000 Orléans avec mission d'assistance.",
      ),
    ).toEqual([
      [
        'administrateur_judiciaire',
        'administrateur_judiciaire',
        null,
        'Vincent Hardy',
        'Orléans',
        '45000',
        "désignant administrateur Me Vincent HARDY, précédemment conciliateur, 4 rue Jeanne d'Arc 45000 Orléans avec mission d'assistance",
      ],
    ]);
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, Immeuble Le Forum, 2 avenue d’Albigny 74000 Annecy.',
      ),
    ).toEqual([
      [
        'liquidateur',
        'mandataire_judiciaire',
        null,
        'Bastien Colliard',
        'Annecy',
        '74000',
        'désignant liquidateur Me Bastien Colliard, Immeuble Le Forum, 2 avenue d’Albigny 74000 Annecy',
      ],
    ]);
  });

  it('« concernant la SARL … » after the liquidateur: the company is reported as a passage partly not read', () => {
    expect(
      reported(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, concernant la SARL Lac Annecy Contact, 4 rue de la Gare 74000 Annecy.',
      ).map(([, reason]) => reason),
    ).toEqual([
      'a verb of designation before a firm or a « Me » that no designation read covers (the others of the passage are read), in a wording the reader cannot read',
    ]);
  });
});

describe("fault 08: a person qualified by a profession that is no practitioner's is not a holder", () => {
  const colliard = [
    'liquidateur',
    'mandataire_judiciaire',
    null,
    'Bastien Colliard',
    'Annecy',
    '74000',
    "désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy",
  ];
  const partly =
    'a verb of designation before a firm or a « Me » that no designation read covers (the others of the passage are read), in a wording the reader cannot read';
  it.each([
    [
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, avocate du débiteur, entendue.",
      [colliard],
      "désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, avocate du débiteur, entendue",
    ],
    [
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, avocate du débiteur.",
      [colliard],
      "désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, avocate du débiteur",
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard et Me Hortense Vial, avocat.',
      [
        [
          'liquidateur',
          'mandataire_judiciaire',
          null,
          'Bastien Colliard',
          null,
          null,
          'désignant liquidateur Me Bastien Colliard',
        ],
      ],
      'désignant liquidateur Me Bastien Colliard et Me Hortense Vial, avocat',
    ],
    [
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, greffière, présente.",
      [colliard],
      "désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, greffière, présente",
    ],
  ])('%s', (text, expected, quote) => {
    expect(read(text)).toEqual(expected);
    expect(reported(text)).toEqual([[quote, partly]]);
  });

  it("« commissaire de justice, pour l'inventaire » after « et »: not a holder, not reported (another office)", () => {
    const text =
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, commissaire de justice, pour l'inventaire.";
    expect(read(text)).toEqual([colliard]);
    expect(reported(text)).toEqual([]);
  });
});

describe('fault 09: a plural profession after « Me A et Me B » describes both, and their address is shared', () => {
  const quote =
    "désignant liquidateur Me Gilles Vernaz et Me Agathe Pollet, mandataires judiciaires associés, 2 avenue d'Albigny 74000 Annecy";
  it('« mandataires judiciaires associés » (the instance): both liquidateurs in Annecy, nothing reported', () => {
    const text = `Jugement d'ouverture de liquidation judiciaire, ${quote}.`;
    expect(read(text)).toEqual([
      ['liquidateur', 'mandataire_judiciaire', null, 'Gilles Vernaz', 'Annecy', '74000', quote],
      ['liquidateur', 'mandataire_judiciaire', null, 'Agathe Pollet', 'Annecy', '74000', quote],
    ]);
    expect(reported(text)).toEqual([]);
  });

  it('other names, and no address: both liquidateurs, no city', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard et Me Hortense Vial, mandataires judiciaires associés.',
      ),
    ).toEqual(
      ['Bastien Colliard', 'Hortense Vial'].map((name) => [
        'liquidateur',
        'mandataire_judiciaire',
        null,
        name,
        null,
        null,
        'désignant liquidateur Me Bastien Colliard et Me Hortense Vial, mandataires judiciaires associés',
      ]),
    );
  });

  it('a holder with an address of its own keeps it; the one written after both goes to the one without', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, 1 rue Royale 74000 Annecy et Me Hortense Vial, mandataires judiciaires, 5 place de la Gare 73000 Chambéry.';
    expect(read(text).map((p) => [p[1 + 2], p[4], p[5]])).toEqual([
      ['Bastien Colliard', 'Annecy', '74000'],
      ['Hortense Vial', 'Chambéry', '73000'],
    ]);
  });

  it('a profession in the singular after the second holder stays its own role (« et Me B, mandataire judiciaire »)', () => {
    expect(
      read(
        "Jugement d'ouverture de redressement judiciaire, désignant administrateur judiciaire Me Gilles Vernaz, 2 avenue d'Albigny 74000 Annecy et Me Agathe Pollet, mandataire judiciaire, 5 rue Royale 74000 Annecy.",
      ).map((p) => [p[0], p[3]]),
    ).toEqual([
      ['administrateur_judiciaire', 'Gilles Vernaz'],
      ['mandataire_judiciaire', 'Agathe Pollet'],
    ]);
  });
});

describe("fault 06: the profession is the one the text says, never the role's when the words name another", () => {
  it.each([
    [
      "Jugement d'ouverture de liquidation judiciaire simplifiée, désignant en qualité de liquidateur Me Paul Roux, commissaire de justice, 3 rue Thiers 38000 Grenoble.",
      'liquidateur Me Paul Roux, commissaire de justice, 3 rue Thiers 38000 Grenoble',
    ],
    [
      "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur Me Paul Roux, huissier de justice, 3 rue Thiers 38000 Grenoble.",
      'désignant liquidateur Me Paul Roux, huissier de justice, 3 rue Thiers 38000 Grenoble',
    ],
    [
      "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur Me Paul Roux, commissaire de justice associé de la SELARL Huissiers Alpes, 3 rue Thiers 38000 Grenoble.",
      'désignant liquidateur Me Paul Roux, commissaire de justice associé de la SELARL Huissiers Alpes, 3 rue Thiers 38000 Grenoble',
    ],
  ])('%s', (text, quote) => {
    expect(read(text)).toEqual([['liquidateur', null, null, 'Paul Roux', 'Grenoble', '38000', quote]]);
  });

  it('the other of AJ and MJ told of the holder: null (« liquidateur Me A et Me B, administrateurs judiciaires »)', () => {
    const quote =
      "désignant liquidateur Me Gilles Vernaz et Me Agathe Pollet, administrateurs judiciaires, 2 avenue d'Albigny 74000 Annecy";
    expect(read(`Jugement d'ouverture de liquidation judiciaire, ${quote}.`)).toEqual([
      ['liquidateur', null, null, 'Gilles Vernaz', 'Annecy', '74000', quote],
      ['liquidateur', null, null, 'Agathe Pollet', 'Annecy', '74000', quote],
    ]);
    expect(
      read(
        "Jugement d'ouverture de redressement judiciaire, désignant administrateur judiciaire Me Gilles Vernaz, mandataire judiciaire associé de la SELARL Aravis MJ, 2 avenue d'Albigny 74000 Annecy.",
      ).map((p) => [p[0], p[1], p[2]]),
    ).toEqual([['administrateur_judiciaire', null, 'SELARL Aravis MJ']]);
  });

  it("another profession written before the holder is someone else's; the role's profession stays", () => {
    expect(
      read(
        "Jugement d'ouverture de liquidation judiciaire simplifiée, sur requête de Me Julien Faure, avocat au barreau de Lyon, désignant liquidateur Me Paul Roux 3 rue Thiers 38000 Grenoble.",
      ).map((p) => p[1]),
    ).toEqual(['mandataire_judiciaire']);
    expect(
      read(
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant Me Pauline Mercadier, mandataire judiciaire, Me Théo Grimaldi, administrateur judiciaire, avec les pouvoirs : assistance.",
      ).map((p) => [p[0], p[1], p[3]]),
    ).toEqual([
      ['mandataire_judiciaire', 'mandataire_judiciaire', 'Pauline Mercadier'],
      ['administrateur_judiciaire', 'administrateur_judiciaire', 'Théo Grimaldi'],
    ]);
  });

  it('professionOf on a stored designation (as the import calls it)', () => {
    const d = { role: 'liquidateur' as const, firm: null, person: 'Paul Roux' };
    expect(
      professionOf({ ...d, quote: 'liquidateur Me Paul Roux, commissaire de justice, 3 rue Thiers 38000 Grenoble' }),
    ).toBe(null);
    expect(professionOf({ ...d, quote: 'désignant liquidateur Me Paul Roux 3 rue Thiers 38000 Grenoble' })).toBe(
      'mandataire_judiciaire',
    );
    expect(professionOf({ ...d, role: 'commissaire_execution_plan', quote: 'désignant Me Paul Roux' })).toBe(null);
  });
});

describe("import:bodacc, verify51 faults 06 to 10 end to end (the tester's notices, as filed)", () => {
  let app: App;
  let db: Db;
  let report: Awaited<ReturnType<typeof importBodacc>>;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    report = await importBodacc(db, { file: 'tests/fixtures/bodacc/verify51-faults.csv', actor });
  });
  const entry = async (id: string) => (await getJson(app, `/v1/mandataires/${id}`)).body;

  it('06: the commissaire de justice designated liquidateur is linked with no profession, none cited', async () => {
    const roux = await entry('paul-roux');
    expect([roux.profession, roux.commune, roux.code_postal]).toEqual([null, 'Grenoble', '38000']);
    expect((roux.citations as { fields: string[] }[]).map((c) => c.fields)).toEqual([
      ['name', 'kind', 'commune', 'code_postal'],
    ]);
  });

  it("07: the liquidateur's commune is not the debtor's establishment's; the quote ends at his name", async () => {
    const colliard = await entry('bastien-colliard');
    expect([colliard.commune, colliard.code_postal]).toEqual([null, null]);
    expect(
      (colliard.proceedings as { id: string; quote: string }[]).find((p) => p.id === 'bodacc-a202503809')?.quote,
    ).toBe('désignant liquidateur Me Bastien Colliard');
  });

  it('08: the avocate is neither linked nor created; the passage is reported', async () => {
    expect((await getJson(app, '/v1/mandataires/hortense-vial')).status).toBe(404);
    expect(listedLines(report)).toContain(
      "line 4: A2025039010: jugement.complementJugement: uncertain, the part not read linked to no one: a verb of designation before a firm or a « Me » that no designation read covers (the others of the passage are read), in a wording the reader cannot read: « désignant liquidateur Me Bastien Colliard, 2 avenue d'Albigny 74000 Annecy et Me Hortense Vial, avocate du débiteur, entendue »",
    );
  });

  it('09: both co-liquidateurs linked as liquidateur, both in Annecy', async () => {
    const { body } = await getJson(app, '/v1/proceedings/bodacc-a2025039011');
    const quote =
      "désignant liquidateur Me Gilles Vernaz et Me Agathe Pollet, mandataires judiciaires associés, 2 avenue d'Albigny 74000 Annecy";
    expect((body.practitioners as Record<string, unknown>[]).map((l) => [l.id, l.role, l.quote])).toEqual([
      ['agathe-pollet', 'liquidateur', quote],
      ['gilles-vernaz', 'liquidateur', quote],
    ]);
    for (const id of ['gilles-vernaz', 'agathe-pollet'])
      expect(await entry(id)).toMatchObject({
        commune: 'Annecy',
        code_postal: '74000',
        profession: 'mandataire_judiciaire',
      });
  });

  it("10: the debtor is never the liquidateur's firm: no firm created, the notice's own company reported", async () => {
    expect(await entry('romain-desgranges')).toMatchObject({ firm: null, commune: null });
    expect(report.practitioners).toEqual({ linked: 6, ended: 0, unlinked: 1, unread: 2, created: 5, firmsCreated: 0 });
    expect(listedLines(report).filter((l) => /A202503901[23]/.test(l))).toEqual([
      'line 6: A2025039012: jugement.complementJugement: uncertain, the part not read linked to no one: a verb of designation before a firm or a « Me » that no designation read covers (the others of the passage are read), in a wording the reader cannot read: « désignant liquidateur Me Romain Desgranges, SARL Lac Annecy Contact étant dissoute de plein droit »',
      "line 7: A2025039013: jugement.complementJugement: uncertain, nothing linked: the firm named, « SELARL Aravis MJ Conseil », is the notice's own company (ARAVIS MJ CONSEIL): no practitioner's firm: « désignant liquidateur la SELARL Aravis MJ Conseil prise en la personne de Me Romain Desgranges, 2 avenue d'Albigny 74000 Annecy »",
    ]);
  });
});

describe('fault 10: the debtor written after the liquidateur is not their firm', () => {
  it.each([
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Romain Desgranges, SARL Lac Annecy Contact étant dissoute de plein droit.',
      'Romain Desgranges',
      'désignant liquidateur Me Romain Desgranges, SARL Lac Annecy Contact étant dissoute de plein droit',
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, SAS Lac Annecy Contact, 4 rue de la Gare 74000 Annecy, cessation des paiements le 01/11/2025.',
      'Bastien Colliard',
      'désignant liquidateur Me Bastien Colliard, SAS Lac Annecy Contact, 4 rue de la Gare 74000 Annecy, cessation des paiements le 01/11/2025.',
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Bastien Colliard, de la SAS Lac Annecy Contact, 4 rue de la Gare 74000 Annecy.',
      'Bastien Colliard',
      'désignant liquidateur Me Bastien Colliard, de la SAS Lac Annecy Contact, 4 rue de la Gare 74000 Annecy',
    ],
  ])('%s', (text, name, passage) => {
    expect(read(text)).toEqual([
      ['liquidateur', 'mandataire_judiciaire', null, name, null, null, `désignant liquidateur Me ${name}`],
    ]);
    expect(reported(text)).toEqual([
      [
        passage,
        'a verb of designation before a firm or a « Me » that no designation read covers (the others of the passage are read), in a wording the reader cannot read',
      ],
    ]);
  });

  it("a firm the person belongs to is still theirs (« associé de la SELARL … »), and a firm's name stops at « étant »", () => {
    expect(
      read(
        "Jugement d'ouverture de redressement judiciaire, désignant administrateur judiciaire Me Gilles Vernaz, mandataire judiciaire associé de la SELARL Aravis MJ, 2 avenue d'Albigny 74000 Annecy.",
      ).map((p) => [p[2], p[3], p[4]]),
    ).toEqual([['SELARL Aravis MJ', 'Gilles Vernaz', 'Annecy']]);
  });
});
