// The routes of /v1/sites: the list, its export, a site and its history, its writes and its
// headcount figures. src/app.ts registers them under /v1/sites, handing them the kind's
// declaration (./kind.ts, which imports this file).
import { z } from 'zod';
import { detailSchema, entryHistory, historySchema, sendEntry } from '../../http/entries.js';
import { exportSchema, sendExport } from '../../http/export.js';
import { listSchema, sendList } from '../../http/lists.js';
import { linkProblems } from '../../http/responses.js';
import { headcountParams, idParams, noQuery } from '../../http/schemas.js';
import {
  changeSchema,
  createSchema,
  deleteSchema,
  sendAdded,
  sendCreated,
  sendMerged,
  sendNoContent,
  sendWritten,
  writeContext,
} from '../../http/writes.js';
import type { KindRoutes } from '../../kind.js';
import { addHeadcount, headcountAdded, headcountBody, removeHeadcount } from '../headcounts/links.js';
import { getSite, listSites, sitesByIds } from './queries.js';
import { siteDetail, sitePage, siteSummary } from './schemas.js';
import { siteWrites } from './writes.js';

export const siteRoutes: KindRoutes = async (app, { kind }) => {
  const tags = [kind.plural];
  const { db } = app.database;

  app.get('/', {
    schema: {
      tags,
      operationId: 'listSites',
      summary: 'List contact-centre sites',
      ...listSchema(kind, sitePage, { searchable: true }),
    },
    handler: async (request, reply) => sendList(request, reply, kind, { list: listSites, byIds: sitesByIds }),
  });

  app.get('/export', {
    schema: {
      tags,
      operationId: 'exportSites',
      summary: 'Every site matching the filters, streamed as CSV or JSON lines',
      ...exportSchema(kind),
    },
    handler: async (request, reply) => sendExport(request, reply, kind, { list: listSites, summary: siteSummary }),
  });

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getSite',
      summary: 'A site with its operator, headcounts, clients, proceedings and citations',
      ...detailSchema(siteDetail),
    },
    handler: async (request, reply) => sendEntry(request, reply, kind, await getSite(db, request.params.id)),
  });

  app.post('/', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'createSite',
      summary: 'Create a site, with its sources',
      ...createSchema(siteWrites.createBody, siteDetail),
    },
    handler: async (request, reply) => {
      const { id } = await siteWrites.create(writeContext(request), request.body);
      return sendCreated(reply, kind, await getSite(db, id));
    },
  });

  app.patch('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'updateSite',
      summary: 'Change a site: the fields given, with their sources',
      ...changeSchema(siteWrites.patchBody, siteDetail),
    },
    handler: async (request, reply) => {
      await siteWrites.update(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendWritten(reply, await getSite(db, request.params.id));
    },
  });

  app.delete('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'deleteSite',
      summary: 'Delete a site (its history and a tombstone remain)',
      ...deleteSchema,
    },
    handler: async (request, reply) => {
      await siteWrites.remove(writeContext(request), request.params.id, request.headers['if-match']);
      return sendNoContent(reply);
    },
  });

  app.post('/:id/merge', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'mergeSite',
      summary: "Merge a duplicate site into another; the duplicate's id then redirects (308) to it",
      ...changeSchema(siteWrites.mergeBody, siteDetail),
    },
    handler: async (request, reply) => {
      await siteWrites.merge(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendMerged(reply, kind, await getSite(db, request.body.into));
    },
  });

  app.get('/:id/history', {
    schema: {
      tags,
      operationId: 'getSiteHistory',
      summary: 'Every change of a site, oldest first, with its sources',
      ...historySchema,
    },
    handler: async (request) => entryHistory(request, kind),
  });

  app.post('/:id/headcounts', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'addSiteHeadcount',
      summary: 'Add a dated headcount figure to a site, with its source',
      params: idParams,
      querystring: noQuery,
      body: headcountBody,
      response: { 201: headcountAdded, ...linkProblems },
    },
    handler: async (request, reply) =>
      sendAdded(reply, await addHeadcount(writeContext(request), kind, request.params.id, request.body)),
  });

  app.delete('/:id/headcounts/:headcountId', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'removeSiteHeadcount',
      summary: 'Remove a headcount figure from a site',
      params: headcountParams,
      querystring: noQuery,
      response: { 204: z.null(), ...linkProblems },
    },
    handler: async (request, reply) => {
      await removeHeadcount(writeContext(request), kind, request.params.id, request.params.headcountId);
      return sendNoContent(reply);
    },
  });
};
