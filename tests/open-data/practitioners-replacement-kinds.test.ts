// Replacements and ends of mission the reader missed or misreported (issue 11, the reader's known gaps, 2 December):
// 1. « désigne Me X aux lieu et place de Me Y » naming no role was reported as « a wording the reader cannot read »: it
//    is a replacement (`withoutRole`), X given the one role Y holds in the proceeding (Y's appointment ended), else
//    reported saying why no role can be told; its siblings « en lieu et place de », « nommant … en remplacement de »,
//    « Me Y est remplacé par Me X », « remplaçant Me Y par Me X », « Me X est désignée en remplacement de Me Y ».
// 2. « Jugement prononçant le remplacement de Me Y. » was dropped silently: read as a replacement naming no new holder,
//    its role null (nothing ended, reported), or the role told after Y (« …, liquidateur »); « en remplacement du
//    liquidateur Me Y » too.
// 3. A person without « Me » after a role whose mission ends or who is replaced (« mettant fin à la mission de
//    l'administrateur judiciaire Jean Dupont », « remplacement du liquidateur DUPONT Jean »).
// 4. The report named a holder whose mission ends by role alone by their database id: now by name and firm.
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
const roux = [{ firm: null, person: 'Paul Roux', name: 'Paul Roux' }];
const fontanel = { firm: null, person: 'Claire Fontanel', name: 'Claire Fontanel', city: null, postalCode: null };

describe('the reader, a replacement naming no role', () => {
  it.each([
    [
      'Jugement désigne Me Claire Fontanel aux lieu et place de Me Paul Roux.',
      [fontanel],
      'désigne Me Claire Fontanel aux lieu et place de Me Paul Roux',
    ],
    [
      'Jugement désignant Me Claire Fontanel, 12 rue des Lilas 69002 Lyon, en lieu et place de Me Paul Roux.',
      [{ ...fontanel, city: 'Lyon', postalCode: '69002' }],
      'désignant Me Claire Fontanel, 12 rue des Lilas 69002 Lyon, en lieu et place de Me Paul Roux',
    ],
    [
      'Jugement nommant la SELARL Alpha, prise en la personne de Me Claire Fontanel, en remplacement de Me Paul Roux.',
      [{ ...fontanel, firm: 'SELARL Alpha' }],
      'nommant la SELARL Alpha, prise en la personne de Me Claire Fontanel, en remplacement de Me Paul Roux',
    ],
    [
      'Me Paul Roux est remplacé par Me Claire Fontanel, 12 rue des Lilas 69002 Lyon.',
      [{ ...fontanel, city: 'Lyon', postalCode: '69002' }],
      'Me Paul Roux est remplacé par Me Claire Fontanel, 12 rue des Lilas 69002 Lyon',
    ],
    [
      'Jugement remplaçant Me Paul Roux par Me Claire Fontanel.',
      [fontanel],
      'remplaçant Me Paul Roux par Me Claire Fontanel',
    ],
    [
      'Me Claire Fontanel est désignée en remplacement de Me Paul Roux.',
      [fontanel],
      'Me Claire Fontanel est désignée en remplacement de Me Paul Roux',
    ],
  ])('%s', (text, holders, quote) => {
    const reading = extractPractitioners(text);
    expect(reading).toEqual({ practitioners: [], uncertain: [], withoutRole: [{ holders, replaces: roux, quote }] });
  });

  it('gives the role the judgment names before it (« Jugement de remplacement du liquidateur. Désigne … »)', () => {
    const reading = extractPractitioners(
      'Jugement de remplacement du liquidateur. Désigne Me Claire Fontanel aux lieu et place de Me Paul Roux.',
    );
    expect(reading.withoutRole).toBeUndefined();
    expect(reading.practitioners.map((p) => [p.role, p.name, p.replaces])).toEqual([
      ['liquidateur', 'Claire Fontanel', roux],
    ]);
  });
});

