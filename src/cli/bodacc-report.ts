// The BODACC import's report as lines for the terminal (`npm run import:bodacc`), apart from the command so that
// tests read it without running one: its summary (stdout, at the end) and the line of each item of its lists that
// grow with the file (stderr, as each is found).
import type { Listed } from '../import/rejections.js';
import type { BodaccImportReport, BodaccListed, bodaccLists, NoticeAt } from '../open-data/bodacc/import.js';
import { maxReadLength } from '../open-data/bodacc/practitioners.js';
import type { NoticeFile } from '../open-data/bodacc/read-file.js';

/**
 * The import report's summary, as lines for the terminal: its counts, the entries it withdrew or kept, whether it
 * applied. The items of its lists that grow with the file are told as found (`listedLine`), not here.
 */
export function reportLines(r: BodaccImportReport, dryRun: boolean): string[] {
  const refused = r.file.rejectedRows > 0;
  // Every row read is a notice, one of another family, or a row refused: the three add up to the rows.
  const lines = [
    `rows: ${r.file.rows} — ${r.notices.read} notices of procédures collectives, ${r.file.otherFamilies} of other families skipped` +
      (refused ? `, ${r.file.rejectedRows} refused` : '') +
      (r.file.personsWithoutSiren ? `, ${r.file.personsWithoutSiren} persons without a SIREN left out` : ''),
  ];
  // A file refused is applied in nothing: what the import would have done is not worked out, so not counted.
  if (!refused) {
    lines.push(
      `notices: ${r.notices.created} created, ${r.notices.updated} updated, ${r.notices.unchanged} unchanged, ${r.notices.withdrawn} withdrawn by a correction` +
        (r.notices.withoutCompany ? `, ${r.notices.withoutCompany} naming no company (only their source kept)` : '') +
        (r.notices.nonDiffusible
          ? `, ${r.notices.nonDiffusible} naming only companies Sirene says are not to be published (left out)`
          : ''),
      `operators: ${r.operators.created} created, ${r.operators.renamed} renamed by a later notice` +
        (r.withdrawnEntries.operators.length ? `, ${r.withdrawnEntries.operators.length} withdrawn` : ''),
      `proceedings: ${r.proceedings.created} created, ${r.proceedings.updated} updated, ${r.proceedings.unchanged} unchanged, ${r.proceedings.withdrawn} withdrawn`,
      `practitioners: ${r.practitioners.linked} links written, ${r.practitioners.ended} ended by a replacement, ${r.practitioners.created} practitioners and ${r.practitioners.firmsCreated} firms created, ${r.practitioners.unlinked} designations not linked, ${r.practitioners.unread} passages not read`,
    );
  }
  if (r.nonDiffusible.sirens)
    lines.push(
      `left out: ${r.nonDiffusible.sirens} companies Sirene says are not to be published (SIREN in sirene_non_diffusible), named by ${r.nonDiffusible.notices} notices: no operator, proceeding or notice of theirs imported`,
    );
  for (const id of r.withdrawnEntries.operators)
    lines.push(`operator withdrawn, made from notices all since withdrawn: ${id}`);
  for (const id of r.withdrawnEntries.mandataires)
    lines.push(`practitioner or firm withdrawn, made from notices all since withdrawn: ${id}`);
  for (const o of r.operatorsKept)
    lines.push(
      `operator kept, its last proceeding withdrawn (other sources or entries name it): ${o.operator} (SIREN ${o.siren}), created from ${o.notices.join(', ')}`,
    );
  lines.push(dryRun ? '(dry run: nothing applied)' : r.applied ? 'applied' : 'nothing applied: fix the rows above');
  return lines;
}

