// The search entries: one row per entry of the directory with what search
// needs, as the view `search_entries`. The indexer builds Meilisearch documents
// from it (documents.ts) and the PostgreSQL fallback searches it (fallback.ts).
// Each kind declares its own rows (modules/<kind>/search-entry.ts); this file
// composes the view from the kinds it is given and installs it at every start,
// so no migration holds a copy of it.
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { shownId } from '../db/withheld.js';
import { type SearchableAttribute, searchableAttributes } from './settings.js';

/**
 * The columns of the search entries, in order, with their types: each kind's rows are cast to them, so the
 * view's types do not depend on which kind comes first. The view fills `kind` from the kind's name.
 */
export const searchEntryColumns = {
  kind: 'text',
  id: 'varchar(120)',
  name: 'text',
  aliases: 'text[]',
  category: 'text',
  status: 'text',
  operator_id: 'varchar',
  operator_name: 'text',
  parent_id: 'varchar',
  profession: 'text',
  mandataire_ids: 'text[]',
  people: 'text[]',
  commune: 'text',
  commune_label: 'text',
  code_commune: 'varchar',
  code_arrondissement: 'varchar',
  code_postal: 'varchar',
  departement_code: 'varchar',
  departement_name: 'text',
  region_code: 'varchar',
  region_name: 'text',
  former_region_name: 'text',
  country: 'text',
  codes: 'varchar[]',
  keywords: 'text[]',
  description: 'text',
  updated_at: 'timestamptz',
  /** A site's NAF code and headcount band (Sirene). */
  naf_code: 'varchar',
  tranche_effectifs: 'varchar',
  /** A site's position, WGS84 degrees. */
  latitude: 'float8',
  longitude: 'float8',
  /** How precise that position is: `exact` (the address) or `approximate` (the commune's centre, a poor geocoding). */
  coordinates_precision: 'text',
  /** A proceeding's court, as normalised (« Tribunal de commerce de Paris »). */
  court: 'text',
  /** A proceeding's opening date as a number, for ranges: `20240115`; a month `20240100`, a year `20240000`. */
  opened_on: 'integer',
  /** A practitioner's roles in proceedings (liquidateur, mandataire_judiciaire…). */
  roles: 'text[]',
} as const;

/**
 * Columns only some kinds give: a kind names those its SELECT holds (`searchEntryExtras`); the others get the
 * value here. Lets a kind add an attribute without every other kind's SELECT changing.
 */
export const optionalSearchEntryColumns: Partial<Record<keyof typeof searchEntryColumns, string>> = {
  naf_code: 'null',
  tranche_effectifs: 'null',
  latitude: 'null',
  longitude: 'null',
  coordinates_precision: 'null',
  court: 'null',
  opened_on: 'null',
  roles: "'{}'",
};

/**
 * The columns of the search entries through which the PostgreSQL fallback finds an entry by its words with an index
 * (fallback.ts, migration 0042): a kind whose rows give them (`searchWords` of its declaration, src/kind.ts) computes
 * them with the indexed functions of its table, `plateau_search_vector(t)` and `plateau_search_names(t)`; the others
 * get null and are matched by their `document`, row by row. Not read by the indexer (`entryColumnList`).
 */
export const indexedWordColumns = {
  /** The entry's own words (its table's columns), as its table's GIN index holds them. */
  own_words: 'tsvector',
  /** Its name and aliases, accents folded and lower-cased, for trigram similarity (typos). */
  own_names: 'text',
} as const;

/** A fixed list of words as a `text[]`, for a kind's search entry: `array['club', 'association']::text[]`. */
export function textArray(words: readonly string[]): SQL {
  if (!words.length) return sql`'{}'::text[]`;
  return sql`array[${sql.join(
    words.map((w) => sql`${w}`),
    sql`, `,
  )}]::text[]`;
}

/** `case <column> when <value> then <words>… else <otherwise> end`: words chosen by a column's value. */
export function wordsByValue(
  column: SQL,
  words: Readonly<Record<string, readonly string[]>>,
  otherwise: readonly string[] = [],
): SQL {
  // A value whose words are the default needs no branch of its own.
  const branches = Object.entries(words)
    .filter(([, list]) => list.join('\n') !== otherwise.join('\n'))
    .map(([value, list]) => sql`when ${value} then ${textArray(list)}`);
  if (!branches.length) return textArray(otherwise);
  return sql`case ${column} ${sql.join(branches, sql` `)} else ${textArray(otherwise)} end`;
}

/** A kind as the search entries need it: its name, its table's and the SELECT of its entries. */
type SearchedKind = {
  name: string;
  tableName: string;
  searchEntry: SQL;
  searchEntryExtras?: readonly string[] | undefined;
  searchWords?: unknown;
};

/**
 * One kind's rows, its columns picked by name (a module may write them in any order) and cast; a withheld entry
 * has none (db/withheld.ts), so search never finds it and the indexer deletes its document.
 */
