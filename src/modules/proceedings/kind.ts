// The proceeding kind, as the registry (src/kinds.ts) lists it.
import { proceedings } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { proceedingFilters, proceedingSorts } from './filters.js';
import { proceedingRoutes } from './routes.js';
import { proceedingSummary } from './schemas.js';
import { proceedingSearchEntry } from './search-entry.js';
import { proceedingWrites } from './writes.js';

export const proceedingKind = {
  // name, tableName and citationColumn: where its writes go.
  ...proceedingWrites.spec.target,
  plural: 'proceedings',
  description: 'Insolvency proceedings and reported difficulties.',
  table: proceedings,
  writes: proceedingWrites,
  summary: proceedingSummary,
  importColumns: { references: { operator_id: 'operator', acquirer_id: 'acquirer' } },
  nameColumn: 'company_name',
  searchEntry: proceedingSearchEntry,
  filters: proceedingFilters,
  sorts: proceedingSorts,
  routes: proceedingRoutes,
} satisfies KindDefinition;
