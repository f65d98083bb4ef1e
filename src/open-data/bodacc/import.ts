// The BODACC import: a file of notices (read-file.ts, streamed into a staging table, staging.ts) becomes
// proceedings, their notices, their companies (operators, by SIREN) and their practitioners (mandataires), a batch
// of companies at a time in SIREN order, through the one write path: operators, mandataires and proceedings by the
// write envelope (history, citations, search outbox), a batch of writes per call, notices and practitioner links
// beside it with one statement per batch, in the same transaction, recorded in each proceeding's history; all or
// nothing. Each company's proceedings are recomputed from all its notices (the database's and the file's), each
// value chosen and each fact cited from them whatever file brought them last, so that any file imported again
// changes nothing, and a later correction (annulation, rectificatif, rétractation) undoes what its target did.
import { type SQL, sql } from 'drizzle-orm';
import type { CitationInput, SavedCitation } from '../../citations/input.js';
import { type Db, executePrepared } from '../../db/client.js';
import type { NoticeDesignation } from '../../db/schema/index.js';
import { bookkeepingTables, refreshStatistics } from '../../db/statistics.js';
import { resolvePlace } from '../../domain/place-input.js';
import type { practitionerRoles } from '../../domain/vocabulary.js';
import { isRouteSegment } from '../../domain/vocabulary.js';
import { loadGeography } from '../../geo/index.js';
import { tombstonesOf } from '../../history/read.js';
import { importCommitted } from '../../import/committed.js';
import { shadowDirectory } from '../../import/dry-run.js';
import { type Listed, Rejections, ReportLists } from '../../import/rejections.js';
import { knownFirm, mandataireWrites } from '../../modules/mandataires/writes.js';
import { operatorWrites } from '../../modules/operators/writes.js';
import { proceedingWrites } from '../../modules/proceedings/writes.js';
import { recordLinks, type WriteOp } from '../../writes/envelope.js';
import { slugOf } from '../../writes/ids.js';
import { KnownReferences, type WriteTarget } from '../../writes/spec.js';
import { type Actor, StatementPipeline, type WriteContext } from '../../writes/transaction.js';
import { setWithdrawn, type WithdrawalEntry } from '../../writes/withhold.js';
import { naturalPersonSirens } from '../natural-persons.js';
import { applyAll, batchSize, createInput } from '../writes.js';
import { type BodaccListed, bodaccLists, type NoticeAt } from './listed.js';

export type { BodaccListed, NoticeAt } from './listed.js';

import { type KnownMandataire, MandataireIndex, type Match, withRealIds } from './matching.js';
import { type Classification, kindQuote } from './natures.js';
import { judgmentDateFault, type Notice } from './notices.js';
import { operatorNameChanges, type StoredOperator } from './operator-names.js';
import {
  type ExtractedPractitioner,
  extractPractitioners,
  maxReadLength,
  type Profession,
  professionOf,
  type ReplacementWithoutHolder,
  type ReplacementWithoutRole,
} from './practitioners.js';
import { duplicateError, type NoticeFile, type RejectedNotice, readNotices, whereOf } from './read-file.js';
import { NoticeStaging } from './staging.js';
import { displayPersonName, firmKey, firmWordsKey, foldInPlace, personKey } from './text.js';
import {
  type CompanyNaming,
  type CompanyTimeline,
  companyTimeline,
  latestNaming,
  type PlannedProceeding,
  type TimelineNotice,
  type Withdrawal,
} from './timeline.js';

export interface BodaccImportOptions {
  file: string;
  dryRun?: boolean;
  actor: Actor;
  /**
   * Told each row refused as soon as it is found, awaited before the next: those the reading refuses in the order of
   * the file, then the notices repeating an earlier row's id in the order of lines. Where a CLI prints them, so that
   * memory does not grow with their number (the report keeps their count and the first few). `where`: how rows are
   * named (`file.where`: by line, or by position in a JSON array whose elements share lines).
   */
  onRejected?: (row: RejectedNotice, where: NoticeFile['where']) => void | Promise<void>;
  /**
   * Told each item of the report's lists that grow with the file (`BodaccListed`: a person left out, a doubt, a
   * disagreement…) as soon as it is found, with its list's name, awaited before the next: where a CLI prints it, so
   * that memory does not grow with their number (the report keeps each list's count, `listed`, and its first few).
   * Those of the file's reading (persons left out, judgment dates not read…) as the file is read, those of its
   * notices naming no company once the file is known not to be refused, the others as each batch of companies is
   * prepared, each once.
   */
  onListed?: (listed: Listed<BodaccListed>, where: NoticeFile['where']) => void | Promise<void>;
}

/** What an import did (or, in a dry run, would do), and what it could not decide. */
export interface BodaccImportReport {
  file: Pick<
    NoticeFile,
    'rows' | 'otherFamilies' | 'personsWithoutSiren' | 'personsLeftOut' | 'rejectedRows' | 'rejected' | 'where'
  >;
  /**
   * The file's notices of procédures collectives, each counted once (whatever number of companies it names) under
   * what this import did to it: `created`, `updated`, `unchanged`, `withdrawn` (a correction took it out of the
   * current view in this import, stored for the first time or not), `withoutCompany` (it names no company with a
   * valid SIREN: only its source is kept) or `nonDiffusible` (every company it names is one Sirene says is not to be
   * published, `sirene_non_diffusible`: nothing of it is stored, not even its source). They add up to `read` on every
   * run applied or dry. A file refused (any
   * row counted in `file.rejectedRows`) is applied in nothing and these stay 0: `read`, `file.otherFamilies` and the rows refused
   * add up to `file.rows`.
   */
  notices: {
    read: number;
    created: number;
    updated: number;
    unchanged: number;
    withdrawn: number;
    withoutCompany: number;
    nonDiffusible: number;
  };
  /**
   * The companies left out because Sirene says they are not to be published (`sirene_non_diffusible`, a natural
   * person): how many SIRENs, named by how many notices (a notice naming another company too is imported for it);
   * `byEstablishment`: those of `sirens` left out as natural persons (`typePersonne` « pp » in the notice, or legal
   * category 1000 in Sirene) one of whose establishments (its SIRET) Sirene says is not to be published, their
   * legal unit's SIREN not said so: a sole trader's company bears his name.
   */
  nonDiffusible: { sirens: number; notices: number; byEstablishment: number };
  /** `renamed`: operators whose name only notices cite, renamed by the latest notice of their proceedings. */
  operators: { created: number; renamed: number };
  /**
   * Operators an article, Sirene or a user names (kept), that the latest notice of their proceedings names otherwise
   * (case and accents aside, and none of their aliases): listed on every import of the company's notices.
   */
  nameDisagreements: BodaccListed['nameDisagreements'][];
  /**
   * Entries an earlier import created from notices alone that this import withdrew (their last proceeding, their
   * last designation gone; cited by no other source, named by no other entry): withheld as a withdrawn proceeding is
   * (row and history kept, the id answering 410), so that a correction in a later file leaves what it would have left in the
   * same file. By id.
   */
  withdrawnEntries: { operators: string[]; mandataires: string[] };
  /**
   * Operators an earlier import created from BODACC notices (`notices`: those their facts cite) whose company's last
   * proceeding this import withdrew, kept because another source cites them or another entry names them (a site, a
   * proceeding…); those made from the notices alone are withdrawn (`withdrawnEntries`).
   */
  operatorsKept: { operator: string; siren: string; notices: string[] }[];
  /**
   * `withdrawn`: proceedings no current notice holds any more, withheld by this import (kept with their history and
   * notices, their id answering 410); `merged`: proceedings absorbed into another that now holds a notice current in
   * them (their id answering 308 to the survivor, `absorbedInto`), not counted as withdrawn; `updated` counts those it
   * shows again (a notice of theirs current again), changed or not.
   */
  proceedings: { created: number; updated: number; unchanged: number; withdrawn: number; merged: number };
  /**
   * `unlinked`: the designations not linked (each notice's once, whatever number of companies it names); `unread`:
   * the passages the reader could not read. With the ends made (a discharge, a replacement naming no new holder:
   * their line `ended`), they add up to the lines of `uncertain`.
   */
  /** `ended`: links a replacing judgment ended (kept, as former appointments), not counted in `linked`. */
  practitioners: {
    linked: number;
    ended: number;
    unlinked: number;
    unread: number;
    created: number;
    firmsCreated: number;
  };
  /**
   * Designations that were not linked, passages the reader could not read, and replacements naming no new holder
   * (what they ended, or why nothing), with why: each once, of the notices new to the database or joining another
   * proceeding (an earlier import reported the others).
   */
  uncertain: BodaccListed['uncertain'][];
  /**
   * Judgment texts longer than the practitioners' reader reads (`maxReadLength` characters): their notices are
   * imported, their practitioners not read.
   */
  unreadTexts: BodaccListed['unreadTexts'][];
  /** Notices whose nature no rule knows (`jugement.nature`): kept as written. */
  unknownNatures: BodaccListed['unknownNatures'][];
  /**
   * Notices with no proceeding to join (no opening known, no kind in their words): those new to the database, and
   * those this import takes out of their proceeding (an earlier import reported the others).
   */
  unattached: BodaccListed['unattached'][];
  /**
   * Notices that start a proceeding with no opening before them (`withoutOpening` of timeline.ts: none known, or only
   * later ones): a clôture, a conversion or another judgment whose words name the kind, `effect` saying which. The
   * proceeding is made of it, its opening date unknown. Those new to the database, or attached to nothing before.
   */
  withoutOpening: BodaccListed['withoutOpening'][];
  /**
   * Clôtures new to the database that come after the company's last proceeding was closed by another notice
   * (`afterClosure` of timeline.ts): joined to that proceeding (`proceeding`), its closure kept from the first
   * (`closedBy`), and listed, never in silence.
   */
  afterClosure: BodaccListed['afterClosure'][];
  /**
   * Corrections new to the database whose target is in neither the file nor the database (under any company: a
   * correction may name another company than its target, whose notice was filed under the wrong one).
   */
  missingTargets: BodaccListed['missingTargets'][];
  /**
   * Corrections new to the database that cannot be applied: their target is themselves, or a notice published after
   * them (`companyTimeline`). Applied to nothing: a rectificatif stands as the notice it is, an annulation or a
   * rétractation withdraws nothing and joins no proceeding.
   */
  unappliedCorrections: BodaccListed['unappliedCorrections'][];
  /** Judgment dates that could not be read (kept as written, the date left unknown), with their line, field and why. */
  unreadableDates: BodaccListed['unreadableDates'][];
  /**
   * The notices counted in `notices.withoutCompany`, each with its line and field (`listepersonnes`; the persons it
   * names are in `file.personsLeftOut`).
   */
  noticesWithoutCompany: BodaccListed['noticesWithoutCompany'][];
  /** Persons of a notice with a SIREN but no name: no company is made of them (the notice is imported). */
  namelessCompanies: BodaccListed['namelessCompanies'][];
  /** Persons of a notice whose SIREN is malformed (check digit, length): no company is made of them. */
  malformedSirens: BodaccListed['malformedSirens'][];
  /**
   * How many items each list that grows with the file was given (`BodaccListed`: each told to `onListed`); the list
   * itself (`file.personsLeftOut` for `personsLeftOut`) keeps the first `keptRejections` (100), in the order found.
   */
  listed: { [K in keyof BodaccListed]: number };
  applied: boolean;
}

/** Sets each list of the report to its first items, and `listed` to their counts. */
function keptInto(report: BodaccImportReport, lists: ReportLists<BodaccListed>): void {
  const { personsLeftOut, ...others } = Object.fromEntries(bodaccLists.map((l) => [l, lists.first(l)])) as {
    [K in keyof BodaccListed]: BodaccListed[K][];
  };
  report.file.personsLeftOut = personsLeftOut;
  Object.assign(report, others);
  report.listed = lists.counts();
}

class DryRunRollback extends Error {}

/** A notice row as the database keeps it. */
type StoredNotice = {
  id: string;
  siren: string;
  company_name: string | null;
  siren_as_written: string | null;
  natural_person: boolean | null;
  proceeding_id: string | null;
  publication: string;
  parution: string;
  number: number;
  published_on: string;
  notice_type: string;
  family: string | null;
  nature: string | null;
  kind: string | null;
  effect: string;
  judgment_date: string | null;
  judgment_date_as_written: string | null;
  complement: string | null;
  court: string | null;
  court_as_written: string | null;
  url: string;
  source_id: string;
  target_id: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
  designations: NoticeDesignation[];
};

/** What only the import decides of a notice's row: its proceeding, classification, withdrawal, designations. */
type DecidedNoticeFields = Pick<
  StoredNotice,
  | 'id'
  | 'siren'
  | 'natural_person'
  | 'proceeding_id'
  | 'kind'
  | 'effect'
  | 'source_id'
  | 'withdrawn_by'
  | 'withdrawn_reason'
  | 'designations'
>;

/**
 * A notice's row to write: whole (`row`: a notice of an earlier file, or one filed under a company it does not name),
 * or, for a notice of the file naming its company, only what the import decides (`decided`) with the line it is
 * staged at, the rest (publication, dates, complement, court, link, target, the company's name and SIREN as written)
 * taken by PostgreSQL from the staging table (`noticeWrites`): the same values, not sent back.
 */
type NoticeWrite = { row: StoredNotice } | { decided: DecidedNoticeFields; line: number };

/** The id, SIREN and withdrawal of a notice's row to write. */
const writtenNotice = (w: NoticeWrite): DecidedNoticeFields => ('row' in w ? w.row : w.decided);

/** The field the practitioners are read from. */
const complementField = 'jugement.complementJugement';

const sourceIdOf = (notice: Notice) => `bodacc-${notice.id.toLowerCase()}`;

function noticeOfRow(row: StoredNotice): Notice {
  return {
    id: row.id,
    publication: row.publication as Notice['publication'],
    parution: row.parution,
    number: row.number,
    publishedOn: String(row.published_on).slice(0, 10),
    type: row.notice_type as Notice['type'],
    family: 'collective',
    familyLabel: null,
    companies:
      row.company_name === null
        ? []
        : [
            {
              siren: row.siren,
              name: row.company_name,
              sirenAsWritten: row.siren_as_written ?? row.siren,
              ...(row.natural_person === null ? {} : { natural: row.natural_person }),
            },
          ],
    judgment: {
      family: row.family,
      nature: row.nature,
      date: row.judgment_date,
      dateAsWritten: row.judgment_date_as_written,
      complement: row.complement,
    },
    court: row.court,
    courtAsWritten: row.court_as_written,
    targetId: row.target_id,
    url: row.url,
  };
}

/** A citation of a notice: its source, a span of its text, the fields it supports. */
const cite = (notice: Notice, quote: string | null, fields: string[]): CitationInput[] =>
  quote ? [{ source: sourceIdOf(notice), quote: quote.slice(0, 5000), fields }] : [];

/**
 * The citation of a correction (annulation, rectificatif, rétractation) as what withdrew a notice, for history: its
 * source and its own words (its judgment's text, else its nature, else its court as written, else its type).
 */
const correctionCited = (correction: Notice, fields: string[]): SavedCitation => ({
  source_id: sourceIdOf(correction),
  quote: (
    correction.judgment.complement ??
    correction.judgment.nature ??
    correction.courtAsWritten ??
    correction.type
  ).slice(0, 5000),
  fields,
});

/**
 * Imports a BODACC export file. Streams its rows into a staging table (`staging.ts`) as they are checked: any bad
 * row (or a file that is not an export) and nothing is applied (the report lists them). Then, in one transaction
 * (rolled back in a dry run): the notices' sources, then the file's companies `batchSize` at a time in SIREN order,
 * each batch's unknown companies (operators), practitioners and firms not yet in the directory, proceedings,
 * notices and practitioners' links, each batch prepared (`prepareCompanies`) while the last one is written
 * (`writeCompanies`). Memory holds three batches of companies at most (the one written, the one prepared, the next
 * one read ahead) and the directory's practitioners.
 */
/** The tables a BODACC import writes, whose statistics it refreshes after a bulk one (db/statistics.ts). */
const bodaccTables = [
  'operators',
  'mandataires',
  'proceedings',
  'proceeding_notices',
  'proceeding_practitioners',
  ...bookkeepingTables,
];

