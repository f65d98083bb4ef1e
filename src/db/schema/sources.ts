import { sql } from 'drizzle-orm';
import { index, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { partialDate, slugId, sortIndex, timestampSortIndexes, timestamps } from './columns.js';

/**
 * The key sources are looked up by their URL with (citations/input.ts): the URL in lower case, without its fragment
 * nor trailing slashes, as stored URLs (some older than the URLs' normalisation) and normalised ones share it.
 */
export const sourceUrlKey = sql.raw(`lower(regexp_replace(split_part("url", '#', 1), '/+$', ''))`);

/** A published text the directory's facts come from. */
export const sources = pgTable(
  'sources',
  {
    id: slugId(),
    title: text('title').notNull(),
    outlet: text('outlet'),
    author: text('author'),
    /** Who publishes it, when not the outlet's own newsroom (INSEE for the Sirene stock files). */
    publisher: text('publisher'),
    /** The licence the source is published under (« Licence Ouverte 2.0 »), when it says. */
    licence: text('licence'),
    url: text('url'),
    /** The publication date exactly as the source prints it. */
    published_as_printed: text('published_as_printed'),
    /** As precise as the source is dated: `2017-04-26`, a monthly stock `2026-05`, a year `2017`. */
    published_on: partialDate('published_on'),
    /** File under seed-data/articles/ holding the source text, for verbatim checks. */
    file: varchar('file', { length: 200 }),
    notes: text('notes'),
    ...timestamps,
  },
  () => [
    sortIndex('sources', 'title', 'text'),
    ...timestampSortIndexes('sources'),
    index('sources_url_key_idx').on(sourceUrlKey),
  ],
);
