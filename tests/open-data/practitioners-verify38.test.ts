// Faults 01, 06 and 07 of /tmp/verify38 (issue 11's hostile check of the BODACC practitioners, on 88 texts the reader
// had never seen, now tests/fixtures/bodacc/practitioners.heldout10.json): « liquidateur : Me Y, remplacé par Me X »
// kept Y current with X's city and dropped X; a plural role heading the next group (« …, administrateurs judiciaires
// la SELARL … ») was given to the holder before it, and the report said « nothing linked » of a passage that wrote two
// links; a judge named before the role (« juge-commissaire Monsieur Lucien Maître, liquidateur SELARL … ») swallowed
// the designation; « M° », « représentant des créanciers », « substituant X à Y », « X remplace Y », « chargé de … : »
// and « est maintenu dans ses fonctions » were not read.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { reportLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import test' };
const faults = 'tests/fixtures/bodacc/faults';

/** What the reader takes of a text: role, firm, name and city of each, and who each replaces. */
const read = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city, p.replaces ?? []]);
/** The passages the reader reports, by their reason. */
const unread = (text: string) => extractPractitioners(text).uncertain.map((u) => u.reason);

const person = (name: string) => ({ firm: null, person: name, name });

describe('the reader, a practitioner « remplacé par » another (fault 06)', () => {
  it('designates the new one with its own city, the one replaced returned as replaced', () => {
    const text =
      'Jugement de remplacement, liquidateur : Me Raoul Fessard, remplacé par Me Ninon Castellane, 3 cours Julien 13006 Marseille.';
    expect(read(text)).toEqual([['liquidateur', null, 'Ninon Castellane', 'Marseille', [person('Raoul Fessard')]]]);
    expect(extractPractitioners(text).practitioners[0]!.quote).toBe(
      'liquidateur : Me Raoul Fessard, remplacé par Me Ninon Castellane, 3 cours Julien 13006 Marseille',
    );
    expect(unread(text)).toEqual([]);
  });

  it('reads it with the old one’s address, a firm, « remplacée dans ses fonctions par », the holder named first', () => {
    expect(
      read(
        'Mandataire judiciaire : Me Odile Sarrazin, 12 rue Breteuil 13001 Marseille, remplacée dans ses fonctions par la ' +
          'SELARL ALPHA MJ prise en la personne de Me Ninon Castellane, 3 cours Julien 13006 Marseille.',
      ),
    ).toEqual([
      ['mandataire_judiciaire', 'SELARL ALPHA MJ', 'Ninon Castellane', 'Marseille', [person('Odile Sarrazin')]],
    ]);
    expect(
      read('Me Raoul Fessard, liquidateur, est remplacé par Me Ninon Castellane, 3 cours Julien 13006 Marseille.'),
    ).toEqual([['liquidateur', null, 'Ninon Castellane', 'Marseille', [person('Raoul Fessard')]]]);
  });

  it('reports a replacement whose new holder it cannot read, taking no one', () => {
    const text =
      'Jugement de remplacement, liquidateur : Me Raoul Fessard, remplacé par la SELARL ALPHA prise en la personne de 12.';
    expect(read(text)).toEqual([]);
    expect(unread(text)).toEqual(['a practitioner « remplacé par » one whose name cannot be read']);
  });
});

