// npm run eval:practitioners [-- <labelled.json> …]
// Precision and recall of the (role, person) pairs the BODACC practitioner reader finds in labelled notice texts,
// and the cases it gets wrong. By default, every committed set: the one written before the reader
// (tests/fixtures/bodacc/practitioners.labelled.json) and the thirty-three written after it (practitioners.heldout.json,
// practitioners.heldout2.json, practitioners.heldout3.json, practitioners.heldout4.json,
// practitioners.heldout5.json, practitioners.own-quality.json, practitioners.heldout6.json,
// practitioners.initials.json, practitioners.heldout7.json, practitioners.heldout8.json, practitioners.heldout9.json,
// practitioners.heldout10.json, practitioners.firm-numbers.json, practitioners.verify40.json,
// practitioners.heldout11.json, practitioners.verify42.json, practitioners.discharges.json, verify43's six,
// practitioners.verify43-labelled*.json, practitioners.reader-kinds.json, and verify46's six,
// practitioners.verify46-*.json, written and labelled by a re-verifier before the reader ran on them; verify49's two,
// practitioners.verify49-0*.json, labelled by a hostile tester before running, and practitioners.verify49-kinds.json,
// the kinds behind them, written while the reader changed; practitioners.replacement-kinds.json, the reader's gaps of
// 2 December and their siblings, written by the helper who changed the reader: not held out; practitioners.verify51.json,
// verify51's faults 06-10 and their variants, written while the reader changed, not held out;
// practitioners.verify51-kinds.json, verify51's faults 01 and 05 (street-word surnames, dotted legal forms) and their
// variants, the same: not held out), each printed with its own figures.
import { evaluatePractitioners, LabelledFileError, readLabelledFile } from '../../src/open-data/bodacc/evaluation.js';

const files = process.argv.slice(2);
if (!files.length) {
  files.push(
    'tests/fixtures/bodacc/practitioners.labelled.json',
    'tests/fixtures/bodacc/practitioners.heldout.json',
    'tests/fixtures/bodacc/practitioners.heldout2.json',
    'tests/fixtures/bodacc/practitioners.heldout3.json',
    'tests/fixtures/bodacc/practitioners.heldout4.json',
    'tests/fixtures/bodacc/practitioners.heldout5.json',
    'tests/fixtures/bodacc/practitioners.own-quality.json',
    'tests/fixtures/bodacc/practitioners.heldout6.json',
    'tests/fixtures/bodacc/practitioners.initials.json',
    'tests/fixtures/bodacc/practitioners.heldout7.json',
    'tests/fixtures/bodacc/practitioners.heldout8.json',
    'tests/fixtures/bodacc/practitioners.heldout9.json',
    'tests/fixtures/bodacc/practitioners.heldout10.json',
    'tests/fixtures/bodacc/practitioners.firm-numbers.json',
    'tests/fixtures/bodacc/practitioners.verify40.json',
    'tests/fixtures/bodacc/practitioners.heldout11.json',
    'tests/fixtures/bodacc/practitioners.verify42.json',
    'tests/fixtures/bodacc/practitioners.discharges.json',
    'tests/fixtures/bodacc/practitioners.verify43-labelled.json',
    'tests/fixtures/bodacc/practitioners.verify43-labelled-2.json',
    'tests/fixtures/bodacc/practitioners.verify43-labelled-3.json',
    'tests/fixtures/bodacc/practitioners.verify43-labelled-4.json',
    'tests/fixtures/bodacc/practitioners.verify43-labelled-5.json',
    'tests/fixtures/bodacc/practitioners.verify43-labelled-6.json',
    'tests/fixtures/bodacc/practitioners.reader-kinds.json',
    'tests/fixtures/bodacc/practitioners.verify46-a-classic.json',
    'tests/fixtures/bodacc/practitioners.verify46-b-kinds.json',
    'tests/fixtures/bodacc/practitioners.verify46-c-hostile.json',
    'tests/fixtures/bodacc/practitioners.verify46-d-layouts.json',
    'tests/fixtures/bodacc/practitioners.verify46-e-traps.json',
    'tests/fixtures/bodacc/practitioners.verify46-f-variants.json',
    'tests/fixtures/bodacc/practitioners.verify49-01-two-roles.json',
    'tests/fixtures/bodacc/practitioners.verify49-05-firm-apposition.json',
    'tests/fixtures/bodacc/practitioners.verify49-kinds.json',
    'tests/fixtures/bodacc/practitioners.replacement-kinds.json',
    'tests/fixtures/bodacc/practitioners.verify51.json',
    'tests/fixtures/bodacc/practitioners.verify51-kinds.json',
  );
}
const pct = (x: number) => x.toFixed(3);
let failed = false;
for (const file of files) {
  let cases: ReturnType<typeof readLabelledFile>;
  try {
    cases = readLabelledFile(file);
  } catch (error) {
    if (!(error instanceof LabelledFileError)) throw error;
    // One line naming the file (and where in it), no stack trace.
    process.stderr.write(`eval:practitioners: ${error.message}\n`);
    process.exit(1);
  }
  const result = evaluatePractitioners(cases);
  process.stdout.write(`${file}\n`);
  for (const m of result.mistakes) {
    process.stdout.write(`  ✗ ${m.id}\n`);
    for (const p of m.falsePositives) process.stdout.write(`      found, not expected: ${p}\n`);
    for (const p of m.falseNegatives) process.stdout.write(`      expected, not found: ${p}\n`);
  }
  process.stdout.write(
    `  ${result.cases} texts, ${result.truePositives + result.falseNegatives} labelled pairs: ` +
      `${result.truePositives} found, ${result.falsePositives} wrong, ${result.falseNegatives} missed\n` +
      `  precision ${pct(result.precision)} (target ≥ 0.97), recall ${pct(result.recall)} (target ≥ 0.90)\n`,
  );
  if (result.precision < 0.97 || result.recall < 0.9) failed = true;
}
process.exitCode = failed ? 1 : 0;
