// A file's result is the sequence of its rows' API writes, all or nothing: every check a row meets (one name is one
// entry, one site of a commune; one SIRET, one SIREN) sees the directory as the file's earlier rows leave it. A name
// an earlier row frees by a rename is free for a later row, as it is to two PATCHes sent one after the other; a name
// an earlier row takes is taken, refused at the later row's line. It was checked against the directory before the
// file: the first case was refused as a duplicate (issue 9's hostile check), and the batch envelope compared the
// batch's renames with the stored names only. The envelope's batch alike (applyWrites), whoever calls it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { mandataires, operators, sites } from '../../src/db/schema/index.js';
import { ImportApplyError } from '../../src/import/run.js';
import { mandataireWrites } from '../../src/modules/mandataires/writes.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { createInput } from '../../src/open-data/writes.js';
import { applyWrites } from '../../src/writes/envelope.js';
import { testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
import { importFile, quote, importCli as runImportCli, source } from '../setup/import.js';

let db: Db;
let databaseUrl: string;
let dir: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-import-sequence-'));
});

const opHeader = 'id;name;parent_id;siren;citation_source;citation_quote';
const op = (id: string, name: string, extra: { parent?: string; siren?: string } = {}) =>
  `${id};${name};${extra.parent ?? ''};${extra.siren ?? ''};${source};${quote}`;

