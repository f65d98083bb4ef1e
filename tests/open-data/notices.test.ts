// Reading a BODACC notice: dates in the four writings, mojibake, courts, natures, corrections and chaining.
import { describe, expect, it } from 'vitest';
import { courtFilterKey, courtKeys, normaliseCourt } from '../../src/domain/courts.js';
import { repairMojibake } from '../../src/import/encoding.js';
import { classifyJudgment, continuation } from '../../src/open-data/bodacc/natures.js';
import { parseBodaccDate, readNotice } from '../../src/open-data/bodacc/notices.js';
import { companyTimeline, latestNaming } from '../../src/open-data/bodacc/timeline.js';

describe('a BODACC notice, read', () => {
  it.each([
    ['2022-01-27', '2022-01-27'],
    ['27/01/2022', '2022-01-27'],
    ['27 novembre 2008', '2008-11-27'],
    ['1er janvier 2020', '2020-01-01'],
    ['1er\u00a0février\u00a02024', '2024-02-01'],
    ['31/02/2024', null],
    ['0009-12-02', null],
    ['5025-05-27', null],
    ['1200-06-01', null],
    ['31/12/1899', null],
    ['1er janvier 1900', '1900-01-01'],
    ['le 3 mars', null],
  ])('reads the judgment date %s as %s', (written, date) => {
    expect(parseBodaccDate(written)).toBe(date);
  });

  it('repairs text decoded twice upstream, and leaves right text alone', () => {
    expect(repairMojibake("Jugement de clÃ´ture pour insuffisance d'actif")).toBe(
      "Jugement de clôture pour insuffisance d'actif",
    );
    expect(repairMojibake('dÃ©signant lâ€™administrateur')).toBe('désignant l’administrateur');
    expect(repairMojibake('Tribunal de Commerce de Créteil')).toBe('Tribunal de Commerce de Créteil');
  });

  it('writes a court one way whatever the casing', () => {
    expect(normaliseCourt('GREFFE DU TRIBUNAL DE COMMERCE DE PARIS')).toBe('Tribunal de commerce de Paris');
    expect(normaliseCourt('Greffe du Tribunal de Commerce de paris')).toBe('Tribunal de commerce de Paris');
    expect(normaliseCourt('TRIBUNAL JUDICIAIRE DE BOULOGNE-SUR-MER')).toBe('Tribunal judiciaire de Boulogne-sur-Mer');
    expect(normaliseCourt("GREFFE DU TRIBUNAL DE COMMERCE D'AIX-EN-PROVENCE")).toBe(
      "Tribunal de commerce d'Aix-en-Provence",
    );
  });

  it("writes a court's place with the accents of the commune it names, and leaves a place no commune names as written", () => {
    expect(normaliseCourt('GREFFE DU TRIBUNAL DE COMMERCE DE NIMES')).toBe('Tribunal de commerce de Nîmes');
    expect(normaliseCourt('TRIBUNAL JUDICIAIRE DE SAINT ETIENNE')).toBe('Tribunal judiciaire de Saint-Étienne');
    expect(normaliseCourt('TRIBUNAL DE COMMERCE DE CHALON-SUR-SAONE')).toBe('Tribunal de commerce de Chalon-sur-Saône');
    expect(normaliseCourt('TRIBUNAL DE COMMERCE DE LA ROCHE-SUR-YON')).toBe('Tribunal de commerce de La Roche-sur-Yon');
    expect(normaliseCourt('TRIBUNAL DE COMMERCE DE BESANCON')).toBe('Tribunal de commerce de Besançon');
    // No commune is named Lille Métropole: its words as written, no accent guessed.
    expect(normaliseCourt('GREFFE DU TRIBUNAL DE COMMERCE DE LILLE METROPOLE')).toBe(
      'Tribunal de commerce de Lille Metropole',
    );
    // Several communes are named Saint-Denis, all written so: taken. One name written two ways would not be.
    expect(normaliseCourt('TRIBUNAL MIXTE DE COMMERCE DE SAINT-DENIS')).toBe(
      'Tribunal mixte de commerce de Saint-Denis',
    );
  });

  it('writes a court the same once its answers are kept, and after more courts than it keeps', () => {
    // Each written court is normalised once and kept (2,000 at most, then the kept answers are dropped).
    expect(normaliseCourt('GREFFE DU TRIBUNAL DE COMMERCE DE NIMES')).toBe('Tribunal de commerce de Nîmes');
    expect(normaliseCourt('GREFFE DU TRIBUNAL DE COMMERCE DE NIMES')).toBe('Tribunal de commerce de Nîmes');
    for (let i = 0; i < 2_100; i++)
      expect(normaliseCourt(`GREFFE DU TRIBUNAL DE COMMERCE DE LIEU ${i}`)).toBe(`Tribunal de commerce de Lieu ${i}`);
    expect(normaliseCourt('GREFFE DU TRIBUNAL DE COMMERCE DE NIMES')).toBe('Tribunal de commerce de Nîmes');
    expect(normaliseCourt('  ')).toBeNull();
    // Longer than a court's name (300 characters): normalised all the same, not kept.
    const long = `TRIBUNAL DE COMMERCE DE ${'ZZ'.repeat(200)}`;
    expect(normaliseCourt(long)).toBe(`Tribunal de commerce de Z${'z'.repeat(399)}`);
    expect(normaliseCourt(long)).toBe(`Tribunal de commerce de Z${'z'.repeat(399)}`);
  });

  it('gives a court the keys a filter finds it by, hyphens, apostrophes and spaces alike', () => {
    expect(courtKeys('TRIBUNAL DE COMMERCE DE SAINT-ETIENNE')).toEqual([
      'tribunal de commerce de saint etienne',
      'saint',
      'saint etienne',
    ]);
    for (const typed of ['saint etienne', 'SAINT-ÉTIENNE', 'Saint - Etienne'])
      expect(courtFilterKey(typed)).toBe('saint etienne');
    expect(courtFilterKey("Greffe du tribunal de commerce d'Aix en Provence")).toBe(
      'tribunal de commerce d aix en provence',
    );
    expect(courtKeys("TRIBUNAL DE COMMERCE D'AIX-EN-PROVENCE")[0]).toBe('tribunal de commerce d aix en provence');
    // A place typed with its article is the place a court's keys hold.
    for (const typed of ["d'Évry", 'd’evry', 'D EVRY']) expect(courtFilterKey(typed)).toBe('evry');
    expect(courtKeys("TRIBUNAL DE COMMERCE D'EVRY")).toContain('evry');
  });

  it('classifies natures as the State pipeline does, « Autre jugement » by its complement', () => {
    const judge = (nature: string, complement: string | null = null, family: string | null = null) =>
      classifyJudgment({ nature, complement, family });
    expect(judge("Jugement d'ouverture de liquidation judiciaire")).toEqual({
      kind: 'liquidation_judiciaire',
      effect: 'status',
    });
    expect(judge('Jugement de conversion en liquidation judiciaire de la procédure de sauvegarde')).toEqual({
      kind: 'liquidation_judiciaire',
      effect: 'status',
    });
    expect(judge('Autre jugement prononçant', 'Jugement prononçant le redressement judiciaire')).toEqual({
      kind: 'redressement_judiciaire',
      effect: 'status',
    });
    expect(judge('Autre jugement prononçant', 'Jugement modifiant la date de cessation des paiements')).toEqual({
      kind: null,
      effect: 'event',
    });
    expect(judge("Jugement de clôture pour insuffisance d'actif")).toEqual({ kind: null, effect: 'closure' });
    expect(judge('Jugement de désignation des organes de la procédure')).toEqual({ kind: null, effect: 'event' });
    expect(judge('Rétractation sur tierce opposition', null, 'Rétractation sur tierce opposition')).toEqual({
      kind: null,
      effect: 'withdrawal',
    });
    expect(judge('Jugement ordonnant quelque chose de neuf')).toEqual({ kind: null, effect: 'unknown' });
  });

  it('refuses a row whose JSON cell is broken, naming the field', () => {
    const read = readNotice({
      id: 'A202400151101',
      dateparution: '2024-01-24',
      typeavis: 'annonce',
      familleavis: 'collective',
      listepersonnes: '{"personne": {}}',
      jugement: '{"nature": "Jugement',
    });
    expect(read.notice).toBeNull();
    expect(read.errors).toEqual([{ field: 'jugement', message: expect.stringMatching(/^is not valid JSON \(/) }]);
  });

  it('tells a company with a SIREN and no name apart from a person without SIREN', () => {
    const persons = {
      personne: [
        { typePersonne: 'pp', nom: '', prenom: '', numeroImmatriculation: { numeroIdentification: '820 000 016' } },
        { typePersonne: 'pp', nom: 'Martin', prenom: 'Léa' },
        {
          typePersonne: 'pm',
          denomination: 'PLATEAU NORD',
          numeroImmatriculation: { numeroIdentification: '812345676' },
        },
      ],
    };
    const read = readNotice({
      id: 'A202509911991',
      dateparution: '2025-01-15',
      typeavis: 'annonce',
      familleavis: 'collective',
      listepersonnes: JSON.stringify(persons),
      jugement: JSON.stringify({ nature: "Jugement d'ouverture d'une procédure de redressement judiciaire" }),
    });
    expect(read.errors).toEqual([]);
    expect(read.notice?.companies.map((c) => c.siren)).toEqual(['812345676']);
    expect(read.nameless).toEqual([{ field: 'listepersonnes.personne.0', siren: '820000016' }]);
    expect(read.withoutSiren).toEqual([
      { field: 'listepersonnes.personne.1', reason: 'no SIREN (numeroImmatriculation)' },
    ]);
  });

  it('takes the SIREN of `registre` for the one named person that gives none, never guessing among several', () => {
    const notice = (personne: unknown, registre: unknown) =>
      readNotice({
        id: 'A202500000008',
        dateparution: '2025-01-15',
        typeavis: 'annonce',
        familleavis: 'collective',
        registre,
        listepersonnes: JSON.stringify({ personne }),
        jugement: JSON.stringify({ nature: "Jugement d'ouverture d'une procédure de redressement judiciaire" }),
      });
    const one = notice({ typePersonne: 'pm', denomination: 'SOCIETE TEST' }, '900 000 084,900000084');
    expect(one.notice?.companies).toEqual([
      { siren: '900000084', name: 'SOCIETE TEST', sirenAsWritten: '900000084', natural: false },
    ]);
    expect(one.withoutSiren).toEqual([]);
    expect(notice({ typePersonne: 'pm', denomination: 'SOCIETE TEST' }, ['900000084']).notice?.companies).toHaveLength(
      1,
    );
    // Two SIRENs in registre, or two persons without one: which is which is not guessed.
    const two = notice({ typePersonne: 'pm', denomination: 'SOCIETE TEST' }, '900000084,812345676');
    expect([two.notice?.companies, two.withoutSiren]).toEqual([
      [],
      [{ field: 'listepersonnes.personne.0', reason: 'no SIREN (numeroImmatriculation)' }],
    ]);
    const persons = [
      { typePersonne: 'pm', denomination: 'A' },
      { typePersonne: 'pm', denomination: 'B' },
    ];
    expect(notice(persons, '900000084').notice?.companies).toEqual([]);
    // Nothing named: nothing taken.
    expect(notice({}, '900000084').notice?.companies).toEqual([]);
  });

  it('chains a company’s notices: opening, conversion, clôture; a rectificatif replaces its target', () => {
    const base = {
      publication: 'A' as const,
      parution: '20240001',
      family: 'collective',
      familyLabel: null,
      companies: [],
      court: 'Tribunal de commerce de Lyon',
      courtAsWritten: 'TRIBUNAL DE COMMERCE DE LYON',
      targetId: null,
      url: 'https://www.bodacc.fr/x',
    };
    const n = (
      id: string,
      type: 'annonce' | 'rectificatif',
      nature: string,
      date: string,
      targetId: string | null = null,
    ) => ({
      notice: {
        ...base,
        id,
        number: 1,
        publishedOn: date,
        type,
        targetId,
        judgment: { family: null, nature, date, dateAsWritten: date, complement: null },
      },
      storedProceeding: null,
    });
    const t = companyTimeline([
      n('A1', 'annonce', "Jugement d'ouverture d'une procédure de redressement judiciaire", '2024-01-10'),
      n('A2', 'annonce', 'Jugement de conversion en liquidation judiciaire', '2024-03-01'),
      n('A3', 'annonce', "Jugement de clôture pour insuffisance d'actif", '2024-09-01'),
      n('A4', 'rectificatif', "Jugement de clôture pour insuffisance d'actif", '2024-09-02', 'A3'),
    ]);
    expect(t.proceedings.map((p) => [p.id, p.kind, p.date, p.closedOn, p.notices.map((x) => x.id)])).toEqual([
      ['bodacc-a1', 'liquidation_judiciaire', '2024-01-10', '2024-09-02', ['A1', 'A2', 'A4']],
    ]);
    expect(t.withdrawn).toEqual(new Map([['A3', { by: 'A4', reason: 'rectificatif' }]]));

    // Two annulations published the same day, the later (by id) annulling the other: the opening stands, whichever
    // came first (the database's notices or the file's).
    const annul = (id: string, target: string) => ({
      notice: { ...n(id, 'rectificatif', 'Avis', '2024-05-01', target).notice, type: 'annulation' as const },
      storedProceeding: null,
    });
    const notices = [
      n('A1', 'annonce', "Jugement d'ouverture d'une procédure de redressement judiciaire", '2024-01-10'),
      annul('A5', 'A1'),
      annul('A6', 'A5'),
    ];
    const orders = [notices, [...notices].reverse(), [notices[2]!, notices[0]!, notices[1]!]].map((list) =>
      companyTimeline(list),
    );
    for (const o of orders) {
      expect(o.proceedings.map((p) => [p.id, p.notices.map((x) => x.id)])).toEqual([['bodacc-a1', ['A1']]]);
      expect(o.withdrawn).toEqual(
        new Map([
          ['A5', { by: 'A6', reason: 'annulation' }],
          ['A6', { by: 'A6', reason: 'annulation' }],
        ]),
      );
    }

    // The company's name: the latest notice naming it, by parution date then id, in any order.
    const named = (id: string, publishedOn: string, name: string) => ({
      ...base,
      id,
      number: 1,
      publishedOn,
      type: 'annonce' as const,
      targetId: null,
      judgment: { family: null, nature: null, date: null, dateAsWritten: null, complement: null },
      companies: [{ siren: '912345600', name, sirenAsWritten: '912 345 600' }],
    });
    const names = [
      named('A202500407101', '2025-02-21', "SOCIÉTÉ NORMANDE D'APPELS"),
      named('A202502007102', '2025-10-10', "SOCIETE NORMANDE D'APPELS"),
      named('A202502007101', '2025-10-10', 'SNA'),
    ];
    for (const list of [names, [...names].reverse()])
      expect(latestNaming(list, '912345600')?.notice.id).toBe('A202502007102');
    expect(latestNaming(names, '923456701')).toBeNull();
  });

  // Fault 03 of /tmp/verify43: which « status » judgments carry on a proceeding begun before them, not opening one.
  it.each([
    ['Jugement de reprise de la procédure de liquidation judiciaire', null, 'reprise'],
    [
      'Autre jugement prononçant',
      'Jugement prononçant la reprise de la procédure de liquidation judiciaire.',
      'reprise',
    ],
    ['Jugement de conversion en liquidation judiciaire', null, 'conversion'],
    ['Autre jugement prononçant', 'Jugement prononçant la conversion en liquidation judiciaire.', 'conversion'],
    ["Jugement d'extension de liquidation judiciaire", null, null],
    ['Jugement prononçant la résolution du plan de sauvegarde et la liquidation judiciaire', null, null],
    ["Jugement d'ouverture de liquidation judiciaire", 'reprise de la procédure', null],
  ])('reads « %s » (complement %s) as carrying on a proceeding: %s', (nature, complement, expected) => {
    expect(continuation({ nature, complement })).toBe(expected);
  });
});
