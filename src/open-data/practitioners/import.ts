// The practitioners' own list: no open list of administrateurs and mandataires judiciaires is published, so a
// user fills a CSV from the profession's directory (templates/practitioners.csv, one row per practitioner) and
// `npm run import:practitioners` writes it through the one write path. Every row is checked first (a cell for each
// column, every cell free of NUL and not too long, then the API's rules: commune, postal code, phone, e-mail,
// website, SIRET check digit); any bad row and nothing is applied. An empty cell changes nothing. Text damaged
// before the file was saved (UTF-8 read as Windows-1252: « ZoÃ© LefÃ¨bvre ») is repaired as BODACC's is.
// A practitioner is matched by name like the BODACC import does (bodacc/matching.ts: words folded; firm, city with
// the offices, and profession only to tell namesakes apart; a name that only partly matches is reported, not
// guessed; the one entry of the name whose firm, city or profession contradicts the row's on two counts, « Jean
// Dupont » made by a notice naming him liquidateur at Lyon against « DUPONT Jean », AJ at Lille, is reported and the
// row applies nothing: merging them would give one person the other's proceedings); the firm (structure and its
// legal form) by its name. Two rows naming one practitioner (the same entry, or the same one to create), whatever
// their firms: the later refused with the line of the first (« this practitioner already appears at line 2 »), or
// reported uncertain when matching says it may be someone else. Each row cites its source: the page read (source_url) on the date of reading
// (date_releve), the quote being the row's cells as read. A row with any doubt (its firm or its practitioner) applies
// nothing, not even its firm. A reading older than the one that gave a known practitioner's facts is refused (an
// older reading would undo the newer one's facts); a newer reading's changes take the fields it changed from the
// older readings' citations (`supersedeCitations`). A firm's SIRET another entry holds (a site, another firm), or
// the file gives to two firms, or two SIRETs given to one firm: the row refused with its line and the holder
// (`firmSiretRefusals`), as the API and `npm run import` refuse it; nothing applied.

import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CitationInput } from '../../citations/input.js';
import type { Db } from '../../db/client.js';
import { dateExists, isToCome, yearMeant } from '../../domain/fields.js';
import { frenchDate } from '../../domain/french-months.js';
import { identifierRefusal } from '../../domain/identifiers.js';
import { issueInWords } from '../../domain/issues.js';
import { firmFormNamed, firmForms } from '../../domain/legal-forms.js';
import type { PlaceField } from '../../domain/place-input.js';
import {
  firmFormsDisagree,
  firmNameOf,
  practitionerColumns,
  practitionerNameOf,
  quotedColumns,
} from '../../domain/practitioners-row.js';
import { readingSourcePrefix } from '../../domain/vocabulary.js';
import { importCommitted } from '../../import/committed.js';
import { shadowDirectory } from '../../import/dry-run.js';
import { repairedCell } from '../../import/encoding.js';
import { identifierRefusals } from '../../import/importer.js';
import { csvLayout, ImportFileError, readRows } from '../../import/read.js';
import { type Listed, Rejections, ReportLists } from '../../import/rejections.js';
import { mandataireKind } from '../../modules/mandataires/kind.js';
import { mandataireWrites } from '../../modules/mandataires/writes.js';
import type { WriteOp } from '../../writes/envelope.js';
import { reserveIds } from '../../writes/ids.js';
import type { Actor, WriteContext } from '../../writes/transaction.js';
import { setWithheld } from '../../writes/withhold.js';
import { type KnownMandataire, MandataireIndex, type Match, withRealIds } from '../bodacc/matching.js';
import type { Profession } from '../bodacc/practitioners.js';
import { nameWords } from '../bodacc/text.js';
import { applyAll, createInput, lastRecorded, supersedeCitations } from '../writes.js';

const requiredColumns = practitionerColumns.slice(0, 5);
/**
 * The longest each cell may be, in characters, checked before anything else (so that no message repeats a huge
 * cell): 300 (the longest name, firm or address the API takes), the page's address 2,000, the offices (up to 50
 * of 300, separated by `|`) 5,000, the longest quote a citation holds, which the row's cells together make.
 */
const cellMax: Partial<Record<(typeof practitionerColumns)[number], number>> = {
  source_url: 2000,
  bureaux_annexes: 5000,
};
const quoteMax = 5000;

export interface PractitionerRowError {
  line: number;
  errors: { field: string; message: string }[];
}

