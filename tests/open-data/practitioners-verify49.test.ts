// Faults of /tmp/verify49 (issue 11, « Practitioners from the text »), each instance with its exact answer, and the
// kinds behind them (tests/fixtures/bodacc/practitioners.verify49-*.json are the eval sets):
// 01 one person designated in two roles (« en qualité de mandataire judiciaire et de commissaire à l'exécution du
//    plan »): both (role, person) pairs, each with its quote;
// 02 « mettant fin à la mission de l'administrateur » (the role named, no one): the holder of that role in the
//    proceeding is ended;
// 05 a profession in apposition after a firm (« SELARL X, mandataires judiciaires associés, prise en la personne de
//    Me Y ») or a person (« Me Y, mandataire judiciaire, 1 place … Toulouse »): the person and the city read;
// 06 « Me Y est remplacé par Me X » and « …: Me X, <adresse>, est désigné en remplacement de Me Y »: X linked, Y ended.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice } from '../setup/bodacc.js';

const actor = { keyId: null, name: 'import:bodacc test' };

/** What the reader takes of a text: role, firm, name, city and quote of each. */
const read = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city, p.quote]);

describe('fault 01: one person designated in two roles', () => {
  it.each([
    [
      "Jugement arrêtant le plan de redressement, durée du plan 8 ans, désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de mandataire judiciaire et de commissaire à l'exécution du plan.",
      [
        [
          'mandataire_judiciaire',
          null,
          'Inès Bruneau',
          'Lyon',
          'désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de mandataire judiciaire',
        ],
        [
          'commissaire_execution_plan',
          null,
          'Inès Bruneau',
          'Lyon',
          "désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de mandataire judiciaire et de commissaire à l'exécution du plan",
        ],
      ],
    ],
    [
      "Jugement arrêtant le plan de redressement, désignant la SELARL Moselle MJ prise en la personne de Me Odile Fontanet 22 rue de Metz 57000 Metz en qualité de commissaire à l'exécution du plan et de mandataire judiciaire.",
      [
        [
          'commissaire_execution_plan',
          'SELARL Moselle MJ',
          'Odile Fontanet',
          'Metz',
          "désignant la SELARL Moselle MJ prise en la personne de Me Odile Fontanet 22 rue de Metz 57000 Metz en qualité de commissaire à l'exécution du plan",
        ],
        [
          'mandataire_judiciaire',
          'SELARL Moselle MJ',
          'Odile Fontanet',
          'Metz',
          "désignant la SELARL Moselle MJ prise en la personne de Me Odile Fontanet 22 rue de Metz 57000 Metz en qualité de commissaire à l'exécution du plan et de mandataire judiciaire",
        ],
      ],
    ],
    [
      "Jugement arrêtant le plan de sauvegarde, désignant Me Odile Fontanet 22 rue de Metz 57000 Metz mandataire judiciaire et commissaire à l'exécution du plan.",
      [
        [
          'mandataire_judiciaire',
          null,
          'Odile Fontanet',
          'Metz',
          'désignant Me Odile Fontanet 22 rue de Metz 57000 Metz mandataire judiciaire',
        ],
        [
          'commissaire_execution_plan',
          null,
          'Odile Fontanet',
          'Metz',
          "désignant Me Odile Fontanet 22 rue de Metz 57000 Metz mandataire judiciaire et commissaire à l'exécution du plan",
        ],
      ],
    ],
    [
      'Jugement de conversion en liquidation judiciaire, désignant Me Odile Fontanet, 22 rue de Metz 57000 Metz, en qualité de mandataire judiciaire et de liquidateur.',
      [
        [
          'mandataire_judiciaire',
          null,
          'Odile Fontanet',
          'Metz',
          'désignant Me Odile Fontanet, 22 rue de Metz 57000 Metz, en qualité de mandataire judiciaire',
        ],
        [
          'liquidateur',
          null,
          'Odile Fontanet',
          'Metz',
          'désignant Me Odile Fontanet, 22 rue de Metz 57000 Metz, en qualité de mandataire judiciaire et de liquidateur',
        ],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });

  it('a pronoun after a verb of designation names the holder read last (« et la désignant », « celle-ci »)', () => {
    expect(
      read(
        "Jugement arrêtant le plan de sauvegarde, maintenant Me Odile Fontanet 22 rue de Metz 57000 Metz en qualité de mandataire judiciaire et la désignant en qualité de commissaire à l'exécution du plan.",
      ).map((p) => p.slice(0, 4)),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Odile Fontanet', 'Metz'],
      ['commissaire_execution_plan', null, 'Odile Fontanet', 'Metz'],
    ]);
    expect(
      read(
        "Jugement arrêtant le plan de redressement, nommant commissaire à l'exécution du plan SELARL Pléiade MJ prise en la personne de Me Noémie Castagné, 1 place Wilson 31000 Toulouse, et maintenant celle-ci en qualité de mandataire judiciaire jusqu'à la vérification des créances.",
      ).map((p) => p.slice(0, 4)),
    ).toEqual([
      ['commissaire_execution_plan', 'SELARL Pléiade MJ', 'Noémie Castagné', 'Toulouse'],
      ['mandataire_judiciaire', 'SELARL Pléiade MJ', 'Noémie Castagné', 'Toulouse'],
    ]);
    // « la » for two persons: whose role it is is not told; reported, nothing taken.
    const two = extractPractitioners(
      "Jugement arrêtant le plan, désignant Mes Inès Bruneau et Odile Fontanet en qualité de mandataires judiciaires et la désignant en qualité de commissaire à l'exécution du plan.",
    );
    expect(two.practitioners.map((p) => p.role)).toEqual(['mandataire_judiciaire', 'mandataire_judiciaire']);
    expect(two.uncertain.map((u) => u.reason)).toEqual([
      'a role given to a pronoun (« la désignant », « celle-ci ») whose holder cannot be told',
    ]);
  });

  it('roles listed before their holder are each designated; a role given « le cas échéant » is reported, not taken', () => {
    expect(
      read(
        "Jugement arrêtant le plan de redressement, désignant mandataire judiciaire et commissaire à l'exécution du plan Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon.",
      ).map((p) => p.slice(0, 4)),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Inès Bruneau', 'Lyon'],
      ['commissaire_execution_plan', null, 'Inès Bruneau', 'Lyon'],
    ]);
    const conditional = extractPractitioners(
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire et, le cas échéant, liquidateur Me Esther Boulanger 2 rue Neuve 51100 Reims.",
    );
    expect(conditional.practitioners.map((p) => [p.role, p.name])).toEqual([
      ['mandataire_judiciaire', 'Esther Boulanger'],
    ]);
    expect(conditional.uncertain.map((u) => [u.reason, u.partly])).toEqual([
      ['a role given only « le cas échéant » (if the need arises): not designated', true],
    ]);
  });

  it('a second role heading a holder of its own, or named with an article, is not joined', () => {
    expect(
      read(
        "Jugement arrêtant le plan de redressement, désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon mandataire judiciaire et commissaire à l'exécution du plan SELARL Moselle MJ prise en la personne de Me Odile Fontanet.",
      ).map((p) => p.slice(0, 3)),
    ).toEqual([
      ['mandataire_judiciaire', null, 'Inès Bruneau'],
      ['commissaire_execution_plan', 'SELARL Moselle MJ', 'Odile Fontanet'],
    ]);
    expect(
      read(
        "Jugement arrêtant le plan, désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de commissaire à l'exécution du plan et du mandataire judiciaire de la société.",
      ).map((p) => p.slice(0, 3)),
    ).toEqual([['commissaire_execution_plan', null, 'Inès Bruneau']]);
  });
});

