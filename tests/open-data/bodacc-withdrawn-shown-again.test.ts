// npm run import:bodacc on an entry withdrawn then named again: a practitioner (a firm, an operator, a proceeding) made only from a
// notice that a rectificatif replaced is withdrawn (hidden: its id kept, answering 410, its history citing the
// correction); a later correction that names it again shows the same entry again, never a new one under a suffixed
// id (`gaspard-vidal-2`). The same in one file or across files, in every order the chain allows.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { mandataireWrites } from '../../src/modules/mandataires/writes.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };
let dir: string;
/** The first notice of the JSON-lines fixture, every field of the export: read now, as the chains below are built when
 * the tests are declared. */
const base = JSON.parse(
  readFileSync('tests/fixtures/bodacc/annonces-commerciales.jsonl', 'utf8').split('\n', 1)[0]!,
) as Record<string, unknown>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-shown-again-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A notice of the company `siren` named `name`, published on `day` of October 2025 (its number `annonce`). */
function notice(options: {
  annonce: number;
  day: number;
  type: 'annonce' | 'rectificatif' | 'annulation';
  text: string;
  target?: { day: number; annonce: number };
  siren?: string;
  name?: string;
}) {
  const siren = options.siren ?? '912345600';
  const name = options.name ?? 'APPELS DE FLANDRE';
  const parution = (day: number) => `202510${String(day).padStart(2, '0')}`;
  const id = `A${parution(options.day)}${options.annonce}`;
  return {
    ...base,
    id,
    parution: parution(options.day),
    dateparution: `2025-10-${String(options.day).padStart(2, '0')}`,
    numeroannonce: String(options.annonce),
    typeavis: options.type,
    typeavis_lib: { annonce: 'Avis initial', rectificatif: 'Avis rectificatif', annulation: "Avis d'annulation" }[
      options.type
    ],
    commercant: name,
    registre: [`${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`, siren],
    listepersonnes: JSON.stringify({
      personne: {
        typePersonne: 'pm',
        denomination: name,
        numeroImmatriculation: { codeRCS: 'RCS', numeroIdentification: siren, nomGreffeImmat: 'Lille Métropole' },
      },
    }),
    jugement: JSON.stringify({
      type: 'initial',
      famille: "Jugement d'ouverture",
      nature: "Jugement d'ouverture de liquidation judiciaire",
      date: '2025-10-01',
      complementJugement: options.text,
    }),
    parutionavisprecedent: options.target
      ? JSON.stringify({
          nomPublication: 'BODACC A',
          numeroParution: parution(options.target.day),
          dateParution: `2025-10-${String(options.target.day).padStart(2, '0')}`,
          numeroAnnonce: String(options.target.annonce),
        })
      : null,
    url_complete: `https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:${id}`,
  };
}

const designating = (who: string) => `Jugement prononçant la liquidation judiciaire, désignant liquidateur ${who}.`;
const gaspard = 'Me Gaspard Vidal 3 rue Haute 59000 Lille';
const irene = 'Me Irène Morel 8 place du Théâtre 59000 Lille';
/** r1 designates Gaspard Vidal; r2, a rectificatif of r1, Irène Morel instead; r3, a rectificatif of r2, Gaspard. */
const chain = (who: { first: string; second: string }) => ({
  r1: notice({ annonce: 1001, day: 6, type: 'annonce', text: designating(who.first) }),
  r2: notice({
    annonce: 1002,
    day: 13,
    type: 'rectificatif',
    text: designating(who.second),
    target: { day: 6, annonce: 1001 },
  }),
  r3: notice({
    annonce: 1003,
    day: 20,
    type: 'rectificatif',
    text: designating(who.first),
    target: { day: 13, annonce: 1002 },
  }),
});

let files = 0;
/** Imports these notices as one JSON-lines file. */
async function importNotices(db: Db, notices: object[]) {
  const file = path.join(dir, `notices-${files++}.jsonl`);
  await writeFile(file, `${notices.map((n) => JSON.stringify(n)).join('\n')}\n`);
  const report = await importBodacc(db, { file, actor });
  expect(report.file.rejected).toEqual([]);
  return report;
}

