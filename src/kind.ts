// The shape of a kind of entry. Each kind's module declares one (its
// `modules/<kind>/kind.ts`), and src/kinds.ts lists them: everything that
// enumerates kinds (routes, the search document, the change feed, history,
// "what cites this source", exports, imports, OpenAPI tags) reads that list.
// Machinery folders never import the list; they are handed the kinds they
// need (Fastify's `app.kinds`, or a parameter).
import type { SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from './db/client.js';
import type { ImportableKind } from './import/importer.js';
import type { KindFilter } from './listing/filter.js';
import type { KindSorts } from './listing/pagination.js';
import type { SearchWords } from './search/indexed-words.js';
import type { KindWrites } from './writes/kind-writes.js';

/** A table of entries: a slug id, a version for ETags, timestamps. */
export type EntryTable = PgTable & { id: PgColumn; version: PgColumn; created_at: PgColumn; updated_at: PgColumn };

export interface KindDefinition {
  /** Singular, as stored in the history (`changes.entity_kind`) and the search documents: `site`. */
  name: string;
  /** The path segment under /v1, the OpenAPI tag and `npm run import --kind`: `sites`. */
  plural: string;
  /** What entries of this kind are, in a sentence (the OpenAPI tag's description). */
  description: string;
  /** The kind's table. */
  table: EntryTable;
  /** Its table's name in SQL: `sites`. */
  tableName: string;
  /** The column of `citations` that points to an entry of this kind: `site_id`. */
  citationColumn: string;
  /** Its writes: bodies, rules, and the create / update / delete / merge functions (src/writes/). */
  writes: KindWrites;
  /** The summary of an entry, as lists return it and exports write it (and imports read it back). */
  summary: z.ZodObject;
  /** How export columns map back to body fields on import (`operator_id` → `operator`). */
  importColumns?: ImportableKind['importColumns'];
  /** The column of its table that names an entry, as "what cites this source" shows it: `name`. */
  nameColumn: string;
  /**
   * This kind's rows of the search entries (modules/<kind>/search-entry.ts): a SELECT giving, by name,
   * every column of `searchEntryColumns` in src/search/entries.ts but `kind`, which the view adds.
   */
  searchEntry: SQL;
  /**
   * The optional columns of the search entries its SELECT gives (`optionalSearchEntryColumns` of
   * src/search/entries.ts: a site's `naf_code`, a proceeding's `court`…); the others get their fallback value.
   */
  searchEntryExtras?: readonly string[];
  /**
   * How the PostgreSQL fallback finds its entries by their words through indexes (src/search/indexed-words.ts):
   * its SELECT then also gives `own_words` and `own_names` from its table's indexed functions (migration 0042).
   * Without it, its entries are matched by their document, row by row: fine for the kinds of a few thousand.
   */
  searchWords?: SearchWords;
  /** Its list filters, each a shared or own declaration on its columns (modules/<kind>/filters.ts). */
  filters: readonly KindFilter[];
  /** Its list sorts, and those search can honour (modules/<kind>/filters.ts). */
  sorts: KindSorts;
  /** Its routes (modules/<kind>/routes.ts), registered under `/v1/<plural>` and handed this declaration. */
  routes: KindRoutes;
  /**
   * One entry in detail, as `GET /v1/<plural>/{id}` answers it (its module's queries.ts), or null when there is
   * none: what the web page (src/pages/) shows.
   */
  readDetail: (db: Db, id: string) => Promise<Record<string, unknown> | null>;
}

/**
 * A kind's declaration, from its writes (which give its `name`, `tableName` and `citationColumn`), its listing
 * (its `table`, `filters` and `sorts`, from modules/<kind>/filters.ts) and the rest it declares itself.
 */
export function declareKind(
  writes: KindWrites,
  listing: Pick<KindDefinition, 'table' | 'filters' | 'sorts'>,
  rest: Omit<KindDefinition, 'name' | 'tableName' | 'citationColumn' | 'table' | 'filters' | 'sorts' | 'writes'>,
): KindDefinition {
  return { ...writes.spec.target, ...listing, writes, ...rest };
}

/**
 * A kind's route plugin. It is handed its own declaration rather than importing
 * it: the declaration imports the routes.
 */
export type KindRoutes = FastifyPluginAsyncZod<{ kind: KindDefinition }>;

/** What citations may point to: every kind of entry, and the supporting kinds (people). */
export type CitedKind = Pick<KindDefinition, 'name' | 'tableName' | 'citationColumn' | 'nameColumn'>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The kinds of entry the app serves (src/kinds.ts). */
    kinds: readonly KindDefinition[];
  }
}
