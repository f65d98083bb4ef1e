// A CLI's own messages keep their line breaks: only the text of a file is printed escaped (`\u001b`, src/cli/output.ts).
// verify31 fault 08: Node's three-line message of an ambiguous option was printed on one line joined by « \u000a ».
import { describe, expect, it } from 'vitest';
import { runCli } from '../setup/cli.js';

const stock = 'tests/fixtures/sirene/StockEtablissement_utf8.csv';

describe("a CLI's own message", () => {
  it('keeps the line breaks of an option argument parseArgs finds ambiguous, usage after', () => {
    const run = runCli('import-sirene.ts', [stock, '--naf', '--dry-run']);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "Option '--naf' argument is ambiguous.\n" +
        "Did you forget to specify the option argument for '--naf'?\n" +
        "To specify an option argument starting with a dash use '--naf=-XYZ'.\n" +
        'usage: npm run import:sirene -- <StockEtablissement.csv|.zip> [--unites-legales <StockUniteLegale.csv|.zip>] ' +
        '[--geo <GeolocalisationEtablissement….csv|.zip>] [--naf 82.20Z[,…]] [--stock-month YYYY-MM] [--dry-run]\n',
    });
  });

  it.each([
    ['import.ts', [stock, '--kind', 'sites'], 'import failed, nothing applied: '],
    ['import-bodacc.ts', [stock], 'import failed, nothing applied: '],
    ['reindex.ts', [], 'reindex failed: '],
    ['keys.ts', ['list'], 'keys failed: '],
  ])(
    '%s: keeps the line breaks of the configuration refused, and escapes what the environment holds',
    (cli, args, at) => {
      const run = runCli(cli, args, { PORT: 'abc\u001b[2J' });
      expect({ status: run.status, stderr: run.stderr }).toEqual({
        status: 1,
        stderr: `${at}Invalid configuration:\n  PORT: 'abc\\u001b[2J' is not a whole number\n`,
      });
    },
  );

  it.each(['1e3', '0x3E8', '1000.0'])(
    'reindex refuses --batch-size %j: a whole number is written in digits (verify32 fault 08)',
    (given) => {
      const run = runCli('reindex.ts', ['--batch-size', given]);
      expect({ status: run.status, stderr: run.stderr }).toEqual({
        status: 1,
        stderr: `reindex failed: --batch-size is '${given}': must be a whole number from 1 to 100000\n`,
      });
    },
  );
});
