// A proceeding a later import no longer plans is either absorbed into another (a merge: 308, `merged_into`) or
// withdrawn (410), and which one must not depend on what else the file corrects. Fault 02 of /tmp/verify40: a
// rectificatif imported before its target names its proceeding; the target then renames it, the rectificatif's id
// answering 308, but when the second file also held a « rétractation sur tierce opposition » of another notice of that
// proceeding (a conversion), the id answered 410 « withdrawn by corrections », its history a `withdraw` citing the
// rétractation, though the rectificatif it was made of stood in the target's proceeding. A proceeding is withdrawn
// only when every notice it was made of is withdrawn now, citing the corrections that withdrew them; the notices in
// one file, or split over two in any order, end with the same proceedings shown.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';

const actor = { keyId: null, name: 'import:bodacc test' };

interface Spec {
  /** Parution number and notice number: the id is `A<parution><number>`. */
  parution: string;
  number: string;
  publishedOn: string;
  type?: 'annonce' | 'rectificatif' | 'annulation';
  family: string;
  nature: string;
  date: string;
  complement: string;
  /** The notice corrected (`parutionavisprecedent`). */
  targets?: Spec;
}

const idOf = (s: Spec) => `A${s.parution}${s.number}`;

/** One notice of the JSON-lines export, as the DILA writes it, of the company `siren` named `name`. */
function noticeLine(s: Spec, siren: string, name: string): string {
  const spaced = `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`;
  const type = s.type ?? 'annonce';
  return JSON.stringify({
    id: idOf(s),
    publicationavis: 'A',
    publicationavis_facette: 'Bodacc A',
    parution: s.parution,
    dateparution: s.publishedOn,
    numeroannonce: s.number,
    typeavis: type,
    typeavis_lib: { annonce: 'Avis initial', rectificatif: 'Avis rectificatif', annulation: "Avis d'annulation" }[type],
    familleavis: 'collective',
    familleavis_lib: 'Procédures collectives',
    numerodepartement: '22',
    departement_nom_officiel: "Côtes-d'Armor",
    region_code: '53',
    region_nom_officiel: 'Bretagne',
    tribunal: 'GREFFE DU TRIBUNAL DE COMMERCE DE SAINT-MALO',
    commercant: name,
    ville: 'Saint-Brieuc',
    cp: '22000',
    registre: [spaced, siren],
    listepersonnes: JSON.stringify({
      personne: {
        typePersonne: 'pm',
        denomination: name,
        formeJuridique: 'Société par actions simplifiée',
        numeroImmatriculation: { codeRCS: 'RCS', numeroIdentification: spaced, nomGreffeImmat: 'Saint-Brieuc' },
      },
    }),
    listeetablissements: null,
    jugement: JSON.stringify({
      type: 'initial',
      famille: s.family,
      nature: s.nature,
      date: s.date,
      complementJugement: s.complement,
    }),
    acte: null,
    modificationsgenerales: null,
    radiationaurcs: null,
    depot: null,
    listeprecedentexploitant: null,
    listeprecedentproprietaire: null,
    divers: null,
    parutionavisprecedent: s.targets
      ? JSON.stringify({
          nomPublication: 'BODACC A',
          numeroParution: s.targets.parution,
          dateParution: s.targets.publishedOn,
          numeroAnnonce: s.targets.number,
        })
      : null,
    url_complete: `https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:${idOf(s)}`,
    ispdf_unitaire: 'false',
    pdf_parution_subfolder: null,
  });
}

const mj =
  'désignant mandataire judiciaire SELARL Kernévez prise en la personne de Me Ewen Kernévez 3 rue de Siam 29200 Brest';