export interface PractitionersReport {
  rows: number;
  /** How many rows were refused (each handed to `onRejected` as it was found). */
  rejectedRows: number;
  /**
   * The first rows refused (at most `keptRejections`, 100: those found first), in the order of lines: a file of many
   * bad rows is not held in memory.
   */
  rejected: PractitionerRowError[];
  practitioners: { created: number; updated: number; unchanged: number };
  firms: { created: number; updated: number; unchanged: number };
  /**
   * The firms of the file whose SIRET (or its SIREN) Sirene says is not to be published (`sirene_non_diffusible`,
   * statutDiffusion P): withheld as Sirene's sites and operators are (written, then shown by no public read; their
   * members show no firm), or left withheld; counted among the firms above too. Each with the first line naming it.
   */
  nonDiffusibleFirms: { line: number; firm: string; identifier: string }[];
  /** Rows not applied: their practitioner may be an entry whose name only partly matches, or one of namesakes. */
  uncertain: { line: number; name: string; reason: string }[];
  /**
   * How many items each list that grows with the file was given (`PractitionersListed`: each told to `onListed` as
   * found); the list itself keeps the first `keptRejections` (100), in the order found.
   */
  listed: { [K in keyof PractitionersListed]: number };
  applied: boolean;
}

/** The report's lists that grow with the file, by name: what each item of them is (`onListed`, `listed`). */
export interface PractitionersListed {
  nonDiffusibleFirms: PractitionersReport['nonDiffusibleFirms'][number];
  uncertain: PractitionersReport['uncertain'][number];
}

interface CheckedRow {
  line: number;
  name: string;
  firm: { name: string; siret: string | null } | null;
  person: Record<string, unknown>;
  source: RowSource;
  quote: string;
}

/** The page a row was read from: its address, the date of reading, and who publishes it under which licence when the row says. */
interface RowSource {
  id: string;
  url: string;
  date: string;
  publisher: string | null;
  licence: string | null;
}

class DryRunRollback extends Error {}

/**
 * A cell's text in NFC, null when empty: `record` holds each cell trimmed and its mojibake repaired already (« ZoÃ© » →
 * « Zoé », as BODACC's text; `repairedCell`, once, where the row's cells are checked).
 */
const cell = (record: Record<string, unknown>, column: string) => {
  const value = record[column];
  return typeof value === 'string' && value.trim() ? value.normalize('NFC') : null;
};

/**
 * The source of a row: the page read, on the day it was read (one per URL and date), with its publisher and licence
 * as the row gives them (`editeur_source`, `licence_source`; null when it does not: never guessed).
 */
function sourceOf(url: string, date: string, publisher: string | null, licence: string | null): RowSource {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const hash = createHash('sha256').update(`${url}|${date}`).digest('hex').slice(0, 8);
  return {
    id: `${readingSourcePrefix}${host.replace(/[^a-z0-9]+/g, '-')}-${date}-${hash}`,
    url,
    date,
    publisher,
    licence,
  };
}

/** The date of reading of a practitioners' list source (`sourceOf`'s id), or null for another source. */
function readingDateOf(sourceId: string): string | null {
  if (!sourceId.startsWith(readingSourcePrefix)) return null;
  return /-(\d{4}-\d{2}-\d{2})-[0-9a-f]{8}$/.exec(sourceId)?.[1] ?? null;
}

/**
 * The rows naming a known practitioner some of whose facts the row gives were read later (a citation of a list
 * read after the row's `date_releve`): each an error of its `date_releve`, naming the newer reading and its facts.
 */
async function olderReadings(db: Db, matched: { row: CheckedRow; person: Match }[]): Promise<PractitionerRowError[]> {
  const known = matched.filter((m) => m.person.status === 'known' && !m.person.id.startsWith('new:'));
  if (!known.length) return [];
  const ids = known.map((m) => (m.person as { id: string }).id);
  const citations = await db.execute<{ mandataire_id: string; source_id: string; fields: string[] }>(sql`
    select mandataire_id, source_id, fields from citations
     where mandataire_id = any(${sql.param(ids)}) and source_id like ${`${readingSourcePrefix}%`}`);
  const errors: PractitionerRowError[] = [];
  for (const { row, person } of known) {
    const id = (person as { id: string }).id;
    const given = new Set(Object.keys(row.person));
    const newer = citations
      .filter((c) => c.mandataire_id === id && (readingDateOf(c.source_id) ?? '') > row.source.date)
      .map((c) => ({ date: readingDateOf(c.source_id)!, fields: c.fields.filter((f) => given.has(f)) }))
      .filter((c) => c.fields.length)
      .sort((a, b) => (a.date < b.date ? 1 : -1));
    if (!newer.length) continue;
    const fields = [...new Set(newer.flatMap((c) => c.fields))].map(fieldOf).join(', ');
    const message = `${row.source.date} is older than the reading of ${newer[0]!.date} that gave ${row.name}'s ${fields}: an older reading would undo the newer one's facts`;
    errors.push({ line: row.line, errors: [{ field: 'date_releve', message }] });
  }
  return errors;
}

