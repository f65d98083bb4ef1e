// Text and identity faults of one kind each, through every write path (API POST and PATCH, `npm run import`'s check,
// the seed loader): invisible format characters in fields of several lines, line and paragraph separators in one-line
// fields, one SIRET held by a site and a firm, a case variant of a renamed entry's name, an officer named by the
// renamed name of a person.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { seedFolder } from '../../src/paths.js';
import { readSeed, SeedError } from '../../src/seed/load.js';
import { testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { actor, dryRunRejections, quote, source } from '../setup/import.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-text-controls-'));
});

const star = { 'if-match': '*' };
const citations = [{ source: testSource, quote: 'Une fiche de test' }];
const cf = (code: string) => `must not contain U+${code}, an invisible format character (Unicode Cf)`;
const separator = (code: string, what: string) =>
  `must be one line: it must not contain a line break (U+${code}, a ${what} separator)`;

/** The 400 problem of a refused text, its one error. */
function refused(response: Awaited<ReturnType<typeof send>>) {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json().errors;
}

describe('invisible format characters in the fields of several lines', () => {
  it.each([
    ['POST', '/v1/operators', { name: 'Op Bidi', description: 'Texte\u202eeviL', citations }, 'description', '202E'],
    ['POST', '/v1/sites', { name: 'Site Zws', notes: 'deux\nlignes\u200b', citations }, 'notes', '200B'],
    ['POST', '/v1/clubs', { name: 'Club Bom', kind: 'regional_club', notes: '\ufeffx', citations }, 'notes', 'FEFF'],
    ['POST', '/v1/mandataires', { name: 'Etude Iso', kind: 'firm', notes: 'a\u2066b', citations }, 'notes', '2066'],
    [
      'POST',
      '/v1/proceedings',
      {
        company_name: 'Bidi SA',
        kind: 'liquidation_judiciaire',
        company_description: 'x\u200fy',
        citations,
      },
      'company_description',
      '200F',
    ],
    ['PATCH', '/v1/operators/ipg', { description: 'a\u202db', citations }, 'description', '202D'],
    [
      'POST',
      '/v1/sites',
      { name: 'Site Hc', headcounts: [{ value: 3, kind: 'seats', note: 'n\u202e', citations }], citations },
      'headcounts.0.note',
      '202E',
    ],
  ])('%s %s: refused, naming the field', async (method, url, body, name, code) => {
    const response = await send(method as 'POST' | 'PATCH', url, body, method === 'PATCH' ? star : {});
    expect(refused(response)).toEqual([{ in: 'body', name, message: cf(code) }]);
  });

  it('keeps line breaks, a soft hyphen and the joiners there, and a quote verbatim', async () => {
    const response = await send('POST', '/v1/operators', {
      name: 'Op Lignes',
      description: 'Une ligne\nune autre, in\u00adcassable, \u200c\u200d',
      citations: [{ ...citations[0]!, quote: 'Une\u200b fiche\u202e' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().description).toBe('Une ligne\nune autre, in\u00adcassable, \u200c\u200d');
  });
});

describe('line and paragraph separators in one-line fields', () => {
  it.each([
    ['POST', '/v1/sites', { name: 'Site\u2028Deux', citations }, 'name', separator('2028', 'line')],
    [
      'POST',
      '/v1/sites',
      { name: 'Site Adr', address: '1 rue\u2029X', citations },
      'address',
      separator('2029', 'paragraph'),
    ],
    ['POST', '/v1/operators', { name: 'Op', aliases: ['A\u2028B'], citations }, 'aliases.0', separator('2028', 'line')],
    [
      'POST',
      '/v1/clubs',
      { name: 'Club', kind: 'regional_club', commune: 'Ly\u2028on', citations },
      'commune',
      separator('2028', 'line'),
    ],
    [
      'POST',
      '/v1/mandataires',
      { name: 'Etude\u2029X', kind: 'firm', citations },
      'name',
      separator('2029', 'paragraph'),
    ],
    ['PATCH', '/v1/operators/ipg', { name: 'IPG\u2028', citations }, 'name', separator('2028', 'line')],
    [
      'POST',
      '/v1/sites',
      { name: 'Site', citations: [{ source: { ...testSource, title: 'T\u2028' }, quote: 'Une fiche de test' }] },
      'citations.0.source.title',
      separator('2028', 'line'),
    ],
  ])('%s %s: refused, naming the field', async (method, url, body, name, message) => {
    const response = await send(method as 'POST' | 'PATCH', url, body, method === 'PATCH' ? star : {});
    expect(refused(response)).toEqual([{ in: 'body', name, message }]);
  });

  it('the other line breaks (CR, VT, FF, NEL) are refused in one-line fields as control characters', async () => {
    for (const [name, code, short] of [
      ['a\rb', '000D', ' (CR)'],
      ['a\u000bb', '000B', ' (VT)'],
      ['a\u000cb', '000C', ' (FF)'],
      ['a\u0085b', '0085', ''],
    ] as const) {
      const response = await send('POST', '/v1/operators', { name, citations });
      expect(refused(response)).toEqual([
        { in: 'body', name: 'name', message: `must not contain the control character U+${code}${short}` },
      ]);
    }
  });

  it('a search query with a separator is refused as any other one-line text', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/sites?commune=${encodeURIComponent('Lens\u2028')}` });
    expect(refused(response)).toEqual([{ in: 'query', name: 'commune', message: separator('2028', 'line') }]);
  });
});

describe('npm run import and the seed loader', () => {
  it('an import row: a separator in a name, a bidi override in notes, at their lines', async () => {
    const file = path.join(dir, 'sites.jsonl');
    const row = { id: 'tc-imp-a', name: 'Plateau Tc', commune: 'Tours', citations: [{ source, quote }] };
    expect(
      await dryRunRejections(db, file, [
        row,
        { ...row, id: 'tc-imp-b', name: 'Plateau\u2028Tc' },
        { ...row, id: 'tc-imp-c', notes: 'Une\nnote\u202e' },
        { ...row, id: 'tc-imp-d', name: 'Plateau Td', notes: 'Une\nnote' },
      ]),
    ).toEqual([
      [2, [{ in: 'row', name: 'name', message: separator('2028', 'line') }]],
      [3, [{ in: 'row', name: 'notes', message: cf('202E') }]],
    ]);
  });

  it('the seed: a description with a bidi override or a name with a line separator is refused', async () => {
    const seed = path.join(dir, 'seed');
    await cp(seedFolder, seed, { recursive: true });
    const file = path.join(seed, 'operators.json');
    const original = await readFile(file, 'utf8');
    const operators = JSON.parse(original) as Record<string, unknown>[];
    await writeFile(file, JSON.stringify([{ ...operators[0], description: 'Bidi\u202eevil' }, ...operators.slice(1)]));
    await expect(readSeed(seed)).rejects.toThrow(new SeedError(`${file} is invalid:\n  0.description: ${cf('202E')}`));
    await writeFile(file, JSON.stringify([operators[0], { ...operators[1], name: 'Deux\u2029noms' }]));
    await expect(readSeed(seed)).rejects.toThrow(
      new SeedError(`${file} is invalid:\n  1.name: ${separator('2029', 'paragraph')}`),
    );
    await writeFile(file, original);
    await expect(readSeed(seed)).resolves.toBeTruthy();
  });
});

describe('one SIRET, one establishment: a site and a firm', () => {
  const siteSiret = '35600000001028';
  const firmSiret = '35600000001091';

  it('refuses a firm given a site’s SIRET, and a site given a firm’s, naming the holder and its kind', async () => {
    const site = await send('POST', '/v1/sites', { name: 'Site Siret Tc', siret: siteSiret, citations });
    expect(site.statusCode, site.body).toBe(201);
    const firm = await send('POST', '/v1/mandataires', { name: 'Étude Tc', kind: 'firm', siret: siteSiret, citations });
    expect(firm.statusCode).toBe(409);
    expect(firm.json().detail).toBe(`siret: ${siteSiret} is already the SIRET of the site 'site-siret-tc'`);

    const other = await send('POST', '/v1/mandataires', {
      name: 'Étude Tc',
      kind: 'firm',
      siret: firmSiret,
      citations,
    });
    expect(other.statusCode, other.body).toBe(201);
    const created = await send('POST', '/v1/sites', { name: 'Site Tc Deux', siret: firmSiret, citations });
    expect(created.statusCode).toBe(409);
    expect(created.json().detail).toBe(`siret: ${firmSiret} is already the SIRET of the mandataire 'etude-tc'`);
    // A change is refused the same way, both ways.
    const patched = await send('PATCH', '/v1/sites/site-siret-tc', { siret: firmSiret, citations }, star);
    expect(patched.statusCode).toBe(409);
    expect(patched.json().detail).toBe(`siret: ${firmSiret} is already the SIRET of the mandataire 'etude-tc'`);
    const firmPatched = await send('PATCH', '/v1/mandataires/etude-tc', { siret: siteSiret, citations }, star);
    expect(firmPatched.statusCode).toBe(409);
    expect(firmPatched.json().detail).toBe(`siret: ${siteSiret} is already the SIRET of the site 'site-siret-tc'`);
    const held = await db.execute<{ n: number }>(sql`select count(*)::int as n from sites where siret = ${firmSiret}`);
    expect(held[0]!.n).toBe(0);
  });

  it('an import row giving a site a firm’s SIRET is a bad row of the check', async () => {
    const file = path.join(dir, 'sites-siret.jsonl');
    const row = { id: 'tc-siret-a', name: 'Plateau Siret Tc', siret: firmSiret, citations: [{ source, quote }] };
    await writeFile(file, JSON.stringify(row));
    const summary = await runImport(db, await kindImporter(db, findKind('sites')!), {
      file,
      format: 'jsonl',
      actor,
      dryRun: true,
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [1, [{ in: 'row', name: 'siret', message: `${firmSiret} is already the SIRET of the mandataire 'etude-tc'` }]],
    ]);
  });
});

describe('a case variant of a renamed entry’s name', () => {
  it.each([
    ['/v1/operators', {}, 'Op Avant Tc', 'Op Après Tc', 'OP APRÈS  TC', "An operator named 'OP APRÈS TC' exists"],
    [
      '/v1/clubs',
      { kind: 'regional_club' },
      'Club Avant Tc',
      'Club Après Tc',
      'club après tc',
      "A club named 'club après tc' exists",
    ],
    [
      '/v1/mandataires',
      { kind: 'firm' },
      'Étude Avant Tc',
      'Étude Après Tc',
      'ÉTUDE APRÈS TC',
      "A mandataire named 'ÉTUDE APRÈS TC' exists",
    ],
    [
      '/v1/sites',
      { commune: 'Lens' },
      'Site Avant Tc',
      'Site Après Tc',
      'SITE après Tc',
      "A site named 'SITE après Tc' in Lens exists",
    ],
  ])(
    '%s: a create of its new name in another case is its duplicate',
    async (url, extra, before, after, variant, said) => {
      const made = await send('POST', url, { name: before, ...extra, citations });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json().id as string;
      const renamed = await send('PATCH', `${url}/${id}`, { name: after, citations }, star);
      expect(renamed.statusCode, renamed.body).toBe(200);
      const again = await send('POST', url, { name: variant, ...extra, citations });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().detail).toBe(`${said}: '${id}'. Change it, or give another name.`);
    },
  );

  it('a proceeding: its company renamed, a create in capitals', async () => {
    const body = { company_name: 'Avant Tc SA', kind: 'liquidation_judiciaire', date: '2021-03-04', citations };
    const made = await send('POST', '/v1/proceedings', body);
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const renamed = await send('PATCH', `/v1/proceedings/${id}`, { company_name: 'Après Tc SA', citations }, star);
    expect(renamed.statusCode, renamed.body).toBe(200);
    const again = await send('POST', '/v1/proceedings', { ...body, company_name: 'APRÈS TC SA' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      `A proceeding of 'APRÈS TC SA' (liquidation judiciaire, 2021-03-04) exists: '${id}'. Change it, or give another name.`,
    );
  });

  it('an officer named by name is the person renamed since, in any case', async () => {
    await db.execute(sql`insert into people (id, name) values ('personne-avant-tc', 'Personne Après Tc')`);
    const officer = await send('POST', '/v1/clubs/cprc-rhone-alpes/officers', {
      person: { name: 'PERSONNE APRÈS TC' },
      title: 'trésorier',
      current: true,
      citation: { source: 'en-contact-spotlight-14-clubs-regionaux-relation-client', quote: 'Son président' },
    });
    expect(officer.statusCode, officer.body).toBeLessThan(300);
    const roles = await db.execute<{ person_id: string }>(
      sql`select person_id from roles where club_id = 'cprc-rhone-alpes' and title = 'trésorier'`,
    );
    expect(roles.map((r) => r.person_id)).toEqual(['personne-avant-tc']);
  });
});
