// Every value a facet offers is one its filter accepts: the boxes a page ticks from a facet (« a ticked box of a
// facet adds its value ») select what the facet counted, never a 400. Walked for every facet of every list and of
// /v1/search, over the seed data and the values writes once took as free text (a practitioner's role « pilote » or
// « Liquidateur », a court naming nothing: now refused by every write, so that no facet can offer them; a court stored as its place
// alone, « Paris », found by its own words). Each facet is narrowed by the filter of its own name (`former_region` by
// `former_region`, once a 400), and a bucket selects exactly what it counted (one court typed three ways, once two
// buckets of 2 and 1 each selecting 3; one court with and without its accents, once two buckets of 1 each selecting 2).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { entryKinds } from '../../src/kinds.js';
import { facetNames } from '../../src/listing/facets.js';
import { listFacets } from '../../src/listing/query.js';
import { getJson, testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
const citation = { source: testSource, quote: 'Une fiche de test' };

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  const send = await writer(app, started.db);
  // Written as the API once took them; whatever the answers, no facet may then offer a value its filter refuses.
  const writes: ['POST', string, object][] = [
    ['POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', { mandataire: 'abitbol', role: 'pilote' }],
    [
      'POST',
      '/v1/proceedings/tie-rack-en-difficulte-2020/practitioners',
      { mandataire: 'rousselet', role: 'Liquidateur ' },
    ],
    [
      'POST',
      '/v1/proceedings/mavic-en-difficulte-2020/practitioners',
      { mandataire: 'helene-bourbouloux', role: 'liquidateur' },
    ],
  ];
  for (const [method, url, body] of writes) await send(method, url, { ...body, citation });
  const courts = [
    '…',
    'Paris',
    'tribunal de commerce de nimes',
    'Tribunal de commerce de Nîmes',
    'TRIBUNAL DE COMMERCE DE NIMES',
    // A court whose place is no commune: BODACC capitals lose its accent, which no commune name gives back.
    'GREFFE DU TRIBUNAL DE COMMERCE DE LILLE METROPOLE',
    'Tribunal de commerce de Lille Métropole',
  ];
  // Companies of their own (« Cour 3 »): names that differ only in case are one company, and would be one proceeding.
  for (const [i, court] of courts.entries()) {
    const created = await send('POST', '/v1/proceedings', {
      company_name: `Cour ${i}`,
      kind: 'sauvegarde',
      court,
      citations: [citation],
    });
    // '…' names no court (400): the others are stored.
    expect(created.statusCode, created.body).toBe(court === '…' ? 400 : 201);
  }
  await app.directorySearch.indexer.runOnce();
});

/** Each value of each facet given, filtered by the parameter that narrows by it: answered, and holding its count. */
async function walk(list: string, facetToFilter: ReadonlyMap<string, string>) {
  const { status, body } = await getJson(app, `${list}?facets=${[...facetToFilter.keys()].join(',')}&limit=1`);
  expect(status, list).toBe(200);
  const refused: string[] = [];
  for (const [facet, counted] of Object.entries(body.facets as Record<string, { value: string; count: number }[]>)) {
    for (const { value, count } of counted) {
      const filter = facetToFilter.get(facet)!;
      const answer = await getJson(app, `${list}?${new URLSearchParams({ [filter]: value })}&limit=1`);
      if (answer.status !== 200) refused.push(`${list} ${facet} '${value}': ${answer.status} ${answer.body.detail}`);
      else if (answer.body.total !== count)
        refused.push(`${list} ${facet} '${value}': ${answer.body.total} ≠ ${count}`);
    }
  }
  return refused;
}

describe('every value a facet offers is accepted by its filter', () => {
  it.each(entryKinds.map((k) => [k.plural, k] as const))('in the list of %s', async (plural, kind) => {
    const facets = [...listFacets(kind.filters).keys()];
    expect(await walk(`/v1/${plural}`, new Map(facets.map((name) => [name, name])))).toEqual([]);
  });

  it('in /v1/search', async () => {
    expect(await walk('/v1/search', new Map(facetNames.map((name) => [name, name])))).toEqual([]);
  });

  it('counts one court typed three ways as one, written as the BODACC import writes it', async () => {
    const { body } = await getJson(app, '/v1/proceedings?facets=tribunal&limit=1');
    const nimes = body.facets.tribunal.filter((v: { value: string }) => /n[iî]mes/i.test(v.value));
    expect(nimes).toEqual([{ value: 'Tribunal de commerce de Nîmes', count: 3 }]);
    const searched = await getJson(app, '/v1/search?facets=tribunal&limit=1');
    expect(searched.body.facets.tribunal.filter((v: { value: string }) => /n[iî]mes/i.test(v.value))).toEqual([
      { value: 'Tribunal de commerce de Nîmes', count: 3 },
    ]);
    const listed = await getJson(app, '/v1/proceedings?tribunal=Tribunal%20de%20commerce%20de%20N%C3%AEmes');
    expect(listed.body.data.map((p: { court: string }) => p.court)).toEqual([
      'Tribunal de commerce de Nîmes',
      'Tribunal de commerce de Nîmes',
      'Tribunal de commerce de Nîmes',
    ]);
  });

  it('counts a court written with and without its accents as one, under its accented writing (fault 03 of verify38)', async () => {
    for (const url of ['/v1/proceedings?facets=tribunal&limit=1', '/v1/search?facets=tribunal&limit=1']) {
      const { body } = await getJson(app, url);
      const lille = body.facets.tribunal.filter((v: { value: string }) => /lille/i.test(v.value));
      expect(lille, url).toEqual([{ value: 'Tribunal de commerce de Lille Métropole', count: 2 }]);
    }
    const listed = await getJson(
      app,
      '/v1/proceedings?tribunal=Tribunal%20de%20commerce%20de%20Lille%20M%C3%A9tropole',
    );
    expect(listed.body.data.map((p: { court: string }) => p.court).sort()).toEqual([
      'Tribunal de commerce de Lille Metropole',
      'Tribunal de commerce de Lille Métropole',
    ]);
  });

  it('takes former_region, the facet of the same name, in lists and search (once a 400)', async () => {
    const sites = await getJson(app, '/v1/sites?former_region=Nord-Pas-de-Calais&limit=100');
    expect(sites.status).toBe(200);
    const byRegion = await getJson(app, '/v1/sites?region=Nord-Pas-de-Calais&limit=100');
    expect(sites.body.data.map((s: { id: string }) => s.id)).toEqual(
      byRegion.body.data.map((s: { id: string }) => s.id),
    );
    expect(sites.body.total).toBeGreaterThan(0);
    const search = await getJson(app, '/v1/search?former_region=Picardie&kind=club&limit=5');
    expect(search.status).toBe(200);
    expect(search.body.data.map((h: { id: string }) => h.id).sort()).toEqual(['aprc-picardie', 'club-amiens']);
    const exported = await app.inject({ url: '/v1/clubs/export?format=jsonl&former_region=picardie' });
    expect(exported.statusCode).toBe(200);
    const ids = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(ids.sort()).toEqual(['aprc-picardie', 'club-amiens']);
    const bad = await getJson(app, '/v1/sites?former_region=Hauts-de-France');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { in: 'query', name: 'former_region', message: "unknown former region 'Hauts-de-France'" },
    ]);
  });
});