/**
 * The rows whose firm's SIRET (`siret_structure`) cannot be that firm's, as the API's writes and `npm run import`'s
 * check refuse it (`identifierRefusals`): held by another entry the public may see (a site, another firm: named by
 * kind and id), or given in the file to another firm, or another SIRET given to the same firm (each named by the
 * line of the row that gave it first). Each an error of its row's `siret_structure`; one look-up for the file.
 */
async function firmSiretRefusals(
  db: Db,
  matched: { row: CheckedRow; firm: string | null }[],
): Promise<PractitionerRowError[]> {
  const errors: PractitionerRowError[] = [];
  const refuse = (line: number, message: string) =>
    errors.push({ line, errors: [{ field: 'siret_structure', message }] });
  const firstOfSiret = new Map<string, { firm: string; name: string; line: number }>();
  const firstOfFirm = new Map<string, { siret: string; line: number }>();
  // The first row giving a firm its SIRET writes it (`apply`): its SIRET is checked against the stored entries.
  const writing: { row: CheckedRow; id: string; siret: string }[] = [];
  for (const { row, firm } of matched) {
    const siret = row.firm?.siret;
    if (!firm || !siret) continue;
    const other = firstOfSiret.get(siret);
    const earlier = firstOfFirm.get(firm);
    if (other && other.firm !== firm) {
      refuse(row.line, `${siret} is already the SIRET of the firm '${other.name}' at line ${other.line}`);
    } else if (earlier && earlier.siret !== siret) {
      refuse(row.line, `the firm '${row.firm!.name}' is given the SIRET ${earlier.siret} at line ${earlier.line}`);
    } else if (!earlier) {
      firstOfSiret.set(siret, { firm, name: row.firm!.name, line: row.line });
      firstOfFirm.set(firm, { siret, line: row.line });
      writing.push({ row, id: firm, siret });
    }
  }
  const held = await identifierRefusals(
    db,
    mandataireKind,
    writing.map(({ id, siret }) => ({ id, siret })),
  );
  for (const [n, { row }] of writing.entries()) for (const e of held[n]!) refuse(row.line, e.message);
  return errors;
}

/**
 * Whether Sirene says a SIRET is not to be published (`sirene_non_diffusible`, kept by the Sirene import): the
 * identifier it says so of (`SIRET …`, or `SIREN …` of its legal unit), else null. One read of the table.
 */
async function nonDiffusibleIdentifiers(db: Db): Promise<(siret: string) => string | null> {
  const ids = new Set((await db.execute<{ id: string }>(sql`select id from sirene_non_diffusible`)).map((r) => r.id));
  return (siret) =>
    ids.has(siret) ? `SIRET ${siret}` : ids.has(siret.slice(0, 9)) ? `SIREN ${siret.slice(0, 9)}` : null;
}

/** Rows' errors by line, in the file's order, one entry per line (its errors in the order found). */
function byLine(rows: PractitionerRowError[]): PractitionerRowError[] {
  const lines = new Map<number, PractitionerRowError>();
  for (const { line, errors } of rows) {
    const seen = lines.get(line);
    if (seen) seen.errors.push(...errors);
    else lines.set(line, { line, errors: [...errors] });
  }
  return [...lines.values()].sort((a, b) => a.line - b.line);
}

/**
 * Imports a practitioners' CSV (templates/practitioners.csv). Throws ImportFileError for a file without the
 * required columns or with a column the template does not have. `onRejected` is told each row refused as soon as it
 * is found, awaited before the next: those the row checks refuse in the order of the file, then those the file's
 * checks refuse (a firm's SIRET, an older reading) in the order of lines; the report keeps their count and the first
 * few, so that memory does not grow with their number. `onListed` is told so each item of the report's other lists
 * (`PractitionersListed`: the firms withheld, the rows uncertain), once the rows are matched, when none is refused.
 */
