// The operator kind, as the registry (src/kinds.ts) lists it.
import { declareKind } from '../../kind.js';
import { operatorListing } from './filters.js';
import { operatorReads } from './queries.js';
import { operatorRoutes } from './routes.js';
import { operatorSummary } from './schemas.js';
import { operatorSearchEntry, operatorSearchWords } from './search-entry.js';
import { operatorWrites } from './writes.js';

export const operatorKind = declareKind(operatorWrites, operatorListing, {
  plural: 'operators',
  description: 'Companies that run sites, and those around them.',
  summary: operatorSummary,
  importColumns: { references: { parent_id: 'parent' }, ownKind: ['parent'] },
  nameColumn: 'name',
  searchEntry: operatorSearchEntry,
  searchWords: operatorSearchWords,
  routes: operatorRoutes,
  readDetail: operatorReads.get,
});