/** What the reader ends: role, who, whether it ends, which holder when none is named, and the quote. */
const ended = (text: string) =>
  (extractPractitioners(text).withoutHolder ?? []).map((w) => [
    w.role,
    w.replaces.map((r) => r.name),
    w.ends,
    w.holder ?? null,
    w.quote,
  ]);

describe('fault 02: a mission ended by its role, no one named', () => {
  it.each([
    [
      'Jugement prononçant la conversion en liquidation judiciaire, désignant liquidateur Me Bastien Morel 3 place Jean-Jaurès 42000 Saint-Étienne, mettant fin à la mission de l’administrateur.',
      [
        'administrateur_judiciaire',
        [],
        true,
        'sole',
        'Jugement prononçant la conversion en liquidation judiciaire, désignant liquidateur Me Bastien Morel 3 place Jean-Jaurès 42000 Saint-Étienne, mettant fin à la mission de l’administrateur',
      ],
    ],
    [
      "Jugement de conversion. Il est mis fin à la mission de l'administrateur judiciaire.",
      ['administrateur_judiciaire', [], true, 'sole', "Il est mis fin à la mission de l'administrateur judiciaire"],
    ],
    [
      'Jugement de conversion, mettant fin aux missions des administrateurs judiciaires.',
      [
        'administrateur_judiciaire',
        [],
        true,
        'every',
        'Jugement de conversion, mettant fin aux missions des administrateurs judiciaires',
      ],
    ],
    [
      "Jugement modifiant le plan, mettant fin à la mission du commissaire à l'exécution du plan.",
      [
        'commissaire_execution_plan',
        [],
        true,
        'sole',
        "Jugement modifiant le plan, mettant fin à la mission du commissaire à l'exécution du plan",
      ],
    ],
    [
      "Jugement de conversion, l'administrateur judiciaire étant déchargé de sa mission.",
      [
        'administrateur_judiciaire',
        [],
        true,
        'sole',
        "Jugement de conversion, l'administrateur judiciaire étant déchargé de sa mission",
      ],
    ],
    [
      "Jugement de conversion, déchargeant l'administrateur judiciaire de sa mission.",
      [
        'administrateur_judiciaire',
        [],
        true,
        'sole',
        "Jugement de conversion, déchargeant l'administrateur judiciaire de sa mission",
      ],
    ],
    [
      'Jugement rejetant la demande tendant à mettre fin à la mission du liquidateur.',
      [
        'liquidateur',
        [],
        false,
        'sole',
        'Jugement rejetant la demande tendant à mettre fin à la mission du liquidateur',
      ],
    ],
  ])('%s', (text, end) => {
    expect(ended(text)).toEqual([end]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });

  it('another office is no end of a mission by its role; a name after the role is that holder’s end', () => {
    expect(ended("Jugement mettant fin à la mission de l'administrateur provisoire.")).toEqual([]);
    expect(ended('Le tribunal met fin à la mission du liquidateur amiable, la société étant dissoute.')).toEqual([]);
    // A person named without « Me » (the reader's gaps of 2 December, practitioners-replacement-kinds.test.ts).
    expect(ended("Jugement mettant fin à la mission de l'administrateur judiciaire Jean Dupont.")).toEqual([
      [
        'administrateur_judiciaire',
        ['Jean Dupont'],
        true,
        null,
        "Jugement mettant fin à la mission de l'administrateur judiciaire Jean Dupont",
      ],
    ]);
  });
});

describe('fault 05: a profession in apposition after a firm or a person', () => {
  it.each([
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur la SELARL Garonne Mandataires, mandataires judiciaires associés, prise en la personne de Me Paul Faure, 1 place du Capitole 31000 Toulouse.',
      ['liquidateur', 'SELARL Garonne Mandataires', 'Paul Faure', 'Toulouse'],
    ],
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire SCP Vernier-Lacaze, mandataires judiciaires, en la personne de Me Agnès Lacaze 7 rue d'Alsace-Lorraine 31000 Toulouse.",
      ['mandataire_judiciaire', 'SCP Vernier-Lacaze', 'Agnès Lacaze', 'Toulouse'],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Paul Faure, mandataire judiciaire, 1 place du Capitole 31000 Toulouse.',
      ['liquidateur', null, 'Paul Faure', 'Toulouse'],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur la SELARL Garonne Mandataires, société de mandataires judiciaires, prise en la personne de Me Paul Faure, 1 place du Capitole 31000 Toulouse.',
      ['liquidateur', 'SELARL Garonne Mandataires', 'Paul Faure', 'Toulouse'],
    ],
    [
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Paul Faure, mandataire judiciaire associé de la SELARL Garonne Mandataires, 1 place du Capitole 31000 Toulouse.',
      ['liquidateur', 'SELARL Garonne Mandataires', 'Paul Faure', 'Toulouse'],
    ],
    [
      "Jugement prononçant la liquidation judiciaire, désignant liquidateur la SELARL Garonne Mandataires, société d'exercice libéral de mandataires judiciaires, prise en la personne de Me Paul Faure, 1 place du Capitole 31000 Toulouse.",
      ['liquidateur', 'SELARL Garonne Mandataires', 'Paul Faure', 'Toulouse'],
    ],
  ])('%s', (text, expected) => {
    expect(read(text).map((p) => p.slice(0, 4))).toEqual([expected]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });

  it('the administrateur with its firm, person, city and powers (f05-c)', () => {
    const [p, ...rest] = extractPractitioners(
      "Jugement d'ouverture d'une procédure de sauvegarde, désignant administrateur la SELAS Méridienne, administrateurs judiciaires associés, représentée par Maître ROCHE Damien, 4 place Wilson 31000 Toulouse, avec les pouvoirs : surveillance.",
    ).practitioners;
    expect(rest).toEqual([]);
    expect([p!.role, p!.firm, p!.name, p!.city, p!.postalCode, p!.powers, p!.quote]).toEqual([
      'administrateur_judiciaire',
      'SELAS Méridienne',
      'Damien Roche',
      'Toulouse',
      '31000',
      { text: 'avec les pouvoirs : surveillance', kinds: ['surveillance'] },
      'désignant administrateur la SELAS Méridienne, administrateurs judiciaires associés, représentée par Maître ROCHE Damien, 4 place Wilson 31000 Toulouse, avec les pouvoirs : surveillance',
    ]);
  });

  it('words not known between a firm and its person: the firm is never taken alone, the passage is reported', () => {
    const reading = extractPractitioners(
      'Jugement prononçant la liquidation judiciaire, désignant liquidateur la SELARL Garonne Mandataires, mandataires judiciaires inscrits, prise en la personne de Me Paul Faure, 1 place du Capitole 31000 Toulouse.',
    );
    expect(reading.practitioners).toEqual([]);
    expect(reading.uncertain[0]!.reason).toBe('a role followed by a firm or a title whose person cannot be read');
  });
});