describe('the reader, « X remplace Y », « substituant X à Y », « est maintenu » (fault 01)', () => {
  it('reads the holder before « remplace » in the role of the title or after the one replaced', () => {
    expect(
      read(
        'Jugement de remplacement du mandataire judiciaire, la SELARL VAR MJ prise en la personne de Me Anaïs Delpech ' +
          'remplace la SCP GIRAUD prise en la personne de Me Tristan Giraud.',
      ),
    ).toEqual([
      [
        'mandataire_judiciaire',
        'SELARL VAR MJ',
        'Anaïs Delpech',
        null,
        [{ firm: 'SCP GIRAUD', person: 'Tristan Giraud', name: 'Tristan Giraud' }],
      ],
    ]);
    expect(read('Jugement : Me Anaïs Delpech remplace Me Tristan Giraud en qualité de liquidateur.')).toEqual([
      ['liquidateur', null, 'Anaïs Delpech', null, [person('Tristan Giraud')]],
    ]);
    // No role told: reported, no one taken.
    const text = 'Jugement : Me Anaïs Delpech remplace Me Tristan Giraud.';
    expect(read(text)).toEqual([]);
    expect(unread(text)).toEqual(['a practitioner replacing another, in a role or with names that cannot be read']);
  });

  it('reads « substituant Me X à Me Y en qualité de … », Y replaced and not reported', () => {
    const text =
      'Jugement substituant Me Pierrick Garnaud à Me Hélène Rocamora en qualité d’administrateur judiciaire.';
    expect(read(text)).toEqual([
      ['administrateur_judiciaire', null, 'Pierrick Garnaud', null, [person('Hélène Rocamora')]],
    ]);
    expect(unread(text)).toEqual([]);
  });

  it('reads a practitioner kept in office, and the mission between a role and its holder', () => {
    expect(
      read(
        'Jugement modifiant le plan de redressement ; Me Gervais Lemercier, commissaire à l’exécution du plan, est maintenu dans ses fonctions.',
      ),
    ).toEqual([['commissaire_execution_plan', null, 'Gervais Lemercier', null, []]]);
    expect(
      read(
        'Jugement arrêtant le plan de cession. Commissaire à l’exécution du plan : Me Gaëtan Mazurier. Administrateur ' +
          'judiciaire chargé de passer les actes nécessaires à la cession : Me Lucille Hardouin.',
      ),
    ).toEqual([
      ['commissaire_execution_plan', null, 'Gaëtan Mazurier', null, []],
      ['administrateur_judiciaire', null, 'Lucille Hardouin', null, []],
    ]);
  });

  it('no longer reports the practitioner replaced « en remplacement de la SCP … prise en la personne de Me … »', () => {
    const text =
      'Jugement désignant la SELARL AJ SUD prise en la personne de Me Victorine Aubier en qualité d’administrateur ' +
      'judiciaire, en remplacement de la SCP ROQUES prise en la personne de Me Tanguy Roques.';
    expect(read(text)).toEqual([
      [
        'administrateur_judiciaire',
        'SELARL AJ SUD',
        'Victorine Aubier',
        null,
        [{ firm: 'SCP ROQUES', person: 'Tanguy Roques', name: 'Tanguy Roques' }],
      ],
    ]);
    expect(unread(text)).toEqual([]);
  });
});

describe('the reader, a role heading the holder written right after it (faults 07 and 01)', () => {
  it('gives each plural role the holders after it, up to the next role', () => {
    expect(
      read(
        'Jugement d’ouverture d’une procédure de redressement judiciaire, désignant mandataires judiciaires la SELARL ' +
          'ATLANTIQUE MJ prise en la personne de Me Florian Guibert et la SCP HERVOUET prise en la personne de Me Solenn ' +
          'Hervouet, administrateurs judiciaires la SELARL AJ OUEST prise en la personne de Me Cyrille Bonnefoy avec les ' +
          'pouvoirs : assistance.',
      ),
    ).toEqual([
      ['mandataire_judiciaire', 'SELARL ATLANTIQUE MJ', 'Florian Guibert', null, []],
      ['mandataire_judiciaire', 'SCP HERVOUET', 'Solenn Hervouet', null, []],
      ['administrateur_judiciaire', 'SELARL AJ OUEST', 'Cyrille Bonnefoy', null, []],
    ]);
    expect(
      read('désignant mandataires judiciaires Me Anne Blanc et Me Paul Noir administrateurs judiciaires Me Luc Rouge.'),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Anne Blanc', null, []],
      ['mandataire_judiciaire', null, 'Paul Noir', null, []],
      ['administrateur_judiciaire', null, 'Luc Rouge', null, []],
    ]);
  });

  it('keeps a role told after its holder with a comma after it, or a person after it, that holder’s (fault 04 before)', () => {
    expect(
      read('désignant Me Roland Vidal mandataire judiciaire, Me Simone Ferrand administrateur judiciaire.'),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Roland Vidal', null, []],
      ['administrateur_judiciaire', null, 'Simone Ferrand', null, []],
    ]);
    expect(
      read('désignant Me Roland Vidal mandataire judiciaire Me Simone Ferrand administrateur judiciaire.'),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Roland Vidal', null, []],
      ['administrateur_judiciaire', null, 'Simone Ferrand', null, []],
    ]);
  });

  it('reads the liquidateur after a judge named before it, whatever the judge’s name', () => {
    expect(
      read(
        'Jugement d’ouverture de liquidation judiciaire, juge-commissaire Monsieur Lucien Maître, liquidateur SELARL ' +
          'ESTUAIRE MJ en la personne de Me Lise Guérineau 3 quai Ernest Renaud 44100 Nantes.',
      ),
    ).toEqual([['liquidateur', 'SELARL ESTUAIRE MJ', 'Lise Guérineau', 'Nantes', []]]);
    expect(
      read(
        'Jugement d’ouverture, juge-commissaire M. Paul Durand, liquidateur Me Jean Fauchet 4 rue Solférino 59000 Lille.',
      ),
    ).toEqual([['liquidateur', null, 'Jean Fauchet', 'Lille', []]]);
  });
});

