// A firm's seat written between the firm and its person (« SELARL Athena, 4 rue Victor Hugo 59000 Lille, prise en la
// personne de Me Paul Martin »): fault 03 of the hostile check, and the other wordings and addresses of its kind
// (tests/fixtures/bodacc/practitioners.heldout5.json holds more, measured by `npm run eval:practitioners`).
import { describe, expect, it } from 'vitest';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';

/** The (role, firm, person, city, postal code) of each practitioner read, and the reasons of what was not. */
const read = (text: string) => {
  const r = extractPractitioners(text);
  return {
    found: r.practitioners.map((p) => [p.role, p.firm, p.person, p.city, p.postalCode]),
    uncertain: r.uncertain.map((u) => u.reason),
  };
};

describe('a firm whose seat is written before its person', () => {
  it('reads the designation of fault 03, with its exact span', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL Athena, 4 rue Victor Hugo 59000 ' +
      'Lille, prise en la personne de Me Paul Martin.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [
        {
          role: 'liquidateur',
          firm: 'SELARL Athena',
          person: 'Paul Martin',
          name: 'Paul Martin',
          profession: 'mandataire_judiciaire',
          city: 'Lille',
          postalCode: '59000',
          powers: null,
          quote:
            'désignant liquidateur SELARL Athena, 4 rue Victor Hugo 59000 Lille, prise en la personne de Me Paul Martin',
        },
      ],
      uncertain: [],
    });
  });

  it('reads it written without commas (fault 03)', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL MJ Nord 4 rue X 59000 Lille prise ' +
          'en la personne de Me Paul Martin.',
      ),
    ).toEqual({ found: [['liquidateur', 'SELARL MJ Nord', 'Paul Martin', 'Lille', '59000']], uncertain: [] });
  });

  it.each([
    ['102 bis avenue Jean Jaurès 69007 Lyon', 'Lyon', '69007'],
    ['4/6, rue Félix Poulat 38000 Grenoble', 'Grenoble', '38000'],
    ['2 B, allée des Tilleuls 29200 Brest', 'Brest', '29200'],
    ['BP 1234, 13202 Marseille Cedex 02', 'Marseille', '13202'],
    ['CS 40012 35201 Rennes Cedex 2', 'Rennes', '35201'],
    ['7 quai Jules Courmont 69 002 Lyon', 'Lyon', '69002'],
    ['24 cours Napoléon 20000 Ajaccio', 'Ajaccio', '20000'],
    ['Résidence Les Palmiers, 20 boulevard Paoli 20200 Bastia', 'Bastia', '20200'],
    ['14 rue de Paris 97400 Saint-Denis', 'Saint-Denis', '97400'],
    ['Immeuble Le Trident, 12 rue Schoelcher 97200 Fort-de-France', 'Fort-de-France', '97200'],
    ['12 av. Foch 75016 Paris', 'Paris', '75016'],
  ])('reads the seat « %s » and the person after it', (seat, city, postalCode) => {
    expect(
      read(
        `Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL Mandalex, ${seat}, prise en la ` +
          'personne de Me Paul Test.',
      ),
    ).toEqual({ found: [['liquidateur', 'SELARL Mandalex', 'Paul Test', city, postalCode]], uncertain: [] });
  });

  it('reads a BP written after the firm without a comma as its seat, not its name', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELAS Vavasseur BP 1234 13202 Marseille ' +
          'Cedex 02 prise en la personne de Me Anne Vavasseur.',
      ),
    ).toEqual({ found: [['liquidateur', 'SELAS Vavasseur', 'Anne Vavasseur', 'Marseille', '13202']], uncertain: [] });
  });

  it('reads every role named first: an administrateur with powers, a mandataire, a commissaire', () => {
    const r = extractPractitioners(
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateur SCP Abitbol et " +
        'Rousselet 2 B place du Marché 13001 Marseille représentée par Me Frédéric Abitbol avec les pouvoirs : ' +
        'assistance, mandataire judiciaire SELARL Axyme, 62 boulevard de Sébastopol 75003 Paris, en la personne de Me ' +
        "Jean-Denis Cortot, commissaire à l'exécution du plan SELARL Ajire, 24 cours Napoléon 20000 Ajaccio, prise en " +
        'la personne de Me Jean-Baptiste Santoni.',
    );
    expect(r.practitioners.map((p) => [p.role, p.firm, p.person, p.city, p.powers?.text ?? null])).toEqual([
      [
        'administrateur_judiciaire',
        'SCP Abitbol et Rousselet',
        'Frédéric Abitbol',
        'Marseille',
        'avec les pouvoirs : assistance',
      ],
      ['mandataire_judiciaire', 'SELARL Axyme', 'Jean-Denis Cortot', 'Paris', null],
      ['commissaire_execution_plan', 'SELARL Ajire', 'Jean-Baptiste Santoni', 'Ajaccio', null],
    ]);
    expect(r.uncertain).toEqual([]);
  });

  it.each([
    [
      'a nommé la SELARL Bally MJ, 45 rue Saint-Ferréol 13001 Marseille, prise en la personne de Maître Laurence Bally, ' +
        'en qualité de liquidateur',
      ['liquidateur', 'SELARL Bally MJ', 'Laurence Bally', 'Marseille', '13001'],
    ],
    [
      'a nommé la SCP Thévenot, 42 rue de Lisbonne 75008 Paris, représentée par Maître Perrine Thévenot, ' +
        "administrateur judiciaire, avec mission d'assistance",
      ['administrateur_judiciaire', 'SCP Thévenot', 'Perrine Thévenot', 'Paris', '75008'],
    ],
    [
      'a nommé la SELARL Louis Ramon, 5 rue Sainte-Cécile 13005 Marseille, en qualité de mandataire judiciaire, prise ' +
        'en la personne de Me Carole Louis',
      ['mandataire_judiciaire', 'SELARL Louis Ramon', 'Carole Louis', 'Marseille', '13005'],
    ],
    [
      'a nommé la SELARL Fides, mandataire judiciaire, 18 rue Jean Jaurès 21000 Dijon, prise en la personne de Me ' +
        'Étienne Parize',
      ['mandataire_judiciaire', 'SELARL Fides', 'Étienne Parize', 'Dijon', '21000'],
    ],
    [
      'a nommé la SELARL Fides, 18 rue Jean Jaurès 21000 Dijon, mandataire judiciaire, prise en la personne de Me ' +
        'Étienne Parize',
      ['mandataire_judiciaire', 'SELARL Fides', 'Étienne Parize', 'Dijon', '21000'],
    ],
    [
      "a nommé la SELARL Ajassociés en qualité d'administrateur judiciaire, 9 rue Hoche 78000 Versailles, prise en la " +
        'personne de Me Bruno Hoche',
      ['administrateur_judiciaire', 'SELARL Ajassociés', 'Bruno Hoche', 'Versailles', '78000'],
    ],
    [
      'a nommé la SELARL Cabinet Pélissier, 2 place Saint-Étienne 31000 Toulouse, prise en la personne de Me Marc ' +
        "Pélissier, en qualité de commissaire à l'exécution du plan",
      ['commissaire_execution_plan', 'SELARL Cabinet Pélissier', 'Marc Pélissier', 'Toulouse', '31000'],
    ],
  ])('reads a holder named first: « %s »', (designation, expected) => {
    expect(read(`Par jugement du 3 mars 2026, le Tribunal ${designation}.`)).toEqual({
      found: [expected],
      uncertain: [],
    });
  });

  it('ties no firm to another holder’s person', () => {
    expect(
      read(
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire SELARL " +
          'Gamma, 10 rue du Port 56100 Lorient, et administrateur SCP Delta prise en la personne de Me Jules Moreau.',
      ).found,
    ).toEqual([
      ['mandataire_judiciaire', 'SELARL Gamma', null, 'Lorient', '56100'],
      ['administrateur_judiciaire', 'SCP Delta', 'Jules Moreau', null, null],
    ]);
  });

  it.each([
    // A person after the seat with no word tying them to the firm.
    'SELARL Mandalex, 4 rue Haute 59000 Lille, Me Paul Test',
    // A postal code of four digits: no address read.
    'SELARL Mandalex, 4 rue Haute 5900 Lille, prise en la personne de Me Paul Test',
    // Someone else named in the seat.
    'SELARL Mandalex, chez Me Yves Autre, 4 rue Haute 59000 Lille, prise en la personne de Me Paul Test',
  ])('links nothing, not even the firm alone, and reports « désignant liquidateur %s »', (holder) => {
    expect(read(`Jugement prononçant la liquidation judiciaire, désignant liquidateur ${holder}.`)).toEqual({
      found: [],
      uncertain: ['a role followed by a firm or a title whose person cannot be read'],
    });
  });

  it('links no firm alone when its person is told after its role and a seat not read', () => {
    expect(
      read(
        'Le Tribunal a nommé la SELARL Fides en qualité de liquidateur, chez Me Yves Autre, 4 rue Haute 59000 Lille, ' +
          'prise en la personne de Me Étienne Parize.',
      ),
    ).toEqual({ found: [], uncertain: ['a firm « prise en la personne de » a name that cannot be read'] });
  });
});

