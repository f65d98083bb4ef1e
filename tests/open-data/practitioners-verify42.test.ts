// Faults 01 and 02 of /tmp/verify42 (a re-verifier's ten texts the reader had never seen, now
// tests/fixtures/bodacc/practitioners.verify42.json): a passive « Me X …, est désigné en qualité de liquidateur »
// was not read, and with « en remplacement de Me Y » after it the replaced liquidator's appointment was ended with no
// holder; « en ses fonctions de », « en la personne de son associé », a firm's form spelt out, the short label
// « Mandataire : » and a firm named « MJ 3 Conseil » (initials, a number, more words) were not read.
import { describe, expect, it } from 'vitest';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';

/** What the reader takes of a text: role, firm, name and city of each. */
const read = (text: string) => extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city]);

describe('the reader, a holder « est désigné en qualité de » its role', () => {
  const replacement =
    'Jugement du tribunal de commerce de Lille Métropole ordonnant le remplacement du liquidateur : Me Hugues ' +
    'Delattre, 40 rue Nationale 59000 Lille, est désigné en qualité de liquidateur en remplacement de la SCP ' +
    'Vandamme - Caron, Me Rémi Caron.';

  it('designates the new holder and names the one replaced, ending no appointment without a holder', () => {
    const reading = extractPractitioners(replacement);
    expect(read(replacement)).toEqual([['liquidateur', null, 'Hugues Delattre', 'Lille']]);
    expect(reading.practitioners[0]!.replaces).toEqual([
      { firm: 'SCP Vandamme - Caron', person: 'Rémi Caron', name: 'Rémi Caron' },
    ]);
    expect(reading.withoutHolder).toBeUndefined();
    expect(reading.uncertain).toEqual([]);
  });

  it('reads it alone, « nommée » too, never a silent miss', () => {
    expect(read('Me Hugues Delattre, 40 rue Nationale 59000 Lille, est désigné en qualité de liquidateur.')).toEqual([
      ['liquidateur', null, 'Hugues Delattre', 'Lille'],
    ]);
    const nommee = extractPractitioners(
      'Me Nadia Benali, 31 rue Saint-Dizier 54000 Nancy, est nommée en qualité de mandataire judiciaire en remplacement de Me Rémi Caron.',
    );
    expect(nommee.practitioners.map((p) => [p.role, p.name, p.replaces?.map((r) => r.name)])).toEqual([
      ['mandataire_judiciaire', 'Nadia Benali', ['Rémi Caron']],
    ]);
    expect(nommee.withoutHolder).toBeUndefined();
  });
});

describe('the reader, other wordings of verify42', () => {
  it('reads « en ses fonctions de » as « dans ses fonctions de »', () => {
    expect(
      read(
        'Jugement arrêtant le plan de cession, nomme la SELARL AJRS, représentée par Me Thibault Gaillac, commissaire ' +
          "à l'exécution du plan, et maintient la SELAS MJ Arverne, prise en la personne de Me Odile Chassaing, en ses " +
          'fonctions de mandataire judiciaire jusqu’à la fin de la vérification des créances.',
      ),
    ).toEqual([
      ['commissaire_execution_plan', 'SELARL AJRS', 'Thibault Gaillac', null],
      ['mandataire_judiciaire', 'SELAS MJ Arverne', 'Odile Chassaing', null],
    ]);
    expect(read('Jugement maintenant Me Odile Chassaing en ses fonctions de mandataire judiciaire.')).toEqual([
      ['mandataire_judiciaire', null, 'Odile Chassaing', null],
    ]);
  });

  it('reads « en la personne de son associé » and a firm whose form is spelt out', () => {
    expect(
      read(
        "Jugement d'ouverture de liquidation judiciaire, date de cessation des paiements le 30 avril 2025, désignant " +
          "liquidateur la société d'exercice libéral par actions simplifiée Orsini et Santoni, en la personne de son " +
          'associé Me Julien Orsini, 7 boulevard Paoli 20000 Ajaccio. Les déclarations de créances sont à adresser au liquidateur.',
      ),
    ).toEqual([['liquidateur', 'Orsini et Santoni', 'Julien Orsini', 'Ajaccio']]);
    expect(
      read('désignant liquidateur la SELAS Orsini et Santoni, en la personne de son associé Me Julien Orsini.'),
    ).toEqual([['liquidateur', 'SELAS Orsini et Santoni', 'Julien Orsini', null]]);
    expect(
      read(
        'désignant liquidateur la société civile professionnelle Orsini & Santoni représentée par Me Julien Orsini.',
      ),
    ).toEqual([['liquidateur', 'Orsini & Santoni', 'Julien Orsini', null]]);
  });

  it('reads the short label « Mandataire : » as « Administrateur : », not « Mandataire ad hoc : »', () => {
    expect(
      read(
        "Jugement d'extension. Administrateur : Me Édouard Ferrand, 6 place Stanislas 54000 Nancy, avec mission " +
          "d'assistance. Mandataire : Madame Nadia Benali, 31 rue Saint-Dizier 54000 Nancy.",
      ),
    ).toEqual([
      ['administrateur_judiciaire', null, 'Édouard Ferrand', 'Nancy'],
      ['mandataire_judiciaire', null, 'Nadia Benali', 'Nancy'],
    ]);
    expect(read('Mandataire : Me Nadia Benali, 31 rue Saint-Dizier 54000 Nancy.')).toEqual([
      ['mandataire_judiciaire', null, 'Nadia Benali', 'Nancy'],
    ]);
    expect(read('Mandataire ad hoc : Me Nadia Benali.')).toEqual([]);
  });
});

describe('the reader, a firm named by initials, a number and more words', () => {
  const designating = (firm: string) =>
    read(
      `Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL ${firm} prise en la personne de Me Erwan Guillerm 2 rue du Port 56100 Lorient.`,
    );

  it('keeps the number and the words after it in the name', () => {
    expect(designating('MJ 3 Conseil')).toEqual([['liquidateur', 'SELARL MJ 3 Conseil', 'Erwan Guillerm', 'Lorient']]);
    expect(designating('AJ 2 Partenaires')).toEqual([
      ['liquidateur', 'SELARL AJ 2 Partenaires', 'Erwan Guillerm', 'Lorient'],
    ]);
    expect(read('désignant liquidateur SELARL MJ 3 Conseil, Me Erwan Guillerm 2 rue du Port 56100 Lorient.')).toEqual([
      ['liquidateur', 'SELARL MJ 3 Conseil', 'Erwan Guillerm', 'Lorient'],
    ]);
  });

  it('still ends the name where an address starts after the number', () => {
    expect(
      read('désignant liquidateur SELARL MJ 3 Le Forum 56100 Lorient prise en la personne de Me Erwan Guillerm.'),
    ).toEqual([['liquidateur', 'SELARL MJ', 'Erwan Guillerm', 'Lorient']]);
  });
});
