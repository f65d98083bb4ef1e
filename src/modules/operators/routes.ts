// The routes of /v1/operators: the list, its export, an operator and its history, its writes and
// its headcount figures. src/app.ts registers them under /v1/operators, handing them the kind's
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
import { getOperator, listOperators, operatorsByIds } from './queries.js';
import { operatorDetail, operatorPage, operatorSummary } from './schemas.js';
import { operatorWrites } from './writes.js';

export const operatorRoutes: KindRoutes = async (app, { kind }) => {
  const tags = [kind.plural];
  const { db } = app.database;

  app.get('/', {
    schema: {
      tags,
      operationId: 'listOperators',
      summary: 'List operators',
      ...listSchema(kind, operatorPage, { searchable: true }),
    },
    handler: async (request, reply) => sendList(request, reply, kind, { list: listOperators, byIds: operatorsByIds }),
  });

  app.get('/export', {
    schema: {
      tags,
      operationId: 'exportOperators',
      summary: 'Every operator matching the filters, streamed as CSV or JSON lines',
      ...exportSchema(kind),
    },
    handler: async (request, reply) =>
      sendExport(request, reply, kind, { list: listOperators, summary: operatorSummary }),
  });

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getOperator',
      summary: 'An operator with its parent, subsidiaries, sites, headcounts, people, proceedings and citations',
      ...detailSchema(operatorDetail),
    },
    handler: async (request, reply) => sendEntry(request, reply, kind, await getOperator(db, request.params.id)),
  });

  app.post('/', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'createOperator',
      summary: 'Create an operator, with its sources',
      ...createSchema(operatorWrites.createBody, operatorDetail),
    },
    handler: async (request, reply) => {
      const { id } = await operatorWrites.create(writeContext(request), request.body);
      return sendCreated(reply, kind, await getOperator(db, id));
    },
  });

  app.patch('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'updateOperator',
      summary: 'Change an operator: the fields given, with their sources',
      ...changeSchema(operatorWrites.patchBody, operatorDetail),
    },
    handler: async (request, reply) => {
      await operatorWrites.update(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendWritten(reply, await getOperator(db, request.params.id));
    },
  });

  app.delete('/:id', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'deleteOperator',
      summary: 'Delete an operator (its history and a tombstone remain)',
      ...deleteSchema,
    },
    handler: async (request, reply) => {
      await operatorWrites.remove(writeContext(request), request.params.id, request.headers['if-match']);
      return sendNoContent(reply);
    },
  });

  app.post('/:id/merge', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'mergeOperator',
      summary: "Merge a duplicate operator into another; the duplicate's id then redirects (308) to it",
      ...changeSchema(operatorWrites.mergeBody, operatorDetail),
    },
    handler: async (request, reply) => {
      await operatorWrites.merge(writeContext(request), request.params.id, request.body, request.headers['if-match']);
      return sendMerged(reply, kind, await getOperator(db, request.body.into));
    },
  });

  app.get('/:id/history', {
    schema: {
      tags,
      operationId: 'getOperatorHistory',
      summary: 'Every change of an operator, oldest first, with its sources',
      ...historySchema,
    },
    handler: async (request) => entryHistory(request, kind),
  });

  app.post('/:id/headcounts', {
    config: { scope: 'write' },
    schema: {
      tags,
      operationId: 'addOperatorHeadcount',
      summary: 'Add a dated headcount figure to an operator, with its source',
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
      operationId: 'removeOperatorHeadcount',
      summary: 'Remove a headcount figure from an operator',
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
