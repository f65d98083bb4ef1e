import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePractitioners, readLabelledFile } from '../../src/open-data/bodacc/evaluation.js';
import { extractPractitioners, maxReadLength } from '../../src/open-data/bodacc/practitioners.js';
import { displayPersonName, personKey } from '../../src/open-data/bodacc/text.js';

const load = (name: string) => readLabelledFile(`tests/fixtures/bodacc/${name}`);

describe('the practitioners of a BODACC notice', () => {
  it('reads firm, person, city, powers and the exact span of an opening of redressement judiciaire', () => {
    const text =
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateur SCP Brèche et " +
      'Associés en la personne de Me Hervé Brèche 4/6, rue du Palais 33000 Bordeaux avec les pouvoirs : assistance, ' +
      'mandataire judiciaire SELARL Ekip Sud prise en la personne de Me Sandrine Molinié 2 B, allée des Acacias 31000 ' +
      'Toulouse.Les déclarations des créances sont à adresser au mandataire judiciaire.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [
        {
          role: 'administrateur_judiciaire',
          firm: 'SCP Brèche et Associés',
          person: 'Hervé Brèche',
          name: 'Hervé Brèche',
          profession: 'administrateur_judiciaire',
          city: 'Bordeaux',
          postalCode: '33000',
          powers: { text: 'avec les pouvoirs : assistance', kinds: ['assistance'] },
          quote:
            'désignant administrateur SCP Brèche et Associés en la personne de Me Hervé Brèche 4/6, rue du Palais ' +
            '33000 Bordeaux avec les pouvoirs : assistance',
        },
        {
          role: 'mandataire_judiciaire',
          firm: 'SELARL Ekip Sud',
          person: 'Sandrine Molinié',
          name: 'Sandrine Molinié',
          profession: 'mandataire_judiciaire',
          city: 'Toulouse',
          postalCode: '31000',
          powers: null,
          quote:
            'mandataire judiciaire SELARL Ekip Sud prise en la personne de Me Sandrine Molinié 2 B, allée des ' +
            'Acacias 31000 Toulouse',
        },
      ],
      uncertain: [],
    });
  });

  it('reads a holder named before « en qualité de »', () => {
    const text =
      'Par jugement du 14 mai 2024, le Tribunal a nommé la SELARL Gauthier-Roux, prise en la personne de Maître ' +
      'Gauthier Anne, en qualité de liquidateur.';
    const [p] = extractPractitioners(text).practitioners;
    expect(p).toMatchObject({ role: 'liquidateur', firm: 'SELARL Gauthier-Roux', person: 'Gauthier Anne' });
    expect(p?.quote).toBe(
      'a nommé la SELARL Gauthier-Roux, prise en la personne de Maître Gauthier Anne, en qualité de liquidateur',
    );
  });

  it('reads the role in apposition after its holder (notice A202500307003)', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, a nommé la SELARL Mandaseine représentée par Maître LEBRUN ' +
      'Paul, liquidateur.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [
        {
          role: 'liquidateur',
          firm: 'SELARL Mandaseine',
          person: 'LEBRUN Paul',
          name: 'Paul Lebrun',
          profession: 'mandataire_judiciaire',
          city: null,
          postalCode: null,
          powers: null,
          quote: 'a nommé la SELARL Mandaseine représentée par Maître LEBRUN Paul, liquidateur',
        },
      ],
      uncertain: [],
    });
  });

  it('reads two holders each followed by its role, the powers bounded by the next holder', () => {
    const text =
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désigne Me Nathalie Girard, 5 rue de Metz, " +
      "31000 Toulouse, administrateur judiciaire, avec mission d'assistance, et Me Hugo Sarda, 18 allées Jean " +
      'Jaurès, 31000 Toulouse, mandataire judiciaire.';
    const { practitioners } = extractPractitioners(text);
    expect(practitioners.map((p) => [p.role, p.person, p.city, p.powers?.text ?? null])).toEqual([
      ['administrateur_judiciaire', 'Nathalie Girard', 'Toulouse', "avec mission d'assistance"],
      ['mandataire_judiciaire', 'Hugo Sarda', 'Toulouse', null],
    ]);
  });

  it('takes a profession told after the holder for a profession, not for the role', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, a nommé Maître Vincent Aubert, mandataire judiciaire, liquidateur.';
    expect(extractPractitioners(text).practitioners.map((p) => [p.role, p.person])).toEqual([
      ['liquidateur', 'Vincent Aubert'],
    ]);
  });

  it('reports a designation it cannot read instead of dropping it', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, a nommé la SELARL Mandaseine représentée par Maître LEBRUN ' +
      'Paul pour suivre la procédure.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote: 'a nommé la SELARL Mandaseine représentée par Maître LEBRUN Paul pour suivre la procédure',
          reason: 'a verb of designation before a firm or a « Me », in a wording the reader cannot read',
        },
      ],
    });
  });

  it('never takes the firm alone when the text names its person and the person cannot be read', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL =HYPERLINK("http://x") prise en ' +
      'la personne de Me @Jean -Cmd 1 rue Z 75001 Paris.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote:
            'désignant liquidateur SELARL =HYPERLINK("http://x") prise en la personne de Me @Jean -Cmd 1 rue Z 75001 Paris',
          reason: 'a role followed by a firm or a title whose person cannot be read',
        },
      ],
    });
  });

  it("takes no name that is INSEE's mask, and reports the designation", () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL [ND] prise en la personne de Me ' +
      'Jean Martin 4 rue de Siam 29200 Brest.';
    const reading = extractPractitioners(text);
    expect(reading.practitioners).toEqual([]);
    expect(reading.uncertain.map((u) => u.reason)).toEqual([
      'a name masked ([ND]): a value not published names no one',
    ]);
  });

  it('reads the person of a firm given in brackets, « SELARL X (en la personne de Me Y) »', () => {
    const text =
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur SELARL MJ Synergie (en la personne de ' +
      'Me Claire Fontanel) 12 rue X 69002 Lyon.';
    expect(extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.person, p.city])).toEqual([
      ['liquidateur', 'SELARL MJ Synergie', 'Claire Fontanel', 'Lyon'],
    ]);
  });

  it('takes no judge, no claims sentence, no end of mission', () => {
    for (const text of [
      'Jugement de désignation des organes de la procédure désignant juge-commissaire Monsieur Olivier Brun.',
      'Les déclarations de créances doivent être adressées au liquidateur SELARL MJ Synergie prise en la personne de Me Claude Imbert.',
      "Jugement mettant fin à la mission de l'administrateur SELARL AJ Horizon prise en la personne de Me Éric Lemarchand.",
    ]) {
      expect(extractPractitioners(text).practitioners).toEqual([]);
    }
  });

  it('takes nothing of a designation set aside, and says why', () => {
    const text =
      "Arrêt de la cour d'appel infirmant une décision soumise à publicité, le jugement désignant liquidateur Me " +
      'Pascale Guérin est infirmé.';
    expect(extractPractitioners(text)).toEqual({
      practitioners: [],
      uncertain: [
        {
          quote: 'désignant liquidateur Me Pascale Guérin est infirmé',
          reason: 'the sentence reports a designation that was set aside (infirmé, annulé, rétracté)',
        },
      ],
    });
  });

  it('names one person whatever the order of the words', () => {
    expect(personKey('DE LA TOUR D’AUBIN Pierre-Henri')).toBe(personKey("Pierre Henri de La Tour d'Aubin"));
    expect(personKey('VIGNEAU Bertrand')).not.toBe(personKey('Bertrand Vigneaux'));
  });

  it('shows a person « Prénom Nom » in usual case, the same name whichever order the notice used', () => {
    const shown = (written: string) => [displayPersonName(written), personKey(displayPersonName(written))];
    expect(shown('LEBRUN Paul')).toEqual(['Paul Lebrun', personKey('LEBRUN Paul')]);
    expect(displayPersonName('Paul LEBRUN')).toBe('Paul Lebrun');
    expect(displayPersonName('Jean-Marc Delattre')).toBe('Jean-Marc Delattre');
    expect(displayPersonName('DELATTRE Jean-Marc')).toBe('Jean-Marc Delattre');
    expect(displayPersonName('LE GOFF Yannick')).toBe('Yannick Le Goff');
    expect(displayPersonName("DE LA TOUR D'AUBIN Pierre-Henri")).toBe("Pierre-Henri de La Tour d'Aubin");
    expect(displayPersonName('Charles de Montferrand')).toBe('Charles de Montferrand');
    expect(displayPersonName('Alain POIRIER-DUVAL')).toBe('Alain Poirier-Duval');
    expect(displayPersonName("O'NEILL Kevin")).toBe("Kevin O'Neill");
    // All in capitals: the order cannot be told, it is kept.
    expect(displayPersonName('ÉLODIE CASTAING')).toBe('Élodie Castaing');
  });

  it('gives the profession a role implies, and the postal code of the city', () => {
    const read = (text: string) =>
      extractPractitioners(text).practitioners.map((p) => [p.role, p.profession, p.city, p.postalCode]);
    expect(
      read(
        'Jugement arrêtant le plan de redressement, désignant commissaire à l’exécution du plan Me Anne Vidal 2 rue ' +
          'Nationale 59 000 Lille Cedex.',
      ),
    ).toEqual([['commissaire_execution_plan', null, 'Lille', '59000']]);
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désigne Me Luc Roy, 3 quai de Paris, 76000 Rouen, liquidateur.',
      ),
    ).toEqual([['liquidateur', 'mandataire_judiciaire', 'Rouen', '76000']]);
  });

  const pairs = (text: string) =>
    extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.person, p.city]);

  it.each(['SAS', 'SARL', 'EURL', 'AARPI', 'SELASU', 'SELEURL'])(
    'reads a firm written %s like a SELARL: after its role and after « et » (practitioners.heldout4.json)',
    (form) => {
      expect(
        pairs(
          `Jugement d'ouverture de redressement judiciaire, désignant mandataire judiciaire ${form} Mandalex prise en ` +
            'la personne de Maître Julie Fontaine 42 ter avenue Foch 54000 Nancy, administrateurs judiciaires SELARL AJ ' +
            'Est prise en la personne de Maître Marc Schneider 1 place Stanislas 54000 Nancy et ' +
            `${form} Ajuris prise en la personne de Me Karine Lemoine 8 rue Grôlée 69002 Lyon, avec mission de ` +
            'représentation.',
        ),
      ).toEqual([
        ['mandataire_judiciaire', `${form} Mandalex`, 'Julie Fontaine', 'Nancy'],
        ['administrateur_judiciaire', 'SELARL AJ Est', 'Marc Schneider', 'Nancy'],
        ['administrateur_judiciaire', `${form} Ajuris`, 'Karine Lemoine', 'Lyon'],
      ]);
    },
  );

  it('reads every person of a firm « en la personne de Me A et de Me B » (practitioners.heldout4.json)', () => {
    expect(
      pairs(
        "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur SCP Mercier-Royer prise en la personne " +
          'de Me Jean-Baptiste MERCIER et de Me Élodie ROYER 40 rue de Rivoli 75004 Paris.',
      ),
    ).toEqual([
      ['liquidateur', 'SCP Mercier-Royer', 'Jean-Baptiste MERCIER', 'Paris'],
      ['liquidateur', 'SCP Mercier-Royer', 'Élodie ROYER', 'Paris'],
    ]);
    expect(
      pairs(
        'Jugement prononçant la liquidation judiciaire, a nommé la SCP Mercier-Royer prise en la personne de Me Jean ' +
          'MERCIER et de Me Élodie ROYER, en qualité de liquidateur.',
      ),
    ).toEqual([
      ['liquidateur', 'SCP Mercier-Royer', 'Jean MERCIER', null],
      ['liquidateur', 'SCP Mercier-Royer', 'Élodie ROYER', null],
    ]);
  });

  it('reads « liquidateur judiciaire » as the role liquidateur, wherever it stands (practitioners.heldout4.json)', () => {
    expect(
      pairs(
        "Jugement d'ouverture de liquidation judiciaire, désignant en qualité de liquidateur judiciaire la SELARL Rives " +
          '& Associés représentée par Me Olivier RIVES 8 allées Tourny 33000 Bordeaux.',
      ),
    ).toEqual([['liquidateur', 'SELARL Rives & Associés', 'Olivier RIVES', 'Bordeaux']]);
    expect(
      pairs(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur judiciaire Me Paul Test 1 rue Haute 75001 Paris.',
      ),
    ).toEqual([['liquidateur', null, 'Paul Test', 'Paris']]);
    // Told between a firm and its person, as « mandataire judiciaire » is.
    expect(
      pairs(
        'Jugement prononçant la liquidation judiciaire, désigne la SCP Rives et Roux, liquidateur judiciaire, prise en ' +
          'la personne de Me Paul Test, 1 rue Haute 75001 Paris.',
      ),
    ).toEqual([['liquidateur', 'SCP Rives et Roux', 'Paul Test', 'Paris']]);
  });

  it.each([
    'practitioners.labelled.json',
    'practitioners.heldout.json',
    'practitioners.heldout2.json',
    'practitioners.heldout3.json',
    'practitioners.heldout4.json',
    'practitioners.heldout5.json',
    'practitioners.own-quality.json',
    'practitioners.heldout6.json',
    'practitioners.initials.json',
    'practitioners.heldout7.json',
    'practitioners.heldout8.json',
    'practitioners.heldout9.json',
    'practitioners.heldout10.json',
    'practitioners.firm-numbers.json',
    'practitioners.verify40.json',
    'practitioners.heldout11.json',
    'practitioners.verify42.json',
  ])('meets its targets on %s', (file) => {
    const result = evaluatePractitioners(load(file));
    expect(result.precision).toBeGreaterThanOrEqual(0.97);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('reads a designation told again once, reporting none of its repeats as unread', () => {
    const text = 'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Paul Test. ';
    const reading = extractPractitioners(text.repeat(3));
    expect(reading.practitioners.map((p) => [p.role, p.person, p.quote])).toEqual([
      ['liquidateur', 'Paul Test', 'désignant liquidateur Me Paul Test'],
    ]);
    expect(reading.uncertain).toEqual([]);
  });

  it(`reads a text up to ${maxReadLength} characters, none longer`, () => {
    const words = 'désignant liquidateur Me Paul Test ';
    const longest = words.repeat(Math.floor(maxReadLength / words.length));
    expect(extractPractitioners(longest).practitioners.map((p) => p.person)).toEqual(['Paul Test']);
    expect(extractPractitioners(longest + words)).toEqual({ practitioners: [], uncertain: [] });
  });
});

