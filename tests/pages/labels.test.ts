// The web page is French: every value of a closed vocabulary an entry's detail can hold, and every relation and
// attribute of an entry's detail, has its French word (src/pages/labels.ts), read from the OpenAPI document's
// detail schemas, so that a vocabulary value or relation added later without its word fails here. A proceeding's
// notices (« notices », « status », « closure », « annonce ») reached the page raw.
import { describe, expect, it } from 'vitest';
import { practitionerRoles } from '../../src/domain/vocabulary.js';
import { hasLabel, vocabularyAttributes } from '../../src/pages/labels.js';
import { openapi, type Schema } from '../setup/contract.js';

/** Bookkeeping the page shows otherwise (links, quotes, citations, dates of the record). */
const shownOtherwise = new Set([
  'id',
  'citations',
  'last_confirmed',
  'quote',
  'source_id',
  'notice_id',
  'created_at',
  'updated_at',
]);

/** The attributes of the detail schemas, and the values of each attribute that is an enumeration. */
function walk(
  schema: unknown,
  key: string | null,
  found: { attributes: Set<string>; values: Map<string, Set<string>> },
) {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Schema;
  if (key && Array.isArray(s.enum)) {
    for (const v of s.enum)
      if (typeof v === 'string') found.values.set(key, (found.values.get(key) ?? new Set()).add(v));
  }
  for (const [name, property] of Object.entries((s.properties as Record<string, unknown>) ?? {})) {
    found.attributes.add(name);
    walk(property, name, found);
  }
  for (const part of ['items', 'anyOf', 'oneOf', 'allOf']) {
    const inner = s[part];
    for (const item of Array.isArray(inner) ? inner : [inner]) walk(item, key, found);
  }
}

const found = { attributes: new Set<string>(), values: new Map<string, Set<string>>() };
for (const name of ['Site', 'Operator', 'Club', 'Mandataire', 'Proceeding']) {
  walk(openapi.components?.schemas?.[name], null, found);
}

describe('an entry page shows no raw identifier', () => {
  it('reads the detail schemas', () => {
    expect([...found.values.keys()]).toEqual(expect.arrayContaining(['effect', 'notice_type', 'kind', 'status']));
  });

  it('has a French word for every attribute and relation of a detail', () => {
    const missing = [...found.attributes].filter((a) => !shownOtherwise.has(a) && !hasLabel.attribute(a));
    expect(missing).toEqual([]);
  });

  it('shows every enumerated attribute by the French word of its value', () => {
    expect([...found.values.keys()].filter((k) => !vocabularyAttributes.has(k))).toEqual([]);
    const values = [...found.values.values()].flatMap((v) => [...v]);
    expect([...values, ...practitionerRoles].filter((v) => !hasLabel.value(v))).toEqual([]);
  });
});
