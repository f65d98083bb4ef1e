import { date, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { slugId, sortIndex, timestampSortIndexes, timestamps } from './columns.js';

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
    published_on: date('published_on'),
    /** File under seed-data/articles/ holding the source text, for verbatim checks. */
    file: varchar('file', { length: 200 }),
    notes: text('notes'),
    ...timestamps,
  },
  // `published_on` sorts as text (`date::text` depends on DateStyle), which no index can hold.
  () => [sortIndex('sources', 'title', 'text'), ...timestampSortIndexes('sources')],
);
