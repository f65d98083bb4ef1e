// The routes of /v1/mandataires: the list, its export, a mandataire and its history, its writes.
// src/app.ts registers them under /v1/mandataires, handing them the kind's declaration
// (./kind.ts, which imports this file).
import { detailSchema, entryHistory, historySchema, sendEntry } from '../../http/entries.js';
import { exportSchema, sendExport } from '../../http/export.js';
import { listSchema, sendList } from '../../http/lists.js';
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
import { getMandataire, listMandataires, mandatairesByIds } from './queries.js';
import { mandataireDetail, mandatairePage, mandataireSummary } from './schemas.js';
import { mandataireWrites } from './writes.js';

export const mandataireRoutes: KindRoutes = async (app, { kind }) => {
  const tags = [kind.plural];
  const { db } = app.database;

  app.get('/', {
    schema: {
      tags,
      operationId: 'listMandataires',
      summary: 'List insolvency practitioners, firms and national bodies',
      ...listSchema(kind, mandatairePage, { searchable: true }),
    },
    handler: async (request, reply) =>
      sendList(request, reply, kind, { list: listMandataires, byIds: mandatairesByIds }),
  });

  app.get('/export', {
    schema: {
      tags,
      operationId: 'exportMandataires',
      summary: 'Every mandataire matching the filters, streamed as CSV or JSON lines',
      ...exportSchema(kind),
    },
    handler: async (request, reply) =>
      sendExport(request, reply, kind, { list: listMandataires, summary: mandataireSummary }),
  });

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getMandataire',
      summary: 'A practitioner, firm or body with its members, proceedings and citations',
      ...detailSchema(mandataireDetail),
    },
    handler: async (request, reply) => sendEntry(request, reply, kind, await getMandataire(db, request.params.id)),
  });

  app.post('/', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'createMandataire',
      summary: 'Create a mandataire, with its sources',
      ...createSchema(mandataireWrites.createBody, mandataireDetail),
    },
    handler: async (request, reply) => {
      const { id } = await mandataireWrites.create(writeContext(request), request.body);
      return sendCreated(reply, kind, await getMandataire(db, id));
    },
  });

  app.patch('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'updateMandataire',
      summary: 'Change a mandataire: the fields given, with their sources',
      ...changeSchema(mandataireWrites.patchBody, mandataireDetail),
    },
    handler: async (request, reply) => {
      await mandataireWrites.update(
        writeContext(request),
        request.params.id,
        request.body,
        request.headers['if-match'],
      );
      return sendWritten(reply, await getMandataire(db, request.params.id));
    },
  });

  app.delete('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'deleteMandataire',
      summary: 'Delete a mandataire (its history and a tombstone remain)',
      ...deleteSchema,
    },
    handler: async (request, reply) => {
      await mandataireWrites.remove(writeContext(request), request.params.id, request.headers['if-match']);
      return sendNoContent(reply);
    },
  });

  app.post('/:id/merge', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'mergeMandataire',
      summary: "Merge a duplicate mandataire into another; the duplicate's id then redirects (308) to it",
      ...changeSchema(mandataireWrites.mergeBody, mandataireDetail),
    },
    handler: async (request, reply) => {
      await mandataireWrites.merge(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendMerged(reply, kind, await getMandataire(db, request.body.into));
    },
  });

  app.get('/:id/history', {
    schema: {
      tags,
      operationId: 'getMandataireHistory',
      summary: 'Every change of a mandataire, oldest first, with its sources',
      ...historySchema,
    },
    handler: async (request) => entryHistory(request, kind),
  });
};
