// Faults of /tmp/verify51 (issue 11, « Practitioners from the text »), each instance with its exact answer, and the
// variants of its kind (tests/fixtures/bodacc/practitioners.verify51-kinds.json is their eval set):
// 01 a surname that is also a street word (« Me Pierre Chemin, 3 rue de Siam … », « Me Alain Rue, 3 place Wilson …
//    », « Maître CHEMIN Pierre, 3 rue … ») read whole when a numbered street follows; when still unsure (« Me Alain
//    Rue 29200 Brest »), the report says why, not « one name only ».
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice } from '../setup/bodacc.js';

const actor = { keyId: null, name: 'import:bodacc test' };

/** What the reader takes of a text: role, firm, name, city and quote of each. */
const read = (text: string) =>
  extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city, p.quote]);

const opening = "Jugement d'ouverture de liquidation judiciaire, désignant liquidateur";

describe('fault 01: a surname that is also a street word', () => {
  it.each([
    [
      `${opening} SELARL Ouest MJ prise en la personne de Me Pierre Chemin, 3 rue de Siam 29200 Brest.`,
      'SELARL Ouest MJ',
      'Pierre Chemin',
      'SELARL Ouest MJ prise en la personne de Me Pierre Chemin, 3 rue de Siam 29200 Brest',
    ],
    [
      `${opening} Me Alain Rue, 3 place Wilson 29200 Brest.`,
      null,
      'Alain Rue',
      'Me Alain Rue, 3 place Wilson 29200 Brest',
    ],
    [
      `${opening} Maître CHEMIN Pierre, 3 rue de Siam 29200 Brest.`,
      null,
      'Pierre Chemin',
      'Maître CHEMIN Pierre, 3 rue de Siam 29200 Brest',
    ],
    [
      `${opening} Me Pierre Chemin 3 rue de Siam 29200 Brest.`,
      null,
      'Pierre Chemin',
      'Me Pierre Chemin 3 rue de Siam 29200 Brest',
    ],
    [
      `${opening} Me Alain Place, 3 rue de Siam 29200 Brest.`,
      null,
      'Alain Place',
      'Me Alain Place, 3 rue de Siam 29200 Brest',
    ],
    [
      `${opening} Me Antoine de la Place, 3 rue de Siam 29200 Brest.`,
      null,
      'Antoine de la Place',
      'Me Antoine de la Place, 3 rue de Siam 29200 Brest',
    ],
    [
      `${opening} Me Marie Quai, 4/6, rue de Siam 29200 Brest.`,
      null,
      'Marie Quai',
      'Me Marie Quai, 4/6, rue de Siam 29200 Brest',
    ],
    [
      `${opening} Me Marie Cours, 2 B, rue de Siam 29200 Brest.`,
      null,
      'Marie Cours',
      'Me Marie Cours, 2 B, rue de Siam 29200 Brest',
    ],
  ])('%s', (text, firm, name, holder) => {
    expect(read(text)).toEqual([['liquidateur', firm, name, 'Brest', `désignant liquidateur ${holder}`]]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });

  it('in an all-caps notice, and beside another holder whose surname is a street word', () => {
    expect(read('DÉSIGNANT LIQUIDATEUR ME PIERRE CHEMIN, 3 RUE DE SIAM 29200 BREST.')).toEqual([
      [
        'liquidateur',
        null,
        'Pierre Chemin',
        'BREST',
        'DÉSIGNANT LIQUIDATEUR ME PIERRE CHEMIN, 3 RUE DE SIAM 29200 BREST',
      ],
    ]);
    expect(
      read(
        `${opening} Me Pierre Chemin, 3 rue de Siam 29200 Brest et administrateur judiciaire Me Luc Passage, 12 bis avenue Foch 75016 Paris, avec les pouvoirs d'assistance.`,
      ),
    ).toEqual([
      [
        'liquidateur',
        null,
        'Pierre Chemin',
        'Brest',
        'désignant liquidateur Me Pierre Chemin, 3 rue de Siam 29200 Brest',
      ],
      [
        'administrateur_judiciaire',
        null,
        'Luc Passage',
        'Paris',
        "administrateur judiciaire Me Luc Passage, 12 bis avenue Foch 75016 Paris, avec les pouvoirs d'assistance",
      ],
    ]);
  });

  it('a street with no number after it, or a building before a numbered street, stays the address', () => {
    expect(read(`${opening} Me Alain Dupont, Place Wilson 29200 Brest.`)).toEqual([
      ['liquidateur', null, 'Alain Dupont', 'Brest', 'désignant liquidateur Me Alain Dupont, Place Wilson 29200 Brest'],
    ]);
    expect(read(`${opening} Me Alain Dupont Immeuble Le Forum, 3 rue de Siam 29200 Brest.`)).toEqual([
      [
        'liquidateur',
        null,
        'Alain Dupont',
        'Brest',
        'désignant liquidateur Me Alain Dupont Immeuble Le Forum, 3 rue de Siam 29200 Brest',
      ],
    ]);
  });

  it('« Me Alain Rue 29200 Brest »: the street word after the name is told, for the report to say why', () => {
    const [p] = extractPractitioners(`${opening} Me Alain Rue 29200 Brest.`).practitioners;
    expect([p!.person, p!.streetWordAfter]).toEqual(['Alain', 'Rue']);
  });
});

describe('import:bodacc, verify51 faults end to end', () => {
  let app: App;
  let db: Db;
  let report: Awaited<ReturnType<typeof importBodacc>>;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'verify51-'));
    const file = path.join(dir, 'notices.jsonl');
    // The committed export's first notice, published 24 January 2024: judged before it.
    const notice = async (n: number, siren: string, complement: string) => {
      const line = JSON.parse(await liquidationNotice(n, siren, complement));
      const jugement = { ...JSON.parse(line.jugement), date: '2024-01-10' };
      return JSON.stringify({ ...line, jugement: JSON.stringify(jugement) });
    };
    const lines = [
      await notice(
        1,
        '832000004',
        `${opening} SELARL Ouest MJ prise en la personne de Me Pierre Chemin, 3 rue de Siam 29200 Brest.`,
      ),
      await notice(2, '832000012', `${opening} Me Alain Rue 29200 Brest.`),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    report = await importBodacc(db, { file, actor });
  });

  it('« Me Pierre Chemin, 3 rue de Siam » is linked as Pierre Chemin of SELARL Ouest MJ, in Brest', async () => {
    const { body } = await getJson(app, '/v1/mandataires/pierre-chemin');
    expect([body.name, body.firm, body.commune, body.proceedings.map((p: { id: string }) => p.id)]).toEqual([
      'Pierre Chemin',
      { id: 'selarl-ouest-mj', name: 'SELARL Ouest MJ' },
      'Brest',
      ['bodacc-a202507001701'],
    ]);
  });

  it('« Me Alain Rue 29200 Brest » is reported with the true reason, nothing linked', () => {
    expect(report.practitioners).toMatchObject({ linked: 1, unlinked: 1 });
    expect(report.uncertain.map((u) => [u.notice, u.reason])).toEqual([
      [
        'A202507001702',
        "'Alain' is one name only as read: 'Rue' after it may be its surname or the street of its address",
      ],
    ]);
  });
});
