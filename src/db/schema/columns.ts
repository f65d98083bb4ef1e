// Column groups shared by several tables.
import { sql } from 'drizzle-orm';
import { boolean, char, index, integer, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/** A stable, readable slug that never changes once published. */
export const slugId = () => varchar('id', { length: 120 }).primaryKey();

/** A date as precise as its source: `2017`, `2017-04` or `2017-04-26`. */
export const partialDate = (name: string) => varchar(name, { length: 10 });

/** Bumped by every change; the entry's ETag. */
export const version = () => integer('version').notNull().default(1);

/**
 * Whether the entry is withheld from the public: kept, with its history, but shown by no public read (lists,
 * search, exports, detail, pages, feeds) while a source says it may not be published (Sirene's
 * `statutDiffusion…` = P). The condition every public read applies is `shown` of src/db/withheld.ts.
 */
export const withheld = () => boolean('withheld').notNull().default(false);

export const timestamps = {
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * Where an entity is. For France the codes come from the reference data of
 * @etalab/decoupage-administratif; abroad only `country` and `commune` (the city) are set.
 */
export const place = {
  country: char('country', { length: 2 }).notNull().default(sql`'FR'`),
  address: text('address'),
  /** Today's name of the commune (France), or the city abroad. */
  commune: text('commune'),
  /** The commune as lists show it: with its département's code when the name is shared (`Saint-Denis (974)`). */
  commune_label: text('commune_label'),
  /** The name as the source wrote it, when not today's (`Cherbourg-Octeville`, `PARIS CEDEX 07`). */
  commune_as_written: text('commune_as_written'),
  code_commune: varchar('code_commune', { length: 5 }),
  /** The arrondissement municipal of Paris, Lyon or Marseille (`75116`), when known. */
  code_arrondissement: varchar('code_arrondissement', { length: 5 }),
  /** Its name (`Paris 16e Arrondissement`). */
  arrondissement: text('arrondissement'),
  /** As written: a CEDEX code is kept (`75700`). */
  code_postal: varchar('code_postal', { length: 5 }),
  departement_code: varchar('departement_code', { length: 3 }),
  departement_name: text('departement_name'),
  region_code: varchar('region_code', { length: 3 }),
  region_name: text('region_name'),
  /** The pre-2016 region, still used by the press (Picardie, Rhône-Alpes…). */
  former_region_name: text('former_region_name'),
};

/** The types of the list sort keys (listing/pagination.ts `SortType`, but the distance, which no index holds). */
export type IndexedSortType = 'text' | 'timestamp' | 'integer';

/**
 * What a sort key without a value (an undated proceeding, a club whose membership is unknown) sorts as, as SQL
 * literals, so that such entries come last in both orders: the lowest value in descending order (the empty text,
 * -1 for a count), the highest in ascending order (U+FFFF, which ICU's root collation, and so `fr-x-icu`, sorts
 * after every character; the largest 32-bit integer). Timestamp keys are never null (`timestamps`).
 */
export const noValueSortsAs: Record<Exclude<IndexedSortType, 'timestamp'>, { lowest: string; highest: string }> = {
  text: { lowest: `''`, highest: `E'\\uFFFF'` },
  integer: { lowest: '-1', highest: '2147483647' },
};

/**
 * The index key of a list sort on a column, the expression listing/pagination.ts's `textSort`, `integerSort`,
 * `timestampSort` order by: a nullable column's nulls as `noValue` (`lowest`; `highest` for the ascending order of a
 * nullable key), text in French order. `column` is SQL as written (`"date"`).
 */
function sortKeySql(column: string, type: IndexedSortType, noValue: 'lowest' | 'highest' = 'lowest'): string {
  if (type === 'timestamp') return column;
  const valued = `(coalesce(${column}, ${noValueSortsAs[type][noValue]}))`;
  return type === 'text' ? `${valued} collate "fr-x-icu"` : valued;
}

/**
 * The index of one list sort (listing/pagination.ts: `textSort`, `timestampSort`, `integerSort`): the very
 * expression the list orders by (`sortKeySql`), then the id in the "C" collation the keyset uses, so that every page
 * of every sort, ascending or descending, is an index scan from the cursor. Text sorts are French (`fr-x-icu`), nulls
 * as the lowest value: the descending order, read backwards, gives them last. A column that may be null has a second
 * index for its ascending order, nulls as the highest value (`ascendingSortIndex`).
 */
export function sortIndex(table: string, column: string, type: IndexedSortType) {
  const key = sortKeySql(`"${column}"`, type);
  return index(`${table}_${column}_sort_idx`).using('btree', sql.raw(key), sql.raw('"id" collate "C"'));
}

/**
 * The index of the ascending order of a nullable column's sort (`sortIndex` holds the descending one): nulls as the
 * highest value, so that entries without one come last there too (listing/pagination.ts `SortKey.ascending`).
 */
export function ascendingSortIndex(table: string, column: string, type: Exclude<IndexedSortType, 'timestamp'>) {
  const key = sortKeySql(`"${column}"`, type, 'highest');
  return index(`${table}_${column}_ascending_sort_idx`).using('btree', sql.raw(key), sql.raw('"id" collate "C"'));
}

/**
 * The coarse key names are looked up by when telling duplicates (writes/ids.ts `duplicateOf`, an officer named by
 * name): the name in lower case (ICU's, as JavaScript's `toLocaleLowerCase`), everything but letters and digits left
 * out (spaces, punctuation, invisible format characters). Two names `nameKey` holds the same have the same key, so
 * the look-up finds an entry renamed since its id was made, whatever the case of its new name; those it finds are
 * then compared by `nameKey` itself. `column` is a name column, or an SQL expression (`p.name`) when `raw`.
 */
export function nameLookupKey(column: string, raw = false): string {
  const ref = raw ? column : `"${column}"`;
  return `regexp_replace(lower(coalesce(${ref}, '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')`;
}

/** The index of `nameLookupKey` on a table's name column: a duplicate's look-up by name is an index look-up. */
export function nameLookupIndex(table: string, column: string) {
  return index(`${table}_${column}_lookup_idx`).using('btree', sql.raw(`(${nameLookupKey(column)})`));
}

/**
 * The index of a table's ids in the "C" collation (byte order, whatever the database's): the ids starting with a
 * prefix are a range of it (writes/ids.ts `idsStartingWith`: a duplicate's slug variants `base-2`…, the ids a create
 * may take), an index range scan where the primary key, in the database's collation, serves no prefix.
 */
export function idPrefixIndex(table: string) {
  return index(`${table}_id_prefix_idx`).using('btree', sql.raw('"id" collate "C"'));
}

/** The indexes of the `created_at` and `updated_at` sorts, which every kind's list has (see `sortIndex`). */
export function timestampSortIndexes(table: string) {
  return [sortIndex(table, 'created_at', 'timestamp'), sortIndex(table, 'updated_at', 'timestamp')];
}