/** The names of these operators, by id. */
async function operatorNames(ids: string[]): Promise<Record<string, string>> {
  const rows = await db
    .select({ id: operators.id, name: operators.name })
    .from(operators)
    .where(inArray(operators.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** These sites' name, commune and SIRET, by id. */
async function siteFacts(ids: string[]) {
  const rows = await db
    .select({ id: sites.id, name: sites.name, commune: sites.commune, siret: sites.siret })
    .from(sites)
    .where(inArray(sites.id, ids));
  return Object.fromEntries(rows.map(({ id, ...facts }) => [id, facts]));
}

/** Imports `lines` (a CSV of `plural`) in-process: its summary's counts and rejected rows (line, errors). */
async function imported(
  name: string,
  lines: string[],
  plural = 'operators',
  options: { skipInvalid?: boolean; dryRun?: boolean } = {},
) {
  const file = path.join(dir, `${name}.csv`);
  await writeFile(file, lines.join('\n'));
  const summary = await importFile(db, file, { plural, ...options });
  const { created, updated, unchanged, applied } = summary;
  return { created, updated, unchanged, applied, rejected: summary.rejected.map((r) => [r.line, r.errors]) };
}

describe('an import checks each row against the directory as its earlier rows leave it', () => {
  it('takes a name an earlier row frees by a rename (the hostile check: refused as a duplicate)', async () => {
    await createOperator(db, { id: 'seq-x', name: 'Nom Alpha' });
    await createOperator(db, { id: 'seq-y', name: 'Nom Gamma' });
    const result = await imported('rename-into-freed', [opHeader, op('seq-x', 'Nom Beta'), op('seq-y', 'Nom Alpha')]);
    expect(result).toEqual({ created: 0, updated: 2, unchanged: 0, applied: true, rejected: [] });
    expect(await operatorNames(['seq-x', 'seq-y'])).toEqual({ 'seq-x': 'Nom Beta', 'seq-y': 'Nom Alpha' });
  });

  it('creates an entry of the words an earlier row frees, a site of a commune too', async () => {
    await createOperator(db, { id: 'seq-free', name: 'Libre Alpha' });
    const operatorsResult = await imported('create-into-freed', [
      opHeader,
      op('seq-free', 'Libre Beta'),
      op('seq-free-new', 'Libre Alpha'),
    ]);
    expect(operatorsResult).toEqual({ created: 1, updated: 1, unchanged: 0, applied: true, rejected: [] });
    expect(await operatorNames(['seq-free', 'seq-free-new'])).toEqual({
      'seq-free': 'Libre Beta',
      'seq-free-new': 'Libre Alpha',
    });
    // One name is one site of a commune: the site moved to Arras frees « Plateau Séquence » in Lens.
    await createSite(db, { id: 'seq-site-lens', name: 'Plateau Séquence', commune: 'Lens' });
    const sitesResult = await imported(
      'site-moved',
      [
        'id;name;commune;status;citation_source;citation_quote',
        `seq-site-lens;Plateau Séquence;Arras;open;${source};${quote}`,
        `seq-site-new;Plateau Séquence;Lens;open;${source};${quote}`,
      ],
      'sites',
    );
    expect(sitesResult).toEqual({ created: 1, updated: 1, unchanged: 0, applied: true, rejected: [] });
    expect(await siteFacts(['seq-site-lens', 'seq-site-new'])).toEqual({
      'seq-site-lens': { name: 'Plateau Séquence', commune: 'Arras', siret: null },
      'seq-site-new': { name: 'Plateau Séquence', commune: 'Lens', siret: null },
    });
  });

  it('refuses a name an earlier row takes, naming the later row and the entry', async () => {
    await createOperator(db, { id: 'seq-taker', name: 'Avant Pris' });
    await createOperator(db, { id: 'seq-late', name: 'Tard Venu' });
    const lines = [opHeader, op('seq-taker', 'Nom Pris'), op('seq-taken-new', 'Nom Pris'), op('seq-late', 'NOM  PRIS')];
    const file = path.join(dir, 'taken.csv');
    await writeFile(file, lines.join('\n'));
    const run = runImportCli(databaseUrl, file, '--kind', 'operators', '--dry-run');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      "line 3: name: An operator named 'Nom Pris' exists: 'seq-taker' (an earlier row of the file). Change it, or " +
        'give another name.',
      "line 4: name: An operator named 'NOM PRIS' exists: 'seq-taker' (an earlier row of the file). Merge the two " +
        "instead ('seq-late' into 'seq-taker'), or give another name.",
    ]);
    expect(run.stdout).toContain(
      'operators: 3 rows — 0 created, 0 updated, 0 unchanged, 2 rejected (dry run: nothing applied)',
    );
    expect(await operatorNames(['seq-taker', 'seq-late', 'seq-taken-new'])).toEqual({
      'seq-taker': 'Avant Pris',
      'seq-late': 'Tard Venu',
    });
  }, 60_000);

  it('takes a name freed, a name freed in its turn, a new entry named by a later row (the CLI, on its worker)', async () => {
    await createOperator(db, { id: 'seq-chain-a', name: 'Chaîne Un' });
    await createOperator(db, { id: 'seq-chain-b', name: 'Chaîne Deux' });
    const file = path.join(dir, 'chain.csv');
    await writeFile(
      file,
      [
        opHeader,
        op('seq-chain-a', 'Chaîne Trois'),
        op('seq-chain-b', 'Chaîne Un'),
        op('seq-chain-new', 'Chaîne Deux'),
        op('seq-chain-child', 'Chaîne Fille', { parent: 'seq-chain-new' }),
      ].join('\n'),
    );
    const run = runImportCli(databaseUrl, file, '--kind', 'operators');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('operators: 4 rows — 2 created, 2 updated, 0 unchanged, 0 rejected');
    expect(await operatorNames(['seq-chain-a', 'seq-chain-b', 'seq-chain-new', 'seq-chain-child'])).toEqual({
      'seq-chain-a': 'Chaîne Trois',
      'seq-chain-b': 'Chaîne Un',
      'seq-chain-new': 'Chaîne Deux',
      'seq-chain-child': 'Chaîne Fille',
    });
  }, 60_000);

  it('does not free the name of a row applied after the rows that follow it (it names an entry further down)', async () => {
    await createOperator(db, { id: 'seq-wave-x', name: 'Vague Un' });
    await createOperator(db, { id: 'seq-wave-y', name: 'Vague Deux' });
    // Row 2 names the parent row 4 creates: it is applied after rows 3 and 4, so « Vague Un » is still row 2's entry's
    // when row 3 is applied, as it would be to a PATCH sent then.
    const result = await imported('wave', [
      opHeader,
      op('seq-wave-x', 'Vague Trois', { parent: 'seq-wave-parent' }),
      op('seq-wave-y', 'Vague Un'),
      op('seq-wave-parent', 'Vague Mère'),
    ]);
    const message =
      "An operator named 'Vague Un' exists: 'seq-wave-x'. Merge the two instead ('seq-wave-y' into 'seq-wave-x'), " +
      'or give another name.';
    expect(result).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      applied: false,
      rejected: [[3, [{ in: 'row', name: 'name', message }]]],
    });
    expect(await operatorNames(['seq-wave-x', 'seq-wave-y', 'seq-wave-parent'])).toEqual({
      'seq-wave-x': 'Vague Un',
      'seq-wave-y': 'Vague Deux',
    });
  });

  it('gives a SIRET an earlier row changes away from; one an earlier row gives is refused', async () => {
    await createSite(db, { id: 'seq-siret-held', siret: '44306184100013' });
    await createSite(db, { id: 'seq-siret-free', siret: null });
    await createSite(db, { id: 'seq-siret-late', siret: null });
    const lines = [
      `id;siret;citation_source;citation_quote`,
      `seq-siret-held;55208131700018;${source};${quote}`,
      `seq-siret-free;443 061 841 00013;${source};${quote}`,
      `seq-siret-late;55208131700018;${source};${quote}`,
    ];
    const dry = await imported('siret-dry', lines, 'sites', { skipInvalid: true, dryRun: true });
    expect(dry.rejected).toEqual([
      [4, [{ in: 'row', name: 'siret', message: "55208131700018 is already the SIRET of 'seq-siret-held'" }]],
    ]);
    const result = await imported('siret', lines.slice(0, 3), 'sites');
    expect(result).toEqual({ created: 0, updated: 2, unchanged: 0, applied: true, rejected: [] });
    const facts = await siteFacts(['seq-siret-held', 'seq-siret-free']);
    expect([facts['seq-siret-held']!.siret, facts['seq-siret-free']!.siret]).toEqual([
      '55208131700018',
      '44306184100013',
    ]);
  });

  it('refuses a swap that writes one entry twice: the file writes an entry once (a repeated id)', async () => {
    await createOperator(db, { id: 'seq-swap-a', name: 'Échange Un' });
    await createOperator(db, { id: 'seq-swap-b', name: 'Échange Deux' });
    const result = await imported('swap', [
      opHeader,
      op('seq-swap-a', 'Échange Tiers'),
      op('seq-swap-b', 'Échange Un'),
      op('seq-swap-a', 'Échange Deux'),
    ]);
    expect(result).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      applied: false,
      rejected: [[4, [{ in: 'row', name: 'id', message: "'seq-swap-a' already appears at line 2" }]]],
    });
    expect(await operatorNames(['seq-swap-a', 'seq-swap-b'])).toEqual({
      'seq-swap-a': 'Échange Un',
      'seq-swap-b': 'Échange Deux',
    });
  });

  it('does not free a name by a row refused once every row is checked (a repeated id): nothing applied', async () => {
    await createOperator(db, { id: 'seq-repeat', name: 'Répété Un', siren: '732829320' });
    const lines = [
      opHeader,
      op('seq-repeat', 'Répété Un', { siren: '732829320' }),
      op('seq-repeat', 'Répété Deux'),
      op('seq-repeat-new', 'Répété Un'),
    ];
    // Row 3 is refused as repeated only once every row is checked; row 4 took the name it would have freed: the
    // envelope checks that create again when applied, and refuses it, naming its line. Nothing is applied.
    const write = imported('repeat', lines, 'operators', { skipInvalid: true });
    await expect(write).rejects.toThrow(ImportApplyError);
    await expect(write).rejects.toThrow(
      "line 4: An operator named 'Répété Un' exists: 'seq-repeat'. Change it, or give another name.",
    );
    expect(await operatorNames(['seq-repeat', 'seq-repeat-new'])).toEqual({ 'seq-repeat': 'Répété Un' });
  });
});

