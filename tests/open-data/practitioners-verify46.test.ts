// Faults of /tmp/verify46 (a re-verifier's texts, now tests/fixtures/bodacc/practitioners.verify46-*.json): the reader
// alone, each instance with its exact answer.
import { describe, expect, it } from 'vitest';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';

/** What the reader takes of a text: role, firm, name and city of each. */
const read = (text: string) => extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city]);

describe('a designation quoted in a decision infirmed, annulled or refused is no designation (fault 09)', () => {
  it.each([
    "Arrêt de la cour d'appel infirmant le jugement ayant désigné Me Ferdinand Lacroix en qualité de liquidateur.",
    "Arrêt de la cour d'appel annulant le jugement qui avait désigné Me Ferdinand Lacroix en qualité de liquidateur.",
    'Jugement rejetant la requête tendant à désigner Me Ferdinand Lacroix en qualité de liquidateur.',
    "Arrêt de la cour d'appel réformant le jugement ayant nommé liquidateur Me Ferdinand Lacroix, 3 rue Foch 34000 Montpellier.",
  ])('%s', (text) => {
    const reading = extractPractitioners(text);
    expect(reading.practitioners).toEqual([]);
    expect(reading.withoutHolder).toBeUndefined();
    expect(reading.uncertain.length).toBeGreaterThan(0);
  });

  it('the court designating anew after « statuant à nouveau » is read', () => {
    expect(
      read(
        "Arrêt de la cour d'appel infirmant le jugement ayant désigné Me Ferdinand Lacroix en qualité de liquidateur et, statuant à nouveau, désignant Me Anaïs Morel, 2 rue Foch 34000 Montpellier, en qualité de liquidateur.",
      ),
    ).toEqual([['liquidateur', null, 'Anaïs Morel', 'Montpellier']]);
  });
});

/** What the reader ends: role, who, whether it ends, whether a discharge, and the quote. */
const ended = (text: string) =>
  (extractPractitioners(text).withoutHolder ?? []).map((w) => [
    w.role,
    w.replaces.map((r) => r.name),
    w.ends,
    w.discharge ?? false,
    w.quote,
  ]);

