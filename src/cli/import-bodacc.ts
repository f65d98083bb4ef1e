// npm run import:bodacc -- <annonces-commerciales.csv|.json|.jsonl> [--dry-run]
// Imports the BODACC « Procédures collectives » notices of an Opendatasoft export (src/open-data/bodacc/):
// proceedings, their notices, their companies and practitioners. Checks every row first and applies nothing if
// one is bad; then applies all in one transaction. The same file twice changes nothing.
import path from 'node:path';
import { type BodaccImportReport, importBodacc } from '../open-data/bodacc/import.js';
import { maxReadLength } from '../open-data/bodacc/practitioners.js';
import { fileArguments, runOpenDataImport } from './open-data-run.js';

const usage = 'usage: npm run import:bodacc -- <annonces-commerciales.csv|.json|.jsonl> [--dry-run]';
const help = `Imports the « Procédures collectives » notices of a BODACC export (bodacc-datadila.opendatasoft.com,
data set annonces-commerciales, exported as CSV, JSON or JSON lines with its field names) as proceedings, their
notices, their companies (by SIREN) and the practitioners the notices designate.
  --dry-run   check and compute everything, say what would change; write nothing
  -h, --help  this text
`;

/** The import report, as lines for the terminal. */
export function reportLines(r: BodaccImportReport, dryRun: boolean): string[] {
  const lines = [
    `rows: ${r.file.rows} — ${r.notices.read} notices of procédures collectives, ${r.file.otherFamilies} of other families skipped` +
      (r.file.personsWithoutSiren ? `, ${r.file.personsWithoutSiren} persons without a SIREN left out` : ''),
    `notices: ${r.notices.created} created, ${r.notices.updated} updated, ${r.notices.unchanged} unchanged, ${r.notices.withdrawn} withdrawn by a correction` +
      (r.notices.withoutCompany ? `, ${r.notices.withoutCompany} naming no company (only their source kept)` : ''),
    `operators: ${r.operators.created} created`,
    `proceedings: ${r.proceedings.created} created, ${r.proceedings.updated} updated, ${r.proceedings.unchanged} unchanged, ${r.proceedings.withdrawn} withdrawn`,
    `practitioners: ${r.practitioners.linked} links written, ${r.practitioners.created} practitioners and ${r.practitioners.firmsCreated} firms created, ${r.practitioners.unlinked} designations not linked, ${r.practitioners.unread} passages not read`,
  ];
  for (const [nature, n] of Object.entries(r.unknownNatures))
    lines.push(`unknown nature (kept as written): « ${nature} » × ${n}`);
  for (const u of r.uncertain) lines.push(`uncertain, nothing linked: ${u.notice}: ${u.reason}: « ${u.quote} »`);
  for (const id of r.unattached) lines.push(`no proceeding to attach to: ${id}`);
  for (const m of r.missingTargets) lines.push(`correction ${m.notice} targets ${m.target}, which is not imported`);
  for (const t of r.unreadTexts) {
    lines.push(
      `${r.file.where} ${t.line}: ${t.notice}: complementJugement of ${t.characters} characters, beyond the ${maxReadLength} the practitioners' reader reads: not read for practitioners (the notice is imported)`,
    );
  }
  for (const d of r.unreadableDates) lines.push(`judgment date not read: ${d.notice}: « ${d.written} »`);
  lines.push(dryRun ? '(dry run: nothing applied)' : r.applied ? 'applied' : 'nothing applied: fix the rows above');
  return lines;
}

const options = fileArguments(usage, help);
runOpenDataImport(async (db) => {
  const report = await importBodacc(db, {
    ...options,
    actor: { keyId: null, name: `import:bodacc ${path.basename(options.file)}` },
  });
  for (const r of report.file.rejected) {
    for (const e of r.errors) process.stderr.write(`${report.file.where} ${r.line}: ${e.field}: ${e.message}\n`);
  }
  process.stdout.write(`${reportLines(report, options.dryRun).join('\n')}\n`);
  return report.file.rejected.length ? 1 : 0;
});