const opening = (parution: string, number: string, publishedOn: string, date: string, extra = ''): Spec => ({
  parution,
  number,
  publishedOn,
  family: "Jugement d'ouverture",
  nature: "Jugement d'ouverture d'une procédure de redressement judiciaire",
  date,
  complement: `Jugement d'ouverture d'une procédure de redressement judiciaire, ${mj}${extra}.`,
});
const O = opening('20250013', '3001', '2025-01-20', '2025-01-10');
/** The rectificatif of the opening, the same judgment told again. */
const R: Spec = {
  ...opening('20250025', '3002', '2025-02-05', '2025-01-10', ' avec ajout'),
  type: 'rectificatif',
  targets: O,
};
const C: Spec = {
  parution: '20250175',
  number: '3004',
  publishedOn: '2025-09-10',
  family: 'Jugement prononçant',
  nature: 'Jugement de conversion en liquidation judiciaire',
  date: '2025-09-01',
  complement:
    'Jugement de conversion en liquidation judiciaire, désignant liquidateur SELARL Kernévez prise en la personne de Me Ewen Kernévez 3 rue de Siam 29200 Brest.',
};
/** The rétractation of the conversion (a correction of another notice than the rectificatif's target). */
const T: Spec = {
  parution: '20250200',
  number: '3005',
  publishedOn: '2025-10-15',
  family: 'Rétractation sur tierce opposition',
  nature: 'Rétractation sur tierce opposition',
  date: '2025-10-06',
  complement: 'Jugement rétractant sur tierce opposition le jugement du 1er septembre 2025.',
  targets: C,
};
/** The annulation of the rectificatif. */
const A: Spec = {
  ...R,
  parution: '20250210',
  number: '3006',
  publishedOn: '2025-10-20',
  type: 'annulation',
  targets: R,
};
const closure = (parution: string, number: string, publishedOn: string, date: string): Spec => ({
  parution,
  number,
  publishedOn,
  family: 'Jugement de clôture',
  nature: 'Jugement de clôture pour insuffisance d’actif',
  date,
  complement: 'Jugement prononçant la clôture de la procédure de liquidation judiciaire pour insuffisance d’actif.',
});

let dir: string;
let written = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-merge-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Imports these notices of the company as one JSON-lines file. */
async function importNotices(on: Db, specs: Spec[], siren: string, name: string) {
  const file = path.join(dir, `f${++written}.jsonl`);
  await writeFile(file, `${specs.map((s) => noticeLine(s, siren, name)).join('\n')}\n`);
  return importBodacc(on, { file, actor });
}

/** What the API answers for each id: status, and where a 308 sends. */
async function answers(app: App, ids: string[]) {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const r = await app.inject({ method: 'GET', url: `/v1/proceedings/${id}` });
    out[id] = `${r.statusCode}${r.headers.location ? ` ${r.headers.location}` : ''}`;
  }
  return out;
}

/** An entry's history as its API gives it: each change's action, `merged_into`, and the sources it cites. */
async function historyOf(app: App, id: string) {
  const r = await app.inject({ method: 'GET', url: `/v1/proceedings/${id}/history?limit=100` });
  expect(r.statusCode).toBe(200);
  const body = r.json() as {
    data: { action: string; merged_into: string | null; citations: { source_id: string }[] }[];
  };
  return body.data.map(
    (c) =>
      `${c.action}${c.merged_into ? ` into ${c.merged_into}` : ''}: ${[
        ...new Set(c.citations.map((x) => x.source_id)),
      ].join(', ')}`,
  );
}

/** What is shown of the company's proceedings, and each notice's proceeding (none when it is withdrawn, withheld). */
async function shown(on: Db, siren: string) {
  const proceedings = await on.execute(sql`
    select p.id, p.kind, p.date, p.closed_on, p.company_name from proceedings p join operators o on o.id = p.operator_id
     where o.siren = ${siren} and not p.withheld order by p.id`);
  const notices = await on.execute(sql`
    select n.id, case when p.withheld then null else n.proceeding_id end as proceeding_id, n.withdrawn_by
      from proceeding_notices n left join proceedings p on p.id = n.proceeding_id
     where n.siren = ${siren} order by n.id`);
  return { proceedings: [...proceedings], notices: [...notices] };
}

