// The problem responses each sort of route documents, by status: every one is
// an RFC 9457 problem body (schemas.ts `problemSchema`). A route spreads the
// map of its sort next to its success response: `{ 200: siteDetail, ...detailProblems }`.
import { problemSchema } from './schemas.js';

/** A list or an export: a bad parameter. */
export const listProblems = { 400: problemSchema };

/** One entry by id: a bad id, none, or one deleted (410; a merged one redirects with 308, no body). */
export const detailProblems = { 400: problemSchema, 404: problemSchema, 410: problemSchema };

/** An entry's history: a bad id, or none ever. */
export const historyProblems = { 400: problemSchema, 404: problemSchema };

/** A create, change, delete or merge: auth, the body, the entry's state and the If-Match precondition. */
export const writeProblems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  412: problemSchema,
  422: problemSchema,
  428: problemSchema,
};

/** Adding or removing a link (an officer, a practitioner, a headcount): as a write, with no If-Match. */
export const linkProblems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  422: problemSchema,
};