describe('the batch envelope checks each op against the entries as the ops before it leave them', () => {
  const actor = { keyId: null, name: 'test' };
  const citations = [{ source, quote, fields: [] }];
  /** A create body as the envelope takes it: its fields, without its id and citations. */
  const bodyOf = ({ id: _id, citations: _citations, ...input }: Record<string, unknown>) => input;
  const rename = (id: string, name: string) =>
    ({ action: 'update', id, patch: { name }, citations, ifMatch: '*' }) as const;

  it('takes a name an earlier op frees, refuses one an earlier op takes, at that op', async () => {
    await createOperator(db, { id: 'env-x', name: 'Env Alpha' });
    await createOperator(db, { id: 'env-y', name: 'Env Gamma' });
    await createOperator(db, { id: 'env-z', name: 'Env Delta' });
    const taken = applyWrites({ db, actor }, operatorWrites.spec, [
      rename('env-x', 'Env Pris'),
      rename('env-z', 'Env Pris'),
    ]);
    await expect(taken).rejects.toMatchObject({
      code: 'conflict',
      op: 1,
      message:
        "An operator named 'Env Pris' exists: 'env-x'. Merge the two instead ('env-z' into 'env-x'), or give another name.",
    });
    const results = await applyWrites({ db, actor }, operatorWrites.spec, [
      rename('env-x', 'Env Beta'),
      rename('env-y', 'Env Alpha'),
      {
        action: 'create',
        id: 'env-new',
        input: bodyOf(operatorWrites.createBody.parse({ id: 'env-new', name: 'Env Gamma', citations })),
        citations,
        sameWordsRefused: true,
      },
    ]);
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['env-x', 'updated'],
      ['env-y', 'updated'],
      ['env-new', 'created'],
    ]);
    expect(await operatorNames(['env-x', 'env-y', 'env-z', 'env-new'])).toEqual({
      'env-x': 'Env Beta',
      'env-y': 'Env Alpha',
      'env-z': 'Env Delta',
      'env-new': 'Env Gamma',
    });
  });

  it('hands SIRETs over within a batch, though PostgreSQL writes its new entries first', async () => {
    await createSite(db, { id: 'env-siret-a', siret: '73282932000025' });
    await createSite(db, { id: 'env-siret-b', siret: '44306184100021' });
    await createSite(db, { id: 'env-siret-c', siret: null });
    const input = bodyOf(
      siteWrites.createBody.parse({
        id: 'env-siret-new',
        name: 'Env Siret',
        commune: 'Amiens',
        status: 'open',
        siret: '73282932000025',
        citations,
      }),
    );
    const handOver = [
      { action: 'update', id: 'env-siret-a', patch: { siret: '55208131700026' }, citations, ifMatch: '*' },
      { action: 'create', id: 'env-siret-new', input, citations },
      { action: 'update', id: 'env-siret-b', patch: { siret: null }, citations, ifMatch: '*' },
      { action: 'update', id: 'env-siret-c', patch: { siret: '44306184100021' }, citations, ifMatch: '*' },
    ] as const;
    // Taken before it is freed: refused at that op, as a POST before the PATCH would be.
    const early = applyWrites({ db, actor }, siteWrites.spec, [handOver[3], handOver[2]]);
    await expect(early).rejects.toMatchObject({
      code: 'conflict',
      op: 0,
      message: "siret: 44306184100021 is already the SIRET of 'env-siret-b'",
    });
    const results = await applyWrites({ db, actor }, siteWrites.spec, [...handOver]);
    expect(results.map((r) => r.outcome)).toEqual(['updated', 'created', 'updated', 'updated']);
    const facts = await siteFacts(['env-siret-a', 'env-siret-b', 'env-siret-c', 'env-siret-new']);
    expect(Object.fromEntries(Object.entries(facts).map(([id, f]) => [id, f.siret]))).toEqual({
      'env-siret-a': '55208131700026',
      'env-siret-b': null,
      'env-siret-c': '44306184100021',
      'env-siret-new': '73282932000025',
    });
  });
});

