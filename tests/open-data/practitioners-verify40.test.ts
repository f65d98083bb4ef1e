// Fault 01 of /tmp/verify40 (issue 11's hostile check of the BODACC practitioners, on 20 texts the reader had never
// seen, now tests/fixtures/bodacc/practitioners.verify40.json; their siblings in practitioners.heldout11.json): a firm's
// person told « mission conduite par » (or « agissant par »), a practitioner kept « dans ses fonctions de », and a
// firm's name holding « - » between spaces were not read; a former practitioner « étant déchargée de sa mission » was
// read as designated.
import { describe, expect, it } from 'vitest';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';

/** What the reader takes of a text: role, firm, name and city of each. */
const read = (text: string) => extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city]);
/** The passages the reader reports, by their reason. */
const unread = (text: string) => extractPractitioners(text).uncertain.map((u) => u.reason);

describe('the reader, a firm’s person told « mission conduite par », « agissant par »', () => {
  it('reads the person of each firm, with the powers of the administrateur', () => {
    const text =
      'Jugement d’ouverture, désignant mandataire judiciaire SCP Vautrin-Lemaire, mission conduite par Me Aurélie Vautrin ' +
      '18 rue de la République 69002 Lyon, administrateur judiciaire SELARL AJ Confluence agissant par Me Grégoire ' +
      'Mathelin 5 place Bellecour 69002 Lyon avec les pouvoirs : assistance.';
    expect(read(text)).toEqual([
      ['mandataire_judiciaire', 'SCP Vautrin-Lemaire', 'Aurélie Vautrin', 'Lyon'],
      ['administrateur_judiciaire', 'SELARL AJ Confluence', 'Grégoire Mathelin', 'Lyon'],
    ]);
    expect(extractPractitioners(text).practitioners[1]!.powers).toEqual({
      text: 'avec les pouvoirs : assistance',
      kinds: ['assistance'],
    });
    expect(unread(text)).toEqual([]);
  });

  it('reads it with the holder named first (« a nommé …, en qualité de liquidateur »)', () => {
    expect(
      read(
        'a nommé la SELARL Cévennes Liquidations, mission conduite par Maître VIALATTE Armand, 2 boulevard Gambetta ' +
          '30000 Nîmes, en qualité de liquidateur.',
      ),
    ).toEqual([['liquidateur', 'SELARL Cévennes Liquidations', 'Armand Vialatte', 'Nîmes']]);
  });
});

describe('the reader, a firm’s name holding a dash between spaces', () => {
  it('keeps « Mercier - Tournier » and « Bastide – Ferrer » whole, before « représentée par »', () => {
    expect(
      read(
        'désignant liquidateur judiciaire la SELAS Mercier - Tournier, représentée par Me Gaëlle Tournier, 30 rue ' +
          'Saint-Rome 31000 Toulouse. Mandataire judiciaire : SCP Bastide – Ferrer, représentée par Me Valentin Ferrer.',
      ),
    ).toEqual([
      ['liquidateur', 'SELAS Mercier - Tournier', 'Gaëlle Tournier', 'Toulouse'],
      ['mandataire_judiciaire', 'SCP Bastide – Ferrer', 'Valentin Ferrer', null],
    ]);
  });

  it('still reads « - Me » as the firm’s person, and a profession after the dash as part of the name', () => {
    expect(
      read('désignant liquidateur SELARL Pichon - Vasseur - Me Eudes Pichon, 4 rue Saint-Jean 54000 Nancy.'),
    ).toEqual([['liquidateur', 'SELARL Pichon - Vasseur', 'Eudes Pichon', 'Nancy']]);
    // Before, the firm was read alone as « SELARL MJ Alpes » and Me Tardy as a mandataire judiciaire.
    expect(
      read(
        'désignant liquidateur la SELARL MJ Alpes - Mandataires Judiciaires Associés, prise en la personne de Me Loïc ' +
          'Tardy, 15 avenue Alsace-Lorraine 38000 Grenoble.',
      ),
    ).toEqual([['liquidateur', 'SELARL MJ Alpes - Mandataires Judiciaires Associés', 'Loïc Tardy', 'Grenoble']]);
  });
});

