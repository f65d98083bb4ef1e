// Every import CLI refuses a file whose name does not end as it reads (README « Every import CLI … »): the name and
// the endings it takes, then its usage, exit 2, before anything is read or a database reached (fileNameProblem).
import { copyFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileNameProblem } from '../../src/cli/failure.js';
import { runCli } from '../setup/cli.js';

let dir: string;
/** Fixtures renamed `.txt`: readable, well formed, of the wrong name. */
let practitioners: string;
let stock: string;
let notices: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-file-names-'));
  practitioners = path.join(dir, 'p1.txt');
  stock = path.join(dir, 'band.txt');
  notices = path.join(dir, 'h.txt');
  await copyFile('tests/fixtures/practitioners/practitioners.csv', practitioners);
  await copyFile('tests/fixtures/sirene/StockEtablissement_utf8.csv', stock);
  await copyFile('tests/fixtures/bodacc/annonces-commerciales.jsonl', notices);
});

/** A database no CLI can reach: a CLI that went on to import would fail there (exit 1), not with its usage. */
const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nowhere' };

describe('fileNameProblem', () => {
  it('names the endings taken, in any case', () => {
    expect(fileNameProblem('a.TXT', ['.csv', '.zip'])).toBe('a.TXT: the file must end in .csv or .zip');
    expect(fileNameProblem('a', ['.csv'])).toBe('a: the file must end in .csv');
    expect(fileNameProblem('a.txt', ['.csv', '.json', '.jsonl'])).toBe(
      'a.txt: the file must end in .csv, .json or .jsonl',
    );
    expect(fileNameProblem('A.ZIP', ['.csv', '.zip'])).toBeNull();
  });
});

describe('every import CLI, of a name it does not read', () => {
  it.each([
    ['import-bodacc.ts', () => [notices, '--dry-run'], () => notices, '.csv, .json or .jsonl', 'import:bodacc'],
    [
      'import-practitioners.ts',
      () => [practitioners, '--dry-run'],
      () => practitioners,
      '.csv',
      'import:practitioners',
    ],
    ['import-sirene.ts', () => [stock], () => stock, '.csv or .zip', 'import:sirene'],
    [
      'import-sirene.ts',
      () => ['tests/fixtures/sirene/StockEtablissement_utf8.csv', '--unites-legales', stock],
      () => stock,
      '.csv or .zip',
      'import:sirene',
    ],
    [
      'import-sirene.ts',
      () => ['tests/fixtures/sirene/StockEtablissement_utf8.csv', '--geo', stock],
      () => stock,
      '.csv or .zip',
      'import:sirene',
    ],
    [
      'import.ts',
      () => [practitioners, '--kind', 'sites', '--dry-run'],
      () => practitioners,
      '.csv, .json or .jsonl',
      'import',
    ],
  ])(
    '%s %#: the name, the endings, the usage, exit 2',
    (script, args, file, endings, command) => {
      const run = runCli(script, args(), env);
      expect(run.stderr).toMatch(
        new RegExp(`^${file()}: the file must end in ${endings.replaceAll('.', '\\.')}\nusage: npm run ${command} -- `),
      );
      expect(run.stderr.split('\n')).toHaveLength(3);
      expect(run.stdout).toBe('');
      expect(run.status).toBe(2);
    },
    60_000,
  );
});