export async function importPractitioners(
  db: Db,
  options: {
    file: string;
    dryRun?: boolean;
    actor: Actor;
    onRejected?: (row: PractitionerRowError) => void | Promise<void>;
    onListed?: (listed: Listed<PractitionersListed>) => void | Promise<void>;
  },
): Promise<PractitionersReport> {
  const layout = await csvLayout(options.file);
  const missing = requiredColumns.filter((c) => !layout.columns.includes(c));
  if (missing.length)
    throw new ImportFileError(`${options.file}: line 1 lacks the column(s) ${missing.map((c) => `'${c}'`).join(', ')}`);
  const unknown = layout.columns.filter((c) => !(practitionerColumns as readonly string[]).includes(c));
  if (unknown.length) {
    throw new ImportFileError(
      `${options.file}: line 1 names column(s) the template does not have: ${unknown.map((c) => `'${c}'`).join(', ')} ` +
        `(columns: ${practitionerColumns.join(', ')})`,
    );
  }
  const report: PractitionersReport = {
    rows: 0,
    rejectedRows: 0,
    rejected: [],
    practitioners: { created: 0, updated: 0, unchanged: 0 },
    firms: { created: 0, updated: 0, unchanged: 0 },
    nonDiffusibleFirms: [],
    uncertain: [],
    listed: { nonDiffusibleFirms: 0, uncertain: 0 },
    applied: false,
  };
  const rejected = new Rejections<PractitionerRowError>(options.onRejected);
  const lists = new ReportLists<PractitionersListed>(['nonDiffusibleFirms', 'uncertain'], options.onListed);
  const checked: CheckedRow[] = [];
  // A row cut short is refused: its missing cells would read as empty, and an empty list of offices erases.
  for await (const row of readRows(options.file, 'csv', { layout })) {
    report.rows++;
    if (!row.record) {
      await rejected.add({ line: row.line, errors: [{ field: 'row', message: row.error ?? 'cannot be read' }] });
      continue;
    }
    const errors: { field: string; message: string }[] = [];
    // Every cell first: a cell refused here is left out (empty) of the checks below.
    const r = { ...row.record };
    const refused = new Set<string>();
    for (const column of layout.columns) {
      const value = r[column];
      if (typeof value !== 'string') continue;
      const max = cellMax[column as keyof typeof cellMax] ?? 300;
      const { text, refusal } = repairedCell(value.trim(), max);
      r[column] = text;
      if (!refusal) continue;
      errors.push({ field: column, message: refusal });
      refused.add(column);
      r[column] = null;
    }
    const nom = cell(r, 'nom');
    const prenom = cell(r, 'prenom');
    if (!nom && !refused.has('nom')) errors.push({ field: 'nom', message: 'is required' });
    if (!prenom && !refused.has('prenom')) errors.push({ field: 'prenom', message: 'is required' });
    const professionWritten = cell(r, 'profession')?.toUpperCase() ?? '';
    const profession =
      professionWritten === 'AJ'
        ? 'administrateur_judiciaire'
        : professionWritten === 'MJ'
          ? 'mandataire_judiciaire'
          : null;
    if (!profession && !refused.has('profession')) errors.push({ field: 'profession', message: 'must be AJ or MJ' });
    const url = cell(r, 'source_url');
    if ((!url && !refused.has('source_url')) || (url && !/^https?:\/\/[^\s/]+\S*$/.test(url)))
      errors.push({ field: 'source_url', message: 'must be the http(s) address of the page read' });
    const date = cell(r, 'date_releve');
    if (refused.has('date_releve')) {
      // Already told: a NUL or too long.
    } else if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !dateExists(date)) {
      errors.push({ field: 'date_releve', message: 'must be the date of reading, YYYY-MM-DD' });
    } else if (!yearMeant(Number(date.slice(0, 4)))) {
      errors.push({ field: 'date_releve', message: `${date} is not a date: a year no one meant (from 1900 on)` });
    } else if (isToCome(date)) {
      errors.push({ field: 'date_releve', message: 'is in the future' });
    }
    const structure = cell(r, 'structure');
    const form = cell(r, 'forme_juridique');
    if (form && !firmFormNamed(form))
      errors.push({ field: 'forme_juridique', message: `must be one of ${firmForms.join(', ')}` });
    const disagreeing = form && structure ? firmFormsDisagree(structure, form) : null;
    if (disagreeing) errors.push({ field: 'forme_juridique', message: disagreeing });
    if (form && !structure && !refused.has('structure'))
      errors.push({ field: 'structure', message: 'is required with forme_juridique' });
    const siret = cell(r, 'siret_structure')?.replace(/\s/g, '') ?? null;
    if (siret && (!/^\d{14}$/.test(siret) || identifierRefusal(siret, 'SIRET'))) {
      // A SIRET of zeros is said so (`identifierRefusal`); a wrong length or check digit in this file's words.
      const message = siret.startsWith('000000000')
        ? identifierRefusal(siret, 'SIRET')!
        : `${siret} is not a valid SIRET (14 digits, check digit)`;
      errors.push({ field: 'siret_structure', message });
    }
    if (siret && !structure && !refused.has('structure'))
      errors.push({ field: 'structure', message: 'is required with siret_structure' });
    const firmName = structure ? firmNameOf(structure, form) : null;
    const offices = cell(r, 'bureaux_annexes');
    const person = {
      name: practitionerNameOf(prenom ?? '', nom ?? ''),
      kind: 'practitioner',
      profession,
      address: cell(r, 'adresse'),
      code_postal: cell(r, 'code_postal'),
      commune: cell(r, 'commune'),
      court_of_appeal: cell(r, 'cour_d_appel'),
      phone: cell(r, 'telephone'),
      email: cell(r, 'email'),
      website: cell(r, 'site'),
      // An empty cell tells nothing, as in the other columns: the offices already known are kept.
      ...(offices
        ? {
            secondary_offices: offices
              .split('|')
              .map((s) => s.trim())
              .filter(Boolean),
          }
        : {}),
    };
    errors.push(...(await bodyErrors(db, person)));
    if (firmName) {
      const firm = mandataireWrites.createBody.safeParse({ name: firmName, kind: 'firm' }, { error: issueInWords });
      if (!firm.success)
        for (const issue of firm.error.issues) errors.push({ field: 'structure', message: issue.message });
    }
    const quote = quotedColumns
      .map((c) => cell(r, c))
      .filter((v) => v !== null)
      .join(' ; ');
    if (quote.length > quoteMax) {
      const message = `its cells make a quote of ${quote.length} characters, longer than the ${quoteMax} a citation holds`;
      errors.push({ field: 'row', message });
    }
    if (errors.length) {
      await rejected.add({ line: row.line, errors });
      continue;
    }
    checked.push({
      line: row.line,
      name: person.name,
      firm: firmName ? { name: firmName, siret } : null,
      person: Object.fromEntries(Object.entries(person).filter(([, v]) => v !== null)),
      source: sourceOf(url!, date!, cell(r, 'editeur_source'), cell(r, 'licence_source')),
      quote,
    });
  }
  // Rows refused above are left out of the file's checks (a firm's SIRET, an older reading), which still run on the
  // others, inside a transaction rolled back: every bad row is reported at once.
  try {
    await db.transaction(async (txDb) => {
      const tx = txDb as unknown as Db;
      // A dry run applies on a copy of the directory (import/dry-run.ts): no row of it locked nor written.
      if (options.dryRun) await shadowDirectory(tx);
      await apply(tx, { db: tx, actor: options.actor, withholdsNonDiffusible: true }, checked, report, rejected, lists);
      // A row refused once matched (an older reading): nothing applied.
      if (options.dryRun || rejected.count) throw new DryRunRollback();
    });
    report.applied = !options.dryRun && !rejected.count;
    if (report.applied) importCommitted();
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  report.rejectedRows = rejected.count;
  report.rejected = rejected.first();
  report.nonDiffusibleFirms = lists.first('nonDiffusibleFirms');
  report.uncertain = lists.first('uncertain');
  report.listed = lists.counts();
  return report;
}

