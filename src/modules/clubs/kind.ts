// The club kind, as the registry (src/kinds.ts) lists it.
import { placedImportColumns } from '../../domain/place-input.js';
import { declareKind } from '../../kind.js';
import { clubListing } from './filters.js';
import { clubReads } from './queries.js';
import { clubRoutes } from './routes.js';
import { clubSummary } from './schemas.js';
import { clubSearchEntry, clubSearchWords } from './search-entry.js';
import { clubWrites } from './writes.js';

export const clubKind = declareKind(clubWrites, clubListing, {
  plural: 'clubs',
  description: 'Regional clubs of contact-centre directors and national associations.',
  summary: clubSummary,
  importColumns: placedImportColumns({ renamed: { served_region_as_printed: 'region' } }),
  nameColumn: 'name',
  searchEntry: clubSearchEntry,
  searchWords: clubSearchWords,
  routes: clubRoutes,
  readDetail: clubReads.get,
});