/** What the API shows of the practitioners after the chain: Gaspard Vidal's entry and the proceeding's. */
async function practitionersShown(app: App) {
  const gaspardEntry = await getJson(app, '/v1/mandataires/gaspard-vidal');
  const proceedings = await getJson(app, '/v1/proceedings?operator=appels-de-flandre');
  const detail = await getJson(app, `/v1/proceedings/${proceedings.body.data[0].id}`);
  return {
    gaspard: gaspardEntry.status,
    gaspardProceedings: gaspardEntry.body.proceedings?.map((p: Record<string, unknown>) => [
      p.id,
      p.company_name,
      p.role,
    ]),
    suffixed: (await getJson(app, '/v1/mandataires/gaspard-vidal-2')).status,
    irene: (await getJson(app, '/v1/mandataires/irene-morel')).status,
    proceedings: proceedings.body.data.map((p: { id: string }) => p.id),
    practitioners: detail.body.practitioners.map((p: { id: string; role: string }) => [p.id, p.role]),
  };
}

describe('a practitioner withdrawn with the only notice naming it, then designated again by a later correction', () => {
  const { r1, r2, r3 } = chain({ first: gaspard, second: irene });
  it.each([
    ['one file', [[r1, r2, r3]], 404, 'bodacc-a202510061001'],
    ['three files, in order', [[r1], [r2], [r3]], 410, 'bodacc-a202510061001'],
    ['r1 and r2, then r3', [[r1, r2], [r3]], 410, 'bodacc-a202510061001'],
    ['r1, then r2 and r3', [[r1], [r2, r3]], 404, 'bodacc-a202510061001'],
    // A rectificatif imported before its target named the proceeding until the target came (fault 04 of issue 11's
    // hostile check): renamed after r1 then, the earlier id answering 308.
    ['r2, then r1, then r3', [[r2], [r1], [r3]], 410, 'bodacc-a202510061001'],
    ['r3, then r2, then r1', [[r3], [r2], [r1]], 404, 'bodacc-a202510061001'],
  ] as const)(
    '%s: the same entry gaspard-vidal is shown, no gaspard-vidal-2',
    async (_, imports, irene, proceeding) => {
      const { app, db } = await testApp();
      for (const notices of imports) await importNotices(db, [...notices]);
      expect(await practitionersShown(app)).toEqual({
        gaspard: 200,
        gaspardProceedings: [[proceeding, 'APPELS DE FLANDRE', 'liquidateur']],
        suffixed: 404,
        irene,
        proceedings: [proceeding],
        practitioners: [['gaspard-vidal', 'liquidateur']],
      });
    },
  );

  it('across files: hidden (410, history citing r2), then shown again by r3, its history saying why', async () => {
    const { app, db } = await testApp();
    await importNotices(db, [r1]);
    const withdrawn = await importNotices(db, [r2]);
    expect(withdrawn.withdrawnEntries).toEqual({ operators: [], mandataires: ['gaspard-vidal'] });
    const gone = await getJson(app, '/v1/mandataires/gaspard-vidal');
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toMatch(
      /^The mandataire 'gaspard-vidal' was withdrawn on \S+: the BODACC notices it was made of were withdrawn by corrections \(its history cites them\); a later notice naming it shows it again\.$/,
    );
    // Hidden from every public read: the list, search's fallback entries, the practitioners filter.
    const list = await getJson(app, '/v1/mandataires?q=Vidal');
    expect(list.body.data.map((m: { id: string }) => m.id)).not.toContain('gaspard-vidal');
    expect((await getJson(app, '/v1/proceedings?mandataire=gaspard-vidal')).status).toBe(400);

    const shownAgain = await importNotices(db, [r3]);
    expect(shownAgain.practitioners.created).toBe(0);
    expect(shownAgain.withdrawnEntries).toEqual({ operators: [], mandataires: ['irene-morel'] });
    const history = await getJson(app, '/v1/mandataires/gaspard-vidal/history');
    expect(history.status).toBe(200);
    expect(
      history.body.data.map((e: { action: string; citations: { source_id: string }[] }) => [
        e.action,
        e.citations.map((c) => c.source_id),
      ]),
    ).toEqual([
      ['create', ['bodacc-a202510061001']],
      ['update', ['bodacc-a202510131002']],
      ['withdraw', ['bodacc-a202510131002']],
      ['publish', ['bodacc-a202510201003']],
    ]);
    // The withdrawal keeps the entry's data (no private data in it), the publication the row as it stands.
    expect(history.body.data[2].before).toMatchObject({ id: 'gaspard-vidal', name: 'Gaspard Vidal' });
    expect(history.body.data[3].after).toMatchObject({ id: 'gaspard-vidal', withheld: false });
    const irene = await getJson(app, '/v1/mandataires/irene-morel/history');
    expect(irene.body.data.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'withdraw']);
    expect((await getJson(app, '/v1/mandataires/gaspard-vidal')).status).toBe(200);
    // Again: nothing changes.
    const again = await importNotices(db, [r3]);
    expect(again.withdrawnEntries).toEqual({ operators: [], mandataires: [] });
    expect(again.practitioners.created).toBe(0);
  });
});

