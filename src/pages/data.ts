// What the pages read besides the API's own query functions: the sources named
// by an entry's citations and facts (title, outlet, date, address) in one
// query, the newest sources for the home page, and the changes of a set of
// entries for the Atom feed. Read-only, from PostgreSQL.

import { desc, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type changes, sources } from '../db/schema/index.js';
import { readingSourcePrefix } from '../domain/vocabulary.js';
import { toChangeEntry } from '../history/read.js';
import type { CitedKind } from '../kind.js';
import { type Facet, facets } from '../listing/facets.js';
import type { FilterParam } from '../listing/filter.js';
import { citedSource } from '../modules/sources/queries.js';
import type { SourceRef } from './html.js';

/** One change of an entry, as its history gives it (history/read.ts). */
export type HistoryChange = Omit<ReturnType<typeof toChangeEntry>, 'entity_kind' | 'entity_id'>;

/** Every `source_id` found anywhere in a value (an entry's citations, its sourced facts, its history). */
export function sourceIdsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) sourceIdsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      // `source_id`, and a fact's other sources (`ended_source_id`: the notice that ended an appointment).
      if ((key === 'source_id' || key.endsWith('_source_id')) && typeof child === 'string') found.add(child);
      else if (typeof child === 'object') sourceIdsIn(child, found);
    }
  }
  return found;
}

const sourceRef = {
  id: sources.id,
  title: sources.title,
  outlet: sources.outlet,
  url: sources.url,
  published_on: sources.published_on,
  published_as_printed: sources.published_as_printed,
  publisher: sources.publisher,
  licence: sources.licence,
};

/** The sources of these ids, by id (unknown ids absent). */
export async function sourcesByIds(db: Db, ids: Iterable<string>): Promise<Map<string, SourceRef>> {
  const list = [...ids];
  if (!list.length) return new Map();
  const rows = await db.select(sourceRef).from(sources).where(inArray(sources.id, list));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Which sources are public data sets (a Sirene stock, a BODACC notice, GeoNames, a practitioners' directory read by
 * its importer) rather than press articles: the open-data importers (src/open-data/) give their sources a publisher
 * or a licence, which the articles of the seed and of the API's writes never have, and a reading of the
 * practitioners' directory, whose row may give neither, an id of its own (`readingSourcePrefix`). A source records no kind of its
 * own; this is the one place that tells them apart.
 */
const isDataSet = sql`(${sources.publisher} is not null or ${sources.licence} is not null
  or ${sources.id} like ${`${readingSourcePrefix}%`})`;

/**
 * The newest sources of one sort (by publication date, undated last), at most `limit`: press articles or data sets,
 * each cited by an entry of `kinds` the public sees or a sourced fact (`citedSource`): a source no fact comes from any
 * more (its citations gone with a deleted or merged entry) is not listed among those the facts come from.
 */
export async function newestSources(
  db: Db,
  limit: number,
  sort: 'articles' | 'data',
  kinds: readonly CitedKind[],
): Promise<SourceRef[]> {
  return db
    .select(sourceRef)
    .from(sources)
    .where(sql`${sort === 'data' ? isDataSet : sql`not ${isDataSet}`} and ${citedSource(kinds)}`)
    .orderBy(sql`${sources.published_on} desc nulls last`, desc(sources.id))
    .limit(limit);
}

/** A change of the feed: which entry, and the change as its history gives it. */
export type EntryChange = ReturnType<typeof toChangeEntry>;

/**
 * The newest changes (at most `limit`, newest first) of the entries named, given as kind and id pairs, and the merges
 * of other entries into them (an absorbed entry is no longer found by a search: its merge is told in its survivor's
 * feed); one query, the pairs passed as two arrays. Each entry's newest `limit` changes through changes_entity_idx
 * and its merges through changes_merged_into_idx, one probe of each per entry, whatever the size of `changes` (one
 * join on an OR of both scanned the first index by id alone: 10 s for 1,000 entries at 53,000 changes).
 */
export async function changesOf(db: Db, entries: { kind: string; id: string }[], limit: number) {
  if (!entries.length) return [] as EntryChange[];
  const rows = await db.execute<
    Omit<typeof changes.$inferSelect, 'at' | 'id'> & { id: number | string; at: string | Date }
  >(changesQuery(entries, limit));
  return [...rows].map((r) => toChangeEntry({ ...r, id: Number(r.id), at: new Date(r.at) }));
}

/** changesOf's statement (apart, for tests/pages/feed-plan.test.ts to read its plan). */
export function changesQuery(entries: { kind: string; id: string }[], limit: number): SQL {
  return sql`
    select c.* from unnest(${sql.param(entries.map((e) => e.kind))}::text[],
                           ${sql.param(entries.map((e) => e.id))}::text[]) as e(kind, id)
      cross join lateral (
        (select * from changes own where own.entity_kind = e.kind and own.entity_id = e.id
          order by own.id desc limit ${limit})
        union all
        (select * from changes merge where merge.entity_kind = e.kind and merge.merged_into = e.id
            and merge.action = 'merge'
          order by merge.id desc limit ${limit})) c
     order by c.id desc
     limit ${limit}`;
}

/**
 * The names of the values given to the filters whose facets name their values (a mandataire's or an operator's id,
 * a région's or a département's code, a NAF code), by `parameter=value`: an active filter shows « Mandataire : Anne
 * Legrand », not its id, even when no hit carries that value.
 */
export async function filterValueNames(
  db: Db,
  params: readonly [string, string][],
  filters: readonly FilterParam[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const filter of filters) {
    const given = params.find(([n]) => n === filter.name)?.[1];
    if (!given || filter.declaration.param) continue;
    const values = given.split(',');
    for (const name of filter.declaration.facets ?? []) {
      const facet: Facet = facets[name];
      if (!facet.labels) continue;
      for (const [value, label] of await facet.labels(db, values)) names.set(`${filter.name}=${value}`, label);
    }
  }
  return names;
}
