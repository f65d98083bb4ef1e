// The operator kind, as the registry (src/kinds.ts) lists it.
import { operators } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { operatorFilters, operatorSorts } from './filters.js';
import { operatorRoutes } from './routes.js';
import { operatorSummary } from './schemas.js';
import { operatorSearchEntry } from './search-entry.js';
import { operatorWrites } from './writes.js';

export const operatorKind = {
  // name, tableName and citationColumn: where its writes go.
  ...operatorWrites.spec.target,
  plural: 'operators',
  description: 'Companies that run sites, and those around them.',
  table: operators,
  writes: operatorWrites,
  summary: operatorSummary,
  importColumns: { references: { parent_id: 'parent' } },
  nameColumn: 'name',
  searchEntry: operatorSearchEntry,
  filters: operatorFilters,
  sorts: operatorSorts,
  routes: operatorRoutes,
} satisfies KindDefinition;
