import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { clubsByIds, getClub, listClubs } from './queries.js';
import { clubDetail, clubListQuery, clubPage, clubSummary } from './schemas.js';
import { clubWrites } from './writes.js';

export const clubRoutes = entityRoutes({
  tag: 'clubs',
  singular: 'club',
  operationName: 'Club',
  listSummary: 'List regional clubs, clusters and national associations',
  detailSummary: 'A club with its officers, members, sponsors and citations',
  listQuery: clubListQuery,
  summary: clubSummary,
  page: clubPage,
  detail: clubDetail,
  defaultSort: 'name',
  list: listClubs,
  get: getClub,
  search: {
    kind: 'club',
    filters: (q) => ({ category: q.kind, status: q.status, region: q.region }),
    sorts: { name: 'name', updated_at: 'updated_at' },
    byIds: clubsByIds,
  },
});

export const clubWriteRoutes = entityWriteRoutes('club', clubWrites, clubDetail, getClub);
