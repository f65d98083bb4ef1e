// Memory that does not grow with the GOOD rows of an open-data file either (issues 9 and 11): the lists of a report
// that grow with the file (persons left out, notices naming no company, firms withheld…) are each told as found
// (`onListed`; the CLIs print them on stderr), counted in the summary (`listed`), and only the first
// `keptRejections` (100) kept, through the one mechanism of src/import/rejections.ts (`ReportLists`). The figures of
// memory are measured by scripts/bench/import-memory.ts (`BENCH_CASES=bodacc-persons`), not here.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { keptRejections } from '../../src/import/rejections.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { sirenOf, siretOf } from '../setup/sirene.js';

let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bounded-lists-'));
});

const actor = { keyId: null, name: 'bounded lists test' };
/** The lines from `first` on, `count` of them. */
const lines = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

describe('import:bodacc, 250 good notices each naming one person without a SIREN', () => {
  const count = 250;
  const id = (n: number) => `A2025${String(n).padStart(8, '0')}`;
  const cell = (v: unknown) => `"${JSON.stringify(v).replaceAll('"', '""')}"`;
  let file: string;
  beforeAll(async () => {
    const jugement = cell({
      type: 'initial',
      famille: "Jugement d'ouverture",
      nature: "Jugement d'ouverture d'une procédure de liquidation judiciaire",
      date: '2025-07-01',
      complementJugement: "Jugement d'ouverture d'une procédure de liquidation judiciaire.",
    });
    const rows = lines(0, count).map(
      (n) =>
        `${id(n)};A;20250130;2025-07-10;${n};annonce;collective;TRIBUNAL DE COMMERCE DE LILLE;;` +
        `${cell({ personne: { typePersonne: 'pp', nom: `DURAND ${n}`, prenom: 'Jean' } })};${jugement};;` +
        `https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:${id(n)}`,
    );
    file = path.join(dir, 'bodacc-persons.csv');
    await writeFile(
      file,
      `${[
        'id;publicationavis;parution;dateparution;numeroannonce;typeavis;familleavis;tribunal;registre;listepersonnes;jugement;parutionavisprecedent;url_complete',
        ...rows,
      ].join('\n')}\n`,
    );
  });

  it('tells each person left out and each notice naming no company as found, counts them, keeps the first 100', async () => {
    const told: { list: string; line: number }[] = [];
    const report = await importBodacc(db, {
      file,
      actor,
      dryRun: true,
      onListed: ({ list, item }) => void told.push({ list, line: item.line! }),
    });
    expect(report.file.rejectedRows).toBe(0);
    expect(report.file.personsWithoutSiren).toBe(count);
    expect(report.notices.withoutCompany).toBe(count);
    expect(report.listed.personsLeftOut).toBe(count);
    expect(report.listed.noticesWithoutCompany).toBe(count);
    expect(told.filter((t) => t.list === 'personsLeftOut').map((t) => t.line)).toEqual(lines(2, count));
    expect(told.filter((t) => t.list === 'noticesWithoutCompany').map((t) => t.line)).toEqual(lines(2, count));
    expect(told).toHaveLength(2 * count);
    expect(report.file.personsLeftOut).toHaveLength(keptRejections);
    expect(report.file.personsLeftOut[0]).toEqual({
      line: 2,
      notice: id(0),
      field: 'listepersonnes.personne.0',
      reason: expect.any(String),
    });
    expect(report.file.personsLeftOut.map((p) => p.line)).toEqual(lines(2, keptRejections));
    expect(report.noticesWithoutCompany.map((n) => n.line)).toEqual(lines(2, keptRejections));
  }, 120_000);

  it('prints each of them on stderr as found, the summary on stdout', () => {
    const run = runCli('import-bodacc.ts', [file, '--dry-run'], { DATABASE_URL: databaseUrl }, 64e6);
    const said = run.stderr.split('\n').filter(Boolean);
    expect(said).toHaveLength(2 * count);
    expect(said.filter((l) => l.includes(': person left out: '))).toHaveLength(count);
    expect(said.filter((l) => l.endsWith('names no company with a valid SIREN (only its source kept)'))).toEqual(
      lines(0, count).map(
        (n) => `line ${n + 2}: ${id(n)}: listepersonnes: names no company with a valid SIREN (only its source kept)`,
      ),
    );
    expect(run.stdout).not.toMatch(/^line /m);
    expect(run.stdout).toContain(
      `rows: ${count} — ${count} notices of procédures collectives, 0 of other families skipped, ${count} persons without a SIREN left out\n`,
    );
    expect(run.stdout).toContain(`, ${count} naming no company (only their source kept)`);
    expect(run.status).toBe(0);
  }, 120_000);
});

describe('import:practitioners, 150 firms Sirene says are not to be published', () => {
  const count = 150;
  let file: string;
  const siret = (n: number) => siretOf(sirenOf(String(91_400_000 + n)), '0001');
  beforeAll(async () => {
    const header = (await readFile('templates/practitioners.csv', 'utf8')).split('\n')[0]!;
    const rows = lines(0, count).map(
      (n) => `Nom${n};Jean;MJ;https://www.cnajmj.fr/annuaire/;2026-11-02;Étude ${n};SELARL;${siret(n)};;;Rouen;;;;;;;`,
    );
    file = path.join(dir, 'practitioners-withheld.csv');
    await writeFile(file, `${[header, ...rows].join('\n')}\n`);
    await db.execute(
      sql`insert into sirene_non_diffusible (id) select unnest(${sql.param(lines(0, count).map(siret))}::text[])`,
    );
  });

  it('tells each firm withheld as found, counts them, keeps the first 100', async () => {
    const told: number[] = [];
    const report = await importPractitioners(db, {
      file,
      actor,
      dryRun: true,
      onListed: ({ list, item }) => void (list === 'nonDiffusibleFirms' && told.push(item.line)),
    });
    expect(report.rejectedRows).toBe(0);
    expect(report.firms.created).toBe(count);
    expect(told).toEqual(lines(2, count));
    expect(report.listed).toEqual({ nonDiffusibleFirms: count, uncertain: 0 });
    expect(report.nonDiffusibleFirms).toHaveLength(keptRejections);
    expect(report.nonDiffusibleFirms[0]).toEqual({ line: 2, firm: 'SELARL Étude 0', identifier: `SIRET ${siret(0)}` });
    expect(report.nonDiffusibleFirms.map((f) => f.line)).toEqual(lines(2, keptRejections));
  }, 120_000);

  it('prints each on stderr as found, the count on stdout', () => {
    const run = runCli('import-practitioners.ts', [file, '--dry-run'], { DATABASE_URL: databaseUrl }, 64e6);
    const said = run.stderr.split('\n').filter(Boolean);
    expect(said).toEqual(
      lines(0, count).map(
        (n) =>
          `line ${n + 2}: firm withheld: SELARL Étude ${n}: SIRET ${siret(n)} is non-diffusible in Sirene (statutDiffusion P)`,
      ),
    );
    expect(run.stdout).toBe(
      `rows: ${count}\npractitioners: ${count} created, 0 updated, 0 unchanged\n` +
        `firms: ${count} created, 0 updated, 0 unchanged; ${count} of them withheld (Sirene says their SIRET is not to be published)\n` +
        '(dry run: nothing applied)\n',
    );
    expect(run.status).toBe(0);
  }, 120_000);
});
