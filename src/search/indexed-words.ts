// How the PostgreSQL fallback (fallback.ts) finds an entry by its words through indexes rather than by parsing every
// entry's document: each kind that declares `searchWords` (src/kind.ts) gives the search entries its own words and
// names as its table's indexed functions compute them (entries.ts `indexedWordColumns`, migration 0042), and the
// names it is found by through other tables (a site's operator and clients) as conditions on their own indexes. All
// of it is kept by PostgreSQL in each write's own transaction: a row written is found by the next search.
import { type SQL, sql } from 'drizzle-orm';
import type { SearchableAttribute } from './settings.js';

/** A kind's declaration of how its entries are found by their words through indexes. */
export interface SearchWords {
  /**
   * The searched attributes (settings.ts `searchableAttributes`) its search entry takes from other tables, found
   * through `linked` (and `linkedCodes` for `codes`); every other attribute is its own, and its table's function
   * `plateau_search_vector(t)` gives their words (a migration: 0042, 0043). tests/search/fallback-indexed.test.ts checks
   * both sets against the document of every entry: the function's words exactly those of its own attributes, and
   * each word of these attributes finding the entry through `linked`.
   */
  linkedAttributes: readonly SearchableAttribute[];
  /**
   * The condition, over the columns of the search entries (`id`, `operator_id`, `parent_id`…), that an entry of the
   * kind is named through another table by words matching `query` (an SQL `tsquery`): its operator's name, its
   * clients', its people's. Each table is read through an index of `plateau_name_vector(name)` (linkedName), and the
   * ids it gives are an array (`= any(array(…))`), so that PostgreSQL pushes the condition into the kind's arm of the
   * view and reads the kind's table by index.
   */
  linked(query: SQL): SQL;
  /**
   * The condition that an entry of the kind is named through another table by a name similar to `folded` (a typo or
   * prefix; trigram word similarity at the fallback's threshold, through that table's trigram index), when the kind
   * has one: a site's operator. Absent: only the entry's own names are sought for typos.
   */
  linkedSimilar?(folded: SQL): SQL;
  /**
   * The condition that an entry of the kind carries one of `codes` (plain strings: a SIREN, a postal code…) in its
   * `codes`, for a kind whose codes come from another table (a proceeding's SIRENs, from its notices), read through
   * that table's index. Absent: its `codes` are its own columns, compared row by row (no parsing, cheap).
   */
  linkedCodes?(codes: readonly string[]): SQL;
}

/** A kind whose words are indexed: its table's name (`sites`) and its declaration. */
export interface IndexedKind {
  tableName: string;
  words: SearchWords;
}

/** The indexed kinds by kind name (`site`), for the fallback; a kind absent is matched row by row. */
export type IndexedKinds = ReadonlyMap<string, IndexedKind>;

/** The kinds that declare `searchWords`. */
export function indexedKinds(
  kinds: readonly { name: string; tableName: string; searchWords?: SearchWords | undefined }[],
): IndexedKinds {
  return new Map(
    kinds.flatMap((k) => (k.searchWords ? [[k.name, { tableName: k.tableName, words: k.searchWords }] as const] : [])),
  );
}

/** At most this many entries of a kind are matched by the similarity of their names alone (typos): see ownNamesSimilar. */
export const similarNamesLimit = 1_000;

/** `name` (a column of another table) holds the words of `query`, through its `plateau_name_vector` index. */
export const linkedName = (name: SQL, query: SQL): SQL => sql`plateau_name_vector(${name}) @@ (${query})`;

/** The entry's own words hold `query`, through its table's index. */
export const ownWordsHold = (query: SQL): SQL => sql`own_words @@ (${query})`;

/**
 * The entry is among the first similarNamesLimit entries of `kind` whose names are similar to `folded` (a query
 * accents folded and lower-cased) by trigram word similarity at the threshold the fallback sets
 * (`pg_trgm.word_similarity_threshold`, 0.5), through its table's trigram index. Bounded: each match the trigram
 * index gives is only a candidate, its names computed again to check it (about 0.1 ms each), and a common word's
 * trigrams are in tens of thousands of names; a typo's matches rank after those of the words typed anyway.
 */
export const ownNamesSimilar = (kind: IndexedKind, folded: SQL): SQL =>
  sql`id = any(array(select t.id from ${sql.identifier(kind.tableName)} t
                      where plateau_search_names(t) %> ${folded} limit ${similarNamesLimit}))`;

/**
 * Whether more than similarNamesLimit entries of `kind` have names similar to `folded` (ownNamesSimilar then keeps
 * only some of them, so a total counting them is a lower bound, not exact): an SQL boolean, read through the same
 * trigram index, at most similarNamesLimit + 1 candidates checked.
 */
export const similarNamesCut = (kind: IndexedKind, folded: SQL): SQL =>
  sql`(select count(*) from (select from ${sql.identifier(kind.tableName)} t
                               where plateau_search_names(t) %> ${folded} limit ${similarNamesLimit + 1}) x)
        > ${similarNamesLimit}`;
