// Faults 03, 04 and 05 of /tmp/verify51 (issue 11): a firm's legal form read once, wherever and however a row or a
// notice writes it (domain/legal-forms.ts `firmFormOf`, `undottedForms`), and the advice of a refused place naming
// only the columns the practitioners' list has.
// 03 « Brivet & Associés SCP » given `SCP` is « SCP Brivet & Associés », the known firm, never « SCP Brivet & Associés
//    SCP »; « Alpes Mandataires (SELARL) », « SELARL « Alpes Mandataires » » are « SELARL Alpes Mandataires »; a
//    structure written with another form than its `forme_juridique` is refused at its line, nothing applied.
// 04 an ambiguous commune: « give code_postal », the one column of the list that tells them apart.
// 05 « S.E.L.A.R.L. Alpes Mandataires » of a notice joins « SELARL Alpes Mandataires », no second firm.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { firmFormOf, undottedForms } from '../../src/domain/legal-forms.js';
import { resolvePlace } from '../../src/domain/place-input.js';
import { firmNameOf } from '../../src/domain/practitioners-row.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { MandataireIndex } from '../../src/open-data/bodacc/matching.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testDatabase } from '../setup/database.js';

const actor = { keyId: null, name: 'firm forms test' };
const faults = 'tests/fixtures/practitioners/faults';

/** Each firm, its name and its members. */
const firms = async (db: Db) =>
  [
    ...(await db.execute<{ id: string; name: string; members: string[] }>(sql`
      select f.id, f.name, array(select m.id from mandataires m where m.firm_id = f.id order by m.id) as members
        from mandataires f where f.kind = 'firm' and (f.id like '%alpes%' or f.id like '%brivet%') order by f.id`)),
  ].map((f) => [f.id, f.name, f.members]);

const known = async () => {
  const { db } = (await testDatabase()).database;
  const report = await importPractitioners(db, { file: `${faults}/firms-known.csv`, actor });
  expect(report.applied).toBe(true);
  return db;
};

describe('a firm legal form read once', () => {
  it.each([
    ['S.E.L.A.R.L. Alpes Mandataires', { form: 'SELARL', rest: 'Alpes Mandataires', first: true }],
    ['Alpes Mandataires (SELARL)', { form: 'SELARL', rest: 'Alpes Mandataires', first: false }],
    ['Brivet & Associés SCP', { form: 'SCP', rest: 'Brivet & Associés', first: false }],
    ['S.C.P. Brivet et Associés', { form: 'SCP', rest: 'Brivet et Associés', first: true }],
    ['SELARL « Alpes Mandataires »', { form: 'SELARL', rest: '« Alpes Mandataires »', first: true }],
    ['SCP B.T.S.G.', { form: 'SCP', rest: 'B.T.S.G.', first: true }],
    ['Alpes Mandataires', { form: null, rest: 'Alpes Mandataires', first: false }],
  ])('%s', (name, read) => {
    expect(firmFormOf(name)).toEqual(read);
  });

  it('dotted forms are the form, dotted initials of a name stay', () => {
    expect(undottedForms('la S.E.L.A.R.L. X, la S.E.L.A.S. Y, s.a.r.l. Z, SELARL M.J.A.')).toBe(
      'la SELARL X, la SELAS Y, sarl Z, SELARL M.J.A.',
    );
  });

  it('a row name for its firm', () => {
    expect([
      firmNameOf('Brivet & Associés SCP', 'SCP'),
      firmNameOf('Alpes Mandataires SELARL', 'selarl'),
      firmNameOf('Alpes Mandataires (SELARL)', 'SELARL'),
      firmNameOf('Alpes Mandataires', 'Selarl'),
      firmNameOf('SELARL Alpes Mandataires', 'S.E.L.A.R.L.'),
      firmNameOf('Alpes Mandataires SELARL', null),
    ]).toEqual([
      'SCP Brivet & Associés',
      'SELARL Alpes Mandataires',
      'SELARL Alpes Mandataires',
      'SELARL Alpes Mandataires',
      'SELARL Alpes Mandataires',
      'Alpes Mandataires SELARL',
    ]);
  });

  it('matching: the dotted, parenthesised and guillemets forms are the known firm', () => {
    const index = new MandataireIndex([
      { id: 'selarl-alpes-mandataires', name: 'SELARL Alpes Mandataires', kind: 'firm', firm_id: null, commune: null },
    ]);
    for (const name of [
      'S.E.L.A.R.L. Alpes Mandataires',
      'Alpes Mandataires (SELARL)',
      'SELARL « Alpes Mandataires »',
      'Alpes Mandataires S.E.L.A.R.L.',
    ])
      expect(index.firm(name)).toEqual({ status: 'known', id: 'selarl-alpes-mandataires' });
    expect(index.firm('S.E.L.A.S. Alpes Mandataires')).toEqual({
      status: 'uncertain',
      reason:
        "'S.E.L.A.S. Alpes Mandataires' may be 'SELARL Alpes Mandataires' (selarl-alpes-mandataires): the same name with another legal form",
    });
  });
});