const O1 = opening('20250013', '1001', '2025-01-20', '2025-01-10');
const R2: Spec = {
  ...opening('20250025', '1002', '2025-02-05', '2025-01-10', ' rectifié'),
  type: 'rectificatif',
  targets: O1,
};
const P3: Spec = {
  parution: '20250110',
  number: '1003',
  publishedOn: '2025-06-01',
  family: 'Jugement',
  nature: 'Jugement arrêtant le plan de redressement',
  date: '2025-05-20',
  complement: 'Jugement arrêtant le plan de redressement, durée du plan 8 ans.',
};
const C4: Spec = {
  ...C,
  number: '1004',
  nature: 'Jugement prononçant la résolution du plan de redressement et la liquidation judiciaire',
  complement: 'Jugement prononçant la résolution du plan de redressement et la liquidation judiciaire.',
};
const T5: Spec = { ...T, number: '1005', targets: C4 };
const Clo7: Spec = {
  ...closure('20260045', '1007', '2026-03-01', '2026-02-20'),
  nature: 'Jugement de clôture pour extinction du passif',
  complement: 'Jugement prononçant la clôture de la procédure de redressement judiciaire pour extinction du passif.',
};
const C1: Spec = { ...C, parution: '20250010', number: '4001', publishedOn: '2025-01-15', date: '2025-01-05' };
const K1 = closure('20250080', '4002', '2025-04-10', '2025-04-01');
const C2: Spec = { ...C, number: '4003' };
const K2 = closure('20250300', '4005', '2025-12-10', '2025-12-01');
const annulment = (target: Spec, number: string): Spec => ({
  ...target,
  parution: '20250220',
  number,
  publishedOn: '2025-11-01',
  type: 'annulation',
  targets: target,
});
/** The proceeding the opening `O` (or `O1`) starts, as it is shown. */
const shownProceeding = (
  id: string,
  company_name: string,
  kind: string,
  date: string | null,
  closed_on: string | null,
) => ({
  id,
  kind,
  date,
  closed_on,
  company_name,
});

/**
 * A company's notices imported as files one after the other, and what the last import's report counts of the
 * proceedings (a merge, 308, is no withdrawal, 410), what the API answers for each id, the history of each proceeding
 * no longer shown (its last change a merge into the survivor or a withdrawal, each with the sources it cites), the
 * proceedings shown and, when given, each notice's proceeding.
 */
interface MergeCase {
  label: string;
  siren: string;
  company: string;
  files: Spec[][];
  report: { created: number; updated: number; unchanged: number; withdrawn: number; merged: number };
  answers: Record<string, string>;
  histories: Record<string, string[]>;
  proceedings: ReturnType<typeof shownProceeding>[];
  notices?: { id: string; proceeding_id: string | null; withdrawn_by: string | null }[];
}

