// The practitioner reader and matching on surnames with particles (« Me Antoine de la Tour », « Maître DE LA TOUR
// Antoine », « Me de la Tour Antoine », el, ben, van der…), on names of one word, and on the designations « a nommé
// la SELARL X, mandataire judiciaire, en la personne de Me Y, et administrateur judiciaire SCP Z … » and « … en
// qualité de mandataire judiciaire, prise en la personne de Me Y »; and a holder beside the ones read, reported.
import { describe, expect, it } from 'vitest';
import { MandataireIndex } from '../../src/open-data/bodacc/matching.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { personKey } from '../../src/open-data/bodacc/text.js';

/** Role, firm, person as written, name as shown and city of each practitioner a text designates. */
const read = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.person, p.name, p.city]);

describe('a surname with particles', () => {
  it('is read whole, given name first, particles first, or in capitals', () => {
    expect(
      read(
        'Jugement, désignant liquidateur SELARL Tour prise en la personne de Me Antoine de la Tour 1 rue A 69001 Lyon.',
      ),
    ).toEqual([['liquidateur', 'SELARL Tour', 'Antoine de la Tour', 'Antoine de la Tour', 'Lyon']]);
    expect(read('Jugement, désignant liquidateur Maître DE LA TOUR Antoine 1 rue A 69001 Lyon.')).toEqual([
      ['liquidateur', null, 'DE LA TOUR Antoine', 'Antoine de La Tour', 'Lyon'],
    ]);
    expect(read('Jugement, désignant liquidateur Me de la Tour Antoine 1 rue A 69001 Lyon.')).toEqual([
      ['liquidateur', null, 'de la Tour Antoine', 'Antoine de la Tour', 'Lyon'],
    ]);
    // The three writings are one person to matching.
    expect(new Set(['Antoine de la Tour', 'DE LA TOUR Antoine', 'de la Tour Antoine'].map(personKey))).toEqual(
      new Set(['antoine de la tour']),
    );
  });

  it.each([
    ['Antoine des Roches'],
    ['Pierre el Khoury'],
    ['Nadia ben Ali'],
    ['Pieter van der Berg'],
    ['Clara von Stein'],
    ['Hugo ter Horst'],
    ['Karim al Masri'],
    ['Lucia di Marco'],
    ['João da Silva'],
    ['Ana dos Santos'],
    ['Marie du Pont'],
    ["Paul d'Ornano"],
    ['Yannick le Floch'],
    ['Fiona Mac Gregor'],
  ])('keeps « %s » whole, before an address and after a firm', (name) => {
    expect(
      read(`Jugement, désignant liquidateur SCP Alpha en la personne de Me ${name} 5 rue B 13001 Marseille.`),
    ).toEqual([['liquidateur', 'SCP Alpha', name, name, 'Marseille']]);
  });

  it('does not take the words after a name for a surname (« de la SELARL », « le 3 mars »)', () => {
    expect(read('Jugement, désignant liquidateur Me Paul Roux de la SELARL Alpha, 1 rue A 69001 Lyon.')).toEqual([
      // The firm told after the name is theirs (/tmp/verify35 fault 01).
      ['liquidateur', 'SELARL Alpha', 'Paul Roux', 'Paul Roux', 'Lyon'],
    ]);
    expect(read('Jugement, désignant liquidateur Me Paul Roux le 3 mars 2025.')).toEqual([
      ['liquidateur', null, 'Paul Roux', 'Paul Roux', null],
    ]);
  });
});

