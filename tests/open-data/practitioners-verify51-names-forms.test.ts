// Faults of /tmp/verify51 (issue 11, « Practitioners from the text »), each instance with its exact answer, and the
// variants of its kind (tests/fixtures/bodacc/practitioners.verify51-kinds.json is their eval set):
// 01 a surname that is also a street word (« Me Pierre Chemin, 3 rue de Siam … », « Me Alain Rue, 3 place Wilson …
//    », « Maître CHEMIN Pierre, 3 rue … ») read whole when a numbered street follows; when still unsure (« Me Alain
//    Rue 29200 Brest »), the report says why, not « one name only »;
// 05 a firm's legal form written with full stops (« la S.E.L.A.R.L. Alpes Mandataires », « S.E.L.A.S. », « S.C.P.
//    Brivet et Associés », cut at « S.C.P » before): read as the form, the firm kept as written, joined to the firm
//    known as « SELARL Alpes Mandataires », never a second one.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { undottedFormsInPlace } from '../../src/domain/legal-forms.js';
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

describe('fault 05: a legal form written with full stops', () => {
  it('is read as its letters where it stands, the text keeping its length; dotted initials left as written', () => {
    const text = 'la S.E.L.A.R.L. Alpes, S.C.P B.T.S.G., s.e.l.a.s. M.J.A.';
    expect(undottedFormsInPlace(text)).toBe('la SELARL       Alpes, SCP   B.T.S.G., selas      M.J.A.');
    expect(undottedFormsInPlace(text).length).toBe(text.length);
  });

  it.each([
    [
      `${opening} la S.E.L.A.R.L. Alpes Mandataires prise en la personne de Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble.`,
      ['S.E.L.A.R.L. Alpes Mandataires', 'Sylvain Marquet', 'Grenoble'],
      'la S.E.L.A.R.L. Alpes Mandataires prise en la personne de Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble',
    ],
    [
      `${opening} S.C.P. Brivet et Associés prise en la personne de Me Éloïse Brivet, 3 place Bellecour 69002 Lyon.`,
      ['S.C.P. Brivet et Associés', 'Éloïse Brivet', 'Lyon'],
      'S.C.P. Brivet et Associés prise en la personne de Me Éloïse Brivet, 3 place Bellecour 69002 Lyon',
    ],
    [
      `${opening} la S.E.L.A.S. Vireo Mandataires représentée par Maître Hugo Pérignon, 2 rue de la Paix 75002 Paris.`,
      ['S.E.L.A.S. Vireo Mandataires', 'Hugo Pérignon', 'Paris'],
      'la S.E.L.A.S. Vireo Mandataires représentée par Maître Hugo Pérignon, 2 rue de la Paix 75002 Paris',
    ],
    [
      `${opening} S.E.L.A.R.L MJ 2 prise en la personne de Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble.`,
      ['S.E.L.A.R.L MJ 2', 'Sylvain Marquet', 'Grenoble'],
      'S.E.L.A.R.L MJ 2 prise en la personne de Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble',
    ],
    [
      `${opening} S.C.P. B.T.S.G. prise en la personne de Me Éloïse Brivet, 3 place Bellecour 69002 Lyon.`,
      ['S.C.P. B.T.S.G.', 'Éloïse Brivet', 'Lyon'],
      'S.C.P. B.T.S.G. prise en la personne de Me Éloïse Brivet, 3 place Bellecour 69002 Lyon',
    ],
    [
      `${opening} Me Éloïse Brivet, S.C.P. Brivet et Associés, 3 place Bellecour 69002 Lyon.`,
      ['S.C.P. Brivet et Associés', 'Éloïse Brivet', 'Lyon'],
      'Me Éloïse Brivet, S.C.P. Brivet et Associés, 3 place Bellecour 69002 Lyon',
    ],
    [
      `${opening} S.E.L.A.F.A. M.J.A. prise en la personne de Me Paul Roux, 102 rue du Faubourg Saint-Denis 75010 Paris.`,
      ['S.E.L.A.F.A. M.J.A.', 'Paul Roux', 'Paris'],
      'S.E.L.A.F.A. M.J.A. prise en la personne de Me Paul Roux, 102 rue du Faubourg Saint-Denis 75010 Paris',
    ],
    [
      `${opening} Me Paul Roux membre de la S.E.L.A.R.L.U. Roux Mandataire, 3 rue de Siam 29200 Brest.`,
      ['S.E.L.A.R.L.U. Roux Mandataire', 'Paul Roux', 'Brest'],
      'Me Paul Roux membre de la S.E.L.A.R.L.U. Roux Mandataire, 3 rue de Siam 29200 Brest',
    ],
  ])('%s', (text, [firm, name, city], holder) => {
    expect(read(text)).toEqual([['liquidateur', firm, name, city, `désignant liquidateur ${holder}`]]);
    expect(extractPractitioners(text).uncertain).toEqual([]);
  });

  it('after « a nommé », in lower case, in capitals, and for an administrateur with powers', () => {
    expect(
      read(
        "Jugement d'ouverture de redressement judiciaire, a nommé la S.E.L.A.R.L. Alpes Mandataires, prise en la personne de Maître MARQUET Sylvain, en qualité de mandataire judiciaire.",
      ),
    ).toEqual([
      [
        'mandataire_judiciaire',
        'S.E.L.A.R.L. Alpes Mandataires',
        'Sylvain Marquet',
        null,
        'a nommé la S.E.L.A.R.L. Alpes Mandataires, prise en la personne de Maître MARQUET Sylvain, en qualité de mandataire judiciaire',
      ],
    ]);
    expect(
      read(
        "Jugement d'ouverture de redressement judiciaire, désignant mandataire judiciaire la s.e.l.a.r.l. Alpes Mandataires représentée par Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble, administrateur judiciaire S.E.L.A.S. Vireo Administrateurs représentée par Maître Hugo Pérignon, 2 rue de la Paix 75002 Paris, avec les pouvoirs d'assistance.",
      ),
    ).toEqual([
      [
        'mandataire_judiciaire',
        's.e.l.a.r.l. Alpes Mandataires',
        'Sylvain Marquet',
        'Grenoble',
        'désignant mandataire judiciaire la s.e.l.a.r.l. Alpes Mandataires représentée par Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble',
      ],
      [
        'administrateur_judiciaire',
        'S.E.L.A.S. Vireo Administrateurs',
        'Hugo Pérignon',
        'Paris',
        "administrateur judiciaire S.E.L.A.S. Vireo Administrateurs représentée par Maître Hugo Pérignon, 2 rue de la Paix 75002 Paris, avec les pouvoirs d'assistance",
      ],
    ]);
    expect(
      read(
        "JUGEMENT D'OUVERTURE DE LIQUIDATION JUDICIAIRE, DÉSIGNANT LIQUIDATEUR S.E.L.A.R.L. ALPES MANDATAIRES PRISE EN LA PERSONNE DE ME SYLVAIN MARQUET, 15 AVENUE FÉLIX VIALLET 38000 GRENOBLE.",
      ),
    ).toEqual([
      [
        'liquidateur',
        'S.E.L.A.R.L. ALPES MANDATAIRES',
        'Sylvain Marquet',
        'GRENOBLE',
        'DÉSIGNANT LIQUIDATEUR S.E.L.A.R.L. ALPES MANDATAIRES PRISE EN LA PERSONNE DE ME SYLVAIN MARQUET, 15 AVENUE FÉLIX VIALLET 38000 GRENOBLE',
      ],
    ]);
  });

  it('a firm at a sentence’s end keeps its name, the next sentence not read as it', () => {
    const text = `${opening} la S.C.P. Brivet. Les créances sont à adresser au liquidateur.`;
    expect(read(text)).toEqual([
      ['liquidateur', 'S.C.P. Brivet', null, null, 'désignant liquidateur la S.C.P. Brivet'],
    ]);
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
      await notice(
        3,
        '832000020',
        `${opening} SELARL Alpes Mandataires prise en la personne de Maître Corentin Abadie-Lenoir, 15 avenue Félix Viallet 38000 Grenoble.`,
      ),
      await notice(
        4,
        '832000038',
        `${opening} la S.E.L.A.R.L. Alpes Mandataires prise en la personne de Me Sylvain Marquet, 15 avenue Félix Viallet 38000 Grenoble.`,
      ),
      await notice(
        5,
        '832000046',
        `${opening} S.C.P. Brivet et Associés prise en la personne de Me Éloïse Brivet, 3 place Bellecour 69002 Lyon.`,
      ),
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
    expect(report.practitioners).toMatchObject({ linked: 4, unlinked: 1 });
    expect(report.uncertain.map((u) => [u.notice, u.reason])).toEqual([
      [
        'A202507001702',
        "'Alain' is one name only as read: 'Rue' after it may be its surname or the street of its address",
      ],
    ]);
  });

  it('« la S.E.L.A.R.L. Alpes Mandataires » joins « SELARL Alpes Mandataires »: one firm, its two partners', async () => {
    const { body } = await getJson(app, '/v1/mandataires?kind=firm&limit=100');
    const firms = (body.data as { id: string; name: string }[]).map((f) => [f.id, f.name]);
    // The seed's firms aside: those the notices name.
    expect(firms.filter(([id]) => /alpes|brivet|ouest/.test(id!))).toEqual([
      ['scp-brivet-et-associes', 'S.C.P. Brivet et Associés'],
      ['selarl-alpes-mandataires', 'SELARL Alpes Mandataires'],
      ['selarl-ouest-mj', 'SELARL Ouest MJ'],
    ]);
    const marquet = await getJson(app, '/v1/mandataires/sylvain-marquet');
    expect(marquet.body.firm).toEqual({ id: 'selarl-alpes-mandataires', name: 'SELARL Alpes Mandataires' });
    const brivet = await getJson(app, '/v1/mandataires/eloise-brivet');
    expect([brivet.body.firm, brivet.body.proceedings[0].quote]).toEqual([
      { id: 'scp-brivet-et-associes', name: 'S.C.P. Brivet et Associés' },
      'désignant liquidateur S.C.P. Brivet et Associés prise en la personne de Me Éloïse Brivet, 3 place Bellecour 69002 Lyon',
    ]);
  });
});