/** The line of one item of a list that grows with the file (`BodaccListed`), rows named as `where` says. */
export function listedLine(listed: Listed<BodaccListed>, where: NoticeFile['where']): string {
  /** Where a notice's problem is: its row and id, or its id alone when an earlier file brought it; its field. */
  const at = (n: NoticeAt) =>
    `${n.line === null ? `${n.notice} (of an earlier file)` : `${where} ${n.line}: ${n.notice}`}: ${n.field}`;
  switch (listed.list) {
    case 'nameDisagreements': {
      const d = listed.item;
      return `${at(d)}: operator's name kept, another source gives it: ${d.operator} (SIREN ${d.siren}) « ${d.name} », the latest notice writes « ${d.bodacc} »`;
    }
    case 'unknownNatures':
      return `${at(listed.item)}: unknown nature (kept as written): « ${listed.item.nature} »`;
    case 'uncertain': {
      // A passage of which designations were read and linked: only its part not read is not (never « nothing linked »).
      const u = listed.item;
      return `${at(u)}: uncertain, ${u.partly ? 'the part not read linked to no one' : 'nothing linked'}: ${u.reason}: « ${u.quote} »`;
    }
    case 'unattached':
      return `${at(listed.item)}: no proceeding to attach to`;
    case 'withoutOpening': {
      const u = listed.item;
      return `${at(u)}: ${u.effect === 'closure' ? 'clôture' : u.effect === 'conversion' ? 'conversion' : 'judgment'} with no opening before it (none imported, or only later ones): a proceeding of its own, its opening date unknown; its opening, imported later, joins it`;
    }
    case 'afterClosure': {
      const u = listed.item;
      return `${at(u)}: clôture of a proceeding already closed (${u.proceeding}, by ${u.closedBy}): joined to it, its first closure kept`;
    }
    case 'missingTargets':
      return `${at(listed.item)}: correction targets ${listed.item.target}, which is not imported`;
    case 'unappliedCorrections': {
      const m = listed.item;
      return `${at(m)}: correction ${m.reason} (${m.target}): cannot be applied, applied to nothing`;
    }
    case 'unreadTexts': {
      const t = listed.item;
      return `${where} ${t.line}: ${t.notice}: complementJugement of ${t.characters} characters, beyond the ${maxReadLength} the practitioners' reader reads: not read for practitioners (the notice is imported)`;
    }
    case 'personsLeftOut': {
      const p = listed.item;
      return `${where} ${p.line}: ${p.notice}: ${p.field}: person left out: ${p.reason}`;
    }
    case 'noticesWithoutCompany': {
      const n = listed.item;
      return `${where} ${n.line}: ${n.notice}: ${n.field}: names no company with a valid SIREN (only its source kept)`;
    }
    case 'unreadableDates': {
      const d = listed.item;
      return `${where} ${d.line}: ${d.notice}: ${d.field}: judgment date not read: « ${d.written} », ${d.reason}`;
    }
    case 'namelessCompanies': {
      const n = listed.item;
      return `${where} ${n.line}: ${n.notice}: ${n.field}: SIREN ${n.siren} without a name (denomination, nomCommercial, nom): no company made of it (the notice is imported)`;
    }
    case 'malformedSirens': {
      const m = listed.item;
      return `${where} ${m.line}: ${m.notice}: ${m.field}: '${m.written}' is not a valid SIREN (${m.fault}): no company made of it (the notice is imported)`;
    }
  }
}

/**
 * The lines of the items a report keeps of its lists that grow with the file (the first of each, list after list),
 * as `listedLine` words them: what was told as found, for a caller that did not print it then.
 */
export function listedLines(r: BodaccImportReport): string[] {
  const order = [
    'nameDisagreements',
    'unknownNatures',
    'uncertain',
    'unattached',
    'withoutOpening',
    'afterClosure',
    'missingTargets',
    'unappliedCorrections',
    'unreadTexts',
    'personsLeftOut',
    'noticesWithoutCompany',
    'unreadableDates',
    'namelessCompanies',
    'malformedSirens',
  ] as const satisfies readonly (typeof bodaccLists)[number][];
  return order.flatMap((list) =>
    (list === 'personsLeftOut' ? r.file.personsLeftOut : r[list]).map((item) =>
      listedLine({ list, item } as Listed<BodaccListed>, r.file.where),
    ),
  );
}