export async function importBodacc(db: Db, options: BodaccImportOptions): Promise<BodaccImportReport> {
  const report: BodaccImportReport = {
    file: {
      rows: 0,
      otherFamilies: 0,
      personsWithoutSiren: 0,
      personsLeftOut: [],
      rejectedRows: 0,
      rejected: [],
      where: await whereOf(options.file),
    },
    notices: { read: 0, created: 0, updated: 0, unchanged: 0, withdrawn: 0, withoutCompany: 0, nonDiffusible: 0 },
    nonDiffusible: { sirens: 0, notices: 0, byEstablishment: 0 },
    operators: { created: 0, renamed: 0 },
    nameDisagreements: [],
    withdrawnEntries: { operators: [], mandataires: [] },
    operatorsKept: [],
    proceedings: { created: 0, updated: 0, unchanged: 0, withdrawn: 0, merged: 0 },
    practitioners: { linked: 0, ended: 0, unlinked: 0, unread: 0, created: 0, firmsCreated: 0 },
    uncertain: [],
    unreadTexts: [],
    unknownNatures: [],
    unattached: [],
    withoutOpening: [],
    afterClosure: [],
    missingTargets: [],
    unappliedCorrections: [],
    unreadableDates: [],
    noticesWithoutCompany: [],
    namelessCompanies: [],
    malformedSirens: [],
    listed: Object.fromEntries(bodaccLists.map((l) => [l, 0])) as BodaccImportReport['listed'],
    applied: false,
  };
  // Each item of the lists that grow with the file goes to `onListed` as it is found; the report keeps their counts
  // and the first few.
  const lists = new ReportLists<BodaccListed>(bodaccLists, (l) => options.onListed?.(l, report.file.where));
  const doubts = new FirstStoredDoubts(db, lists);
  const once = new ReportedOnce(lists);
  // Each row refused goes to `onRejected` as it is found; the report keeps their count and the first few.
  const rejected = new Rejections<RejectedNotice>((r) => options.onRejected?.(r, report.file.where));
  const rows = readNotices(options.file);
  // The file's first checks (extension, encoding, columns) refuse it before anything is created.
  const first = await rows.next();
  const { leftOut, establishmentsHidden, naturalBySirene } = await nonDiffusibleSirens(db);
  const leftOutSirens = new Set<string>();
  const leftOutByEstablishment = new Set<string>();
  const corrections = new Corrections();
  const staging = await NoticeStaging.create(db);
  try {
    for (let next = first; !next.done; next = await rows.next()) {
      const row = next.value;
      report.file.rows++;
      if (row.kind === 'other-family') report.file.otherFamilies++;
      else if (row.kind === 'rejected') await rejected.add({ line: row.line, errors: row.errors });
      else {
        report.notices.read++;
        report.file.personsWithoutSiren += row.withoutSiren.length;
        for (const p of row.withoutSiren)
          await lists.add('personsLeftOut', { line: row.line, notice: row.notice.id, ...p });
        for (const n of row.nameless) doubts.add('namelessCompanies', { notice: row.notice.id, line: row.line, ...n });
        for (const m of row.malformed) doubts.add('malformedSirens', { notice: row.notice.id, line: row.line, ...m });
        const notice = row.notice;
        // A natural person one of whose establishments Sirene says is not to be published (statutDiffusion P of a
        // SIRET alone): his name is his company's, so he is left out as a company of a non-diffusible SIREN is.
        for (const siren of row.naturalPersons) {
          if (establishmentsHidden.has(siren) && !leftOut.has(siren)) {
            leftOut.add(siren);
            leftOutByEstablishment.add(siren);
          }
        }
        for (const c of notice.companies) {
          if (naturalBySirene.has(c.siren) && !leftOut.has(c.siren)) {
            leftOut.add(c.siren);
            leftOutByEstablishment.add(c.siren);
          }
        }
        // A company Sirene says is not to be published is left out of the notice: nothing of it is staged.
        const named = notice.companies.length;
        if (leftOut.size && notice.companies.some((c) => leftOut.has(c.siren))) {
          for (const c of notice.companies) if (leftOut.has(c.siren)) leftOutSirens.add(c.siren);
          notice.companies = notice.companies.filter((c) => !leftOut.has(c.siren));
          report.nonDiffusible.notices++;
          if (!notice.companies.length) {
            report.notices.nonDiffusible++;
            continue;
          }
        }
        // Listed once the file is known not to be refused (staged under no company: `withoutCompany`).
        if (!named) report.notices.withoutCompany++;
        const { judgment, id } = notice;
        // Doubts listed if no earlier import stored the notice (checked once the file is staged).
        if (judgment.dateAsWritten && !judgment.date)
          doubts.add('unreadableDates', {
            line: row.line,
            notice: id,
            field: 'jugement.date',
            written: judgment.dateAsWritten,
            reason: judgmentDateFault(judgment.dateAsWritten, notice.publishedOn),
          });
        if ((judgment.complement?.length ?? 0) > maxReadLength)
          doubts.add('unreadTexts', { line: row.line, notice: id, characters: judgment.complement!.length });
        await doubts.due();
        corrections.read(notice);
        // Staged even once a row is bad (nothing will be applied): a notice id seen twice is found in staging.
        await staging.write(row.line, notice);
      }
    }
    await doubts.flush();
    report.nonDiffusible.sirens = leftOutSirens.size;
    report.nonDiffusible.byEstablishment = [...leftOutSirens].filter((s) => leftOutByEstablishment.has(s)).length;
    // The reference geography (the communes of designations' addresses) built while PostgreSQL indexes the staging
    // table and creates the sources, a slice at a time, rather than at the first batch.
    const geographyLoaded = loadGeography();
    geographyLoaded.catch(() => {});
    await staging.finish();
    for await (const repeated of staging.repeated()) {
      report.notices.read -= repeated.length;
      for (const r of repeated)
        await rejected.add({ line: r.line, errors: [duplicateError(r.id, report.file.where, r.first)] });
    }
    report.file.rejectedRows = rejected.count;
    report.file.rejected = rejected.first();
    if (rejected.count) {
      report.notices.withoutCompany = 0;
      report.notices.nonDiffusible = 0;
      report.nonDiffusible = { sirens: 0, notices: 0, byEstablishment: 0 };
      keptInto(report, lists);
      return report;
    }
    for await (const notices of staging.withoutCompany())
      for (const n of notices)
        await lists.add('noticesWithoutCompany', { line: n.line, notice: n.id, field: 'listepersonnes' });
    // Corrections filed under another company than their target: staged again under the target's (`Corrections`).
    const elsewhere = await corrections.stageAcross(db, staging, leftOut);

    try {
      await db.transaction(async (txDb) => {
        const tx = txDb as unknown as Db;
        // A dry run applies on a copy of the directory (import/dry-run.ts): no row of it locked nor written.
        if (options.dryRun) await shadowDirectory(tx);
        await staging.createSources(tx);
        const directory = await PractitionerDirectory.load(tx);
        await geographyLoaded;
        const outcomes = new NoticeOutcomes();
        once.clear();
        const readings = new PractitionerReadings();
        const shared: ImportShared = {
          directory,
          readings,
          reserved: new ReservedIds(),
          elsewhere,
          unlinked: new Map(),
          withdrawnSources: new Map(),
          staging: staging.name,
        };
        // One batch written while the next is prepared (its reads, timelines, matching, operations): the import's
        // own work runs while PostgreSQL applies the last batch's statements, on the same connection.
        let writing: Promise<void> = Promise.resolve();
        for await (const companies of staging.companies(batchSize, (notices) => readings.prepare(notices))) {
          readings.begin();
          shared.reserved.begin();
          // References checked once per batch (an operator named by many proceedings), not once per write.
          const ctx: WriteContext = {
            db: tx,
            actor: options.actor,
            known: new KnownReferences(),
            writesNoticesAlong: true,
          };
          const preparing = prepareCompanies(tx, ctx, companies.notices, companies.lines, shared, report, once);
          const [prepared] = await settledBoth(preparing, writing);
          writing = writeCompanies(tx, prepared, outcomes, report);
          // Awaited with the next batch's preparation, or after the last; a failure meanwhile (the staging read) must
          // not leave it unhandled.
          writing.catch(() => {});
        }
        await writing;
        const last: WriteContext = {
          db: tx,
          actor: options.actor,
          known: new KnownReferences(),
          writesNoticesAlong: true,
        };
        // Facts first: a firm a practitioner leaves so may be left holding nothing (`withdrawUnheld`).
        await withdrawFacts(last, shared.withdrawnSources, shared.unlinked, (city, postalCode) =>
          directory.place(city, postalCode),
        );
        await reciteOperators(last, shared.withdrawnSources);
        await withdrawUnheld(last, shared.unlinked, report);
        outcomes.countInto(report.notices);
        if (options.dryRun) throw new DryRunRollback();
      });
      report.applied = !options.dryRun;
      if (report.applied) importCommitted();
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    if (report.applied) {
      const { created, updated, withdrawn } = report.notices;
      await refreshStatistics(db, bodaccTables, created + updated + withdrawn);
    }
  } finally {
    await rows.return(undefined);
    await staging.drop();
  }
  once.countInto(report);
  keptInto(report, lists);
  return report;
}

/**
 * What Sirene said is not to be published (`sirene_non_diffusible`, kept by the Sirene import): `leftOut`, the
 * SIRENs; `establishmentsHidden`, the SIRENs of the SIRETs (an establishment's statutDiffusion P alone), which hide a
 * natural person; `naturalBySirene`, those of them known as natural persons (`naturalPersonSirens`: Sirene's legal
 * category 1000, or a notice stored earlier says so), whatever the notice being read says of the person.
 */
async function nonDiffusibleSirens(db: Db) {
  const rows = await db.execute<{ id: string }>(sql`select id from sirene_non_diffusible`);
  const leftOut = new Set(rows.filter((r) => r.id.length === 9).map((r) => r.id));
  const establishmentsHidden = new Set(rows.filter((r) => r.id.length === 14).map((r) => r.id.slice(0, 9)));
  const naturalBySirene = await naturalPersonSirens(db, [...establishmentsHidden]);
  return { leftOut, establishmentsHidden, naturalBySirene };
}

/** The lists of a notice's doubts read with the file, told only of a notice no earlier import stored. */
type DoubtList = 'unreadableDates' | 'unreadTexts' | 'namelessCompanies' | 'malformedSirens';

/**
 * The doubts of notices read with the file (a judgment date not read, a text too long to read, a person with a
 * SIREN but no name or a malformed one), told to the report's lists only for the notices no earlier import stored
 * (their source not yet created): an import does not report again what the one that first stored the notice
 * reported. Held until `chunk` of them wait, then looked up at once (one query) and told in the order read.
 */
class FirstStoredDoubts {
  private pending: Listed<Pick<BodaccListed, DoubtList>>[] = [];

  constructor(
    private readonly db: Db,
    private readonly lists: ReportLists<BodaccListed>,
    private readonly chunk = 500,
  ) {}

  add<K extends DoubtList>(list: K, item: BodaccListed[K]): void {
    this.pending.push({ list, item } as Listed<Pick<BodaccListed, DoubtList>>);
  }

  /** Tells those waiting when `chunk` of them are. */
  async due(): Promise<void> {
    if (this.pending.length >= this.chunk) await this.flush();
  }

  /** Tells those waiting whose notice no earlier import stored. */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    if (!pending.length) return;
    const sourceOf = (id: string) => `bodacc-${id.toLowerCase()}`;
    const ids = [...new Set(pending.map((d) => sourceOf(d.item.notice)))];
    const stored = new Set(
      (await this.db.execute<{ id: string }>(sql`select id from sources where id = any(${sql.param(ids)})`)).map(
        (r) => r.id,
      ),
    );
    for (const d of pending) if (!stored.has(sourceOf(d.item.notice))) await this.lists.add(d.list, d.item as never);
  }
}

/**
 * The file's corrections (notices naming the notice they correct), to find those whose target is filed under a
 * company they do not name: a notice published under the wrong company, corrected under the right one. Holds the
 * corrections' ids, targets and companies only.
 */
class Corrections {
  private readonly list: { id: string; target: string; sirens: string[] }[] = [];

  read(notice: Notice): void {
    if (notice.targetId && notice.companies.length)
      this.list.push({ id: notice.id, target: notice.targetId, sirens: notice.companies.map((c) => c.siren) });
  }

  /**
   * Stages each correction again under every company its target is filed under (in the file or the database) that
   * it does not name, and so on for a correction of a correction, so that the company's timeline reads it
   * (`TimelineNotice.foreign`); never under a company left out (`leftOut`). Gives the targets found under some
   * company: a correction targeting one is not missing its target.
   */
  async stageAcross(db: Db, staging: NoticeStaging, leftOut: ReadonlySet<string>): Promise<Set<string>> {
    if (!this.list.length) return new Set();
    const targets = [...new Set(this.list.map((c) => c.target))];
    const under = await staging.sirensOf(targets);
    for (const r of await db.execute<{ id: string; siren: string }>(
      sql`select id, siren from proceeding_notices where id = any(${sql.param(targets)})`,
    ))
      under.set(r.id, (under.get(r.id) ?? new Set()).add(r.siren));
    const found = new Set(targets.filter((t) => under.get(t)?.size));
    for (const c of this.list) under.set(c.id, new Set([...(under.get(c.id) ?? []), ...c.sirens]));
    const added: { id: string; siren: string }[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (const c of this.list) {
        const mine = under.get(c.id)!;
        for (const siren of under.get(c.target) ?? []) {
          if (mine.has(siren) || leftOut.has(siren)) continue;
          mine.add(siren);
          added.push({ id: c.id, siren });
          changed = true;
        }
      }
    }
    await staging.stageUnder(added);
    return found;
  }
}

/**
 * The directory's mandataires as matching reads them, loaded once per import and kept across batches of
 * companies: the practitioners and firms an earlier batch created are found by the next under a placeholder id
 * (`new:<n>`), resolved to their real id once created.
 */
class PractitionerDirectory {
  private next = 0;
  private readonly created = new Map<string, string>();
  private constructor(
    readonly index: MandataireIndex,
    readonly knownById: Map<string, DirectoryEntry>,
  ) {}

  /** Every practitioner and firm, withdrawn ones too (`withheld`): a notice naming one again shows it again. */
  static async load(db: Db): Promise<PractitionerDirectory> {
    const known = [
      ...(await db.execute<DirectoryEntry>(
        sql`select id, name, kind, firm_id, commune, secondary_offices, profession, withheld from mandataires`,
      )),
    ];
    return new PractitionerDirectory(new MandataireIndex(known), new Map(known.map((m) => [m.id, m])));
  }

  private readonly places = new Map<string, { commune: string; code_postal: string | null } | null>();

  /**
   * The commune of a city a designation's address names, for an entry to create: the city as written and the postal
   * code written before it, when the directory's place rules (`domain/place-input.ts`, the reference geography of
   * @etalab/decoupage-administratif) find exactly one commune of that name with that postal code (« 97400
   * Saint-Denis », « 26000 Valence »: a name several communes bear told apart by its code); else the city alone when
   * one commune bears its name and the code is none of its own (a CEDEX code: « 44045 Nantes Cedex 1 »); else null,
   * never guessed (a shared name without a code that tells it, a city unknown).
   */
  place(city: string | null, postalCode?: string | null): { commune: string; code_postal: string | null } | null {
    if (!city) return null;
    const key = `${city}|${postalCode ?? ''}`;
    let place = this.places.get(key);
    if (place === undefined) {
      place =
        postalCode && resolvePlace({ country: 'FR', commune: city, code_postal: postalCode }).ok
          ? { commune: city, code_postal: postalCode }
          : resolvePlace({ country: 'FR', commune: city }).ok
            ? { commune: city, code_postal: null }
            : null;
      this.places.set(key, place);
    }
    return place;
  }

  /** A placeholder id for an entry to create (added to the index under it). */
  placeholder(): string {
    return `new:${this.next++}`;
  }

  /** Records the real id of a placeholder, once its entry is created. */
  settle(placeholder: string, id: string): void {
    this.created.set(placeholder, id);
  }