function rowsOf(kind: SearchedKind): SQL {
  const columns = Object.entries(searchEntryColumns).map(([column, type]) => {
    const fallback = optionalSearchEntryColumns[column as keyof typeof searchEntryColumns];
    const given = !fallback || kind.searchEntryExtras?.includes(column);
    const value = column === 'kind' ? sql`${kind.name}` : given ? sql.identifier(column) : sql.raw(fallback);
    return sql`${value}::${sql.raw(type)} as ${sql.identifier(column)}`;
  });
  for (const [column, type] of Object.entries(indexedWordColumns)) {
    // Not cast: the index matches the expression itself.
    columns.push(
      kind.searchWords ? sql`${sql.identifier(column)}` : sql`null::${sql.raw(type)} as ${sql.identifier(column)}`,
    );
  }
  return sql`select ${sql.join(columns, sql`, `)}
  from (${kind.searchEntry}) as ${sql.identifier(`${kind.name}_entries`)}
 where ${shownId(kind.tableName, sql`${sql.identifier(`${kind.name}_entries`)}.id`)}`;
}

/** A name and its aliases, one text, for their spelling variants. */
const names = `concat_ws(' ', e.name, array_to_string(e.aliases, ' '))`;

/**
 * The text of each attribute Meilisearch searches (settings.ts `searchableAttributes`), over a row `e` of the
 * entries: the view's `document`, which the PostgreSQL fallback matches, joins them in that order. A Record, so an
 * attribute searched by one engine and not the other does not compile.
 */
export const searchedText: Record<SearchableAttribute, string> = {
  name: 'e.name',
  aliases: `array_to_string(e.aliases, ' ')`,
  // documents.ts `spellingVariants`: letters and digits apart, a lone « à » split off (« 5àsec » → « 5 a sec »);
  // its accents-folded variant is what plateau_fr makes of the name already.
  name_variants: `regexp_replace(regexp_replace(regexp_replace(${names}, '([0-9])([[:alpha:]])', '\\1 \\2', 'g'),
                    '([[:alpha:]])([0-9])', '\\1 \\2', 'g'), '(\\S)([àÀ])(\\S)', '\\1 \\2 \\3', 'g')`,
  operator_name: 'e.operator_name',
  people: `array_to_string(e.people, ' ')`,
  commune: 'e.commune',
  departement_name: 'e.departement_name',
  former_region_name: 'e.former_region_name',
  region_name: 'e.region_name',
  keywords: `array_to_string(e.keywords, ' ')`,
  codes: `array_to_string(e.codes, ' ')`,
  // Stored as normaliseCourt writes it (modules/proceedings/writes.ts), as documents.ts gives it.
  court: 'e.court',
  opened_on: 'e.opened_on::text',
  roles: `array_to_string(e.roles, ' ')`,
  description: 'e.description',
};

const dialect = new PgDialect();

/** The `create view search_entries` statement for these kinds, literals inlined (a view takes no parameters). */
export function searchEntriesView(kinds: readonly SearchedKind[]): string {
  if (!kinds.length) throw new Error('the search entries need at least one kind');
  const statement = sql`create view search_entries as
with entries as (
${sql.join(kinds.map(rowsOf), sql`\nunion all\n`)}
)
select e.*,
       concat_ws(' ', ${sql.raw(searchableAttributes.map((a) => searchedText[a]).join(',\n                 '))}) as document
  from entries e`.inlineParams();
  const query = dialect.sqlToQuery(statement);
  if (query.params.length) throw new Error('the search entries view cannot take parameters');
  return query.sql;
}

/** The comment the installed view carries: it names its definition, so an unchanged one is left alone. */
export function searchEntriesComment(kinds: readonly SearchedKind[]): string {
  const hash = createHash('sha256').update(searchEntriesView(kinds)).digest('hex');
  return `Search entries of each kind, installed at start by src/search/entries.ts; definition sha256:${hash}`;
}

/**
 * Installs the search entries view of these kinds, replacing the one in place
 * only when its definition differs. Returns whether it did. Run it under the
 * migration lock (src/database.ts), so that concurrent starts take turns.
 */
export async function installSearchEntries(connection: postgres.Sql, kinds: readonly SearchedKind[]): Promise<boolean> {
  const statement = searchEntriesView(kinds);
  const comment = searchEntriesComment(kinds);
  const [current] = await connection<{ comment: string | null }[]>`
    select obj_description(to_regclass('search_entries'), 'pg_class') as comment`;
  if (current?.comment === comment) return false;
  // One simple query, so one implicit transaction (readers wait for the new view rather than find none) and one
  // round trip.
  await connection.unsafe(
    [
      'drop view if exists search_entries',
      statement,
      `comment on view search_entries is ${dialect.escapeString(comment)}`,
    ]
      .map((part) => `${part};`)
      .join('\n'),
  );
  return true;
}
