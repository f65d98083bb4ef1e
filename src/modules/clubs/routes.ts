import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { clubKind } from './kind.js';
import { clubsByIds, getClub, listClubs } from './queries.js';
import { clubDetail, clubPage, clubSummary } from './schemas.js';
import { clubWrites } from './writes.js';

export const clubRoutes = entityRoutes({
  kind: clubKind,
  listSummary: 'List regional clubs, clusters and national associations',
  detailSummary: 'A club with its officers, members, sponsors and citations',
  schemas: { summary: clubSummary, page: clubPage, detail: clubDetail },
  list: listClubs,
  get: getClub,
  byIds: clubsByIds,
});

export const clubWriteRoutes = entityWriteRoutes('club', clubWrites, clubDetail, getClub);
