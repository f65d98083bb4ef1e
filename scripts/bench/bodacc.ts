// `npm run import:bodacc` of a generated BODACC export (BENCH_BODACC_NOTICES notices, the size by default; each a
// company's opening of redressement judiciaire naming an administrateur and a mandataire judiciaire from a pool of
// 400 practitioners, one in ten followed by a conversion into liquidation) into a clone of the template, against
// `COPY` of the same notices into `proceeding_notices`. Notices per second, and the CLI's peak RSS (VmHWM).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type Context, cliCommand, judge, now, type Result, runChild } from './common.js';
import { cloneTemplate } from './synthetic.js';

/** A SIREN with its check digit (Luhn), from eight digits. */
function siren(n: number): string {
  const base = String(100_000_000 + n).slice(1, 9);
  for (let d = 0; d < 10; d++) {
    const s = `${base}${d}`;
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

const firstNames = ['Claire', 'Hervé', 'Sandrine', 'Marc', 'Julie', 'Thierry', 'Nadia', 'Romain', 'Pascale', 'Yann'];
const lastNames = ['Fontanel', 'Brèche', 'Molinié', 'Olivetti', 'Sabatier', 'Barral', 'Ferhat', 'Chabert', 'Guérin'];
const person = (i: number) =>
  `${firstNames[i % firstNames.length]} ${lastNames[Math.floor(i / firstNames.length) % lastNames.length]}${i >= 90 ? `-${Math.floor(i / 90)}` : ''}`;

/** One notice of the export, as its JSON-lines file holds it. */
function notice(n: number, id: string, date: string, nature: string, complement: string, companyName: string) {
  const s = siren(n);
  return JSON.stringify({
    id,
    publicationavis: 'A',
    parution: id.slice(1, 9),
    dateparution: date,
    numeroannonce: id.slice(9),
    typeavis: 'annonce',
    familleavis: 'collective',
    familleavis_lib: 'Procédures collectives',
    tribunal: `GREFFE DU TRIBUNAL DE COMMERCE DE VILLE${n % 120}`,
    registre: [s],
    listepersonnes: JSON.stringify({
      personne: { typePersonne: 'pm', denomination: companyName, numeroImmatriculation: { numeroIdentification: s } },
    }),
    jugement: JSON.stringify({ type: 'initial', famille: 'Jugement', nature, date, complementJugement: complement }),
  });
}

export async function measureBodacc(ctx: Context): Promise<Result[]> {
  const notices = Number(process.env.BENCH_BODACC_NOTICES ?? ctx.data.size);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bench-bodacc-'));
  const scratch = await cloneTemplate(ctx.data.size, 'bodacc');
  const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    const file = path.join(dir, 'annonces-commerciales.jsonl');
    const out = createWriteStream(file);
    let written = 0;
    for (let n = 0; written < notices; n++) {
      const admin = person(n % 400);
      const mj = person((n * 7 + 3) % 400);
      const company = `BENCH APPELS ${n}`;
      const opening =
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant administrateur SELARL AJ " +
        `${n % 50} prise en la personne de Me ${admin} 3 rue du Palais 69002 Lyon avec les pouvoirs : assistance, ` +
        `mandataire judiciaire SELARL MJ ${n % 60} prise en la personne de Me ${mj} 4/6, rue Esquermoise 59800 Lille.`;
      const line = notice(
        n,
        `A2024${String(n % 9999).padStart(4, '0')}${String(n).padStart(7, '0')}`,
        '2024-03-12',
        "Jugement d'ouverture d'une procédure de redressement judiciaire",
        opening,
        company,
      );
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      written++;
      if (n % 10 === 9 && written < notices) {
        const conversion = `Jugement de conversion en liquidation judiciaire, désignant liquidateur SELARL MJ ${n % 60} prise en la personne de Me ${mj} 4/6, rue Esquermoise 59800 Lille.`;
        const id = `A2025${String(n % 9999).padStart(4, '0')}${String(n).padStart(7, '0')}`;
        const next = notice(
          n,
          id,
          '2024-09-03',
          'Jugement de conversion en liquidation judiciaire',
          conversion,
          company,
        );
        if (!out.write(`${next}\n`)) await once(out, 'drain');
        written++;
      }
    }
    out.end();
    await once(out, 'finish');

    // Raw: the same notices COPY'd as rows of proceeding_notices (no proceeding, operator or practitioner built).
    const copyStarted = now();
    await sql
      .begin(async (tx) => {
        await tx`insert into sources (id, title, url) values ('bench-bodacc', 'bench', 'https://example.org/bench')`;
        const copy = await tx`copy proceeding_notices (id, siren, publication, parution, number, published_on,
        notice_type, effect, url, source_id, complement) from stdin`.writable();
        const lines: string[] = [];
        for (let n = 0; n < notices; n++) {
          lines.push(
            [
              `B${n}`,
              siren(n),
              'A',
              '20240001',
              String(n),
              '2024-03-12',
              'annonce',
              'status',
              'https://x',
              'bench-bodacc',
              'x'.repeat(320),
            ].join('\t'),
          );
          if (lines.length === 5000 || n === notices - 1) {
            if (!copy.write(`${lines.join('\n')}\n`)) await once(copy, 'drain');
            lines.length = 0;
          }
        }
        copy.end();
        await once(copy, 'finish');
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
    const copyMs = now() - copyStarted;
    const rawRate = notices / (copyMs / 1000);

    const run = await runChild(
      process.execPath,
      [...cliCommand('import-bodacc'), file],
      { DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' },
      ctx.budgetSeconds,
    );
    if (run.finished && run.code !== 0) throw new Error(`import:bodacc exited ${run.code}: ${run.output}`);
    const rate = run.finished ? notices / (run.ms / 1000) : null;
    const ratio = rate === null ? null : rate / rawRate;
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
        note: run.finished
          ? `${(run.ms / 1000).toFixed(1)} s; raw: COPY of the notices ${(copyMs / 1000).toFixed(1)} s`
          : `not finished in ${ctx.budgetSeconds} s`,
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
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
