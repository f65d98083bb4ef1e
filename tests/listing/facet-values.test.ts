// Every value a facet offers is one its filter accepts: the boxes a page ticks from a facet (« a ticked box of a
// facet adds its value ») select what the facet counted, never a 400. Walked for every facet of every list and of
// /v1/search, over the seed data and the values writes once took as free text (a practitioner's role « pilote » or
// « Liquidateur », a court naming nothing: now refused by every write, so that no facet can offer them; a court stored as its place
// alone, « Paris », found by its own words).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { entryKinds } from '../../src/kinds.js';
import { facetNames } from '../../src/listing/facets.js';
import { listFacets } from '../../src/listing/query.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
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
  for (const court of ['…', 'Paris'])
    await send('POST', '/v1/proceedings', {
      company_name: `Cour ${court}`,
      kind: 'sauvegarde',
      court,
      citations: [citation],
    });
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
      else if (answer.body.total < count) refused.push(`${list} ${facet} '${value}': ${answer.body.total} < ${count}`);
    }
  }
  return refused;
}

describe('every value a facet offers is accepted by its filter', () => {
  it.each(entryKinds.map((k) => [k.plural, k] as const))('in the list of %s', async (plural, kind) => {
    const facets = listFacets(kind.filters);
    const filterOf = new Map(
      [...facets].map(([name, facet]) => [name, kind.filters.find((f) => f.declaration.facets?.includes(facet))!.name]),
    );
    expect(await walk(`/v1/${plural}`, filterOf)).toEqual([]);
  });

  it('in /v1/search', async () => {
    const declarations = [...filterDeclarations(entryKinds).values()];
    const filterOf = new Map(
      facetNames.map((facet) => [facet, declarations.find((d) => d.facets?.includes(facet))!.name] as const),
    );
    expect(await walk('/v1/search', filterOf)).toEqual([]);
  });
});