describe('fault 03: import:practitioners, the form given twice', () => {
  it('« Brivet & Associés SCP » given SCP joins « SCP Brivet & Associés »', async () => {
    const db = await known();
    const report = await importPractitioners(db, { file: `${faults}/forms.csv`, actor });
    expect([report.applied, report.firms, report.uncertain, report.rejected]).toEqual([
      true,
      { created: 0, updated: 0, unchanged: 2 },
      [],
      [],
    ]);
    expect(await firms(db)).toEqual([
      ['scp-brivet-et-associes', 'SCP Brivet & Associés', ['eloise-brivet', 'zoe-petit']],
      ['selarl-alpes-mandataires', 'SELARL Alpes Mandataires', ['ines-chaput', 'sylvain-marquet']],
    ]);
  });

  it.each(['form-last-given', 'form-last-empty', 'form-parenthesised', 'form-guillemets'])(
    '%s: the known firm',
    async (file) => {
      const db = await known();
      const report = await importPractitioners(db, { file: `${faults}/${file}.csv`, actor, dryRun: true });
      expect([report.firms, report.uncertain, report.rejected]).toEqual([
        { created: 0, updated: 0, unchanged: 1 },
        [],
        [],
      ]);
    },
  );

  it('form-none: the same name without a form, uncertain', async () => {
    const db = await known();
    const report = await importPractitioners(db, { file: `${faults}/form-none.csv`, actor, dryRun: true });
    expect([report.firms, report.uncertain]).toEqual([
      { created: 0, updated: 0, unchanged: 0 },
      [
        {
          line: 2,
          name: 'Alpes Mandataires',
          reason:
            "'Alpes Mandataires' may be 'SELARL Alpes Mandataires' (selarl-alpes-mandataires): the same name with another legal form",
        },
      ],
    ]);
  });

  it('two forms that disagree: refused at the line', async () => {
    const db = await known();
    const report = await importPractitioners(db, { file: `${faults}/form-conflict.csv`, actor });
    expect([report.applied, report.firms, report.rejected]).toEqual([
      false,
      { created: 0, updated: 0, unchanged: 0 },
      [
        {
          line: 2,
          errors: [
            {
              field: 'forme_juridique',
              message:
                "is SELAS, but structure 'SELARL Alpes Mandataires' is written with SELARL: which is the firm's form is not guessed",
            },
          ],
        },
      ],
    ]);
    expect(await firms(db)).toEqual([
      ['scp-brivet-et-associes', 'SCP Brivet & Associés', ['eloise-brivet']],
      ['selarl-alpes-mandataires', 'SELARL Alpes Mandataires', ['sylvain-marquet']],
    ]);
  });
});

describe('fault 04: an ambiguous commune in the list', () => {
  // The siblings: every advice of a refused place names only the fields the writer has (the list: its columns).
  it.each([
    [
      { code_postal: '01090' },
      'postal code 01090 serves several communes (01165, 01169, 01183, 01225, 01258, 01263): give commune',
      'postal code 01090 serves several communes (01165, 01169, 01183, 01225, 01258, 01263): give code_commune',
    ],
    [
      { commune: 'Paris La Defense Cedex' },
      "no commune is named 'Paris La Defense Cedex' (a CEDEX names a mail distribution: write the name of its commune)",
      "no commune is named 'Paris La Defense Cedex' (a CEDEX names a mail distribution: give code_commune)",
    ],
    [
      { commune: 'Belgique' },
      "no commune is named 'Belgique' (a country, not a commune)",
      "no commune is named 'Belgique' (a country: give country BE)",
    ],
  ])('%j: the list told %s, the API %s', (input, list, api) => {
    const message = (offered?: Parameters<typeof resolvePlace>[1]) => {
      const resolved = resolvePlace(input, offered);
      return resolved.ok ? null : resolved.errors[0]!.message;
    };
    expect([message(['address', 'code_postal', 'commune']), message()]).toEqual([list, api]);
  });

  it('advises code_postal', async () => {
    const { db } = (await testDatabase()).database;
    const report = await importPractitioners(db, { file: `${faults}/ambiguous-commune.csv`, actor });
    expect([report.applied, report.rejectedRows, report.rejected]).toEqual([
      false,
      2,
      [
        {
          line: 2,
          errors: [
            {
              field: 'commune',
              message:
                "several communes are named 'Saint-Denis': 11339 (11, Aude), 30247 (30, Gard), 93066 (93, Seine-Saint-Denis), 97411 (974, La Réunion); give code_postal",
            },
          ],
        },
        {
          line: 3,
          errors: [
            {
              field: 'commune',
              message:
                "several communes are named 'Valence': 16392 (16, Charente), 26362 (26, Drôme), 82186 (82, Tarn-et-Garonne); give code_postal",
            },
          ],
        },
      ],
    ]);
  });
});

describe('fault 05: import:bodacc, a dotted form', () => {
  it('« S.E.L.A.R.L. Alpes Mandataires » joins the known firm', async () => {
    const db = await known();
    const report = await importBodacc(db, { file: 'tests/fixtures/bodacc/faults/firm-variants.csv', actor });
    expect([report.practitioners, report.uncertain]).toEqual([
      { linked: 4, ended: 0, unlinked: 0, unread: 0, created: 3, firmsCreated: 0 },
      [],
    ]);
    expect(await firms(db)).toEqual([
      ['scp-brivet-et-associes', 'SCP Brivet & Associés', ['eloise-brivet', 'zoe-petit']],
      [
        'selarl-alpes-mandataires',
        'SELARL Alpes Mandataires',
        ['corentin-abadie-lenoir', 'ines-chaput', 'sylvain-marquet'],
      ],
    ]);
  });
});
