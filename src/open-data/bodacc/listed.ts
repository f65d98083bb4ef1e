// The lists of the BODACC import's report that grow with the file, declared once: each list's name, the order in
// which a report prints them, and the words of the line that tells each item (`npm run import:bodacc` prints it on
// stderr as the item is found; `listedLines` of cli/bodacc-report.ts, the items a report keeps). The import holds
// each list in `ReportLists` (src/import/rejections.ts) under these names.
import type { Listed } from '../../import/rejections.js';
import type { NameDisagreement } from './operator-names.js';
import { maxReadLength } from './practitioners.js';
import type { NoticeFile } from './read-file.js';
import type { UnappliedCorrection } from './timeline.js';

/**
 * Where the report finds a notice it lists: its row in the file (`line`: the CSV or JSON-lines line, the position in a
 * JSON array, as `file.where` says), its id, and the field the problem is in. `line` is null for a notice of an
 * earlier file that this import takes out of its proceeding or moves to another (it is not in this file).
 */
export interface NoticeAt {
  line: number | null;
  notice: string;
  field: string;
}

/**
 * The report's lists that grow with the file, by name: what each item of them is (`onListed`, `listed`; the report's
 * fields of the same names, BodaccImportReport, say what each list holds).
 */
export interface BodaccListed {
  personsLeftOut: NoticeFile['personsLeftOut'][number];
  noticesWithoutCompany: { line: number; notice: string; field: string };
  unreadableDates: { line: number; notice: string; field: string; written: string; reason: string };
  unreadTexts: { line: number; notice: string; characters: number };
  namelessCompanies: { notice: string; line: number; field: string; siren: string };
  malformedSirens: { notice: string; line: number; field: string; written: string; fault: string };
  nameDisagreements: NameDisagreement & NoticeAt;
  unknownNatures: NoticeAt & { nature: string };
  /** `ended`: a replacement naming no new holder or a discharge that the import acted on (the appointment ended). */
  uncertain: NoticeAt & { quote: string; reason: string; partly?: true; ended?: true };
  unattached: NoticeAt;
  withoutOpening: NoticeAt & { effect: 'closure' | 'conversion' | 'reprise' | 'event' };
  afterClosure: NoticeAt & { proceeding: string; closedBy: string };
  missingTargets: NoticeAt & { target: string };
  unappliedCorrections: NoticeAt & UnappliedCorrection;
}

/** How rows are named (`NoticeFile['where']`: « line », or « row » in a JSON array whose elements share lines). */
type Where = NoticeFile['where'];

/** Where a notice's problem is: its row and id, or its id alone when an earlier file brought it; its field. */
const at = (n: NoticeAt, where: Where) =>
  `${n.line === null ? `${n.notice} (of an earlier file)` : `${where} ${n.line}: ${n.notice}`}: ${n.field}`;

/**
 * Each list of the report that grows with the file (`BodaccListed`), in the order a report prints them, with the
 * line telling one of its items, rows named as `where` says.
 */
export const bodaccListLines = {
  nameDisagreements: (d, where) =>
    `${at(d, where)}: operator's name kept, another source gives it: ${d.operator} (SIREN ${d.siren}) « ${d.name} », the latest notice writes « ${d.bodacc} »`,
  unknownNatures: (u, where) => `${at(u, where)}: unknown nature (kept as written): « ${u.nature} »`,
  // A passage of which designations were read and linked: only its part not read is not (never « nothing linked »).
  // An end the import made (a discharge, a replacement naming no new holder) is told as done, not as uncertain.
  uncertain: (u, where) =>
    u.ended
      ? `${at(u, where)}: appointment ended, no one designated in their place: ${u.reason}: « ${u.quote} »`
      : `${at(u, where)}: uncertain, ${u.partly ? 'the part not read linked to no one' : 'nothing linked'}: ${u.reason}: « ${u.quote} »`,
  unattached: (u, where) => `${at(u, where)}: no proceeding to attach to`,
  withoutOpening: (u, where) =>
    `${at(u, where)}: ${u.effect === 'closure' ? 'clôture' : u.effect === 'event' ? 'judgment' : u.effect} with no opening before it (none imported, or only later ones): a proceeding of its own, its opening date unknown; its opening, imported later, joins it`,
  afterClosure: (u, where) =>
    `${at(u, where)}: clôture of a proceeding already closed (${u.proceeding}, by ${u.closedBy}): joined to it, its first closure kept`,
  missingTargets: (m, where) => `${at(m, where)}: correction targets ${m.target}, which is not imported`,
  unappliedCorrections: (m, where) =>
    `${at(m, where)}: correction ${m.reason} (${m.target}): cannot be applied, applied to nothing`,
  unreadTexts: (t, where) =>
    `${where} ${t.line}: ${t.notice}: complementJugement of ${t.characters} characters, beyond the ${maxReadLength} the practitioners' reader reads: not read for practitioners (the notice is imported)`,
  personsLeftOut: (p, where) => `${where} ${p.line}: ${p.notice}: ${p.field}: person left out: ${p.reason}`,
  noticesWithoutCompany: (n, where) =>
    `${where} ${n.line}: ${n.notice}: ${n.field}: names no company with a valid SIREN (only its source kept)`,
  unreadableDates: (d, where) =>
    `${where} ${d.line}: ${d.notice}: ${d.field}: judgment date not read: « ${d.written} », ${d.reason}`,
  namelessCompanies: (n, where) =>
    `${where} ${n.line}: ${n.notice}: ${n.field}: SIREN ${n.siren} without a name (denomination, nomCommercial, nom): no company made of it (the notice is imported)`,
  malformedSirens: (m, where) =>
    `${where} ${m.line}: ${m.notice}: ${m.field}: '${m.written}' is not a valid SIREN (${m.fault}): no company made of it (the notice is imported)`,
} satisfies { [K in keyof BodaccListed]: (item: BodaccListed[K], where: Where) => string };

/** The names of `BodaccListed`'s lists, in the order a report prints them (`bodaccListLines`). */
export const bodaccLists = Object.keys(bodaccListLines) as (keyof BodaccListed)[];

/** The line of one item of a list that grows with the file, rows named as `where` says. */
export function listedLine(listed: Listed<BodaccListed>, where: Where): string {
  const line = bodaccListLines[listed.list] as (item: BodaccListed[keyof BodaccListed], where: Where) => string;
  return line(listed.item, where);
}
