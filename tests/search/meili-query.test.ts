// What a search asks Meilisearch (src/search/meili-query.ts): highlighting only when there are words to mark.
import { describe, expect, it } from 'vitest';
import { entryKinds } from '../../src/kinds.js';
import { filterDeclarations } from '../../src/listing/search-filters.js';
import { matchEnd, matchStart } from '../../src/search/highlights.js';
import { highlightedAttributes, meiliParams } from '../../src/search/meili-query.js';
import type { SearchRequest } from '../../src/search/request.js';

const catalogue = filterDeclarations(entryKinds);
const request = (q: string): SearchRequest => ({ q, filters: { kind: ['site'] }, facets: [], page: 1, limit: 20 });

describe('meiliParams', () => {
  it('asks the matched words marked in the highlighted attributes of a search with words', () => {
    expect(meiliParams(request('IPG Vendôme'), catalogue)).toMatchObject({
      q: 'IPG Vendôme',
      attributesToHighlight: highlightedAttributes,
      highlightPreTag: matchStart,
      highlightPostTag: matchEnd,
    });
  });

  it.each([
    ['no q', ''],
    ['spaces only', '   '],
    ['a SIRET, matched exactly', '356 000 000 00048'],
    ['a phone number, matched exactly', '0800 942 564'],
  ])('asks nothing highlighted for %s', (_, q) => {
    const params = meiliParams(request(q), catalogue);
    expect(params).not.toHaveProperty('attributesToHighlight');
    expect(params).not.toHaveProperty('highlightPreTag');
    expect(params).not.toHaveProperty('highlightPostTag');
    expect(params.attributesToRetrieve).toEqual(['kind', 'id', 'name', 'label']);
  });
});