describe('matching a name', () => {
  const index = new MandataireIndex([
    { id: 'antoine-de-la-tour', name: 'Antoine de la Tour', kind: 'practitioner', firm_id: null, commune: 'Lyon' },
  ]);

  it('finds the same person whichever order the notice wrote the name in', () => {
    for (const person of ['Antoine de la Tour', 'DE LA TOUR Antoine', 'de la Tour Antoine'])
      expect(index.person({ person, firm: null, city: null })).toEqual({ status: 'known', id: 'antoine-de-la-tour' });
  });

  it('links no one to a first name or a surname alone, and says why', () => {
    expect(index.person({ person: 'Antoine', firm: 'SELARL Tour', city: 'Lyon' })).toEqual({
      status: 'uncertain',
      reason: "'Antoine' is one name only (a first name or a surname alone)",
    });
    expect(index.person({ person: 'de la Tour', firm: null, city: null })).toEqual({
      status: 'uncertain',
      reason: "'de la Tour' is one name only (a first name or a surname alone)",
    });
    expect(new MandataireIndex([]).person({ person: 'Antoine', firm: null, city: null }).status).toBe('uncertain');
  });

  it('tells apart two people of one first name with different surnames', () => {
    expect(index.person({ person: 'Antoine des Roches', firm: null, city: null })).toEqual({ status: 'new' });
  });
});

describe('designations where the role comes between a firm and its person', () => {
  it('reads « a nommé la SELARL X, mandataire judiciaire, en la personne de Me Y, et administrateur judiciaire SCP Z … »', () => {
    const text =
      'Le tribunal a nommé la SELARL Lambda, mandataire judiciaire, en la personne de Me Bruno Vasseur, et ' +
      'administrateur judiciaire SCP Mu en la personne de Me Camille Faure avec les pouvoirs : surveillance.';
    const reading = extractPractitioners(text);
    expect(reading.practitioners.map((p) => [p.role, p.firm, p.person, p.powers?.kinds ?? null, p.quote])).toEqual([
      [
        'mandataire_judiciaire',
        'SELARL Lambda',
        'Bruno Vasseur',
        null,
        'a nommé la SELARL Lambda, mandataire judiciaire, en la personne de Me Bruno Vasseur',
      ],
      [
        'administrateur_judiciaire',
        'SCP Mu',
        'Camille Faure',
        ['surveillance'],
        'administrateur judiciaire SCP Mu en la personne de Me Camille Faure avec les pouvoirs : surveillance',
      ],
    ]);
    expect(reading.uncertain).toEqual([]);
  });

  it('reads the firm named « en qualité de », its person after', () => {
    const text =
      'Jugement, a nommé la SELARL Lambda en qualité de mandataire judiciaire, prise en la personne de Me Bruno ' +
      'Vasseur, 8 rue Z, 69001 Lyon, et la SCP Mu en qualité d’administrateur judiciaire, représentée par Maître ' +
      'FAURE Camille, avec les pouvoirs : assistance.';
    expect(read(text)).toEqual([
      ['mandataire_judiciaire', 'SELARL Lambda', 'Bruno Vasseur', 'Bruno Vasseur', 'Lyon'],
      ['administrateur_judiciaire', 'SCP Mu', 'FAURE Camille', 'Camille Faure', null],
    ]);
  });

  it('leaves the role told after the person to be read there (« …, mandataire judiciaire, …, liquidateur »)', () => {
    const text =
      'Jugement, a nommé la SELARL Lambda, mandataire judiciaire, prise en la personne de Me Bruno Vasseur, liquidateur.';
    expect(read(text)).toEqual([['liquidateur', 'SELARL Lambda', 'Bruno Vasseur', 'Bruno Vasseur', null]]);
  });

  it('reports a firm whose person cannot be read, taking nothing of it', () => {
    const text =
      'Jugement, a nommé la SELARL Lambda en qualité de mandataire judiciaire, prise en la personne de 12 rue Z.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote: 'a nommé la SELARL Lambda en qualité de mandataire judiciaire, prise en la personne de 12 rue Z',
          reason: 'a firm « prise en la personne de » a name that cannot be read',
        },
      ],
    });
  });

  it('reports a passage of which one holder was read and another was not', () => {
    const text =
      'Le tribunal a nommé la SELARL Lambda, mandataire judiciaire, pour suivre Me Bruno Vasseur, et administrateur ' +
      'judiciaire SCP Mu en la personne de Me Camille Faure.';
    const reading = extractPractitioners(text);
    // The firm in apposition is read (a firm alone); its « Me », not tied to it by any wording read, is reported.
    expect(reading.practitioners.map((p) => [p.role, p.firm, p.person])).toEqual([
      ['mandataire_judiciaire', 'SELARL Lambda', null],
      ['administrateur_judiciaire', 'SCP Mu', 'Camille Faure'],
    ]);
    // Marked `partly`: the import's report says the part not read is linked to no one, never « nothing linked ».
    expect(reading.uncertain).toEqual([
      {
        partly: true,
        quote:
          'a nommé la SELARL Lambda, mandataire judiciaire, pour suivre Me Bruno Vasseur, et administrateur judiciaire ' +
          'SCP Mu en la personne de Me Camille Faure',
        reason:
          'a verb of designation before a firm or a « Me » that no designation read covers (the others of the ' +
          'passage are read), in a wording the reader cannot read',
      },
    ]);
  });

  it('does not report the practitioner replaced (« en remplacement de Me … »)', () => {
    const text =
      'Jugement modifiant le plan, désigne Me Sophie Karam, 9 rue Paradis, 13001 Marseille, commissaire à ' +
      "l'exécution du plan, en remplacement de Me Gérard Ollier.";
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });
});

