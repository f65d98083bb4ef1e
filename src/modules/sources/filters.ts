// The sorts of the source list, declared once. Sources have no filter and are
// not searched, but are listed and exported like the kinds of entry.
import { sql } from 'drizzle-orm';
import { sources } from '../../db/schema/index.js';
import { type KindSorts, textSort, timestampSort } from '../../listing/pagination.js';

export const sourceSorts: KindSorts = {
  default: '-published_on',
  keys: {
    published_on: textSort(sql`${sources.published_on}::text`),
    title: textSort(sources.title),
    created_at: timestampSort(sources.created_at),
    updated_at: timestampSort(sources.updated_at),
  },
};

/** The source list, as the read routes take a kind. */
export const sourceListing = { name: 'source', plural: 'sources', table: sources, filters: [], sorts: sourceSorts };
