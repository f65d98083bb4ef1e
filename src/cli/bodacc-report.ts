// The BODACC import's report as lines for the terminal (`npm run import:bodacc`), apart from the command so that
// tests read it without running one: its summary (stdout, at the end) and the line of each item of its lists that
// grow with the file (stderr, as each is found), worded where the lists are declared (open-data/bodacc/listed.ts).
import type { Listed } from '../import/rejections.js';
import type { BodaccImportReport, BodaccListed } from '../open-data/bodacc/import.js';
import { bodaccLists, listedLine } from '../open-data/bodacc/listed.js';

export { listedLine };

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
      `proceedings: ${r.proceedings.created} created, ${r.proceedings.updated} updated, ${r.proceedings.unchanged} unchanged, ${r.proceedings.withdrawn} withdrawn, ${r.proceedings.merged} merged into another (308)`,
      `practitioners: ${r.practitioners.linked} links written, ${r.practitioners.ended} ended by a replacement or a discharge, ${r.practitioners.created} practitioners and ${r.practitioners.firmsCreated} firms created, ${r.practitioners.unlinked} designations not linked, ${r.practitioners.unread} passages not read`,
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

/**
 * The lines of the items a report keeps of its lists that grow with the file (the first of each, list after list, in
 * the order `bodaccListLines` declares them), as `listedLine` words them: what was told as found, for a caller that
 * did not print it then.
 */
export function listedLines(r: BodaccImportReport): string[] {
  return bodaccLists.flatMap((list) =>
    (list === 'personsLeftOut' ? r.file.personsLeftOut : r[list]).map((item) =>
      listedLine({ list, item } as Listed<BodaccListed>, r.file.where),
    ),
  );
}
