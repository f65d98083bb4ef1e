// The routes of /v1/proceedings: the list, its export, a proceeding and its history, its writes
// and its practitioners. src/app.ts registers them under /v1/proceedings, handing them the kind's
// declaration (./kind.ts, which imports this file).
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
  sendCreated,
  sendMerged,
  sendNoContent,
  sendWritten,
  writeContext,
} from '../../http/writes.js';
import type { KindRoutes } from '../../kind.js';
import { addPractitioner, practitionerBody, practitionerParams, removePractitioner } from './practitioners.js';
import { getProceeding, listProceedings, proceedingsByIds } from './queries.js';
import { proceedingDetail, proceedingPage, proceedingSummary } from './schemas.js';
import { proceedingWrites } from './writes.js';

export const proceedingRoutes: KindRoutes = async (app, { kind }) => {
  const tags = [kind.plural];
  const { db } = app.database;

  app.get('/', {
    schema: {
      tags,
      operationId: 'listProceedings',
      summary: 'List insolvency proceedings and reported difficulties',
      ...listSchema(kind, proceedingPage, { searchable: true }),
    },
    handler: async (request, reply) =>
      sendList(request, reply, kind, { list: listProceedings, byIds: proceedingsByIds }),
  });

  app.get('/export', {
    schema: {
      tags,
      operationId: 'exportProceedings',
      summary: 'Every proceeding matching the filters, streamed as CSV or JSON lines',
      ...exportSchema(kind),
    },
    handler: async (request, reply) =>
      sendExport(request, reply, kind, { list: listProceedings, summary: proceedingSummary }),
  });

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getProceeding',
      summary: 'A proceeding with its company, practitioners, sites and citations',
      ...detailSchema(proceedingDetail),
    },
    handler: async (request, reply) => sendEntry(request, reply, kind, await getProceeding(db, request.params.id)),
  });

  app.post('/', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'createProceeding',
      summary: 'Create a proceeding, with its sources',
      ...createSchema(proceedingWrites.createBody, proceedingDetail),
    },
    handler: async (request, reply) => {
      const { id } = await proceedingWrites.create(writeContext(request), request.body);
      return sendCreated(reply, kind, await getProceeding(db, id));
    },
  });

  app.patch('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'updateProceeding',
      summary: 'Change a proceeding: the fields given, with their sources',
      ...changeSchema(proceedingWrites.patchBody, proceedingDetail),
    },
    handler: async (request, reply) => {
      await proceedingWrites.update(
        writeContext(request),
        request.params.id,
        request.body,
        request.headers['if-match'],
      );
      return sendWritten(reply, await getProceeding(db, request.params.id));
    },
  });

  app.delete('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'deleteProceeding',
      summary: 'Delete a proceeding (its history and a tombstone remain)',
      ...deleteSchema,
    },
    handler: async (request, reply) => {
      await proceedingWrites.remove(writeContext(request), request.params.id, request.headers['if-match']);
      return sendNoContent(reply);
    },
  });

  app.post('/:id/merge', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'mergeProceeding',
      summary: "Merge a duplicate proceeding into another; the duplicate's id then redirects (308) to it",
      ...changeSchema(proceedingWrites.mergeBody, proceedingDetail),
    },
    handler: async (request, reply) => {
      await proceedingWrites.merge(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendMerged(reply, kind, await getProceeding(db, request.body.into));
    },
  });

  app.get('/:id/history', {
    schema: {
      tags,
      operationId: 'getProceedingHistory',
      summary: 'Every change of a proceeding, oldest first, with its sources',
      ...historySchema,
    },
    handler: async (request) => entryHistory(request, kind),
  });

  app.post('/:id/practitioners', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'addProceedingPractitioner',
      summary: 'Link a practitioner to a proceeding, with the source',
      params: idParams,
      querystring: noQuery,
      body: practitionerBody,
      response: { 204: z.null(), ...linkProblems },
    },
    handler: async (request, reply) => {
      await addPractitioner(writeContext(request), request.params.id, request.body);
      return sendNoContent(reply);
    },
  });

  app.delete('/:id/practitioners/:mandataire', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'removeProceedingPractitioner',
      summary: 'Unlink a practitioner from a proceeding',
      params: practitionerParams,
      querystring: noQuery,
      response: { 204: z.null(), ...linkProblems },
    },
    handler: async (request, reply) => {
      await removePractitioner(writeContext(request), request.params.id, request.params.mandataire);
      return sendNoContent(reply);
    },
  });
};
