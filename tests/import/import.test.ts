// npm run import, end to end against a real database: checks before applying,
// applies all or nothing, upserts by id, round-trips the exports.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { sites } from '../../src/db/schema/index.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { getJson, testApp } from '../setup/app.js';

/** The importer of a kind, by its plural. */
const importerOf = (plural: string) => kindImporter(db, findKind(plural)!);

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-'));
});

function importCli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const header = 'id;name;operator_id;commune;status;closed_on;citation_source;citation_quote';
const good = (id: string, commune: string) =>
  `${id};Plateau ${commune};ipg-contacts-services;${commune};open;;${source};IPG Contacts Services est une deuxième entité`;

const count = async (prefix: string) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(sites)
        .where(sql`${sites.id} like ${`${prefix}%`}`)
    )[0]!.n,
  );

describe('npm run import', () => {
  it('applies nothing when a row is bad, and names each bad row with its line and reason', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        header,
        good('imp-a-tours', 'Tours'),
        `imp-a-nowhere;Plateau Nulle Part;ipg-contacts-services;Atlantis;open;;${source};x`,
        good('imp-a-blois', 'Blois'),
        'imp-a-closed;Plateau Fermé;;Blois;closed;;;',
      ].join('\r\n'),
    );
    const run = importCli(file, '--kind', 'sites');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("line 3: commune: no commune is named 'Atlantis'");
    expect(run.stderr).toContain(
      'line 5: closed_on: is required for a closed site (or status_as_of, when the closure was reported)',
    );
    expect(run.stderr).toContain(
      'line 5: citations: a new site needs a source and a quote (citation_source, citation_quote)',
    );
    expect(run.stdout).toContain('sites: 4 rows — 0 created, 0 updated, 0 unchanged, 2 rejected (nothing applied');
    expect(await count('imp-a-')).toBe(0);
  }, 60_000);

  it('with --skip-invalid applies the good rows and writes the bad ones to a file', async () => {
    const file = path.join(dir, 'mixed.csv');
    await writeFile(
      file,
      [
        header,
        good('imp-b-tours', 'Tours'),
        `imp-b-bad;Plateau;;Atlantis;open;;${source};x`,
        good('imp-b-blois', 'Blois'),
      ].join('\r\n'),
    );
    const run = importCli(file, '--kind', 'sites', '--skip-invalid');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('sites: 3 rows — 2 created, 0 updated, 0 unchanged, 1 rejected');
    const rejected = await readFile(path.join(dir, 'mixed.rejected.csv'), 'utf8');
    expect(rejected.split('\n').filter(Boolean)).toEqual([header, expect.stringMatching(/^imp-b-bad;/)]);
    expect(await count('imp-b-')).toBe(2);
  }, 60_000);

  it('changes nothing when the same file is imported twice, and --dry-run changes nothing at all', async () => {
    const file = path.join(dir, 'twice.csv');
    await writeFile(file, [header, good('imp-c-tours', 'Tours'), good('imp-c-blois', 'Blois')].join('\n'));
    expect(importCli(file, '--kind', 'sites', '--dry-run').stdout).toContain(
      '2 created, 0 updated, 0 unchanged, 0 rejected (dry run: nothing applied)',
    );
    expect(await count('imp-c-')).toBe(0);
    expect(importCli(file, '--kind', 'sites').stdout).toContain('2 created, 0 updated, 0 unchanged');
    const historyBefore = (await getJson(app, '/v1/sites/imp-c-tours/history')).body.data;
    expect(historyBefore).toEqual([expect.objectContaining({ action: 'create', actor: 'import twice.csv' })]);
    expect(importCli(file, '--kind', 'sites').stdout).toContain('0 created, 0 updated, 2 unchanged');
    expect((await getJson(app, '/v1/sites/imp-c-tours/history')).body.data).toEqual(historyBefore);
  }, 60_000);

  it('updates changed rows, with their source', async () => {
    const file = path.join(dir, 'update.jsonl');
    const row = {
      id: 'imp-c-blois',
      name: 'Plateau Blois Centre',
      citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité' }],
    };
    await writeFile(file, `${JSON.stringify(row)}\n`);
    expect(importCli(file, '--kind', 'sites').stdout).toContain('0 created, 1 updated, 0 unchanged');
    expect((await getJson(app, '/v1/sites/imp-c-blois')).body.name).toBe('Plateau Blois Centre');
  }, 60_000);

  it.each([
    [['nofile.csv', '--kind', 'sites'], 1, 'nofile.csv: no such file'],
    [['x.txt', '--kind', 'sites'], 2, 'the file must end in .csv, .json or .jsonl'],
    [['x.csv', '--kind', 'people'], 2, '--kind must be one of: sites, operators, clubs, mandataires, proceedings'],
    [[], 2, 'no file given'],
  ])('refuses %j', (args, status, message) => {
    const run = importCli(...args.map((a) => (a.endsWith('.csv') || a.endsWith('.txt') ? path.join(dir, a) : a)));
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
  });
});

