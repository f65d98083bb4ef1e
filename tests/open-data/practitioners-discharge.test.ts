// A discharge ends an appointment as a replacement does (issue 11): « administrateur judiciaire Me X étant déchargée de
// sa mission », « met fin à la mission de Me X », « Me X, …, est déchargé de sa mission » designate no one (as before),
// and now, in a later notice of the same proceeding, end that practitioner's link in that role: kept as a former
// appointment, with the judgment's date, notice, source and words (`ended_on`, `ended_notice_id`, `ended_source_id`,
// `ended_quote`). Before, only « en remplacement de » ended a link. And « Me X, 12 rue … 35000 Rennes, est désigné
// liquidateur » (no « en qualité de ») is read, where it was reported uncertain or dropped.
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
const kerjean = [{ firm: null, person: 'Hélène Kerjean', name: 'Hélène Kerjean' }];

describe('the reader, a discharge', () => {
  it.each([
    [
      "Jugement modifiant le plan, administrateur judiciaire Me Hélène Kerjean étant déchargée de sa mission, commissaire à l'exécution du plan Me Paul Roux 3 rue de Siam 29200 Brest.",
      {
        role: 'administrateur_judiciaire',
        ends: true,
        quote: 'administrateur judiciaire Me Hélène Kerjean étant déchargée de sa mission',
      },
    ],
    [
      'Jugement mettant fin à la mission du liquidateur Me Hélène Kerjean.',
      { role: 'liquidateur', ends: true, quote: 'Jugement mettant fin à la mission du liquidateur Me Hélène Kerjean' },
    ],
    [
      'Le tribunal met fin à la mission de Me Hélène Kerjean, mandataire judiciaire.',
      {
        role: 'mandataire_judiciaire',
        ends: true,
        quote: 'Le tribunal met fin à la mission de Me Hélène Kerjean, mandataire judiciaire',
      },
    ],
    [
      'Me Hélène Kerjean, administrateur judiciaire, est déchargée de sa mission.',
      {
        role: 'administrateur_judiciaire',
        ends: true,
        quote: 'Me Hélène Kerjean, administrateur judiciaire, est déchargée de sa mission',
      },
    ],
    [
      'Jugement rejetant la requête tendant à mettre fin à la mission de Me Hélène Kerjean, liquidateur.',
      {
        role: 'liquidateur',
        ends: false,
        quote: 'Jugement rejetant la requête tendant à mettre fin à la mission de Me Hélène Kerjean, liquidateur',
      },
    ],
  ])('%s', (text, ended) => {
    expect(extractPractitioners(text).withoutHolder).toEqual([{ ...ended, replaces: kerjean, discharge: true }]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
    expect(extractPractitioners(text).practitioners.map((p) => p.name)).not.toContain('Hélène Kerjean');
  });

  it('reads « Me X, address, est désigné liquidateur » without « en qualité de »', () => {
    const reading = extractPractitioners('Me Jean Morvan, 4 rue Jean Jaurès 35000 Rennes, est désigné liquidateur.');
    expect(reading.uncertain).toEqual([]);
    expect(reading.practitioners.map((p) => [p.role, p.firm, p.name, p.city, p.quote])).toEqual([
      [
        'liquidateur',
        null,
        'Jean Morvan',
        'Rennes',
        'Me Jean Morvan, 4 rue Jean Jaurès 35000 Rennes, est désigné liquidateur',
      ],
    ]);
  });
});

describe('import:bodacc, a discharge in a later notice of the proceeding', () => {
  let app: App;
  let db: Db;
  let report: Awaited<ReturnType<typeof importBodacc>>;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-discharge-'));
    const siren = '732829320';
    // The committed export's first notice (published 24 January 2024), judged on the 10th and the 20th.
    const notice = async (n: number, nature: string, date: string, complement: string) => {
      const line = JSON.parse(await liquidationNotice(n, siren, complement));
      const jugement = { ...JSON.parse(line.jugement), nature, date };
      return JSON.stringify({ ...line, jugement: JSON.stringify(jugement) });
    };
    const file = path.join(dir, 'discharge.jsonl');
    const lines = [
      await notice(
        1,
        "Jugement d'ouverture de liquidation judiciaire",
        '2024-01-10',
        "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur Me Hélène Kerjean 3 rue de Siam 29200 Brest.",
      ),
      await notice(
        2,
        'Jugement de désignation des organes de la procédure',
        '2024-01-20',
        'Jugement mettant fin à la mission du liquidateur Me Hélène Kerjean.',
      ),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    report = await importBodacc(db, { file, actor });
  });

  it('ends her appointment as liquidateur, citing the discharging notice, and reports it', async () => {
    // A link ended is counted as ended, not as linked (the report's `practitioners.ended`), nor as a designation not
    // linked (verify46 fault 08).
    expect(report.practitioners).toMatchObject({ linked: 0, ended: 1, unlinked: 0, unread: 0 });
    expect(listedLines(report)).toEqual([
      "line 2: A202507001702: jugement.complementJugement: appointment ended, no one designated in their place: a discharge ('Hélène Kerjean' discharged of the mission; no one is designated in their place): their appointment as liquidateur is ended: « Jugement mettant fin à la mission du liquidateur Me Hélène Kerjean »",
    ]);
    const page = await app.inject({ url: '/proceedings/bodacc-a202507001701' });
    expect(page.body).toContain('fin de mission le 20 janvier 2024');
    expect(page.body).toContain('Fin de mission :');
    expect(page.body).not.toContain('remplacé le');
    const { body } = await getJson(app, '/v1/proceedings/bodacc-a202507001701');
    const [link] = body.practitioners as Record<string, unknown>[];
    expect(body.practitioners).toHaveLength(1);
    expect({
      id: link!.id,
      role: link!.role,
      appointed_on: link!.appointed_on,
      notice_id: link!.notice_id,
      ended_on: link!.ended_on,
      ended_notice_id: link!.ended_notice_id,
      ended_source_id: link!.ended_source_id,
      ended_quote: link!.ended_quote,
    }).toEqual({
      id: 'helene-kerjean',
      role: 'liquidateur',
      appointed_on: '2024-01-10',
      notice_id: 'A202507001701',
      ended_on: '2024-01-20',
      ended_notice_id: 'A202507001702',
      ended_source_id: 'bodacc-a202507001702',
      ended_quote: 'Jugement mettant fin à la mission du liquidateur Me Hélène Kerjean',
    });
    expect(report.uncertain.map((u) => [u.notice, u.reason])).toEqual([
      [
        'A202507001702',
        "a discharge ('Hélène Kerjean' discharged of the mission; no one is designated in their place): their appointment as liquidateur is ended",
      ],
    ]);
  });
});
