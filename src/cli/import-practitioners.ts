// npm run import:practitioners -- <file.csv> [--dry-run]
// Imports a list of administrateurs and mandataires judiciaires filled from the profession's directory
// (templates/practitioners.csv; see README « Practitioners' list »). Checks every row first and applies nothing if
// one is bad (each printed on stderr as it is found: memory holds none of them, however many); the same file twice
// changes nothing. The firms withheld and the rows uncertain are printed on stderr as found too; stdout gets the
// summary.
import path from 'node:path';
import { importPractitioners } from '../open-data/practitioners/import.js';
import { fileArguments, runOpenDataImport } from './open-data-run.js';
import { printLines } from './output.js';

const usage = 'usage: npm run import:practitioners -- <file.csv> [--dry-run]';

const { file, dryRun } = fileArguments(
  usage,
  "Columns: see templates/practitioners.csv and README « Practitioners' list ».\n",
  ['.csv'],
);
runOpenDataImport({ dryRun }, async (db) => {
  const report = await importPractitioners(db, {
    file,
    dryRun,
    actor: { keyId: null, name: `import:practitioners ${path.basename(file)}` },
    onRejected: (r) =>
      printLines(
        process.stderr,
        r.errors.map((e) => `line ${r.line}: ${e.field}: ${e.message}`),
      ),
    onListed: ({ list, item }) =>
      printLines(process.stderr, [
        list === 'nonDiffusibleFirms'
          ? `line ${item.line}: firm withheld: ${item.firm}: ${item.identifier} is non-diffusible in Sirene (statutDiffusion P)`
          : `line ${item.line}: not applied, uncertain: ${item.name}: ${item.reason}`,
      ]),
  });
  const { practitioners: p, firms: f } = report;
  // A file refused is applied in nothing: its rows are counted, not what was never worked out.
  const counts = report.rejectedRows
    ? [`rows: ${report.rows}, ${report.rejectedRows} of them refused`]
    : [
        `rows: ${report.rows}`,
        `practitioners: ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged`,
        `firms: ${f.created} created, ${f.updated} updated, ${f.unchanged} unchanged` +
          (report.listed.nonDiffusibleFirms
            ? `; ${report.listed.nonDiffusibleFirms} of them withheld (Sirene says their SIRET is not to be published)`
            : ''),
      ];
  printLines(process.stdout, [
    ...counts,
    ...(report.listed.uncertain ? [`rows not applied, uncertain: ${report.listed.uncertain}`] : []),
    dryRun ? '(dry run: nothing applied)' : report.applied ? 'applied' : 'nothing applied: fix the rows above',
  ]);
  return report.rejectedRows ? 1 : 0;
});
