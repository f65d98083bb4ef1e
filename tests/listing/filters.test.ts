// Every filter of every kind, read from the kinds' declarations (so that a
// filter is covered the day it is declared), walked with its example value
// through the list, the list with `q`, /v1/search, the PostgreSQL fallback
// and the export: each must select the same entries.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { entryKinds } from '../../src/kinds.js';
import { attributeFilter } from '../../src/listing/filter.js';
import { listFacets } from '../../src/listing/query.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { collectPages, getJson, offlineApp, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let offline: App;

const may2020 = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';

/**
 * The seed has no practitioner with a profession, a firm or a place, and no
 * practitioner on a proceeding: these give those filters something to find.
 */
async function addWhatTheSeedLacks(db: Db) {
  const send = await writer(app, db);
  const practitioner = await send('POST', '/v1/mandataires', {
    name: 'Maître Aubert',
    kind: 'practitioner',
    profession: 'mandataire_judiciaire',
    firm: 'etude-meynet',
    commune: 'Amiens',
    citations: [{ source: may2020, quote: 'l’étude Meynet' }],
  });
  expect(practitioner.statusCode, practitioner.body).toBe(201);
  const handled = await send('POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', {
    mandataire: 'helene-bourbouloux',
    role: 'administrateur_judiciaire',
    citation: { source: may2020, quote: 'Mavic, Tie-Rack y sont apparues ces dernières semaines' },
  });
  expect(handled.statusCode, handled.body).toBe(204);
  // A site in the commune of Amiens: the seed's four of « l'agglomération » of Amiens have no commune.
  const amiens = await send('POST', '/v1/sites', {
    name: 'Plateforme Amiens Nord',
    commune: 'Amiens',
    code_postal: '80090',
    // A source of its own (no text held, so no verbatim check): the seed's articles do not name it.
    citations: [
      {
        source: {
          url: 'https://example.org/tests/plateforme-amiens-nord',
          title: 'Une plateforme à Amiens Nord',
          outlet: 'Test',
          published_on: '2024-01-02',
        },
        quote: 'Plateforme Amiens Nord, à Amiens',
      },
    ],
  });
  expect(amiens.statusCode, amiens.body).toBe(201);
  // A dated proceeding: the seed's articles date none (« vient de déposer son bilan » gives no date).
  const dated = await send('POST', '/v1/proceedings', {
    company_name: 'Centre d’appels daté',
    kind: 'liquidation_judiciaire',
    date: '2017-03',
    citations: [
      {
        source: {
          url: 'https://example.org/tests/liquidation-2017',
          title: 'Une liquidation en mars 2017',
          outlet: 'Test',
          published_on: '2017-06-01',
        },
        quote: 'liquidation judiciaire prononcée en mars 2017',
      },
    ],
  });
  expect(dated.statusCode, dated.body).toBe(201);
  // Sirene's facts on a site (npm run import:sirene): its NAF code, headcount band and position.
  const sirene = await send(
    'PATCH',
    '/v1/sites/callweb-amiens',
    {
      naf_code: '82.20Z',
      tranche_effectifs: '22',
      annee_effectifs: 2023,
      latitude: 49.8941,
      longitude: 2.2958,
      coordinates_precision: 'approximate',
      citations: [{ source: 'en-contact-spotlight-14-clubs-regionaux-relation-client', quote: 'Callweb (Adm Value)' }],
    },
    { 'if-match': '*' },
  );
  expect(sirene.statusCode, sirene.body).toBe(200);
  await app.directorySearch.indexer.runOnce();
}

beforeAll(async () => {
  const test = await testApp({ searchIndex: true });
  app = test.app;
  await addWhatTheSeedLacks(test.db);
  // The same database and index, with Meilisearch unreachable: search answers from PostgreSQL.
  offline = await offlineApp(app, test.databaseUrl);
});
afterAll(() => offline.close());

const sorted = (ids: string[]) => [...ids].sort();

/** Ids of every entry of a list, all pages followed; `degraded` says which engine must have answered. */
async function listIds(server: App, url: string, degraded?: boolean) {
  if (degraded !== undefined) expect((await getJson(server, url)).body.degraded, url).toBe(degraded);
  return sorted((await collectPages(server, url)).rows.map((r) => r.id));
}