/** The place fields the list's columns give (`adresse`, `code_postal`, `commune`): what a refusal may advise. */
const listPlaceFields: readonly PlaceField[] = ['address', 'code_postal', 'commune'];

/**
 * The API's rules on a row's body (e-mail, website) and against the reference data (commune, postal code, phone),
 * every error of the row at once: the fields the body refuses are left out (null) of the reference checks, which
 * still run on the others.
 */
async function bodyErrors(db: Db, person: Record<string, unknown>): Promise<{ field: string; message: string }[]> {
  const errors: { field: string; message: string }[] = [];
  let parsed = mandataireWrites.createBody.safeParse(person, { error: issueInWords });
  if (!parsed.success) {
    const refused = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
    for (const issue of parsed.error.issues) {
      if (issue.path[0] !== 'name') errors.push({ field: fieldOf(String(issue.path[0])), message: issue.message });
      else if (issue.code === 'too_big')
        errors.push({ field: 'nom', message: `with prenom, makes a name longer than ${issue.maximum} characters` });
    }
    // A missing name is already told by `nom` and `prenom`; the rest is checked under a stand-in.
    const rest = Object.fromEntries(
      Object.entries(person).map(([k, v]) => [k, refused.has(k) ? (k === 'name' ? '?' : null) : v]),
    );
    parsed = mandataireWrites.createBody.safeParse(rest);
    if (!parsed.success) return errors;
  }
  for (const e of await mandataireWrites.check(db, parsed.data as never, undefined, undefined, listPlaceFields))
    errors.push({ field: fieldOf(e.name), message: e.message });
  return errors;
}