describe('parent groups, as the earlier rows and ops leave them (verify34 fault 04)', () => {
  const actor = { keyId: null, name: 'test' };
  const citations = [{ source, quote, fields: [] }];
  const cycle = (parent: string) => ({
    in: 'row',
    name: 'parent',
    message: `'${parent}' belongs to this operator's own group: that would make a cycle`,
  });

  it('refuses a cycle through two new rows of the file, at the row closing it: nothing applied', async () => {
    const result = await imported('cycle-new', [
      opHeader,
      op('cyc-a', 'Cycle Alpha', { parent: 'cyc-b' }),
      op('cyc-b', 'Cycle Beta', { parent: 'cyc-a' }),
    ]);
    // Line 2 names the refused row: refused too, once every row is checked.
    const namesRefused = { in: 'row', name: 'parent', message: "names 'cyc-b', whose row (line 3) is rejected" };
    expect(result).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      applied: false,
      rejected: [
        [2, [namesRefused]],
        [3, [cycle('cyc-a')]],
      ],
    });
    expect(await operatorNames(['cyc-a', 'cyc-b'])).toEqual({});
  });

  it('refuses a cycle through a new row and a stored operator (the CLI, on its worker)', async () => {
    await createOperator(db, { id: 'cyc-top', name: 'Cycle Sommet' });
    const file = path.join(dir, 'cycle-stored.csv');
    await writeFile(
      file,
      [
        opHeader,
        op('cyc-c', 'Cycle Gamma', { parent: 'cyc-top' }),
        op('cyc-top', 'Cycle Sommet', { parent: 'cyc-c' }),
      ].join('\n'),
    );
    const run = runImportCli(databaseUrl, file, '--kind', 'operators');
    expect([run.status, run.stderr.split('\n').filter((l) => l.startsWith('line '))]).toEqual([
      1,
      ["line 3: parent: 'cyc-c' belongs to this operator's own group: that would make a cycle"],
    ]);
    expect(await operatorNames(['cyc-c'])).toEqual({});
  });

  it('takes a parent that makes no cycle once an earlier row has left the group', async () => {
    await createOperator(db, { id: 'cyc-head', name: 'Cycle Tête' });
    await createOperator(db, { id: 'cyc-sub', name: 'Cycle Filiale', parent: 'cyc-head' });
    // As two PATCHes one after the other: the subsidiary leaves the group, then the head joins it.
    const result = await imported('cycle-undone', [
      opHeader,
      op('cyc-sub', 'Cycle Filiale'),
      op('cyc-head', 'Cycle Tête', { parent: 'cyc-sub' }),
    ]);
    expect(result).toEqual({ created: 0, updated: 2, unchanged: 0, applied: true, rejected: [] });
    // The other order makes the cycle: refused at the row making it.
    const refused = await imported('cycle-undone-reversed', [
      opHeader,
      op('cyc-sub', 'Cycle Filiale', { parent: 'cyc-head' }),
      op('cyc-head', 'Cycle Tête'),
    ]);
    expect(refused.rejected).toEqual([[2, [cycle('cyc-head')]]]);
  });

  it('refuses, in a batch of the envelope, an op closing a cycle through an earlier op, at that op', async () => {
    const create = (id: string, name: string, parent: string) => ({
      action: 'create' as const,
      id,
      input: { name, parent, aliases: [] },
      citations,
    });
    const refused = applyWrites({ db, actor }, operatorWrites.spec, [
      create('cyc-x', 'Cycle Xi', 'cyc-y'),
      create('cyc-y', 'Cycle Upsilon', 'cyc-x'),
    ]);
    await expect(refused).rejects.toMatchObject({
      code: 'unprocessable',
      op: 1,
      errors: [
        {
          in: 'body',
          name: 'parent',
          message: "'cyc-x' belongs to this operator's own group: that would make a cycle",
        },
      ],
    });
  });
});

