// The site kind, as the registry (src/kinds.ts) lists it.
import { placedImportColumns } from '../../domain/place-input.js';
import { declareKind } from '../../kind.js';
import { siteListing } from './filters.js';
import { siteReads } from './queries.js';
import { siteRoutes } from './routes.js';
import { siteSummary } from './schemas.js';
import { siteSearchEntry, siteSearchWords } from './search-entry.js';
import { siteWrites } from './writes.js';

export const siteKind = declareKind(siteWrites, siteListing, {
  plural: 'sites',
  description: 'Contact-centre sites.',
  summary: siteSummary,
  importColumns: placedImportColumns({ references: { operator_id: 'operator' } }),
  nameColumn: 'name',
  searchEntry: siteSearchEntry,
  searchEntryExtras: ['naf_code', 'tranche_effectifs', 'latitude', 'longitude', 'coordinates_precision'],
  searchWords: siteSearchWords,
  routes: siteRoutes,
  readDetail: siteReads.get,
});
