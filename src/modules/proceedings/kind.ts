// The proceeding kind, as the registry (src/kinds.ts) lists it.
import { declareKind } from '../../kind.js';
import { proceedingListing } from './filters.js';
import { proceedingReads } from './queries.js';
import { proceedingRoutes } from './routes.js';
import { proceedingSummary } from './schemas.js';
import { proceedingSearchEntry, proceedingSearchWords } from './search-entry.js';
import { proceedingWrites } from './writes.js';

export const proceedingKind = declareKind(proceedingWrites, proceedingListing, {
  plural: 'proceedings',
  description: 'Insolvency proceedings and reported difficulties.',
  summary: proceedingSummary,
  importColumns: { references: { operator_id: 'operator', acquirer_id: 'acquirer' } },
  nameColumn: 'company_name',
  searchEntry: proceedingSearchEntry,
  searchWords: proceedingSearchWords,
  searchEntryExtras: ['court', 'opened_on'],
  routes: proceedingRoutes,
  readDetail: proceedingReads.get,
});