/** What the reader designates in a replacement: role, name, city, whom it replaces, quote. */
const replacing = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [
    p.role,
    p.name,
    p.city,
    (p.replaces ?? []).map((r) => r.name),
    p.quote,
  ]);

describe('fault 06: replacement wordings', () => {
  it.each([
    [
      'Jugement portant remplacement du mandataire judiciaire : Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, est désigné en remplacement de Me Édouard Py.',
      [
        'mandataire_judiciaire',
        'Sylvain Carrère',
        'Perpignan',
        ['Édouard Py'],
        'Jugement portant remplacement du mandataire judiciaire : Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, est désigné en remplacement de Me Édouard Py',
      ],
    ],
    [
      'Jugement de remplacement du liquidateur : Me Édouard Py est remplacé par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan.',
      [
        'liquidateur',
        'Sylvain Carrère',
        'Perpignan',
        ['Édouard Py'],
        'remplacement du liquidateur : Me Édouard Py est remplacé par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan',
      ],
    ],
    [
      'Jugement de remplacement du liquidateur. Me Édouard Py est remplacé par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan.',
      [
        'liquidateur',
        'Sylvain Carrère',
        'Perpignan',
        ['Édouard Py'],
        'Me Édouard Py est remplacé par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan',
      ],
    ],
    [
      'Jugement remplaçant Me Édouard Py par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, en qualité de mandataire judiciaire.',
      [
        'mandataire_judiciaire',
        'Sylvain Carrère',
        'Perpignan',
        ['Édouard Py'],
        'remplaçant Me Édouard Py par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, en qualité de mandataire judiciaire',
      ],
    ],
    [
      'Jugement pourvoyant au remplacement de Me Édouard Py, mandataire judiciaire, par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan.',
      [
        'mandataire_judiciaire',
        'Sylvain Carrère',
        'Perpignan',
        ['Édouard Py'],
        'remplacement de Me Édouard Py, mandataire judiciaire, par Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan',
      ],
    ],
    [
      'Jugement de remplacement : Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, est désigné en remplacement de Me Édouard Py, liquidateur.',
      [
        'liquidateur',
        'Sylvain Carrère',
        'Perpignan',
        ['Édouard Py'],
        'Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, est désigné en remplacement de Me Édouard Py, liquidateur',
      ],
    ],
  ])('%s', (text, expected) => {
    expect(replacing(text)).toEqual([expected]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
    expect(extractPractitioners(text).withoutHolder).toBeUndefined();
  });

  it('a replacement naming no role designates no one: read as such, the import decides its role', () => {
    const reading = extractPractitioners(
      'Jugement de remplacement : Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, est désigné en remplacement de Me Édouard Py.',
    );
    expect(reading.practitioners).toEqual([]);
    expect(reading.withoutHolder).toBeUndefined();
    expect(reading.uncertain).toEqual([]);
    expect(reading.withoutRole).toEqual([
      {
        holders: [
          { firm: null, person: 'Sylvain Carrère', name: 'Sylvain Carrère', city: 'Perpignan', postalCode: '66000' },
        ],
        replaces: [{ firm: null, person: 'Édouard Py', name: 'Édouard Py' }],
        quote: 'Me Sylvain Carrère, 12 rue du Palais 66000 Perpignan, est désigné en remplacement de Me Édouard Py',
      },
    ]);
  });
});

describe('import:bodacc, verify49 faults 02 and 06 end to end', () => {
  let app: App;
  let db: Db;
  let replaced: Awaited<ReturnType<typeof importBodacc>>;
  let conversion: Awaited<ReturnType<typeof importBodacc>>;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    // Fault 06: the tester's export, as filed (BOM, `;`, JSON cells).
    replaced = await importBodacc(db, { file: 'tests/fixtures/bodacc/verify49-06-replace.csv', actor });
    // Fault 02 (the committed export's first notice, published 24 January 2024, judged before): an opening with an
    // administrateur, then a conversion ending « la mission de l'administrateur »; a
    // second company with two administrateurs, whose conversion ends « la mission de l'administrateur » too.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-verify49-'));
    const notice = async (n: number, siren: string, nature: string, date: string, complement: string) => {
      const line = JSON.parse(await liquidationNotice(n, siren, complement));
      const jugement = { ...JSON.parse(line.jugement), nature, date };
      return JSON.stringify({ ...line, jugement: JSON.stringify(jugement) });
    };
    const opening = "Jugement d'ouverture d'une procédure de redressement judiciaire";
    const converting = 'Jugement de conversion en liquidation judiciaire';
    const conversionText =
      'Jugement prononçant la conversion en liquidation judiciaire, désignant liquidateur Me Bastien Morel 3 place Jean-Jaurès 42000 Saint-Étienne, mettant fin à la mission de l’administrateur.';
    const file = path.join(dir, 'end-by-role.jsonl');
    const lines = [
      await notice(
        1,
        '831000013',
        opening,
        '2024-01-10',
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateur SELAS Forez Administrateurs en la personne de Me Tanguy Le Bihan avec les pouvoirs : assistance, mandataire judiciaire Me Bastien Morel 3 place Jean-Jaurès 42000 Saint-Étienne.",
      ),
      await notice(2, '831000013', converting, '2024-01-20', conversionText),
      await notice(
        3,
        '831000021',
        opening,
        '2024-01-11',
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateurs Me Tanguy Le Bihan et Me Claire Vidal avec les pouvoirs : assistance, mandataire judiciaire Me Bastien Morel 3 place Jean-Jaurès 42000 Saint-Étienne.",
      ),
      await notice(4, '831000021', converting, '2024-01-21', conversionText),
      // Fault 01: a plan keeping the mandataire judiciaire and naming her commissaire à l'exécution du plan.
      await notice(
        5,
        '831000062',
        opening,
        '2024-01-12',
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon.",
      ),
      await notice(
        6,
        '831000062',
        'Jugement arrêtant le plan de redressement',
        '2024-01-22',
        "Jugement arrêtant le plan de redressement, durée du plan 8 ans, désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de mandataire judiciaire et de commissaire à l'exécution du plan.",
      ),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    conversion = await importBodacc(db, { file, actor });
  });

  /** A proceeding's practitioners: id, role, appointed, ended on. */
  const links = async (proceeding: string) => {
    const { body } = await getJson(app, `/v1/proceedings/${proceeding}`);
    return (body.practitioners as Record<string, unknown>[])
      .map((l) => [l.id, l.role, l.appointed_on, l.ended_on])
      .sort((a, b) => `${a[0]}|${a[1]}`.localeCompare(`${b[0]}|${b[1]}`));
  };

  it('« …: Me X, <adresse>, est désigné en remplacement de Me Y »: X linked, Y ended', async () => {
    expect(await links('bodacc-a202503001001')).toEqual([
      ['edouard-py', 'mandataire_judiciaire', '2025-10-08', '2026-03-18'],
      ['sylvain-carrere', 'mandataire_judiciaire', '2026-03-18', null],
    ]);
  });

  it('« Me Y est remplacé par Me X »: Y ended, one current liquidateur', async () => {
    expect(await links('bodacc-a202503011003')).toEqual([
      ['edouard-py', 'liquidateur', '2025-10-09', '2026-03-19'],
      ['sylvain-carrere', 'liquidateur', '2026-03-19', null],
    ]);
    const { body } = await getJson(app, '/v1/proceedings?mandataire=edouard-py&status=open');
    expect(body.data).toEqual([]);
  });

  it('the report says who is designated, and nothing « no one designated »', () => {
    expect(replaced.practitioners).toMatchObject({ ended: 2, unlinked: 0, unread: 0 });
    expect(listedLines(replaced).filter((l) => /no one/.test(l))).toEqual([]);
  });

  it('« mettant fin à la mission de l’administrateur » ends the one administrateur of the proceeding', async () => {
    expect(await links('bodacc-a202507001701')).toEqual([
      ['bastien-morel', 'liquidateur', '2024-01-20', null],
      // His appointment as mandataire judiciaire at the opening is one of its own (migration 0043), not ended here.
      ['bastien-morel', 'mandataire_judiciaire', '2024-01-10', null],
      ['tanguy-le-bihan', 'administrateur_judiciaire', '2024-01-10', '2024-01-20'],
    ]);
    const { body } = await getJson(app, '/v1/proceedings?mandataire=tanguy-le-bihan&status=open');
    expect((body.data as { id: string }[]).map((p) => p.id)).toEqual(['bodacc-a202507001703']);
  });

  it('one person in two roles keeps both appointments, each with its quote; the role filter finds her', async () => {
    const { body } = await getJson(app, '/v1/proceedings/bodacc-a202507001705');
    expect(
      (body.practitioners as Record<string, unknown>[])
        .map((l) => [l.id, l.role, l.appointed_on, l.ended_on, l.quote])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [
        'ines-bruneau',
        'commissaire_execution_plan',
        '2024-01-22',
        null,
        "désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de mandataire judiciaire et de commissaire à l'exécution du plan",
      ],
      [
        'ines-bruneau',
        'mandataire_judiciaire',
        '2024-01-22',
        null,
        'désignant Me Inès Bruneau 14 quai Saint-Antoine 69002 Lyon en qualité de mandataire judiciaire',
      ],
    ]);
    const found = await getJson(app, '/v1/mandataires?role=commissaire_execution_plan');
    expect((found.body.data as { id: string }[]).map((m) => m.id)).toContain('ines-bruneau');
  });

  it('with two administrateurs, « l’administrateur » ends no one and is reported', async () => {
    expect(await links('bodacc-a202507001703')).toEqual([
      ['bastien-morel', 'liquidateur', '2024-01-21', null],
      ['bastien-morel', 'mandataire_judiciaire', '2024-01-11', null],
      ['claire-vidal', 'administrateur_judiciaire', '2024-01-11', null],
      ['tanguy-le-bihan', 'administrateur_judiciaire', '2024-01-11', null],
    ]);
    expect(conversion.uncertain.map((u) => [u.notice, u.reason])).toEqual([
      [
        'A202507001702',
        "a discharge of the administrateur_judiciaire not named (no one is designated in their place): the appointment as administrateur_judiciaire of 'Tanguy Le Bihan' (SELAS Forez Administrateurs) is ended",
      ],
      [
        'A202507001704',
        'a discharge of the administrateur_judiciaire not named (no one is designated in their place): 2 practitioners hold that role in this proceeding, whose mission ends is not told: nothing is ended',
      ],
    ]);
  });
});