describe('« le <rôle> Me X étant déchargé | désigné en qualité de | maintenu » (faults 01 and 03)', () => {
  it.each([
    [
      "Jugement de conversion en liquidation judiciaire, l'administrateur judiciaire Me Matthieu Bonnet étant déchargé de sa mission, désignant Me Agathe Roussel, mandataire judiciaire, 5 rue Foch 34000 Montpellier, ès qualités de liquidateur.",
    ],
    [
      "Jugement de conversion en liquidation judiciaire, désignant Me Agathe Roussel, mandataire judiciaire, 5 rue Foch 34000 Montpellier, ès qualités de liquidateur, l'administrateur judiciaire Me Matthieu Bonnet étant déchargé de sa mission.",
    ],
  ])("the discharge with « l' » ends the mission, the designation is read: %s", (text) => {
    expect(read(text)).toEqual([['liquidateur', null, 'Agathe Roussel', 'Montpellier']]);
    expect(ended(text)).toEqual([
      [
        'administrateur_judiciaire',
        ['Matthieu Bonnet'],
        true,
        true,
        "l'administrateur judiciaire Me Matthieu Bonnet étant déchargé de sa mission",
      ],
    ]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });

  it('the second instance: the CEP read, Techer discharged', () => {
    const text =
      "Jugement arrêtant le plan, nommant commissaire à l'exécution du plan Maître PAYET Mathis, 20 rue de Paris 97400 Saint-Denis, l'administrateur judiciaire Me Gwladys Techer étant déchargée de sa mission.";
    expect(read(text)).toEqual([['commissaire_execution_plan', null, 'Mathis Payet', 'Saint-Denis']]);
    expect(ended(text)).toEqual([
      [
        'administrateur_judiciaire',
        ['Gwladys Techer'],
        true,
        true,
        "l'administrateur judiciaire Me Gwladys Techer étant déchargée de sa mission",
      ],
    ]);
  });

  it.each([
    [
      'Jugement de conversion en liquidation judiciaire, le mandataire judiciaire Me Norbert Jacquet, 2 rue Colbert 37000 Tours, étant désigné en qualité de liquidateur.',
      [['liquidateur', null, 'Norbert Jacquet', 'Tours']],
    ],
    [
      "Jugement arrêtant le plan de sauvegarde, désignant commissaire à l'exécution du plan la SCP Drouot-Marchand en la personne de Me Rose Drouot-Marchand, 5 place Stanislas 54000 Nancy, le mandataire judiciaire Me Gaël Bertin étant maintenu jusqu'à la vérification des créances.",
      [
        ['commissaire_execution_plan', 'SCP Drouot-Marchand', 'Rose Drouot-Marchand', 'Nancy'],
        ['mandataire_judiciaire', null, 'Gaël Bertin', null],
      ],
    ],
    [
      "Jugement prolongeant la période d'observation, l'administrateur judiciaire Me Rémi Caron et le mandataire judiciaire Me Inès Gautier étant maintenus dans leurs fonctions.",
      [],
    ],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });
});

describe('words between the verb and the holder, « Me Y est remplacé par Me X, …, en qualité de » (faults 02, 05)', () => {
  it.each([
    [
      "Jugement modifiant le plan de continuation, Me Didier Lambert étant déchargé de ses fonctions de commissaire à l'exécution du plan, désignant en remplacement Me Nadia Benali 14 rue de Metz 31000 Toulouse en qualité de commissaire à l'exécution du plan.",
      [['commissaire_execution_plan', null, 'Nadia Benali', 'Toulouse']],
    ],
    [
      'Jugement de reprise de la procédure de liquidation judiciaire, désignant de nouveau Me Solange Martel, 2 rue du Marché 60000 Beauvais, en qualité de liquidateur.',
      [['liquidateur', null, 'Solange Martel', 'Beauvais']],
    ],
    [
      // « en remplacement de Me Y »: Y is the one replaced, never designated (the passage is left uncertain, as before).
      'Jugement désignant en remplacement de Me Didier Lambert, Me Nadia Benali, 14 rue de Metz 31000 Toulouse, en qualité de liquidateur.',
      [],
    ],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('reads X designated, Y replaced', () => {
    const reading = extractPractitioners(
      "Jugement modifiant le plan de redressement : Me Léopold Garnier est remplacé par Me Apolline Devaux, 40 rue Saint-Ferréol 13001 Marseille, en qualité de commissaire à l'exécution du plan.",
    );
    expect(reading.uncertain).toEqual([]);
    expect(reading.practitioners.map((p) => [p.role, p.name, p.city, p.replaces, p.quote])).toEqual([
      [
        'commissaire_execution_plan',
        'Apolline Devaux',
        'Marseille',
        [{ firm: null, person: 'Léopold Garnier', name: 'Léopold Garnier' }],
        "Me Léopold Garnier est remplacé par Me Apolline Devaux, 40 rue Saint-Ferréol 13001 Marseille, en qualité de commissaire à l'exécution du plan",
      ],
    ]);
  });
});

describe('the commissaire à l’exécution du plan in the words of the code and of a plan de cession (fault 11)', () => {
  it.each([
    [
      "Jugement arrêtant le plan de redressement, désignant commissaire chargé de l'exécution du plan Me Émile Rousseau 4 rue Crébillon 44000 Nantes.",
      [['commissaire_execution_plan', null, 'Émile Rousseau', 'Nantes']],
    ],
    [
      "Jugement arrêtant le plan de cession, désignant commissaire à l'exécution du plan de cession Me Léonce Guérin 9 rue Saint-Rome 31000 Toulouse.",
      [['commissaire_execution_plan', null, 'Léonce Guérin', 'Toulouse']],
    ],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });
});

describe('the plural passive with each role in apposition (fault 10)', () => {
  it('reads each holder in the role beside them, with their city', () => {
    const reading = extractPractitioners(
      "Jugement d'ouverture d'une procédure de redressement judiciaire. Me Jules Charpentier, administrateur judiciaire, 5 rue Thiers 38000 Grenoble, et Me Maud Picard, mandataire judiciaire, 7 rue Lesdiguières 38000 Grenoble, sont désignés.",
    );
    expect(reading.uncertain).toEqual([]);
    expect(reading.practitioners.map((p) => [p.role, p.name, p.city, p.quote])).toEqual([
      [
        'administrateur_judiciaire',
        'Jules Charpentier',
        'Grenoble',
        'Me Jules Charpentier, administrateur judiciaire, 5 rue Thiers 38000 Grenoble',
      ],
      [
        'mandataire_judiciaire',
        'Maud Picard',
        'Grenoble',
        'Me Maud Picard, mandataire judiciaire, 7 rue Lesdiguières 38000 Grenoble',
      ],
    ]);
  });

  it('a role « en qualité de » in the sentence: the appositions are professions, not read so', () => {
    expect(
      read(
        'Me Jules Charpentier, administrateur judiciaire, et Me Maud Picard, mandataire judiciaire, sont désignés en qualité de liquidateurs.',
      ).every(([role]) => role !== 'administrateur_judiciaire'),
    ).toBe(true);
  });
});

describe('the passive keeps an administrateur’s powers (fault 06)', () => {
  it.each([
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire. Me Hugues Fontaine, 3 rue Royale 75008 Paris, est désigné administrateur judiciaire avec les pouvoirs : assistance.",
      'Hugues Fontaine',
      'avec les pouvoirs : assistance',
    ],
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire. La SELAS Hérault AJ, prise en la personne de Me Matthieu Bonnet, 3 rue Foch 34000 Montpellier, est désignée administrateur judiciaire avec mission d'assistance.",
      'Matthieu Bonnet',
      "avec mission d'assistance",
    ],
  ])('%s', (text, name, powers) => {
    const [p] = extractPractitioners(text).practitioners;
    expect([p!.role, p!.name, p!.powers]).toEqual([
      'administrateur_judiciaire',
      name,
      { text: powers, kinds: ['assistance'] },
    ]);
    expect(p!.quote.endsWith(powers)).toBe(true);
  });
});