describe('a first name written as initials', () => {
  it('is part of the name in every wording: « Me J. Dupont » is J. Dupont, not J', () => {
    const address = ', 4 rue Neuve 69002 Lyon. Les créances sont à adresser au liquidateur.';
    expect(read(`Jugement, désignant liquidateur Me J. Dupont${address}`)).toEqual([
      ['liquidateur', null, 'J. Dupont', 'J. Dupont', 'Lyon'],
    ]);
    expect(read(`Jugement, désignant liquidateur Maître J.-P. Martin${address}`)).toEqual([
      ['liquidateur', null, 'J.-P. Martin', 'J.-P. Martin', 'Lyon'],
    ]);
    expect(read(`Jugement, désignant mandataire judiciaire SELARL X, Me A. B. Durand${address}`)).toEqual([
      ['mandataire_judiciaire', 'SELARL X', 'A. B. Durand', 'A. B. Durand', 'Lyon'],
    ]);
    const firm = ['liquidateur', 'SELARL Mandaf', 'J. Dupont', 'J. Dupont', 'Lyon'];
    for (const wording of [
      'désignant liquidateur SELARL Mandaf prise en la personne de Me J. Dupont',
      'désignant liquidateur SELARL Mandaf (Me J. Dupont)',
      'désignant liquidateur SELARL Mandaf - Me J. Dupont',
    ])
      expect(read(`Jugement, ${wording}${address}`)).toEqual([firm]);
    // The role after the person (the address after it is not read, as for « Maître Jean Dupont »).
    expect(
      read(
        `Jugement, a nommé la SELARL Mandaf, prise en la personne de Maître J. Dupont, en qualité de liquidateur${address}`,
      ),
    ).toEqual([['liquidateur', 'SELARL Mandaf', 'J. Dupont', 'J. Dupont', null]]);
    // Surname first: the person as written, shown given name first.
    expect(read(`Jugement, Liquidateur : SELARL Mandaf représentée par Maître DUPONT J.${address}`)).toEqual([
      ['liquidateur', 'SELARL Mandaf', 'DUPONT J.', 'J. Dupont', 'Lyon'],
    ]);
  });

  it('says no one for sure: nothing linked nor created, the reason reported', () => {
    const index = new MandataireIndex([
      { id: 'jean-dupont', name: 'Jean Dupont', kind: 'practitioner', firm_id: null, commune: 'Lyon' },
    ]);
    for (const person of ['J. Dupont', 'DUPONT J.', 'A. B. Durand'])
      expect(index.person({ person, firm: null, city: 'Lyon' })).toEqual({
        status: 'uncertain',
        reason: `'${person}' gives initials, not a first name: which person it is is not guessed`,
      });
    expect(index.person({ person: 'J.-P. Martin', firm: null, city: null }).status).toBe('uncertain');
  });
});
