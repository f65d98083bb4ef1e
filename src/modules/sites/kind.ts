// The site kind, as the registry (src/kinds.ts) lists it.
import { sites } from '../../db/schema/index.js';
import { placeImportOverrides } from '../../domain/place-input.js';
import type { KindDefinition } from '../../kind.js';
import { siteFilters, siteSorts } from './filters.js';
import { siteRoutes } from './routes.js';
import { siteSummary } from './schemas.js';
import { siteSearchEntry } from './search-entry.js';
import { siteWrites } from './writes.js';

export const siteKind = {
  // name, tableName and citationColumn: where its writes go.
  ...siteWrites.spec.target,
  plural: 'sites',
  description: 'Contact-centre sites.',
  table: sites,
  writes: siteWrites,
  summary: siteSummary,
  importColumns: {
    references: { operator_id: 'operator' },
    renamed: { departement_code: 'departement' },
    overrides: placeImportOverrides,
  },
  nameColumn: 'name',
  searchEntry: siteSearchEntry,
  filters: siteFilters,
  sorts: siteSorts,
  routes: siteRoutes,
} satisfies KindDefinition;
