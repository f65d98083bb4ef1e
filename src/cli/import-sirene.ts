// npm run import:sirene -- <StockEtablissement.csv|.zip> [--unites-legales <StockUniteLegale.csv|.zip>]
//   [--geo <GeolocalisationEtablissement….csv|.zip>] [--naf 82.20Z[,…]] [--stock-month YYYY-MM] [--dry-run]
// Imports a Sirene stock edition as INSEE publishes it (src/open-data/sirene/):
// the establishments of the NAF codes become sites, their legal units
// operators, all in one transaction. Prints what it did, and the rows left out
// (each refused row as soon as it is found, each item of its other lists as it is told: memory holds none of them,
// however many).
import path from 'node:path';
import type { Listed } from '../import/rejections.js';
import {
  type AmbiguousRow,
  ambiguityLine,
  checkSireneOptions,
  importSirene,
  type RejectedRow,
  type SireneImportReport,
  type SireneListed,
} from '../open-data/sirene/import.js';
import { sireneListedLine } from '../open-data/sirene/listed.js';
import { parseArguments } from './arguments.js';
import { fileNameProblem, fileProblem } from './failure.js';
import { runOpenDataImport } from './open-data-run.js';
import { ownLines, printLines } from './output.js';

const usage =
  'usage: npm run import:sirene -- <StockEtablissement.csv|.zip> [--unites-legales <StockUniteLegale.csv|.zip>] ' +
  '[--geo <GeolocalisationEtablissement….csv|.zip>] [--naf 82.20Z[,…]] [--stock-month YYYY-MM] [--dry-run]';

const help = `Imports the establishments of a Sirene stock (INSEE, Licence Ouverte 2.0) as sites, and their legal units
as operators, through the API's write path, in one transaction. Files as INSEE publishes them (CSV or ZIP).
  --unites-legales  StockUniteLegale, to name the operators (and the sites that have no enseigne)
  --geo             GeolocalisationEtablissement_Sirene_pour_etudes_statistiques (its positions win over the
                    stock's; its worst quality, 33, is kept as approximate)
  --naf             NAF sub-class codes of the establishments to keep, separated by commas (default 82.20Z;
                    a class such as 82.20 is refused)
  --stock-month     the stock's month, YYYY-MM (default: that of the newest update in the rows kept)
  --dry-run         read and check everything, say what would change, write nothing
  -h, --help        this text
`;

function fail(message: string, code = 2): never {
  printLines(process.stderr, code === 2 ? [...ownLines(message), usage] : ownLines(message));
  process.exit(code);
}