describe('the reader, a practitioner kept in office', () => {
  it('reads « Maintient Me X dans ses fonctions de » and the designation after it', () => {
    const text =
      'Jugement arrêtant le plan de sauvegarde. Maintient Me Florian Guéridon dans ses fonctions de mandataire ' +
      'judiciaire jusqu’à l’établissement de l’état des créances et désigne Me Mathilde Sorel, 22 boulevard Carnot ' +
      '21000 Dijon, en qualité de commissaire à l’exécution du plan.';
    expect(read(text)).toEqual([
      ['mandataire_judiciaire', null, 'Florian Guéridon', null],
      ['commissaire_execution_plan', null, 'Mathilde Sorel', 'Dijon'],
    ]);
    expect(extractPractitioners(text).practitioners[0]!.quote).toBe(
      'Maintient Me Florian Guéridon dans ses fonctions de mandataire judiciaire',
    );
  });

  it('reads « Me X, …, est maintenue dans ses fonctions de » with no verb, and « confirme … en qualité de »', () => {
    expect(
      read(
        'Me Bérénice Lhomme, 12 rue Pasteur 25000 Besançon, est maintenue dans ses fonctions de mandataire judiciaire.',
      ),
    ).toEqual([['mandataire_judiciaire', null, 'Bérénice Lhomme', 'Besançon']]);
    expect(
      read('le tribunal confirme Me Oscar Delpech, 30 rue du Taur 31000 Toulouse, en qualité de liquidateur.'),
    ).toEqual([['liquidateur', null, 'Oscar Delpech', 'Toulouse']]);
  });

  it('gives « dans leurs fonctions respectives » one role per holder, in order, and reports it when counts differ', () => {
    expect(
      read(
        'Maintient Me Félicie Arnaud et Me Gaspard Nivet dans leurs fonctions respectives de mandataire judiciaire et ' +
          'd’administrateur judiciaire.',
      ),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Félicie Arnaud', null],
      ['administrateur_judiciaire', null, 'Gaspard Nivet', null],
    ]);
    const uneven =
      'Maintient Me Félicie Arnaud et Me Gaspard Nivet dans leurs fonctions respectives de mandataire judiciaire.';
    expect(read(uneven)).toEqual([]);
    expect(unread(uneven)).toEqual([
      'holders kept « dans leurs fonctions respectives » of roles not one for each of them',
    ]);
  });

  it('ends an administrateur’s powers before the next verb of designation', () => {
    const text =
      'maintenant Me Léandre Fontvieille dans ses fonctions d’administrateur judiciaire avec mission de passer les ' +
      'actes de cession, et désignant Me Inès Rabier, 7 rue Thiers 13100 Aix-en-Provence, en qualité de commissaire à ' +
      'l’exécution du plan.';
    expect(read(text)).toEqual([
      ['administrateur_judiciaire', null, 'Léandre Fontvieille', null],
      ['commissaire_execution_plan', null, 'Inès Rabier', 'Aix-en-Provence'],
    ]);
    expect(extractPractitioners(text).practitioners[0]!.powers?.text).toBe(
      'avec mission de passer les actes de cession',
    );
  });
});

describe('the reader, a practitioner discharged or former', () => {
  it('does not designate « ancien administrateur judiciaire Me X étant déchargée », nor one « étant déchargée »', () => {
    for (const before of ['ancien administrateur judiciaire', 'administrateur judiciaire'])
      expect(
        read(
          `désignant liquidateur Me Jérôme Vasseur 6 rue Nationale 59800 Lille, ${before} Me Sophie Brunel étant ` +
            'déchargée de sa mission.',
        ),
      ).toEqual([['liquidateur', null, 'Jérôme Vasseur', 'Lille']]);
  });

  it('does not designate an « ex-liquidateur » nor a practitioner whose functions end', () => {
    expect(
      read(
        'l’ex-liquidateur Me Paul Roux, désignant liquidateur SELARL Ibis - Me Lou Vidal 2 rue Haute 31000 Toulouse.',
      ),
    ).toEqual([['liquidateur', 'SELARL Ibis', 'Lou Vidal', 'Toulouse']]);
    expect(
      read(
        'met fin à la mission de l’administrateur judiciaire Me Solange Perrot et maintient Me Gilles Fabre dans ses ' +
          'fonctions de commissaire à l’exécution du plan.',
      ),
    ).toEqual([['commissaire_execution_plan', null, 'Gilles Fabre', null]]);
  });
});
