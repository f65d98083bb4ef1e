// npm run import:bodacc -- <annonces-commerciales.csv|.json|.jsonl> [--dry-run]
// Imports the BODACC « Procédures collectives » notices of an Opendatasoft export (src/open-data/bodacc/):
// proceedings, their notices, their companies and practitioners. Checks every row first and applies nothing if
// one is bad (each printed on stderr as it is found: memory holds none of them, however many); then applies all in
// one transaction. The same file twice changes nothing. What the report lists of the file's rows (persons left
// out, doubts, notices without an opening…) is printed on stderr as found too; stdout gets the summary.
import path from 'node:path';
import { importBodacc } from '../open-data/bodacc/import.js';
import { listedLine, reportLines } from './bodacc-report.js';
import { fileArguments, runOpenDataImport } from './open-data-run.js';
import { printLines } from './output.js';

const usage = 'usage: npm run import:bodacc -- <annonces-commerciales.csv|.json|.jsonl> [--dry-run]';
const help = `Imports the « Procédures collectives » notices of a BODACC export (bodacc-datadila.opendatasoft.com,
data set annonces-commerciales, exported as CSV, JSON or JSON lines with its field names) as proceedings, their
notices, their companies (by SIREN) and the practitioners the notices designate.
  --dry-run   check and compute everything, say what would change; write nothing
  -h, --help  this text
`;

const options = fileArguments(usage, help, ['.csv', '.json', '.jsonl']);
runOpenDataImport({ dryRun: options.dryRun }, async (db) => {
  const report = await importBodacc(db, {
    ...options,
    actor: { keyId: null, name: `import:bodacc ${path.basename(options.file)}` },
    onRejected: (r, where) =>
      printLines(
        process.stderr,
        r.errors.map((e) => `${where} ${r.line}: ${e.field}: ${e.message}`),
      ),
    onListed: (listed, where) => printLines(process.stderr, [listedLine(listed, where)]),
  });
  printLines(process.stdout, reportLines(report, options.dryRun));
  return report.file.rejectedRows ? 1 : 0;
});
