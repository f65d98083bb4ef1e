// Which failures of the database are answered 503 (try again) rather than 500: every way a connection to
// PostgreSQL can be lost or refused, as drizzle hands them over (the driver's error in `cause`). Seen in the fault
// suite: a query written on a socket PostgreSQL had just closed failed with EPIPE, answered 500.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import type { FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../src/plugins/errors.js';

/** A failed query as drizzle throws it, its cause an error of `code` as Node, postgres.js or PostgreSQL gives it. */
function failedQuery(code: string, message: string): FastifyError {
  const cause = Object.assign(new Error(message), { code });
  return new DrizzleQueryError('select 1', [], cause) as unknown as FastifyError;
}

describe('a database that cannot be reached', () => {
  it.each([
    ['EPIPE', 'write EPIPE'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['ECONNABORTED', 'connection aborted'],
    ['ENOTCONN', 'socket is not connected'],
    ['ENETUNREACH', 'connect ENETUNREACH'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH'],
    ['ETIMEDOUT', 'connect ETIMEDOUT'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN db.example'],
    ['CONNECTION_CLOSED', 'write CONNECTION_CLOSED 127.0.0.1:5432'],
    ['CONNECTION_ENDED', 'write CONNECTION_ENDED 127.0.0.1:5432'],
    ['CONNECTION_DESTROYED', 'write CONNECTION_DESTROYED 127.0.0.1:5432'],
    ['CONNECT_TIMEOUT', 'write CONNECT_TIMEOUT 127.0.0.1:5432'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['57014', 'canceling statement due to statement timeout'],
    ['08006', 'connection failure'],
    ['08001', 'could not connect to server'],
    ['08003', 'connection does not exist'],
  ])('%s (« %s ») is a 503 with Retry-After', (code, message) => {
    const problem = toAppError(failedQuery(code, message));
    expect({ status: problem.status, code: problem.code, headers: problem.headers }).toEqual({
      status: 503,
      code: 'service_unavailable',
      headers: { 'retry-after': '5' },
    });
  });

  it('55P03 (a lock waited for past lock_timeout: an import holds the entry) is a 409 saying so', () => {
    const problem = toAppError(failedQuery('55P03', 'canceling statement due to lock timeout'));
    expect({ status: problem.status, code: problem.code, detail: problem.message }).toEqual({
      status: 409,
      code: 'conflict',
      detail:
        'The entry is held by another write that has not ended (a bulk import holds the entries it changes until it ' +
        'commits, all at once): try again once it has ended.',
    });
  });

  it.each([
    ['42P01', 'relation "sites" does not exist'],
    ['23505', 'duplicate key value violates unique constraint'],
    ['XX000', 'internal error'],
    ['08P01', 'protocol violation'],
    ['ENOENT', 'no such file or directory'],
  ])('%s (« %s ») is not: a 500, a fault to look into', (code, message) => {
    const problem = toAppError(failedQuery(code, message));
    expect({ status: problem.status, code: problem.code }).toEqual({ status: 500, code: 'internal_error' });
  });
});