describe('a firm withdrawn with its only practitioner, then designated again', () => {
  const { r1, r2, r3 } = chain({
    first: 'SELARL Vidal Associés prise en la personne de Me Gaspard Vidal 3 rue Haute 59000 Lille',
    second: 'SELARL Morel Conseil prise en la personne de Me Irène Morel 8 place du Théâtre 59000 Lille',
  });

  it('across three files: the firm and its practitioner hidden, then both shown again under their ids', async () => {
    const { app, db } = await testApp();
    await importNotices(db, [r1]);
    const withdrawn = await importNotices(db, [r2]);
    expect(withdrawn.withdrawnEntries).toEqual({
      operators: [],
      mandataires: ['gaspard-vidal', 'selarl-vidal-associes'],
    });
    expect((await getJson(app, '/v1/mandataires/selarl-vidal-associes')).status).toBe(410);
    const shownAgain = await importNotices(db, [r3]);
    expect(shownAgain.practitioners).toMatchObject({ created: 0, firmsCreated: 0 });
    expect(shownAgain.withdrawnEntries).toEqual({
      operators: [],
      mandataires: ['irene-morel', 'selarl-morel-conseil'],
    });
    const firm = await getJson(app, '/v1/mandataires/selarl-vidal-associes');
    expect(firm.status).toBe(200);
    expect(firm.body.members).toEqual([{ id: 'gaspard-vidal', name: 'Gaspard Vidal' }]);
    const person = await getJson(app, '/v1/mandataires/gaspard-vidal');
    expect(person.body.firm).toEqual({ id: 'selarl-vidal-associes', name: 'SELARL Vidal Associés' });
    expect((await getJson(app, '/v1/mandataires/selarl-vidal-associes-2')).status).toBe(404);
  });
});

describe('an operator withdrawn with its only proceeding, then named by a later notice', () => {
  const opening = notice({
    annonce: 2001,
    day: 6,
    type: 'annonce',
    text: designating(gaspard),
    siren: '912345618',
    name: 'ÉCOUTE DOUAI',
  });
  const annulation = notice({
    annonce: 2002,
    day: 13,
    type: 'annulation',
    text: designating(gaspard),
    target: { day: 6, annonce: 2001 },
    siren: '912345618',
    name: 'ÉCOUTE DOUAI',
  });
  const reopening = notice({
    annonce: 2003,
    day: 20,
    type: 'annonce',
    text: designating(gaspard),
    siren: '912345618',
    name: 'ÉCOUTE DOUAI',
  });

  it('hidden by the annulation (410), shown again by the later opening, under the same id', async () => {
    const { app, db } = await testApp();
    const opened = await importNotices(db, [opening]);
    expect(opened.operators.created).toBe(1);
    const annulled = await importNotices(db, [annulation]);
    expect(annulled.withdrawnEntries).toEqual({ operators: ['ecoute-douai'], mandataires: ['gaspard-vidal'] });
    expect((await getJson(app, '/v1/operators/ecoute-douai')).status).toBe(410);
    const reopened = await importNotices(db, [reopening]);
    expect(reopened.operators.created).toBe(0);
    const operator = await getJson(app, '/v1/operators/ecoute-douai');
    expect(operator.status).toBe(200);
    expect(operator.body.proceedings.map((p: { id: string }) => p.id)).toEqual(['bodacc-a202510202003']);
    expect((await getJson(app, '/v1/operators/ecoute-douai-2')).status).toBe(404);
    expect((await getJson(app, '/v1/mandataires/gaspard-vidal')).status).toBe(200);
    const history = await getJson(app, '/v1/operators/ecoute-douai/history');
    // Withdrawn citing the annulation, shown again citing the new notice, whose name it now follows (cited anew).
    expect(
      history.body.data.map((e: { action: string; citations: { source_id: string }[] }) => [
        e.action,
        [...new Set(e.citations.map((c) => c.source_id))],
      ]),
    ).toEqual([
      ['create', ['bodacc-a202510062001']],
      ['withdraw', ['bodacc-a202510132002']],
      ['publish', ['bodacc-a202510202003']],
      ['update', ['bodacc-a202510202003']],
    ]);
  });
});