/** The template's column for a field of the body (an element's, `secondary_offices.1`: its column's). */
function fieldOf(path: string): string {
  const name = path.replace(/\.\d+$/, '');
  const columns: Record<string, string> = {
    name: 'nom',
    address: 'adresse',
    phone: 'telephone',
    website: 'site',
    court_of_appeal: 'cour_d_appel',
    secondary_offices: 'bureaux_annexes',
  };
  return columns[name] ?? name;
}

async function apply(
  db: Db,
  ctx: WriteContext,
  rows: CheckedRow[],
  report: PractitionersReport,
  rejected: Rejections<PractitionerRowError>,
  lists: ReportLists<PractitionersListed>,
) {
  // A page's publisher and licence: the first row of that page and date to give each.
  const bySource = new Map<string, RowSource>();
  for (const { source } of rows) {
    const seen = bySource.get(source.id);
    if (!seen) bySource.set(source.id, { ...source });
    else {
      seen.publisher ??= source.publisher;
      seen.licence ??= source.licence;
    }
  }
  const sources = [...bySource.values()].map((s) => ({
    id: s.id,
    title: `Annuaire des administrateurs et mandataires judiciaires (${new URL(s.url).hostname}), relevé du ${frenchDate(s.date)}`,
    outlet: new URL(s.url).hostname.replace(/^www\./, ''),
    publisher: s.publisher,
    licence: s.licence,
    url: s.url,
    notes: `Relevé du ${frenchDate(s.date)} (npm run import:practitioners)`,
  }));
  const known = await db.execute<KnownMandataire>(
    sql`select id, name, kind, firm_id, commune, secondary_offices, profession from mandataires`,
  );
  const index = new MandataireIndex([...known]);
  const knownNames = new Map(known.map((m) => [m.id, m.name]));
  const cite = (r: CheckedRow, fields: string[]): CitationInput[] => [{ source: r.source.id, quote: r.quote, fields }];

  // Who each row names, decided before anything is written: a row with any doubt (its firm or its practitioner) is
  // reported and applies nothing, neither firm nor practitioner. Entries to create are matched under placeholders.
  const firmMatch = new Map<string, Match>();
  const matched: { row: CheckedRow; firm: string | null; person: Match }[] = [];
  const doubts: { line: number; name: string; reason: string }[] = [];
  // The line of the first row naming each practitioner (a known entry's id, or the placeholder of one to create): a
  // later row resolving to the same one, whatever its firm, is refused with that line (which of the two is right is
  // not guessed; applying both would make the second undo the first, or name an entry not yet written).
  const firstLine = new Map<string, number>();
  const repeated: PractitionerRowError[] = [];
  for (const r of rows) {
    let firm: Match | null = null;
    if (r.firm) {
      firm = firmMatch.get(r.firm.name) ?? index.firm(r.firm.name);
      if (firm.status === 'new') {
        firm = { status: 'known', id: `new:firm:${firmMatch.size}` };
        index.add({ id: firm.id, name: r.firm.name, kind: 'firm', firm_id: null, commune: null });
      }
      firmMatch.set(r.firm.name, firm);
      if (firm.status === 'uncertain') {
        doubts.push({ line: r.line, name: r.firm.name, reason: firm.reason });
        continue;
      }
    }
    const firmId = firm?.status === 'known' ? firm.id : null;
    const offices = (r.person.secondary_offices as string[] | undefined) ?? null;
    const person = index.person({
      person: r.name,
      firm: r.firm?.name ?? null,
      city: (r.person.commune as string) ?? null,
      profession: r.person.profession as Profession,
      offices,
    });
    if (person.status === 'uncertain') {
      doubts.push({ line: r.line, name: r.name, reason: person.reason });
      continue;
    }
    const who = person.status === 'known' ? person.id : `new:${r.line}`;
    const first = firstLine.get(who);
    if (first !== undefined) {
      repeated.push({
        line: r.line,
        errors: [{ field: 'nom', message: `this practitioner already appears at line ${first}` }],
      });
      continue;
    }
    firstLine.set(who, r.line);
    if (person.status === 'new')
      index.add({
        id: who,
        name: r.name,
        kind: 'practitioner',
        firm_id: firmId,
        commune: (r.person.commune as string) ?? null,
        secondary_offices: offices,
        profession: r.person.profession as Profession,
      });
    matched.push({ row: r, firm: firmId, person });
  }

  // A practitioner an earlier row names, a firm's SIRET another entry holds (a site: one SIRET, one establishment),
  // and a reading older than one that gave a practitioner's facts (it would undo them): the row is refused, with its
  // line, and nothing applied. Rows refused by the row checks (`importPractitioners`) are already told: these
  // follow, in line order.
  const refused = [...repeated, ...(await firmSiretRefusals(db, matched)), ...(await olderReadings(db, matched))];
  for (const row of byLine(refused)) await rejected.add(row);
  if (rejected.count) return;
  if (sources.length) {
    // Written once no row is refused: a file refused writes (and locks) nothing, not even its sources. A source an
    // earlier file left without its publisher or licence gets them when this one gives them.
    await db.execute(sql`
      insert into sources (id, title, outlet, publisher, licence, url, notes)
      select id, title, outlet, publisher, licence, url, notes from jsonb_to_recordset(${JSON.stringify(sources)}::jsonb)
        as s(id varchar, title text, outlet text, publisher text, licence text, url text, notes text)
      on conflict (id) do update set publisher = coalesce(sources.publisher, excluded.publisher),
        licence = coalesce(sources.licence, excluded.licence)
        where (sources.publisher is null and excluded.publisher is not null)
           or (sources.licence is null and excluded.licence is not null)`);
  }
  const before = await lastRecorded(db);

  // Firms first: practitioners join theirs. Every firm the rows applied name is counted once: created (citing the
  // first of them), updated, or unchanged (a known firm with no SIRET to set is unchanged).
  const firmRow = new Map<string, CheckedRow>();
  for (const { row, firm } of matched) if (firm && !firmRow.has(firm)) firmRow.set(firm, row);
  const newFirms = [...firmRow].filter(([id]) => id.startsWith('new:'));
  const firmIds = await reserveIds(
    db,
    mandataireWrites.spec.target,
    newFirms.map(([, r]) => ({ words: r.firm!.name })),
  );
  const realId = new Map(newFirms.map(([placeholder], i) => [placeholder, firmIds[i]!]));
  // A firm whose SIRET Sirene says is not to be published is withheld once written (below); one already withheld so
  // is left as it is, named by no write (a write naming a withheld entry is refused), its members' firm unchanged.
  const hidden = await nonDiffusibleIdentifiers(db);
  const knownWithheld = new Set(
    (
      await db.execute<{ id: string }>(sql`
        select id from mandataires where id = any(${sql.param([...firmRow.keys()])}) and withheld`)
    ).map((r) => r.id),
  );
  const nonDiffusibleFirms: string[] = [];
  const leftWithheld = new Set<string>();
  for (const [id, r] of firmRow) {
    const identifier = r.firm!.siret ? hidden(r.firm!.siret) : null;
    if (!identifier) continue;
    await lists.add('nonDiffusibleFirms', { line: r.line, firm: r.firm!.name, identifier });
    if (knownWithheld.has(id)) leftWithheld.add(id);
    else nonDiffusibleFirms.push(realId.get(id) ?? id);
  }
  const firmOps: WriteOp[] = [];
  for (const [id, r] of firmRow) {
    const siret = r.firm!.siret;
    if (leftWithheld.has(id)) {
      report.firms.unchanged++;
      continue;
    }
    if (realId.has(id)) {
      firmOps.push({
        action: 'create',
        id: realId.get(id)!,
        input: createInput(mandataireWrites, { name: r.firm!.name, kind: 'firm', siret }),
        citations: cite(r, siret ? ['name', 'kind', 'siret'] : ['name', 'kind']),
      });
    } else if (!siret) report.firms.unchanged++;
    else {
      firmOps.push({
        action: 'update',
        id,
        patch: { siret },
        // The row's structure states that it is a firm too (citations/records.ts), which an earlier writer may not cite.
        citations: cite(r, ['siret', 'kind']),
        ifMatch: '*',
        confirm: false,
      });
    }
  }
  for (const result of await applyAll(ctx, mandataireWrites.spec as never, firmOps)) {
    const outcome = result.outcome === 'created' ? 'created' : result.outcome === 'updated' ? 'updated' : 'unchanged';
    report.firms[outcome]++;
  }

  // Practitioners: those to create, then the updates (each practitioner named by one row only: `repeated`).
  const newPeople = matched.filter((m) => m.person.status === 'new');
  const personIds = await reserveIds(
    db,
    mandataireWrites.spec.target,
    newPeople.map(({ row }) => ({ words: row.name })),
  );
  const personId = new Map(newPeople.map(({ row }, i) => [`new:${row.line}`, personIds[i]!]));
  const creations: WriteOp[] = [];
  const updates: WriteOp[] = [];
  // A known practitioner the row's reading does not cite yet is cited by it even where the row changes nothing (a
  // confirmation, as a stock edition is recorded): the profession's own list then keeps the entry when a BODACC
  // correction withdraws the notices that made it (fault 07 of issue 11's hostile check). Read again, it confirms
  // nothing more.
  // A known match is an entry already stored: a row naming one this file creates is refused above (`repeated`).
  const knownIds = matched.flatMap((m) => (m.person.status === 'known' ? [m.person.id] : []));
  const citedBy = new Set(
    (
      await db.execute<{ key: string }>(sql`
        select mandataire_id || '|' || source_id as key from citations
         where mandataire_id = any(${sql.param(knownIds)}) and source_id like ${`${readingSourcePrefix}%`}`)
    ).map((c) => c.key),
  );
  for (const { row: r, firm: matchedFirm, person: match } of matched) {
    const firm = matchedFirm && !leftWithheld.has(matchedFirm) ? (realId.get(matchedFirm) ?? matchedFirm) : null;
    // The values the row gives: an empty cell tells nothing, so it neither changes a field nor is cited for one.
    const given = Object.entries({ ...r.person, ...(firm ? { firm } : {}) }).filter(([, v]) => v !== null);
    const fields: Record<string, unknown> = Object.fromEntries(given);
    if (match.status === 'known') {
      const { name, kind: __, ...rest } = fields;
      // The name is the list's when its nom and prénom columns order the entry's words otherwise (« Lemoine
      // Anne-Sophie », read from a notice with no capitals to tell the order, is « Anne-Sophie Lemoine »): the id
      // stays (ids never change; a rename keeps its own).
      const entryName = knownNames.get(match.id);
      const reordered = entryName !== undefined && nameWords(entryName).join(' ') !== nameWords(r.name).join(' ');
      const patch = reordered ? { name, ...rest } : rest;
      const id = match.id;
      updates.push({
        action: 'update',
        id,
        patch,
        // The row states a practitioner too (its `nom`), cited with what it changes: a practitioner an earlier writer
        // left with its kind « sans source » (a BODACC import before it cited it) is cited by the list's reading.
        citations: cite(r, [...Object.keys(patch), 'kind']),
        ifMatch: '*',
        confirm: !citedBy.has(`${id}|${r.source.id}`),
      });
    } else {
      creations.push({
        action: 'create',
        id: personId.get(`new:${r.line}`)!,
        input: createInput(mandataireWrites, fields),
        // Every fact the row gives, its kind included (`nom`: a practitioner, citations/records.ts).
        citations: cite(r, Object.keys(fields)),
      });
    }
  }
  for (const result of await applyAll(ctx, mandataireWrites.spec as never, [...creations, ...updates])) {
    const outcome = result.outcome === 'created' ? 'created' : result.outcome === 'updated' ? 'updated' : 'unchanged';
    report.practitioners[outcome]++;
  }
  // Withheld once its members name it, as the Sirene import withholds a site or an operator (a `withhold` change: the
  // Sirene import shows it again when a newer stock publishes its SIRET).
  await setWithheld(db, ctx.actor, mandataireKind, nonDiffusibleFirms, true);
  // A fact this reading changed is no longer supported by an earlier reading's quote.
  const ownSource = sql`c.source_id like ${`${readingSourcePrefix}%`}`;
  await supersedeCitations(db, { kind: 'mandataire', column: 'mandataire_id', ownSource, ...before });
  // The doubts name the entries this file creates by their ids, never by a placeholder.
  for (const d of doubts)
    await lists.add('uncertain', { ...d, reason: withRealIds(d.reason, (id) => personId.get(id) ?? realId.get(id)) });
}