describe('a firm whose seat is introduced as one (« domiciliée », « demeurant », « sise au », « dont le siège est »)', () => {
  it('reads « SELARL X, mandataire judiciaire, domiciliée 12 rue … 75001 Paris, prise en la personne de Me Z », its span exact', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL Orpin, mandataire judiciaire, ' +
      'domiciliée 12 rue de Rivoli 75001 Paris, prise en la personne de Me Hugo Valmont. Les créances sont à adresser ' +
      'au liquidateur.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [
        {
          role: 'liquidateur',
          firm: 'SELARL Orpin',
          person: 'Hugo Valmont',
          name: 'Hugo Valmont',
          profession: 'mandataire_judiciaire',
          city: 'Paris',
          postalCode: '75001',
          powers: null,
          quote:
            'désignant liquidateur SELARL Orpin, mandataire judiciaire, domiciliée 12 rue de Rivoli 75001 Paris, ' +
            'prise en la personne de Me Hugo Valmont',
        },
      ],
      uncertain: [],
    });
  });

  it.each([
    'domiciliée 12 rue de Rivoli',
    'domicilié au 12 rue de Rivoli',
    'demeurant 12 rue de Rivoli',
    'sise 12 rue de Rivoli',
    'sise au 12 rue de Rivoli',
    'dont le siège est 12 rue de Rivoli',
    'dont le siège social est au 12 rue de Rivoli',
    'ayant son siège 12 rue de Rivoli',
  ])('reads the seat « %s 75001 Paris », with or without commas, and the person after it', (seat) => {
    const expected = { found: [['liquidateur', 'SELARL Orpin', 'Hugo Valmont', 'Paris', '75001']], uncertain: [] };
    const opening = 'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL Orpin';
    expect(read(`${opening}, ${seat} 75001 Paris, prise en la personne de Me Hugo Valmont.`)).toEqual(expected);
    expect(read(`${opening} ${seat} 75001 Paris prise en la personne de Me Hugo Valmont.`)).toEqual(expected);
  });

  it('ties no person to a firm whose introduced seat is followed by another holder', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur la SELARL Orpin, domiciliée 12 rue de ' +
          'Rivoli 75001 Paris, et administrateur judiciaire Me Anne Castel, 3 place du Marché 13001 Marseille.',
      ),
    ).toEqual({
      found: [
        ['liquidateur', 'SELARL Orpin', null, 'Paris', '75001'],
        ['administrateur_judiciaire', null, 'Anne Castel', 'Marseille', '13001'],
      ],
      uncertain: [],
    });
  });
});