  /** A reason of matching with the entries created named by their real ids, once settled (`withRealIds`). */
  named(reason: string): string {
    return withRealIds(reason, (id) => this.created.get(id));
  }

  /** The real id of an id the index gave (a placeholder of an entry created, or the id itself). */
  resolve(id: string | null | undefined): string | null {
    return id ? (this.created.get(id) ?? id) : null;
  }
}

type Reading = ReturnType<typeof extractPractitioners>;

/** A holder as a notice names it: a person, or a firm alone. */
type HolderNamed = { firm: string | null; person: string | null };

/** Who a holder is, as a proceeding's notices tell: the person's name key, else the firm's. */
const heldKey = (h: HolderNamed) => (h.person ? `p:${personKey(h.person)}` : `f:${firmKey(h.firm ?? '')}`);

/** A holder as the report names them: « 'Prénom Nom' (SELARL X) », the firm alone as written. */
const holderLabel = (h: HolderNamed & { name?: string | null }) =>
  h.person ? `'${h.name ?? displayPersonName(h.person, h.firm)}'${h.firm ? ` (${h.firm})` : ''}` : `'${h.firm ?? ''}'`;

/** Why a replacement naming no role (`ReplacementWithoutRole`) is given no role: what its notices say of those replaced. */
function rolelessReason(w: ReplacementWithoutRole, roles: ReadonlySet<string>): string {
  const fresh = w.holders.map(holderLabel).join(', ');
  const replaced = w.replaces.map(holderLabel).join(', ');
  const lead = `a replacement naming no role (${fresh} designated in place of ${replaced})`;
  return roles.size
    ? `${lead}: ${replaced} hold${w.replaces.length > 1 ? '' : 's'} several roles in this proceeding (${[...roles].join(', ')}), which one is meant is not told: nothing is linked nor ended`
    : `${lead}: no role of ${replaced} in this proceeding is told by its notices, so the role cannot be told: nothing is linked nor ended`;
}

/** A practitioner or firm of the directory; `withheld`: withdrawn by an earlier import (`setWithdrawn`). */
type DirectoryEntry = KnownMandataire & { profession: string | null; withheld: boolean };

/**
 * The practitioners each text of judgment names (`extractPractitioners`), read ahead: the texts of the next batch
 * of companies are read a few milliseconds at a time while the import waits for PostgreSQL to apply the last batch.
 * Holds the readings of two batches at most (the one applied, the next).
 */
class PractitionerReadings {
  private current = new Map<string, Reading>();
  private ahead = new Map<string, Reading>();
  private queue: { text: string; into: Map<string, Reading> }[] = [];
  /** How many of the queue's texts are read. */
  private done = 0;
  private running = false;

  /** Reads these notices' texts in the background, for the next batch. */
  prepare(notices: Notice[]): void {
    for (const n of notices) this.queue.push({ text: n.judgment.complement ?? '', into: this.ahead });
    if (!this.running) {
      this.running = true;
      setImmediate(() => this.step());
    }
  }

  /** Some texts read (five milliseconds' worth), then the event loop given back. */
  private step(): void {
    const until = performance.now() + 5;
    while (this.done < this.queue.length && performance.now() < until) {
      const { text, into } = this.queue[this.done++]!;
      if ((into === this.ahead || into === this.current) && !into.has(text)) into.set(text, extractPractitioners(text));
    }
    if (this.done < this.queue.length) setImmediate(() => this.step());
    else {
      this.queue = [];
      this.done = 0;
      this.running = false;
    }
  }

  /** Starts a batch: the readings made ahead become current, the last batch's are dropped. */
  begin(): void {
    this.current = this.ahead;
    this.ahead = new Map();
  }

  /** The practitioners a text names (read now when it was not read ahead). */
  of(text: string): Reading {
    let reading = this.current.get(text);
    if (!reading) {
      reading = extractPractitioners(text);
      this.current.set(text, reading);
    }
    return reading;
  }
}

/**
 * The ids this import gave to entries of the batch being prepared and of the batch being written meanwhile, by id
 * space: the next batch's look-ups (`freeIds`) may run before the last batch's rows are inserted, so an id given to
 * the one is never given to the other. Holds two batches' ids at most (the batches before are written: their ids are
 * in the database).
 */
class ReservedIds {
  private writing = new Set<string>();
  private preparing = new Set<string>();

  /** Starts preparing a batch: the ids of the batch before the one being written are dropped. */
  begin(): void {
    this.writing = this.preparing;
    this.preparing = new Set();
  }

  has(space: string, id: string): boolean {
    const key = `${space}|${id}`;
    return this.preparing.has(key) || this.writing.has(key);
  }

  add(space: string, id: string): void {
    this.preparing.add(`${space}|${id}`);
  }
}

/**
 * Gives the event loop back to the import's other work when the caller has run a few milliseconds since it last did:
 * a batch is prepared beside the last batch's writes, on the same connection, and each of those statements is sent
 * once the answer to the one before it is read. A preparation that held the loop for the whole of its loops over a
 * batch's 2,000 companies (hundreds of milliseconds) left PostgreSQL idle, waiting for the next statement, meanwhile.
 */
class Pacer {
  private last = performance.now();

  constructor(private readonly sliceMs = 4) {}

  /** Whether the slice is spent. */
  due(): boolean {
    return performance.now() - this.last > this.sliceMs;
  }

