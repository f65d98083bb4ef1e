// The headcount routes of a kind that has figures (sites, operators), under its /v1/<plural>/{id}:
// add a dated figure, remove one. The kind's routes.ts declares them, naming their operation ids.
import { z } from 'zod';
import { writePreconditions } from '../../http/entries.js';
import { type RoutesApp, type WrittenKind, withArticle } from '../../http/entry-routes.js';
import { headcountParams, idParams } from '../../http/schemas.js';
import { linkSchema, sendAdded, sendNoContent, writeContext } from '../../http/writes.js';
import { addHeadcount, headcountAdded, headcountBody, removeHeadcount } from './links.js';

/** Declares the headcount routes of `kind` (a site or an operator) on its routes, with these operation ids. */
export function headcountRoutes(app: RoutesApp, kind: WrittenKind, operationIds: { add: string; remove: string }) {
  const tags = [kind.plural];
  const a = withArticle(kind.name);
  const target = { ...kind.writes.spec.target, closedBy: kind.writes.spec.closedBy };
  app.post('/:id/headcounts', {
    ...linkSchema(
      { tags, operationId: operationIds.add, summary: `Add a dated headcount figure to ${a}, with its source` },
      idParams,
      headcountBody,
      { 201: headcountAdded },
    ),
    handler: async (request, reply) => {
      const { id } = request.params;
      const added = await addHeadcount(writeContext(request), target, id, request.body, writePreconditions(request));
      return sendAdded(reply, added);
    },
  });
  app.delete('/:id/headcounts/:headcountId', {
    ...linkSchema(
      { tags, operationId: operationIds.remove, summary: `Remove a headcount figure from ${a}` },
      headcountParams,
      null,
      { 204: z.null() },
    ),
    handler: async (request, reply) => {
      const { id, headcountId } = request.params;
      await removeHeadcount(writeContext(request), target, id, headcountId, writePreconditions(request));
      return sendNoContent(reply);
    },
  });
}