const mergeCases: MergeCase[] = [
  {
    // The rectificatif's proceeding merged into the opening's, not withdrawn; the conversion retracted.
    label: 'a rectificatif first, its target later beside a rétractation of another notice (fault 02 of verify40)',
    siren: '904000015',
    company: 'DINAN APPELS',
    files: [
      [R, C],
      [O, T],
    ],
    report: { created: 1, updated: 0, unchanged: 0, withdrawn: 0, merged: 1 },
    answers: {
      'bodacc-a202500253002': '308 /v1/proceedings/bodacc-a202500133001',
      'bodacc-a202500133001': '200',
    },
    histories: {
      'bodacc-a202500253002': [
        'create: bodacc-a202501753004, bodacc-a202500253002',
        'merge into bodacc-a202500133001: bodacc-a202500133001',
      ],
    },
    proceedings: [
      shownProceeding('bodacc-a202500133001', 'DINAN APPELS', 'redressement_judiciaire', '2025-01-10', null),
    ],
    notices: [
      { id: 'A202500133001', proceeding_id: 'bodacc-a202500133001', withdrawn_by: 'A202500253002' },
      { id: 'A202500253002', proceeding_id: 'bodacc-a202500133001', withdrawn_by: null },
      // Retracted, the conversion and its rétractation stay in the proceeding they were in: merged, shown by none.
      { id: 'A202501753004', proceeding_id: null, withdrawn_by: 'A202502003005' },
      { id: 'A202502003005', proceeding_id: null, withdrawn_by: 'A202502003005' },
    ],
  },
  {
    label: 'the six notices of a chain, its second part first (fault 02 of verify40)',
    siren: '904000023',
    company: 'ARMOR TELESERVICES',
    files: [
      [R2, C4, Clo7],
      [O1, P3, T5],
    ],
    report: { created: 1, updated: 0, unchanged: 0, withdrawn: 0, merged: 1 },
    answers: {
      'bodacc-a202500251002': '308 /v1/proceedings/bodacc-a202500131001',
      'bodacc-a202500131001': '200',
    },
    histories: {
      'bodacc-a202500251002': [
        'create: bodacc-a202600451007, bodacc-a202500251002',
        'merge into bodacc-a202500131001: bodacc-a202500131001',
      ],
    },
    proceedings: [
      shownProceeding(
        'bodacc-a202500131001',
        'ARMOR TELESERVICES',
        'redressement_judiciaire',
        '2025-01-10',
        '2026-02-20',
      ),
    ],
  },
  {
    // The rectificatif annulled and the conversion retracted: nothing of its proceeding stands.
    label: 'every notice of a proceeding withdrawn: a withdrawal citing each correction',
    siren: '904000031',
    company: 'DINAN RETIRE',
    files: [
      [R, C],
      [A, T],
    ],
    report: { created: 0, updated: 0, unchanged: 0, withdrawn: 1, merged: 0 },
    answers: { 'bodacc-a202500253002': '410' },
    histories: {
      'bodacc-a202500253002': [
        'create: bodacc-a202501753004, bodacc-a202500253002',
        'withdraw: bodacc-a202502103006, bodacc-a202502003005',
      ],
    },
    proceedings: [],
  },
  {
    label: 'the rectificatif annulled beside its target: its proceeding holding the conversion still, merged',
    siren: '904000049',
    company: 'DINAN ANNULE',
    files: [
      [R, C],
      [O, A],
    ],
    report: { created: 1, updated: 0, unchanged: 0, withdrawn: 0, merged: 1 },
    answers: {
      'bodacc-a202500253002': '308 /v1/proceedings/bodacc-a202500133001',
      'bodacc-a202500133001': '200',
    },
    histories: {
      'bodacc-a202500253002': [
        'create: bodacc-a202501753004, bodacc-a202500253002',
        'merge into bodacc-a202500133001: bodacc-a202500133001',
      ],
    },
    proceedings: [
      shownProceeding('bodacc-a202500133001', 'DINAN ANNULE', 'liquidation_judiciaire', '2025-01-10', null),
    ],
  },
  {
    // Neither proceeding has its opening: the conversion of September starts another once the first is closed; the
    // first clôture and the second conversion annulled, the second clôture closes the first proceeding.
    label: 'a conversion after a clôture, both annulled later: its clôture joins the proceeding before, merged',
    siren: '904000056',
    company: 'DINAN JOINT',
    files: [
      [C1, K1, C2, K2],
      [annulment(K1, '4006'), annulment(C2, '4007')],
    ],
    report: { created: 0, updated: 1, unchanged: 0, withdrawn: 0, merged: 1 },
    answers: {
      'bodacc-a202500104001': '200',
      'bodacc-a202501754003': '308 /v1/proceedings/bodacc-a202500104001',
    },
    histories: {
      'bodacc-a202501754003': [
        'create: bodacc-a202503004005, bodacc-a202501754003',
        'merge into bodacc-a202500104001: bodacc-a202503004005',
      ],
    },
    proceedings: [shownProceeding('bodacc-a202500104001', 'DINAN JOINT', 'liquidation_judiciaire', null, '2025-12-01')],
  },
];