  /** Lets the event loop read what came in (PostgreSQL's answers) and run what waits on it, then starts a slice. */
  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

/**
 * Waits for a batch's preparation and the last batch's writing, run side by side on the import's connection, and
 * gives the preparation's result. A failure of the writing is thrown first (the preparation's statements, sent after
 * it, fail only because the transaction is aborted).
 */
async function settledBoth<T>(preparing: Promise<T>, writing: Promise<void>): Promise<[T]> {
  const [prepared, written] = await Promise.allSettled([preparing, writing]);
  if (written.status === 'rejected') throw written.reason;
  if (prepared.status === 'rejected') throw prepared.reason;
  return [prepared.value];
}

/**
 * Ids never used by a row nor a deleted entry, one per wanted base (a slug): `base`, else `base-2`…, distinct
 * among themselves and from those `reserved` holds (the ids given are added to it). Looked up by exact ids (index
 * scans), never by prefix: each base alone first (most are free), then ten suffixes at a time for those taken.
 */
async function freeIds(
  db: Db,
  space: { name: string; tableName: string },
  wanted: string[],
  reserved: ReservedIds,
): Promise<string[]> {
  const result: (string | null)[] = wanted.map(() => null);
  const candidate = (base: string, n: number) => (n === 1 ? base : `${base}-${n}`);
  for (let from = 1, width = 1; result.includes(null); from += width, width = 10) {
    const pending = result.flatMap((id, i) => (id === null ? [i] : []));
    const candidates = [
      ...new Set(pending.flatMap((i) => Array.from({ length: width }, (_, k) => candidate(wanted[i]!, from + k)))),
    ];
    const taken = new Set(
      (
        await executePrepared<{ id: string }>(
          db,
          sql`
          select id from ${sql.identifier(space.tableName)} where id = any(${sql.param(candidates)})
          union select entity_id from changes where entity_kind = ${space.name} and entity_id = any(${sql.param(candidates)})`,
        )
      ).map((r) => r.id),
    );
    for (const i of pending) {
      for (let n = from; n < from + width; n++) {
        const id = candidate(wanted[i]!, n);
        if (taken.has(id) || reserved.has(space.name, id) || isRouteSegment(id)) continue;
        reserved.add(space.name, id);
        result[i] = id;
        break;
      }
    }
  }
  return result as string[];
}

/** The id a new entry made of `words` would be given, before suffixes: its slug. */
const baseOf = (words: string, kind: string) => slugOf(words) || kind;

/** What the batches of one import share. */
interface ImportShared {
  directory: PractitionerDirectory;
  readings: PractitionerReadings;
  reserved: ReservedIds;
  /** Notice ids found under some company: a correction targeting one is not missing its target. */
  elsewhere: ReadonlySet<string>;
  /** Practitioners and firms whose links this import removed, with what withdrew them (`withdrawUnheld`). */
  unlinked: Map<string, SavedCitation[]>;
  /** The sources of the stored notices this import withdraws, each with its correction's citation (`withdrawFacts`). */
  withdrawnSources: Map<string, SavedCitation>;
  /** The staging table's name (`NoticeStaging`), which the notices' rows are completed from. */
  staging: string;
}

/**
 * Corrections stored under another company than the notice they target (a notice filed under the wrong company,
 * corrected under the right one), for each of `sirens`: those targeting one of its notices (the file's or the
 * database's), and the corrections of those; found by their target (`proceeding_notices_target_idx`).
 */
async function storedCorrectionsAcross(
  db: Db,
  sirens: string[],
  fileBySiren: Map<string, Notice[]>,
  storedBySiren: Map<string, StoredNotice[]>,
): Promise<Map<string, StoredNotice[]>> {
  const own = new Map(
    sirens.map((s) => [
      s,
      new Set([...fileBySiren.get(s)!.map((n) => n.id), ...(storedBySiren.get(s) ?? []).map((r) => r.id)]),
    ]),
  );
  const anyOwn = new Set([...own.values()].flatMap((ids) => [...ids]));
  const byTarget = new Map<string, StoredNotice[]>();
  const searched = new Set<string>();
  for (let ids = [...anyOwn]; ids.length; ) {
    for (const id of ids) searched.add(id);
    const rows = await executePrepared<StoredNotice>(
      db,
      sql`select * from proceeding_notices where target_id = any(${sql.param(ids)})`,
    );
    for (const r of rows) byTarget.set(r.target_id!, [...(byTarget.get(r.target_id!) ?? []), r]);
    ids = [...new Set(rows.map((r) => r.id))].filter((id) => !searched.has(id) && !anyOwn.has(id));
  }
  const across = new Map<string, StoredNotice[]>();
  for (const siren of sirens) {
    const reached = new Set(own.get(siren)!);
    const queue = [...reached];
    const list: StoredNotice[] = [];
    while (queue.length) {
      for (const r of byTarget.get(queue.pop()!) ?? []) {
        if (reached.has(r.id)) continue;
        reached.add(r.id);
        queue.push(r.id);
        list.push(r);
      }
    }
    if (list.length) across.set(siren, list);
  }
  return across;
}

/**
 * One batch of companies prepared: the writes of each kind, in the order they are applied, and the notices' rows and
 * practitioners' links, every id decided (entries to create have theirs, reserved), nothing written yet.
 */
interface PreparedCompanies {
  ctx: WriteContext;
  fileBySiren: Map<string, Notice[]>;
  storedRow: Map<string, StoredNotice>;
  operatorOps: WriteOp[];
  /**
   * Operators, practitioners or firms and proceedings an earlier import withdrew that this batch's notices name
   * again (a proceeding: a notice of it current again).
   */
  shownAgain: { operators: WithdrawalEntry[]; mandataires: WithdrawalEntry[]; proceedings: WithdrawalEntry[] };
  /** Proceedings no current notice holds any more: withdrawn (withheld, kept), citing the corrections. */
  proceedingWithdrawals: WithdrawalEntry[];
  /** Operators whose company's last proceeding this batch withdraws, created from its notices. */
  leftOperators: LeftOperator[];
  firmOps: WriteOp[];
  peopleOps: WriteOp[];
  proceedingOps: WriteOp[];
  noticeRows: NoticeWrite[];
  upserts: LinkRow[];
  removals: LinkRow[];
  /** The staging table's name (`ImportShared`). */
  staging: string;
  /** The import's citations of these proceedings' facts that other notices now cite (`citationChanges`). */
  staleCitations: StaleCitation[];
  /** What the history of a practitioner no longer appointed cites (the correction that withdrew the link, if any). */
  /** The links this batch ends (a replacement), not ended so before. */
  endedNow: LinkRow[];
  goneCitation: (link: LinkRow) => SavedCitation;
}

/**
 * Prepares one batch of companies (SIREN → its notices in the file, in the file's order), in the import's
 * transaction: reads what the database knows of them, computes their timelines, matches their practitioners and
 * builds every write, while the last batch may still be written (`writeCompanies`): what it reads are these
 * companies' own rows, which no other batch writes, and the ids it gives are reserved (`ReservedIds`).
 */
async function prepareCompanies(
  db: Db,
  ctx: WriteContext,
  fileBySiren: Map<string, Notice[]>,
  lines: ReadonlyMap<string, number>,
  shared: ImportShared,
  report: BodaccImportReport,
  once: ReportedOnce,
): Promise<PreparedCompanies> {
  const { directory, readings, reserved, elsewhere } = shared;
  const sirens = [...fileBySiren.keys()];
  /** Where the report finds notice `id`: its line in this file (null when an earlier file brought it), `field`. */
  const at = (notice: string, field: string): NoticeAt => ({ line: lines.get(notice) ?? null, notice, field });
  // A notice another batch may list again: one naming several companies, a correction (staged again under its
  // target's company), one of an earlier file; the others are read under one company only (`ReportedOnce`).
  const fileNotices = new Map<string, Notice>();
  for (const notices of fileBySiren.values()) for (const n of notices) fileNotices.set(n.id, n);
  const again = (id: string) => {
    const n = fileNotices.get(id);
    return n?.companies.length !== 1 || n.targetId !== null;
  };
  once.begin();
  const pace = new Pacer();

  // 1. What the database already knows of these companies.
  const stored = sirens.length
    ? await executePrepared<StoredNotice>(
        db,
        sql`select * from proceeding_notices where siren = any(${sql.param(sirens)})`,
      )
    : [];
  const storedBySiren = new Map<string, StoredNotice[]>();
  for (const row of stored) {
    const list = storedBySiren.get(row.siren);
    if (list) list.push(row);
    else storedBySiren.set(row.siren, [row]);
  }
  const storedRow = new Map(stored.map((r) => [`${r.id}|${r.siren}`, r]));
  const operatorRows = sirens.length
    ? await executePrepared<StoredOperator>(
        db,
        sql`select id, siren, name, aliases, withheld from operators where siren = any(${sql.param(sirens)}) order by id`,
      )
    : [];
  const operatorOf = new Map<string, string>();
  const storedOperators: StoredOperator[] = [];
  for (const r of operatorRows) {
    if (operatorOf.has(r.siren)) continue;
    operatorOf.set(r.siren, r.id);
    storedOperators.push(r);
  }
  // Operators an earlier import withdrew (their notices corrected): the same entry is shown again when a proceeding
  // of theirs stands now (below), never one a source withheld (Sirene).
  const withheldOperators = storedOperators.filter((o) => o.withheld).map((o) => o.id);
  const withdrawnOperators = new Set(
    [...(await tombstonesOf(db, operatorWrites.spec.target.name, withheldOperators))].flatMap(([id, t]) =>
      t.action === 'withdraw' ? [id] : [],
    ),
  );
  // A notice staged under a company it does not name: a correction of one of its notices (`Corrections`).
  const names = (n: Notice, siren: string) => n.companies.some((c) => c.siren === siren);
  const foreignStored = await storedCorrectionsAcross(db, sirens, fileBySiren, storedBySiren);

  // 2. Each company's timeline, from all its notices.
  const timelines = new Map<string, CompanyTimeline>();
  for (const siren of sirens) {
    if (pace.due()) await pace.pause();
    const fromFile = new Map(fileBySiren.get(siren)!.map((n) => [n.id, n]));
    const storedOf = new Map((storedBySiren.get(siren) ?? []).map((r) => [r.id, r]));
    const all: TimelineNotice[] = [
      ...[...storedOf.values()]
        .filter((r) => !fromFile.has(r.id))
        .map((r) => ({ notice: noticeOfRow(r), storedProceeding: r.proceeding_id })),
      ...[...fromFile.values()].map((n) => ({
        notice: n,
        storedProceeding: storedOf.get(n.id)?.proceeding_id ?? null,
        foreign: !names(n, siren),
      })),
      ...(foreignStored.get(siren) ?? [])
        .filter((r) => !fromFile.has(r.id) && !storedOf.has(r.id))
        .map((r) => ({ notice: noticeOfRow(r), storedProceeding: null, foreign: true })),
    ];
    const timeline = companyTimeline(all, elsewhere);
    timelines.set(siren, timeline);
    // What an earlier import already applied is no problem to report again: a notice is reported when it is new to
    // the database, or when this import takes it out of its proceeding.
    const wasAttached = (id: string) => !storedOf.has(id) || Boolean(storedOf.get(id)!.proceeding_id);
    for (const id of timeline.unattached.filter(wasAttached))
      await once.add('unattached', at(id, 'jugement'), id, again(id));
    for (const w of timeline.withoutOpening.filter((w) => !storedOf.get(w.notice)?.proceeding_id))
      await once.add('withoutOpening', { ...at(w.notice, 'jugement'), effect: w.effect }, w.notice, again(w.notice));
    for (const a of timeline.afterClosure.filter((a) => !storedOf.has(a.notice))) {
      const item = { ...at(a.notice, 'jugement'), proceeding: a.proceeding, closedBy: a.closedBy };
      await once.add('afterClosure', item, a.notice, again(a.notice));
    }
    for (const m of timeline.missingTargets.filter((m) => !storedOf.has(m.notice))) {
      const item = { ...at(m.notice, 'parutionavisprecedent'), target: m.target };
      await once.add('missingTargets', item, `${m.notice}|${m.target}`, again(m.notice));
    }
    for (const m of timeline.unappliedCorrections.filter((m) => !storedOf.has(m.notice))) {
      const item = { ...at(m.notice, 'parutionavisprecedent'), ...m };
      await once.add('unappliedCorrections', item, `${m.notice}|${m.target}`, again(m.notice));
    }
    for (const [id, c] of timeline.classification) {
      const n = fromFile.get(id);
      if (n && c.effect === 'unknown' && !storedOf.has(id) && names(n, siren)) {
        const item = { ...at(n.id, 'jugement.nature'), nature: n.judgment.nature ?? '(no nature)' };
        await once.add('unknownNatures', item, n.id, again(n.id));
      }
    }
  }

  // What withdrew each notice (this batch's companies'), and the notices that can withdraw: a correction is cited in
  // the history of what it withdrew.
  const withdrawals = new Map<string, Withdrawal>();
  for (const t of timelines.values()) for (const [id, w] of t.withdrawn) withdrawals.set(id, w);
  const noticeById = new Map<string, Notice>(stored.map((r) => [r.id, noticeOfRow(r)]));
  for (const rows of foreignStored.values()) for (const r of rows) noticeById.set(r.id, noticeOfRow(r));
  for (const notices of fileBySiren.values()) for (const n of notices) noticeById.set(n.id, n);
  /** The citation of the correction that withdrew notice `id`, when one did. */
  const withdrawalCited = (id: string | null, fields: string[]): SavedCitation | null => {
    const correction = id ? noticeById.get(withdrawals.get(id)?.by ?? '') : undefined;
    return correction ? correctionCited(correction, fields) : null;
  };
  /** What a link's change cites: the correction that withdrew its notice (a link removed so), else its own words. */
  const linkCitation = (l: LinkRow, fields: string[]): SavedCitation =>
    withdrawalCited(l.notice_id, fields) ?? { source_id: l.source_id, quote: l.quote, fields };
  // Each proceeding's notices this import withdraws (stored, not withdrawn before), cited by their corrections.
  const withdrawnNow = new Map<string, SavedCitation[]>();
  for (const r of stored) {
    const cited = r.proceeding_id && !r.withdrawn_by ? withdrawalCited(r.id, []) : null;
    if (!cited) continue;
    shared.withdrawnSources.set(r.source_id, cited);
    const list = withdrawnNow.get(r.proceeding_id!) ?? [];
    if (!list.some((c) => c.source_id === cited.source_id)) list.push(cited);
    withdrawnNow.set(r.proceeding_id!, list);
  }

  // 3. Companies unknown by SIREN become operators, when a proceeding of theirs stands: what notices withdrawn, or
  // joining no proceeding, alone say creates no entry. The name: the latest notice of its proceedings naming it.
  const namingOf = (siren: string, notices: Iterable<Notice>): CompanyNaming =>
    latestNaming(notices, siren) ??
    // Notices stored before their names were kept (`company_name` null): the file's, which always name it.
    latestNaming(fileBySiren.get(siren)!, siren)!;
  const newSirens = sirens.filter((s) => !operatorOf.has(s) && timelines.get(s)!.proceedings.length);
  const operatorNames = newSirens.map((s) =>
    namingOf(
      s,
      timelines.get(s)!.proceedings.flatMap((p) => p.notices),
    ),
  );
  const operatorIds = await freeIds(
    db,
    operatorWrites.spec.target,
    operatorNames.map((n) => baseOf(n.name, 'operator')),
    reserved,
  );
  const operatorOps: WriteOp[] = newSirens.map((siren, i) => {
    const { name, notice, sirenAsWritten } = operatorNames[i]!;
    operatorOf.set(siren, operatorIds[i]!);
    return {
      action: 'create',
      id: operatorIds[i]!,
      input: createInput(operatorWrites, { name, country: 'FR', siren }),
      citations: [...cite(notice, name, ['name']), ...cite(notice, sirenAsWritten, ['siren'])],
    };
  });
  for (const id of operatorOf.values()) ctx.known?.add('operators', id);
  const operatorsShownAgain: WithdrawalEntry[] = [];
  for (const o of storedOperators) {
    const proceedings = timelines.get(o.siren)!.proceedings;
    if (!withdrawnOperators.has(o.id) || !proceedings.length) continue;
    const { notice, name } = namingOf(
      o.siren,
      proceedings.flatMap((p) => p.notices),
    );
    operatorsShownAgain.push({ id: o.id, citations: [{ source_id: sourceIdOf(notice), quote: name, fields: [] }] });
    o.withheld = false;
  }
  // The name of an operator found by SIREN follows the latest notice of its proceedings while only notices cite it.
  const naming = new Map(
    storedOperators.flatMap((o) => {
      const proceedings = timelines.get(o.siren)!.proceedings;
      return proceedings.length
        ? [
            [
              o.siren,
              namingOf(
                o.siren,
                proceedings.flatMap((p) => p.notices),
              ),
            ] as const,
          ]
        : [];
    }),
  );
  const renames = await operatorNameChanges(db, storedOperators, naming, (n) => cite(n.notice, n.name, ['name']));
  operatorOps.push(...renames.ops);
  for (const d of renames.disagreements)
    await once.list('nameDisagreements', { ...d, ...at(d.notice, 'listepersonnes') });
  // Operators an earlier import created from notices that no proceeding stands on now (this import withdrew the
  // company's last one): kept, nothing deleted, their facts still citing those notices (whose rows say what withdrew
  // them, or that they join no proceeding); listed in the report.
  const created = new Set(newSirens);
  // The stored proceedings an earlier import withdrew (kept, withheld): none of theirs is withdrawn by this import.
  const storedProceedings = [...new Set(stored.flatMap((r) => r.proceeding_id ?? []))];
  const withdrawnBefore = new Set(
    storedProceedings.length
      ? (
          await executePrepared<{ id: string }>(
            db,
            sql`select id from proceedings where id = any(${sql.param(storedProceedings)}) and withheld`,
          )
        ).map((r) => r.id)
      : [],
  );
  const left = sirens.filter(
    (s) =>
      !created.has(s) &&
      operatorOf.has(s) &&
      !storedOperators.find((o) => o.siren === s)?.withheld &&
      !timelines.get(s)!.proceedings.length &&
      (storedBySiren.get(s) ?? []).some((r) => r.proceeding_id && !withdrawnBefore.has(r.proceeding_id)),
  );
  const leftSources = left.length
    ? await db.execute<{ operator_id: string; source_id: string }>(sql`
        select distinct operator_id, source_id from citations
         where operator_id = any(${sql.param(left.map((s) => operatorOf.get(s)!))}) and source_id like 'bodacc-%'
         order by source_id`)
    : [];
  // Those only BODACC cites may go once their proceedings are withdrawn (`writeCompanies`); the others are kept.
  const citedElsewhere = new Set(
    left.length
      ? (
          await db.execute<{ id: string }>(sql`
            select distinct operator_id as id from citations
             where operator_id = any(${sql.param(left.map((s) => operatorOf.get(s)!))})
               and source_id not like 'bodacc-%'`)
        ).map((r) => r.id)
      : [],
  );
  const leftOperators: LeftOperator[] = [];
  for (const siren of left) {
    const operator = operatorOf.get(siren)!;
    const notices = leftSources.flatMap((r) =>
      r.operator_id === operator ? [r.source_id.slice('bodacc-'.length).toUpperCase()] : [],
    );
    if (!notices.length) continue;
    const proceedingIds = new Set((storedBySiren.get(siren) ?? []).flatMap((r) => r.proceeding_id ?? []));
    const recorded = [...proceedingIds].flatMap((id) => withdrawnNow.get(id) ?? []);
    leftOperators.push({ operator, siren, notices, recorded, citedElsewhere: citedElsewhere.has(operator) });
  }

  // 4. The proceedings: created, changed, or withdrawn when no current notice holds them any more: withheld
  // (`setWithdrawn`, as an operator made of withdrawn notices is), never deleted, so that its history and its notices
  // stay under its id, and a notice of it current again (the correction that withdrew it annulled) shows the same
  // entry again. A later opening is another proceeding (an opening starts one), as in one file.
  const planned = [...timelines.entries()].flatMap(([siren, t]) => t.proceedings.map((p) => ({ siren, p })));
  const storedProceedingIds = [
    ...new Set(stored.flatMap((r) => (r.proceeding_id ? [r.proceeding_id] : []))),
    ...planned.map(({ p }) => p.id),
  ];
  const storedIds = new Set(stored.map((r) => r.proceeding_id));
  const plannedOperator = new Map(planned.map(({ siren, p }) => [p.id, operatorOf.get(siren)]));
  // A proceeding is this company's when its notices were attached to it, or it is already the company's (not
  // another company's whose first notice named this one too, imported in an earlier batch).
  const existing = new Map(
    (storedProceedingIds.length
      ? await executePrepared<Record<string, unknown> & { id: string }>(
          db,
          sql`select * from proceedings where id = any(${sql.param(storedProceedingIds)})`,
        )
      : []
    )
      .filter((r) => storedIds.has(r.id) || r.operator_id === plannedOperator.get(r.id))
      .map((r) => [r.id, r]),
  );
  // An id once deleted is never reused (a proceeding an import before withholding deleted, opened again, gets a new
  // one); a withdrawn proceeding's row is kept, so its id is found in `existing` and shown again.
  const fresh = planned.filter(({ p }) => !existing.has(p.id));
  const freshIds = await freeIds(
    db,
    proceedingWrites.spec.target,
    fresh.map(({ p }) => p.id),
    reserved,
  );
  fresh.forEach(({ siren, p }, i) => {
    const id = freshIds[i]!;
    const { proceedingOf } = timelines.get(siren)!;
    for (const [notice, of] of proceedingOf) if (of === p.id) proceedingOf.set(notice, id);
    p.id = id;
  });
  const proceedingOps: WriteOp[] = [];
  // The import's own citations of these proceedings (BODACC's sources), to find the facts whose notice changed.
  const storedCitations = new Map<string, StoredCitation[]>();
  if (existing.size) {
    for (const c of await db.execute<StoredCitation>(sql`
      select id, proceeding_id, source_id, quote, fields from citations
       where proceeding_id = any(${sql.param([...existing.keys()])}) and source_id like 'bodacc-%' order by id`))
      storedCitations.set(c.proceeding_id, [...(storedCitations.get(c.proceeding_id) ?? []), c]);
  }
  const staleCitations: StaleCitation[] = [...renames.stale];
  const proceedingsShownAgain: WithdrawalEntry[] = [];
  for (const { siren, p } of planned) {
    if (pace.due()) await pace.pause();
    // The company's name as the latest of the proceeding's own notices writes it.
    const company = namingOf(siren, p.notices);
    const fields = {
      company_name: company.name,
      operator: operatorOf.get(siren)!,
      kind: p.kind,
      date: p.date,
      court: p.court,
      closed_on: p.closedOn,
      closure_nature: p.closureNature,
    };
    // Each fact cited by the notice that says it.
    const facts: Record<string, CitationInput[]> = {
      company_name: cite(company.notice, company.name, ['company_name', 'operator']),
      kind: cite(p.kindFrom, kindQuote(p.kindFrom.judgment, p.kind), ['kind']),
      date: p.openedBy ? cite(p.openedBy, p.openedBy.judgment.dateAsWritten, ['date']) : [],
      court: cite(p.courtFrom, p.courtFrom.courtAsWritten, ['court']),
      closed_on: p.closedBy ? cite(p.closedBy, p.closedBy.judgment.dateAsWritten, ['closed_on']) : [],
      closure_nature: p.closedBy ? cite(p.closedBy, p.closedBy.judgment.nature, ['closure_nature']) : [],
    };
    const row = existing.get(p.id);
    if (!row) {
      proceedingOps.push({
        action: 'create',
        id: p.id,
        input: createInput(proceedingWrites, fields),
        citations: dedupe(Object.values(facts).flat()),
      });
      continue;
    }
    const columns: Record<string, unknown> = { ...fields, operator_id: fields.operator };
    const changed = Object.keys(fields).filter((f) => {
      const column = f === 'operator' ? 'operator_id' : f;
      return (row[column] ?? null) !== (columns[column] ?? null);
    });
    if (row.withheld) {
      // Withdrawn by an earlier import, current again: shown again before its update, citing the notice that is
      // current again (or new to it).
      const back =
        p.notices.find((n) => {
          const before = storedRow.get(`${n.id}|${siren}`);
          return !before || before.withdrawn_by || before.proceeding_id !== p.id;
        }) ?? company.notice;
      proceedingsShownAgain.push({ id: p.id, citations: [correctionCited(back, [])] });
    }
    const cited = citationChanges(Object.values(facts).flat(), storedCitations.get(p.id) ?? [], changed);
    if (!cited) {
      // Shown again, its facts as they were: counted updated once shown (`writeCompanies`).
      if (!row.withheld) report.proceedings.unchanged++;
      continue;
    }
    staleCitations.push(...cited.stale);
    proceedingOps.push({
      action: 'update',
      id: p.id,
      patch: Object.fromEntries(changed.map((f) => [f, fields[f as keyof typeof fields]])),
      citations: dedupe(cited.citations),
      ifMatch: '*',
      // A fact cited anew by another notice, its value the same, is recorded too.
      confirm: true,
    });
  }
  const plannedIds = new Set(planned.map(({ p }) => p.id));
  const withdrawnProceedings = [...existing.keys()].filter((id) => !plannedIds.has(id) && !existing.get(id)!.withheld);
  // A proceeding no longer planned is merged into the one now holding a notice that was current in it (absorbed: a
  // clôture imported before its opening, now in the opening's proceeding; one an earlier import named after a
  // rectificatif whose target had not arrived, now named after that target, `lineage` of timeline.ts; a conversion's
  // own proceeding after a clôture an annulation takes away, joined to the one before), its change citing the notice
  // naming the survivor (its opening, the target its rectificatif stands for, else that notice), so that its id
  // answers as a merged one, 308 to the survivor (`into`). Only one whose every notice is withdrawn now (or joins no
  // proceeding) is withdrawn, citing the corrections that withdrew them, whatever else the same file corrects (fault
  // 02 of /tmp/verify40: a rétractation of its conversion beside the rectificatif's target made it a 410 « withdrawn »
  // citing the rétractation, though the rectificatif it was made of stood in the target's proceeding).
  const absorbedInto = new Map<string, { cited: Notice; into: string }>();
  for (const { siren, p } of planned) {
    // The notice naming the survivor: its opening, or the notice a rectificatif standing for it replaces (the target
    // whose arrival renamed it), and so on.
    const { withdrawn } = timelines.get(siren)!;
    const origin = (n: Notice, seen = new Set<string>()): Notice => {
      seen.add(n.id);
      for (const [id, w] of withdrawn)
        if (w.by === n.id && w.reason === 'rectificatif' && !seen.has(id) && noticeById.has(id))
          return origin(noticeById.get(id)!, seen);
      return n;
    };
    for (const n of p.notices) {
      const before = storedRow.get(`${n.id}|${siren}`);
      const from = before && !before.withdrawn_by ? before.proceeding_id : null;
      if (from && from !== p.id && !absorbedInto.has(from))
        absorbedInto.set(from, { cited: origin(p.openedBy ?? n), into: p.id });
    }
  }
  const proceedingWithdrawals: WithdrawalEntry[] = withdrawnProceedings.map((id) => {
    const absorbed = absorbedInto.get(id);
    return absorbed
      ? { id, citations: [correctionCited(absorbed.cited, [])], into: absorbed.into }
      : { id, citations: withdrawnNow.get(id) ?? [] };
  });
  // The practitioners these proceedings linked from notices: each may be left holding nothing (`withdrawUnheld`).
  if (withdrawnProceedings.length) {
    for (const l of await db.execute<{ proceeding_id: string; mandataire_id: string }>(sql`
      select proceeding_id, mandataire_id from proceeding_practitioners
       where proceeding_id = any(${sql.param(withdrawnProceedings)}) and notice_id is not null`))
      shared.unlinked.set(l.mandataire_id, [
        ...(shared.unlinked.get(l.mandataire_id) ?? []),
        ...(withdrawnNow.get(l.proceeding_id) ?? []),
      ]);
  }
  // Applied once their practitioners are known (below): one history entry per proceeding, its links' changes in it.

  // 5. The practitioners the current notices designate, matched to the directory or created.
  const { index, knownById } = directory;
  const designationsOf = new Map<string, NoticeDesignation[]>();
  const links = new Map<string, Map<string, LinkRow>>();
  const newFirms: {
    name: string;
    placeholder: string;
    notice: Notice;
    quote: string;
    commune: string | null;
    postal: string | null;
  }[] = [];
  const newPeople: {
    name: string;
    placeholder: string;
    firm: string | null;
    notice: Notice;
    quote: string;
    commune: string | null;
    postal: string | null;
    profession: Profession | null;
  }[] = [];
  // What a notice adds to a known practitioner's entry that lacks it (firm, commune, profession), by entry.
  const fills = new Map<string, { patch: Record<string, string>; citations: CitationInput[] }>();
  const pending: {
    proceeding: string;
    notice: Notice;
    d: NoticeDesignation;
    firmName: string | null;
    personName: string | null;
    /** The street word the person's name may end with (`ExtractedPractitioner.streetWordAfter`). */
    streetWordAfter?: string;
    powers: string[] | null;
    /** The practitioners it replaces in its role (`ExtractedPractitioner.replaces`). */
    replaces: NonNullable<ExtractedPractitioner['replaces']>;
    /** Whether the report lists its doubts: not when an earlier import applied its notice as it is. */
    reported: boolean;
  }[] = [];
  // The replacements naming no new holder (« remplacement du liquidateur Me X. »), each applied in the notices' order
  // just before the designation that follows it (`before`: its index in `pending`).
  const holderless: {
    proceeding: string;
    notice: Notice;
    w: ReplacementWithoutHolder;
    reported: boolean;
    before: number;
  }[] = [];
  for (const { siren, p } of planned) {
    if (pace.due()) await pace.pause();
    // The roles each holder holds in this proceeding as its notices read so far say (`heldKey`): what a replacement
    // naming no role (« désigne Me X aux lieu et place de Me Y ») gives X.
    const held = new Map<string, Set<string>>();
    const rolesOf = (h: HolderNamed) => {
      const key = heldKey(h);
      let roles = held.get(key);
      if (!roles) {
        roles = new Set();
        held.set(key, roles);
      }
      return roles;
    };
    for (const n of p.notices) {
      const reading = readings.of(n.judgment.complement ?? '');
      // Reported when new to the database or joining this proceeding now (`unattached` above).
      const before = storedRow.get(`${n.id}|${siren}`);
      const reported = !before || before.proceeding_id !== p.id;
      if (reported)
        for (const u of reading.uncertain) {
          const item = { ...at(n.id, complementField), quote: u.quote, reason: u.reason, partly: u.partly };
          await once.add('uncertain', item, `${n.id}|${u.quote}|${u.reason}`, again(n.id));
        }
      const list: NoticeDesignation[] = [];
      // Those naming no role, in the one role those they replace hold here; else reported, nothing linked nor ended.
      const practitioners: ExtractedPractitioner[] = [...reading.practitioners];
      for (const w of reading.withoutRole ?? []) {
        const roles = new Set(w.replaces.flatMap((r) => [...rolesOf(r)]));
        if (roles.size === 1) {
          const role = [...roles][0] as PractitionerRole;
          for (const h of w.holders)
            practitioners.push({ ...h, role, profession: null, powers: null, quote: w.quote, replaces: w.replaces });
        } else if (reported) {
          const reason = rolelessReason(w, roles);
          const item = { ...at(n.id, complementField), quote: w.quote, reason };
          if (await once.add('uncertain', item, `${n.id}|${w.quote}|${reason}`, again(n.id))) once.unlinked++;
        }
      }
      for (const e of practitioners) {
        for (const r of e.replaces ?? []) rolesOf(r).delete(e.role);
        rolesOf(e).add(e.role);
      }
      for (const w of reading.withoutHolder ?? [])
        if (w.ends && w.role) for (const r of w.replaces) rolesOf(r).delete(w.role);
      for (const e of practitioners) {
        const d: NoticeDesignation = {
          role: e.role,
          firm: e.firm,
          person: e.person,
          city: e.city,
          postal_code: e.postalCode ?? null,
          powers: e.powers?.kinds ?? null,
          quote: e.quote,
          mandataire_id: null,
          unlinked: null,
        };
        list.push(d);
        pending.push({
          proceeding: p.id,
          notice: n,
          d,
          firmName: e.firm,
          personName: e.person,
          streetWordAfter: e.streetWordAfter,
          powers: e.powers?.kinds ?? null,
          replaces: e.replaces ?? [],
          reported,
        });
      }
      designationsOf.set(n.id, list);
      for (const w of reading.withoutHolder ?? [])
        holderless.push({ proceeding: p.id, notice: n, w, reported, before: pending.length });
    }
  }
  // Who each designation names, decided before anything is created: a passage with any doubt (its person or its
  // firm) links nothing and creates nothing, neither firm nor person; it is only reported. Ids in the index: real,
  // or placeholders of entries to create.
  const firmMatch = new Map<string, Match>();
  const firmOf = (name: string): Match => {
    let match = firmMatch.get(name);
    if (!match) {
      match = index.firm(name);
      firmMatch.set(name, match);
    }
    return match;
  };
  /** The firm's id (a placeholder when it is to be created). */
  const firmId = (name: string, item: (typeof pending)[number]): string => {
    const match = firmOf(name);
    if (match.status === 'known') return match.id;
    const placeholder = directory.placeholder();
    const place = directory.place(item.d.city, item.d.postal_code);
    const commune = place?.commune ?? null;
    newFirms.push({
      name,
      placeholder,
      notice: item.notice,
      quote: item.d.quote,
      commune,
      postal: place?.code_postal ?? null,
    });
    index.add({ id: placeholder, name, kind: 'firm', firm_id: null, commune });
    firmMatch.set(name, { status: 'known', id: placeholder });
    return placeholder;
  };
  /** The designations not linked, reported once the entries created have their ids (`named`). */
  const doubtful: (typeof pending)[number][] = [];
  for (const item of pending) {
    if (pace.due()) await pace.pause();
    // The notice's own company (its `listepersonnes`) is never a practitioner's firm (verify51 fault 10): what the
    // text says of it is the debtor's, so nothing is linked nor created, and the designation is reported.
    const debtor = item.firmName && debtorNamed(item.notice, item.firmName);
    if (debtor) {
      item.d.unlinked = `the firm named, « ${item.firmName} », is the notice's own company (${debtor}): no practitioner's firm`;
      doubtful.push(item);
      continue;
    }
    const firm = item.firmName ? firmOf(item.firmName) : null;
    const person = item.personName
      ? index.person({
          person: item.personName,
          firm: item.firmName,
          city: item.d.city,
          streetWordAfter: item.streetWordAfter,
          profession: professionOf({ ...item.d, role: item.d.role as PractitionerRole }),
        })
      : null;
    const doubt = [firm, person].find((m) => m?.status === 'uncertain') as { reason: string } | undefined;
    if (doubt || (!firm && !person)) {
      item.d.unlinked = doubt?.reason ?? 'a firm alone, which could not be told apart';
      doubtful.push(item);
      continue;
    }
    const firmOfItem = item.firmName ? firmId(item.firmName, item) : null;
    if (!person) {
      item.d.mandataire_id = firmOfItem;
    } else if (person.status === 'known') {
      item.d.mandataire_id = person.id;
      const entry = knownById.get(person.id);
      if (entry) {
        const added: Record<string, string> = {};
        const place = directory.place(item.d.city, item.d.postal_code);
        const profession = professionOf({ ...item.d, role: item.d.role as PractitionerRole });
        if (!entry.firm_id && firmOfItem) added.firm = entry.firm_id = firmOfItem;
        if (!entry.commune && place) {
          added.commune = entry.commune = place.commune;
          if (place.code_postal) added.code_postal = place.code_postal;
        }
        if (!entry.profession && profession) added.profession = entry.profession = profession;
        if (Object.keys(added).length) {
          const fill = fills.get(person.id) ?? { patch: {}, citations: [] };
          Object.assign(fill.patch, added);
          fill.citations.push(...cite(item.notice, item.d.quote, Object.keys(added)));
          fills.set(person.id, fill);
        }
      }
    } else {
      const placeholder = directory.placeholder();
      const place = directory.place(item.d.city, item.d.postal_code);
      const commune = place?.commune ?? null;
      // « LEBRUN Paul » becomes « Paul Lebrun »: the entry's name and id, whichever order the notice wrote it in.
      const name = displayPersonName(item.personName!, item.firmName);
      newPeople.push({
        name,
        placeholder,
        firm: firmOfItem,
        notice: item.notice,
        quote: item.d.quote,
        commune,
        postal: place?.code_postal ?? null,
        profession: professionOf({ ...item.d, role: item.d.role as PractitionerRole }),
      });
      const { profession } = newPeople.at(-1)!;
      index.add({ id: placeholder, name, kind: 'practitioner', firm_id: firmOfItem, commune, profession });
      item.d.mandataire_id = placeholder;
    }
  }
  // Firms first: a practitioner joins theirs.
  const firmIds = await freeIds(
    db,
    mandataireWrites.spec.target,
    newFirms.map((f) => baseOf(f.name, 'mandataire')),
    reserved,
  );
  for (const [i, f] of newFirms.entries()) directory.settle(f.placeholder, firmIds[i]!);
  const firmOps = newFirms.map(
    (f, i): WriteOp => ({
      action: 'create',
      id: firmIds[i]!,
      input: createInput(mandataireWrites, {
        name: f.name,
        kind: 'firm',
        commune: f.commune,
        ...(f.postal ? { code_postal: f.postal } : {}),
      }),
      citations: cite(f.notice, f.quote, [
        'name',
        'kind',
        ...(f.commune ? ['commune'] : []),
        ...(f.postal ? ['code_postal'] : []),
      ]),
    }),
  );
  // The firms practitioners join, known as firms without a look-up each: those just created, the directory's. One
  // just created is known to exist too: a practitioner's `firm_id` naming it is neither looked up again nor followed
  // to a survivor (`survivingReferences`, a query a practitioner created before).
  for (const id of firmIds) {
    knownFirm(ctx.known, id);
    ctx.known?.add(mandataireWrites.spec.target.tableName, id);
  }
  for (const p of newPeople) {
    const id = directory.resolve(p.firm);
    if (id && knownById.get(id)?.kind === 'firm') knownFirm(ctx.known, id);
  }
  const personIds = await freeIds(
    db,
    mandataireWrites.spec.target,
    newPeople.map((p) => baseOf(p.name, 'mandataire')),
    reserved,
  );
  for (const [i, p] of newPeople.entries()) directory.settle(p.placeholder, personIds[i]!);
  /** The entries this import creates, by id: their name and firm, as the report names them (`labelOfId`). */
  const createdEntries = new Map<string, { name: string; firm_id: string | null }>([
    ...newFirms.map((f, i) => [firmIds[i]!, { name: f.name, firm_id: null }] as const),
    ...newPeople.map((p, i) => [personIds[i]!, { name: p.name, firm_id: directory.resolve(p.firm) }] as const),
  ]);
  /** A practitioner of the directory as the report names them: « 'Prénom Nom' (SELARL X) », never by their id. */
  const labelOfId = (id: string) => {
    const entry = knownById.get(id) ?? createdEntries.get(id);
    if (!entry) return `'${id}'`;
    const firm = entry.firm_id ? (knownById.get(entry.firm_id) ?? createdEntries.get(entry.firm_id)) : undefined;
    return `'${entry.name}'${firm ? ` (${firm.name})` : ''}`;
  };
  for (const item of doubtful) {
    item.d.unlinked = directory.named(item.d.unlinked!);
    if (!item.reported) continue;
    const listed = { ...at(item.notice.id, complementField), quote: item.d.quote, reason: item.d.unlinked };
    const key = `${item.notice.id}|${item.d.quote}|${item.d.unlinked}`;
    if (await once.add('uncertain', listed, key, again(item.notice.id))) once.unlinked++;
  }
  const peopleOps: WriteOp[] = [
    ...newPeople.map(
      (p, i): WriteOp => ({
        action: 'create',
        id: personIds[i]!,
        input: createInput(mandataireWrites, {
          name: p.name,
          kind: 'practitioner',
          firm: directory.resolve(p.firm),
          commune: p.commune,
          ...(p.postal ? { code_postal: p.postal } : {}),
          profession: p.profession,
        }),
        citations: cite(p.notice, p.quote, [
          'name',
          'kind',
          ...(p.firm ? ['firm'] : []),
          ...(p.commune ? ['commune'] : []),
          ...(p.postal ? ['code_postal'] : []),
          ...(p.profession ? ['profession'] : []),
        ]),
      }),
    ),
    ...[...fills].map(
      ([id, { patch, citations }]): WriteOp => ({
        action: 'update',
        id,
        patch: patch.firm ? { ...patch, firm: directory.resolve(patch.firm) } : patch,
        citations: dedupe(citations),
        ifMatch: '*',
        confirm: false,
      }),
    ),
  ];
  report.practitioners.created += newPeople.length;
  report.practitioners.firmsCreated += firmOps.length;
  // Practitioners and firms an earlier import withdrew that a designation names again (the practitioner, their firm
  // as named or as their entry holds it): shown again, the same entries, citing the designation.
  const mandatairesShownAgain = new Map<string, WithdrawalEntry>();
  const showAgain = (id: string | null | undefined, item: (typeof pending)[number]) => {
    const entry = id ? knownById.get(id) : undefined;
    if (!entry?.withheld) return;
    entry.withheld = false;
    mandatairesShownAgain.set(entry.id, {
      id: entry.id,
      citations: [{ source_id: sourceIdOf(item.notice), quote: item.d.quote, fields: [] }],
    });
    showAgain(entry.firm_id, item);
  };
  /** The links a later judgment replaced (« remplacement du liquidateur Me Y par … »), by appointment
   * (`appointmentOf`): what their end cites. */
  const endedBy = new Map<string, SavedCitation>();
  /** Lists a passage with why; `ended` when the import acted on it (an appointment ended): not counted unlinked. */
  const reportOnce = async (notice: Notice, quote: string, reason: string, ended = false) => {
    const listed = { ...at(notice.id, complementField), quote, reason, ...(ended ? { ended: true as const } : {}) };
    if (await once.add('uncertain', listed, `${notice.id}|${quote}|${reason}`, again(notice.id))) {
      if (ended) once.ended++;
      else once.unlinked++;
    }
  };
  /**
   * Ends, in `role`, the links of the practitioners `replaced` in the proceeding (kept, ended on the judgment's date
   * and citing `quote` of `notice`), but the new holder's (`holder`); returns those not found holding that role there.
   */
  const endReplaced = (
    proceeding: string,
    notice: Notice,
    quote: string,
    role: string,
    replaced: NonNullable<ExtractedPractitioner['replaces']>,
    holder: string | null,
  ) => {
    const byAppointment = links.get(proceeding) ?? new Map<string, LinkRow>();
    links.set(proceeding, byAppointment);
    const notFound: string[] = [];
    for (const r of replaced) {
      const match = r.person
        ? index.person({ person: r.person, firm: r.firm, city: null })
        : r.firm
          ? firmOf(r.firm)
          : null;
      const id = match?.status === 'known' ? directory.resolve(match.id) : null;
      const key = id ? appointmentOf({ proceeding_id: proceeding, mandataire_id: id, role }) : '';
      const held = id ? byAppointment.get(key) : undefined;
      if (id && held && !held.ended_notice_id && id !== holder) {
        byAppointment.set(key, {
          ...held,
          // A judgment whose date was not read still ends it (`ended_notice_id`), its date left unknown.
          ended_on: notice.judgment.date,
          ended_notice_id: notice.id,
          ended_quote: quote,
        });
        endedBy.set(key, { source_id: sourceIdOf(notice), quote, fields: [] });
      } else if (!(id && endedBy.has(key))) notFound.push(holderLabel(r));
    }
    return notFound;
  };
  /**
   * A mission ended by its role alone (« mettant fin à la mission de l'administrateur », `w.holder`, verify49 fault
   * 02): the current holders of `role` in the proceeding, but those this notice designates, are ended as a discharge
   * ends them (`w.holder` `every`: each of them; `sole`: the one, nothing ended when several hold it); reported.
   */
  const endRoleHolders = async (
    proceeding: string,
    notice: Notice,
    w: ReplacementWithoutHolder,
    role: string,
    reported: boolean,
  ) => {
    const byAppointment = links.get(proceeding) ?? new Map<string, LinkRow>();
    links.set(proceeding, byAppointment);
    const current = [...byAppointment.entries()].filter(
      ([, l]) => l.role === role && !l.ended_notice_id && l.notice_id !== notice.id,
    );
    const lead = `a discharge of the ${role} not named (no one is designated in their place)`;
    if (!current.length || (w.holder === 'sole' && current.length > 1)) {
      if (reported)
        await reportOnce(
          notice,
          w.quote,
          current.length
            ? `${lead}: ${current.length} practitioners hold that role in this proceeding, whose mission ends is not told: nothing is ended`
            : `${lead}: no one is found holding that role in this proceeding, nothing is ended`,
        );
      return;
    }
    for (const [key, held] of current) {
      byAppointment.set(key, {
        ...held,
        ended_on: notice.judgment.date,
        ended_notice_id: notice.id,
        ended_quote: w.quote,
      });
      endedBy.set(appointmentOf(held), { source_id: sourceIdOf(notice), quote: w.quote, fields: [] });
    }
    if (reported)
      await reportOnce(
        notice,
        w.quote,
        `${lead}: the appointment as ${role} of ${current.map(([, l]) => labelOfId(l.mandataire_id)).join(', ')} is ended`,
        true,
      );
  };
  // The replacements naming no new holder, each reported: the one replaced ended when the text pronounces it and
  // names the role; no one is designated in their place (never guessed).
  let nextHolderless = 0;
  const applyHolderless = async (upTo: number) => {
    for (; nextHolderless < holderless.length && holderless[nextHolderless]!.before <= upTo; nextHolderless++) {
      const { proceeding, notice, w, reported } = holderless[nextHolderless]!;
      // A role ended with no holder named (`w.holder`): the role stands for the name.
      const names = w.replaces.length
        ? w.replaces.map(holderLabel).join(', ')
        : `the ${w.role ?? 'practitioner'} not named`;
      // A discharge (« met fin à la mission de Me X ») ends the mission as a replacement does, no one in their place.
      const lead = w.discharge
        ? `a discharge (${names} discharged of the mission; no one is designated in their place)`
        : `a replacement naming no new holder (${names} replaced; no one is designated in their place)`;
      if (!w.ends || !w.role) {
        if (reported)
          await reportOnce(
            notice,
            w.quote,
            `${lead}: nothing is ended, ${w.ends ? 'the text names no role' : 'the text pronounces no replacement'}`,
          );
        continue;
      }
      if (w.holder) {
        await endRoleHolders(proceeding, notice, w, w.role, reported);
        continue;
      }
      const notFound = endReplaced(proceeding, notice, w.quote, w.role, w.replaces, null);
      if (!reported) continue;
      await reportOnce(
        notice,
        w.quote,
        notFound.length
          ? `${lead}: ${notFound.join(', ')} not found holding the role of ${w.role} in this proceeding, nothing is ended for them`
          : `${lead}: their appointment as ${w.role} is ended`,
        notFound.length === 0,
      );
    }
  };
  for (const [i, item] of pending.entries()) {
    if (pace.due()) await pace.pause();
    await applyHolderless(i);
    item.d.mandataire_id = directory.resolve(item.d.mandataire_id);
    // One appointment per practitioner and role in a proceeding (`appointmentOf`): a second role (liquidateur at the
    // conversion of a redressement where they were mandataire judiciaire) adds one; the latest designation in a role
    // gives that appointment (notices in judgment order).
    const byAppointment = links.get(item.proceeding) ?? new Map<string, LinkRow>();
    links.set(item.proceeding, byAppointment);
    // The ones it replaces are no longer current in that role: their link is kept, ended on this judgment's date and
    // citing it, whether or not the new holder is linked; one not found holding that role here is reported.
    const notFound = endReplaced(
      item.proceeding,
      item.notice,
      item.d.quote,
      item.d.role,
      item.replaces,
      item.d.mandataire_id,
    );
    if (item.reported)
      for (const name of notFound)
        await reportOnce(
          item.notice,
          item.d.quote,
          `the practitioner replaced, ${name}, is not found holding the role of ${item.d.role} in this proceeding: nothing is ended`,
        );
    if (!item.d.mandataire_id) continue; // unlinked above, reported
    showAgain(item.d.mandataire_id, item);
    const firm = item.firmName ? firmMatch.get(item.firmName) : undefined;
    if (firm?.status === 'known') showAgain(directory.resolve(firm.id), item);
    const link = {
      proceeding_id: item.proceeding,
      mandataire_id: item.d.mandataire_id,
      role: item.d.role,
      source_id: sourceIdOf(item.notice),
      quote: item.d.quote,
      notice_id: item.notice.id,
      appointed_on: item.notice.judgment.date,
      powers: item.powers,
      ended_on: null,
      ended_notice_id: null,
      ended_quote: null,
    };
    byAppointment.set(appointmentOf(link), link);
  }
  await applyHolderless(pending.length);

  // The links of each proceeding its current notices make, against those stored: what to add, change and remove.
  const proceedingIds = planned.map(({ p }) => p.id);
  const storedLinks = proceedingIds.length
    ? await executePrepared<LinkRow>(
        db,
        sql`
        select proceeding_id, mandataire_id, role, source_id, quote, notice_id, appointed_on, powers, ended_on,
               ended_notice_id, ended_quote
          from proceeding_practitioners where proceeding_id = any(${sql.param(proceedingIds)})`,
      )
    : [];
  const storedBy = new Map(storedLinks.map((l) => [appointmentOf(l), l]));
  const upserts: LinkRow[] = [];
  const removals: LinkRow[] = [];
  for (const id of proceedingIds) {
    for (const link of links.get(id)?.values() ?? []) {
      const before = storedBy.get(appointmentOf(link));
      if (before && !before.notice_id) continue; // a link made by hand stays
      if (before && sameLink(before, link)) continue;
      upserts.push(link);
    }
  }
  for (const l of storedLinks) {
    if (l.notice_id && !links.get(l.proceeding_id)?.has(appointmentOf(l))) removals.push(l);
  }
  // A link removed (what corrections undo) may leave its practitioner holding nothing: `withdrawUnheld`.
  for (const l of removals) {
    shared.unlinked.set(l.mandataire_id, [...(shared.unlinked.get(l.mandataire_id) ?? []), linkCitation(l, [])]);
  }
  // The proceedings, each with the changes of its links (the practitioners'), in one history entry: a proceeding
  // created or changed cites them beside its own facts; one otherwise unchanged is touched. Links are cited in
  // history only (their own citation is the link's source and quote).
  const linkCited = new Map<string, SavedCitation>();
  for (const l of [...upserts, ...removals]) {
    const ended = l.ended_notice_id ? endedBy.get(appointmentOf(l)) : undefined;
    if (!linkCited.has(l.proceeding_id))
      linkCited.set(
        l.proceeding_id,
        ended ? { ...ended, fields: ['practitioners'] } : linkCitation(l, ['practitioners']),
      );
  }
  const withdrawnIds = new Set(withdrawnProceedings);
  // The corrections that withdrew some of a proceeding's notices are cited in its history entry too (in its touch
  // when nothing else of it changes).
  const recorded = (id: string, cited: CitationInput[]) => {
    const own = new Set(cited.map((c) => String(c.source)));
    const list = [...(linkCited.has(id) ? [linkCited.get(id)!] : [])];
    for (const c of withdrawnNow.get(id) ?? []) {
      if (!own.has(c.source_id) && !list.some((l) => l.source_id === c.source_id)) list.push(c);
    }
    linkCited.delete(id);
    withdrawnNow.delete(id);
    return list;
  };
  for (const op of proceedingOps) {
    if (op.action !== 'create' && op.action !== 'update') continue;
    const list = recorded(op.id!, op.citations ?? []);
    if (list.length) op.recorded = list;
  }
  for (const id of new Set([...linkCited.keys(), ...withdrawnNow.keys()])) {
    if (withdrawnIds.has(id) || !existing.has(id)) continue;
    const list = recorded(id, []);
    if (list.length) proceedingOps.push({ action: 'touch', id, citations: list });
  }

  // 6. The notices, as stored: their proceeding, classification, withdrawal and designations.
  const noticeRows: NoticeWrite[] = [];
  for (const [siren, t] of timelines) {
    if (pace.due()) await pace.pause();
    const fromFile = new Map(fileBySiren.get(siren)!.map((n) => [n.id, n]));
    const ids = new Set([...fromFile.keys(), ...(storedBySiren.get(siren) ?? []).map((r) => r.id)]);
    for (const id of ids) {
      const before = storedRow.get(`${id}|${siren}`);
      const n = fromFile.get(id) ?? noticeOfRow(before!);
      if (!before && !names(n, siren)) continue; // a correction of this company's notice, stored under its own
      const c: Classification = t.classification.get(id) ?? { kind: null, effect: 'unknown' };
      const w = t.withdrawn.get(id);
      const company = n.companies.find((c) => c.siren === siren);
      const decided: DecidedNoticeFields = {
        id,
        siren,
        natural_person: company?.natural ?? before?.natural_person ?? null,
        proceeding_id: t.proceedingOf.get(id) ?? null,
        kind: c.kind,
        effect: c.effect,
        source_id: sourceIdOf(n),
        withdrawn_by: w?.by ?? null,
        withdrawn_reason: w?.reason ?? null,
        designations: designationsOf.get(id) ?? [],
      };
      // The file's notice naming this company: the rest of its row is the staged notice's (`noticeWrites`).
      const line = fromFile.has(id) && company ? lines.get(id) : undefined;
      if (line !== undefined) {
        noticeRows.push({ decided, line });
        continue;
      }
      noticeRows.push({
        row: {
          id,
          siren,
          company_name: company?.name ?? before?.company_name ?? null,
          siren_as_written: company?.sirenAsWritten ?? before?.siren_as_written ?? null,
          natural_person: company?.natural ?? before?.natural_person ?? null,
          proceeding_id: t.proceedingOf.get(id) ?? null,
          publication: n.publication,
          parution: n.parution,
          number: n.number,
          published_on: n.publishedOn,
          notice_type: n.type,
          family: n.judgment.family,
          nature: n.judgment.nature,
          kind: c.kind,
          effect: c.effect,
          judgment_date: n.judgment.date,
          judgment_date_as_written: n.judgment.dateAsWritten,
          complement: n.judgment.complement,
          court: n.court,
          court_as_written: n.courtAsWritten,
          url: n.url,
          source_id: sourceIdOf(n),
          target_id: n.targetId,
          withdrawn_by: w?.by ?? null,
          withdrawn_reason: w?.reason ?? null,
          designations: designationsOf.get(id) ?? [],
        },
      });
    }
  }
  return {
    ctx,
    fileBySiren,
    storedRow,
    operatorOps,
    shownAgain: {
      operators: operatorsShownAgain,
      mandataires: [...mandatairesShownAgain.values()],
      proceedings: proceedingsShownAgain,
    },
    proceedingWithdrawals,
    leftOperators,
    firmOps,
    peopleOps,
    proceedingOps,
    noticeRows,
    upserts,
    removals,
    staging: shared.staging,
    staleCitations,
    endedNow: upserts.filter((l) => l.ended_notice_id && !storedBy.get(appointmentOf(l))?.ended_notice_id),
    goneCitation: (l) => {
      const ended = l.ended_notice_id ? endedBy.get(appointmentOf(l)) : undefined;
      return ended ? { ...ended, fields: ['proceedings'] } : linkCitation(l, ['proceedings']);
    },
  };
}

/**
 * Writes a batch of companies prepared by `prepareCompanies`, in the import's transaction: operators, firms,
 * practitioners and proceedings through the envelope, then the notices and the practitioners' links.
 */
async function writeCompanies(
  db: Db,
  prepared: PreparedCompanies,
  outcomes: NoticeOutcomes,
  report: BodaccImportReport,
): Promise<void> {
  const { ctx, fileBySiren, storedRow, noticeRows, upserts, removals, shownAgain } = prepared;
  // Entries withdrawn by an earlier import, named again: shown again (their ids kept) before anything refers to them.
  await setWithdrawn(db, ctx.actor, operatorWrites.spec.target, shownAgain.operators, false);
  await setWithdrawn(db, ctx.actor, mandataireWrites.spec.target, shownAgain.mandataires, false);
  for (const r of await applyAll(ctx, operatorWrites.spec as never, prepared.operatorOps)) {
    if (r.outcome === 'created') report.operators.created++;
    else if (r.changed.includes('name')) report.operators.renamed++;
  }
  await applyAll(ctx, mandataireWrites.spec as never, prepared.firmOps);
  await applyAll(ctx, mandataireWrites.spec as never, prepared.peopleOps);
  const proceedingTarget = proceedingWrites.spec.target;
  // Shown again before their updates (a withheld entry answers 410 to a write), each counted once, as updated.
  const shownAgainProceedings = new Set(
    await setWithdrawn(db, ctx.actor, proceedingTarget, shownAgain.proceedings, false),
  );
  report.proceedings.updated += shownAgainProceedings.size;
  for (const r of await applyAll(ctx, proceedingWrites.spec as never, prepared.proceedingOps)) {
    if (shownAgainProceedings.has(r.id)) continue;
    if (r.outcome === 'created') report.proceedings.created++;
    else if (r.outcome === 'updated') report.proceedings.updated++;
    else if (r.outcome === 'unchanged') report.proceedings.unchanged++;
  }
  const withdrawnProceedings = await setWithdrawn(
    db,
    ctx.actor,
    proceedingTarget,
    prepared.proceedingWithdrawals,
    true,
  );
  // A proceeding absorbed into another (308 to it) is a merge, not a withdrawal (410): counted apart.
  const absorbed = new Set(prepared.proceedingWithdrawals.filter((w) => w.into).map((w) => w.id));
  const mergedCount = withdrawnProceedings.filter((id) => absorbed.has(id)).length;
  report.proceedings.merged += mergedCount;
  report.proceedings.withdrawn += withdrawnProceedings.length - mergedCount;
  // Their practitioners' links made from notices go with those notices, as with a proceeding's changed links (those a
  // person made by hand stay, shown by no read while it is withheld); the current notices link them again.
  if (withdrawnProceedings.length)
    await db.execute(sql`
      delete from proceeding_practitioners
       where proceeding_id = any(${sql.param(withdrawnProceedings)}) and notice_id is not null`);
  // An operator made from the notices alone, its last proceeding now withdrawn and nothing else naming it, is
  // withdrawn too (as if the notices had never come); one other sources cite, or other entries name, is kept, listed.
  // Withdrawn: hidden, its id kept (410), so that a later notice of the company shows the same entry again.
  const operatorWithdrawals: WithdrawalEntry[] = [];
  for (const o of prepared.leftOperators) {
    // Any entry naming it holds it, a withheld site too (it must not be left naming a hidden operator); not its
    // company's proceedings this import (or an earlier one) withdrew, withheld with it.
    const held =
      o.citedElsewhere ||
      (await operatorWrites.spec.dependents!(db, o.operator)).some(
        (d) => d.shown > 0 || (d.withheld > 0 && d.label !== 'proceedings'),
      );
    if (held) report.operatorsKept.push({ operator: o.operator, siren: o.siren, notices: o.notices });
    else operatorWithdrawals.push({ id: o.operator, citations: uniqueCitations(o.recorded) });
  }
  report.withdrawnEntries.operators.push(
    ...(await setWithdrawn(db, ctx.actor, operatorWrites.spec.target, operatorWithdrawals, true)),
  );
  // The notices and the practitioners' links (7, below) sent one after the other, awaited together.
  const pipeline = new StatementPipeline();
  const writtenRows = new Set<string>();
  for (let i = 0; i < noticeRows.length; i += batchSize) {
    const written = sql`
      insert into proceeding_notices as n
      ${noticeWrites(prepared.staging, noticeRows.slice(i, i + batchSize))}
      on conflict (id, siren) do update set
        company_name = excluded.company_name, siren_as_written = excluded.siren_as_written,
        natural_person = excluded.natural_person, proceeding_id = excluded.proceeding_id, publication = excluded.publication, parution = excluded.parution,
        number = excluded.number, published_on = excluded.published_on, notice_type = excluded.notice_type,
        family = excluded.family, nature = excluded.nature, kind = excluded.kind, effect = excluded.effect,
        judgment_date = excluded.judgment_date, judgment_date_as_written = excluded.judgment_date_as_written,
        complement = excluded.complement, court = excluded.court, court_as_written = excluded.court_as_written,
        url = excluded.url, source_id = excluded.source_id, target_id = excluded.target_id,
        withdrawn_by = excluded.withdrawn_by, withdrawn_reason = excluded.withdrawn_reason,
        designations = excluded.designations
      where (n.company_name, n.siren_as_written, n.natural_person, n.proceeding_id, n.publication, n.parution, n.number, n.published_on, n.notice_type, n.family, n.nature,
             n.kind, n.effect, n.judgment_date, n.judgment_date_as_written, n.complement, n.court,
             n.court_as_written, n.url, n.source_id, n.target_id, n.withdrawn_by, n.withdrawn_reason, n.designations)
        is distinct from
            (excluded.company_name, excluded.siren_as_written, excluded.natural_person, excluded.proceeding_id, excluded.publication, excluded.parution, excluded.number, excluded.published_on,
             excluded.notice_type, excluded.family, excluded.nature, excluded.kind, excluded.effect,
             excluded.judgment_date, excluded.judgment_date_as_written, excluded.complement, excluded.court,
             excluded.court_as_written, excluded.url, excluded.source_id, excluded.target_id, excluded.withdrawn_by,
             excluded.withdrawn_reason, excluded.designations)
      returning n.id, n.siren`;
    pipeline.execute<{ id: string; siren: string }>(db, written, (rows) => {
      for (const r of rows) writtenRows.add(`${r.id}|${r.siren}`);
    });
  }

  // 7. The practitioners' links of each proceeding (found above): the current designations replace the earlier ones
  // from BODACC (links made by hand, without a notice, are left as they are).
  if (upserts.length) {
    pipeline.execute(
      db,
      sql`
        insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote, notice_id, appointed_on,
                                              powers, ended_on, ended_notice_id, ended_quote)
        select proceeding_id, mandataire_id, role, source_id, quote, notice_id, appointed_on, powers, ended_on,
               ended_notice_id, ended_quote
          from jsonb_to_recordset(${JSON.stringify(upserts)}::jsonb)
            as l(proceeding_id varchar, mandataire_id varchar, role text, source_id varchar, quote text,
                 notice_id varchar, appointed_on varchar, powers text[], ended_on varchar, ended_notice_id varchar,
                 ended_quote text)
        on conflict on constraint proceeding_practitioners_appointment do update set source_id = excluded.source_id,
          quote = excluded.quote, notice_id = excluded.notice_id, appointed_on = excluded.appointed_on,
          powers = excluded.powers, ended_on = excluded.ended_on, ended_notice_id = excluded.ended_notice_id,
          ended_quote = excluded.ended_quote`,
    );
  }
  if (removals.length) {
    pipeline.execute(
      db,
      sql`
        delete from proceeding_practitioners p using jsonb_to_recordset(${JSON.stringify(removals)}::jsonb)
          as r(proceeding_id varchar, mandataire_id varchar, role text)
         where p.proceeding_id = r.proceeding_id and p.mandataire_id = r.mandataire_id
           and p.role is not distinct from r.role`,
    );
  }
  const superseding = supersedeCitations(prepared.staleCitations);
  if (superseding) pipeline.execute(db, superseding);
  await pipeline.done();
  for (const write of noticeRows) {
    const row = writtenNotice(write);
    const notice = fileBySiren.get(row.siren)?.find((n) => n.id === row.id);
    if (!notice) continue; // a notice of an earlier file, which the file's notices changed
    const key = `${row.id}|${row.siren}`;
    const before = storedRow.get(key);
    const outcome: NoticeOutcome = !writtenRows.has(key)
      ? 'unchanged'
      : row.withdrawn_by && !before?.withdrawn_by
        ? 'withdrawn'
        : before
          ? 'updated'
          : 'created';
    outcomes.add(notice, outcome);
  }

  report.practitioners.linked += upserts.length - prepared.endedNow.length;
  report.practitioners.ended += prepared.endedNow.length;
  // A practitioner no longer appointed (unlinked, or replaced: their link ended): their entry's history says so.
  const gone = [...new Map([...removals, ...prepared.endedNow].map((l) => [l.mandataire_id, l])).values()];
  await recordAll(ctx, mandataireWrites.spec.target, gone, (l) => l.mandataire_id, prepared.goneCitation);
}

/**
 * The rows of `writes` as a `select` of `proceeding_notices` rows, in their order: a whole row as sent; a decided
 * one completed from its notice as staged at its line under its SIREN in the staging table `staging` (the file's
 * notice as read, `Notice`: the same values the import would send, and the company's name and SIREN as written by
 * the first of its companies with that SIREN, as `find` takes). A decided row without its staged notice leaves its
 * notice's own columns null, which the table refuses: the import fails, nothing applied.
 */
function noticeWrites(staging: string, writes: NoticeWrite[]): SQL {
  // A decided row carries its line as `staged_line`, a key `jsonb_populate_record` leaves aside.
  const sent = writes.map((w) => ('row' in w ? w.row : { ...w.decided, staged_line: w.line }));
  return sql`
    select p.* from jsonb_array_elements(${JSON.stringify(sent)}::jsonb) with ordinality as w(e, k)
      left join lateral (
        select s.siren, s.notice::jsonb as n from ${sql.identifier(staging)} s
         where s.siren = w.e->>'siren' and s.line = (w.e->>'staged_line')::int and s.id = w.e->>'id' limit 1) staged on true
      left join lateral (
        select c.e as c from jsonb_array_elements(staged.n->'companies') with ordinality as c(e, o)
         where c.e->>'siren' = staged.siren order by c.o limit 1) company on true
      cross join lateral jsonb_populate_record(null::proceeding_notices, case when w.e ? 'staged_line' then
        jsonb_build_object(
          'company_name', company.c->'name', 'siren_as_written', company.c->'sirenAsWritten',
          'publication', staged.n->'publication', 'parution', staged.n->'parution', 'number', staged.n->'number',
          'published_on', staged.n->'publishedOn', 'notice_type', staged.n->'type',
          'family', staged.n->'judgment'->'family', 'nature', staged.n->'judgment'->'nature',
          'judgment_date', staged.n->'judgment'->'date',
          'judgment_date_as_written', staged.n->'judgment'->'dateAsWritten',
          'complement', staged.n->'judgment'->'complement', 'court', staged.n->'court',
          'court_as_written', staged.n->'courtAsWritten', 'url', staged.n->'url', 'target_id', staged.n->'targetId')
        || w.e else w.e end) p
     order by w.k`;
}

/**
 * The practitioners and firms whose last designations this import unlinked (`unlinked`, with the corrections that
 * withdrew them), once every batch is written: one made from notices alone (only BODACC sources cite it) that holds
 * nothing now (no proceeding, no member shown) is withdrawn (`setWithdrawn`: hidden, its history kept and citing
 * those corrections, its id answering 410, a later notice naming it showing it again); then its firm, when left so. As if the notices that made it had never come: the same file
 * with its correction creates none. A practitioner or firm any other source cites (the practitioners' list, an
 * article) is kept.
 */
async function withdrawUnheld(
  ctx: WriteContext,
  unlinked: Map<string, SavedCitation[]>,
  report: BodaccImportReport,
): Promise<void> {
  const { db } = ctx;
  const done = new Set<string>();
  for (let candidates = [...unlinked.keys()]; candidates.length; ) {
    for (const id of candidates) done.add(id);
    const onlyBodacc = await db.execute<{ id: string; firm_id: string | null }>(sql`
      select m.id, m.firm_id from mandataires m
       where m.id = any(${sql.param(candidates)}) and not m.withheld
         and not exists (select from citations c where c.mandataire_id = m.id and c.source_id not like 'bodacc-%')
       order by m.id`);
    const withdrawals: WithdrawalEntry[] = [];
    const firms = new Map<string, SavedCitation[]>();
    for (const m of onlyBodacc) {
      // Members withdrawn before hold no firm: only what is shown does (no mandataire is withheld otherwise).
      if ((await mandataireWrites.spec.dependents!(db, m.id)).some((d) => d.shown > 0)) continue;
      const recorded = unlinked.get(m.id) ?? [];
      withdrawals.push({ id: m.id, citations: uniqueCitations(recorded) });
      if (m.firm_id && !done.has(m.firm_id)) firms.set(m.firm_id, [...(firms.get(m.firm_id) ?? []), ...recorded]);
    }
    report.withdrawnEntries.mandataires.push(
      ...(await setWithdrawn(db, ctx.actor, mandataireWrites.spec.target, withdrawals, true)),
    );
    for (const [firm, recorded] of firms) unlinked.set(firm, [...(unlinked.get(firm) ?? []), ...recorded]);
    candidates = [...firms.keys()];
  }
  report.withdrawnEntries.mandataires.sort();
}

/** The commune and postal code of a designation's city (`PractitionerDirectory.place`). */
type PlaceOf = (
  city: string | null,
  postalCode?: string | null,
) => { commune: string; code_postal: string | null } | null;

/** The facts a designation may add to a practitioner's or firm's entry that lacks them (matching.ts). */
const designationFacts = ['firm', 'commune', 'code_postal', 'profession'];

/** A practitioner's or firm's entry some notice this import withdrew cites, with what backs its facts now. */
type CitedEntry = {
  id: string;
  name: string;
  kind: string;
  firm_id: string | null;
  firm_name: string | null;
  commune: string | null;
  profession: string | null;
  citations: { id: number; source_id: string; quote: string; fields: string[]; withdrawn: boolean }[];
  /** The designations of current notices naming it (a firm: itself, or a member with the firm named), oldest first. */
  designations: { source_id: string; d: NoticeDesignation }[];
};

/** Case and accents aside. */
const folded = (text: string) => foldInPlace(text).trim();

/**
 * The name of the notice's company (`Notice.companies`, its `listepersonnes`) that a firm read in its text names, its
 * legal form aside (`firmWordsKey`: « SARL Lac Annecy Contact » names « LAC ANNECY CONTACT »); null when none.
 */
function debtorNamed(notice: Notice, firm: string): string | null {
  const words = firmWordsKey(firm).words;
  return notice.companies.find((c) => firmWordsKey(c.name).words === words)?.name ?? null;
}

/**
 * The facts of entry `e` designation `d` gives, as its own creation from `d` would cite them: the name (a firm's:
 * written as its entry's, legal form and case aside), the kind (a firm's, a practitioner's), the commune its address's city names when it is
 * the entry's, a practitioner's firm when `d` names the entry's, and the profession its role implies when the entry's.
 */
function factsGiven(e: CitedEntry, d: NoticeDesignation, placeOf: PlaceOf): string[] {
  const place = placeOf(d.city, d.postal_code);
  const city = place?.commune ?? null;
  const facts: string[] = [];
  if (e.kind === 'firm') {
    if (!d.firm || firmKey(d.firm) !== firmKey(e.name)) return [];
    facts.push('name', 'kind');
  } else {
    // A designation names a practitioner: their kind, as their creation from it cites it.
    facts.push('name', 'kind');
    if (d.firm && e.firm_name && firmKey(d.firm) === firmKey(e.firm_name)) facts.push('firm');
    const profession = professionOf({ ...d, role: d.role as PractitionerRole });
    if (profession && profession === e.profession) facts.push('profession');
  }
  if (city && e.commune && folded(city) === folded(e.commune)) {
    facts.push('commune');
    // The postal code written with the city (« 97400 Saint-Denis ») is given with it, as its creation cites it.
    if (place?.code_postal) facts.push('code_postal');
  }
  return facts;
}

/**
 * The practitioners and firms that notices this import withdrew (`withdrawn`: their sources, with what withdrew each)
 * cite, once every batch is written, as the same notices in one file would leave them: a withdrawn notice cites
 * nothing of an entry that stays. Each fact it cited is cited by what says it now: another source's or a current
 * notice's citation already there (then only taken off the withdrawn one), or the designation of a current notice
 * that gives it (`factsGiven`, read from `proceeding_notices.designations`: the entry's name, its commune when that
 * notice's address names it, its firm when it names it, its profession when its role implies it; an update citing
 * that designation, recorded as a confirmation when no field changes). A fact none gives goes (a known practitioner's
 * firm, commune or profession): the field emptied, the change citing the correction in its history (not in the
 * entry's citations: the field is empty). The withdrawn notices' citations then give up those facts
 * (`supersedeCitations`; the history keeps them). An entry whose every citation is a withdrawn notice's and that no
 * current notice designates is left as it is: it goes whole (`withdrawUnheld`), its facts with it, and is shown again
 * as it was. Withdrawn entries are left as they are. A firm a practitioner leaves so is added to `unlinked`:
 * withdrawn when it holds nothing then (`withdrawUnheld`).
 */
async function withdrawFacts(
  ctx: WriteContext,
  withdrawn: Map<string, SavedCitation>,
  unlinked: Map<string, SavedCitation[]>,
  placeOf: PlaceOf,
): Promise<void> {
  if (!withdrawn.size) return;
  const { db } = ctx;
  /** Whether citation `c`'s source is a withdrawn notice's (it has notice rows, none of them current). */
  const ofWithdrawnNotice = (c: string) => sql`(
    exists (select from proceeding_notices n where n.source_id = ${sql.identifier(c)}.source_id)
    and not exists (select from proceeding_notices n
                     where n.source_id = ${sql.identifier(c)}.source_id and n.withdrawn_by is null))`;
  const entries = await db.execute<CitedEntry>(sql`
    with candidates as (
      select distinct m.id from citations c join mandataires m on m.id = c.mandataire_id and not m.withheld
       where c.source_id = any(${sql.param([...withdrawn.keys()])}) and c.mandataire_id is not null),
    current as (
      select k.id as entry, n.source_id, n.published_on, n.id as notice, d.value as d
        from candidates k
        join mandataires member on member.id = k.id or member.firm_id = k.id
        join proceeding_practitioners pp on pp.mandataire_id = member.id and pp.notice_id is not null
        join proceeding_notices n on n.id = pp.notice_id and n.proceeding_id = pp.proceeding_id
                                 and n.withdrawn_by is null
        cross join jsonb_array_elements(n.designations) as d(value)
       where d.value->>'mandataire_id' = member.id)
    select m.id, m.name, m.kind, m.firm_id, f.name as firm_name, m.commune, m.profession,
           (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'source_id', c.source_id, 'quote', c.quote,
                                                         'fields', c.fields, 'withdrawn', ${ofWithdrawnNotice('c')})
                                      order by c.id), '[]')
              from citations c where c.mandataire_id = m.id) as citations,
           (select coalesce(jsonb_agg(distinct jsonb_build_object('source_id', x.source_id, 'd', x.d,
                                                                  'at', x.published_on, 'notice', x.notice)), '[]')
              from current x where x.entry = m.id) as designations
      from candidates k join mandataires m on m.id = k.id left join mandataires f on f.id = m.firm_id
     order by m.id`);
  const ops: WriteOp[] = [];
  const stale: StaleCitation[] = [];
  /** The corrections' citations of emptied fields, cited in history only (deleted after the writes). */
  const recorded: { id: string; sources: string[]; fields: string[] }[] = [];
  for (const e of entries) {
    const designations = (
      e.designations as (CitedEntry['designations'][number] & { at: string; notice: string })[]
    ).sort((a, b) => String(a.at).localeCompare(String(b.at)) || a.notice.localeCompare(b.notice));
    const gone = e.citations.filter((c) => c.withdrawn);
    // Made only of withdrawn notices and designated by none current: withdrawn whole (`withdrawUnheld`).
    if (gone.length === e.citations.length && !designations.length) continue;
    const held = new Set(e.citations.flatMap((c) => (c.withdrawn ? [] : c.fields)));
    const open = [...new Set(gone.flatMap((c) => c.fields))].filter((f) => !held.has(f));
    const citing = new Map<string, CitationInput>();
    const settled = new Set(held);
    for (const field of open) {
      const by = designations.find(({ d }) => factsGiven(e, d, placeOf).includes(field));
      if (!by) continue;
      const key = `${by.source_id}|${by.d.quote}`;
      const citation = citing.get(key) ?? { source: by.source_id, quote: by.d.quote.slice(0, 5000), fields: [] };
      citation.fields.push(field);
      citing.set(key, citation);
      settled.add(field);
    }
    const emptied = open.filter((f) => !settled.has(f) && designationFacts.includes(f));
    for (const f of emptied) settled.add(f);
    const because = uniqueCitations(
      gone.flatMap((c) => (c.fields.some((f) => emptied.includes(f)) ? (withdrawn.get(c.source_id) ?? []) : [])),
    );
    // An earlier import's withdrawn notice alone gave the fact: this import withdrew none of it.
    const empties = because.length ? emptied : [];
    const recitations = [...citing.values()];
    for (const c of gone) {
      const fields = c.fields.filter((f) => !settled.has(f) || (emptied.includes(f) && !empties.includes(f)));
      if (fields.length !== c.fields.length) stale.push({ id: c.id, fields });
    }
    if (!empties.length && !recitations.length) continue;
    ops.push({
      action: 'update',
      id: e.id,
      patch: Object.fromEntries(empties.map((f) => [f, null])),
      citations: [
        ...recitations,
        ...(empties.length ? because.map((c) => ({ source: c.source_id, quote: c.quote, fields: empties })) : []),
      ],
      ifMatch: '*',
    });
    if (empties.length) recorded.push({ id: e.id, sources: because.map((c) => c.source_id), fields: empties.sort() });
    // The firm the practitioner leaves: withdrawn too if it holds nothing then, as a firm unlinked is.
    if (e.firm_id && empties.includes('firm'))
      unlinked.set(e.firm_id, [...(unlinked.get(e.firm_id) ?? []), ...because]);
  }
  if (ops.length) await applyAll(ctx, mandataireWrites.spec as never, ops);
  // The corrections are cited in the history of the change only: in the entry they would support empty fields.
  if (recorded.length)
    await db.execute(sql`
      delete from citations c using jsonb_to_recordset(${JSON.stringify(recorded)}::jsonb)
          as r(id varchar, sources text[], fields text[])
       where c.mandataire_id = r.id and c.source_id = any(r.sources) and c.fields = r.fields`);
  const superseding = supersedeCitations(stale);
  if (superseding) await db.execute(superseding);
}

/**
 * The operators that notices this import withdrew (`withdrawn`) cite, once every batch is written, as the same
 * notices in one file would leave them: each fact a withdrawn notice alone cited (its SIREN, its name) is cited by the
 * latest current notice of the company's standing proceedings (parution date, then id: `latestNaming`'s, which a
 * new operator is created citing), quoting the SIREN or the name as that notice writes it, and the withdrawn
 * notice's citation gives it up (`supersedeCitations`; the history keeps it). An operator no current notice holds is
 * left as it is (withdrawn, or kept and listed: `writeCompanies`).
 */
async function reciteOperators(ctx: WriteContext, withdrawn: Map<string, SavedCitation>): Promise<void> {
  if (!withdrawn.size) return;
  const { db } = ctx;
  const rows = await db.execute<{
    id: string;
    citations: { id: number; fields: string[]; withdrawn: boolean }[];
    source_id: string | null;
    company_name: string | null;
    siren_as_written: string | null;
  }>(sql`
    with candidates as (
      select distinct o.id, o.siren from citations c join operators o on o.id = c.operator_id and not o.withheld
       where c.source_id = any(${sql.param([...withdrawn.keys()])}) and c.operator_id is not null)
    select k.id, latest.source_id, latest.company_name, latest.siren_as_written,
           (select jsonb_agg(jsonb_build_object('id', c.id, 'fields', c.fields, 'withdrawn',
                   exists (select from proceeding_notices n where n.source_id = c.source_id)
                   and not exists (select from proceeding_notices n
                                    where n.source_id = c.source_id and n.withdrawn_by is null)) order by c.id)
              from citations c where c.operator_id = k.id) as citations
      from candidates k
      left join lateral (
        select n.source_id, n.company_name, n.siren_as_written from proceeding_notices n
          join proceedings p on p.id = n.proceeding_id and not p.withheld
         where n.siren = k.siren and n.withdrawn_by is null and n.company_name is not null
         order by n.published_on desc, n.id desc limit 1) latest on true
     order by k.id`);
  const ops: WriteOp[] = [];
  const stale: StaleCitation[] = [];
  for (const r of rows) {
    if (!r.source_id) continue;
    const held = new Set(r.citations.flatMap((c) => (c.withdrawn ? [] : c.fields)));
    const gone = r.citations.filter((c) => c.withdrawn);
    const open = [...new Set(gone.flatMap((c) => c.fields))].filter((f) => !held.has(f));
    const quotes: Record<string, string | null> = { name: r.company_name, siren: r.siren_as_written };
    const recited = open.filter((f) => quotes[f]);
    for (const c of gone) {
      const fields = c.fields.filter((f) => !held.has(f) && !recited.includes(f));
      if (fields.length !== c.fields.length) stale.push({ id: c.id, fields });
    }
    if (!recited.length) continue;
    ops.push({
      action: 'update',
      id: r.id,
      patch: {},
      citations: recited.map((f) => ({ source: r.source_id!, quote: quotes[f]!, fields: [f] })),
      ifMatch: '*',
    });
  }
  if (ops.length) await applyAll(ctx, operatorWrites.spec as never, ops);
  const superseding = supersedeCitations(stale);
  if (superseding) await db.execute(superseding);
}

/** Saved citations without repeats (one source's quote once). */
const uniqueCitations = (list: SavedCitation[]) => [
  ...new Map(list.map((c) => [`${c.source_id}|${c.quote}`, c])).values(),
];

/** An operator whose company's last proceeding a batch withdraws: the notices its facts cite, what withdrew them. */
type LeftOperator = {
  operator: string;
  siren: string;
  notices: string[];
  recorded: SavedCitation[];
  /** Whether a source other than BODACC's cites it: then kept. */
  citedElsewhere: boolean;
};

type PractitionerRole = (typeof practitionerRoles)[number];

/**
 * What the report lists of a notice, once whatever number of companies it names (each company's timeline reads it):
 * its unknown nature, its designations not linked (`notice|quote|reason`, as `uncertain` lists them), its passages
 * not read, its want of a proceeding or of its correction's target; told to the report's lists as found. Holds the
 * keys of the batch being prepared (`begin`), and to the end only those of the notices another batch may list again
 * (`again`: several companies, a correction, an earlier file's), so that memory does not grow with the file.
 * `unlinked` counts the designations not linked listed, `ended` the ends made (a discharge, a replacement naming no
 * new holder) listed beside them.
 */
class ReportedOnce {
  unlinked = 0;
  ended = 0;
  private batch = new Set<string>();
  private readonly shared = new Set<string>();

