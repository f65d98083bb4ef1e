// The routes of /v1/clubs: the list, its export, a club and its history, its writes and its
// officers. src/app.ts registers them under /v1/clubs, handing them the kind's declaration
// (./kind.ts, which imports this file).
import { z } from 'zod';
import { detailSchema, entryHistory, historySchema, sendEntry } from '../../http/entries.js';
import { exportSchema, sendExport } from '../../http/export.js';
import { listSchema, sendList } from '../../http/lists.js';
import { linkProblems } from '../../http/responses.js';
import { idParams, noQuery } from '../../http/schemas.js';
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
import { addOfficer, officerAdded, officerBody, officerParams, removeOfficer } from './officers.js';
import { clubsByIds, getClub, listClubs } from './queries.js';
import { clubDetail, clubPage, clubSummary } from './schemas.js';
import { clubWrites } from './writes.js';

export const clubRoutes: KindRoutes = async (app, { kind }) => {
  const tags = [kind.plural];
  const { db } = app.database;

  app.get('/', {
    schema: {
      tags,
      operationId: 'listClubs',
      summary: 'List regional clubs, clusters and national associations',
      ...listSchema(kind, clubPage, { searchable: true }),
    },
    handler: async (request, reply) => sendList(request, reply, kind, { list: listClubs, byIds: clubsByIds }),
  });

  app.get('/export', {
    schema: {
      tags,
      operationId: 'exportClubs',
      summary: 'Every club matching the filters, streamed as CSV or JSON lines',
      ...exportSchema(kind),
    },
    handler: async (request, reply) => sendExport(request, reply, kind, { list: listClubs, summary: clubSummary }),
  });

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getClub',
      summary: 'A club with its officers, members, sponsors and citations',
      ...detailSchema(clubDetail),
    },
    handler: async (request, reply) => sendEntry(request, reply, kind, await getClub(db, request.params.id)),
  });

  app.post('/', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'createClub',
      summary: 'Create a club, with its sources',
      ...createSchema(clubWrites.createBody, clubDetail),
    },
    handler: async (request, reply) => {
      const { id } = await clubWrites.create(writeContext(request), request.body);
      return sendCreated(reply, kind, await getClub(db, id));
    },
  });

  app.patch('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'updateClub',
      summary: 'Change a club: the fields given, with their sources',
      ...changeSchema(clubWrites.patchBody, clubDetail),
    },
    handler: async (request, reply) => {
      await clubWrites.update(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendWritten(reply, await getClub(db, request.params.id));
    },
  });

  app.delete('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'deleteClub',
      summary: 'Delete a club (its history and a tombstone remain)',
      ...deleteSchema,
    },
    handler: async (request, reply) => {
      await clubWrites.remove(writeContext(request), request.params.id, request.headers['if-match']);
      return sendNoContent(reply);
    },
  });

  app.post('/:id/merge', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'mergeClub',
      summary: "Merge a duplicate club into another; the duplicate's id then redirects (308) to it",
      ...changeSchema(clubWrites.mergeBody, clubDetail),
    },
    handler: async (request, reply) => {
      await clubWrites.merge(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendMerged(reply, kind, await getClub(db, request.body.into));
    },
  });

  app.get('/:id/history', {
    schema: {
      tags,
      operationId: 'getClubHistory',
      summary: 'Every change of a club, oldest first, with its sources',
      ...historySchema,
    },
    handler: async (request) => entryHistory(request, kind),
  });

  app.post('/:id/officers', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'addClubOfficer',
      summary: 'Name an officer of a club, with the source',
      params: idParams,
      querystring: noQuery,
      body: officerBody,
      response: { 201: officerAdded, ...linkProblems },
    },
    handler: async (request, reply) =>
      sendAdded(reply, await addOfficer(writeContext(request), request.params.id, request.body)),
  });

  app.delete('/:id/officers/:roleId', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'removeClubOfficer',
      summary: 'Remove an officer role from a club',
      params: officerParams,
      querystring: noQuery,
      response: { 204: z.null(), ...linkProblems },
    },
    handler: async (request, reply) => {
      await removeOfficer(writeContext(request), request.params.id, request.params.roleId);
      return sendNoContent(reply);
    },
  });
};
