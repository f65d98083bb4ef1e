// Every attribute an imported entry shows is cited or worked out from a cited one, whichever importer wrote it
// (fault 05 of verify38: a Sirene site's `commune` and its band's `effectifs_min`, `effectifs_max` shown « sans
// source » though the stock's record, quoted, states them; a row of `npm run import` without `citation_fields` stored
// citing nothing; a mandataire's `kind` cited neither by `import:practitioners` nor by `import:bodacc`).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { unsourcedAttributes } from '../../src/citations/fields.js';
import type { Db } from '../../src/db/client.js';
import { shown } from '../../src/db/withheld.js';
import { entryKinds } from '../../src/kinds.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { readSeed } from '../../src/seed/load.js';
import { getJson, testApp } from '../setup/app.js';
import { importFile, quote, source } from '../setup/import.js';
import { actor, importFixtures, stockCsv } from '../setup/sirene.js';
import { writer } from '../setup/writer.js';

const dir = 'tests/fixtures/sirene/verify38';

/** The rows of `npm run import` the tests write, one file per kind, none with `citation_fields`. */
const rowsByKind: Record<string, object[]> = {
  sites: [
    {
      id: 'cite-site-lens',
      name: 'Plateau Cité Lens',
      operator_id: 'ipg-contacts-services',
      commune: 'Lens',
      status: 'open',
    },
  ],
  operators: [{ id: 'cite-operator', name: 'Opérateur Cité', siren: null }],
  clubs: [{ id: 'cite-club', name: 'Club Cité', kind: 'regional_club', region: 'Picardie' }],
  mandataires: [
    { id: 'cite-mandataire', name: 'Paul Cité', kind: 'practitioner', profession: 'mandataire_judiciaire' },
  ],
  proceedings: [{ id: 'cite-proceeding', company_name: 'Cité SA', kind: 'liquidation_judiciaire', date: '2017-04-01' }],
};

/**
 * Every shown entry of every kind whose detail states an attribute no citation supports (`unsourcedAttributes`, what
 * its page marks « sans source »), as `plural/id: field`; the seed's notes apart (its editors' remarks, said to have no
 * source: tests/citations/provenance.test.ts).
 */
async function unsourcedEntries(db: Db): Promise<string[]> {
  const seed = await readSeed();
  const found: string[] = [];
  for (const kind of entryKinds) {
    const seeded = new Set(seed[kind.plural as 'sites'].map((e) => e.id));
    const table = kind.tableName;
    const rows = await db.execute<{ id: string }>(
      sql`select id from ${sql.identifier(table)} where ${shown(table)} order by id`,
    );
    for (const { id } of rows) {
      const detail = await kind.readDetail(db, id);
      for (const key of detail ? unsourcedAttributes(detail) : []) {
        if (!(key === 'notes' && seeded.has(id))) found.push(`${kind.plural}/${id}: ${key}`);
      }
    }
  }
  return found;
}

/** The attributes of `/<plural>/<id>`'s page marked « sans source », among `keys`. */
async function markedOnPage(app: App, plural: string, id: string, keys: string[]): Promise<string[]> {
  const page = (await app.inject({ method: 'GET', url: `/${plural}/${id}` })).body;
  return keys.filter((key) => {
    const at = page.indexOf(`id="attribut-${key}"`);
    expect(at).toBeGreaterThan(-1);
    const block = page.slice(at);
    return block.slice(0, block.indexOf('</div>')).includes('<p class="unsourced">sans source</p>');
  });
}

