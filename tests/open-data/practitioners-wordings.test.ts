// Seven wordings a tester's held-out set (/tmp/verify31, fault 02; tests/fixtures/bodacc/practitioners.heldout7.json)
// found not read, each reported as uncertain and nothing linked: a plural title (« Mes X et Y »), partners joined by
// « ou », a firm's name listing its partners with a comma, a firm without its legal form, designations listed after a
// juge-commissaire « M. » (its full stop taken for a sentence's end), the practitioner replaced (« en remplacement
// de »), and the role named only by the judgment's title. Each text here is the tester's, read exactly; the sets
// practitioners.heldout7.json and practitioners.heldout8.json hold more, measured by `npm run eval:practitioners`.
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

describe('wordings of the held-out set of fault 02', () => {
  it.each([
    [
      "Jugement d'ouverture de liquidation judiciaire, désignant liquidateurs Mes Quentin Leblanc et Rose Garnier.",
      [
        ['liquidateur', null, 'Quentin Leblanc', null],
        ['liquidateur', null, 'Rose Garnier', null],
      ],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SCP Hérault Mandataires prise en la ' +
        'personne de Maître Denis AUBERT ou Maître Elise BOYER.',
      [
        ['liquidateur', 'SCP Hérault Mandataires', 'Denis AUBERT', null],
        ['liquidateur', 'SCP Hérault Mandataires', 'Elise BOYER', null],
      ],
    ],
    [
      "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur la SELARL Martin, Dubois et Associés, " +
        'prise en la personne de Me Céline Martin.',
      [['liquidateur', 'SELARL Martin, Dubois et Associés', 'Céline Martin', null]],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur MJ SYNERGIE, prise en la personne de ' +
        'Maître Carole ANDRE, 9 rue Servient 69003 Lyon.',
      [['liquidateur', 'MJ SYNERGIE', 'Carole ANDRE', 'Lyon']],
    ],
    [
      "Jugement d'ouverture de liquidation judiciaire, désignant juge-commissaire M. Henri Blanc, juge-commissaire " +
        'suppléant Mme Sylvie Noir, liquidateur Me Gilles Brun.',
      [['liquidateur', null, 'Gilles Brun', null]],
    ],
    [
      'Jugement prononçant le remplacement du liquidateur, désignant Me Claire Vautrin en remplacement de Me Olivier ' +
        'Brémond, liquidateur.',
      [['liquidateur', null, 'Claire Vautrin', null]],
    ],
    [
      "Jugement de désignation d'un administrateur judiciaire, désignant Me Ingrid Marchal avec mission d'assistance.",
      [['administrateur_judiciaire', null, 'Ingrid Marchal', null]],
    ],
  ])('reads « %s »', (text, found) => {
    expect(read(text)).toEqual({ found, uncertain: [] });
  });

  it('gives an administrateur named by the title the powers told after it', () => {
    const [p] = extractPractitioners(
      "Jugement de désignation d'un administrateur judiciaire, désignant Me Ingrid Marchal avec mission d'assistance.",
    ).practitioners;
    expect([p?.powers, p?.quote]).toEqual([
      { text: "avec mission d'assistance", kinds: ['assistance'] },
      "désignant Me Ingrid Marchal avec mission d'assistance",
    ]);
  });

  it('takes no role where none is told, nor another office named by the title', () => {
    // A replacement naming no role: no designation read; the import gives the role Y holds, or reports it.
    const text =
      'Jugement modifiant le plan de redressement, désignant Me Alice Martin en remplacement de Me Bernard Petit.';
    expect(read(text)).toEqual({ found: [], uncertain: [] });
    expect(extractPractitioners(text).withoutRole).toEqual([
      {
        holders: [{ firm: null, person: 'Alice Martin', name: 'Alice Martin', city: null, postalCode: null }],
        replaces: [{ firm: null, person: 'Bernard Petit', name: 'Bernard Petit' }],
        quote: 'désignant Me Alice Martin en remplacement de Me Bernard Petit',
      },
    ]);
    // Reported all the same (the passage after the verb names no office): linked to no one.
    expect(read("Jugement de désignation d'un mandataire ad hoc, désignant Me Simon Klein.")).toEqual({
      found: [],
      uncertain: ['a verb of designation before a firm or a « Me », in a wording the reader cannot read'],
    });
  });

  it('reads no profession in capitals after names under a plural title as a name', () => {
    expect(
      read(
        'JUGEMENT, DESIGNANT MES HUGO PERRIN, LEA FAURE, MANDATAIRES JUDICIAIRES, ET ME JEAN ROUX, ADMINISTRATEUR ' +
          'JUDICIAIRE.',
      ).found,
    ).toEqual([
      ['mandataire_judiciaire', null, 'HUGO PERRIN', null],
      ['mandataire_judiciaire', null, 'LEA FAURE', null],
      ['administrateur_judiciaire', null, 'JEAN ROUX', null],
    ]);
  });

  it('reads a comma with no partner list after it as the end of the firm’s name (its person not read: reported)', () => {
    expect(
      read(
        'désignant liquidateur la SELARL Martin, Dubois, prise en la personne de Me Céline Martin, 4 rue Haute 69001 Lyon.',
      ),
    ).toEqual({ found: [], uncertain: ['a role followed by a firm or a title whose person cannot be read'] });
  });
});
