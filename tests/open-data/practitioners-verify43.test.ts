// Faults 01, 06 and 07 of /tmp/verify43 (a hostile tester's texts, now tests/fixtures/bodacc/practitioners.verify43-*.json,
// and the kinds behind them, practitioners.reader-kinds.json): « ès qualités de », « aux fonctions de », « en tant
// que », the passive « est nommé liquidateur », lists of organs and « le commissaire … restant la SELARL … » were not
// read; a profession in apposition (« Me X, mandataire judiciaire, …, en qualité de liquidateur ») was read as the
// role designated, and a practitioner only heard (« entendu en son rapport ») as designated; a practitioner's city
// shared by several communes got no commune though its postal code was written before it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice as notice } from '../setup/bodacc.js';

/** What the reader takes of a text: role, firm, name and city of each. */
const read = (text: string) => extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city]);

describe('the reader, every synonym of « en qualité de »', () => {
  it.each([
    [
      'Jugement prononçant la liquidation judiciaire, désignant la SELARL Étude Haudecoeur, ès qualités de liquidateur, prise en la personne de Me Blanche Haudecoeur, 14 rue des Augustins 76000 Rouen.',
      ['liquidateur', 'SELARL Étude Haudecoeur', 'Blanche Haudecoeur', 'Rouen'],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant Me Gontran Delorme, 9 place du Général de Gaulle 59800 Lille, ès-qualités de liquidateur.',
      ['liquidateur', null, 'Gontran Delorme', 'Lille'],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant Me Clovis Marchal aux fonctions de liquidateur, 7 rue Saint-Dizier 54000 Nancy.',
      ['liquidateur', null, 'Clovis Marchal', 'Nancy'],
    ],
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant Me Ninon Labbé, 3 rue de Strasbourg 44000 Nantes, en tant que mandataire judiciaire.",
      ['mandataire_judiciaire', null, 'Ninon Labbé', 'Nantes'],
    ],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual([expected]);
  });
});

describe('the reader, a passive designation and a holder kept', () => {
  it('reads « est nommé liquidateur », « est nommée commissaire … », « restant la SELARL … »', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire. Me Yann Le Goff, 5 rue Saint-Michel 22000 Saint-Brieuc, est nommé liquidateur.',
      ),
    ).toEqual([['liquidateur', null, 'Yann Le Goff', 'Saint-Brieuc']]);
    expect(
      read(
        "Jugement arrêtant le plan de redressement. La SELARL Armor Mandats, prise en la personne de Me Gwenola Le Bihan, 1 rue du Port 56100 Lorient, est nommée commissaire à l'exécution du plan.",
      ),
    ).toEqual([['commissaire_execution_plan', 'SELARL Armor Mandats', 'Gwenola Le Bihan', 'Lorient']]);
    expect(
      read(
        "Jugement modifiant le plan de sauvegarde, le commissaire à l'exécution du plan restant la SELARL Bourgogne Mandats en la personne de Me Thibault Guyon-Lamarche 8 rue Monge 21000 Dijon.",
      ),
    ).toEqual([['commissaire_execution_plan', 'SELARL Bourgogne Mandats', 'Thibault Guyon-Lamarche', 'Dijon']]);
  });

  it('reports a passive designation whose holder cannot be read, linking nothing', () => {
    const reading = extractPractitioners(
      'Jugement prononçant la liquidation judiciaire. Le cabinet Dupuis est nommé liquidateur.',
    );
    expect(reading.practitioners).toEqual([]);
    expect(reading.uncertain).toEqual([
      {
        quote: 'nommé liquidateur',
        reason: 'a designation whose holder is neither a firm nor a person with a title',
      },
    ]);
  });
});

describe('the reader, lists of organs', () => {
  it('reads each item, by semicolons or « et », with its address after the profession', () => {
    expect(
      read(
        'Jugement de désignation des organes de la procédure : Me Achille Baranger, mandataire judiciaire, 22 rue Nationale 37000 Tours ; Me Séverine Cottet, administrateur judiciaire, 5 place Plumereau 37000 Tours.',
      ),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Achille Baranger', 'Tours'],
      ['administrateur_judiciaire', null, 'Séverine Cottet', 'Tours'],
    ]);
    expect(
      read(
        "Jugement d'ouverture d'une procédure de redressement judiciaire, organes désignés : Me Hippolyte Carré, mandataire judiciaire, 8 rue Nationale 37000 Tours, et Me Salomé Brunet, administrateur judiciaire, 5 rue Colbert 37000 Tours, avec les pouvoirs : assistance.",
      ),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Hippolyte Carré', 'Tours'],
      ['administrateur_judiciaire', null, 'Salomé Brunet', 'Tours'],
    ]);
  });
});