describe('the reader, a replacement naming no new holder nor role', () => {
  it.each([
    [
      'Jugement prononçant le remplacement de Me Paul Roux.',
      null,
      'Jugement prononçant le remplacement de Me Paul Roux',
    ],
    [
      'Jugement prononçant le remplacement de Me Paul Roux, liquidateur.',
      'liquidateur',
      'Jugement prononçant le remplacement de Me Paul Roux, liquidateur',
    ],
    [
      'Jugement désignant un nouveau liquidateur en remplacement du liquidateur Me Paul Roux.',
      'liquidateur',
      'Jugement désignant un nouveau liquidateur en remplacement du liquidateur Me Paul Roux',
    ],
  ])('%s', (text, role, quote) => {
    expect(extractPractitioners(text)).toEqual({
      practitioners: [],
      uncertain: [],
      withoutHolder: [{ role, replaces: roux, ends: true, quote }],
    });
  });

  it('a firm replaced, with its person', () => {
    expect(
      extractPractitioners(
        'Jugement prononçant le remplacement de la SELARL MJ Alpha, prise en la personne de Me Paul Roux.',
      ).withoutHolder,
    ).toEqual([
      {
        role: null,
        replaces: [{ firm: 'SELARL MJ Alpha', person: 'Paul Roux', name: 'Paul Roux' }],
        ends: true,
        quote: 'Jugement prononçant le remplacement de la SELARL MJ Alpha, prise en la personne de Me Paul Roux',
      },
    ]);
  });

  it('a request refused ends nothing', () => {
    expect(
      extractPractitioners('Requête tendant au remplacement de Me Paul Roux, mandataire judiciaire : rejet.')
        .withoutHolder,
    ).toEqual([
      {
        role: 'mandataire_judiciaire',
        replaces: roux,
        ends: false,
        quote: 'Requête tendant au remplacement de Me Paul Roux, mandataire judiciaire',
      },
    ]);
  });
});

describe('the reader, a person without a title after a role whose mission ends', () => {
  it.each([
    [
      "Jugement mettant fin à la mission de l'administrateur judiciaire Jean Dupont.",
      {
        role: 'administrateur_judiciaire',
        replaces: [{ firm: null, person: 'Jean Dupont', name: 'Jean Dupont' }],
        ends: true,
        quote: "Jugement mettant fin à la mission de l'administrateur judiciaire Jean Dupont",
        discharge: true,
      },
    ],
    [
      'Jugement mettant fin aux fonctions du liquidateur DUPONT Jean, 12 rue Neuve 69002 Lyon.',
      {
        role: 'liquidateur',
        replaces: [{ firm: null, person: 'DUPONT Jean', name: 'Jean Dupont' }],
        ends: true,
        quote: 'Jugement mettant fin aux fonctions du liquidateur DUPONT Jean',
        discharge: true,
      },
    ],
    [
      'Jugement prononçant le remplacement du liquidateur Jean Dupont.',
      {
        role: 'liquidateur',
        replaces: [{ firm: null, person: 'Jean Dupont', name: 'Jean Dupont' }],
        ends: true,
        quote: 'Jugement prononçant le remplacement du liquidateur Jean Dupont',
      },
    ],
  ])('%s', (text, ended) => {
    expect(extractPractitioners(text)).toEqual({ practitioners: [], uncertain: [], withoutHolder: [ended] });
  });

  it('a single word after the role is no name', () => {
    expect(extractPractitioners("Jugement mettant fin à la mission de l'administrateur judiciaire Paris.")).toEqual({
      practitioners: [],
      uncertain: [],
    });
  });
});

