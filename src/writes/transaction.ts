// What every write shares before any bookkeeping: who writes, the
// transaction, optimistic concurrency (ETag / If-Match), and what changed.
import type { SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type Db, executePrepared } from '../db/client.js';
import { DomainError } from '../domain/errors.js';
import type { KnownReferences } from './spec.js';

/** Who writes: the API key's name and id, or a CLI's actor (`seed`, `import`). */
export interface Actor {
  name: string;
  keyId: string | null;
}

export interface WriteContext {
  db: Db;
  actor: Actor;
  /** References found so far by a bulk import (see KnownReferences); unset for the API's writes. */
  known?: KnownReferences | undefined;
  /**
   * Set by the imports that withhold, themselves, the entries whose SIRET or SIREN Sirene says is not to be published
   * (`npm run import:sirene`, `import:practitioners`: written, then withheld): their writes of such an identifier are
   * not refused. Every other writer's are (writes/kind-writes.ts `nonDiffusibleErrors`).
   */
  withholdsNonDiffusible?: boolean | undefined;
  /**
   * Set by the BODACC import, which writes a proceeding's opening date, its notices and its practitioners' links
   * together from the same judgments (its timeline orders them by judgment date): a proceeding's `date` is not checked
   * against the notices and links stored before, which the same import rewrites after it. Unset for every other writer.
   */
  writesNoticesAlong?: boolean | undefined;
  /**
   * A dry run's: the writes are checked and their outcomes given (`applyWrites`), but nothing is written nor locked,
   * so that no other write waits for it; the entries its creates would make count as found (`known`) for the batches
   * after. Unset (false) otherwise.
   */
  planOnly?: boolean;
}

/**
 * Runs `work` in a transaction: a new one, or the caller's when it already
 * holds one (a bulk import), without a savepoint: thousands of savepoints in
 * one transaction slow PostgreSQL down (subtransaction overflow), and the
 * caller's transaction already makes the whole all or nothing.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return work(db);
  return db.transaction((tx) => work(tx as unknown as Db));
}

/**
 * A write's conditional headers as the HTTP layer reads them (http/entries.ts `writePreconditions`): If-Match and
 * If-None-Match, each a list of tags reduced to their version (`"v3"`), or absent.
 */
export interface Preconditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/** The ETag of an entry's version: `"v3"`. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** The entity tags of an If-Match or If-None-Match list (`"v3", W/"v2"`), empty elements left out. */
function tagList(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * The preconditions of a change, a delete or a merge (RFC 9110 §13.2.2), against the entry's `version`, with tags
 * reduced to the version they carry (`"v3"`): `ifMatch` is required (428 without) and compared strongly, so that
 * only `*` or the version itself holds (412 when stale; a weak tag, `W/"v3"`, never matches); `ifNoneMatch`, when
 * given, compared weakly, must not hold `*` nor the version (412). `ifMatch` is `*` when the caller (an import)
 * does not check versions.
 */
export function checkPreconditions(ifMatch: string | undefined, ifNoneMatch: string | undefined, version: number) {
  const current = etagOf(version);
  if (!ifMatch) {
    throw new DomainError(
      'precondition_required',
      `Send If-Match with the ETag of the entry (currently ${current}), ` +
        'so that no change made meanwhile is overwritten.',
    );
  }
  const given = tagList(ifMatch);
  if (!given.includes(current) && !given.includes('*')) {
    const weak = given.includes(`W/${current}`);
    throw new DomainError(
      'precondition_failed',
      weak
        ? `If-Match is compared strongly (RFC 9110): W/${current} is a weak tag, which matches no version. Send the ` +
            'ETag as a read of the entry gives it, without W/.'
        : `The entry has changed since ${ifMatch}: it is now ${current}. Read it again, then retry.`,
    );
  }
  if (ifNoneMatch === undefined) return;
  const excluded = tagList(ifNoneMatch);
  if (excluded.includes('*')) {
    throw new DomainError('precondition_failed', 'If-None-Match: * asks that the entry not exist, and it does.');
  }
  if (excluded.some((t) => t.replace(/^W\//, '') === current)) {
    throw new DomainError(
      'precondition_failed',
      `If-None-Match names the entry's current version, ${current}: the write is made only at another one.`,
    );
  }
}

/** JSON with object keys sorted, so that equal values compare equal (jsonb does not keep key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Keys of `after` whose value differs in `before`. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => canonical(before[k] ?? null) !== canonical(after[k] ?? null));
}

/**
 * Statements sent on a transaction's connection one after the other without waiting for each to finish: PostgreSQL
 * runs them in the order they were sent (one connection), while the caller builds the next one (its rows, its JSON).
 * `execute` starts a statement at once, prepared (`executePrepared`: after its first batch, a statement is sent with
 * its parameters behind the last one, without a round trip of its own); `done` waits for all of them and throws the
 * first failure in the order of sending (those after it fail only because the transaction is aborted). Only for
 * statements whose results the caller does not need before sending the next; send nothing else on the connection
 * until `done`.
 */
export class StatementPipeline {
  private readonly sent: Promise<unknown>[] = [];

  /**
   * Sends a statement now on `db`'s connection. `onResult` (optional) reads its rows when they come, and may refuse
   * them by throwing: the refusal is thrown by `done` in its turn.
   */
  execute<T extends Record<string, unknown>>(db: Db, query: SQL, onResult?: (rows: T[]) => void): void {
    let started = executePrepared<T>(db, query).then((rows) => rows);
    if (onResult) {
      started = started.then((rows) => {
        onResult(rows);
        return rows;
      });
    }
    started.catch(() => {});
    this.sent.push(started);
  }

  /** Waits for every statement sent; throws the first failure, in the order of sending. */
  async done(): Promise<void> {
    const sent = this.sent.splice(0);
    for (const statement of sent) await statement;
  }
}