/** Ids of the search hits, of a search small enough for one page. */
async function searchIds(server: App, url: string, degraded: boolean) {
  const { status, body } = await getJson(server, url);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.degraded, url).toBe(degraded);
  expect(body.total, url).toBe(body.data.length);
  return {
    ids: sorted(body.data.map((h: { id: string }) => h.id)),
    names: body.data.map((h: { name: string }) => h.name),
  };
}

const cases = entryKinds.flatMap((kind) =>
  kind.filters.map((filter) => ({ kind, filter, label: `${kind.plural}?${filter.exampleQuery()}` })),
);

describe('every declared filter selects the same entries everywhere', () => {
  it('walks every filter of every kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(entryKinds.length);
  });

  it.each(cases)('$label', async ({ kind, filter }) => {
    const param = filter.exampleQuery();
    const listed = await listIds(app, `/v1/${kind.plural}?${param}&limit=100`);
    expect(listed.length, 'the example matches no entry').toBeGreaterThan(0);

    // Search knows the filter by its declaration's name (mandataires' `firm` is `parent`).
    const search = `/v1/search?kind=${kind.name}&${filter.exampleQuery(filter.declaration.name)}`;
    const searched = await searchIds(app, `${search}&limit=100`, false);
    expect(searched.ids).toEqual(listed);
    expect((await searchIds(offline, `${search}&limit=100`, true)).ids).toEqual(listed);

    // With `q`, the filter still holds: the entries `q` finds, less those the filter leaves out.
    const q = encodeURIComponent(searched.names[0]);
    for (const [server, degraded] of [
      [app, false],
      [offline, true],
    ] as const) {
      const withQ = await listIds(server, `/v1/${kind.plural}?${param}&q=${q}&limit=100`, degraded);
      const qAlone = await listIds(server, `/v1/${kind.plural}?q=${q}&limit=100`, degraded);
      expect(withQ.length).toBeGreaterThan(0);
      expect(withQ).toEqual(qAlone.filter((id) => listed.includes(id)));
    }

    const exported = await app.inject({ method: 'GET', url: `/v1/${kind.plural}/export?format=jsonl&${param}` });
    expect(exported.statusCode).toBe(200);
    const lines = exported.body.split('\n').filter(Boolean);
    expect(sorted(lines.map((line) => JSON.parse(line).id))).toEqual(listed);
    // The CSV export (COPY, its parameters given as settings) selects the same entries.
    const csv = await app.inject({ method: 'GET', url: `/v1/${kind.plural}/export?format=csv&${param}` });
    expect(csv.statusCode).toBe(200);
    const [, ...records] = parse(csv.body.slice(1), { delimiter: ';' }) as string[][];
    expect(sorted(records.map((record) => record[0] as string))).toEqual(listed);
  });
});

describe('facets and filters agree', () => {
  const faceted = cases.filter((c) => c.filter.declaration.facets?.length);

  it.each(faceted)('$label: each value a facet counts selects that many entries', async ({ kind, filter }) => {
    // The list names a facet as its filter (the proceeding list's `kind` counts the shared `category`).
    const facets = [...listFacets([filter]).keys()];
    const { body } = await getJson(app, `/v1/${kind.plural}?facets=${facets.join(',')}&limit=1`);
    for (const facet of facets) {
      for (const { value, count } of body.facets[facet]) {
        const selected = await getJson(app, `/v1/${kind.plural}?${filter.name}=${encodeURIComponent(value)}&limit=1`);
        expect(selected.body.total, `${facet} ${value}`).toBe(count);
      }
    }
  });
});

describe('one name, one filter', () => {
  it('refuses two declarations under one name', () => {
    const other = attributeFilter({ name: 'status', description: 'Another status.', attribute: 'status' });
    const kinds = [...entryKinds, { filters: [other.on(entryKinds[0].table.id, { example: 'x' })] }];
    expect(() => filterDeclarations(kinds)).toThrow("two filters are named 'status'");
  });

  it('refuses in /v1/search the unknown ids of any kind’s filter, all named at once', async () => {
    const { status, body } = await getJson(app, '/v1/search?parent=etude-meynet,xerox,nobody&mandataire=nope');
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { in: 'query', name: 'parent', message: "unknown parent 'nobody'" },
      { in: 'query', name: 'mandataire', message: "unknown mandataire 'nope'" },
    ]);
  });
});