describe('a mandataire’s firm, as the earlier rows and ops leave it', () => {
  const actor = { keyId: null, name: 'test' };
  const citations = [{ source, quote, fields: [] }];
  const mHeader = 'id;name;kind;firm_id;citation_source;citation_quote';
  const m = (id: string, name: string, kind: string, firm = '') => `${id};${name};${kind};${firm};${source};${quote}`;
  const create = (id: string, name: string, kind: 'firm' | 'practitioner', firm: string | null = null) => ({
    action: 'create' as const,
    id,
    input: createInput(mandataireWrites, { name, kind, firm }),
    citations,
  });
  const mandataireKinds = async (ids: string[]) =>
    Object.fromEntries(
      (
        await db
          .select({ id: mandataires.id, kind: mandataires.kind, firm: mandataires.firm_id })
          .from(mandataires)
          .where(inArray(mandataires.id, ids))
      ).map(({ id, ...rest }) => [id, rest]),
    );

  it('refuses a firm an earlier row makes a practitioner; takes one an earlier row makes a firm', async () => {
    await applyWrites({ db, actor }, mandataireWrites.spec, [
      create('seq-etude-unmade', 'Étude Défaite', 'firm'),
      create('seq-cabinet-made', 'Cabinet Fait', 'practitioner'),
    ]);
    const unmade = await imported(
      'firm-unmade',
      [
        mHeader,
        m('seq-etude-unmade', 'Étude Défaite', 'practitioner'),
        m('seq-me-unmade', 'Me Sans Étude', 'practitioner', 'seq-etude-unmade'),
      ],
      'mandataires',
    );
    expect(unmade).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      applied: false,
      rejected: [[3, [{ in: 'row', name: 'firm', message: "'seq-etude-unmade' is not a firm" }]]],
    });
    const made = await imported(
      'firm-made',
      [
        mHeader,
        m('seq-cabinet-made', 'Cabinet Fait', 'firm'),
        m('seq-me-made', 'Me Du Cabinet', 'practitioner', 'seq-cabinet-made'),
      ],
      'mandataires',
    );
    expect(made).toEqual({ created: 1, updated: 1, unchanged: 0, applied: true, rejected: [] });
    expect(await mandataireKinds(['seq-cabinet-made', 'seq-me-made'])).toEqual({
      'seq-cabinet-made': { kind: 'firm', firm: null },
      'seq-me-made': { kind: 'practitioner', firm: 'seq-cabinet-made' },
    });
  });

  it('keeps a firm an earlier row gives a member: it cannot become a practitioner after it', async () => {
    await applyWrites({ db, actor }, mandataireWrites.spec, [create('seq-scp-kept', 'SCP Gardée', 'firm')]);
    const refused = await imported(
      'firm-kept',
      [
        mHeader,
        m('seq-me-kept', 'Me Membre', 'practitioner', 'seq-scp-kept'),
        m('seq-scp-kept', 'SCP Gardée', 'practitioner'),
      ],
      'mandataires',
    );
    expect(refused.rejected).toEqual([
      [
        3,
        [
          {
            in: 'row',
            name: 'kind',
            message: 'practitioners name it as their firm: it stays a firm until they are moved to another one',
          },
        ],
      ],
    ]);
    // In a batch of the envelope alike: the op unmaking the firm refused, at that op.
    const batch = applyWrites({ db, actor }, mandataireWrites.spec, [
      create('seq-me-kept-2', 'Me Membre Deux', 'practitioner', 'seq-scp-kept'),
      { action: 'update', id: 'seq-scp-kept', patch: { kind: 'practitioner' }, citations, ifMatch: '*' },
    ]);
    await expect(batch).rejects.toMatchObject({
      code: 'unprocessable',
      op: 1,
      errors: [
        {
          in: 'body',
          name: 'kind',
          message: 'practitioners name it as their firm: it stays a firm until they are moved to another one',
        },
      ],
    });
    expect(await mandataireKinds(['seq-scp-kept', 'seq-me-kept', 'seq-me-kept-2'])).toEqual({
      'seq-scp-kept': { kind: 'firm', firm: null },
    });
  });
});