/** Odile Vasseur, a practitioner an article names (no commune, profession nor firm): she stays whatever BODACC says. */
const createOdile = (db: Db) =>
  mandataireWrites.create(
    { db, actor },
    mandataireWrites.createBody.parse({
      id: 'odile-vasseur',
      name: 'Odile Vasseur',
      kind: 'practitioner',
      // A source whose text Plateau does not hold: its quote is not checked against an article.
      citations: [
        {
          source: { url: 'https://example.org/odile-vasseur', title: 'Odile Vasseur', outlet: 'Exemple' },
          quote: 'Odile Vasseur',
        },
      ],
    }),
  );

describe('a fact a withdrawn notice added to a practitioner who stays', () => {
  const { r1, r2, r3 } = chain({ first: 'Me Odile Vasseur 2 rue Nationale 59000 Lille', second: irene });

  it('goes with the notice (the field emptied, citing the correction), and comes back with a later one', async () => {
    const { app, db } = await testApp();
    await createOdile(db);
    const facts = async () => {
      const { body } = await getJson(app, '/v1/mandataires/odile-vasseur');
      return {
        commune: body.commune,
        profession: body.profession,
        cited: body.citations.flatMap((c: { source_id: string; fields: string[] }) =>
          c.source_id.startsWith('bodacc-') ? [`${c.source_id}: ${c.fields.join(', ')}`] : [],
        ),
      };
    };
    await importNotices(db, [r1]);
    expect(await facts()).toEqual({
      commune: 'Lille',
      profession: 'mandataire_judiciaire',
      cited: ['bodacc-a202510061001: commune, profession'],
    });
    // r2 replaces r1: Odile Vasseur stays (another source cites her), the facts r1 alone gave her go.
    const withdrawn = await importNotices(db, [r2]);
    expect(withdrawn.withdrawnEntries).toEqual({ operators: [], mandataires: [] });
    expect(await facts()).toEqual({ commune: null, profession: null, cited: [] });
    const history = await getJson(app, '/v1/mandataires/odile-vasseur/history');
    expect(history.body.data.at(-1)).toMatchObject({
      action: 'update',
      changed_fields: expect.arrayContaining(['commune', 'profession']),
      citations: [expect.objectContaining({ source_id: 'bodacc-a202510131002', fields: ['commune', 'profession'] })],
    });
    // r3 designates her again: the facts come back, cited by r3.
    await importNotices(db, [r3]);
    expect(await facts()).toEqual({
      commune: 'Lille',
      profession: 'mandataire_judiciaire',
      cited: ['bodacc-a202510201003: commune, profession'],
    });
    // The same three notices in one file leave the same facts.
    const { app: other, db: otherDb } = await testApp();
    await createOdile(otherDb);
    await importNotices(otherDb, [r1, r2, r3]);
    const { body } = await getJson(other, '/v1/mandataires/odile-vasseur');
    expect([body.commune, body.profession]).toEqual(['Lille', 'mandataire_judiciaire']);
  });
});

describe('a firm a withdrawn notice alone gave a practitioner who stays', () => {
  const { r1, r2 } = chain({
    first: 'SELARL Vasseur Conseil prise en la personne de Me Odile Vasseur 2 rue Nationale 59000 Lille',
    second: irene,
  });

  it('is taken from her with the notice, and withdrawn itself when it holds nothing more', async () => {
    const { app, db } = await testApp();
    await createOdile(db);
    await importNotices(db, [r1]);
    expect((await getJson(app, '/v1/mandataires/odile-vasseur')).body.firm).toEqual({
      id: 'selarl-vasseur-conseil',
      name: 'SELARL Vasseur Conseil',
    });
    const withdrawn = await importNotices(db, [r2]);
    expect(withdrawn.withdrawnEntries).toEqual({ operators: [], mandataires: ['selarl-vasseur-conseil'] });
    const odile = await getJson(app, '/v1/mandataires/odile-vasseur');
    expect([odile.status, odile.body.firm, odile.body.commune]).toEqual([200, null, null]);
    expect((await getJson(app, '/v1/mandataires/selarl-vasseur-conseil')).status).toBe(410);
  });
});

