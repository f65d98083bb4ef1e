// A firm named by dotted initials was cut at its first full stop (issue 11's leftovers): « désignant liquidateur
// SELARL M.J.A. prise en la personne de Me … » read as the firm « SELARL M.J » alone, its person lost, the stops of
// the initials taken for sentences' ends. Each wording of the brief is read whole here, firm and person exactly;
// tests/fixtures/bodacc/practitioners.initials.json holds more, measured by `npm run eval:practitioners`.
import { describe, expect, it } from 'vitest';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';

/** The (role, firm, person, city) of each practitioner read, and the reasons of what was not. */
const read = (text: string) => {
  const r = extractPractitioners(text);
  return {
    found: r.practitioners.map((p) => [p.role, p.firm, p.person, p.city]),
    uncertain: r.uncertain.map((u) => u.reason),
  };
};

describe('names with initials and dotted acronyms', () => {
  it.each([
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL M.J.A. prise en la personne de Me ' +
        'Valérie Leloup-Thomas, 102 rue du Faubourg Saint-Denis 75010 Paris.',
      [['liquidateur', 'SELARL M.J.A.', 'Valérie Leloup-Thomas', 'Paris']],
    ],
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire SCP B.T.S.G. " +
        'en la personne de Me Marc Sénéchal, 15 rue de Londres 75009 Paris.',
      [['mandataire_judiciaire', 'SCP B.T.S.G.', 'Marc Sénéchal', 'Paris']],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me J.-P. Martin, 4 rue Haute 44000 Nantes.',
      [['liquidateur', null, 'J.-P. Martin', 'Nantes']],
    ],
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateur SELAS A.J.R.S. en la " +
        'personne de Me Claire Roussel avec les pouvoirs : assistance, mandataire judiciaire SELARL MJ & Associés en la ' +
        'personne de Me Luc Blanchard.',
      [
        ['administrateur_judiciaire', 'SELAS A.J.R.S.', 'Claire Roussel', null],
        ['mandataire_judiciaire', 'SELARL MJ & Associés', 'Luc Blanchard', null],
      ],
    ],
    [
      'Par jugement du 3 mars 2026, le Tribunal a nommé la SCP B.T.S.G., prise en la personne de Maître Denis Gasnier, ' +
        'en qualité de liquidateur.',
      [['liquidateur', 'SCP B.T.S.G.', 'Denis Gasnier', null]],
    ],
    [
      'JUGEMENT PRONONCANT LA LIQUIDATION JUDICIAIRE, DESIGNANT LIQUIDATEUR SELARL M.J.A. PRISE EN LA PERSONNE DE ME ' +
        'JEAN DUPRAZ, 102 RUE DU FAUBOURG SAINT-DENIS 75010 PARIS.',
      [['liquidateur', 'SELARL M.J.A.', 'JEAN DUPRAZ', 'PARIS']],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL M.J.A. Les créances sont à adresser ' +
        'au liquidateur.',
      [['liquidateur', 'SELARL M.J.A.', null, null]],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL J.-P. Martin prise en la personne de ' +
        'Me Jean-Pierre Martin, 4 rue Haute 44000 Nantes.',
      [['liquidateur', 'SELARL J.-P. Martin', 'Jean-Pierre Martin', 'Nantes']],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL J. Martin, 4 rue Haute 44000 Nantes, ' +
        'prise en la personne de Me Jeanne Martin.',
      [['liquidateur', 'SELARL J. Martin', 'Jeanne Martin', 'Nantes']],
    ],
    [
      'Jugement de conversion en liquidation judiciaire, désignant liquidateur SCP B.T.S.G.',
      [['liquidateur', 'SCP B.T.S.G.', null, null]],
    ],
  ])('reads « %s » whole', (text, found) => {
    expect(read(text)).toEqual({ found, uncertain: [] });
  });

  it('still ends a sentence at a full stop after a word (« Lyon.Les créances »)', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Paul Test, 1 rue Haute 69001 Lyon.Les créances sont à adresser au liquidateur.',
      ),
    ).toEqual({ found: [['liquidateur', null, 'Paul Test', 'Lyon']], uncertain: [] });
  });
});
