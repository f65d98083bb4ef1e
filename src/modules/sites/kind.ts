// The site kind, as the registry (src/kinds.ts) lists it.
import { placeImportOverrides } from '../../domain/place-input.js';
import { declareKind } from '../../kind.js';
import { siteListing } from './filters.js';
import { siteRoutes } from './routes.js';
import { siteSummary } from './schemas.js';
import { siteSearchEntry } from './search-entry.js';
import { siteWrites } from './writes.js';

export const siteKind = declareKind(siteWrites, siteListing, {
  plural: 'sites',
  description: 'Contact-centre sites.',
  summary: siteSummary,
  importColumns: {
    references: { operator_id: 'operator' },
    renamed: { departement_code: 'departement' },
    overrides: placeImportOverrides,
  },
  nameColumn: 'name',
  searchEntry: siteSearchEntry,
  routes: siteRoutes,
});