describe('the reader, a profession in apposition is not the role designated', () => {
  it('takes the role given after it', () => {
    expect(
      read(
        'Jugement de conversion en liquidation judiciaire, désignant Me Aurélien Massot, mandataire judiciaire, 7 rue de la Barre 69002 Lyon, en qualité de liquidateur.',
      ),
    ).toEqual([['liquidateur', null, 'Aurélien Massot', 'Lyon']]);
    expect(
      read(
        'Jugement de conversion en liquidation judiciaire, désignant Me Odilon Berger, administrateur judiciaire, 3 cours Mirabeau 13100 Aix-en-Provence, aux fonctions de liquidateur.',
      ),
    ).toEqual([['liquidateur', null, 'Odilon Berger', 'Aix-en-Provence']]);
  });

  it.each([
    'Ordonnance désignant Me Cassandre Morel, administrateur judiciaire, 3 rue Thiers 38000 Grenoble, en qualité de mandataire ad hoc.',
    'Ordonnance du président du tribunal désignant Me Philomène Carrier, mandataire judiciaire, 5 rue de la République 13001 Marseille, ès qualités de mandataire ad hoc.',
    "Ordonnance d'ouverture d'une procédure de conciliation, désignant la SELARL Provence AJ, administrateur judiciaire, prise en la personne de Me Ernest Vidalou, 2 rue Paradis 13001 Marseille, en qualité de conciliateur.",
    "Jugement ordonnant une expertise, désignant Me Arsène Moulin, administrateur judiciaire, 9 rue Foch 34000 Montpellier, en qualité d'expert.",
  ])('links no one designated to an office outside the four: %s', (text) => {
    expect(read(text)).toEqual([]);
  });

  it('links no one only heard or reporting', () => {
    expect(
      read(
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Solange Perrier 3 rue Grenette 69002 Lyon, Me Damien Vial, mandataire judiciaire, entendu en son rapport.',
      ),
    ).toEqual([['liquidateur', null, 'Solange Perrier', 'Lyon']]);
    expect(
      read(
        "Jugement arrêtant le plan de redressement, nommant commissaire à l'exécution du plan Me Léonie Garcin 5 rue Saint-Ferréol 13001 Marseille, Me Ulysse Pons, administrateur judiciaire, ayant présenté son rapport.",
      ),
    ).toEqual([['commissaire_execution_plan', null, 'Léonie Garcin', 'Marseille']]);
    expect(
      read(
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire Me Irène Castel 4 rue de Metz 31000 Toulouse, Me Modeste Barbe, administrateur judiciaire, étant maintenu en qualité d'administrateur provisoire.",
      ),
    ).toEqual([['mandataire_judiciaire', null, 'Irène Castel', 'Toulouse']]);
  });
});

const actor = { keyId: null, name: 'import:bodacc test' };
let app: App;
let db: Db;
let dir: string;

describe('import:bodacc, a city several communes bear told apart by its postal code', () => {
  beforeAll(async () => {
    ({ app, db } = await testApp());
    dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-verify43-'));
  });

  it('creates each practitioner in the commune the postal code names, a CEDEX code read as before', async () => {
    const file = path.join(dir, 'places.jsonl');
    const notices = [
      await notice(
        1,
        '732829320',
        'Jugement prononçant la liquidation judiciaire. Liquidateur : Maître Frédérique ANDRIAMANANTENA, 17 rue Jean Chatel 97400 Saint-Denis.',
      ),
      await notice(
        2,
        '552100554',
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Gaspard Hoarau 2 rue de la Gare 97438 Sainte-Marie.',
      ),
      await notice(
        3,
        '542065479',
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Rosine Chabert 1 rue Jean Moulin 26000 Valence.',
      ),
      await notice(
        4,
        '542107651',
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Maître TESSIER-LEGRAND Marie-Odile BP 4521 44045 Nantes Cedex 1.',
      ),
      // A postal code that is none of the Saint-Denis': which one is not told, no commune.
      await notice(
        5,
        '443061841',
        'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Paulin Marchais 2 rue Haute 75001 Saint-Denis.',
      ),
    ];
    await writeFile(file, notices.join('\n'));
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(true);
    expect(report.practitioners).toMatchObject({ created: 5 });
    const places: unknown[] = [];
    for (const id of [
      'frederique-andriamanantena',
      'gaspard-hoarau',
      'rosine-chabert',
      'marie-odile-tessier-legrand',
      'paulin-marchais',
    ]) {
      const { body } = await getJson(app, `/v1/mandataires/${id}`);
      places.push([id, body.commune, body.code_commune, body.code_postal, body.departement_code]);
    }
    expect(places).toEqual([
      ['frederique-andriamanantena', 'Saint-Denis', '97411', '97400', '974'],
      ['gaspard-hoarau', 'Sainte-Marie', '97418', '97438', '974'],
      ['rosine-chabert', 'Valence', '26362', '26000', '26'],
      ['marie-odile-tessier-legrand', 'Nantes', '44109', null, '44'],
      ['paulin-marchais', null, null, null, null],
    ]);
    const { body } = await getJson(app, '/v1/mandataires?departement=26');
    expect((body.data as { id: string }[]).map((m) => m.id)).toEqual(['rosine-chabert']);
  });
});
