// Entries' JSON kept in memory, keyed by PostgreSQL's MVCC snapshot, so that a detail read whose data cannot have
// changed costs one tiny prepared statement instead of the detail's query, and never serves what a read now would
// not give (strictly consistent, across processes: every writer, CLI imports included, commits through PostgreSQL).
//
// Why it is correct (PostgreSQL 15 and newer, on a primary):
// - A statement reads under one snapshot (READ COMMITTED takes one per statement; `pg_current_snapshot()` returns
//   that very snapshot, the active one), so a detail read in ONE statement that also selects `pg_current_snapshot()`
//   gives its rows and the snapshot they were read under.
// - What a snapshot sees is a function of its text `xmin:xmax:xip…` alone: a row version is seen when the
//   transaction that wrote it (or removed it) committed, is below `xmax` and not listed as running. A transaction
//   below `xmax` and not listed ended before the snapshot was taken, and what it did (committed or aborted) never
//   changes. Subtransactions are not in the text: a running one belongs to a top transaction listed as running (it
//   is seen with it), an ended one's fate is written in the commit log. Every running transaction with an xid below
//   `xmax` is listed: an xid is stored in the process array before the next one is handed out (GetNewTransactionId,
//   src/backend/access/transam/README), and `xmax` is the latest ended xid plus one.
// - Any write changes the text once it commits (or aborts): its xid was either at or above `xmax` (then `xmax`
//   moves past it) or listed as running (then it leaves the list). Starting a transaction, being given an xid or
//   writing without committing changes nothing, and nothing of it is seen either. Read-only transactions take no
//   xid. So two statements under the same text see the same rows, and a write committed before a request began
//   gives that request a text no entry was read under.
// - Snapshots are of the whole server (every database), so writes to other databases, autovacuum's analyses and the
//   indexer's own bookkeeping also move it: such reads miss, never err. A detail statement must read its rows only
//   (no function taking a snapshot of its own, no `now()`): a statement's answer is then a function of its
//   snapshot and its id.
// - On a hot standby, PostgreSQL keeps the running xids out of the list `pg_current_snapshot()` prints (they are in
//   its subtransaction array), so two different snapshots can print alike: there the snapshot reads as null and
//   nothing is kept.
import type postgres from 'postgres';
import { type EntryJson, type SnapshotRead, statementSnapshot } from './json.js';

/** The statement that reads the snapshot a request's reads would see now (one column, `snapshot`). */
const currentSnapshot = `select ${statementSnapshot} as snapshot`;

/** A kept entry: what the read gave, the snapshot it was read under, its counted size. */
interface Held {
  entry: EntryJson;
  snapshot: string;
  bytes: number;
}

/** Bytes counted per entry beyond its text: the key, the object and the map's slot (an estimate). */
const entryOverhead = 200;

/**
 * The `xmax` of a snapshot's text, for ordering: snapshots are taken in the order of their `xmax` (a full 64-bit
 * transaction id, written in decimal).
 */
function xmaxOf(snapshot: string): string {
  return snapshot.split(':', 2)[1] ?? '';
}

/** Whether snapshot `a` was taken before `b` (a smaller `xmax`); two of the same `xmax` are not ordered. */
function before(a: string, b: string): boolean {
  const x = xmaxOf(a);
  const y = xmaxOf(b);
  return x.length < y.length || (x.length === y.length && x < y);
}

/**
 * Entries' JSON, each kept with the snapshot it was read under, at most `maxBytes` of them (their text counted as
 * two bytes a character, as JavaScript may hold it, plus about 200 bytes each; least recently used dropped first;
 * 0 keeps nothing). Only entries read under the newest snapshot seen are kept: a newer one drops all others.
 */
export class SnapshotCache {
  private readonly held = new Map<string, Held>();
  /** The newest snapshot seen, which every kept entry was read under. */
  private snapshot: string | null = null;
  private bytes = 0;
  /** Reads answered from memory (`hits`) and by their statement (`misses`), since start. */
  readonly counts = { hits: 0, misses: 0 };

  /**
   * @param client the pool the snapshot is read on (the same server as the reads').
   * @param maxBytes the bound of what is kept, in bytes (see the class).
   */
  constructor(
    private readonly client: postgres.Sql,
    readonly maxBytes: number,
  ) {}

  /** Bytes counted for the entries kept now (never above `maxBytes`). */
  get size(): number {
    return this.bytes;
  }

  /** How many entries are kept now. */
  get entries(): number {
    return this.held.size;
  }

  /**
   * The entry `key` names (`sites/s-1`): the one kept, when the snapshot a read would see now (read by one prepared
   * statement) is the one it was read under; else `read`'s, kept when it gives the snapshot it was read under (one
   * statement read it all). Without a kept entry, `read` runs at once (no snapshot read first). Throws what the
   * statements throw.
   */
  async read(key: string, read: () => Promise<SnapshotRead | null>): Promise<EntryJson | null> {
    const held = this.held.get(key);
    if (held) {
      const now = await this.current();
      if (now !== null && now === held.snapshot) {
        this.counts.hits++;
        // Most recently used last.
        this.held.delete(key);
        this.held.set(key, held);
        return held.entry;
      }
      if (now !== null) this.moveTo(now);
      else this.clear();
    }
    this.counts.misses++;
    const got = await read();
    if (!got) return null;
    const { snapshot, ...entry } = got;
    if (snapshot) this.keep(key, entry, snapshot);
    return entry;
  }

  /** Drops every kept entry. */
  clear(): void {
    this.held.clear();
    this.bytes = 0;
    this.snapshot = null;
  }

  /** The snapshot a statement would read under now, or null (a standby). */
  private async current(): Promise<string | null> {
    const [row] = await this.client.unsafe<{ snapshot: string | null }[]>(currentSnapshot, [], { prepare: true });
    return row?.snapshot ?? null;
  }

  /** Makes `snapshot` the one entries are kept under when it is newer (or not older): the others are dropped. */
  private moveTo(snapshot: string): boolean {
    if (snapshot === this.snapshot) return true;
    if (this.snapshot !== null && before(snapshot, this.snapshot)) return false;
    this.clear();
    this.snapshot = snapshot;
    return true;
  }

  /** Keeps `entry`, read under `snapshot`, unless a newer snapshot was seen or it alone exceeds the bound. */
  private keep(key: string, entry: EntryJson, snapshot: string): void {
    const bytes = 2 * (entry.json.length + key.length) + entryOverhead;
    if (bytes > this.maxBytes || !this.moveTo(snapshot)) return;
    const old = this.held.get(key);
    if (old) {
      this.held.delete(key);
      this.bytes -= old.bytes;
    }
    this.held.set(key, { entry, snapshot, bytes });
    this.bytes += bytes;
    for (const [oldest, { bytes: freed }] of this.held) {
      if (this.bytes <= this.maxBytes) break;
      this.held.delete(oldest);
      this.bytes -= freed;
    }
  }
}
