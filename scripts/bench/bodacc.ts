// `npm run import:bodacc` of a generated BODACC export (BENCH_BODACC_NOTICES notices, the size by default) into a
// clone of the template, against its raw engines: `COPY` of the same rows into a second clone (the rows the import
// wrote: sources, operators, mandataires, proceedings, notices, practitioners' links, citations) + raw
// `addDocuments` of the search documents of the entries it created, as `import.ts` does for sites. Notices per
// second, the ratio, and the CLI's peak RSS (VmHWM).
//
// The export: companies with real-looking SIRENs (check digit right, spread over the range), each opened in
// redressement judiciaire, liquidation judiciaire or sauvegarde by one of twenty courts (written as the greffes
// write them, in capitals or not), some followed by a conversion, a plan, a clôture or a rectificatif; every
// `complementJugement` names its practitioners (a pool of 400 people in 110 firms) in the export's wordings.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { type Context, cliCommand, judge, meiliClient, nodeOptionsOf, now, type Result, runChild } from './common.js';
import { cloneTemplate, writeDocuments } from './synthetic.js';

/** A SIREN with its check digit (Luhn), from eight digits. */
function withCheckDigit(base: number): string {
  const digits = String(base).padStart(8, '0');
  for (let d = 0; d < 10; d++) {
    const s = `${digits}${d}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
      let v = Number(s[8 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

/** The SIREN of company `c`: distinct for every c below 70 million (7,919,993 is prime to 70,000,000). */
const sirenOf = (c: number) => withCheckDigit(30_000_000 + ((c * 7_919_993) % 70_000_000));

const courts = [
  'GREFFE DU TRIBUNAL DE COMMERCE DE PARIS',
  'Greffe du Tribunal de Commerce de Lyon',
  'GREFFE DU TRIBUNAL DE COMMERCE DE NANTERRE',
  'Greffe du Tribunal de Commerce de Marseille',
  'GREFFE DU TRIBUNAL DE COMMERCE DE BOBIGNY',
  'Greffe du Tribunal de Commerce de Lille Métropole',
  'GREFFE DU TRIBUNAL DE COMMERCE DE BORDEAUX',
  'Greffe du Tribunal de Commerce de Toulouse',
  'GREFFE DU TRIBUNAL DE COMMERCE DE NANTES',
  'Greffe du Tribunal Judiciaire de Strasbourg',
  'GREFFE DU TRIBUNAL DE COMMERCE DE CRETEIL',
  "Greffe du Tribunal de Commerce d'Evry",
  'GREFFE DU TRIBUNAL DE COMMERCE DE RENNES',
  'Greffe du Tribunal de Commerce de Montpellier',
  'GREFFE DU TRIBUNAL DE COMMERCE DE NICE',
  'Greffe du Tribunal de Commerce de Grenoble',
  'GREFFE DU TRIBUNAL JUDICIAIRE DE METZ',
  'Greffe du Tribunal de Commerce de Rouen',
  'GREFFE DU TRIBUNAL DE COMMERCE DE VERSAILLES',
  'Greffe du Tribunal des Activités Économiques de Pontoise',
];
const cities = [
  ['12 rue de la Paix', '75002', 'Paris'],
  ['3 rue du Palais', '69002', 'Lyon'],
  ['4/6, rue Esquermoise', '59800', 'Lille'],
  ['2 B, quai de la Fosse', '44000', 'Nantes'],
  ['42 ter, cours Pierre Puget', '13006', 'Marseille'],
  ['8 place du Capitole', '31000', 'Toulouse'],
];
const firstNames = ['Claire', 'Hervé', 'Sandrine', 'Marc', 'Julie', 'Thierry', 'Nadia', 'Romain', 'Pascale', 'Yann'];
const moreFirstNames = ['Agnès', 'Bruno', 'Céline', 'Denis', 'Élodie', 'François', 'Gaëlle', 'Hugo', 'Inès', 'Jérôme'];
const lastNames = ['Fontanel', 'Brèche', 'Molinié', 'Olivetti', 'Sabatier', 'Barral', 'Ferhat', 'Chabert', 'Guérin'];
const moreLastNames = ['Lemaître', 'Roux', 'Dufresne', 'Carpentier', 'Vidal', 'Aubert', 'Perrin', 'Masson', 'Rivière'];
const first = [...firstNames, ...moreFirstNames];
const last = [...lastNames, ...moreLastNames, 'Lacroix', 'Benoît'];
/** Person `i` of the pool of 400 practitioners, 20 first names by 20 family names: no name part of another. */
const person = (i: number) => `${first[i % 20]} ${last[Math.floor(i / 20) % 20]}`;
const firmWords = ['Alpha', 'Athena', 'Mandatum', 'Axiome', 'Hermès', 'Orion', 'Vauban', 'Colbert', 'Pléiade', 'Rive'];
const firmPlaces = ['Associés', 'Partenaires', 'Ouest', 'Est', 'Sud', 'Centre', 'Rhône', 'Loire', 'Seine', 'Garonne'];
/** Firm `i` of the 110 firms (50 of administrateurs, 60 of mandataires). */
const firm = (i: number) =>
  `${['SELARL', 'SCP', 'SELAS'][i % 3]} ${firmWords[i % firmWords.length]} ${firmPlaces[Math.floor(i / firmWords.length) % firmPlaces.length]}${i < 50 ? '' : ' Mandataires'}`;
/** Practitioner `i` with their firm and address, as a notice designates them. */
const designation = (i: number, firmIndex: number) => {
  const [street, postcode, city] = cities[i % cities.length]!;
  return `${firm(firmIndex)} prise en la personne de Me ${person(i)} ${street} ${postcode} ${city}`;
};
const companyWords = ['Transports', 'Boulangerie', 'Bâtiment', 'Conseil', 'Appels', 'Menuiserie', 'Restauration'];
const companyPlaces = ['du Nord', 'de Provence', 'Atlantique', 'des Alpes', 'Occitane', 'Lorraine', 'Île-de-France'];

/** A date of 2023–2024, `YYYY-MM-DD`, from a number. */
const dateOf = (n: number, shiftDays = 0) =>
  new Date(Date.UTC(2023, 0, 2) + (((n * 37) % 600) + shiftDays) * 86_400_000).toISOString().slice(0, 10);

/** One notice of the export, as its JSON-lines file holds it (JSON objects in its cells, like the CSV's). */
function noticeLine(
  c: number,
  seq: number,
  notice: { date: string; nature: string; complement: string; type?: string; target?: string },
) {
  const s = sirenOf(c);
  const parution = `${notice.date.slice(0, 4)}${String(1 + (seq % 240)).padStart(4, '0')}`;
  const id = `A${parution}${seq}`;
  const name = `${['SARL', 'SAS', 'EURL'][c % 3]} ${companyWords[c % companyWords.length]} ${companyPlaces[(c >> 3) % companyPlaces.length]} ${c}`;
  return {
    id,
    line: JSON.stringify({
      id,
      publicationavis: 'A',
      parution,
      dateparution: notice.date,
      numeroannonce: String(seq),
      typeavis: notice.type ?? 'annonce',
      familleavis: 'collective',
      familleavis_lib: 'Procédures collectives',
      tribunal: courts[c % courts.length],
      registre: [s, `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`],
      listepersonnes: JSON.stringify({
        personne: {
          typePersonne: 'pm',
          denomination: name,
          formeJuridique: 'Société par actions simplifiée',
          numeroImmatriculation: { numeroIdentification: `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` },
        },
      }),
      jugement: JSON.stringify({
        type: 'initial',
        famille: 'Jugement',
        nature: notice.nature,
        date: notice.date,
        complementJugement: notice.complement,
      }),
      // Every field of the export, null when empty, as it writes them: the import refuses an object lacking one.
      parutionavisprecedent: notice.target
        ? JSON.stringify({
            nomPublication: 'BODACC A',
            numeroParution: notice.target.slice(1, 9),
            numeroAnnonce: String(Number(notice.target.slice(9))),
          })
        : null,
      url_complete: `https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:${id}`,
    }),
  };
}

/**
 * Writes `count` notices to `file` (JSON lines): company after company, an opening (redressement judiciaire 6 in
 * 10, liquidation 3 in 10, sauvegarde 1 in 10), then for some a conversion into liquidation, a plan, a clôture for
 * insuffisance d'actif, or a rectificatif of the opening.
 */
export async function writeNotices(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let seq = 0;
  const emit = async (c: number, n: Parameters<typeof noticeLine>[2]) => {
    const { id, line } = noticeLine(c, ++seq, n);
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    return id;
  };
  for (let c = 0; seq < count; c++) {
    const admin = c % 400;
    const mj = (c * 7 + 3) % 400;
    const adminFirm = admin % 50;
    const mjFirm = 50 + (mj % 60);
    const opened = dateOf(c);
    const pick = c % 10;
    let openingId: string;
    if (pick < 6) {
      openingId = await emit(c, {
        date: opened,
        nature: "Jugement d'ouverture d'une procédure de redressement judiciaire",
        complement:
          "Jugement d'ouverture d'une procédure de redressement judiciaire, date de cessation des paiements le " +
          `${opened.split('-').reverse().join('/')}, désignant administrateur ${designation(admin, adminFirm)} avec ` +
          `les pouvoirs : assistance, mandataire judiciaire ${designation(mj, mjFirm)}. Les créances sont à ` +
          'déclarer, dans les deux mois de la publication au BODACC, auprès du mandataire judiciaire.',
      });
    } else if (pick < 9) {
      openingId = await emit(c, {
        date: opened,
        nature: "Jugement d'ouverture de liquidation judiciaire",
        complement:
          `Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur ${designation(mj, mjFirm)}. ` +
          'Les créances sont à adresser, dans les deux mois de la publication au BODACC, au liquidateur.',
      });
    } else {
      openingId = await emit(c, {
        date: opened,
        nature: "Jugement d'ouverture d'une procédure de sauvegarde",
        complement: `Jugement d'ouverture d'une procédure de sauvegarde, désignant mandataire judiciaire ${designation(mj, mjFirm)}.`,
      });
    }
    if (seq >= count) break;
    const next = Math.floor(c / 10) % 10;
    const later = dateOf(c, 120);
    if (pick < 6 && next < 3) {
      await emit(c, {
        date: later,
        nature: 'Jugement de conversion en liquidation judiciaire',
        complement: `Jugement de conversion en liquidation judiciaire, désignant liquidateur ${designation(mj, mjFirm)}.`,
      });
    } else if (pick < 6 && next < 5) {
      await emit(c, {
        date: later,
        nature: 'Jugement arrêtant le plan de redressement',
        complement: `Jugement arrêtant le plan de redressement, durée du plan 10 ans, nommant commissaire à l'exécution du plan ${designation(admin, adminFirm)}.`,
      });
    } else if (pick >= 6 && pick < 9 && next < 3) {
      await emit(c, {
        date: later,
        nature: "Jugement de clôture pour insuffisance d'actif",
        complement:
          "Jugement prononçant la clôture de la procédure de liquidation judiciaire pour insuffisance d'actif.",
      });
    } else if (next === 9) {
      await emit(c, {
        date: dateOf(c, 20),
        nature: "Jugement d'ouverture d'une procédure de redressement judiciaire",
        type: 'rectificatif',
        target: openingId,
        complement: `Jugement d'ouverture d'une procédure de redressement judiciaire, désignant mandataire judiciaire ${designation(mj, mjFirm)}.`,
      });
    }
  }
  out.end();
  await once(out, 'finish');
}

