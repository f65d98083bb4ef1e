// The club kind, as the registry (src/kinds.ts) lists it.
import { clubs } from '../../db/schema/index.js';
import { placeImportOverrides } from '../../domain/place-input.js';
import type { KindDefinition } from '../../kind.js';
import { clubFilters, clubSorts } from './filters.js';
import { clubRoutes } from './routes.js';
import { clubSummary } from './schemas.js';
import { clubSearchEntry } from './search-entry.js';
import { clubWrites } from './writes.js';

export const clubKind = {
  // name, tableName and citationColumn: where its writes go.
  ...clubWrites.spec.target,
  plural: 'clubs',
  description: 'Regional clubs of contact-centre directors and national associations.',
  table: clubs,
  writes: clubWrites,
  summary: clubSummary,
  importColumns: {
    renamed: { served_region_as_printed: 'region', departement_code: 'departement' },
    overrides: placeImportOverrides,
  },
  nameColumn: 'name',
  searchEntry: clubSearchEntry,
  filters: clubFilters,
  sorts: clubSorts,
  routes: clubRoutes,
} satisfies KindDefinition;