describe('npm run eval:practitioners on a file it cannot use', () => {
  it('says in one line what is wrong, naming the file and where in it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plateau-eval-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const missing = path.join(dir, 'none.json');
    expect(() => readLabelledFile(missing)).toThrow(`${missing}: no such file`);
    const broken = file('broken.json', '{"cases": [\n {"id": "a",\n  "text": x}]}');
    expect(() => readLabelledFile(broken)).toThrow(
      `${broken}: line 3, column 11: is not valid JSON: expected a value, found "x"`,
    );
    const cut = file('cut.json', '{"cases": [');
    expect(() => readLabelledFile(cut)).toThrow(
      `${cut}: line 1, column 12: is not valid JSON: the text ends too early`,
    );
    const invalid = file(
      'invalid.json',
      JSON.stringify({
        cases: [{ id: 'a', text: 't', expected: [{ role: 'juge', person: null, firm: null, city: null }] }],
      }),
    );
    expect(() => readLabelledFile(invalid)).toThrow(
      `${invalid}: cases.0.expected.0.role: 'juge' is not one of liquidateur, mandataire_judiciaire, administrateur_judiciaire, ` +
        'commissaire_execution_plan (expected { "cases": [{ id, text, expected }] })',
    );
    expect(readLabelledFile('tests/fixtures/bodacc/practitioners.labelled.json')).toHaveLength(66);
  });
});