// A proceeding every notice of which a correction withdraws: kept, withheld (its id answering 410 as a withdrawn
// entry's does, left out of lists and search, its history and notices kept), never deleted; when a notice of it is
// current again (the annulation that withdrew it annulled in turn) the same entry is shown again under its id, never
// a new one under a suffixed id (`…-2`). A later opening is another proceeding (an opening starts one, by the chain's
// rules, as in one file): it gets its own id, the first staying withdrawn.
/** o1 opens the proceeding; a1 annuls o1; a2 annuls a1 (o1 stands again); o3, a later opening of the company. */
const hainaut = {
  text: designating('Me Lucie Marchand 5 rue de Paris 59300 Valenciennes'),
  siren: '912345709',
  name: 'APPELS DU HAINAUT',
};
const o1 = notice({ ...hainaut, annonce: 3001, day: 6, type: 'annonce' });
const a1 = notice({ ...hainaut, annonce: 3002, day: 13, type: 'annulation', target: { day: 6, annonce: 3001 } });
const a2 = notice({ ...hainaut, annonce: 3003, day: 20, type: 'annulation', target: { day: 13, annonce: 3002 } });
const o3 = notice({ ...hainaut, annonce: 3004, day: 27, type: 'annonce' });
const first = 'bodacc-a202510063001';

/** What the public reads show of the company's proceedings: the list (by opening date), search, and a detail's status. */
async function publicView(app: App) {
  await app.directorySearch.indexer.runOnce();
  const list = await getJson(app, '/v1/proceedings?opened_from=2025-10&opened_to=2025-10');
  const search = await getJson(app, '/v1/search?q=hainaut&kind=proceeding');
  return {
    list: list.body.data.map((p: { id: string }) => p.id),
    search: search.body.data.map((h: { id: string }) => h.id),
    first: (await getJson(app, `/v1/proceedings/${first}`)).status,
    suffixed: (await getJson(app, `/v1/proceedings/${first}-2`)).status,
  };
}

/** Each notice of the company, the proceeding it is kept under, and whether that proceeding is withheld. */
async function noticesOf(db: Db) {
  return [
    ...(await db.execute(sql`
      select n.id, n.proceeding_id, p.withheld from proceeding_notices n
        left join proceedings p on p.id = n.proceeding_id where n.siren = ${hainaut.siren} order by n.id`)),
  ];
}

/** The actions of a proceeding's history, each with the sources it cites. */
async function historyOf(app: App, id: string) {
  const history = await getJson(app, `/v1/proceedings/${id}/history`);
  expect(history.status).toBe(200);
  return history.body.data.map((e: { action: string; citations: { source_id: string }[] }) => [
    e.action,
    [...new Set(e.citations.map((c) => c.source_id))],
  ]);
}