  constructor(private readonly lists: ReportLists<BodaccListed>) {}

  clear(): void {
    this.unlinked = 0;
    this.ended = 0;
    this.batch.clear();
    this.shared.clear();
  }

  /** A new batch of companies: the keys of the last one's notices are no longer needed. */
  begin(): void {
    this.batch = new Set();
  }

  /** Lists `item` unless an item of `key` was (`again`: its notice may be listed by another batch); whether it did. */
  async add<K extends keyof BodaccListed>(list: K, item: BodaccListed[K], key: string, again: boolean) {
    const k = `${list}|${key}`;
    if (this.batch.has(k) || this.shared.has(k)) return false;
    (again ? this.shared : this.batch).add(k);
    await this.lists.add(list, item);
    return true;
  }

  /** Lists `item`, however many times it is found. */
  list<K extends keyof BodaccListed>(list: K, item: BodaccListed[K]): Promise<void> {
    return this.lists.add(list, item);
  }

  /** Sets the report's counts of designations not linked and passages not read. */
  countInto(report: BodaccImportReport): void {
    report.practitioners.unlinked = this.unlinked;
    report.practitioners.unread = this.lists.count('uncertain') - this.unlinked - this.ended;
  }
}

type NoticeOutcome = 'created' | 'updated' | 'unchanged' | 'withdrawn';

/**
 * What the import did to each notice of the file, counted once per notice: a notice naming several companies has a
 * row per company, maybe read in different batches; the strongest of its rows' outcomes counts (only these notices
 * are held until the end).
 */
class NoticeOutcomes {
  private static readonly rank: NoticeOutcome[] = ['unchanged', 'updated', 'withdrawn', 'created'];
  private readonly counts: Record<NoticeOutcome, number> = { created: 0, updated: 0, unchanged: 0, withdrawn: 0 };
  private readonly shared = new Map<string, NoticeOutcome>();