/** The rows an import wrote, table by table in the order their references allow, as `select` conditions. */
const writtenRows = (since: number): [table: string, where: string][] => {
  const created = (kind: string) =>
    `id in (select entity_id from changes where id > ${since} and entity_kind = '${kind}' and action = 'create')`;
  return [
    ['sources', `id like 'bodacc-%'`],
    ['operators', created('operator')],
    ['mandataires', `${created('mandataire')} order by kind <> 'firm'`],
    ['proceedings', created('proceeding')],
    ['proceeding_notices', `source_id like 'bodacc-%'`],
    ['proceeding_practitioners', `source_id like 'bodacc-%'`],
    ['citations', `source_id like 'bodacc-%'`],
  ];
};

export async function measureBodacc(ctx: Context): Promise<Result[]> {
  const notices = Number(process.env.BENCH_BODACC_NOTICES ?? ctx.data.size);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-bodacc-'));
  const scratch = await cloneTemplate(ctx.data.size, 'bodacc');
  const meili = meiliClient(ctx.meili);
  const rawIndex = `plateau_bench_rawbodacc_${process.pid}`;
  const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  let rawScratch: Awaited<ReturnType<typeof cloneTemplate>> | null = null;
  try {
    const file = path.join(dir, 'annonces-commerciales.jsonl');
    await writeNotices(file, notices);
    const [last] = await sql<{ since: number }[]>`select coalesce(max(id), 0)::int as since from changes`;
    const since = last?.since ?? 0;

    const run = await runChild(
      process.execPath,
      [...(await nodeOptionsOf('import:bodacc')), ...cliCommand('import-bodacc'), file],
      { DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' },
      ctx.budgetSeconds,
    );
    if (run.finished && run.code !== 0) throw new Error(`import:bodacc exited ${run.code}: ${run.output}`);
    const rate = run.finished ? notices / (run.ms / 1000) : null;

    // Raw: the rows the import wrote, COPY'd into a fresh clone in one transaction; then their entries' documents.
    let rawRate: number | null = null;
    let rawNote = '';
    if (run.finished) {
      const tables = writtenRows(since);
      for (const [table, where] of tables) {
        // One connection each: a second COPY TO on the same postgres.js connection never ends.
        const out = postgres(scratch.url, { max: 1, onnotice: () => {} });
        try {
          const rows = await out.unsafe(`copy (select * from ${table} where ${where}) to stdout`).readable();
          await pipeline(rows, createWriteStream(path.join(dir, `${table}.copy`)));
        } finally {
          await out.end({ timeout: 5 });
        }
      }
      rawScratch = await cloneTemplate(ctx.data.size, 'bodaccraw');
      const raw = postgres(rawScratch.url, { max: 1, onnotice: () => {} });
      const copyStarted = now();
      try {
        await raw.begin(async (tx) => {
          for (const [table] of tables) {
            const copy = await tx.unsafe(`copy ${table} from stdin`).writable();
            await pipeline(createReadStream(path.join(dir, `${table}.copy`)), copy);
          }
        });
      } finally {
        await raw.end({ timeout: 5 });
      }
      const copyMs = now() - copyStarted;
      const docs = path.join(dir, 'documents.ndjson');
      // The entries created, kind by kind, their ids sent as arrays: each branch of the view keeps its own condition
      // (`id = any($n)`, on its table's key), the kinds not created are left out, and no entry of the directory is
      // computed only to be dropped by a join (at 1M, `(kind, id) in (select … from changes)` took 15 minutes).
      const created = await sql<{ kind: string; ids: string[] }[]>`
        select entity_kind as kind, array_agg(entity_id) as ids from changes
         where id > ${since} and action = 'create' group by entity_kind order by entity_kind`;
      const documents = await writeDocuments(
        scratch.url,
        docs,
        created.map((c, i) => `(kind = '${c.kind}' and id = any($${i + 1}::text[]))`).join(' or ') || 'false',
        created.map((c) => c.ids),
      );
      await meili.createIndex(rawIndex);
      const addStarted = now();
      await meili.addDocumentsFromFile(rawIndex, docs);
      const addMs = now() - addStarted;
      rawRate = notices / ((copyMs + addMs) / 1000);
      rawNote = `; raw: COPY of the rows written ${(copyMs / 1000).toFixed(1)} s + addDocuments of ${documents} documents ${(addMs / 1000).toFixed(1)} s`;
    }
    const ratio = rate === null || rawRate === null ? null : rate / rawRate;
    return [
      {
        part: 'bodacc',
        measure: `npm run import:bodacc of ${notices} notices`,
        size: ctx.data.size,
        value: rate,
        unit: 'notices/s',
        raw: rawRate,
        ratio,
        target: '≥ 0.7×',
        met: run.finished ? judge(ratio, 0.7, 'min') : false,
        // The CLI's CPU per notice: what a loaded machine does not blur, to compare sizes (flat: no step grows faster
        // than the file).
        note: `${
          run.finished
            ? `${(run.ms / 1000).toFixed(1)} s${rawNote}`
            : `not finished in ${ctx.budgetSeconds} s: < ${(notices / ctx.budgetSeconds).toFixed(0)} notices/s`
        }${
          run.cpuMs === null
            ? ''
            : run.finished
              ? `; the CLI's CPU ${(run.cpuMs / 1000).toFixed(1)} s, ${(run.cpuMs / notices).toFixed(2)} ms a notice`
              : `; the CLI's CPU until stopped ${(run.cpuMs / 1000).toFixed(1)} s`
        }`,
      },
      {
        part: 'bodacc',
        measure: 'import:bodacc peak RSS',
        size: ctx.data.size,
        value: run.peakMiB,
        unit: 'MiB',
        raw: null,
        ratio: null,
        target: notices >= 1e6 ? '≤ 400 MiB' : null,
        met: notices >= 1e6 && run.peakMiB !== null ? run.peakMiB <= 400 && run.finished : null,
        ...(run.finished ? {} : { note: 'until stopped' }),
      },
    ];
  } finally {
    await sql.end({ timeout: 5 });
    await meili.deleteIndex(rawIndex).catch(() => {});
    await meili.close();
    await rawScratch?.drop();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
