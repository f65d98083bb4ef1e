// `npm run import` checks a row's identifiers with the API's rule (« a create … giving an operator's SIREN that
// another entry the public may see holds is refused with a 409 naming it »): a SIREN (SIRET) another shown entry
// holds, or an earlier row of the file gives, is a bad row found in the check, reported with every other, seen by
// --dry-run, and rejected, not fatal, under --skip-invalid. It was found only while applying: the dry run missed it,
// a real run stopped at the first such line (« import failed, nothing applied: line 3: … ») and --skip-invalid
// aborted the whole file. So is an id the routes hold (`export`), which the API refuses with a 422.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
import { importCli as runImportCli } from '../setup/import.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-'));
  await createOperator(db, { id: 'holder-op', name: 'Holder Op', siren: '812345676' });
});

const importCli = (...args: string[]) => runImportCli(databaseUrl, ...args);
const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const operatorsFile = [
  'id;name;siren;citation_source;citation_quote;citation_fields',
  `op-ok-1;Op Ok Un;732829320;${source};IPG à Roubaix était une société indépendante;name`,
  `op-dup-1;Op Dup Un;812 345 676;${source};IPG à Roubaix était une société indépendante;name`,
  `op-ok-2;Op Ok Deux;Atlantis;${source};IPG à Roubaix était une société indépendante;name`,
  `op-dup-2;Op Dup Deux;732 829 320;${source};IPG à Roubaix était une société indépendante;name`,
  `export;Op Export;;${source};IPG à Roubaix était une société indépendante;name`,
];
const refusals = [
  "line 3: siren: 812345676 is already the SIREN of 'holder-op'",
  'line 4: siren: must be 9 digits (spaces allowed)',
  "line 5: siren: 732829320 is already the SIREN of 'op-ok-1'",
  "line 6: id: 'export' is the path of a route of every kind (/v1/<kind>/export), not an id",
];

describe("npm run import checks a row's identifiers and id as the API does", () => {
  it('--dry-run reports every bad line at once', async () => {
    const file = path.join(dir, 'opdup.csv');
    await writeFile(file, operatorsFile.join('\n'));
    const run = importCli(file, '--kind', 'operators', '--dry-run');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual(refusals);
    expect(run.stdout).toContain(
      'operators: 5 rows — 0 created, 0 updated, 0 unchanged, 4 rejected (dry run: nothing applied)',
    );
    expect((await getJson(app, '/v1/operators/op-ok-1')).status).toBe(404);
  }, 60_000);

  it('a real run applies nothing and names every bad line', async () => {
    const file = path.join(dir, 'opdup-real.csv');
    await writeFile(file, operatorsFile.join('\n'));
    const run = importCli(file, '--kind', 'operators');
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual(refusals);
    expect((await getJson(app, '/v1/operators/op-ok-1')).status).toBe(404);
  }, 60_000);

  it('--skip-invalid applies the good rows and writes the bad ones beside the file', async () => {
    const file = path.join(dir, 'opdup2.csv');
    await writeFile(file, operatorsFile.join('\n'));
    const run = importCli(file, '--kind', 'operators', '--skip-invalid');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('operators: 5 rows — 1 created, 0 updated, 0 unchanged, 4 rejected');
    expect((await getJson(app, '/v1/operators/op-ok-1')).body).toMatchObject({ siren: '732829320' });
    const rejected = await readFile(path.join(dir, 'opdup2.rejected.csv'), 'utf8');
    expect(
      rejected
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(';')[0]),
    ).toEqual(['\uFEFFid', 'op-dup-1', 'op-ok-2', 'op-dup-2', 'export']);
  }, 60_000);

  it("a change giving a site another site's SIRET is refused in the check; keeping its own is not", async () => {
    const held = await createSite(db, { siret: '73282932000074' });
    const other = await createSite(db, { siret: null });
    const file = path.join(dir, 'sites-siret.csv');
    await writeFile(
      file,
      [
        'id;siret;citation_source;citation_quote',
        `${held.id};73282932000074;${source};IPG à Roubaix était une société indépendante`,
        `${other.id};732 829 320 00074;${source};IPG à Roubaix était une société indépendante`,
      ].join('\n'),
    );
    const run = importCli(file, '--kind', 'sites', '--dry-run');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      `line 3: siret: 73282932000074 is already the SIRET of '${held.id}'`,
    ]);
    expect(run.stdout).toContain(
      'sites: 2 rows — 0 created, 0 updated, 0 unchanged, 1 rejected (dry run: nothing applied)',
    );
  }, 60_000);
});

// A row creating an entry of another entry's words (stored, or given by an earlier row of the file) is the API's
// duplicate (409 « … exists »), whatever its id: a bad row at its line, seen by --dry-run; two rows of two SIRENs
// are two legal units of one name.
describe("npm run import refuses a row of another entry's words, whatever its id", () => {
  it('--dry-run names the stored entry or the earlier row, and takes two SIRENs of one name', async () => {
    const file = path.join(dir, 'words.csv');
    await writeFile(
      file,
      [
        'id;name;siren;citation_source;citation_quote;citation_fields',
        `wd-1;Teleperformance;;${source};IPG à Roubaix était une société indépendante;name`,
        `wd-2;Mots Nouveaux;;${source};IPG à Roubaix était une société indépendante;name`,
        `wd-3;MOTS  NOUVEAUX;;${source};IPG à Roubaix était une société indépendante;name`,
        `wd-4;Deux Sirens;443061841;${source};IPG à Roubaix était une société indépendante;name`,
        `wd-5;Deux Sirens;552081317;${source};IPG à Roubaix était une société indépendante;name`,
      ].join('\n'),
    );
    const run = importCli(file, '--kind', 'operators', '--dry-run');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      "line 2: name: An operator named 'Teleperformance' exists: 'teleperformance'. Change it, or give another name.",
      "line 4: name: An operator named 'MOTS NOUVEAUX' exists: 'wd-2' (an earlier row of the file). Change it, or " +
        'give another name.',
    ]);
    expect(run.stdout).toContain(
      'operators: 5 rows — 0 created, 0 updated, 0 unchanged, 2 rejected (dry run: nothing applied)',
    );
  }, 60_000);
});
