// The club kind, as the registry (src/kinds.ts) lists it.
import { placeImportOverrides } from '../../domain/place-input.js';
import { declareKind } from '../../kind.js';
import { clubListing } from './filters.js';
import { clubRoutes } from './routes.js';
import { clubSummary } from './schemas.js';
import { clubSearchEntry } from './search-entry.js';
import { clubWrites } from './writes.js';

export const clubKind = declareKind(clubWrites, clubListing, {
  plural: 'clubs',
  description: 'Regional clubs of contact-centre directors and national associations.',
  summary: clubSummary,
  importColumns: {
    renamed: { served_region_as_printed: 'region', departement_code: 'departement' },
    overrides: placeImportOverrides,
  },
  nameColumn: 'name',
  searchEntry: clubSearchEntry,
  routes: clubRoutes,
});