describe('import:bodacc, replacements and ends in later notices', () => {
  let app: App;
  let db: Db;
  let report: Awaited<ReturnType<typeof importBodacc>>;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-replacement-kinds-'));
    // The committed export's first notice (published 24 January 2024), judged on the 10th and the 20th.
    const notice = async (n: number, siren: string, date: string, complement: string) => {
      const line = JSON.parse(await liquidationNotice(n, siren, complement));
      const nature =
        date === '2024-01-10'
          ? "Jugement d'ouverture de liquidation judiciaire"
          : 'Jugement de désignation des organes de la procédure';
      const jugement = { ...JSON.parse(line.jugement), nature, date };
      return JSON.stringify({ ...line, jugement: JSON.stringify(jugement) });
    };
    const opening = 'Jugement d\u2019ouverture de liquidation judiciaire, désignant liquidateur';
    const file = path.join(dir, 'replacements.jsonl');
    const lines = [
      // 1: X in Y's place, Y's one role here told by the opening.
      await notice(1, '552100554', '2024-01-10', `${opening} Me Paul Roux 3 rue de Siam 29200 Brest.`),
      await notice(
        2,
        '552100554',
        '2024-01-20',
        'Jugement désigne Me Claire Fontanel aux lieu et place de Me Paul Roux.',
      ),
      // 2: a replacement naming neither new holder nor role: reported, nothing ended.
      await notice(3, '552100562', '2024-01-10', `${opening} Me Paul Roux 3 rue de Siam 29200 Brest.`),
      await notice(4, '552100562', '2024-01-20', 'Jugement prononçant le remplacement de Me Paul Roux.'),
      // 3: an end of mission naming a person without a title.
      await notice(5, '552100570', '2024-01-10', `${opening} Me Jean Dupont 3 rue de Siam 29200 Brest.`),
      await notice(6, '552100570', '2024-01-20', 'Jugement mettant fin à la mission du liquidateur Jean Dupont.'),
      // 4: an end of mission by role alone: its holder named by name and firm.
      await notice(
        7,
        '552100588',
        '2024-01-10',
        `${opening} SELARL Ajir prise en la personne de Me Anne Vidal 3 rue de Siam 29200 Brest.`,
      ),
      await notice(8, '552100588', '2024-01-20', 'Jugement mettant fin à la mission du liquidateur.'),
      // 1 again: the one replaced holds no role here: reported, nothing linked nor ended.
      await notice(9, '552100596', '2024-01-10', `${opening} Me Hélène Kerjean 3 rue de Siam 29200 Brest.`),
      await notice(
        10,
        '552100596',
        '2024-01-20',
        'Jugement désigne Me Claire Fontanel aux lieu et place de Me Luc Perrin.',
      ),
      // 1 again: the one replaced holds two roles here: which one is meant is not told.
      await notice(11, '552100604', '2024-01-10', `${opening} Me Paul Roux 3 rue de Siam 29200 Brest.`),
      await notice(
        12,
        '552100604',
        '2024-01-20',
        'Jugement désignant mandataire judiciaire Me Paul Roux 3 rue de Siam 29200 Brest.',
      ),
      await notice(
        13,
        '552100604',
        '2024-01-20',
        'Jugement désigne Me Claire Fontanel aux lieu et place de Me Paul Roux.',
      ),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    report = await importBodacc(db, { file, actor });
  });

  const links = async (proceeding: string) => {
    const { body } = await getJson(app, `/v1/proceedings/${proceeding}`);
    return (body.practitioners as Record<string, unknown>[]).map((l) => [l.id, l.role, l.ended_on ?? null]);
  };

  it('links X in the role Y held and ends Y’s appointment', async () => {
    expect(await links('bodacc-a202507001701')).toEqual([
      ['claire-fontanel', 'liquidateur', null],
      ['paul-roux', 'liquidateur', '2024-01-20'],
    ]);
  });

  it('ends nothing for a replacement naming no role nor successor', async () => {
    expect(await links('bodacc-a202507001703')).toEqual([['paul-roux', 'liquidateur', null]]);
  });

  it('ends the mission of a person named without a title', async () => {
    expect(await links('bodacc-a202507001705')).toEqual([['jean-dupont', 'liquidateur', '2024-01-20']]);
  });

  it('reports each, naming practitioners by name and firm, never by id', async () => {
    // The replacement whose role cannot be told is reported as its notice is read, before the links are made.
    expect(listedLines(report)).toEqual([
      "line 10: A2025070017010: jugement.complementJugement: uncertain, nothing linked: a replacement naming no role ('Claire Fontanel' designated in place of 'Luc Perrin'): no role of 'Luc Perrin' in this proceeding is told by its notices, so the role cannot be told: nothing is linked nor ended: « désigne Me Claire Fontanel aux lieu et place de Me Luc Perrin »",
      "line 13: A2025070017013: jugement.complementJugement: uncertain, nothing linked: a replacement naming no role ('Claire Fontanel' designated in place of 'Paul Roux'): 'Paul Roux' holds several roles in this proceeding (liquidateur, mandataire_judiciaire), which one is meant is not told: nothing is linked nor ended: « désigne Me Claire Fontanel aux lieu et place de Me Paul Roux »",
      "line 4: A202507001704: jugement.complementJugement: uncertain, nothing linked: a replacement naming no new holder ('Paul Roux' replaced; no one is designated in their place): nothing is ended, the text names no role: « Jugement prononçant le remplacement de Me Paul Roux »",
      "line 6: A202507001706: jugement.complementJugement: appointment ended, no one designated in their place: a discharge ('Jean Dupont' discharged of the mission; no one is designated in their place): their appointment as liquidateur is ended: « Jugement mettant fin à la mission du liquidateur Jean Dupont »",
      "line 8: A202507001708: jugement.complementJugement: appointment ended, no one designated in their place: a discharge of the liquidateur not named (no one is designated in their place): the appointment as liquidateur of 'Anne Vidal' (SELARL Ajir) is ended: « Jugement mettant fin à la mission du liquidateur »",
    ]);
    // Ended: Paul Roux replaced (1), Jean Dupont and Anne Vidal discharged; not linked: the three reported.
    expect(report.practitioners).toMatchObject({ ended: 3, unlinked: 3, unread: 0 });
  });

  it('links no one for a replacement whose role cannot be told', async () => {
    expect(await links('bodacc-a202507001709')).toEqual([['helene-kerjean', 'liquidateur', null]]);
    expect((await links('bodacc-a2025070017011')).sort()).toEqual([
      ['paul-roux', 'liquidateur', null],
      ['paul-roux', 'mandataire_judiciaire', null],
    ]);
  });
});