describe('runImport', () => {
  it('round-trips an export: exported sites imported again change nothing', async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const exported = await app.inject({ method: 'GET', url: `/v1/sites/export?format=${format}` });
      const file = path.join(dir, `export.${format}`);
      await writeFile(file, exported.body);
      const summary = await runImport(db, await importerOf('sites'), {
        file,
        format,
        actor: { keyId: null, name: 'test', scope: 'write' },
      });
      expect(summary.rejected, format).toEqual([]);
      expect(summary.created + summary.updated, format).toBe(0);
      expect(summary.unchanged, format).toBe(summary.rows);
      expect(summary.rows).toBe((await getJson(app, '/v1/sites?limit=1')).body.total);
    }
  });

  it.each(['operators', 'clubs', 'mandataires', 'proceedings'])('round-trips the export of %s', async (kind) => {
    for (const format of ['csv', 'jsonl'] as const) {
      const exported = await app.inject({ method: 'GET', url: `/v1/${kind}/export?format=${format}` });
      const file = path.join(dir, `export-${kind}.${format}`);
      await writeFile(file, exported.body);
      const summary = await runImport(db, await importerOf(kind), {
        file,
        format,
        actor: { keyId: null, name: 'test', scope: 'write' },
      });
      expect(summary.rejected, `${kind} ${format}`).toEqual([]);
      expect(summary.unchanged, `${kind} ${format}`).toBe(summary.rows);
    }
  });

  it('creates and updates operators from CSV, and rejects unknown columns', async () => {
    const file = path.join(dir, 'operators.csv');
    await writeFile(
      file,
      [
        'id;name;kind;aliases;siren;citation_source;citation_quote',
        `imp-op-un;Opérateur Un;outsourcer;Op Un | OPU;732829320;${source};IPG Contacts Services est une deuxième entité`,
      ].join('\n'),
    );
    const summary = await runImport(db, await importerOf('operators'), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary).toMatchObject({ created: 1, rejected: [] });
    expect((await getJson(app, '/v1/operators/imp-op-un')).body).toMatchObject({
      aliases: ['Op Un', 'OPU'],
      siren: '732829320',
      kind: 'outsourcer',
    });
    const bad = path.join(dir, 'operators-bad.csv');
    await writeFile(bad, 'id;name;colour\nimp-op-deux;Deux;bleu\n');
    const refused = await runImport(db, await importerOf('operators'), {
      file: bad,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(refused.rejected[0]!.errors).toEqual([
      { in: 'row', name: 'colour', message: 'is not a column of this kind' },
    ]);
  });

  it('checks references of every kind before applying anything', async () => {
    const file = path.join(dir, 'proceedings.csv');
    await writeFile(
      file,
      [
        'id;company_name;kind;operator_id;citation_source;citation_quote',
        `imp-pr-un;Une SA;sauvegarde;ipg;${source};x`,
        `imp-pr-deux;Deux SA;sauvegarde;nobody-op;${source};x`,
        `imp-pr-trois;Trois SA;sauvegarde;ipg;no-such-article;x`,
      ].join('\n'),
    );
    const summary = await runImport(db, await importerOf('proceedings'), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [3, [{ in: 'row', name: 'operator', message: "unknown operator 'nobody-op'" }]],
      [4, [{ in: 'row', name: 'citation_source', message: "unknown source 'no-such-article'" }]],
    ]);
    expect(summary.applied).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/v1/proceedings/imp-pr-un' })).statusCode).toBe(404);
  });

  it('rejects a repeated id and unreadable lines', async () => {
    const file = path.join(dir, 'dup.jsonl');
    const row = { id: 'imp-d-one', name: 'Plateau Un', commune: 'Tours', citations: [{ source, quote: 'x' }] };
    await writeFile(file, `${JSON.stringify(row)}\n{not json\n${JSON.stringify(row)}\n`);
    const summary = await runImport(db, await importerOf('sites'), {
      file,
      format: 'jsonl',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary.rejected.map((r) => [r.line, r.errors[0]!.name])).toEqual([
      [2, 'row'],
      [3, 'id'],
    ]);
    expect(summary.rejected[1]!.errors[0]!.message).toBe("'imp-d-one' already appears at line 1");
    expect(summary.applied).toBe(false);
    expect((await db.select().from(sites).where(eq(sites.id, 'imp-d-one'))).length).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('rejects, at its line, a row PostgreSQL could not store (a NUL character, an integer too large)', async () => {
    const file = path.join(dir, 'unstorable.jsonl');
    const good = { id: 'imp-e-one', name: 'Plateau Un', commune: 'Tours', citations: [{ source, quote: 'x' }] };
    const rows = [good, { ...good, id: 'imp-e-two', notes: 'a\u0000b' }];
    const club = { id: 'imp-e-club', name: 'Club', kind: 'regional_club', member_count: 3000000000 };
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const clubs = path.join(dir, 'unstorable-clubs.jsonl');
    await writeFile(clubs, JSON.stringify({ ...club, citations: [{ source, quote: 'x' }] }));
    const actor = { keyId: null, name: 'test', scope: 'write' } as const;
    const summary = await runImport(db, await importerOf('sites'), { file, format: 'jsonl', actor });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [2, [{ in: 'row', name: 'notes', message: 'must not contain the NUL character' }]],
    ]);
    const refused = await runImport(db, await importerOf('clubs'), { file: clubs, format: 'jsonl', actor });
    expect(refused.rejected.map((r) => [r.line, r.errors[0]!.name, r.errors[0]!.message])).toEqual([
      [1, 'member_count', 'must be at most 2147483647'],
    ]);
    expect(summary.applied || refused.applied).toBe(false);
  });

  it('takes fields as people write them: NFC names, spaced SIRETs and phones, ISO countries; refuses dates that do not exist', async () => {
    const actor = { keyId: null, name: 'test', scope: 'write' } as const;
    const sitesFile = path.join(dir, 'written.csv');
    await writeFile(
      sitesFile,
      [
        'id;name;commune;country;siret;opened_on;citation_source;citation_quote',
        `imp-f-one;Cafe\u0301 Vendo\u0302me;Tours;fr;356 000 000 00048;2017-02-28;${source};IPG`,
        `imp-f-two;Plateau Deux;Tours;FR;;2017-02-30;${source};IPG`,
        `imp-f-three;Plateau Trois;;UK;;;${source};IPG`,
      ].join('\n'),
    );
    const refused = await runImport(db, await importerOf('sites'), { file: sitesFile, format: 'csv', actor });
    expect(refused.applied).toBe(false);
    expect(refused.rejected.map((r) => [r.line, r.errors])).toEqual([
      [3, [{ in: 'row', name: 'opened_on', message: "'2017-02-30' is not a date of the calendar" }]],
      [
        4,
        [
          {
            in: 'row',
            name: 'country',
            message: "'UK' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)",
          },
        ],
      ],
    ]);
    await writeFile(sitesFile, (await readFile(sitesFile, 'utf8')).split('\n').slice(0, 2).join('\n'));
    const applied = await runImport(db, await importerOf('sites'), { file: sitesFile, format: 'csv', actor });
    expect(applied.rejected).toEqual([]);
    const site = (await getJson(app, '/v1/sites/imp-f-one')).body;
    expect(site).toMatchObject({ name: 'Café Vendôme', country: 'FR', siret: '35600000000048' });
    const mandatairesFile = path.join(dir, 'written-mandataires.jsonl');
    const firm = { id: 'imp-f-firm', name: 'E\u0301tude Re\u0301union', kind: 'firm', phone: '0262 30 12 34' };
    await writeFile(mandatairesFile, JSON.stringify({ ...firm, citations: [{ source, quote: 'IPG' }] }));
    const phones = await runImport(db, await importerOf('mandataires'), {
      file: mandatairesFile,
      format: 'jsonl',
      actor,
    });
    expect(phones.rejected).toEqual([]);
    expect((await getJson(app, '/v1/mandataires/imp-f-firm')).body).toMatchObject({
      name: 'Étude Réunion',
      phone: '+262262301234',
      phone_national: '0262 30 12 34',
    });
  });
});