describe('the reader, « M° » and « représentant des créanciers » (fault 01)', () => {
  it('reads « M° » as Maître', () => {
    expect(
      read(
        'Jugement d’ouverture de liquidation judiciaire, désignant liquidateur M° Amandine Serre 7 rue Foch 30000 Nîmes.',
      ),
    ).toEqual([['liquidateur', null, 'Amandine Serre', 'Nîmes', []]]);
  });

  it('reads the représentant des créanciers as the mandataire judiciaire it was renamed in 2005', () => {
    const reading = extractPractitioners(
      'Jugement d’ouverture de redressement judiciaire, désignant représentant des créanciers Me Ernestine Bouvard 2 ' +
        'place de la Comédie 34000 Montpellier, administrateur Me Léonce Marty avec mission d’assister le débiteur.',
    );
    expect(reading.practitioners.map((p) => [p.role, p.name, p.city, p.profession, p.powers?.kinds ?? null])).toEqual([
      ['mandataire_judiciaire', 'Ernestine Bouvard', 'Montpellier', 'mandataire_judiciaire', null],
      ['administrateur_judiciaire', 'Léonce Marty', null, 'administrateur_judiciaire', ['assistance']],
    ]);
    // Only a designation: the claims sent to him are no designation.
    expect(read('Les créances sont à adresser au représentant des créanciers Me Ernestine Bouvard.')).toEqual([]);
  });
});

describe('import:bodacc, a practitioner « remplacé par » another (fault 06)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('in one file with the opening, links only the new one, in Marseille; the one replaced holds it no more (ended on the replacing judgment)', async () => {
    const report = await importBodacc(db, { file: `${faults}/remplace-par.csv`, actor });
    expect(report.uncertain).toEqual([]);
    expect(report.practitioners).toEqual({ linked: 1, ended: 1, unlinked: 0, unread: 0, created: 2, firmsCreated: 0 });
    const proceeding = (await getJson(app, '/v1/proceedings/bodacc-a202601909911')).body.practitioners as Record<
      string,
      unknown
    >[];
    // The one replaced stays listed, his appointment ended by the replacing judgment (its date and notice).
    expect(proceeding.map((p) => [p.id, p.role, p.notice_id, p.ended_on, p.ended_notice_id])).toEqual([
      ['ninon-castellane', 'liquidateur', 'A202601919912', null, null],
      ['raoul-fessard', 'liquidateur', 'A202601909911', '2026-09-01', 'A202601919912'],
    ]);
    const castellane = await getJson(app, '/v1/mandataires/ninon-castellane');
    expect([castellane.status, castellane.body.commune, castellane.body.profession]).toEqual([
      200,
      'Marseille',
      'mandataire_judiciaire',
    ]);
    const fessard = (await getJson(app, '/v1/mandataires/raoul-fessard')).body;
    expect(fessard.proceedings).toEqual([]);
    expect(fessard.former_proceedings.map((p: Record<string, unknown>) => [p.id, p.role, p.ended_on])).toEqual([
      ['bodacc-a202601909911', 'liquidateur', '2026-09-01'],
    ]);
  });
});

describe('import:bodacc, plural roles each heading their own holders (fault 07)', () => {
  it('links Hervouet as mandataire judiciaire and Bonnefoy as administrateur judiciaire, nothing reported', async () => {
    const { app, db } = await testApp();
    const report = await importBodacc(db, { file: `${faults}/plural-roles.csv`, actor });
    expect(report.uncertain).toEqual([]);
    expect(reportLines(report, false).filter((l) => l.includes('uncertain'))).toEqual([]);
    const proceeding = (await getJson(app, '/v1/proceedings/bodacc-a202601819902')).body.practitioners as Record<
      string,
      unknown
    >[];
    expect(proceeding.map((p) => [p.id, p.role])).toEqual([
      ['cyrille-bonnefoy', 'administrateur_judiciaire'],
      ['florian-guibert', 'mandataire_judiciaire'],
      ['solenn-hervouet', 'mandataire_judiciaire'],
    ]);
    expect((await getJson(app, '/v1/mandataires/solenn-hervouet')).body.profession).toBe('mandataire_judiciaire');
  });

  it('says of a passage partly read that only the part not read is linked to no one', () => {
    const reading = extractPractitioners(
      'désignant liquidateur Me Paul Test, Me Jean Autre SELARL Y prise en la personne de Me Zoé Sud.',
    );
    expect(reading.practitioners.map((p) => p.name)).toEqual(['Paul Test']);
    expect(reading.uncertain.map((u) => u.partly)).toEqual([true]);
  });
});