describe('a proceeding no longer planned: merged (308) or withdrawn (410), and the report counting which', () => {
  for (const c of mergeCases) {
    it(c.label, { timeout: 240_000 }, async () => {
      const { app, db } = await testApp();
      let report: Awaited<ReturnType<typeof importNotices>> | undefined;
      for (const file of c.files) report = await importNotices(db, file, c.siren, c.company);
      expect(report!.proceedings).toEqual(c.report);
      expect(await answers(app, Object.keys(c.answers))).toEqual(c.answers);
      for (const [id, history] of Object.entries(c.histories)) expect(await historyOf(app, id), id).toEqual(history);
      // The change feed tells a copy to follow the survivor of each merged one.
      for (const [id, answer] of Object.entries(c.answers)) {
        if (!answer.startsWith('308')) continue;
        const feed = await db.execute<{ action: string; merged_into: string | null }>(sql`
          select action, merged_into from changes
           where entity_kind = 'proceeding' and entity_id = ${id} order by id desc limit 1`);
        expect([...feed], id).toEqual([{ action: 'merge', merged_into: answer.split('/').pop() }]);
      }
      const { proceedings, notices } = await shown(db, c.siren);
      expect(proceedings).toEqual(c.proceedings);
      if (c.notices) expect(notices).toEqual(c.notices);
    });
  }
});

/** How each proceeding of the company no longer shown ended: its last change, `merged_into` and the sources cited. */
async function ended(on: Db, siren: string) {
  const rows = await on.execute<{
    id: string;
    action: string;
    merged_into: string | null;
    citations: { source_id: string }[];
  }>(sql`
    select distinct on (c.entity_id) c.entity_id as id, c.action, c.merged_into, c.citations
      from changes c join proceedings p on p.id = c.entity_id join operators o on o.id = p.operator_id
     where c.entity_kind = 'proceeding' and p.withheld and o.siren = ${siren}
     order by c.entity_id, c.id desc`);
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      `${r.action}${r.merged_into ? ` into ${r.merged_into}` : ''}: ${r.citations.map((c) => c.source_id).join(', ')}`,
    ]),
  );
}

describe('the same notices in one file or split over two files end the same', () => {
  const merged = 'merge into bodacc-a202500133001: bodacc-a202500133001';
  // Splits where a proceeding made by the first file is absorbed or withdrawn by the second, in either order, with
  // how each proceeding the first file made and the second ended answers.
  for (const [label, siren, notices, splits] of [
    [
      'rectificatif, target, conversion, rétractation',
      '904000072',
      [O, R, C, T],
      [
        [[R, C], [O, T], { 'bodacc-a202500253002': merged }],
        [[O, T], [R, C], {}],
        [[R], [O, C, T], { 'bodacc-a202500253002': merged }],
        [[R, T], [O, C], { 'bodacc-a202500253002': merged }],
        [[C, T], [O, R], {}],
        [[R, C, T], [O], { 'bodacc-a202500253002': merged }],
      ],
    ],
    [
      'the same, the rectificatif annulled',
      '904000064',
      [O, R, C, T, A],
      [
        [[R, C], [O, T, A], { 'bodacc-a202500253002': 'withdraw: bodacc-a202502103006, bodacc-a202502003005' }],
        [[R, C, T], [O, A], { 'bodacc-a202500253002': 'withdraw: bodacc-a202502103006' }],
        [[O, A], [R, C, T], {}],
        [[R, A], [O, C, T], {}],
      ],
    ],
  ] as [string, string, Spec[], [Spec[], Spec[], Record<string, string>][]][]) {
    it(label, { timeout: 240_000 }, async () => {
      const one = (await testDatabase()).database.db;
      await importNotices(one, notices, siren, 'DINAN SPLIT');
      const expected = await shown(one, siren);
      expect(await ended(one, siren)).toEqual({});
      for (const [first, second, endings] of splits) {
        const db = (await testDatabase()).database.db;
        await importNotices(db, first, siren, 'DINAN SPLIT');
        await importNotices(db, second, siren, 'DINAN SPLIT');
        const split = `${first.map(idOf)} then ${second.map(idOf)}`;
        expect(await shown(db, siren), split).toEqual(expected);
        expect(await ended(db, siren), split).toEqual(endings);
      }
    });
  }
});