describe('a proceeding whose notices are all withdrawn', () => {
  it('is withheld, not deleted; the annulation annulled shows the same entry again, under its id', async () => {
    const { app, db } = await testApp({ searchIndex: true });
    await importNotices(db, [o1]);
    expect(await publicView(app)).toEqual({ list: [first], search: [first], first: 200, suffixed: 404 });

    const annulled = await importNotices(db, [a1]);
    expect(annulled.proceedings).toEqual({ created: 0, updated: 0, unchanged: 0, withdrawn: 1, merged: 0 });
    // Answered as a withdrawn entry is, left out of the list and of search.
    expect(await publicView(app)).toEqual({ list: [], search: [], first: 410, suffixed: 404 });
    const gone = await getJson(app, `/v1/proceedings/${first}`);
    expect(gone.body.detail).toMatch(
      /^The proceeding 'bodacc-a202510063001' was withdrawn on \S+: the BODACC notices it was made of were withdrawn by corrections \(its history cites them\); a later notice naming it shows it again\.$/,
    );
    // Its history readable, its notices still its own.
    expect(await historyOf(app, first)).toEqual([
      ['create', ['bodacc-a202510063001']],
      ['withdraw', ['bodacc-a202510133002']],
    ]);
    expect(await noticesOf(db)).toEqual([
      { id: 'A202510063001', proceeding_id: first, withheld: true },
      { id: 'A202510133002', proceeding_id: first, withheld: true },
    ]);
    // The practitioner it alone designated is withdrawn with it, and lists nothing.
    expect((await getJson(app, '/v1/mandataires/lucie-marchand')).status).toBe(410);
    const again = await importNotices(db, [a1]);
    expect(again.proceedings).toEqual({ created: 0, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });

    const restored = await importNotices(db, [a2]);
    expect(restored.proceedings).toEqual({ created: 0, updated: 1, unchanged: 0, withdrawn: 0, merged: 0 });
    expect(await publicView(app)).toEqual({ list: [first], search: [first], first: 200, suffixed: 404 });
    expect(await historyOf(app, first)).toEqual([
      ['create', ['bodacc-a202510063001']],
      ['withdraw', ['bodacc-a202510133002']],
      ['publish', ['bodacc-a202510063001']],
      // Its practitioner linked again by the notice current again.
      ['update', ['bodacc-a202510063001']],
    ]);
    const detail = await getJson(app, `/v1/proceedings/${first}`);
    expect(detail.body.notices.map((n: { id: string }) => n.id)).toEqual(['A202510063001']);
    expect(detail.body.practitioners.map((p: { id: string }) => p.id)).toEqual(['lucie-marchand']);
    expect((await getJson(app, '/v1/mandataires/lucie-marchand')).status).toBe(200);

    // The same file again changes nothing.
    const [{ changes: before } = { changes: 0 }] = await db.execute<{ changes: number }>(
      sql`select count(*)::int as changes from changes`,
    );
    const twice = await importNotices(db, [a2]);
    expect(twice.proceedings).toEqual({ created: 0, updated: 0, unchanged: 1, withdrawn: 0, merged: 0 });
    const [{ changes: after } = { changes: 0 }] = await db.execute<{ changes: number }>(
      sql`select count(*)::int as changes from changes`,
    );
    expect(after).toBe(before);

    // The three notices in one file show the same proceeding, under the same id.
    const { app: other, db: otherDb } = await testApp({ searchIndex: true });
    await importNotices(otherDb, [o1, a1, a2]);
    expect(await publicView(other)).toEqual({ list: [first], search: [first], first: 200, suffixed: 404 });
  });

  it('stays withdrawn, its history and notices kept, when a later opening starts another proceeding', async () => {
    const { app, db } = await testApp({ searchIndex: true });
    await importNotices(db, [o1]);
    // Links made by hand, not from a notice: a practitioner and a site of the directory, kept when it is withdrawn,
    // but shown by none of their entries while it is.
    const [hand] = await db.execute<{ mandataire: string; site: string; source: string }>(sql`
      select (select id from mandataires where not withheld and kind = 'practitioner' order by id limit 1) as mandataire,
             (select id from sites where not withheld order by id limit 1) as site,
             (select id from sources where id not like 'bodacc-%' order by id limit 1) as source`);
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      values (${first}, ${hand!.mandataire}, 'administrateur_judiciaire', ${hand!.source}, 'by hand')`);
    await db.execute(sql`insert into proceeding_sites (proceeding_id, site_id) values (${first}, ${hand!.site})`);
    const listed = async () => ({
      mandataire: (await getJson(app, `/v1/mandataires/${hand!.mandataire}`)).body.proceedings.map(
        (p: { id: string }) => p.id,
      ),
      site: (await getJson(app, `/v1/sites/${hand!.site}`)).body.proceedings.map((p: { id: string }) => p.id),
    });
    expect(await listed()).toEqual({ mandataire: [first], site: [first] });
    await importNotices(db, [a1]);
    expect(await listed()).toEqual({ mandataire: [], site: [] });
    const kept = await db.execute(sql`
      select mandataire_id from proceeding_practitioners where proceeding_id = ${first} and notice_id is null`);
    expect([...kept]).toEqual([{ mandataire_id: hand!.mandataire }]);
    const reopened = await importNotices(db, [o3]);
    expect(reopened.proceedings).toEqual({ created: 1, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 });
    const later = 'bodacc-a202510273004';
    expect(await publicView(app)).toEqual({ list: [later], search: [later], first: 410, suffixed: 404 });
    expect(await noticesOf(db)).toEqual([
      { id: 'A202510063001', proceeding_id: first, withheld: true },
      { id: 'A202510133002', proceeding_id: first, withheld: true },
      { id: 'A202510273004', proceeding_id: later, withheld: false },
    ]);
    expect(await historyOf(app, first)).toEqual([
      ['create', ['bodacc-a202510063001']],
      ['withdraw', ['bodacc-a202510133002']],
    ]);
    // The company's and the practitioner's entries list the current proceeding only.
    const operator = await getJson(app, '/v1/operators/appels-du-hainaut');
    expect(operator.body.proceedings.map((p: { id: string }) => p.id)).toEqual([later]);
    const practitioner = await getJson(app, '/v1/mandataires/lucie-marchand');
    expect(practitioner.body.proceedings.map((p: { id: string }) => p.id)).toEqual([later]);
  });
});