function parse() {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArguments(process.argv.slice(2), {
      'unites-legales': { type: 'string' },
      geo: { type: 'string' },
      // Repeated or comma-separated alike: `--naf 82.20Z --naf 62.01Z` is `--naf 82.20Z,62.01Z`.
      naf: { type: 'string', multiple: true, default: ['82.20Z'] },
      'stock-month': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n${help}`);
    process.exit(0);
  }
  const [file, ...rest] = positionals;
  if (!file || rest.length) fail(file ? `one stock at a time, not: ${rest.join(' ')}` : 'no file given');
  const naf = (values.naf as string[])
    .flatMap((given) => given.split(','))
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const month = values['stock-month'] as string | undefined;
  try {
    checkSireneOptions({ naf, stockMonth: month });
  } catch (error) {
    fail((error as Error).message);
  }
  const legalUnits = values['unites-legales'] as string | undefined;
  const geo = values.geo as string | undefined;
  // Each file named is read, then its name's ending looked at: the stocks as INSEE publishes them, CSV or ZIP.
  for (const f of [file, legalUnits, geo]) {
    const problem = f ? fileProblem(f) : null;
    if (problem) fail(problem, 1);
  }
  for (const f of [file, legalUnits, geo]) {
    const problem = f ? fileNameProblem(f, ['.csv', '.zip']) : null;
    if (problem) fail(problem);
  }
  return { file, legalUnits, geo, naf, month, dryRun: Boolean(values['dry-run']) };
}

const options = parse();

let warned = false;
/**
 * Without --unites-legales, a warning, printed once before the first line of the import's own (not when the files
 * are refused before any row).
 */
function warn() {
  if (warned || options.legalUnits !== undefined) return;
  warned = true;
  printLines(process.stderr, [
    'warning: without --unites-legales, a legal unit that is non-diffusible (statutDiffusionUniteLegale = P) ' +
      'cannot be known (unless an earlier import was told so): its establishments were read as diffusible by ' +
      "their own status, and operators aren't made",
  ]);
}

/** A row refused, on stderr as soon as it is found. */
const printRejected = (r: RejectedRow) => {
  warn();
  return printLines(
    process.stderr,
    r.errors.map((e) => `${r.file}, line ${r.line}: left out: ${e.name}: ${e.message}`),
  );
};

/** A row matching entries not told for certain (`ambiguityLine`), on stderr as soon as it is found. */
const printAmbiguous = (a: AmbiguousRow) => {
  warn();
  return printLines(process.stderr, [ambiguityLine(a)]);
};

/** An item of the report's other lists (a position not used, a disagreement…), on stderr as it is told. */
const printListed = (listed: Listed<SireneListed>) => {
  warn();
  const line = sireneListedLine(listed);
  return line === null ? undefined : printLines(process.stderr, [line]);
};

/** What the import did (the rows left out and the items of its lists were printed as they were told). */
function print(report: SireneImportReport, dryRun: boolean) {
  warn();
  const { listed } = report;
  const count = (c: { created: number; updated: number; unchanged: number }) =>
    `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  printLines(process.stdout, [
    `source: ${report.source} (stock ${report.stockMonth})`,
    `establishments: ${report.scanned.establishments} rows read, ${report.kept} of the NAF codes, ` +
      (listed.outsideNaf ? `${listed.outsideNaf} of sites moved out of them, ` : '') +
      `${report.nonDiffusible.establishments} non-diffusible left out`,
    `legal units: ${report.scanned.legalUnits} rows read, ${report.nonDiffusible.legalUnits} non-diffusible left out`,
    `sites: ${count(report.sites)}`,
    `operators: ${count(report.operators)}`,
    `other sites given their commune's centre (GeoNames, approximate): ${report.communeCentres}`,
    `sites left without a position (their commune has no centre, nothing else places them): ${listed.unplaced}`,
    `left out: ${report.rejectedRows} refused, ${report.ambiguousRows} ambiguous matches, ` +
      `${listed.badPositions} positions not used (projection, number, area or commune wrong)`,
    `disagreements with the directory's other sources (theirs kept; a closure before their figure: both kept): ${listed.disagreements}`,
    `names not kept as aliases (the entry has the most it may): ${listed.aliasesNotKept}`,
    `headcount bands dated after their site's closing (left out, the site imported): ${listed.bandsAfterClosing}`,
    `non-diffusible entries withheld (only Sirene or BODACC notices cite them; a firm of practitioners by its SIRET): ${listed.withheld}, shown again: ` +
      `${listed.shownAgain}, also known from other sources (left, to review): ` +
      `${listed.nonDiffusibleElsewhere}`,
    dryRun ? 'dry run: nothing applied' : report.applied ? 'applied' : 'nothing applied',
  ]);
}

// Three connections: the staging COPY, the import's transaction and its reads.
runOpenDataImport({ dryRun: options.dryRun, connections: 3 }, async (db) => {
  const report = await importSirene(db, {
    establishments: options.file,
    legalUnits: options.legalUnits,
    geolocation: options.geo,
    naf: options.naf,
    stockMonth: options.month,
    dryRun: options.dryRun,
    actor: { keyId: null, name: `import:sirene ${path.basename(options.file)}`, scope: 'write' },
    onRejected: printRejected,
    onAmbiguous: printAmbiguous,
    onListed: printListed,
  });
  print(report, options.dryRun);
  return 0;
});
