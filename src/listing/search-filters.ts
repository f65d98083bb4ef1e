// The filters of /v1/search: the union of every kind's. Kinds that filter on
// the same thing share one declaration, so that a name means one thing
// everywhere; search accepts a value that any kind accepts.

import { type FieldError, invalidParameters } from '../domain/errors.js';
import {
  type FilterDeclaration,
  type FilterParam,
  filterParam,
  type KindFilter,
  type Vocabulary,
  vocabularyDescription,
} from './filter.js';
import { entryKindFilter, sharedFilters } from './filters.js';
import { oneOf } from './pagination.js';

/** The kinds of entry, as far as filters go (`app.kinds` fits). */
export type FilteredKinds = readonly { readonly filters: readonly KindFilter[] }[];

/**
 * The entry kind's declaration and every one the kinds use, by name, in the
 * order /v1/search lists them. Two declarations under one name are refused:
 * each name must mean one thing in lists and in search.
 */
export function filterDeclarations(kinds: FilteredKinds): ReadonlyMap<string, FilterDeclaration> {
  const used = new Set(kinds.flatMap((k) => k.filters.map((f) => f.declaration)));
  const ordered = [
    ...sharedFilters.filter((d) => d === entryKindFilter || used.has(d)),
    ...[...used].filter((d) => !sharedFilters.includes(d)),
  ];
  const byName = new Map<string, FilterDeclaration>();
  for (const declaration of ordered) {
    const other = byName.get(declaration.name);
    if (other && other !== declaration) {
      throw new Error(`two filters are named '${declaration.name}': declare it once and share the declaration`);
    }
    byName.set(declaration.name, declaration);
  }
  return byName;
}

/**
 * The parameters of /v1/search: the entry kind (its values `kindNames`), then
 * each declaration, accepting the values of every kind that has it and
 * refusing ids unknown to all of their tables.
 */
export function searchFilters(kinds: FilteredKinds, kindNames: Vocabulary): FilterParam[] {
  const bindings = kinds.flatMap((k) => k.filters);
  return [...filterDeclarations(kinds).values()].map((declaration): FilterParam => {
    const own = bindings.filter((b) => b.declaration === declaration);
    const values =
      declaration === entryKindFilter
        ? kindNames
        : declaration.vocabulary
          ? ([...new Set(own.flatMap((b) => b.values ?? []))] as unknown as Vocabulary)
          : undefined;
    const description =
      declaration === entryKindFilter
        ? vocabularyDescription(declaration.description, kindNames)
        : declaration.description;
    return {
      name: declaration.name,
      declaration,
      param: filterParam(declaration, values ? oneOf(values) : declaration.value, description),
      ...(values ? { values } : {}),
      ids: [...new Set(own.flatMap((b) => b.ids))],
    };
  });
}

/**
 * A search narrowed to some kinds (`kind`) takes only their filters and values, one rule for every filter: a 400
 * naming each filter given that none of those kinds has (`kind=proceeding&naf=82.20Z`: « is not a filter of
 * proceeding (kind), only of site »), and each value of a vocabulary none of them accepts
 * (`kind=proceeding&status=relocated`), never a silent empty answer. `given`: the filters' values by search
 * parameter (`searchFilterValues`). Without `kind` a filter selects the entries of the kinds that have it.
 */
export function checkSearchedKinds(
  kinds: readonly { readonly name: string; readonly filters: readonly KindFilter[] }[],
  given: Readonly<Record<string, unknown[]>>,
): void {
  const named = given[entryKindFilter.name] as string[] | undefined;
  if (!named?.length) return;
  const searched = kinds.filter((k) => named.includes(k.name));
  const which = `${named.join(', ')} (kind)`;
  const errors: FieldError[] = [];
  for (const [name, values] of Object.entries(given)) {
    if (name === entryKindFilter.name) continue;
    const bindings = searched.flatMap((k) => k.filters.filter((f) => f.declaration.name === name));
    if (!bindings.length) {
      const having = kinds.filter((k) => k.filters.some((f) => f.declaration.name === name)).map((k) => k.name);
      errors.push({ in: 'query', name, message: `is not a filter of ${which}, only of ${having.join(', ')}` });
      continue;
    }
    if (!bindings[0]!.declaration.vocabulary) continue;
    const accepted = [...new Set(bindings.flatMap((b) => b.values ?? []))];
    for (const value of values.filter((v) => !accepted.includes(String(v))))
      errors.push({ in: 'query', name, message: `'${value}' is not a ${name} of ${which}: ${accepted.join(', ')}` });
  }
  if (errors.length) throw invalidParameters(errors);
}