describe('imported entries, each attribute with its source', () => {
  let app: App;
  let db: Db;
  let scratch: string;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    // The stocks in the order of their editions (2026-05, then verify38's): an older one is refused.
    expect((await importFixtures(db, stockCsv)).rejected).toEqual([]);
    const legalUnits = `${dir}/StockUniteLegale_utf8.csv`;
    const geolocation = `${dir}/GeolocalisationEtablissement_Sirene_pour_etudes_statistiques_utf8.csv`;
    await importSirene(db, {
      establishments: `${dir}/StockEtablissement_utf8.csv`,
      legalUnits,
      geolocation,
      naf: ['82.20Z'],
      actor,
    });
    await importSirene(db, {
      establishments: `${dir}/StockEtablissement_2026-11.csv`,
      legalUnits,
      naf: ['82.20Z'],
      actor,
    });
    const practitioners = 'tests/fixtures/practitioners/practitioners.csv';
    expect((await importPractitioners(db, { file: practitioners, actor })).applied).toBe(true);
    const notices = 'tests/fixtures/bodacc/annonces-commerciales.csv';
    expect((await importBodacc(db, { file: notices, actor })).applied).toBe(true);
    scratch = await mkdtemp(path.join(os.tmpdir(), 'plateau-imported-sourced-'));
    for (const [plural, rows] of Object.entries(rowsByKind)) {
      const file = path.join(scratch, `${plural}.jsonl`);
      const cited = rows.map((r) => ({ ...r, citation_source: source, citation_quote: quote }));
      await writeFile(file, cited.map((r) => JSON.stringify(r)).join('\n'));
      expect((await importFile(db, file, { plural, format: 'jsonl' })).rejected).toEqual([]);
    }
  });

  it('shows no attribute of a Sirene site « sans source » (fault 05)', async () => {
    const { body } = await getJson(app, '/v1/sites?limit=100');
    const unsourced: Record<string, string[]> = {};
    for (const { id } of body.data as { id: string }[]) {
      if (!/-7311\d{10}$/.test(id)) continue;
      unsourced[id] = unsourcedAttributes((await getJson(app, `/v1/sites/${id}`)).body);
    }
    expect(Object.keys(unsourced)).toHaveLength(7);
    expect(Object.entries(unsourced).filter(([, list]) => list.length)).toEqual([]);
  });

  it('after every importer’s fixtures, no entry of any kind states an attribute no citation supports', async () => {
    // import:sirene (two stocks), import:practitioners, import:bodacc, npm run import of each kind: every written
    // entry walked, each offender named (`sites/x: commune`).
    expect(await unsourcedEntries(db)).toEqual([]);
  });

  it('a new row of npm run import without citation_fields cites what it states, as POST /v1/sites does', async () => {
    const imported = (await getJson(app, '/v1/sites/cite-site-lens')).body;
    const fields = ['name', 'operator', 'country', 'commune', 'status'];
    expect(imported.citations.map((c: { fields: string[] }) => c.fields)).toEqual([fields]);
    expect(await markedOnPage(app, 'sites', 'cite-site-lens', ['name', 'commune', 'status', 'operator'])).toEqual([]);
    // The same body through the API: the same fields cited.
    const send = await writer(app, db);
    const { id: _, operator_id, ...body } = rowsByKind.sites![0] as Record<string, unknown>;
    const made = await send('POST', '/v1/sites', {
      ...body,
      name: 'Plateau Cité Lens API',
      operator: operator_id,
      citations: [{ source, quote }],
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().citations.map((c: { fields: string[] }) => c.fields)).toEqual([fields]);
  });

  it('each kind’s new row without citation_fields: every attribute it states cited', async () => {
    const cited: Record<string, string[]> = {};
    for (const [plural, [row]] of Object.entries(rowsByKind)) {
      const { id } = row as { id: string };
      const detail = (await getJson(app, `/v1/${plural}/${id}`)).body;
      cited[`${plural}/${id}`] = detail.citations.flatMap((c: { fields: string[] }) => c.fields);
    }
    expect(cited).toEqual({
      'sites/cite-site-lens': ['name', 'operator', 'country', 'commune', 'status'],
      // An operator has no country of its own to state.
      'operators/cite-operator': ['name'],
      'clubs/cite-club': ['name', 'kind', 'region', 'country'],
      'mandataires/cite-mandataire': ['name', 'kind', 'profession', 'country'],
      'proceedings/cite-proceeding': ['company_name', 'kind', 'date'],
    });
  });

  it('a citations cell: a citation without a fields key cites what the row states; the export’s empty list, nothing', async () => {
    const file = path.join(scratch, 'cells.jsonl');
    const row = (id: string, citation: object) =>
      JSON.stringify({ id, name: `Plateau ${id}`, commune: 'Arras', status: 'open', citations: [citation] });
    await writeFile(
      file,
      [row('cite-cell-unsaid', { source, quote }), row('cite-cell-export', { source, quote, fields: [] })].join('\n'),
    );
    expect((await importFile(db, file, { format: 'jsonl' })).rejected).toEqual([]);
    const fieldsOf = async (id: string) =>
      (await getJson(app, `/v1/sites/${id}`)).body.citations.map((c: { fields: string[] }) => c.fields);
    expect(await fieldsOf('cite-cell-unsaid')).toEqual([['name', 'country', 'commune', 'status']]);
    // As the export writes a quote that supports no fact (the seed's context quotes), imported back exactly.
    expect(await fieldsOf('cite-cell-export')).toEqual([[]]);
  });

  it('a changing row without citation_fields cites the attributes it changes, as a PATCH does', async () => {
    const file = path.join(scratch, 'sites-change.jsonl');
    const row = { id: 'cite-site-lens', status: 'closed', closed_on: '2017-04', citation_source: source };
    await writeFile(file, JSON.stringify({ ...row, citation_quote: 'Les 32 salariés d’IPG' }));
    expect((await importFile(db, file, { format: 'jsonl' })).rejected).toEqual([]);
    const detail = (await getJson(app, '/v1/sites/cite-site-lens')).body;
    // The create's quote no longer supports the status it changed (`supersededCitations`); the row's supports the new.
    expect(detail.citations.map((c: { fields: string[] }) => c.fields)).toEqual([
      ['name', 'operator', 'country', 'commune'],
      ['status', 'closed_on'],
    ]);
    expect(unsourcedAttributes(detail)).toEqual([]);
  });

  it('a mandataire’s kind is cited by import:practitioners and import:bodacc (practitioners and firms)', async () => {
    const kindCited: Record<string, boolean> = {};
    // Claire Fontanel, her firm and FHB from the practitioners' list; Jean-Marc Delattre and Sarah Klein from BODACC.
    for (const id of [
      'claire-fontanel',
      'selarl-mandataires-associes-vallee',
      'selarl-fhb',
      'jean-marc-delattre',
      'sarah-klein',
    ]) {
      const detail = (await getJson(app, `/v1/mandataires/${id}`)).body;
      kindCited[id] = detail.citations.some((c: { fields: string[] }) => c.fields.includes('kind'));
      expect(unsourcedAttributes(detail)).toEqual([]);
    }
    expect(kindCited).toEqual({
      'claire-fontanel': true,
      'selarl-mandataires-associes-vallee': true,
      'selarl-fhb': true,
      'jean-marc-delattre': true,
      'sarah-klein': true,
    });
  });
});