  add(notice: Notice, outcome: NoticeOutcome): void {
    if (notice.companies.length < 2) {
      this.counts[outcome]++;
      return;
    }
    const seen = this.shared.get(notice.id);
    const rank = NoticeOutcomes.rank;
    if (!seen || rank.indexOf(outcome) > rank.indexOf(seen)) this.shared.set(notice.id, outcome);
  }

  /** Adds the counts to the report's. */
  countInto(notices: BodaccImportReport['notices']): void {
    for (const outcome of this.shared.values()) this.counts[outcome]++;
    for (const [outcome, n] of Object.entries(this.counts)) notices[outcome as NoticeOutcome] += n;
  }
}

/** Records link changes in the history of the entries `idOf` names, each citing what `citationOf` gives. */
async function recordAll(
  ctx: WriteContext,
  target: WriteTarget,
  links: LinkRow[],
  idOf: (l: LinkRow) => string,
  citationOf: (l: LinkRow) => SavedCitation,
) {
  for (let i = 0; i < links.length; i += batchSize) {
    const batch = links.slice(i, i + batchSize);
    await recordLinks(
      ctx,
      target,
      batch.map((l) => ({ id: idOf(l), citation: citationOf(l) })),
    );
  }
}

/**
 * The statement taking from stored citations the facts other notices now cite (`StaleCitation`): those left citing
 * nothing deleted, the others keeping their remaining fields; null when there are none. The history keeps them.
 */
function supersedeCitations(stale: StaleCitation[]): SQL | null {
  if (!stale.length) return null;
  return sql`
    with s as (select * from jsonb_to_recordset(${JSON.stringify(stale)}::jsonb) as s(id int, fields text[])),
         gone as (delete from citations c using s where c.id = s.id and cardinality(s.fields) = 0)
    update citations c set fields = s.fields from s where c.id = s.id and cardinality(s.fields) > 0`;
}

/** A citation of a proceeding stored by an earlier import (its source a BODACC notice's). */
type StoredCitation = { id: number; proceeding_id: string; source_id: string; quote: string; fields: string[] };

/** A stored citation whose fields are no longer all its own: `fields` what it still supports (none: deleted). */
type StaleCitation = { id: number; fields: string[] };

/**
 * What a proceeding's update cites, from the citations its facts have now (`planned`, each by the notice that says
 * it) and those an earlier import stored (`stored`): the facts whose value changed (`changed`) or whose citations
 * are not the ones planned (a rectificatif's target arrived, a later notice names the company) are cited anew, and
 * the stored citations of those facts give them up (`stale`); null when nothing changes. A fact that became null
 * has nothing to cite: the update then cites the first planned fact again (its company name), so that the next
 * import finds the same citations and changes nothing.
 */
function citationChanges(
  planned: CitationInput[],
  stored: StoredCitation[],
  changed: string[],
): { citations: CitationInput[]; stale: StaleCitation[] } | null {
  const keys = (list: { source: unknown; quote: string; fields: string[] }[], field: string) =>
    list
      .filter((c) => c.fields.includes(field))
      .map((c) => `${String(c.source)}|${c.quote}`)
      .sort()
      .join('\n');
  const asInput = stored.map((c) => ({ source: c.source_id, quote: c.quote, fields: c.fields }));
  const facts = [...new Set(planned.flatMap((c) => c.fields))];
  const recited = new Set([
    ...changed,
    ...facts.filter((f) => keys(planned, f) !== keys(asInput, f)),
    ...[...new Set(stored.flatMap((c) => c.fields))].filter((f) => proceedingFacts.has(f) && !facts.includes(f)),
  ]);
  if (!recited.size) return null;
  const citing = () =>
    planned.flatMap((c) => {
      const fields = c.fields.filter((f) => recited.has(f));
      return fields.length ? [{ ...c, fields }] : [];
    });
  let citations = citing();
  if (!citations.length && planned.length) {
    for (const f of planned[0]!.fields) recited.add(f);
    citations = citing();
  }
  const stale = stored.flatMap((c) =>
    c.fields.some((f) => recited.has(f)) ? [{ id: c.id, fields: c.fields.filter((f) => !recited.has(f)) }] : [],
  );
  return { citations, stale };
}

/** The facts of a proceeding the import decides. */
const proceedingFacts = new Set(['company_name', 'operator', 'kind', 'date', 'court', 'closed_on', 'closure_nature']);

type LinkRow = {
  proceeding_id: string;
  mandataire_id: string;
  /** Null in a link made by hand (through the API) of unknown role; never in one made from a notice. */
  role: string | null;
  source_id: string;
  quote: string;
  notice_id: string | null;
  appointed_on: string | null;
  powers: string[] | null;
  /** When a later judgment replaced them (`proceeding_practitioners.ended_on`), the notice and its words. */
  ended_on: string | null;
  ended_notice_id: string | null;
  ended_quote: string | null;
};

/**
 * A link's appointment: its proceeding, practitioner and role (an unknown role one of its own), as the table's key
 * `proceeding_practitioners_appointment` tells them apart.
 */
const appointmentOf = (l: Pick<LinkRow, 'proceeding_id' | 'mandataire_id' | 'role'>) =>
  `${l.proceeding_id}|${l.mandataire_id}|${l.role ?? ''}`;

const sameLink = (a: LinkRow, b: LinkRow) =>
  a.role === b.role &&
  a.source_id === b.source_id &&
  a.quote === b.quote &&
  a.notice_id === b.notice_id &&
  (a.appointed_on ?? null) === (b.appointed_on ?? null) &&
  JSON.stringify(a.powers ?? null) === JSON.stringify(b.powers ?? null) &&
  (a.ended_on ?? null) === (b.ended_on ?? null) &&
  (a.ended_notice_id ?? null) === (b.ended_notice_id ?? null) &&
  (a.ended_quote ?? null) === (b.ended_quote ?? null);

/** Citations without repeats (one quote of one source, its fields merged). */
function dedupe(list: CitationInput[]): CitationInput[] {
  const byKey = new Map<string, CitationInput>();
  for (const c of list) {
    const key = `${String(c.source)}|${c.quote}`;
    const seen = byKey.get(key);
    if (seen) seen.fields = [...new Set([...seen.fields, ...c.fields])];
    else byKey.set(key, { ...c, fields: [...c.fields] });
  }
  return [...byKey.values()];
}

export type { PlannedProceeding };
